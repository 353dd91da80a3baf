// Package leave is hrbot's leave management: leave types and balances
// (China's statutory annual leave included), requests costed against each
// person's own working days, a manager-then-HR approval chain with
// delegates, cancellation, and the "shift uncovered" event for the cover pool.
package leave

import (
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// statutoryDays is China's paid annual leave by cumulative working years.
func statutoryDays(years int) int {
	switch {
	case years < 1:
		return 0
	case years < 10:
		return 5
	case years < 20:
		return 10
	}
	return 15
}

// completedYears counts whole years from start to d.
func completedYears(start, d core.Date) int {
	years := d.Year - start.Year
	if d.Month < start.Month || d.Month == start.Month && d.Day < start.Day {
		years--
	}
	return years
}

func daysInYear(year int) int { return core.NewDate(year, 1, 1).DaysUntil(core.NewDate(year+1, 1, 1)) }

// Entitlement is how much of leave type t person e earns in year, in
// minutes (dayMinutes a day), or -1 when the type keeps no balance. It
// prorates by the days of the year spent in the org (a fixed entitlement
// of a type without proration is granted whole) and, for statutory
// annual leave, by the days spent at each tier of working years; the
// total is rounded down to whole days (statutory) or half days (fixed), as
// the regulations round against fractions.
func Entitlement(t Type, e core.Employee, year, dayMinutes int) int {
	first, last := core.NewDate(year, 1, 1), core.NewDate(year, 12, 31)
	from := first
	if !e.HireDate.IsZero() {
		hire := core.DateOf(e.HireDate)
		if hire.After(last) {
			return 0
		}
		if hire.After(from) {
			from = hire
		}
	}
	total := float64(daysInYear(year))
	switch t.Accrual {
	case AccrualFixed:
		if t.NoProration {
			return t.EntitlementDays * dayMinutes
		}
		days := float64(t.EntitlementDays) * float64(from.DaysUntil(last)+1) / total
		halves := int(days * 2) // floor to half days
		return halves * dayMinutes / 2
	case AccrualStatutoryCN:
		start := from
		if !e.CareerStart.IsZero() {
			start = core.DateOf(e.CareerStart)
		} else if !e.HireDate.IsZero() {
			start = core.DateOf(e.HireDate)
		}
		var days float64
		for d := from; !d.After(last); d = d.AddDays(1) {
			days += float64(statutoryDays(completedYears(start, d))) / total
		}
		// A hair of float error must not cost someone a day.
		return int(days+1e-9) * dayMinutes
	case AccrualNone:
		return -1
	}
	return 0
}

// carryExpiry is the date carried-over days of year expire in year+1.
func carryExpiry(t Type, year int) (core.Date, bool) {
	if t.CarryOverDays == 0 {
		return core.Date{}, false
	}
	if t.CarryOverExpiry == "" {
		return core.NewDate(year+1, 12, 31), true
	}
	m, d, _ := strings.Cut(t.CarryOverExpiry, "-")
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	return core.NewDate(year+1, time.Month(mm), dd), true
}
