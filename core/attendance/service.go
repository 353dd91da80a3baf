package attendance

import (
	"context"
	"fmt"
	"strconv"
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
	setup, err := s.store.LoadSetup(ctx, org)
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
}

// CheckIn records that m started work now. A second check-in for the same
// work date stores nothing and reports the first. Errors: EInvalid (too
// early for the shift, outside every site when the org refuses that).
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
	return PunchResult{Record: stored, Plan: plan, Already: !inserted, Flag: flag}, nil
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

// RequestCorrection files a correction for the member's own punch and
// notifies whoever approves it. Errors: EInvalid (future, too old, no
// reason), EConflict (one already pending), ENotFound (nobody to approve).
func (s *Service) RequestCorrection(ctx context.Context, m core.Member, req CorrectionRequest, channel string) (Correction, core.Employee, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return Correction{}, core.Employee{}, err
	}
	now := s.clock.Now().In(setup.Location)
	today := setup.Today(now)
	if req.Reason == "" {
		return Correction{}, core.Employee{}, core.Errorf(core.EInvalid, "att.fix_reason", "a correction needs a reason")
	}
	if req.Date.After(today) {
		return Correction{}, core.Employee{}, core.Errorf(core.EInvalid, "att.fix_future", "cannot correct a future day").With("date", req.Date.String())
	}
	if req.Date.DaysUntil(today) > setup.Policy.CorrectionDays {
		return Correction{}, core.Employee{}, core.Errorf(core.EInvalid, "att.fix_too_old", "too old to correct").
			With("date", req.Date.String()).With("days", strconv.Itoa(setup.Policy.CorrectionDays))
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
	c, err = s.store.CreateCorrection(ctx, c, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: "attendance.request_correction", EntityType: "correction",
		EntityID: m.Employee.Key + "@" + req.Date.String(),
		After:    map[string]any{"kind": req.Kind, "at": at, "reason": req.Reason, "approver": approver.Key},
		Channel:  channel, Outcome: core.OutcomeOK, At: now,
	}, core.Notification{OrgID: m.Org.ID, RecipientID: approver.ID, Kind: "att.fix.request", CreatedAt: now})
	if err != nil {
		if core.ErrorCodeOf(err) == core.EConflict {
			return Correction{}, core.Employee{}, core.Errorf(core.EConflict, "att.fix_pending", "already pending").With("date", req.Date.String())
		}
		return Correction{}, core.Employee{}, fmt.Errorf("request correction: %w", err)
	}
	return c, approver, nil
}

// DecideCorrection approves or rejects a pending correction. Approving
// sets the punch and recomputes the day; the record's old state stays in
// the audit log. Deciding twice changes nothing and says who decided.
// Errors: ENotFound, EForbidden (audited), EConflict (already decided).
func (s *Service) DecideCorrection(ctx context.Context, m core.Member, id int64, approve bool, channel string) (Correction, error) {
	c, err := s.store.FindCorrection(ctx, m.Org.ID, id)
	if err != nil {
		return Correction{}, fmt.Errorf("decide correction %d: %w", id, err)
	}
	target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, c.EmployeeID)
	if err != nil {
		return Correction{}, fmt.Errorf("decide correction %d: %w", id, err)
	}
	if err := s.auth.Authorize(ctx, m, core.ActionCorrectionDecide, &target, channel); err != nil {
		return Correction{}, err
	}
	if c.Status != CorrectionPending {
		return c, alreadyDecided(c)
	}
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return Correction{}, err
	}
	now := s.clock.Now()
	c.DecidedByID, c.DecidedByName, c.DecidedAt = m.Employee.ID, m.Employee.Name, now
	c.Status = CorrectionRejected
	audits := []core.AuditEntry{{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: "attendance.reject_correction", EntityType: "correction",
		EntityID: strconv.FormatInt(c.ID, 10), Before: map[string]any{"status": CorrectionPending},
		After: map[string]any{"status": CorrectionRejected}, Channel: channel, Outcome: core.OutcomeOK, At: now,
	}}
	var rec *Record
	if approve {
		c.Status = CorrectionApproved
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
