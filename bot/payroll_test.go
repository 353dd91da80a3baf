package bot_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// payslipsOfEveryKind computes payslips that, together, have every kind of
// line and every variant of its explanation: hourly and monthly base,
// part of a month, a pro-rated allowance, the three overtimes and rest-day
// overtime taken as leave, cover, performance bonuses (fixed, a percent
// of salary, and that percent for an hourly wage), taxable and untaxed adjustments, each
// deduction in full and capped, the contributions, and both taxes.
func payslipsOfEveryKind(t *testing.T) []pay.Payslip {
	t.Helper()
	d := decimal.RequireFromString
	monthly := pay.Profile{Kind: pay.Monthly, Salary: d("8700"), SocialBase: d("8700"), CoverRate: d("25"),
		Allowances: []pay.Allowance{{Name: "meal", Amount: d("300")}, {Name: "交通", Amount: d("200")}}}
	monthly.PensionRate, monthly.MedicalRate, monthly.UnemploymentRate, monthly.HousingRate = pay.DefaultRates()
	hourly := monthly
	hourly.Kind, hourly.Salary, hourly.HourlyRate = pay.Hourly, decimal.Zero, d("30")
	late := pay.DefaultRules()
	late.LatePenalty = d("50")
	asLeave := pay.DefaultRules()
	asLeave.RestDayAsLeave = true
	flat := pay.DefaultRules()
	flat.Tax = pay.Flat{Rate: d("0.1")}

	full := pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: 11, CoverMinutes: 240,
		AbsentDays: d("1"), AbsentDates: []string{"11-05"}, UnpaidLeaveHours: d("4"), UnpaidLeaveDates: []string{"11-08"}, LateCount: 1,
		Adjustments: []pay.Adjustment{{Description: "十月加班补发", Amount: d("150"), Taxable: true}, {Description: "差旅报销", Amount: d("80")}}}
	full.OvertimeMinutes.Workday, full.OvertimeMinutes.RestDay, full.OvertimeMinutes.Holiday = 90, 120, 240
	joined := pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 11, MonthOfYear: 11}
	absentAll := pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: 11, AbsentDays: d("30"), AbsentDates: []string{"11-02"}}
	leaveAll := pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: 11, UnpaidLeaveHours: d("400"), UnpaidLeaveDates: []string{"11-02"}}
	lateAll := pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: 11, LateCount: 400}
	hours := pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: 11, WorkedHours: d("160")}
	full.PerfBonuses = []pay.PerfBonus{{Cycle: "十月绩效", Band: "A", Coefficient: d("1.2"), Base: d("1000")},
		{Cycle: "三季度", Band: "B", Coefficient: d("1"), Percent: d("10")}}
	hours.PerfBonuses = []pay.PerfBonus{{Cycle: "十月绩效", Band: "C", Coefficient: d("0.8"), Percent: d("10")}}

	var out []pay.Payslip
	for _, c := range []struct {
		p  pay.Profile
		r  pay.Rules
		in pay.Inputs
	}{
		{monthly, late, full}, {monthly, asLeave, full}, {monthly, flat, joined}, {monthly, late, absentAll},
		{monthly, late, leaveAll}, {monthly, late, lateAll}, {hourly, pay.DefaultRules(), hours},
	} {
		s, err := pay.Compute(c.p, c.r, c.in)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// Every payslip line is explained in both languages from keys the
// catalogue has — the capped absence of the trial had none — and a
// Chinese payslip has no English word in it.
func TestPayslipLinesInBothLanguages(t *testing.T) {
	cat := bot.NewCatalog()
	en, zh := cat.Keys(core.LocaleEN), cat.Keys(core.LocaleZH)
	english := regexp.MustCompile(`[A-Za-z]{2,}`)
	seen := map[string]bool{}
	for _, s := range payslipsOfEveryKind(t) {
		for _, l := range s.Lines {
			keys := []string{"payslip.line." + l.Code}
			if why := bot.WhyKey(l); why != "" {
				keys = append(keys, why)
				seen[why] = true
			}
			for _, k := range keys {
				if !slices.Contains(en, k) || !slices.Contains(zh, k) {
					t.Errorf("line %s %v: the catalogue lacks %q", l.Code, l.Params, k)
				}
			}
			text := bot.DescribeLine(cat, core.LocaleZH, l)
			if w := english.FindString(text); w != "" {
				t.Errorf("Chinese payslip line %q has the English %q", text, w)
			}
			if bot.WhyKey(l) != "" && !strings.Contains(text, "（") {
				t.Errorf("Chinese payslip line %q is not explained", text)
			}
			if en := bot.DescribeLine(cat, core.LocaleEN, l); bot.WhyKey(l) != "" && !strings.Contains(en, " (") {
				t.Errorf("English payslip line %q is not explained", en)
			}
		}
	}
	for _, want := range []string{"payslip.why.absence.capped", "payslip.why.unpaid_leave.capped", "payslip.why.late.capped",
		"payslip.why.allowance.prorated", "payslip.why.overtime_rest_day.as_leave", "payslip.why.base.hourly", "payslip.why.iit.flat",
		"payslip.why.adjustment.not_taxable", "payslip.why.prorate", "payslip.why.cover",
		"payslip.why.perf_bonus", "payslip.why.perf_bonus.percent", "payslip.why.perf_bonus.hourly"} {
		if !seen[want] {
			t.Errorf("no payslip here is explained by %s: the test misses a case", want)
		}
	}
}

func TestCappedAbsenceIsExplained(t *testing.T) {
	cat := bot.NewCatalog()
	l := pay.Line{Code: pay.CodeAbsence, Amount: decimal.RequireFromString("-7000"),
		Params: map[string]string{"days": "20", "dates": "11-02, 11-03", "daily": "321.84", "capped": "true", "full": "6436.78"}}
	if got := bot.DescribeLine(cat, core.LocaleEN, l); !strings.Contains(got, "Absence: -7,000.00 (20 day(s) 11-02, 11-03 × daily rate 321.84 = 6436.78, limited to") {
		t.Errorf("en: %q", got)
	}
	if got := bot.DescribeLine(cat, core.LocaleZH, l); !strings.Contains(got, "缺勤扣款：-7,000.00（20 天") {
		t.Errorf("zh: %q", got)
	}
}

// A draft's warnings read in both languages, with every placeholder filled.
func TestWarningsInBothLanguages(t *testing.T) {
	cat := bot.NewCatalog()
	params := map[string]map[string]string{
		payroll.WarnUnfinished:   {"period": "2026-12", "drafted": "2026-12-02", "end": "2026-12-31"},
		payroll.WarnBeforeGoLive: {"go_live": "2026-12-02", "days": "1"},
		payroll.WarnNoRecords:    {"days": "1"},
		payroll.WarnNegativeNet:  {"net": "-1,462.50"},
		payroll.WarnBelowMinimum: {"net": "2,015.00", "minimum": "2,490.00"},
	}
	for code, p := range params {
		w := payroll.Warning{Code: code, Person: "liu", Name: "刘洋 Liu Yang", Params: p}
		for _, loc := range []core.Locale{core.LocaleEN, core.LocaleZH} {
			got := bot.DescribeWarning(cat, loc, w)
			if strings.Contains(got, "{") || strings.Contains(got, "payroll.warn") {
				t.Errorf("%s %s: %q", code, loc, got)
			}
		}
	}
}
