package pay_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// iitLine returns the payslip's iit line, failing when there is none.
func iitLine(t *testing.T, s pay.Payslip) pay.Line {
	t.Helper()
	for _, l := range s.Lines {
		if l.Code == pay.CodeIIT {
			return l
		}
	}
	t.Fatalf("no iit line in %+v", s.Lines)
	return pay.Line{}
}

// TestComputeFirstWages works the first-wages rule (国家税务总局公告2020年
// 第13号) by hand — no published worked example was looked for beyond
// the rule's text (docs/payroll.md): a graduate on 8,000 a month from 1
// July, 800 of pension and 200 of medical insurance (1,000 a month).
//
// With the mark, July: 8,000 − 5,000 × 7 − 1,000 < 0 → no tax, and the
// iit line is there at 0.00 to say why; August: 16,000 − 40,000 − 2,000 <
// 0 → none. Without it, July: 8,000 − 5,000 − 1,000 = 2,000 × 3% = 60;
// August: 16,000 − 10,000 − 2,000 = 4,000 × 3% = 120, less 60 = 60.
func TestComputeFirstWages(t *testing.T) {
	t.Parallel()
	p := pay.Profile{Kind: pay.Monthly, Salary: d("8000"), SocialBase: d("10000"), PensionRate: d("0.08"), MedicalRate: d("0.02")}
	month := func(mark bool, m int, ytd pay.YearToDate) pay.Payslip {
		t.Helper()
		s, err := pay.Compute(p, pay.Rules{}, pay.Inputs{PeriodWorkdays: 22, EmployedWorkdays: 22, MonthOfYear: m, YTD: ytd, FirstWagesOfYear: mark})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	july := month(true, 7, pay.YearToDate{})
	l := iitLine(t, july)
	if !l.Amount.IsZero() || l.Params["first_wages"] != "true" || l.Params["basic"] != "35000.00" || l.Params["month"] != "7" || l.Params["taxable"] != "0.00" {
		t.Errorf("july with the mark: %s %v", l.Amount, l.Params)
	}
	if !july.Net.Equal(d("7000")) || july.YTD.Months != 1 {
		t.Errorf("july net %s months %d", july.Net, july.YTD.Months)
	}
	aug := month(true, 8, july.YTD)
	if l := iitLine(t, aug); !l.Amount.IsZero() || l.Params["basic"] != "40000.00" {
		t.Errorf("august with the mark: %s %v", l.Amount, l.Params)
	}
	plain := month(false, 7, pay.YearToDate{})
	if l := iitLine(t, plain); !l.Amount.Equal(d("-60")) || l.Params["first_wages"] != "" || l.Params["taxable"] != "2000.00" {
		t.Errorf("july without the mark: %s %v", l.Amount, l.Params)
	}
	if l := iitLine(t, month(false, 8, plain.YTD)); !l.Amount.Equal(d("-60")) {
		t.Errorf("august without the mark: %s", l.Amount)
	}
	// Under the 60,000 rule too, that rule wins: its 60,000, no
	// first-wages params.
	s, err := pay.Compute(pay.Profile{Kind: pay.Monthly, Salary: d("70000")}, pay.Rules{},
		pay.Inputs{MonthOfYear: 7, FirstWagesOfYear: true, PriorYearUnder60k: true})
	if err != nil {
		t.Fatal(err)
	}
	if l := iitLine(t, s); l.Params["sixty"] != "true" || l.Params["first_wages"] != "" || l.Params["taxable"] != "10000.00" {
		t.Errorf("both rules: %v", l.Params)
	}
	// The mark without the month of the year is refused.
	if _, err := pay.Compute(p, pay.Rules{}, pay.Inputs{FirstWagesOfYear: true}); err == nil {
		t.Error("the mark without a month was accepted")
	}
}

// TestIITTableFirstWages: 20,000 a month from July with the mark: July
// 20,000 − 35,000 < 0 → 0; August 40,000 − 40,000 = 0 → 0; September
// 60,000 − 45,000 = 15,000 × 3% = 450; October 80,000 − 50,000 = 30,000 ×
// 3% = 900, less 450; November 100,000 − 55,000 = 45,000 × 10% − 2,520 =
// 1,980, less 900 = 1,080; December 120,000 − 60,000 = 60,000 × 10% −
// 2,520 = 3,480, less 1,980 = 1,500. Without the mark July alone is
// 15,000 × 3% = 450.
func TestIITTableFirstWages(t *testing.T) {
	t.Parallel()
	rows := pay.IITTableFirstWages(d("20000"), decimal.Zero, decimal.Zero, 7, 12)
	want := []string{"0.00", "0.00", "450.00", "450.00", "1080.00", "1500.00"}
	if got := withholdings(rows); !sameStrings(got, want) {
		t.Fatalf("withholdings %v, want %v", got, want)
	}
	if rows[0].Month != 7 || !rows[0].CumBasic.Equal(d("35000")) || rows[5].Month != 12 || !rows[5].CumBasic.Equal(d("60000")) {
		t.Errorf("first %+v last %+v", rows[0], rows[5])
	}
	if got := withholdings(pay.IITTable(d("20000"), decimal.Zero, decimal.Zero, 1)); got[0] != "450.00" {
		t.Errorf("without the mark: %v", got)
	}
	if pay.IITTableFirstWages(d("1"), decimal.Zero, decimal.Zero, 13, 1) != nil {
		t.Error("month 13 gave rows")
	}
}
