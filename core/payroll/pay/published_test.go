package pay_test

import (
	"testing"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// TestPublishedCumulativeExample reproduces, figure by figure, the second
// worked example of the tax authority's interpretation (解读) of
// 国家税务总局公告2018年第61号 (个人所得税扣缴申报管理办法（试行）): a wage of
// 30,000 every month of 2019, the basic deduction of 5,000 a month, 4,500 a
// month of social insurance and housing fund (三险一金), 2,000 a month of
// special additional deductions (children's education and elderly care);
// January withholds (30,000 − 5,000 − 4,500 − 2,000) × 3% = 555; February
// 37,000 × 10% − 2,520 − 555 = 625; March 55,500 × 10% − 2,520 − 555 − 625 =
// 1,850 — February's cumulative 37,000 having reached the 10% bracket.
//
// Source: not the announcement's page itself (the corpus here has no copy
// of chinatax.gov.cn) but a faithful reproduction of its text and formulas
// in a source comment of a public Go repository, found with find_string
// on "三险一金”等专项扣除为4500元" (two copies of the same file; the
// reproduction renames the employee). It runs through Compute month by
// month, each month's year to date carried to the next, the 4,500 being
// the contributions of a 30,000 base (8% + 2% + 0.5% + 4.5%).
func TestPublishedCumulativeExample(t *testing.T) {
	t.Parallel()
	p := pay.Profile{Kind: pay.Monthly, Salary: d("30000"), SocialBase: d("30000"), PensionRate: d("0.08"), MedicalRate: d("0.02"),
		UnemploymentRate: d("0.005"), HousingRate: d("0.045"), SpecialAdditional: d("2000")}
	want := []struct{ cumTaxable, rate, quick, cumTax, withheldBefore, withhold string }{
		{"18500.00", "0.03", "0.00", "555.00", "0.00", "555.00"},      // (30000 − 5000 − 4500 − 2000) × 3%
		{"37000.00", "0.1", "2520.00", "1180.00", "555.00", "625.00"}, // 37,000 × 10% − 2,520 − 555
		{"55500.00", "0.1", "2520.00", "3030.00", "1180.00", "1850.00"},
	}
	var ytd pay.YearToDate
	for i, w := range want {
		s, err := pay.Compute(p, pay.DefaultRules(), pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: i + 1, YTD: ytd})
		if err != nil {
			t.Fatal(err)
		}
		if s.Social.StringFixed(2) != "4500.00" {
			t.Fatalf("month %d: social %s, want 4500.00", i+1, s.Social)
		}
		tx := s.Tax
		if tx.Taxable.StringFixed(2) != w.cumTaxable || !tx.Rate.Equal(d(w.rate)) || tx.QuickDeduction.StringFixed(2) != w.quick ||
			tx.CumTax.StringFixed(2) != w.cumTax || ytd.Withheld.StringFixed(2) != w.withheldBefore || tx.Withhold.StringFixed(2) != w.withhold {
			t.Errorf("month %d: %+v (withheld before %s), want %+v", i+1, tx, ytd.Withheld, w)
		}
		ytd = s.YTD
	}
	if ytd.Months != 3 || ytd.Income.StringFixed(2) != "90000.00" || ytd.Deductions.StringFixed(2) != "13500.00" ||
		ytd.Additional.StringFixed(2) != "6000.00" || ytd.Withheld.StringFixed(2) != "3030.00" {
		t.Errorf("year to date after March %+v", ytd)
	}
}
