package pay_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// yearOfWithholding runs CNCumulative month by month over a year of
// monthly figures and returns what each month withholds, as cent strings.
func yearOfWithholding(income, deductions, additional []string) []string {
	var got []string
	cumIncome, cumDed, cumAdd, withheld := decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero
	for i := range income {
		cumIncome = cumIncome.Add(d(income[i]))
		cumDed = cumDed.Add(d(deductions[i]))
		cumAdd = cumAdd.Add(d(additional[i]))
		res := pay.CNCumulative{}.Withhold(pay.TaxInput{
			Months: i + 1, MonthIncome: d(income[i]), CumIncome: cumIncome,
			CumDeductions: cumDed, CumAdditional: cumAdd, Withheld: withheld,
		})
		got = append(got, res.Withhold.StringFixed(2))
		withheld = withheld.Add(res.Withhold)
	}
	return got
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestCNCumulativeYear(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                         string
		income, deductions, addition []string
		want                         []string
	}{
		{
			// 国家税务总局公告2018年第61号 解读, first example: wage 10000 a
			// month, 三险一金 1500, child education 1000. Taxable 2500 a month,
			// 30000 for the year: always 3%, so 75 every month.
			name:   "SAT61Example10000",
			income: repeat("10000", 12), deductions: repeat("1500", 12), addition: repeat("1000", 12),
			want: repeat("75.00", 12),
		},
		{
			// 公告2018年第61号 解读, second example: wage 30000, 三险一金 4500,
			// two special additional deductions 2000. Taxable 18500 a month.
			//  m1  18500 ×3%            =   555; withhold   555 (published)
			//  m2  37000 ×10% − 2520    =  1180; withhold   625 (published)
			//  m3  55500 ×10% − 2520    =  3030; withhold  1850 (published)
			//  m4  74000 ×10% − 2520    =  4880; withhold  1850
			//  m5  92500 ×10% − 2520    =  6730; withhold  1850
			//  m6 111000 ×10% − 2520    =  8580; withhold  1850
			//  m7 129500 ×10% − 2520    = 10430; withhold  1850
			//  m8 148000 ×20% − 16920   = 12680; withhold  2250  (crosses 144000)
			//  m9 166500 ×20% − 16920   = 16380; withhold  3700
			// m10 185000 ×20% − 16920   = 20080; withhold  3700
			// m11 203500 ×20% − 16920   = 23780; withhold  3700
			// m12 222000 ×20% − 16920   = 27480; withhold  3700   (year: 27480)
			name:   "SAT61Example30000",
			income: repeat("30000", 12), deductions: repeat("4500", 12), addition: repeat("2000", 12),
			want: []string{"555.00", "625.00", "1850.00", "1850.00", "1850.00", "1850.00", "1850.00",
				"2250.00", "3700.00", "3700.00", "3700.00", "3700.00"},
		},
		{
			// A high earner through every bracket: wage 100000, no
			// deductions, taxable 95000 a month.
			//  m1   95000 ×10% − 2520    =   6980; withhold  6980
			//  m2  190000 ×20% − 16920   =  21080; withhold 14100
			//  m3  285000 ×20% − 16920   =  40080; withhold 19000
			//  m4  380000 ×25% − 31920   =  63080; withhold 23000
			//  m5  475000 ×30% − 52920   =  89580; withhold 26500
			//  m6  570000 ×30% − 52920   = 118080; withhold 28500
			//  m7  665000 ×35% − 85920   = 146830; withhold 28750
			//  m8  760000 ×35% − 85920   = 180080; withhold 33250
			//  m9  855000 ×35% − 85920   = 213330; withhold 33250
			// m10  950000 ×35% − 85920   = 246580; withhold 33250
			// m11 1045000 ×45% − 181920  = 288330; withhold 41750
			// m12 1140000 ×45% − 181920  = 331080; withhold 42750  (year: 331080)
			name:   "EveryBracket",
			income: repeat("100000", 12), deductions: repeat("0", 12), addition: repeat("0", 12),
			want: []string{"6980.00", "14100.00", "19000.00", "23000.00", "26500.00", "28500.00",
				"28750.00", "33250.00", "33250.00", "33250.00", "41750.00", "42750.00"},
		},
		{
			// Income drops: two months of the 30000 example (withheld 555 +
			// 625 = 1180), then a month with no pay and no contributions but
			// the 2000 additional deduction. m3: 60000 − 15000 − 9000 − 6000
			// = 30000 ×3% = 900 < 1180 withheld: nothing withheld, no refund.
			// m4 pays 30000 again: 90000 − 20000 − 13500 − 8000 = 48500
			// ×10% − 2520 = 2330; withhold 2330 − 1180 = 1150.
			name:       "IncomeDrops",
			income:     []string{"30000", "30000", "0", "30000"},
			deductions: []string{"4500", "4500", "0", "4500"},
			addition:   []string{"2000", "2000", "2000", "2000"},
			want:       []string{"555.00", "625.00", "0.00", "1150.00"},
		},
		{
			// Below the threshold: 5000 − 500 − 0 < 5000, nothing taxable.
			name:   "BelowBasic",
			income: repeat("5000", 3), deductions: repeat("500", 3), addition: repeat("0", 3),
			want: repeat("0.00", 3),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := yearOfWithholding(c.income, c.deductions, c.addition)
			if len(got) != len(c.want) {
				t.Fatalf("got %d months, want %d", len(got), len(c.want))
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("month %d: withhold %s, want %s", i+1, got[i], c.want[i])
				}
			}
		})
	}
}

