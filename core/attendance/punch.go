package attendance

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
)

// PunchResult is what a check-in or check-out recorded.
type PunchResult struct {
	Record Record
	Plan   Plan
	// Already is set when this check-in was a repeat: nothing was stored.
	Already bool
	// Replaced is set when a check-out replaced an earlier one.
	Replaced bool
	// Flag is what this punch itself added to the record, if anything.
	Flag string
	// AbsentAfter is the org's absence limit in minutes, to say why a
	// check-in past it makes the day an absence.
	AbsentAfter int
}

// CheckIn records that m started work at sent, the time the platform says
// the message was sent (zero when unknown), or now when that is not
// plausible (punchTime). A second check-in for the same work date stores
// nothing and reports the first. Errors: EInvalid (too early for the
// shift, after the shift has ended, outside every site when the org
// refuses that).
func (s *Service) CheckIn(ctx context.Context, m core.Member, at *Location, sent time.Time, channel string) (PunchResult, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return PunchResult{}, err
	}
	c := s.clockIn(setup, m, sent)
	if cover, ok, err := s.coverPlan(ctx, setup, m.Employee, c.plan, c.now); err != nil {
		return PunchResult{}, err
	} else if ok {
		c.plan, c.tooEarly = cover, false
	}
	if c.tooEarly {
		opens := c.plan.Start.Add(-time.Duration(setup.Policy.CheckinOpen) * time.Minute)
		return PunchResult{}, core.Errorf(core.EInvalid, "att.too_early", "check-in opens at %s", opens.Format("15:04")).
			With("shift", c.plan.Hours()).With("opens", opens.Format("15:04"))
	}
	if c.plan.Working && !c.now.Before(c.plan.End) {
		return s.afterShift(ctx, setup, m, c.plan)
	}
	flag, err := checkSite(setup.Policy, setup.Sites, at)
	if err != nil {
		return PunchResult{}, err
	}
	p := c.punch(setup, m, at, flag, channel)
	var note core.Notification
	if c.delayed {
		if note, err = s.delayedNotice(ctx, m, "check_in", c.plan.Date, c.now, c.received); err != nil {
			return PunchResult{}, err
		}
	}
	stored, inserted, err := s.store.InsertCheckIn(ctx, p.Record, p.Audit, note)
	if err != nil {
		return PunchResult{}, fmt.Errorf("check in %s: %w", m.Employee.Key, err)
	}
	p.Result.Record, p.Result.Already = stored, !inserted
	return p.Result, nil
}

// PlannedCheckIn is a check-in worked out and not yet stored: its record,
// its audit row, and the answer once both are stored.
type PlannedCheckIn struct {
	Record Record
	Audit  core.AuditEntry
	Result PunchResult
}

// PlanCheckIn works out, by CheckIn's rules, the check-in m makes at sent
// without a location, for whoever stores many at once (a group of
// concurrent check-ins): ok is false unless it needs nothing but the org's
// setup — m checks in within their own shift's check-in window (no cover,
// not too early, not after it), not delayed, and the org does not refuse a
// check-in without a location. Then CheckIn is the way, and says why. The
// result is right only if m has no record that day, which is the storer's
// to make sure of.
func (s *Service) PlanCheckIn(ctx context.Context, m core.Member, sent time.Time, channel string) (PlannedCheckIn, bool, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return PlannedCheckIn{}, false, err
	}
	c := s.clockIn(setup, m, sent)
	if c.delayed || c.tooEarly || !inOwnWindow(setup, c.plan, c.now) {
		return PlannedCheckIn{}, false, nil
	}
	flag, err := checkSite(setup.Policy, setup.Sites, nil)
	if err != nil {
		return PlannedCheckIn{}, false, nil
	}
	return c.punch(setup, m, nil, flag, channel), true, nil
}

// clockedIn is a check-in's times and the plan it is judged on.
type clockedIn struct {
	received, now time.Time
	delayed       bool
	plan          Plan
	tooEarly      bool
}

// clockIn times a check-in of m sent at sent and finds their own plan for it.
func (s *Service) clockIn(setup *Setup, m core.Member, sent time.Time) clockedIn {
	c := clockedIn{received: s.clock.Now().In(setup.Location)}
	c.now, c.delayed = punchTime(sent, c.received)
	// To the microsecond, as PostgreSQL keeps it: an answer worked out
	// before the check-in is stored (PlanCheckIn) shows what is stored.
	c.now = c.now.In(setup.Location).Truncate(time.Microsecond)
	c.plan, c.tooEarly = setup.planForPunch(m.Employee, c.now)
	return c
}

