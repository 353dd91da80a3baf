package pay_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

func withholdings(rows []pay.IITRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Withhold.StringFixed(2)
	}
	return out
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSixtyThousandRule works a year under the 60,000 rule
// (国家税务总局公告2020年第19号) from the rule itself — no published worked
// example of it was found (docs/payroll.md, "The tests"): a wage of 10,000
// a month and no deductions. Under the rule nothing is withheld until cumulative
// income passes 60,000 (January–June); July: (70,000 − 60,000) × 3% = 300,
// August and September 300; October: 40,000 × 10% − 2,520 = 1,480, less
// 900 = 580; November and December 1,000. 3,480 for the year: the same as
// without the rule (150 a month, then 430 and 500 once past 36,000), only
// later.
func TestSixtyThousandRule(t *testing.T) {
	t.Parallel()
	rows := pay.IITTableSixty(d("10000"), decimal.Zero, decimal.Zero, 12)
	want := append(repeat("0.00", 6), "300.00", "300.00", "300.00", "580.00", "1000.00", "1000.00")
	if got := withholdings(rows); !sameStrings(got, want) {
		t.Errorf("under the rule: %v, want %v", got, want)
	}
	for _, r := range rows {
		if !r.CumBasic.Equal(d("60000")) {
			t.Errorf("month %d basic %s", r.Month, r.CumBasic)
		}
	}
	if got := withholdings(pay.IITTable(d("10000"), decimal.Zero, decimal.Zero, 12)); !sameStrings(got, append(repeat("150.00", 7), "430.00", "500.00", "500.00", "500.00", "500.00")) {
		t.Errorf("without the rule: %v", got)
	}
	// A wage of 8,000 with 1,000 of social insurance: nothing through
	// August (64,000 − 60,000 − 8,000 < 0); September: 72,000 − 60,000 −
	// 9,000 = 3,000 × 3% = 90; then 7,000 more taxable × 3% = 210 a month.
	got := withholdings(pay.IITTableSixty(d("8000"), d("1000"), decimal.Zero, 12))
	want = append(repeat("0.00", 8), "90.00", "210.00", "210.00", "210.00")
	if !sameStrings(got, want) {
		t.Errorf("8000/1000: %v, want %v", got, want)
	}
}

// TestQualifiesForSixty: twelve months and at most 60,000, a bonus taxed
// on its own counted.
func TestQualifiesForSixty(t *testing.T) {
	t.Parallel()
	cases := []struct {
		ytd  pay.YearToDate
		want bool
	}{
		{pay.YearToDate{Months: 12, Income: d("60000")}, true},
		{pay.YearToDate{Months: 12, Income: d("60000.01")}, false},
		{pay.YearToDate{Months: 11, Income: d("30000")}, false}, // joined in February
		{pay.YearToDate{Months: 12, Income: d("54000"), SeparateBonus: d("6000")}, true},
		{pay.YearToDate{Months: 12, Income: d("54000"), SeparateBonus: d("6001")}, false},
	}
	for i, c := range cases {
		if got := pay.QualifiesForSixty(c.ytd); got != c.want {
			t.Errorf("case %d: %v", i, got)
		}
	}
}

// TestComputeSixty: the rule reaches Compute through Inputs, and the tax
// line says so.
func TestComputeSixty(t *testing.T) {
	t.Parallel()
	p := pay.Profile{Kind: pay.Monthly, Salary: d("10000")}
	s, err := pay.Compute(p, pay.Rules{}, pay.Inputs{PriorYearUnder60k: true, MonthOfYear: 7,
		YTD: pay.YearToDate{Months: 6, Income: d("60000")}})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Tax.Withhold.Equal(d("300")) || s.Lines[len(s.Lines)-1].Params["sixty"] != "true" {
		t.Errorf("july: %s %v", s.Tax.Withhold, s.Lines)
	}
}

// TestMidYearJoinerIsCumulativeFromHire: someone hired in July has no
// months before it with this employer; a month they were employed on none
// of its workdays (drafted before their start) does not count either.
func TestMidYearJoinerIsCumulativeFromHire(t *testing.T) {
	t.Parallel()
	p := pay.Profile{Kind: pay.Monthly, Salary: d("20000")}
	// June, hired on 1 July: on the run, employed on no workday.
	june, err := pay.Compute(p, pay.Rules{}, pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 0, MonthOfYear: 6})
	if err != nil {
		t.Fatal(err)
	}
	if june.YTD.Months != 0 || !june.Gross.IsZero() {
		t.Fatalf("june: months %d gross %s", june.YTD.Months, june.Gross)
	}
	// July, the first month: taxable 20,000 − 5,000 = 15,000 × 3% = 450,
	// not 20,000 − 7 × 5,000 (which would be nothing).
	july, err := pay.Compute(p, pay.Rules{}, pay.Inputs{PeriodWorkdays: 23, EmployedWorkdays: 23, MonthOfYear: 7, YTD: june.YTD})
	if err != nil {
		t.Fatal(err)
	}
	if july.YTD.Months != 1 || !july.Tax.Withhold.Equal(d("450")) {
		t.Errorf("july: months %d withhold %s", july.YTD.Months, july.Tax.Withhold)
	}
	// August: 40,000 − 10,000 = 30,000 × 3% = 900, less 450.
	aug, err := pay.Compute(p, pay.Rules{}, pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: 8, YTD: july.YTD})
	if err != nil {
		t.Fatal(err)
	}
	if aug.YTD.Months != 2 || !aug.Tax.Withhold.Equal(d("450")) {
		t.Errorf("august: months %d withhold %s", aug.YTD.Months, aug.Tax.Withhold)
	}
}
