package pay_test

import (
	"testing"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// hangzhou are example bases (not authoritative figures): social
// insurance 4812–24930, housing fund 2490–38390 for 2026, then from July
// a higher floor. shanghai has its own.
var basesTable = []pay.CityBases{
	{City: "杭州", From: "2026-01", Social: pay.Range{Floor: d("4812"), Ceiling: d("24930")}, Housing: pay.Range{Floor: d("2490"), Ceiling: d("38390")}},
	{City: "杭州", From: "2026-07", Social: pay.Range{Floor: d("5000"), Ceiling: d("26000")}, Housing: pay.Range{Floor: d("2600"), Ceiling: d("40000")}},
	{City: "上海", From: "2026-01", Social: pay.Range{Floor: d("7310"), Ceiling: d("36549")}, Housing: pay.Range{Floor: d("2690"), Ceiling: d("36549")}},
}

func employerRates() pay.EmployerRates {
	return pay.EmployerRates{Pension: d("0.14"), Medical: d("0.095"), Unemployment: d("0.005"), Injury: d("0.002"), Housing: d("0.12")}
}

// computeIn is clerk with a declared base in city for period.
func computeIn(t *testing.T, declared, city, period string) pay.Payslip {
	t.Helper()
	p := clerk()
	p.SocialBase = d(declared)
	in := november()
	in.MonthOfYear = 0
	if cb, ok := pay.BasesFor(basesTable, city, period); ok {
		in.Bases = &cb
	}
	s, err := pay.Compute(p, pay.Rules{Employer: employerRates()}, in)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func lineOf(t *testing.T, s pay.Payslip, code string) pay.Line {
	t.Helper()
	for _, l := range s.Lines {
		if l.Code == code {
			return l
		}
	}
	t.Fatalf("no %s line in %+v", code, s.Lines)
	return pay.Line{}
}

func TestSocialBaseClampedUpToTheFloor(t *testing.T) {
	// 3000 declared, Hangzhou's floor 4812: pension 4812 × 8 % = 384.96,
	// medical 96.24, unemployment 24.06; the housing base (the same 3000)
	// is above the housing floor 2490, so untouched: 3000 × 12 % = 360.
	s := computeIn(t, "3000", "杭州", "2026-03")
	checkLines(t, s.Lines[1:], []wantLine{
		line("pension", "-384.96", "base", "4812.00", "declared", "3000.00", "clamped", "floor", "floor", "4812.00", "ceiling", "24930.00", "city", "杭州", "from", "2026-01"),
		line("medical", "-96.24", "base", "4812.00", "clamped", "floor"),
		line("unemployment", "-24.06", "base", "4812.00", "clamped", "floor"),
		line("housing_fund", "-360.00", "base", "3000.00"),
	})
	if l := lineOf(t, s, "housing_fund"); l.Params["clamped"] != "" {
		t.Errorf("housing base inside its range marked clamped: %v", l.Params)
	}
	// Employer: 4812 × (14 % + 9.5 % + 0.5 % + 0.2 %) = 673.68 + 457.14 +
	// 24.06 + 9.62, housing 3000 × 12 % = 360: 1524.50.
	if got := s.EmployerTotal.StringFixed(2); got != "1524.50" {
		t.Errorf("employer total %s, want 1524.50 (%+v)", got, s.Employer)
	}
	codes := ""
	for _, l := range s.Employer {
		codes += l.Code + "=" + l.Amount.StringFixed(2) + " "
	}
	if want := "pension=673.68 medical=457.14 unemployment=24.06 injury=9.62 housing_fund=360.00 "; codes != want {
		t.Errorf("employer lines %q, want %q (maternity 0 left out)", codes, want)
	}
	sum := s.Lines[0].Amount
	for _, l := range s.Lines[1:] {
		sum = sum.Add(l.Amount)
	}
	if !sum.Equal(s.Net) {
		t.Errorf("net %s is not the sum of the lines %s: the employer part must stay off it", s.Net, sum)
	}
}

func TestSocialBaseClampedDownToTheCeiling(t *testing.T) {
	// 30000 declared: social base held to 24930 (pension 1994.40); the
	// housing base 30000 is under its ceiling 38390: 3600.
	s := computeIn(t, "30000", "杭州", "2026-03")
	l := lineOf(t, s, "pension")
	if l.Amount.StringFixed(2) != "-1994.40" || l.Params["clamped"] != "ceiling" || l.Params["declared"] != "30000.00" || l.Params["base"] != "24930.00" {
		t.Errorf("pension %s %v", l.Amount, l.Params)
	}
	if h := lineOf(t, s, "housing_fund"); h.Amount.StringFixed(2) != "-3600.00" || h.Params["clamped"] != "" {
		t.Errorf("housing %s %v", h.Amount, h.Params)
	}
}

func TestSocialBaseInsideUntouched(t *testing.T) {
	s := computeIn(t, "10000", "杭州", "2026-03")
	checkLines(t, s.Lines[1:], social)
	for _, l := range s.Lines {
		if l.Params["clamped"] != "" || l.Params["declared"] != "" {
			t.Errorf("%s explained as clamped: %v", l.Code, l.Params)
		}
	}
}

func TestSocialBasesSwitchInJuly(t *testing.T) {
	// 4900 is above June's floor 4812, below July's 5000.
	if l := lineOf(t, computeIn(t, "4900", "杭州", "2026-06"), "pension"); l.Params["base"] != "4900.00" {
		t.Errorf("June: %v", l.Params)
	}
	l := lineOf(t, computeIn(t, "4900", "杭州", "2026-07"), "pension")
	if l.Params["base"] != "5000.00" || l.Params["from"] != "2026-07" || l.Amount.StringFixed(2) != "-400.00" {
		t.Errorf("July: %s %v", l.Amount, l.Params)
	}
	// July's entry covers up to next June, no further.
	if _, ok := pay.BasesFor(basesTable, "杭州", "2027-06"); !ok {
		t.Error("2027-06 not covered by the 2026-07 entry")
	}
	if cb, ok := pay.BasesFor(basesTable, "杭州", "2027-07"); ok {
		t.Errorf("2027-07 covered by stale bases %+v", cb)
	}
	if _, ok := pay.BasesFor(basesTable, "杭州", "2025-12"); ok {
		t.Error("a month before any entry has bases")
	}
}

func TestSocialBasesOfAnotherCity(t *testing.T) {
	// 6000 is inside Hangzhou's bounds but under Shanghai's floor 7310.
	if l := lineOf(t, computeIn(t, "6000", "杭州", "2026-03"), "pension"); l.Params["clamped"] != "" {
		t.Errorf("Hangzhou: %v", l.Params)
	}
	l := lineOf(t, computeIn(t, "6000", "上海", "2026-03"), "pension")
	if l.Params["city"] != "上海" || l.Params["base"] != "7310.00" {
		t.Errorf("Shanghai: %v", l.Params)
	}
	// A city the table lacks: declared bases as they are.
	if l := lineOf(t, computeIn(t, "3000", "成都", "2026-03"), "pension"); l.Params["base"] != "3000.00" {
		t.Errorf("Chengdu: %v", l.Params)
	}
}

func TestSocialZeroBaseStaysUninsured(t *testing.T) {
	s := computeIn(t, "0", "杭州", "2026-03")
	for _, l := range s.Lines {
		if l.Code == "pension" || l.Code == "housing_fund" {
			t.Errorf("uninsured person charged %s %s", l.Code, l.Amount)
		}
	}
	if !s.EmployerTotal.IsZero() || len(s.Employer) != 0 {
		t.Errorf("employer part for an uninsured person: %+v", s.Employer)
	}
}

func TestSocialEmployerRatesValidated(t *testing.T) {
	_, err := pay.Compute(clerk(), pay.Rules{Employer: pay.EmployerRates{Pension: d("1.4")}}, november())
	if err == nil {
		t.Fatal("an employer rate of 140 % accepted")
	}
}

func TestSocialLeaverOfNoWorkdaysHasNoEmployerPart(t *testing.T) {
	in := november()
	in.EmployedWorkdays = 0
	s, err := pay.Compute(clerk(), pay.Rules{Employer: employerRates()}, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Employer) != 0 || !s.EmployerTotal.IsZero() {
		t.Errorf("employer part %+v", s.Employer)
	}
}

// checkLines compares the contribution lines of got with want, in order;
// each want's params must be in the line (others may be too). The iit
// line, when present, ends got and is not compared.
func checkLines(t *testing.T, got []pay.Line, want []wantLine) {
	t.Helper()
	var contrib []pay.Line
	for _, l := range got {
		if l.Code != "iit" {
			contrib = append(contrib, l)
		}
	}
	if len(contrib) != len(want) {
		t.Fatalf("%d lines %s, want %d", len(contrib), dump(contrib), len(want))
	}
	for i, w := range want {
		l := contrib[i]
		if l.Code != w.code || l.Amount.StringFixed(2) != w.amount {
			t.Errorf("line %d: %s %s, want %s %s", i, l.Code, l.Amount.StringFixed(2), w.code, w.amount)
		}
		for k, v := range w.params {
			if l.Params[k] != v {
				t.Errorf("line %d %s: %s = %q, want %q", i, l.Code, k, l.Params[k], v)
			}
		}
	}
}
