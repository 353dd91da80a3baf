package attendance

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Authorizer applies core's permission rules and audits refusals.
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service runs attendance for every org.
type Service struct {
	store Store
	auth  Authorizer
	clock core.Clock

	mu     sync.Mutex
	setups map[int64]*Setup // by org, replaced when its config version changes
}

// NewService returns a Service.
func NewService(store Store, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, auth: auth, clock: clock, setups: map[int64]*Setup{}}
}

// Setup returns the org's attendance configuration, cached until an apply
// changes the org's config version.
func (s *Service) Setup(ctx context.Context, org core.Org) (*Setup, error) {
	s.mu.Lock()
	cached := s.setups[org.ID]
	s.mu.Unlock()
	if cached != nil && cached.Version == org.ConfigVersion {
		return cached, nil
	}
	setup, err := s.store.Setup(ctx, org)
	if err != nil {
		return nil, fmt.Errorf("load attendance setup of %s: %w", org.Key, err)
	}
	s.mu.Lock()
	s.setups[org.ID] = setup
	s.mu.Unlock()
	return setup, nil
}

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

// CheckIn records that m started work now. A second check-in for the same
// work date stores nothing and reports the first. Errors: EInvalid (too
// early for the shift, after the shift has ended, outside every site when
// the org refuses that).
func (s *Service) CheckIn(ctx context.Context, m core.Member, at *Location, channel string) (PunchResult, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return PunchResult{}, err
	}
	now := s.clock.Now().In(setup.Location)
	plan, tooEarly := setup.planForPunch(m.Employee, now)
	if cover, ok, err := s.coverPlan(ctx, setup, m.Employee, plan, now); err != nil {
		return PunchResult{}, err
	} else if ok {
		plan, tooEarly = cover, false
	}
	if tooEarly {
		opens := plan.Start.Add(-time.Duration(setup.Policy.CheckinOpen) * time.Minute)
		return PunchResult{}, core.Errorf(core.EInvalid, "att.too_early", "check-in opens at %s", opens.Format("15:04")).
			With("shift", plan.Hours()).With("opens", opens.Format("15:04"))
	}
	if plan.Working && !now.Before(plan.End) {
		// The shift is over: there is nothing left to be late for, and
		// counting the minutes since its start ("late by 648 min") would
		// say nothing true. A check-in already made stays the answer.
		if rec, err := s.store.FindRecord(ctx, m.Org.ID, m.Employee.ID, plan.Date); err == nil && !rec.CheckIn.IsZero() {
			return PunchResult{Record: rec, Plan: plan, Already: true, AbsentAfter: setup.Policy.AbsentAfter}, nil
		} else if err != nil && core.ErrorCodeOf(err) != core.ENotFound {
			return PunchResult{}, fmt.Errorf("check in %s: %w", m.Employee.Key, err)
		}
		return PunchResult{}, core.Errorf(core.EInvalid, "att.shift_over", "the shift %s ended at %s", plan.Hours(), plan.End.Format("15:04")).
			With("shift", plan.Hours()).With("end", plan.End.Format("15:04")).With("date", plan.Date.String())
	}
	flag, err := checkSite(setup.Policy, setup.Sites, at)
	if err != nil {
		return PunchResult{}, err
	}
	r := Record{
		OrgID: m.Org.ID, EmployeeID: m.Employee.ID, WorkDate: plan.Date, ShiftKey: plan.Shift.Key, DayKind: plan.DayKind,
		PlannedStart: plan.Start, PlannedEnd: plan.End, BreakMinutes: plan.Shift.BreakMinutes,
		CheckIn: now, LateMinutes: judgeCheckIn(setup.Policy, plan, now),
	}
	r.flag(flag)
	if plan.Working && r.LateMinutes > setup.Policy.AbsentAfter {
		r.flag(FlagAbsentLate)
	}
	if at != nil {
		r.Lat, r.Lon = &at.Lat, &at.Lon
	}
	stored, inserted, err := s.store.InsertCheckIn(ctx, r, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: "attendance.check_in", EntityType: "attendance",
		EntityID: m.Employee.Key + "@" + plan.Date.String(),
		After:    map[string]any{"check_in": now, "late_minutes": r.LateMinutes, "flags": r.Flags},
		Channel:  channel, Outcome: core.OutcomeOK, At: now,
	})
	if err != nil {
		return PunchResult{}, fmt.Errorf("check in %s: %w", m.Employee.Key, err)
	}
	return PunchResult{Record: stored, Plan: plan, Already: !inserted, Flag: flag, AbsentAfter: setup.Policy.AbsentAfter}, nil
}

