package core

import (
	"fmt"
	"time"
)

// Date is a calendar day without a time zone: a work date, a holiday, the
// first day of a leave. Use Date.In to place it in an org's time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the day t falls on in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// NewDate returns the date, normalising out-of-range days as time.Date does.
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// ParseDate reads YYYY-MM-DD and rejects impossible dates such as 2026-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date like 2026-03-01", s)
	}
	return DateOf(t), nil
}

// Valid reports whether the date exists (no 30 February).
func (d Date) Valid() bool {
	return d.Year > 0 && NewDate(d.Year, d.Month, d.Day) == d
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

func (d Date) String() string {
	// By hand rather than with fmt: plans, overrides and pages write
	// thousands of dates a request.
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	b := [10]byte{'0', '0', '0', '0', '-', '0', '0', '-', '0', '0'}
	y, m, day := d.Year, int(d.Month), d.Day
	b[0], b[1], b[2], b[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[5], b[6] = byte('0'+m/10%10), byte('0'+m%10)
	b[8], b[9] = byte('0'+day/10%10), byte('0'+day%10)
	return string(b[:])
}

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// At returns the moment d at hh:mm in loc.
func (d Date) At(minuteOfDay int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, minuteOfDay, 0, 0, loc)
}

// UTC returns midnight of d in UTC, how dates cross into the database.
func (d Date) UTC() time.Time { return d.In(time.UTC) }

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.UTC().Weekday() }

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(o Date) int { return d.UTC().Compare(o.UTC()) }

// DaysUntil returns the number of days from d to o (negative when o is earlier).
func (d Date) DaysUntil(o Date) int { return int(o.UTC().Sub(d.UTC()).Hours() / 24) }

// MonthStart returns the first day of d's month.
func (d Date) MonthStart() Date { return Date{d.Year, d.Month, 1} }

// MonthEnd returns the last day of d's month.
func (d Date) MonthEnd() Date { return NewDate(d.Year, d.Month+1, 0) }
