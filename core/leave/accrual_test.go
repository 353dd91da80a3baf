package leave

import (
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
)

func TestEntitlement(t *testing.T) {
	t.Parallel()
	annual := Type{Key: "annual", Accrual: AccrualStatutoryCN}
	sick := Type{Key: "sick", Accrual: AccrualFixed, EntitlementDays: 12}
	date := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	cases := []struct {
		name        string
		t           Type
		hire, start string
		year, days  int // days: whole days; halves via minutes below
		minutes     int
	}{
		{"UnderOneYear", annual, "2026-03-01", "", 2026, 0, 0},
		// Career began 2025-06-01: the 1-year mark on 2026-06-01, then 5 days
		// a year for the 214 days left: 214/365*5 = 2.93 → 2.
		{"ReachesOneYearMidYear", annual, "2025-06-01", "", 2026, 2, 0},
		{"OneToTen", annual, "2020-01-01", "", 2026, 5, 0},
		// Reaches 10 years on 2026-07-01: 181 days at 5, 184 at 10 → 7.52 → 7.
		{"TenYearBoundary", annual, "2016-07-01", "", 2026, 7, 0},
		{"TenYearsOnNewYear", annual, "2016-01-01", "", 2026, 10, 0},
		{"Twenty", annual, "2000-01-01", "", 2026, 15, 0},
		// Hired 2026-04-01 with 16 years' career: 275/365*10 = 7.53 → 7.
		{"HiredMidYearWithCareer", annual, "2026-04-01", "2010-01-01", 2026, 7, 0},
		{"HiredNextYear", annual, "2027-01-01", "2000-01-01", 2026, 0, 0},
		{"FixedFullYear", sick, "2020-01-01", "", 2026, 12, 0},
		// Hired 2026-07-01: 184/365*12 = 6.05 → 6 days.
		{"FixedProrated", sick, "2026-07-01", "", 2026, 6, 0},
		// Hired 2026-10-20: 73/365*12 = 2.4 → 2 days (half days round down too).
		{"FixedProratedHalf", sick, "2026-10-20", "", 2026, 2, 0},
	}
	for _, c := range cases {
		e := core.Employee{HireDate: date(c.hire)}
		if c.start != "" {
			e.CareerStart = date(c.start)
		}
		got := Entitlement(c.t, e, c.year, 480)
		if want := c.days*480 + c.minutes; got != want {
			t.Errorf("%s: %d minutes (%.2f days), want %d", c.name, got, float64(got)/480, want)
		}
	}
	if got := Entitlement(Type{Accrual: AccrualNone}, core.Employee{}, 2026, 480); got != -1 {
		t.Errorf("no accrual: %d", got)
	}
	// 11 September: 113/365*12 = 3.71 → 3.5 days.
	if got := Entitlement(sick, core.Employee{HireDate: date("2026-09-10")}, 2026, 480); got != 3*480+240 {
		t.Errorf("half days: %d", got)
	}
}