// CheckOut records that m stopped work now, against the record they
// checked in on. A later check-out replaces an earlier one (the last punch
// counts); a check-out without a check-in is stored and flagged.
func (s *Service) CheckOut(ctx context.Context, m core.Member, at *Location, channel string) (PunchResult, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return PunchResult{}, err
	}
	now := s.clock.Now().In(setup.Location)
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
		return PunchResult{}, fmt.Errorf("check out %s: %w", m.Employee.Key, err)
	}
	before := snapshot(rec)
	replaced := !rec.CheckOut.IsZero()
	rec.CheckOut = now
	s.judge(setup, plan, &rec)
	flag, err := checkSite(setup.Policy, setup.Sites, at)
	if err != nil {
		return PunchResult{}, err
	}
	rec.flag(flag)
	saved, err := s.store.SaveRecord(ctx, rec, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: "attendance.check_out", EntityType: "attendance",
		EntityID: m.Employee.Key + "@" + rec.WorkDate.String(), Before: before, After: snapshot(rec),
		Channel: channel, Outcome: core.OutcomeOK, At: now,
	})
	if err != nil {
		return PunchResult{}, fmt.Errorf("check out %s: %w", m.Employee.Key, err)
	}
	return PunchResult{Record: saved, Plan: plan, Replaced: replaced, Flag: flag}, nil
}

