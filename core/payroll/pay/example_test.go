package pay_test

import (
	"fmt"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// The second worked example of the interpretation of 国家税务总局公告2018年
// 第61号: 30000 a month, 4500 of social insurance and housing fund, 2000 of
// special additional deductions.
func ExampleIITTable() {
	for _, r := range pay.IITTable(d("30000"), d("4500"), d("2000"), 3) {
		fmt.Printf("month %d: taxable %s × %s − %s = %s, withheld before %s, withhold %s\n",
			r.Month, r.CumTaxable, r.Rate, r.QuickDeduction, r.CumTax.StringFixed(2), r.Withheld.StringFixed(2), r.Withhold.StringFixed(2))
	}
	// Output:
	// month 1: taxable 18500 × 0.03 − 0 = 555.00, withheld before 0.00, withhold 555.00
	// month 2: taxable 37000 × 0.1 − 2520 = 1180.00, withheld before 555.00, withhold 625.00
	// month 3: taxable 55500 × 0.1 − 2520 = 3030.00, withheld before 1180.00, withhold 1850.00
}

func ExampleCompute() {
	pension, medical, unemployment, housing := pay.DefaultRates()
	p := pay.Profile{Kind: pay.Monthly, Salary: d("10000"), SocialBase: d("10000"),
		PensionRate: pension, MedicalRate: medical, UnemploymentRate: unemployment, HousingRate: housing}
	in := pay.Inputs{PeriodWorkdays: 21, EmployedWorkdays: 21, MonthOfYear: 11,
		AbsentDays: d("1"), AbsentDates: []string{"11-04"}}
	in.OvertimeMinutes.Holiday = 480
	s, err := pay.Compute(p, pay.DefaultRules(), in)
	if err != nil {
		panic(err)
	}
	for _, l := range s.Lines {
		fmt.Printf("%-17s %9s\n", l.Code, l.Amount.StringFixed(2))
	}
	fmt.Printf("gross %s, net %s\n", s.Gross.StringFixed(2), s.Net.StringFixed(2))
	// Output:
	// base               10000.00
	// overtime_holiday    1379.31
	// absence             -459.77
	// pension             -800.00
	// medical             -200.00
	// unemployment         -50.00
	// housing_fund       -1200.00
	// iit                 -110.09
	// gross 10919.54, net 8559.45
}
