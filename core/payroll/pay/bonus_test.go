package pay_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// TestSeparateBonusTax checks the separate taxation of a year-end bonus
// (财税〔2018〕164号 art. 1(1), extended by 财政部 税务总局公告2023年第30号):
// bonus ÷ 12 picks the monthly table's rate, one quick deduction.
func TestSeparateBonusTax(t *testing.T) {
	t.Parallel()
	cases := []struct{ bonus, monthly, rate, quick, tax string }{
		// The tax authority's usual illustration: 36,000 ÷ 12 = 3,000,
		// exactly the first bracket's bound (inclusive): 3%, 1,080.
		{"36000", "3000.00", "0.03", "0.00", "1080.00"},
		// One yuan more falls into 10% − 210: 3,390.10, 2,310.10 more tax.
		{"36001", "3000.08", "0.1", "210.00", "3390.10"},
		// 60,000 ÷ 12 = 5,000 → 10% − 210 = 5,790.
		{"60000", "5000.00", "0.1", "210.00", "5790.00"},
		{"144000", "12000.00", "0.1", "210.00", "14190.00"},
		{"144001", "12000.08", "0.2", "1410.00", "27390.20"},
		{"300000", "25000.00", "0.2", "1410.00", "58590.00"},
		{"420000", "35000.00", "0.25", "2660.00", "102340.00"},
		{"660000", "55000.00", "0.3", "4410.00", "193590.00"},
		{"960000", "80000.00", "0.35", "7160.00", "328840.00"},
		{"1200000", "100000.00", "0.45", "15160.00", "524840.00"},
		{"0", "0.00", "0.03", "0.00", "0.00"},
	}
	for _, c := range cases {
		got := pay.SeparateBonusTax(d(c.bonus))
		if got.Monthly.StringFixed(2) != c.monthly || !got.Rate.Equal(d(c.rate)) || got.QuickDeduction.StringFixed(2) != c.quick || got.Tax.StringFixed(2) != c.tax {
			t.Errorf("bonus %s: monthly %s rate %s quick %s tax %s; want %s %s %s %s", c.bonus, got.Monthly.StringFixed(2), got.Rate,
				got.QuickDeduction.StringFixed(2), got.Tax.StringFixed(2), c.monthly, c.rate, c.quick, c.tax)
		}
	}
}

// TestBonusDeadZones checks every dead zone: above its threshold, a bonus
// up to To leaves no more after tax than the threshold; one cent above To
// leaves more.
func TestBonusDeadZones(t *testing.T) {
	t.Parallel()
	want := []struct{ threshold, to, jump string }{
		{"36000", "38566.67", "2310.10"},
		{"144000", "160500.00", "13200.20"},
		{"300000", "318333.34", "13750.25"},
		{"420000", "447500.00", "19250.30"},
		{"660000", "706538.46", "30250.35"},
		{"960000", "1120000.00", "88000.45"},
	}
	zones := pay.BonusDeadZones()
	if len(zones) != len(want) {
		t.Fatalf("%d zones, want %d", len(zones), len(want))
	}
	net := func(b decimal.Decimal) decimal.Decimal { return b.Sub(pay.SeparateBonusTax(b).Tax) }
	cent := d("0.01")
	for i, z := range zones {
		w := want[i]
		if z.Threshold.StringFixed(0) != w.threshold || z.To.StringFixed(2) != w.to || z.Jump.StringFixed(2) != w.jump {
			t.Errorf("zone %d: %s–%s jump %s; want %s–%s jump %s", i, z.Threshold, z.To.StringFixed(2), z.Jump.StringFixed(2), w.threshold, w.to, w.jump)
		}
		if net(z.To).GreaterThan(net(z.Threshold)) || !net(z.To.Add(cent)).GreaterThan(net(z.Threshold)) {
			t.Errorf("zone %d: net at To %s, above %s, at threshold %s", i, net(z.To), net(z.To.Add(cent)), net(z.Threshold))
		}
		if _, in := pay.BonusDeadZone(z.Threshold.Add(cent)); !in {
			t.Errorf("zone %d: a cent above the threshold is not in it", i)
		}
		if _, in := pay.BonusDeadZone(z.Threshold); in {
			t.Errorf("zone %d: the threshold itself is in it", i)
		}
	}
}