// judge recomputes a record's derived figures from its punches.
func (s *Service) judge(setup *Setup, plan Plan, r *Record) {
	r.LateMinutes = 0
	if !r.CheckIn.IsZero() {
		r.LateMinutes = judgeCheckIn(setup.Policy, plan, r.CheckIn)
	}
	r.Flags = without(r.Flags, FlagMissingCheckIn, FlagAbsentLate)
	if plan.Working && r.LateMinutes > setup.Policy.AbsentAfter {
		r.flag(FlagAbsentLate)
	}
	r.WorkedMinutes, r.EarlyMinutes, r.OvertimeMinutes, r.OvertimeKind = 0, 0, 0, OvertimeNone
	switch {
	case r.CheckOut.IsZero():
	case r.CheckIn.IsZero():
		r.flag(FlagMissingCheckIn)
	default:
		o := judgeCheckOut(setup.Policy, plan, r.CheckIn, r.CheckOut)
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

// CloseMissingCheckouts applies every org's auto check-out rule.
func (s *Service) CloseMissingCheckouts(ctx context.Context) (int, error) {
	n, err := s.store.CloseMissingCheckouts(ctx, s.clock.Now())
	if err != nil {
		return 0, fmt.Errorf("close missing check-outs: %w", err)
	}
	return n, nil
}

// CorrectionRequest is what a person asks to fix.
type CorrectionRequest struct {
	Date   core.Date
	Kind   CorrectionKind
	Minute int // minute of the day the punch should say
	Reason string
}

// StartOf returns the first day e's attendance counts in org: the later of
// the org's go-live day and e's hire date (zero when neither is known).
// hired is set when the hire date is the later one, to say why.
func StartOf(org core.Org, e core.Employee) (start core.Date, hired bool) {
	start = org.GoLive
	if !e.HireDate.IsZero() {
		if h := core.DateOf(e.HireDate); h.After(start) {
			return h, true
		}
	}
	return start, false
}

// fixBeforeStart refuses a correction of a day before someone's
// attendance counts, saying which start it is before.
func fixBeforeStart(org core.Org, e core.Employee, d core.Date) error {
	start, hired := StartOf(org, e)
	if hired {
		return core.Errorf(core.EInvalid, "att.fix_before_hire", "%s is before the hire date %s", d, start).
			With("date", d.String()).With("start", start.String())
	}
	return core.Errorf(core.EInvalid, "att.fix_before_go_live", "%s is before the go-live %s", d, start).
		With("date", d.String()).With("start", start.String())
}

// CheckCorrectionDate says whether m may ask to correct a punch of day d,
// before the rest of the request is asked for. Errors: EInvalid (a day in
// the future, too long ago, before their hire date or the org's go-live,
// or a month whose corrections are used up).
func (s *Service) CheckCorrectionDate(ctx context.Context, m core.Member, d core.Date) error {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return err
	}
	if err := s.checkCorrectionDate(setup, m, d); err != nil {
		return err
	}
	if most := setup.Policy.CorrectionsPerMonth; most > 0 {
		used, err := s.store.CountCorrections(ctx, m.Org.ID, m.Employee.ID, d.MonthStart(), d.MonthEnd())
		if err != nil {
			return fmt.Errorf("count corrections of %s: %w", m.Employee.Key, err)
		}
		if used >= most {
			return correctionLimit(most, d)
		}
	}
	return nil
}

func (s *Service) checkCorrectionDate(setup *Setup, m core.Member, d core.Date) error {
	today := setup.Today(s.clock.Now())
	if d.After(today) {
		return core.Errorf(core.EInvalid, "att.fix_future", "cannot correct a future day").With("date", d.String())
	}
	if start, _ := StartOf(m.Org, m.Employee); d.Before(start) {
		return fixBeforeStart(m.Org, m.Employee, d)
	}
	if d.DaysUntil(today) > setup.Policy.CorrectionDays {
		return core.Errorf(core.EInvalid, "att.fix_too_old", "too old to correct").
			With("date", d.String()).With("days", strconv.Itoa(setup.Policy.CorrectionDays))
	}
	return nil
}

func correctionLimit(most int, d core.Date) error {
	return core.Errorf(core.EInvalid, "att.fix_limit", "%d corrections in %d-%02d already", most, d.Year, d.Month).
		With("max", strconv.Itoa(most)).With("month", fmt.Sprintf("%d-%02d", d.Year, d.Month))
}

// RequestCorrection files a correction for the member's own punch and
// notifies whoever approves it. The org's cap on corrections counts the
// person's pending and approved corrections of days in the same calendar
// month as the corrected day. Errors: EInvalid (future, too old, before
// their hire date or the org's go-live, over the monthly cap, no reason),
// EConflict (one already pending), ENotFound (nobody to approve).
func (s *Service) RequestCorrection(ctx context.Context, m core.Member, req CorrectionRequest, channel string) (Correction, core.Employee, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return Correction{}, core.Employee{}, err
	}
	now := s.clock.Now().In(setup.Location)
	if req.Reason == "" {
		return Correction{}, core.Employee{}, core.Errorf(core.EInvalid, "att.fix_reason", "a correction needs a reason")
	}
	if err := s.checkCorrectionDate(setup, m, req.Date); err != nil {
		return Correction{}, core.Employee{}, err
	}
	plan := setup.PlanFor(m.Employee, req.Date)
	at := req.Date.At(req.Minute, setup.Location)
	// The end of an overnight shift falls on the next calendar day.
	if plan.Working && plan.Shift.CrossesMidnight() && req.Kind == FixCheckOut && req.Minute < plan.Shift.Start {
		at = req.Date.AddDays(1).At(req.Minute, setup.Location)
	}
	if at.After(now) {
		return Correction{}, core.Employee{}, core.Errorf(core.EInvalid, "att.fix_future", "cannot set a punch in the future").With("date", req.Date.String())
	}
	approver, err := s.store.FindApprover(ctx, m.Employee)
	if err != nil {
		if core.ErrorCodeOf(err) == core.ENotFound {
			return Correction{}, core.Employee{}, core.Errorf(core.ENotFound, "att.no_approver", "nobody can approve this")
		}
		return Correction{}, core.Employee{}, fmt.Errorf("find approver for %s: %w", m.Employee.Key, err)
	}
	c := Correction{
		OrgID: m.Org.ID, EmployeeID: m.Employee.ID, EmployeeKey: m.Employee.Key, EmployeeName: m.Employee.Name,
		WorkDate: req.Date, Kind: req.Kind, At: at, Reason: req.Reason, Status: CorrectionPending,
		ApproverID: approver.ID, CreatedAt: now,
	}
	limit := CorrectionLimit{Max: setup.Policy.CorrectionsPerMonth, From: req.Date.MonthStart(), To: req.Date.MonthEnd()}
	c, err = s.store.CreateCorrection(ctx, c, limit, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: "attendance.request_correction", EntityType: "correction",
		EntityID: m.Employee.Key + "@" + req.Date.String(),
		After:    map[string]any{"kind": req.Kind, "at": at, "reason": req.Reason, "approver": approver.Key},
		Channel:  channel, Outcome: core.OutcomeOK, At: now,
	}, core.Notification{OrgID: m.Org.ID, RecipientID: approver.ID, Kind: "att.fix.request", CreatedAt: now})
	if err != nil {
		switch {
		case core.ErrorCodeOf(err) == core.EConflict:
			return Correction{}, core.Employee{}, core.Errorf(core.EConflict, "att.fix_pending", "already pending").With("date", req.Date.String())
		case errors.Is(err, ErrCorrectionLimit):
			return Correction{}, core.Employee{}, correctionLimit(limit.Max, req.Date)
		}
		return Correction{}, core.Employee{}, fmt.Errorf("request correction: %w", err)
	}
	return c, approver, nil
}

