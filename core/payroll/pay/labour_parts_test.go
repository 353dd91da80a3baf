package pay_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// lineList is a payslip's lines as "code amount part_from", for comparing.
func lineList(s pay.Payslip) []string {
	var out []string
	for _, l := range s.Lines {
		out = append(out, l.Code+" "+l.Amount.StringFixed(2)+" "+l.Params["part_from"])
	}
	return out
}

func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("lines %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %q, want %q", i, got[i], want[i])
		}
	}
}

// A labour fee that changes in the month: each fee for its working days,
// the withholding once on the month's total labour income (one payment),
// a task fee (taxable adjustment) in it and expenses not; no social
// insurance although the profile has a base, the year to date untouched.
func TestComputePartsLabour(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString
	base := pay.Profile{SocialBase: d("5000")}
	base.PensionRate, base.MedicalRate, base.UnemploymentRate, base.HousingRate = pay.DefaultRates()
	before := pay.Terms{Kind: pay.Labour, Salary: d("3000")}.Over(base)
	after := pay.Terms{Kind: pay.Labour, Salary: d("5000")}.Over(base)
	ytd := pay.YearToDate{Months: 10, Income: d("80000"), Deductions: d("18000"), Withheld: d("900")}
	in := pay.Inputs{PeriodWorkdays: 21, MonthOfYear: 11, YTD: ytd, Adjustments: []pay.Adjustment{
		{Description: "stocktake", Amount: d("1000"), Taxable: true}, {Description: "taxi", Amount: d("60")}}}
	s, err := pay.ComputeParts([]pay.Part{
		{Profile: before, From: "11-01", To: "11-15", EmployedWorkdays: 10},
		{Profile: after, From: "11-16", To: "11-30", EmployedWorkdays: 11},
	}, pay.DefaultRules(), in)
	if err != nil {
		t.Fatal(err)
	}
	// 3000 × 10/21 = 1428.57, 5000 × 11/21 = 2619.05; with the task
	// 5047.62, 20% off: 4038.10 × 20% = 807.62.
	sameLines(t, lineList(s), []string{
		"labour_fee 3000.00 11-01", "prorate -1571.43 11-01", "labour_fee 5000.00 11-16", "prorate -2380.95 11-16",
		"adjustment 1000.00 ", "adjustment 60.00 ", "iit_labour -807.62 ",
	})
	if s.Gross.StringFixed(2) != "5047.62" || !s.Social.IsZero() || s.Tax.Withhold.StringFixed(2) != "807.62" || s.Tax.Rule != pay.RuleCNLabour ||
		s.Net.StringFixed(2) != "4300.00" || s.YTD != ytd {
		t.Errorf("gross %s social %s tax %+v net %s ytd %+v", s.Gross, s.Social, s.Tax, s.Net, s.YTD)
	}
}

// Wages, then labour remuneration in the same month (an employee who
// retires and stays on as a helper): the wages under the cumulative method
// with the month's social insurance; the labour fee withheld on its own,
// not wage income, not in the year to date; the adjustments with the
// month's last part (labour here).
func TestComputePartsWagesThenLabour(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString
	wages := pay.Profile{Kind: pay.Monthly, Salary: d("8000"), SocialBase: d("8000")}
	wages.PensionRate, wages.MedicalRate, wages.UnemploymentRate, wages.HousingRate = pay.DefaultRates()
	helper := pay.Terms{Kind: pay.Labour, Salary: d("3000")}.Over(wages)
	in := pay.Inputs{PeriodWorkdays: 21, MonthOfYear: 11, YTD: pay.YearToDate{Months: 10, Income: d("80000"), Deductions: d("18000"),
		Withheld: d("600")}, Adjustments: []pay.Adjustment{{Description: "stocktake", Amount: d("500"), Taxable: true}}}
	s, err := pay.ComputeParts([]pay.Part{
		{Profile: wages, From: "11-01", To: "11-15", EmployedWorkdays: 10},
		{Profile: helper, From: "11-16", To: "11-30", EmployedWorkdays: 11},
	}, pay.DefaultRules(), in)
	if err != nil {
		t.Fatal(err)
	}
	// Wages 8000 × 10/21 = 3809.52; year to date 83809.52 − 55000 − 19800
	// = 9009.52 × 3% = 270.29 − 600 withheld: nothing. Labour 3000 × 11/21
	// = 1571.43 + 500 = 2071.43 − 800 = 1271.43 × 20% = 254.29.
	sameLines(t, lineList(s), []string{
		"base 8000.00 11-01", "prorate -4190.48 11-01", "pension -640.00 ", "medical -160.00 ", "unemployment -40.00 ",
		"housing_fund -960.00 ", "labour_fee 3000.00 11-16", "prorate -1428.57 11-16", "adjustment 500.00 ", "iit_labour -254.29 ",
	})
	l := s.Lines[len(s.Lines)-1]
	if l.Params["income"] != "2071.43" || l.Params["deduction"] != "800.00" || l.Params["taxable"] != "1271.43" {
		t.Errorf("labour tax %v", l.Params)
	}
	if s.Gross.StringFixed(2) != "3809.52" || s.Social.StringFixed(2) != "1800.00" || s.Tax.Withhold.StringFixed(2) != "254.29" ||
		s.Tax.Rule != pay.RuleCNCumulative || s.Net.StringFixed(2) != "3826.66" {
		t.Errorf("gross %s social %s tax %+v net %s", s.Gross, s.Social, s.Tax, s.Net)
	}
	want := pay.YearToDate{Months: 11, Income: d("83809.52"), Deductions: d("19800"), Withheld: d("600")}
	if s.YTD.Months != want.Months || !s.YTD.Income.Equal(want.Income) || !s.YTD.Deductions.Equal(want.Deductions) || !s.YTD.Withheld.Equal(want.Withheld) {
		t.Errorf("ytd %+v, want %+v: the wages only", s.YTD, want)
	}
	// Even with nothing to withhold, the labour part says how it was taxed.
	in.Adjustments = nil
	small := pay.Terms{Kind: pay.Labour, Salary: d("1400")}.Over(wages)
	s, err = pay.ComputeParts([]pay.Part{
		{Profile: wages, From: "11-01", To: "11-15", EmployedWorkdays: 10},
		{Profile: small, From: "11-16", To: "11-30", EmployedWorkdays: 11},
	}, pay.DefaultRules(), in)
	if err != nil {
		t.Fatal(err)
	}
	if l := s.Lines[len(s.Lines)-1]; l.Code != pay.CodeIITLabour || !l.Amount.IsZero() || l.Params["income"] != "733.33" {
		t.Errorf("last line %+v, want iit_labour 0 on 733.33", l)
	}
}
