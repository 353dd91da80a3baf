package attendance

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// CorrectionRequest is what a person asks to fix.
type CorrectionRequest struct {
	Date   core.Date
	Kind   CorrectionKind
	Minute int // minute of the day the punch should say
	Reason string
	// Sent is when the person sent the request (zero when unknown): the
	// correction window and "not in the future" are judged at that time
	// when it is plausible, as punches are (punchTime).
	Sent time.Time
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
	if err := s.checkCorrectionDate(setup, m, d, s.clock.Now()); err != nil {
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

func (s *Service) checkCorrectionDate(setup *Setup, m core.Member, d core.Date, now time.Time) error {
	today := setup.Today(now)
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
	now, _ := punchTime(req.Sent, s.clock.Now())
	now = now.In(setup.Location)
	if req.Reason == "" {
		return Correction{}, core.Employee{}, core.Errorf(core.EInvalid, "att.fix_reason", "a correction needs a reason")
	}
	if err := s.checkCorrectionDate(setup, m, req.Date, now); err != nil {
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
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditCorrectionRequest, EntityType: "correction",
		EntityID: m.Employee.Key + "@" + req.Date.String(),
		After:    map[string]any{"kind": req.Kind, "at": at, "reason": req.Reason, "approver": approver.Key},
		Channel:  channel, Outcome: core.OutcomeOK, At: now,
	}, core.Notification{OrgID: m.Org.ID, RecipientID: approver.ID, Kind: core.NotifyFixRequest, CreatedAt: now})
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
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditCorrectionReject, EntityType: "correction",
		EntityID: strconv.FormatInt(c.ID, 10), Before: map[string]any{"status": CorrectionPending},
		After: map[string]any{"status": CorrectionRejected, "reason": reason}, Channel: channel, Outcome: core.OutcomeOK, At: now,
	}}
	var rec *Record
	if approve {
		c.Status, c.RejectReason = CorrectionApproved, ""
		audits[0].Action, audits[0].After = "attendance.approve_correction", map[string]any{"status": CorrectionApproved}
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
		if r, err = corrected(setup, target, c, r); err != nil {
			return Correction{}, err
		}
		rec = &r
		audits = append(audits, core.AuditEntry{
			OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditCorrect, EntityType: "attendance",
			EntityID: c.EmployeeKey + "@" + c.WorkDate.String(), Before: before, After: snapshot(r),
			Channel: channel, Outcome: core.OutcomeOK, At: now,
		})
	}
	n := core.Notification{OrgID: c.OrgID, RecipientID: c.EmployeeID, Kind: core.NotifyFixDecided, CreatedAt: now,
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

// corrected is record r of e's day with correction c's punch set, judged
// again against the day's plan. Errors: EInvalid when the check-out would
// come before the check-in.
func corrected(setup *Setup, e core.Employee, c Correction, r Record) (Record, error) {
	plan := setup.PlanFor(e, c.WorkDate)
	r.ShiftKey, r.DayKind, r.PlannedStart, r.PlannedEnd, r.BreakMinutes = plan.Shift.Key, plan.DayKind, plan.Start, plan.End, plan.Shift.BreakMinutes
	if c.Kind == FixCheckIn {
		r.CheckIn = c.At
	} else {
		r.CheckOut = c.At
	}
	if !r.CheckIn.IsZero() && !r.CheckOut.IsZero() && r.CheckOut.Before(r.CheckIn) {
		return Record{}, core.Errorf(core.EInvalid, "att.fix_order", "check-out would be before check-in")
	}
	r.Flags = without(r.Flags, FlagAutoClosed)
	judge(setup.Policy, plan, &r)
	r.flag(FlagCorrected)
	return r, nil
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