// ToDecide returns a correction m is about to decide, checking first what
// DecideCorrection will check, so that a rejection's reason is not asked
// for in vain. Errors: ENotFound, EForbidden (audited), EConflict (already decided).
func (s *Service) ToDecide(ctx context.Context, m core.Member, id int64, channel string) (Correction, core.Employee, error) {
	c, err := s.store.FindCorrection(ctx, m.Org.ID, id)
	if err != nil {
		return Correction{}, core.Employee{}, fmt.Errorf("decide correction %d: %w", id, err)
	}
	target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, c.EmployeeID)
	if err != nil {
		return Correction{}, core.Employee{}, fmt.Errorf("decide correction %d: %w", id, err)
	}
	if err := s.auth.Authorize(ctx, m, core.ActionCorrectionDecide, &target, channel); err != nil {
		return Correction{}, core.Employee{}, err
	}
	if c.Status != CorrectionPending {
		return c, target, alreadyDecided(c)
	}
	return c, target, nil
}

// DecideCorrection approves or rejects a pending correction; a rejection
// carries the reason the employee is told. Approving sets the punch and
// recomputes the day; the record's old state stays in the audit log.
// Deciding twice changes nothing and says who decided. Errors: ENotFound,
// EForbidden (audited), EConflict (already decided), EInvalid (a
// rejection without a reason).
func (s *Service) DecideCorrection(ctx context.Context, m core.Member, id int64, approve bool, reason, channel string) (Correction, error) {
	c, target, err := s.ToDecide(ctx, m, id, channel)
	if err != nil {
		return c, err
	}
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return Correction{}, core.Errorf(core.EInvalid, "att.fix_reject_reason", "a rejection needs a reason")
	}
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return Correction{}, err
	}
	now := s.clock.Now()
	c.DecidedByID, c.DecidedByName, c.DecidedAt = m.Employee.ID, m.Employee.Name, now
	c.Status, c.RejectReason = CorrectionRejected, reason
	audits := []core.AuditEntry{{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: "attendance.reject_correction", EntityType: "correction",
		EntityID: strconv.FormatInt(c.ID, 10), Before: map[string]any{"status": CorrectionPending},
		After: map[string]any{"status": CorrectionRejected, "reason": reason}, Channel: channel, Outcome: core.OutcomeOK, At: now,
	}}
	var rec *Record
	if approve {
		c.Status, c.RejectReason = CorrectionApproved, ""
		audits[0].Action, audits[0].After = "attendance.approve_correction", map[string]any{"status": CorrectionApproved}
		emp := target
		plan := setup.PlanFor(emp, c.WorkDate)
		r, err := s.store.FindRecord(ctx, c.OrgID, c.EmployeeID, c.WorkDate)
		if err != nil && core.ErrorCodeOf(err) != core.ENotFound {
			return Correction{}, fmt.Errorf("decide correction %d: %w", id, err)
		}
		var before any
		if err == nil {
			before = snapshot(r)
		} else {
			r = Record{OrgID: c.OrgID, EmployeeID: c.EmployeeID, WorkDate: c.WorkDate}
		}
		r.ShiftKey, r.DayKind, r.PlannedStart, r.PlannedEnd, r.BreakMinutes = plan.Shift.Key, plan.DayKind, plan.Start, plan.End, plan.Shift.BreakMinutes
		if c.Kind == FixCheckIn {
			r.CheckIn = c.At
		} else {
			r.CheckOut = c.At
		}
		if !r.CheckIn.IsZero() && !r.CheckOut.IsZero() && r.CheckOut.Before(r.CheckIn) {
			return Correction{}, core.Errorf(core.EInvalid, "att.fix_order", "check-out would be before check-in")
		}
		r.Flags = without(r.Flags, FlagAutoClosed)
		s.judge(setup, plan, &r)
		r.flag(FlagCorrected)
		rec = &r
		audits = append(audits, core.AuditEntry{
			OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: "attendance.correct", EntityType: "attendance",
			EntityID: c.EmployeeKey + "@" + c.WorkDate.String(), Before: before, After: snapshot(r),
			Channel: channel, Outcome: core.OutcomeOK, At: now,
		})
	}
	n := core.Notification{OrgID: c.OrgID, RecipientID: c.EmployeeID, Kind: "att.fix.decided", CreatedAt: now,
		Params: map[string]string{"id": strconv.FormatInt(c.ID, 10)}}
	if err := s.store.DecideCorrection(ctx, c, rec, audits, n); err != nil {
		if core.ErrorCodeOf(err) == core.EConflict {
			// Someone decided between our read and our write (a double click).
			if latest, ferr := s.store.FindCorrection(ctx, m.Org.ID, id); ferr == nil {
				return latest, alreadyDecided(latest)
			}
		}
		return Correction{}, fmt.Errorf("decide correction %d: %w", id, err)
	}
	return c, nil
}

