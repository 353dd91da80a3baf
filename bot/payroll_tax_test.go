package bot_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// The lines of China's tax rules beyond the wage — a year-end bonus either
// way, by hrbot's choice or HR's, its tax, the 60,000 rule, labour
// remuneration under and above 4,000 — are explained in both languages,
// with no English word in Chinese and no placeholder left.
func TestPayrollTaxLinesInBothLanguages(t *testing.T) {
	cat := bot.NewCatalog()
	dec := decimal.RequireFromString
	monthly := pay.Profile{Kind: pay.Monthly, Salary: dec("10000")}
	ytd := pay.YearToDate{Months: 11, Income: dec("110000"), Withheld: dec("2980")}
	var slips []pay.Payslip
	for _, c := range []struct {
		p  pay.Profile
		in pay.Inputs
	}{
		{monthly, pay.Inputs{YTD: ytd, YearEndBonus: &pay.YearEndBonus{Amount: dec("37000")}}},
		{monthly, pay.Inputs{YTD: ytd, YearEndBonus: &pay.YearEndBonus{Amount: dec("36000"), Method: pay.BonusSeparate}}},
		{monthly, pay.Inputs{YTD: ytd, YearEndBonus: &pay.YearEndBonus{Amount: dec("36000"), Method: pay.BonusCombined}}},
		{pay.Profile{Kind: pay.Monthly, Salary: dec("3000")}, pay.Inputs{YTD: pay.YearToDate{Months: 11, Income: dec("33000")},
			YearEndBonus: &pay.YearEndBonus{Amount: dec("10000")}}},
		{pay.Profile{Kind: pay.Monthly, Salary: dec("20000")}, pay.Inputs{PriorYearUnder60k: true, YTD: pay.YearToDate{Months: 3, Income: dec("60000")}}},
		{pay.Profile{Kind: pay.Labour, Salary: dec("3000")}, pay.Inputs{}},
		{pay.Profile{Kind: pay.Labour, Salary: dec("30000")}, pay.Inputs{}},
	} {
		s, err := pay.Compute(c.p, pay.Rules{}, c.in)
		if err != nil {
			t.Fatal(err)
		}
		slips = append(slips, s)
	}
	english := regexp.MustCompile(`[A-Za-z]{2,}`)
	seen := map[string]bool{}
	for _, s := range slips {
		for _, l := range s.Lines {
			seen[bot.WhyKey(l)] = true
			zh, en := bot.DescribeLine(cat, core.LocaleZH, l), bot.DescribeLine(cat, core.LocaleEN, l)
			if w := english.FindString(zh); w != "" {
				t.Errorf("Chinese line %q has the English %q", zh, w)
			}
			if strings.Contains(zh, "{") || strings.Contains(en, "{") {
				t.Errorf("a placeholder left: %q / %q", zh, en)
			}
			if bot.WhyKey(l) != "" && (!strings.Contains(zh, "（") || !strings.Contains(en, " (")) {
				t.Errorf("not explained: %q / %q", zh, en)
			}
		}
	}
	for _, want := range []string{"payslip.why.year_end_bonus.separate.auto", "payslip.why.year_end_bonus.separate.hr",
		"payslip.why.year_end_bonus.combined.auto", "payslip.why.year_end_bonus.combined.hr", "payslip.why.iit_year_end_bonus",
		"payslip.why.iit.sixty", "payslip.why.labour_fee", "payslip.why.iit_labour"} {
		if !seen[want] {
			t.Errorf("no line here is explained by %s", want)
		}
		if !slices.Contains(cat.Keys(core.LocaleEN), want) || !slices.Contains(cat.Keys(core.LocaleZH), want) {
			t.Errorf("the catalogue lacks %s", want)
		}
	}
	bonus := pay.Line{Code: pay.CodeIITBonus, Amount: dec("-1080"), Params: map[string]string{"bonus": "36000.00", "monthly": "3000.00", "rate": "0.03", "quick_deduction": "0.00"}}
	if got := bot.DescribeLine(cat, core.LocaleZH, bonus); !strings.Contains(got, "36000.00 ÷ 12 = 3000.00，适用税率 3%") {
		t.Errorf("bonus tax in Chinese: %q", got)
	}
}
