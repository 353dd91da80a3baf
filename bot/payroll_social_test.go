package bot_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// A base held to the city's floor or ceiling says so on the payslip, in
// both languages, with the declared base, the bound and the city.
func TestPayrollSocialClampExplained(t *testing.T) {
	d := decimal.RequireFromString
	p := pay.Profile{Kind: pay.Monthly, Salary: d("8000"), SocialBase: d("3000"), HousingBase: d("50000"),
		PensionRate: d("0.08"), MedicalRate: d("0.02"), UnemploymentRate: d("0.005"), HousingRate: d("0.12")}
	cb := pay.CityBases{City: "杭州", From: "2026-01", Social: pay.Range{Floor: d("4812"), Ceiling: d("24930")},
		Housing: pay.Range{Floor: d("2490"), Ceiling: d("38390")}}
	s, err := pay.Compute(p, pay.Rules{}, pay.Inputs{Bases: &cb})
	if err != nil {
		t.Fatal(err)
	}
	cat := bot.NewCatalog()
	got := map[string][2]string{}
	for _, l := range s.Lines {
		got[l.Code] = [2]string{bot.DescribeLine(cat, core.LocaleEN, l), bot.DescribeLine(cat, core.LocaleZH, l)}
	}
	for code, want := range map[string][2]string{
		"pension": {"Pension insurance: -384.96 (4812.00 × 8%: the declared base 3000.00 is below 杭州's floor 4812.00, so the floor is used)",
			"养老保险：-384.96（4812.00 × 8%：申报基数 3000.00 低于杭州缴费基数下限 4812.00，按下限计）"},
		"housing_fund": {"the declared base 50000.00 is above 杭州's ceiling 38390.00, so the ceiling is used",
			"申报基数 50000.00 高于杭州缴费基数上限 38390.00，按上限计"},
	} {
		for i, w := range want {
			if !strings.Contains(got[code][i], w) {
				t.Errorf("%s: %q lacks %q", code, got[code][i], w)
			}
		}
	}
}

func TestPayrollSocialWarningInBothLanguages(t *testing.T) {
	cat := bot.NewCatalog()
	w := payroll.Warning{Code: payroll.WarnNoBases, Person: "liu", Name: "刘洋", Params: map[string]string{"city": "成都", "period": "2026-03"}}
	en, zh := bot.DescribeWarning(cat, core.LocaleEN, w), bot.DescribeWarning(cat, core.LocaleZH, w)
	if !strings.Contains(en, "no contribution bases of 成都 cover 2026-03") || !strings.Contains(zh, "没有成都 2026-03 的缴费基数") {
		t.Errorf("en %q / zh %q", en, zh)
	}
}