func alreadyDecided(c Correction) error {
	key := "att.fix_already_approved"
	if c.Status == CorrectionRejected {
		key = "att.fix_already_rejected"
	}
	return core.Errorf(core.EConflict, key, "already %s by %s", c.Status, c.DecidedByName).
		With("by", c.DecidedByName).With("at", c.DecidedAt.Format("01-02 15:04"))
}

// PendingCorrections lists the corrections waiting for m's decision: their
// own approvals, and for HR and admins every pending one in the org.
func (s *Service) PendingCorrections(ctx context.Context, m core.Member) ([]Correction, error) {
	approver := m.Employee.ID
	if m.Employee.Role == core.RoleHR || m.Employee.Role == core.RoleAdmin {
		approver = 0
	}
	cs, err := s.store.ListCorrections(ctx, m.Org.ID, CorrectionPending, approver)
	if err != nil {
		return nil, fmt.Errorf("list pending corrections: %w", err)
	}
	out := cs[:0]
	for _, c := range cs {
		if c.EmployeeID != m.Employee.ID {
			out = append(out, c)
		}
	}
	return out, nil
}

// FindCorrection returns one of the org's corrections.
func (s *Service) FindCorrection(ctx context.Context, m core.Member, id int64) (Correction, error) {
	return s.store.FindCorrection(ctx, m.Org.ID, id)
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
	open := time.Duration(setup.Policy.CheckinOpen) * time.Minute
	if own.Working && !now.Before(own.Start.Add(-open)) && now.Before(own.End) {
		return Plan{}, false, nil
	}
	start, end, job, found, err := covers.CoverAt(ctx, e.ID, now, open)
	if err != nil || !found {
		return Plan{}, false, err
	}
	return coverPlanOf(setup, core.DateOf(start.In(setup.Location)), start, end, job), true, nil
}

func coverPlanOf(setup *Setup, d core.Date, start, end time.Time, job string) Plan {
	local := start.In(setup.Location)
	from := local.Hour()*60 + local.Minute()
	span := int(end.Sub(start) / time.Minute)
	p := Plan{Date: d, DayKind: setup.Calendar.Kind(d), Statutory: setup.Calendar.IsStatutoryHoliday(d), HolidayName: setup.Calendar.Name(d),
		Working: true, Shift: core.Shift{Key: CoverShiftKey, Name: CoverShiftKey, Start: from, End: (from + span) % 1440, Job: job},
		Start: start, End: end}
	return p
}
