package pay_test

import (
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// Two cycles paid in one month make two taxable lines after cover: a
// fixed performance pay of 1000 × 1.2, and 10% of the 10000 salary × 0.8.
// Gross grows by their sum and the tax by 3% of it.
func TestPerfBonuses(t *testing.T) {
	t.Parallel()
	plain, err := pay.Compute(clerk(), pay.DefaultRules(), november())
	if err != nil {
		t.Fatal(err)
	}
	in := november()
	in.CoverMinutes = 60
	in.PerfBonuses = []pay.PerfBonus{
		{Cycle: "2026年10月", Band: "A", Coefficient: d("1.2"), Base: d("1000")},
		{Cycle: "2026 Q3", Band: "C", Coefficient: d("0.8"), Percent: d("10")},
	}
	p := clerk()
	p.CoverRate = d("0")
	s, err := pay.Compute(p, pay.DefaultRules(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSlip(t, s)
	var got []pay.Line
	for _, l := range s.Lines {
		if l.Code == pay.CodePerfBonus {
			got = append(got, l)
		}
	}
	want := []wantLine{
		line("perf_bonus", "1200.00", "cycle", "2026年10月", "band", "A", "coefficient", "1.2", "base", "1000.00"),
		line("perf_bonus", "800.00", "cycle", "2026 Q3", "band", "C", "coefficient", "0.8", "base", "1000.00", "percent", "10", "salary", "10000.00"),
	}
	if len(got) != len(want) {
		t.Fatalf("perf_bonus lines %v, want %d", got, len(want))
	}
	for i, w := range want {
		if got[i].Amount.StringFixed(2) != w.amount {
			t.Errorf("line %d: %s, want %s", i, got[i].Amount.StringFixed(2), w.amount)
		}
		for k, v := range w.params {
			if got[i].Params[k] != v {
				t.Errorf("line %d: %s = %q, want %q", i, k, got[i].Params[k], v)
			}
		}
	}
	if s.Lines[1].Code != pay.CodePerfBonus { // base, then the bonuses (no cover paid at rate 0)
		t.Errorf("second line is %s, want perf_bonus", s.Lines[1].Code)
	}
	if diff := s.Gross.Sub(plain.Gross); !diff.Equal(d("2000")) {
		t.Errorf("gross grew by %s, want 2000", diff)
	}
	if diff := s.Tax.Withhold.Sub(plain.Tax.Withhold); !diff.Equal(d("60")) {
		t.Errorf("tax grew by %s, want 60 (3%% of 2000)", diff)
	}
}

// A percent of salary earns an hourly worker nothing, and a coefficient of
// 0 nothing: both lines are still there to say why.
func TestPerfBonusNothing(t *testing.T) {
	t.Parallel()
	hourly := pay.Profile{Kind: pay.Hourly, HourlyRate: d("25")}
	in := pay.Inputs{WorkedHours: d("100"), MonthOfYear: 11, PerfBonuses: []pay.PerfBonus{
		{Cycle: "10月", Band: "B", Coefficient: d("1"), Percent: d("10")},
		{Cycle: "11月", Band: "D", Coefficient: d("0"), Base: d("1000")},
		{Cycle: "Q4", Band: "B", Coefficient: d("1"), Base: d("300")},
	}}
	s, err := pay.Compute(hourly, pay.DefaultRules(), in)
	if err != nil {
		t.Fatal(err)
	}
	checkSlip(t, s)
	var amounts []string
	for _, l := range s.Lines {
		if l.Code == pay.CodePerfBonus {
			amounts = append(amounts, l.Amount.StringFixed(2)+"/"+l.Params["hourly"])
		}
	}
	if want := []string{"0.00/true", "0.00/", "300.00/"}; len(amounts) != 3 || amounts[0] != want[0] || amounts[1] != want[1] || amounts[2] != want[2] {
		t.Errorf("perf_bonus lines %v, want %v", amounts, want)
	}
	if !s.Gross.Equal(d("2800")) {
		t.Errorf("gross %s, want 2500 + 300", s.Gross)
	}
}

func TestPerfBonusNegativeRefused(t *testing.T) {
	t.Parallel()
	in := november()
	in.PerfBonuses = []pay.PerfBonus{{Cycle: "x", Band: "A", Coefficient: d("-1"), Base: d("1000")}}
	if _, err := pay.Compute(clerk(), pay.DefaultRules(), in); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("negative coefficient: %v, want EInvalid", err)
	}
}

// A month split by a transfer pays its bonuses once, a percent of the
// last part's salary.
func TestPerfBonusParts(t *testing.T) {
	t.Parallel()
	old, raised := clerk(), clerk()
	raised.Salary = d("12000")
	in := november()
	in.PerfBonuses = []pay.PerfBonus{{Cycle: "Q3", Band: "A", Coefficient: d("1.5"), Percent: d("10")}}
	s, err := pay.ComputeParts([]pay.Part{
		{Profile: old, From: "11-01", To: "11-15", EmployedWorkdays: 10},
		{Profile: raised, From: "11-16", To: "11-30", EmployedWorkdays: 11},
	}, pay.DefaultRules(), in)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range s.Lines {
		if l.Code == pay.CodePerfBonus {
			n++
			if !l.Amount.Equal(d("1800")) || l.Params["salary"] != "12000.00" {
				t.Errorf("bonus %s on salary %s, want 1800 on 12000.00", l.Amount, l.Params["salary"])
			}
		}
	}
	if n != 1 {
		t.Errorf("%d perf_bonus lines, want 1", n)
	}
}
