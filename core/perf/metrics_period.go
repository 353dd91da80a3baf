package perf

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

var (
	reMonth   = regexp.MustCompile(`^(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*月?$`)
	reQuarter = regexp.MustCompile(`^(\d{4})\s*[-/ 年]?\s*(?:[qQ]|第)\s*([1-4])\s*(?:季度?)?$`)
	reQFirst  = regexp.MustCompile(`^[qQ]([1-4])\s*[-/ ]?\s*(\d{4})$`)
	reYear    = regexp.MustCompile(`^(\d{4})\s*年?$`)
	reDay     = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	reRange   = regexp.MustCompile(`^(.+?)\s*(?:~|～|\.\.|至|到|—|–| - | to )\s*(.+)$`)
	reSerial  = regexp.MustCompile(`^\d{5}(?:\.\d+)?$`)
)

// ParsePeriod reads the period a metrics file names: a month
// ("2026-11", "2026/11", "2026年11月"), a quarter ("2026-Q4", "2026Q4",
// "2026年第4季度"), a year ("2026"), two days ("2026-11-01~2026-11-30",
// "2026-11-01 至 2026-11-30"), or a spreadsheet's day number (Excel
// turning "2026-11" into a date: its month). Chat's /cycle reads fewer
// forms, on purpose (the bot's readPeriod says why).
func ParsePeriod(s string) (Period, bool) {
	s = strings.TrimSpace(s)
	if reSerial.MatchString(s) {
		d, ok := ParseDay(s)
		return Period{From: d.MonthStart(), To: d.MonthEnd()}, ok
	}
	if m := reMonth.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 || !sensibleYear(y) {
			return Period{}, false
		}
		from := core.NewDate(y, time.Month(mo), 1)
		return Period{From: from, To: from.MonthEnd()}, true
	}
	q := reQuarter.FindStringSubmatch(s)
	if q == nil {
		if m := reQFirst.FindStringSubmatch(s); m != nil {
			q = []string{s, m[2], m[1]}
		}
	}
	if q != nil {
		y, _ := strconv.Atoi(q[1])
		n, _ := strconv.Atoi(q[2])
		if !sensibleYear(y) {
			return Period{}, false
		}
		from := core.NewDate(y, time.Month(3*n-2), 1)
		return Period{From: from, To: core.NewDate(y, time.Month(3*n+1), 0)}, true
	}
	if m := reYear.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		if !sensibleYear(y) {
			return Period{}, false
		}
		return Period{From: core.NewDate(y, time.January, 1), To: core.NewDate(y, time.December, 31)}, true
	}
	if m := reRange.FindStringSubmatch(s); m != nil {
		from, ok1 := ParseDay(m[1])
		to, ok2 := ParseDay(m[2])
		if ok1 && ok2 && !to.Before(from) {
			return Period{From: from, To: to}, true
		}
	}
	return Period{}, false
}

// ParseDay reads one day of a metrics file: "2026-11-01", "2026/11/1",
// "2026年11月1日", or a spreadsheet's day number.
//
// It is not staff.ParseDate, which reads a staff list's dates, and differs
// on purpose in the years: a metrics day is of 2000 to 2100 (a day of 1985
// or a stray number read as one is a mistake in a metrics file), a staff
// list's hire date may be decades old (1900 to 2200, day numbers from
// 20000). Their shapes differ too: a staff list's date may be
// 20260105 or have a time after it (staff.ParseDate cuts at the first
// space), a metrics day may have spaces inside ("2026 - 11 - 01",
// "2026年 11月 1日"). Each file's problem message names its own form
// (perf.import.bad_day, staff.bad_date).
func ParseDay(s string) (core.Date, bool) {
	s = strings.TrimSpace(s)
	if reSerial.MatchString(s) {
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return core.Date{}, false
		}
		// Spreadsheets count days from 1899-12-30 (Lotus's leap-year bug
		// kept).
		d := core.NewDate(1899, time.December, 30+int(n))
		return d, sensibleYear(d.Year)
	}
	m := reDay.FindStringSubmatch(s)
	if m == nil {
		return core.Date{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	d := core.NewDate(y, time.Month(mo), day)
	// NewDate normalises 2026-02-30 into March: such a day is no day.
	if d.Year != y || int(d.Month) != mo || d.Day != day || !sensibleYear(y) {
		return core.Date{}, false
	}
	return d, true
}

func sensibleYear(y int) bool { return y >= 2000 && y <= 2100 }

// maxValue bounds an imported number: the column holds 10 digits before
// the point and 4 after.
var maxValue = decimal.New(1, 10)

// ParseValue reads an imported number: "4.8", "1,234", "96%" (96: the
// number as written, the sign dropped, so a target of 95 reads it), "1
// 234". More than four decimals are rounded to four.
func ParseValue(s string) (decimal.Decimal, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "%"), "％"))
	s = strings.NewReplacer(",", "", "，", "", " ", "").Replace(s)
	d, err := decimal.NewFromString(s)
	if err != nil || d.Abs().GreaterThanOrEqual(maxValue) {
		return decimal.Decimal{}, false
	}
	return d.Round(4), true
}

// ValidMetricKey reports whether key may name a metric: what a KPI's key
// may be (core.ValidKey), so every KPI of measure import can be filled.
func ValidMetricKey(key string) bool { return core.ValidKey(key) }
