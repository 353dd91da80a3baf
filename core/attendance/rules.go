package attendance

import (
	"math"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// OvertimeKind is how overtime is paid: payroll needs the split.
type OvertimeKind string

// Overtime kinds.
const (
	OvertimeNone    OvertimeKind = ""
	OvertimeWorkday OvertimeKind = "workday"  // after a working day's shift
	OvertimeRestDay OvertimeKind = "rest_day" // on a day off
	OvertimeHoliday OvertimeKind = "holiday"  // on a statutory public holiday
)

// Flags a record may carry for the manager's attention.
const (
	FlagOutsideSite    = "outside_site"
	FlagNoLocation     = "no_location"
	FlagAutoClosed     = "auto_closed"
	FlagMissingCheckIn = "missing_check_in"
	FlagAbsentLate     = "late_beyond_absence"
	FlagCorrected      = "corrected"
)

// minutes rounds a duration down to whole minutes.
func minutes(d time.Duration) int { return int(math.Floor(d.Minutes())) }

// planForPunch picks the plan a check-in at t belongs to: the overnight
// shift still running from yesterday, else today's. tooEarly is set when
// today's shift starts later than the policy lets a check-in count for it.
func (s *Setup) planForPunch(e core.Employee, t time.Time) (p Plan, tooEarly bool) {
	today := s.Today(t)
	if y := s.PlanFor(e, today.AddDays(-1)); y.Working && y.Shift.CrossesMidnight() && t.Before(y.End) {
		return y, false
	}
	p = s.PlanFor(e, today)
	if p.Working && t.Before(p.Start.Add(-time.Duration(s.Policy.CheckinOpen)*time.Minute)) {
		return p, true
	}
	return p, false
}

// judgeCheckIn returns the minutes late, 0 within the grace period.
func judgeCheckIn(pol Policy, p Plan, at time.Time) int {
	if !p.Working {
		return 0
	}
	late := minutes(at.Sub(p.Start))
	if late <= pol.Grace {
		return 0
	}
	return late
}

// outcome is what a check-out makes of a record.
type outcome struct {
	worked, early, overtime int
	kind                    OvertimeKind
}

// judgeCheckOut works out time worked, early leave and overtime for a
// stretch from in to out against plan p. On a day off every minute worked
// is overtime; on a statutory holiday it is holiday overtime whatever the plan.
func judgeCheckOut(pol Policy, p Plan, in, out time.Time) outcome {
	var o outcome
	span := minutes(out.Sub(in))
	if span < 0 {
		span = 0
	}
	brk := p.Shift.BreakMinutes
	if !p.Working {
		brk = pol.DayBreak
	}
	// A short stretch has no break in it.
	if span > brk*2 {
		o.worked = span - brk
	} else {
		o.worked = span
	}
	switch {
	case p.Statutory:
		o.overtime, o.kind = o.worked, OvertimeHoliday
	case !p.Working:
		o.overtime, o.kind = o.worked, OvertimeRestDay
	default:
		if early := minutes(p.End.Sub(out)); early > pol.EarlyGrace {
			o.early = early
		}
		// Workday overtime is the part of the stretch after the planned
		// end: time worked, not time since the end. A stretch begun after
		// the end counts from its start, and it is never more than the
		// time worked.
		from := p.End
		if in.After(from) {
			from = in
		}
		o.overtime, o.kind = min(minutes(out.Sub(from)), o.worked), OvertimeWorkday
	}
	if o.overtime < pol.OvertimeMin || o.overtime <= 0 {
		o.overtime, o.kind = 0, OvertimeNone
	}
	return o
}

// Location is where a person was when they punched, from the chat app.
type Location struct {
	Lat, Lon float64
}

// checkSite applies the org's geofence. It returns a flag to record, or an
// error when the policy refuses the check-in.
func checkSite(pol Policy, sites []Site, at *Location) (string, error) {
	if pol.Geofence == GeofenceOff || len(sites) == 0 {
		return "", nil
	}
	if at == nil {
		if pol.Geofence == GeofenceRefuse {
			return "", core.Errorf(core.EInvalid, "att.location_required", "share your location to check in")
		}
		return FlagNoLocation, nil
	}
	nearest, dist := sites[0], math.Inf(1)
	for _, s := range sites {
		if d := s.DistanceM(at.Lat, at.Lon); d < dist {
			nearest, dist = s, d
		}
	}
	if dist <= float64(nearest.RadiusM) {
		return "", nil
	}
	if pol.Geofence == GeofenceRefuse {
		return "", core.Errorf(core.EInvalid, "att.outside_site", "%.0f m from %s", dist, nearest.Name).
			With("site", nearest.Name).With("distance", formatDistance(dist)).With("radius", formatDistance(float64(nearest.RadiusM)))
	}
	return FlagOutsideSite, nil
}

func formatDistance(m float64) string {
	if m >= 1000 {
		return strconv.FormatFloat(math.Round(m/100)/10, 'f', -1, 64) + " km"
	}
	return strconv.FormatFloat(math.Round(m), 'f', -1, 64) + " m"
}
