package pay_test

import (
	"testing"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// TestLabourWithholding checks hand-worked payments of labour remuneration
// (公告2018年第61号 art. 8, 预扣率表二).
func TestLabourWithholding(t *testing.T) {
	t.Parallel()
	cases := []struct{ income, deduction, rule, taxable, rate, quick, tax string }{
		{"3000", "800.00", "800", "2200.00", "0.2", "0.00", "440.00"},          // (3,000 − 800) × 20%
		{"30000", "6000.00", "20%", "24000.00", "0.3", "2000.00", "5200.00"},   // 30,000 × 80% × 30% − 2,000
		{"4000", "800.00", "800", "3200.00", "0.2", "0.00", "640.00"},          // 4,000 is still "800 off"
		{"5000", "1000.00", "20%", "4000.00", "0.2", "0.00", "800.00"},         // above 4,000: 20% off
		{"25000", "5000.00", "20%", "20000.00", "0.2", "0.00", "4000.00"},      // 20,000 inclusive at 20%
		{"62500", "12500.00", "20%", "50000.00", "0.3", "2000.00", "13000.00"}, // 50,000 inclusive at 30%
		{"100000", "20000.00", "20%", "80000.00", "0.4", "7000.00", "25000.00"},
		{"500", "500.00", "800", "0.00", "0.2", "0.00", "0.00"},                   // under 800: nothing
		{"10000", "2000.00", "20%", "8000.00", "0.2", "0.00", "1600.00"},          // a third-party calculator's FAQ has 1,600 too (not the authority's)
		{"4000.01", "800.00", "20%", "3200.01", "0.2", "0.00", "640.00"},          // 20% off from the first cent above 4,000
		{"62500.01", "12500.00", "20%", "50000.01", "0.4", "7000.00", "13000.00"}, // the bands are on the taxable amount, not the income
	}
	for _, c := range cases {
		g := pay.LabourWithholding(d(c.income))
		if g.Deduction.StringFixed(2) != c.deduction || g.DeductionRule != c.rule || g.Taxable.StringFixed(2) != c.taxable ||
			!g.Rate.Equal(d(c.rate)) || g.QuickDeduction.StringFixed(2) != c.quick || g.Tax.StringFixed(2) != c.tax {
			t.Errorf("%s: %+v", c.income, g)
		}
	}
}

// TestComputeLabour: a helper on an agreed fee of 3,000 with a task of
// 1,500 and 200 of expenses: 4,500 taxable at 80% × 20% = 720; no social
// insurance, the year to date untouched.
func TestComputeLabour(t *testing.T) {
	t.Parallel()
	ytd := pay.YearToDate{Months: 3, Income: d("30000"), Withheld: d("100")}
	s, err := pay.Compute(pay.Profile{Kind: pay.Labour, Salary: d("3000"), SocialBase: d("5000"), PensionRate: d("0.08")}, pay.Rules{},
		pay.Inputs{YTD: ytd, PeriodWorkdays: 21, EmployedWorkdays: 21, Adjustments: []pay.Adjustment{
			{Description: "inventory count", Amount: d("1500"), Taxable: true},
			{Description: "taxi", Amount: d("200")},
		}})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, l := range s.Lines {
		codes = append(codes, l.Code)
	}
	want := []string{pay.CodeLabourFee, pay.CodeAdjustment, pay.CodeAdjustment, pay.CodeIITLabour}
	if len(codes) != len(want) {
		t.Fatalf("lines %v, want %v", codes, want)
	}
	for i := range want {
		if codes[i] != want[i] {
			t.Fatalf("lines %v, want %v", codes, want)
		}
	}
	iit := s.Lines[3]
	if iit.Amount.StringFixed(2) != "-720.00" || iit.Params["deduction"] != "900.00" || iit.Params["deduction_rule"] != "20%" || iit.Params["taxable"] != "3600.00" {
		t.Errorf("iit line %s %v", iit.Amount, iit.Params)
	}
	if !s.Gross.Equal(d("4500")) || !s.Social.IsZero() || !s.Net.Equal(d("3980")) || s.Tax.Rule != pay.RuleCNLabour || s.YTD != ytd {
		t.Errorf("gross %s social %s net %s rule %s ytd %+v", s.Gross, s.Social, s.Net, s.Tax.Rule, s.YTD)
	}
}

// TestComputeLabourPartMonth: a helper on 3,000 a month who starts on the
// 16th, engaged on 11 of the month's 22 working days: 3,000 − 3,000 ×
// 11/22 = 1,500.00, a prorate line marked labour; 1,500 − 800 = 700 × 20%
// = 140 withheld. Engaged on none (a run drafted before the start): the
// fee comes to nothing and nothing is withheld. A per-task helper (fee 0)
// is paid the tasks only, whatever the days.
func TestComputeLabourPartMonth(t *testing.T) {
	t.Parallel()
	p := pay.Profile{Kind: pay.Labour, Salary: d("3000")}
	s, err := pay.Compute(p, pay.Rules{}, pay.Inputs{PeriodWorkdays: 22, EmployedWorkdays: 11})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Lines) != 3 || s.Lines[1].Code != pay.CodeProrate || s.Lines[1].Amount.StringFixed(2) != "-1500.00" ||
		s.Lines[1].Params["labour"] != "true" || s.Lines[1].Params["employed"] != "11" || s.Lines[1].Params["part_from"] != "" {
		t.Fatalf("lines %+v", s.Lines)
	}
	if !s.Gross.Equal(d("1500")) || !s.Tax.Withhold.Equal(d("140")) || !s.Net.Equal(d("1360")) {
		t.Errorf("gross %s tax %s net %s", s.Gross, s.Tax.Withhold, s.Net)
	}
	none, err := pay.Compute(p, pay.Rules{}, pay.Inputs{PeriodWorkdays: 22, EmployedWorkdays: 0})
	if err != nil {
		t.Fatal(err)
	}
	if !none.Net.IsZero() || !none.Tax.Withhold.IsZero() {
		t.Errorf("engaged on no day: net %s tax %s", none.Net, none.Tax.Withhold)
	}
	task, err := pay.Compute(pay.Profile{Kind: pay.Labour}, pay.Rules{}, pay.Inputs{PeriodWorkdays: 22, EmployedWorkdays: 5,
		Adjustments: []pay.Adjustment{{Description: "stocktake", Amount: d("1000"), Taxable: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if !task.Gross.Equal(d("1000")) || !task.Tax.Withhold.Equal(d("40")) {
		t.Errorf("per task: gross %s tax %s", task.Gross, task.Tax.Withhold)
	}
}