func bonusLine(t *testing.T, s pay.Payslip) pay.Line {
	t.Helper()
	for _, l := range s.Lines {
		if l.Code == pay.CodeYearEndBonus {
			return l
		}
	}
	t.Fatalf("no year_end_bonus line in %+v", s.Lines)
	return pay.Line{}
}

// TestComputeYearEndBonus pays a December with a bonus both ways: the
// run picks the lower tax unless HR chose, and the line says both.
func TestComputeYearEndBonus(t *testing.T) {
	t.Parallel()
	p := pay.Profile{Kind: pay.Monthly, Salary: d("10000")}
	// Eleven months of 10,000 with no deductions: 110,000 − 55,000 =
	// 55,000 taxable → 5,500 − 2,520 = 2,980 withheld so far.
	ytd := pay.YearToDate{Months: 11, Income: d("110000"), Withheld: d("2980")}
	cases := []struct {
		name, bonus, method                   string
		wantMethod, wantChosen, withhold, net string
		sep, comb                             string
	}{
		// Wages: 120,000 − 60,000 = 60,000 → 6,000 − 2,520 = 3,480, less
		// 2,980 = 500 in December. Bonus 36,000 on its own: 1,080, total
		// 1,580. Combined: 156,000 − 60,000 = 96,000 → 9,600 − 2,520 =
		// 7,080, less 2,980 = 4,100. Separate is lower.
		{"auto", "36000", "", "separate", "auto", "1580.00", "44420.00", "1580.00", "4100.00"},
		// HR chose combined: 4,100, net 10,000 + 36,000 − 4,100.
		{"hr", "36000", pay.BonusCombined, "combined", "hr", "4100.00", "41900.00", "1580.00", "4100.00"},
		// A bonus of 2,000: on its own 60 + 500 = 560; combined 62,000 ×
		// 10% − 2,520 = 3,680 − 2,980 = 700. Separate again.
		{"small", "2000", "", "separate", "auto", "560.00", "11440.00", "560.00", "700.00"},
	}
	for _, c := range cases {
		s, err := pay.Compute(p, pay.Rules{}, pay.Inputs{YTD: ytd, MonthOfYear: 12,
			YearEndBonus: &pay.YearEndBonus{Amount: d(c.bonus), Method: c.method}})
		if err != nil {
			t.Fatal(err)
		}
		l := bonusLine(t, s)
		if l.Params["method"] != c.wantMethod || l.Params["chosen"] != c.wantChosen || l.Params["separate_tax"] != c.sep || l.Params["combined_tax"] != c.comb {
			t.Errorf("%s: line %v", c.name, l.Params)
		}
		if s.Tax.Withhold.StringFixed(2) != c.withhold || s.Net.StringFixed(2) != c.net {
			t.Errorf("%s: withhold %s net %s; want %s %s", c.name, s.Tax.Withhold.StringFixed(2), s.Net.StringFixed(2), c.withhold, c.net)
		}
		sum := decimal.Zero
		for _, l := range s.Lines {
			sum = sum.Add(l.Amount)
		}
		if !sum.Equal(s.Net) {
			t.Errorf("%s: lines sum to %s, net %s", c.name, sum, s.Net)
		}
		// The year to date carries wage tax only; a separate bonus is
		// counted apart.
		if c.wantMethod == "separate" && (!s.YTD.Income.Equal(d("120000")) || !s.YTD.SeparateBonus.Equal(d(c.bonus)) || !s.YTD.Withheld.Equal(d("3480"))) {
			t.Errorf("%s: ytd %+v", c.name, s.YTD)
		}
	}
	// A bonus in a dead zone is flagged on its line.
	s, err := pay.Compute(p, pay.Rules{}, pay.Inputs{YTD: ytd, YearEndBonus: &pay.YearEndBonus{Amount: d("37000"), Method: pay.BonusSeparate}})
	if err != nil {
		t.Fatal(err)
	}
	if l := bonusLine(t, s); l.Params["dead_to"] != "38566.67" || l.Params["threshold"] != "36000.00" {
		t.Errorf("dead zone params %v", l.Params)
	}
}

