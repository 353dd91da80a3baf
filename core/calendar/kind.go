// Package calendar is the one place hrbot asks "is this a working day": an
// org's work week plus its public holidays and make-up working days (调休),
// read from YAML or iCalendar files.
package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Kind of a day for an org.
type Kind int

// Kinds of day.
const (
	Workday       Kind = iota // a normal working day of the work week
	RestDay                   // a day outside the work week
	Holiday                   // a public holiday
	MakeupWorkday             // 调休上班: a day normally off that is worked
)

func (k Kind) String() string {
	switch k {
	case RestDay:
		return "rest_day"
	case Holiday:
		return "holiday"
	case MakeupWorkday:
		return "makeup_workday"
	}
	return "workday"
}

// Working reports whether people without a shift work on such a day.
func (k Kind) Working() bool { return k == Workday || k == MakeupWorkday }

// Entry is one special day from a holiday file.
type Entry struct {
	Date    core.Date
	Holiday bool // false: a make-up working day
	Name    string
	// Statutory marks a statutory holiday day (法定节假日), paid at the
	// holiday rate when worked, as opposed to a bridging rest day.
	Statutory bool
}

// Calendar is immutable and safe for concurrent use.
type Calendar struct {
	workweek [7]bool
	days     map[core.Date]Entry
}

// New builds a calendar; workweek nil means Monday to Friday. Later entries
// for a date replace earlier ones, so an org's own entries win over files.
func New(workweek []time.Weekday, entries []Entry) *Calendar {
	c := &Calendar{days: make(map[core.Date]Entry, len(entries))}
	if workweek == nil {
		workweek = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	for _, d := range workweek {
		c.workweek[d] = true
	}
	for _, e := range entries {
		c.days[e.Date] = e
	}
	return c
}

// Kind says what kind of day d is.
func (c *Calendar) Kind(d core.Date) Kind {
	if e, ok := c.days[d]; ok {
		if e.Holiday {
			return Holiday
		}
		if !c.workweek[d.Weekday()] {
			return MakeupWorkday
		}
		return Workday
	}
	if c.workweek[d.Weekday()] {
		return Workday
	}
	return RestDay
}

// IsWorkingDay reports whether d is worked by people without a shift.
func (c *Calendar) IsWorkingDay(d core.Date) bool { return c.Kind(d).Working() }

// IsStatutoryHoliday reports whether d is a statutory public holiday day.
func (c *Calendar) IsStatutoryHoliday(d core.Date) bool {
	e, ok := c.days[d]
	return ok && e.Holiday && e.Statutory
}

// Name returns the holiday or make-up day's name, "" for ordinary days.
func (c *Calendar) Name(d core.Date) string { return c.days[d].Name }

// WorkingDays counts the working days in [from, to].
func (c *Calendar) WorkingDays(from, to core.Date) int {
	n := 0
	for d := from; !d.After(to); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// NextWorkingDay returns the first working day after d.
func (c *Calendar) NextWorkingDay(d core.Date) core.Date {
	for i := 1; i <= 366; i++ {
		if next := d.AddDays(i); c.IsWorkingDay(next) {
			return next
		}
	}
	return d.AddDays(1)
}

// Entries returns the special days, sorted by date.
func (c *Calendar) Entries() []Entry {
	out := make([]Entry, 0, len(c.days))
	for _, e := range c.days {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return a.Date.Compare(b.Date) })
	return out
}

// Workweek returns the working weekdays.
func (c *Calendar) Workweek() []time.Weekday {
	var out []time.Weekday
	for d := time.Sunday; d <= time.Saturday; d++ {
		if c.workweek[d] {
			out = append(out, d)
		}
	}
	return out
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday, "周日": time.Sunday, "周天": time.Sunday, "星期日": time.Sunday, "星期天": time.Sunday,
	"mon": time.Monday, "monday": time.Monday, "周一": time.Monday, "星期一": time.Monday,
	"tue": time.Tuesday, "tuesday": time.Tuesday, "周二": time.Tuesday, "星期二": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "周三": time.Wednesday, "星期三": time.Wednesday,
	"thu": time.Thursday, "thursday": time.Thursday, "周四": time.Thursday, "星期四": time.Thursday,
	"fri": time.Friday, "friday": time.Friday, "周五": time.Friday, "星期五": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday, "周六": time.Saturday, "星期六": time.Saturday,
}

// ParseWorkweek reads weekday names in English or Chinese ("mon", "周一").
func ParseWorkweek(tokens []string) ([]time.Weekday, error) {
	var out []time.Weekday
	for _, t := range tokens {
		d, ok := weekdayNames[strings.ToLower(strings.TrimSpace(t))]
		if !ok {
			return nil, fmt.Errorf("%q is not a weekday such as mon or 周一", t)
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out, nil
}