func TestCNCumulativeBrackets(t *testing.T) {
	t.Parallel()
	// One month, income = 5000 + taxable, so CumTaxable = taxable. At each
	// bound the two brackets agree (the quick deductions make the table
	// continuous); a cent above, the higher rate applies.
	cases := []struct {
		taxable, rate, quick, cumTax string
	}{
		{"0", "0.03", "0", "0.00"},
		{"33.50", "0.03", "0", "1.01"},  // 1.005 rounds half away from zero
		{"100.50", "0.03", "0", "3.02"}, // 3.015
		{"36000", "0.03", "0", "1080.00"},
		{"36000.01", "0.1", "2520", "1080.00"}, // 1080.001
		{"144000", "0.1", "2520", "11880.00"},
		{"144000.01", "0.2", "16920", "11880.00"}, // 11880.002
		{"300000", "0.2", "16920", "43080.00"},
		{"300000.01", "0.25", "31920", "43080.00"}, // 43080.0025
		{"420000", "0.25", "31920", "73080.00"},
		{"420000.01", "0.3", "52920", "73080.00"}, // 73080.003
		{"660000", "0.3", "52920", "145080.00"},
		{"660000.01", "0.35", "85920", "145080.00"}, // 145080.0035
		{"960000", "0.35", "85920", "250080.00"},
		{"960000.01", "0.45", "181920", "250080.00"}, // 250080.0045
		{"1000000", "0.45", "181920", "268080.00"},
	}
	for _, c := range cases {
		t.Run(c.taxable, func(t *testing.T) {
			t.Parallel()
			res := pay.CNCumulative{}.Withhold(pay.TaxInput{Months: 1, CumIncome: d("5000").Add(d(c.taxable))})
			if !res.Taxable.Equal(d(c.taxable)) || res.Rate.String() != c.rate || res.QuickDeduction.String() != c.quick ||
				res.CumTax.StringFixed(2) != c.cumTax || !res.Withhold.Equal(res.CumTax) || res.Rule != "cn_cumulative" {
				t.Errorf("got taxable %s rate %s quick %s cum tax %s withhold %s rule %s, want %s %s %s %s",
					res.Taxable, res.Rate, res.QuickDeduction, res.CumTax, res.Withhold, res.Rule, c.taxable, c.rate, c.quick, c.cumTax)
			}
		})
	}
}

