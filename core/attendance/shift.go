package attendance

import (
	"fmt"
	"math"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Shift is a template of working time, such as customer-service morning
// 09:00–18:00. Times are minutes after midnight in the org's time zone; a
// shift whose end is not after its start crosses midnight.
type Shift struct {
	ID           int64
	Key          string
	Name         string
	Start        int // minute of the day, 0–1439
	End          int
	BreakMinutes int
	Job          string // the job it staffs; "" for any
}

// CrossesMidnight reports whether the shift ends on the next day.
func (s Shift) CrossesMidnight() bool { return s.End <= s.Start }

// Span returns the shift's length in minutes, breaks included.
func (s Shift) Span() int {
	if s.CrossesMidnight() {
		return s.End + 24*60 - s.Start
	}
	return s.End - s.Start
}

// Hours formats the shift's times, e.g. "09:00–18:00".
func (s Shift) Hours() string { return ClockTime(s.Start) + "–" + ClockTime(s.End) }

// ClockTime formats minutes after midnight as HH:MM.
func ClockTime(minute int) string { return fmt.Sprintf("%02d:%02d", minute/60%24, minute%60) }

// ParseClockTime reads HH:MM (00:00–23:59, or 24:00 for the end of a day).
func ParseClockTime(s string) (int, error) {
	var h, m int
	if n, err := fmt.Sscanf(s, "%d:%d", &h, &m); n != 2 || err != nil || len(s) < 4 || len(s) > 5 {
		return 0, fmt.Errorf("%q is not a time like 09:00", s)
	}
	if h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return (h*60 + m) % (24 * 60), nil
}

// ScheduleKind says how a schedule repeats.
type ScheduleKind string

// Schedule kinds.
const (
	// ScheduleWeekly repeats a run of weeks: one week is a fixed weekly
	// pattern, two weeks an A/B rotation.
	ScheduleWeekly ScheduleKind = "weekly"
	// ScheduleCycle repeats a run of N days, e.g. two nights then two off.
	ScheduleCycle ScheduleKind = "cycle"
)

// Schedule assigns shifts to days by a repeating pattern.
type Schedule struct {
	ID    int64
	Key   string
	Name  string
	Kind  ScheduleKind
	Start core.Date // the day the pattern's first day applies to
	// Pattern holds a shift key per day, "" for a day off. Weekly patterns
	// have 7 entries per week, Monday first.
	Pattern []string
	// WorkHolidays keeps the pattern on public holidays; otherwise people on
	// this schedule are off on them.
	WorkHolidays bool
}

// ShiftOn returns the shift key the pattern gives day d for someone whose
// rotation starts offset steps (weeks or days) into the pattern; "" is a day off.
func (s Schedule) ShiftOn(d core.Date, offset int) string {
	if len(s.Pattern) == 0 {
		return ""
	}
	var i int
	switch s.Kind {
	case ScheduleWeekly:
		weeks := len(s.Pattern) / 7
		// Weeks are counted from the Monday of the start date's week.
		monday := s.Start.AddDays(-int((s.Start.Weekday() + 6) % 7))
		days := monday.DaysUntil(d)
		week := floorDiv(days, 7) + offset
		i = mod(week, weeks)*7 + int((d.Weekday()+6)%7)
	default:
		i = mod(s.Start.DaysUntil(d)+offset, len(s.Pattern))
	}
	return s.Pattern[i]
}

func floorDiv(a, b int) int { return int(math.Floor(float64(a) / float64(b))) }

func mod(a, b int) int { return ((a % b) + b) % b }

// GeofenceMode says what happens to a check-in away from every site.
type GeofenceMode string

// Geofence modes.
const (
	GeofenceOff    GeofenceMode = "off"
	GeofenceFlag   GeofenceMode = "flag"   // recorded and flagged for the manager
	GeofenceRefuse GeofenceMode = "refuse" // not recorded
)

// Policy holds an org's attendance rules. Minutes throughout.
type Policy struct {
	Workweek []time.Weekday
	// Standard working hours, for people without a shift.
	DayStart, DayEnd, DayBreak int
	// Grace is how late a check-in may be and still be on time.
	Grace int
	// EarlyGrace is how early a check-out may be and not be an early leave.
	EarlyGrace int
	// AbsentAfter: later than this, a check-in counts as absence for the day.
	AbsentAfter int
	// OvertimeMin: shorter stretches of extra work are not overtime.
	OvertimeMin int
	// AutoCheckoutAfter: a check-out still missing this long after the
	// shift's end is closed at the shift's end and flagged.
	AutoCheckoutAfter int
	// CheckinOpen: how long before a shift a check-in counts for it.
	CheckinOpen int
	Geofence    GeofenceMode
	// CorrectionDays: how far back a correction may reach.
	CorrectionDays int
	// CorrectionsPerMonth caps a person's corrections (pending or approved)
	// of days in one calendar month; 0 is no cap.
	CorrectionsPerMonth int
}

// DefaultPolicy is what an org file without an attendance
// section gets: 09:00–18:00 Monday to Friday with an hour's break.
func DefaultPolicy() Policy {
	return Policy{
		Workweek: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		DayStart: 9 * 60, DayEnd: 18 * 60, DayBreak: 60,
		Grace: 5, EarlyGrace: 0, AbsentAfter: 120, OvertimeMin: 30,
		AutoCheckoutAfter: 240, CheckinOpen: 120, Geofence: GeofenceOff, CorrectionDays: 30,
	}
}

// Site is a place people check in at, with a geofence.
type Site struct {
	Key      string
	Name     string
	Lat, Lon float64
	RadiusM  int
}

// DistanceM returns the distance in metres from the site's centre to a point.
func (s Site) DistanceM(lat, lon float64) float64 {
	const earthRadiusM = 6371000
	rad := func(d float64) float64 { return d * math.Pi / 180 }
	dLat, dLon := rad(lat-s.Lat), rad(lon-s.Lon)
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(rad(s.Lat))*math.Cos(rad(lat))*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusM * math.Asin(math.Min(1, math.Sqrt(a)))
}

// ShiftOverride replaces one person's shift on one date; Shift "" is a day off.
type ShiftOverride struct {
	// The names are the audit log's, which the rota's own changes share.
	Employee string    `json:"employee"`
	Date     core.Date `json:"date"`
	Shift    string    `json:"shift"`
}