// TestComputeYearEndBonusCombinedLower: a low earner whose year stays under
// the basic deduction pays nothing with the bonus combined, 300 on its own
// (10,000 ÷ 12 = 833.33 → 3%): auto picks combined.
func TestComputeYearEndBonusCombinedLower(t *testing.T) {
	t.Parallel()
	s, err := pay.Compute(pay.Profile{Kind: pay.Monthly, Salary: d("3000")}, pay.Rules{}, pay.Inputs{
		YTD: pay.YearToDate{Months: 11, Income: d("33000")}, MonthOfYear: 12,
		YearEndBonus: &pay.YearEndBonus{Amount: d("10000")}})
	if err != nil {
		t.Fatal(err)
	}
	l := bonusLine(t, s)
	if l.Params["method"] != pay.BonusCombined || l.Params["separate_tax"] != "300.00" || l.Params["combined_tax"] != "0.00" {
		t.Errorf("line %v", l.Params)
	}
	if !s.Gross.Equal(d("13000")) || !s.Tax.Withhold.IsZero() || !s.Net.Equal(d("13000")) || !s.YTD.Income.Equal(d("46000")) {
		t.Errorf("gross %s tax %s net %s ytd %+v", s.Gross, s.Tax.Withhold, s.Net, s.YTD)
	}
}

// TestBonusAutoIsNeverWorse sweeps bonuses and wages: auto withholds the
// lower of the two methods' taxes, its Net is the sum of its lines, and a
// separate bonus leaves the cumulative figures as the wages alone do.
func TestBonusAutoIsNeverWorse(t *testing.T) {
	t.Parallel()
	for _, wage := range []int64{3000, 8000, 20000, 60000} {
		p := pay.Profile{Kind: pay.Monthly, Salary: decimal.NewFromInt(wage)}
		ytd := pay.YearToDate{Months: 11, Income: decimal.NewFromInt(11 * wage)}
		alone, err := pay.Compute(p, pay.Rules{}, pay.Inputs{YTD: ytd})
		if err != nil {
			t.Fatal(err)
		}
		for bonus := int64(1000); bonus < 1200000; bonus = bonus*11/10 + 7 {
			auto, err := pay.Compute(p, pay.Rules{}, pay.Inputs{YTD: ytd, YearEndBonus: &pay.YearEndBonus{Amount: decimal.NewFromInt(bonus)}})
			if err != nil {
				t.Fatal(err)
			}
			l := bonusLine(t, auto)
			sep, comb := d(l.Params["separate_tax"]), d(l.Params["combined_tax"])
			if !auto.Tax.Withhold.Equal(decimal.Min(sep, comb)) {
				t.Fatalf("wage %d bonus %d: withholds %s of %s / %s", wage, bonus, auto.Tax.Withhold, sep, comb)
			}
			sum := decimal.Zero
			for _, x := range auto.Lines {
				sum = sum.Add(x.Amount)
			}
			if !sum.Equal(auto.Net) {
				t.Fatalf("wage %d bonus %d: lines %s net %s", wage, bonus, sum, auto.Net)
			}
			if l.Params["method"] == pay.BonusSeparate && (!auto.YTD.Income.Equal(alone.YTD.Income) || !auto.YTD.Withheld.Equal(alone.YTD.Withheld)) {
				t.Fatalf("wage %d bonus %d: ytd %+v, wages alone %+v", wage, bonus, auto.YTD, alone.YTD)
			}
		}
	}
}
