// Package attendance is hrbot's time and attendance: who is planned to work
// when (shifts, rotations, overrides, the holiday calendar), check-in and
// check-out judged against that plan, corrections approved by managers, and
// the monthly and daily views.
package attendance

import (
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/calendar"
)

// Setup is an org's attendance configuration as applied from its org file.
// It is immutable, so a Service caches it per org and config version.
type Setup struct {
	OrgID     int64
	Version   int64
	Location  *time.Location
	Policy    Policy
	Shifts    map[string]Shift
	Schedules map[string]Schedule
	// Overrides maps "person@date" to a shift key, "" meaning a day off.
	Overrides map[string]string
	Sites     []Site
	Calendar  *calendar.Calendar
	// History is the org's assignments (transfers): a plan for a day
	// before a transfer took effect follows the person's old schedule, one
	// from its day on the new one. The store sets it; nil is no transfers.
	History core.History
}

// NewSetup assembles a Setup from what the org file declared.
func NewSetup(org core.Org, pol Policy, shifts []Shift, schedules []Schedule,
	overrides []ShiftOverride, sites []Site, days []calendar.Entry) *Setup {
	s := &Setup{
		OrgID: org.ID, Version: org.ConfigVersion, Location: org.Location(), Policy: pol,
		Shifts: map[string]Shift{}, Schedules: map[string]Schedule{}, Overrides: map[string]string{}, Sites: sites,
	}
	for _, sh := range shifts {
		s.Shifts[sh.Key] = sh
	}
	for _, sc := range schedules {
		s.Schedules[sc.Key] = sc
	}
	for _, o := range overrides {
		s.Overrides[o.Employee+"@"+o.Date.String()] = o.Shift
	}
	s.Calendar = calendar.New(pol.Workweek, days)
	return s
}

// Plan is what a person is expected to work on one date.
type Plan struct {
	Date      core.Date
	DayKind   calendar.Kind
	Statutory bool // a statutory public holiday: work on it is paid at the holiday rate
	// HolidayName names a public holiday or make-up working day.
	HolidayName string
	// Working is false on a day off: work then is rest-day or holiday overtime.
	Working bool
	// Shift is the planned shift; its Key is "" for the org's standard hours.
	Shift      Shift
	Start, End time.Time
}

// Hours formats the planned time, e.g. "09:00–18:00".
func (p Plan) Hours() string { return p.Shift.Hours() }

// PlanFor works out e's plan for date d: an override first, then the
// person's schedule, then the org's standard hours on working days.
func (s *Setup) PlanFor(e core.Employee, d core.Date) Plan {
	key, overridden := s.Override(e.Key, d)
	return s.plan(e, d, key, overridden)
}

// ScheduledPlan is e's plan for d as their schedule (or the standard
// hours) makes it, whatever override the day has: what an override that
// agrees with it is redundant to.
func (s *Setup) ScheduledPlan(e core.Employee, d core.Date) Plan { return s.plan(e, d, "", false) }

// Override returns the shift key the override of the person with key
// employeeKey on d sets ("" for a day off), and whether there is one.
func (s *Setup) Override(employeeKey string, d core.Date) (string, bool) {
	key, ok := s.Overrides[employeeKey+"@"+d.String()]
	return key, ok
}

func (s *Setup) plan(e core.Employee, d core.Date, key string, overridden bool) Plan {
	return s.planOn(s.day(d), e, key, overridden)
}

// day is the plan of nobody in particular on d: the calendar's say.
func (s *Setup) day(d core.Date) Plan {
	return Plan{Date: d, DayKind: s.Calendar.Kind(d), Statutory: s.Calendar.IsStatutoryHoliday(d), HolidayName: s.Calendar.Name(d)}
}

// planOn completes day (from s.day) for e, with the override key when
// overridden. The rota calls it for every cell of a month.
func (s *Setup) planOn(p Plan, e core.Employee, key string, overridden bool) Plan {
	d := p.Date
	e = s.History.On(e, d)
	switch {
	case overridden:
	case e.ScheduleKey != "":
		sc, ok := s.Schedules[e.ScheduleKey]
		if !ok {
			break
		}
		key = sc.ShiftOn(d, e.RotationOffset)
		if p.DayKind == calendar.Holiday && !sc.WorkHolidays {
			key = ""
		}
	default:
		if p.DayKind.Working() {
			std := Shift{Start: s.Policy.DayStart, End: s.Policy.DayEnd, BreakMinutes: s.Policy.DayBreak}
			return s.place(p, std)
		}
		return p
	}
	if sh, ok := s.Shifts[key]; ok && key != "" {
		return s.place(p, sh)
	}
	return p
}

func (s *Setup) place(p Plan, sh Shift) Plan {
	p.Working, p.Shift = true, sh
	p.Start = p.Date.At(sh.Start, s.Location)
	p.End = p.Date.At(sh.Start+sh.Span(), s.Location)
	return p
}

// Today returns the date it is at t in the org's time zone.
func (s *Setup) Today(t time.Time) core.Date { return core.DateOf(t.In(s.Location)) }