func TestCNCumulativeInputs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                    string
		rule                    pay.CNCumulative
		in                      pay.TaxInput
		taxable, cumTax, withhd string
	}{
		// Deductions beyond income floor the taxable at 0.
		{"FloorAtZero", pay.CNCumulative{}, pay.TaxInput{Months: 2, CumIncome: d("9000"), CumDeductions: d("1000")}, "0", "0.00", "0.00"},
		// Withheld more than due: CumTax 30, withhold 0, never negative.
		{"NoRefund", pay.CNCumulative{}, pay.TaxInput{Months: 1, CumIncome: d("6000"), Withheld: d("100")}, "1000", "30.00", "0.00"},
		// CumOther (e.g. enterprise annuity) is deducted too: 20000 − 5000 − 1000 − 2000 − 500 = 11500 → 345.
		{"Other", pay.CNCumulative{}, pay.TaxInput{Months: 1, CumIncome: d("20000"), CumDeductions: d("1000"),
			CumAdditional: d("2000"), CumOther: d("500")}, "11500", "345.00", "345.00"},
		// Months below 1 count as 1, above 12 as 12.
		{"MonthsAtLeastOne", pay.CNCumulative{}, pay.TaxInput{Months: 0, CumIncome: d("6000")}, "1000", "30.00", "30.00"},
		{"MonthsAtMostTwelve", pay.CNCumulative{}, pay.TaxInput{Months: 13, CumIncome: d("70000")}, "10000", "300.00", "300.00"},
		// Custom basic deduction and table.
		{"Custom", pay.CNCumulative{BasicPerMonth: d("3000"), Brackets: []pay.Bracket{
			{UpTo: d("1000"), Rate: d("0.1")}, {UpTo: d("2000"), Rate: d("0.2"), QuickDeduction: d("100")},
		}}, pay.TaxInput{Months: 1, CumIncome: d("8000")}, "5000", "900.00", "900.00"}, // beyond the last bound: last bracket
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			res := c.rule.Withhold(c.in)
			if res.Taxable.String() != c.taxable || res.CumTax.StringFixed(2) != c.cumTax || res.Withhold.StringFixed(2) != c.withhd {
				t.Errorf("got taxable %s cum tax %s withhold %s, want %s %s %s", res.Taxable, res.CumTax, res.Withhold, c.taxable, c.cumTax, c.withhd)
			}
			if res.Withhold.IsNegative() {
				t.Errorf("negative withhold %s", res.Withhold)
			}
		})
	}
}

func TestFlatAndNone(t *testing.T) {
	t.Parallel()
	cases := []struct {
		test                   string
		rule                   pay.TaxRule
		in                     pay.TaxInput
		withhold, cumTax, name string
	}{
		{"Flat", pay.Flat{Rate: d("0.1")}, pay.TaxInput{Months: 3, MonthIncome: d("8000.05"), CumIncome: d("24000"), Withheld: d("1600")},
			"800.01", "2400.01", "flat"}, // 800.005 → 800.01
		{"FlatNegativeIncome", pay.Flat{Rate: d("0.1")}, pay.TaxInput{MonthIncome: d("-500"), Withheld: d("100")}, "0.00", "100.00", "flat"},
		{"None", pay.NoTax{}, pay.TaxInput{Months: 1, MonthIncome: d("50000"), CumIncome: d("50000"), Withheld: d("7")}, "0.00", "7.00", "none"},
	}
	for _, c := range cases {
		t.Run(c.test, func(t *testing.T) {
			t.Parallel()
			res := c.rule.Withhold(c.in)
			if res.Withhold.StringFixed(2) != c.withhold || res.CumTax.StringFixed(2) != c.cumTax || res.Rule != c.name {
				t.Errorf("got withhold %s cum tax %s rule %s, want %s %s %s", res.Withhold, res.CumTax, res.Rule, c.withhold, c.cumTax, c.name)
			}
		})
	}
}

