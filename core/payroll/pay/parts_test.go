package pay_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// A month in one part pays as Compute does; split by a transfer, each
// part's salary pro rata, its absences at its own daily rate, social
// insurance once on the last profile.
func TestComputeParts(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString
	old := pay.Profile{Kind: pay.Monthly, Salary: d("8700"), SocialBase: d("5000"), CoverRate: d("20"),
		Allowances: []pay.Allowance{{Name: "meal", Amount: d("210")}}}
	old.PensionRate, old.MedicalRate, old.UnemploymentRate, old.HousingRate = pay.DefaultRates()
	in := pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: 11, AbsentDays: d("1"), AbsentDates: []string{"11-05"}}
	whole, err := pay.Compute(old, pay.DefaultRules(), in)
	if err != nil {
		t.Fatal(err)
	}
	one, err := pay.ComputeParts([]pay.Part{{Profile: old, From: "11-01", To: "11-30", EmployedWorkdays: 21,
		AbsentDays: d("1"), AbsentDates: []string{"11-05"}}}, pay.DefaultRules(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !one.Net.Equal(whole.Net) || !one.Gross.Equal(whole.Gross) {
		t.Errorf("one part: gross %s net %s, Compute: %s %s", one.Gross, one.Net, whole.Gross, whole.Net)
	}

	raised := pay.Terms{Kind: pay.Monthly, Salary: d("10875"), KeepAllowances: true}.Over(old)
	split, err := pay.ComputeParts([]pay.Part{
		{Profile: old, From: "11-01", To: "11-15", EmployedWorkdays: 10, AbsentDays: d("1"), AbsentDates: []string{"11-05"}},
		{Profile: raised, From: "11-16", To: "11-30", EmployedWorkdays: 11, AbsentDays: d("1"), AbsentDates: []string{"11-20"}},
	}, pay.DefaultRules(), in)
	if err != nil {
		t.Fatal(err)
	}
	// 8700 × 10/21 + 10875 × 11/21 = 4142.86 + 5696.43; meal 210 × 10/21 + 210 × 11/21 = 100 + 110;
	// absences 8700/21.75 + 10875/21.75 = 400 + 500.
	want := d("4142.86").Add(d("5696.43")).Add(d("100")).Add(d("110")).Sub(d("400")).Sub(d("500"))
	if !split.Gross.Equal(want) {
		t.Errorf("split gross %s, want %s: %+v", split.Gross, want, split.Lines)
	}
	if !split.Social.Equal(whole.Social) {
		t.Errorf("social %s, want one month's %s", split.Social, whole.Social)
	}
	for _, l := range split.Lines {
		if (l.Code == pay.CodeBase || l.Code == pay.CodeAbsence) && l.Params["part_from"] == "" {
			t.Errorf("line %s without its part", l.Code)
		}
	}
}