// punch is the check-in's record and audit row.
func (c clockedIn) punch(setup *Setup, m core.Member, at *Location, flag, channel string) PlannedCheckIn {
	r := checkInRecord(setup.Policy, m.Org.ID, m.Employee.ID, c.plan, c.now, flag)
	if at != nil {
		r.Lat, r.Lon = &at.Lat, &at.Lon
	}
	after := map[string]any{"check_in": c.now, "late_minutes": r.LateMinutes, "flags": r.Flags}
	if c.delayed {
		after["received"] = c.received
	}
	return PlannedCheckIn{
		Record: r,
		Audit: core.AuditEntry{
			OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditCheckIn, EntityType: "attendance",
			EntityID: m.Employee.Key + "@" + c.plan.Date.String(),
			After:    after, Channel: channel, Outcome: core.OutcomeOK, At: c.received,
		},
		Result: PunchResult{Record: r, Plan: c.plan, Flag: flag, AbsentAfter: setup.Policy.AbsentAfter},
	}
}

// afterShift answers a check-in once plan's shift is over: there is
// nothing left to be late for, and counting the minutes since its start
// ("late by 648 min") would say nothing true. A check-in already made
// stays the answer; else the check-in is refused.
func (s *Service) afterShift(ctx context.Context, setup *Setup, m core.Member, plan Plan) (PunchResult, error) {
	if rec, err := s.store.FindRecord(ctx, m.Org.ID, m.Employee.ID, plan.Date); err == nil && !rec.CheckIn.IsZero() {
		return PunchResult{Record: rec, Plan: plan, Already: true, AbsentAfter: setup.Policy.AbsentAfter}, nil
	} else if err != nil && core.ErrorCodeOf(err) != core.ENotFound {
		return PunchResult{}, fmt.Errorf("check in %s: %w", m.Employee.Key, err)
	}
	return PunchResult{}, core.Errorf(core.EInvalid, "att.shift_over", "the shift %s ended at %s", plan.Hours(), plan.End.Format("15:04")).
		With("shift", plan.Hours()).With("end", plan.End.Format("15:04")).With("date", plan.Date.String())
}

// checkInRecord is the record a check-in at now opens on plan: late by
// the minutes past the grace period, and an absence when later than the
// policy's absence limit on a working day. siteFlag is the geofence's
// flag, if any.
func checkInRecord(pol Policy, orgID, employeeID int64, plan Plan, now time.Time, siteFlag string) Record {
	r := Record{
		OrgID: orgID, EmployeeID: employeeID, WorkDate: plan.Date, ShiftKey: plan.Shift.Key, DayKind: plan.DayKind,
		PlannedStart: plan.Start, PlannedEnd: plan.End, BreakMinutes: plan.Shift.BreakMinutes,
		CheckIn: now, LateMinutes: judgeCheckIn(pol, plan, now),
	}
	r.flag(siteFlag)
	if plan.Working && r.LateMinutes > pol.AbsentAfter {
		r.flag(FlagAbsentLate)
	}
	return r
}

// CheckOut records that m stopped work at sent (as CheckIn takes it),
// against the record they checked in on. A later check-out replaces an
// earlier one (the last punch counts); a check-out without a check-in is
// stored and flagged.
func (s *Service) CheckOut(ctx context.Context, m core.Member, at *Location, sent time.Time, channel string) (PunchResult, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return PunchResult{}, err
	}
	received := s.clock.Now().In(setup.Location)
	now, delayed := punchTime(sent, received)
	now = now.In(setup.Location)
	rec, plan, err := s.checkOutRecord(ctx, setup, m, now)
	if err != nil {
		return PunchResult{}, err
	}
	before := snapshot(rec)
	replaced := !rec.CheckOut.IsZero()
	rec.CheckOut = now
	judge(setup.Policy, plan, &rec)
	flag, err := checkSite(setup.Policy, setup.Sites, at)
	if err != nil {
		return PunchResult{}, err
	}
	rec.flag(flag)
	after := snapshot(rec)
	var note core.Notification
	if delayed {
		after["received"] = received
		if note, err = s.delayedNotice(ctx, m, "check_out", rec.WorkDate, now, received); err != nil {
			return PunchResult{}, err
		}
	}
	saved, err := s.store.SaveRecord(ctx, rec, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditCheckOut, EntityType: "attendance",
		EntityID: m.Employee.Key + "@" + rec.WorkDate.String(), Before: before, After: after,
		Channel: channel, Outcome: core.OutcomeOK, At: received,
	}, note)
	if err != nil {
		return PunchResult{}, fmt.Errorf("check out %s: %w", m.Employee.Key, err)
	}
	return PunchResult{Record: saved, Plan: plan, Replaced: replaced, Flag: flag}, nil
}