func TestParseTaxRule(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want pay.TaxRule // nil: EInvalid
	}{
		{"", pay.CNCumulative{}},
		{"cn_cumulative", pay.CNCumulative{}},
		{" CN_Cumulative ", pay.CNCumulative{}},
		{"none", pay.NoTax{}},
		{"flat:0.1", pay.Flat{Rate: d("0.1")}},
		{"flat:10%", pay.Flat{Rate: d("0.1")}},
		{"flat: 12.5 %", pay.Flat{Rate: d("0.125")}},
		{"flat:0", pay.Flat{Rate: d("0")}},
		{"flat:100%", pay.Flat{Rate: d("1")}},
		{"flat", nil},
		{"flat:", nil},
		{"flat:%", nil},
		{"flat:ten", nil},
		{"flat:-0.1", nil},
		{"flat:101%", nil},
		{"flat:1.5", nil},
		{"flat:0.0000001", nil},
		{"flat:1e-9999", nil},
		{"flat:0.12345678901234567", nil},
		{"progressive", nil},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			t.Parallel()
			got, err := pay.ParseTaxRule(c.in)
			if c.want == nil {
				if core.ErrorCodeOf(err) != core.EInvalid {
					t.Fatalf("got %v, %v; want EInvalid", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Name() != c.want.Name() {
				t.Fatalf("got %s, want %s", got.Name(), c.want.Name())
			}
			if f, ok := c.want.(pay.Flat); ok && !got.(pay.Flat).Rate.Equal(f.Rate) {
				t.Fatalf("rate %s, want %s", got.(pay.Flat).Rate, f.Rate)
			}
			// The name reads back as the same rule.
			again, err := pay.ParseTaxRule(got.Name())
			if err != nil || again.Name() != got.Name() {
				t.Fatalf("round trip of %q: %v, %v", got.Name(), again, err)
			}
		})
	}
}

func FuzzParseTaxRule(f *testing.F) {
	for _, s := range []string{"", "cn_cumulative", "none", "flat:0.1", "flat:10%", "flat:1e400", "flat:-0", "flat:1e-99999", "flat:12.3456%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := pay.ParseTaxRule(s)
		if err != nil {
			if core.ErrorCodeOf(err) != core.EInvalid {
				t.Fatalf("%q: %v is not EInvalid", s, err)
			}
			return
		}
		res := r.Withhold(pay.TaxInput{Months: 1, MonthIncome: d("10000"), CumIncome: d("10000")})
		if res.Withhold.IsNegative() || res.Withhold.GreaterThan(d("10000")) {
			t.Fatalf("%q withholds %s of 10000", s, res.Withhold)
		}
	})
}

func TestIITTable(t *testing.T) {
	t.Parallel()
	// The 30000 / 4500 / 2000 example of 公告2018年第61号 解读 over a year;
	// the cumulative figures are in TestCNCumulativeYear.
	rows := pay.IITTable(d("30000"), d("4500"), d("2000"), 12)
	want := []string{"555.00", "625.00", "1850.00", "1850.00", "1850.00", "1850.00", "1850.00",
		"2250.00", "3700.00", "3700.00", "3700.00", "3700.00"}
	if len(rows) != 12 {
		t.Fatalf("%d rows", len(rows))
	}
	withheld := decimal.Zero
	for i, r := range rows {
		m := int64(i + 1)
		if r.Month != i+1 || r.Withhold.StringFixed(2) != want[i] || !r.Withheld.Equal(withheld) ||
			!r.CumIncome.Equal(d("30000").Mul(decimal.NewFromInt(m))) || !r.CumBasic.Equal(d("5000").Mul(decimal.NewFromInt(m))) ||
			!r.CumDeductions.Equal(d("4500").Mul(decimal.NewFromInt(m))) || !r.CumAdditional.Equal(d("2000").Mul(decimal.NewFromInt(m))) ||
			!r.CumTaxable.Equal(d("18500").Mul(decimal.NewFromInt(m))) || !r.Income.Equal(d("30000")) {
			t.Errorf("month %d: %+v; want withhold %s", i+1, r, want[i])
		}
		withheld = withheld.Add(r.Withhold)
	}
	third := rows[2]
	if third.Rate.String() != "0.1" || third.QuickDeduction.String() != "2520" || third.CumTax.StringFixed(2) != "3030.00" ||
		third.Withheld.StringFixed(2) != "1180.00" {
		t.Errorf("month 3: %+v", third)
	}
	if rows[11].CumTax.StringFixed(2) != "27480.00" || !withheld.Equal(rows[11].CumTax) {
		t.Errorf("year: cum tax %s, withheld %s; want 27480.00", rows[11].CumTax, withheld)
	}
	for _, n := range []int{0, -1} {
		if rows := pay.IITTable(d("30000"), d("4500"), d("2000"), n); rows != nil {
			t.Errorf("IITTable(%d months) = %d rows", n, len(rows))
		}
	}
	if rows := pay.IITTable(d("30000"), d("4500"), d("2000"), 13); len(rows) != 12 {
		t.Errorf("IITTable(13 months) = %d rows, want 12", len(rows))
	}
}
