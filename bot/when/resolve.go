package when

import (
	"time"

	"github.com/hrbot/hrbot/core"
)

// last is the last day of what e names, given its first: the Sunday of a
// week, the end of a month; first itself for a single day.
func (e expr) last(first core.Date) core.Date {
	switch {
	case e.isWeek:
		return first.AddDays(6)
	case e.isWeekend:
		return first.AddDays(1)
	case e.isMonthRange:
		return first.MonthEnd()
	}
	return first
}

// resolve turns an expression into a date. ref is the day bare weekdays and
// year-less dates are measured from (today, or a range's start).
func (e expr) resolve(today, ref core.Date, dir Direction) (core.Date, error) {
	monday := today.AddDays(-int((today.Weekday() + 6) % 7))
	switch {
	case e.isWeek:
		return monday.AddDays(7 * e.period), nil
	case e.isWeekend:
		return monday.AddDays(7*e.period + 5), nil
	case e.isMonthRange && e.monthNamed:
		return e.namedMonth(today, dir)
	case e.isMonthRange:
		first := today.MonthStart()
		return core.NewDate(first.Year, first.Month+time.Month(e.period), 1), nil
	case e.relative:
		return today.AddDays(e.offset), nil
	case e.isWeekday:
		return e.weekdayDate(monday, ref, dir), nil
	case e.month == 0:
		return e.dayOfMonth(ref, dir)
	}
	return e.date(today, ref, dir)
}

func (e expr) impossible() (core.Date, error) {
	return core.Date{}, core.Errorf(core.EInvalid, "when.impossible_date", "no such date %q", e.text).With("date", e.text)
}

// namedMonth is the first day of a month named by its number: in the year
// given, or counted from this one, or else this year's, or the nearest
// one in the asked direction.
func (e expr) namedMonth(today core.Date, dir Direction) (core.Date, error) {
	if e.month < 1 || e.month > 12 {
		return e.impossible()
	}
	year := e.year
	switch {
	case e.relYear:
		year = today.Year + e.yearOffset
	case year == 0:
		year = today.Year
		if dir == Future && time.Month(e.month) < today.Month {
			year++
		} else if dir == Past && time.Month(e.month) > today.Month {
			year--
		}
	}
	return core.NewDate(year, time.Month(e.month), 1), nil
}

// weekdayDate is a weekday of last, this or next week (counted from
// monday, this week's), or a bare one: the nearest from ref in the asked
// direction, ref itself when it is that weekday.
func (e expr) weekdayDate(monday, ref core.Date, dir Direction) core.Date {
	switch e.weekdayWeek {
	case 1:
		return monday.AddDays(7 + e.weekday - 1)
	case -1:
		return monday.AddDays(-7 + e.weekday - 1)
	case 2:
		return monday.AddDays(e.weekday - 1)
	}
	cur := int((ref.Weekday()+6)%7) + 1
	if dir == Past {
		return ref.AddDays(-((cur - e.weekday + 7) % 7))
	}
	return ref.AddDays((e.weekday - cur + 7) % 7)
}

// dayOfMonth is a day of the month alone: ref's month's, or the next or
// previous month's when ref's has passed or is to come.
func (e expr) dayOfMonth(ref core.Date, dir Direction) (core.Date, error) {
	if e.day < 1 || e.day > 31 {
		return e.impossible()
	}
	for _, shift := range []int{0, 1, -1} {
		if dir == Future && shift < 0 || dir == Past && shift > 0 {
			continue
		}
		d := core.Date{Year: ref.Year, Month: ref.Month + time.Month(shift), Day: e.day}
		d = core.NewDate(d.Year, d.Month, 1)
		d = core.Date{Year: d.Year, Month: d.Month, Day: e.day}
		if !d.Valid() {
			continue
		}
		if shift == 0 && (dir == Future && d.Before(ref) || dir == Past && d.After(ref)) {
			continue
		}
		return d, nil
	}
	return e.impossible()
}

// date is a month and day, in the year given or counted from this one,
// else in the nearest year from ref in the asked direction where the date
// exists (29 February only exists in leap years).
func (e expr) date(today, ref core.Date, dir Direction) (core.Date, error) {
	if e.month < 1 || e.month > 12 {
		return e.impossible()
	}
	if e.relYear {
		e.year = today.Year + e.yearOffset
	}
	if e.year != 0 {
		d := core.Date{Year: e.year, Month: time.Month(e.month), Day: e.day}
		if !d.Valid() {
			return e.impossible()
		}
		return d, nil
	}
	step := 1
	if dir == Past {
		step = -1
	}
	for y := ref.Year; y != ref.Year+5*step; y += step {
		d := core.Date{Year: y, Month: time.Month(e.month), Day: e.day}
		if d.Valid() && (dir == Future && !d.Before(ref) || dir == Past && !d.After(ref)) {
			return d, nil
		}
	}
	return e.impossible()
}