// checkOutRecord finds the record a check-out of m at now closes and the
// plan it is judged on: an open cover, the record of the punch's own work
// date, or yesterday's still open record; else a new record on the
// punch's plan.
func (s *Service) checkOutRecord(ctx context.Context, setup *Setup, m core.Member, now time.Time) (Record, Plan, error) {
	today := setup.Today(now)
	plan, _ := setup.planForPunch(m.Employee, now)
	rec, err := s.store.LatestRecord(ctx, m.Org.ID, m.Employee.ID, today.AddDays(-1), today)
	switch {
	case err == nil && rec.ShiftKey == CoverShiftKey && !rec.CheckIn.IsZero() && rec.CheckOut.IsZero():
		plan = coverPlanOf(setup, rec.WorkDate, rec.PlannedStart, rec.PlannedEnd, "")
	case err == nil && (rec.WorkDate == plan.Date || rec.CheckOut.IsZero() && !rec.CheckIn.IsZero() && !rec.Has(FlagAutoClosed)):
		plan = setup.PlanFor(m.Employee, rec.WorkDate)
	case err == nil, core.ErrorCodeOf(err) == core.ENotFound:
		rec = Record{
			OrgID: m.Org.ID, EmployeeID: m.Employee.ID, WorkDate: plan.Date, ShiftKey: plan.Shift.Key, DayKind: plan.DayKind,
			PlannedStart: plan.Start, PlannedEnd: plan.End, BreakMinutes: plan.Shift.BreakMinutes,
		}
	default:
		return Record{}, Plan{}, fmt.Errorf("check out %s: %w", m.Employee.Key, err)
	}
	return rec, plan, nil
}

// judge recomputes a record's derived figures from its punches: late and
// an absence when later than the policy allows, time worked, early leave
// and overtime, or a check-out without a check-in.
func judge(pol Policy, plan Plan, r *Record) {
	r.LateMinutes = 0
	if !r.CheckIn.IsZero() {
		r.LateMinutes = judgeCheckIn(pol, plan, r.CheckIn)
	}
	r.Flags = without(r.Flags, FlagMissingCheckIn, FlagAbsentLate)
	if plan.Working && r.LateMinutes > pol.AbsentAfter {
		r.flag(FlagAbsentLate)
	}
	r.WorkedMinutes, r.EarlyMinutes, r.OvertimeMinutes, r.OvertimeKind = 0, 0, 0, OvertimeNone
	switch {
	case r.CheckOut.IsZero():
	case r.CheckIn.IsZero():
		r.flag(FlagMissingCheckIn)
	default:
		o := judgeCheckOut(pol, plan, r.CheckIn, r.CheckOut)
		r.WorkedMinutes, r.EarlyMinutes, r.OvertimeMinutes, r.OvertimeKind = o.worked, o.early, o.overtime, o.kind
	}
}

func without(flags []string, drop ...string) []string {
	out := flags[:0:0]
	for _, f := range flags {
		keep := true
		for _, d := range drop {
			keep = keep && f != d
		}
		if keep {
			out = append(out, f)
		}
	}
	return out
}

// snapshot is a record as the audit log keeps it.
func snapshot(r Record) map[string]any {
	at := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t
	}
	return map[string]any{
		"work_date": r.WorkDate.String(), "check_in": at(r.CheckIn), "check_out": at(r.CheckOut),
		"late_minutes": r.LateMinutes, "early_minutes": r.EarlyMinutes, "worked_minutes": r.WorkedMinutes,
		"overtime_minutes": r.OvertimeMinutes, "overtime_kind": string(r.OvertimeKind), "flags": r.Flags,
	}
}

// CoverShiftKey marks a record worked as cover: its planned times are the
// cover's window.
const CoverShiftKey = "cover"

// coverPlan makes a cover the person accepted their plan for a punch at
// now, unless their own planned shift is what they are working.
func (s *Service) coverPlan(ctx context.Context, setup *Setup, e core.Employee, own Plan, now time.Time) (Plan, bool, error) {
	covers, ok := s.store.(CoverShifts)
	if !ok {
		return Plan{}, false, nil
	}
	if inOwnWindow(setup, own, now) {
		return Plan{}, false, nil
	}
	open := time.Duration(setup.Policy.CheckinOpen) * time.Minute
	start, end, job, found, err := covers.CoverAt(ctx, e.ID, now, open)
	if err != nil || !found {
		return Plan{}, false, err
	}
	return coverPlanOf(setup, core.DateOf(start.In(setup.Location)), start, end, job), true, nil
}

// inOwnWindow reports whether now is within the check-in window of the
// person's own planned shift: from when check-in opens to its end. Then
// that shift is what they are working, not a cover.
func inOwnWindow(setup *Setup, own Plan, now time.Time) bool {
	open := time.Duration(setup.Policy.CheckinOpen) * time.Minute
	return own.Working && !now.Before(own.Start.Add(-open)) && now.Before(own.End)
}

func coverPlanOf(setup *Setup, d core.Date, start, end time.Time, job string) Plan {
	local := start.In(setup.Location)
	from := local.Hour()*60 + local.Minute()
	span := int(end.Sub(start) / time.Minute)
	p := Plan{Date: d, DayKind: setup.Calendar.Kind(d), Statutory: setup.Calendar.IsStatutoryHoliday(d), HolidayName: setup.Calendar.Name(d),
		Working: true, Shift: Shift{Key: CoverShiftKey, Name: CoverShiftKey, Start: from, End: (from + span) % 1440, Job: job},
		Start: start, End: end}
	return p
}
