package leave

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// Submit sends a request to its first approver. Errors: those of Preview,
// EConflict when it overlaps a pending or approved request.
func (s *Service) Submit(ctx context.Context, m core.Member, ask Ask, channel string) (Request, Preview, error) {
	var r Request
	var p Preview
	err := s.store.InTurn(ctx, func(ctx context.Context) error {
		// The balance is checked and spent under the person's lock, so two
		// requests at once cannot both spend the last days.
		if err := s.store.LockPerson(ctx, m.Employee.ID); err != nil {
			return err
		}
		var err error
		r, p, err = s.submit(ctx, m, ask, channel)
		return err
	})
	return r, p, err
}

func (s *Service) submit(ctx context.Context, m core.Member, ask Ask, channel string) (Request, Preview, error) {
	p, err := s.Preview(ctx, m, ask)
	if err != nil {
		return Request{}, Preview{}, err
	}
	now := s.clock.Now()
	r := Request{
		OrgID: m.Org.ID, EmployeeID: m.Employee.ID, EmployeeKey: m.Employee.Key, EmployeeName: m.Employee.Name,
		Type: p.Type.Key, Span: ask.Span, Start: p.Start, End: p.End, Minutes: p.Minutes, Reason: ask.Reason,
		Status: Pending, Step: StepManager, ApproverID: p.Approver.ID, CreatedAt: now, SentAt: now,
	}
	r, err = s.store.CreateRequest(ctx, r, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditLeaveRequest, EntityType: "leave_request",
		After: snapshot(r), Channel: channel, Outcome: core.OutcomeOK, At: now,
	}, core.Notification{OrgID: m.Org.ID, RecipientID: p.Approver.ID, Kind: core.NotifyLeaveRequest, CreatedAt: now})
	if err != nil {
		if core.ErrorCodeOf(err) == core.EConflict {
			return Request{}, Preview{}, core.Errorf(core.EConflict, "leave.overlap_error", "overlaps another request").
				With("from", ask.Span.From.String()).With("to", ask.Span.To.String())
		}
		return Request{}, Preview{}, fmt.Errorf("submit leave: %w", err)
	}
	return r, p, nil
}

// Decide approves or rejects a request at its current step. Approving at
// the manager's step moves a long request on to HR; the final approval
// publishes "shift uncovered" for every staffed shift it takes the person
// off. Errors: ENotFound, EForbidden (audited), EConflict (already decided,
// cancelled), EInvalid (a rejection without a reason).
func (s *Service) Decide(ctx context.Context, m core.Member, id int64, approve bool, reason, channel string) (Request, error) {
	r, err := s.store.FindRequest(ctx, m.Org.ID, id)
	if err != nil {
		return Request{}, fmt.Errorf("decide leave %d: %w", id, err)
	}
	target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.EmployeeID)
	if err != nil {
		return Request{}, fmt.Errorf("decide leave %d: %w", id, err)
	}
	if err := s.mayDecide(ctx, m, r, target, channel); err != nil {
		return Request{}, err
	}
	if r.Status != Pending {
		return r, decided(r)
	}
	if !approve && reason == "" {
		return Request{}, core.Errorf(core.EInvalid, "leave.reject_reason", "a rejection needs a reason")
	}
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return Request{}, err
	}
	now := s.clock.Now()
	before, fromStep := snapshot(r), r.Step
	var ns []core.Notification
	var events []Event
	action := "leave.reject"
	switch {
	case !approve:
		r.Status, r.RejectReason = Rejected, reason
	// HR deciding first (the requester has no manager, or HR steps in)
	// is HR's approval too: nobody is asked twice.
	case r.Step == StepManager && needsHR(setup.Policy, r.Minutes, m.Employee.Role):
		hr, err := s.hrApprover(ctx, m, target)
		if err != nil {
			return Request{}, err
		}
		action = "leave.approve_step"
		r.Step, r.ApproverID, r.SentAt = StepHR, hr.ID, now
		ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: hr.ID, Kind: core.NotifyLeaveRequest, CreatedAt: now})
	default:
		action = "leave.approve"
		r.Status = Approved
		events, err = s.uncovered(ctx, m.Org, target, r)
		if err != nil {
			return Request{}, err
		}
	}
	if r.Status != Pending {
		r.DecidedByID, r.DecidedBy, r.DecidedAt = m.Employee.ID, m.Employee.Name, now
		ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: r.EmployeeID, Kind: core.NotifyLeaveDecided, CreatedAt: now})
	}
	for i := range ns {
		ns[i].Params = map[string]string{"id": strconv.FormatInt(r.ID, 10)}
	}
	err = s.store.UpdateRequest(ctx, r, Pending, fromStep, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: action, EntityType: "leave_request", EntityID: strconv.FormatInt(r.ID, 10),
		Before: before, After: snapshot(r), Channel: channel, Outcome: core.OutcomeOK, At: now, Reason: reason,
	}, ns, events)
	if core.ErrorCodeOf(err) == core.EConflict {
		// Someone decided or cancelled between our read and our write.
		if latest, ferr := s.store.FindRequest(ctx, m.Org.ID, id); ferr == nil {
			return latest, decided(latest)
		}
	}
	if err != nil {
		return Request{}, fmt.Errorf("decide leave %d: %w", id, err)
	}
	return r, nil
}

// mayDecide lets the current approver, their delegate, and HR and admins
// decide; never the requester.
func (s *Service) mayDecide(ctx context.Context, m core.Member, r Request, target core.Employee, channel string) error {
	if m.Employee.ID != r.EmployeeID && m.Employee.Status == core.StatusActive {
		if m.Employee.ID == r.ApproverID {
			return nil
		}
		if approver, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.ApproverID); err == nil && approver.DelegateID == m.Employee.ID {
			return nil
		}
	}
	return s.auth.Authorize(ctx, m, core.ActionLeaveDecide, &target, channel)
}

func (s *Service) hrApprover(ctx context.Context, m core.Member, target core.Employee) (core.Employee, error) {
	staff, err := s.store.ListEmployees(ctx, m.Org.ID, 0)
	if err != nil {
		return core.Employee{}, fmt.Errorf("find HR: %w", err)
	}
	var admin *core.Employee
	for i, e := range staff {
		if e.ID == target.ID {
			continue
		}
		if e.Role == core.RoleHR {
			return e, nil
		}
		if e.Role == core.RoleAdmin && admin == nil {
			admin = &staff[i]
		}
	}
	if admin != nil {
		return *admin, nil
	}
	return core.Employee{}, core.Errorf(core.ENotFound, "leave.no_hr", "no HR person to approve")
}

// Decided is the error for acting on a request that is no longer pending:
// it says who decided, or that it was cancelled.
func Decided(r Request) error { return decided(r) }

func decided(r Request) error {
	if r.Status == Cancelled {
		return core.Errorf(core.EConflict, "leave.already_cancelled", "request was cancelled").With("name", r.EmployeeName)
	}
	if r.Status == Pending {
		return core.Errorf(core.EConflict, "leave.moved_on", "request moved on to the next step")
	}
	return core.Errorf(core.EConflict, "leave.already_"+string(r.Status), "already %s by %s", r.Status, r.DecidedBy).
		With("by", r.DecidedBy).With("at", r.DecidedAt.Format("01-02 15:04"))
}

// uncovered lists the staffed shifts an approved request takes the person off.
func (s *Service) uncovered(ctx context.Context, org core.Org, e core.Employee, r Request) ([]Event, error) {
	plans, err := s.plans.Setup(ctx, org)
	if err != nil {
		return nil, err
	}
	var events []Event
	for d := r.Span.From; !d.After(r.Span.To); d = d.AddDays(1) {
		p := plans.PlanFor(e, d)
		if !p.Working || p.Shift.Key == "" || p.Shift.Job == "" {
			continue
		}
		events = append(events, Event{Kind: core.EventShiftUncovered, Payload: core.ShiftUncovered{
			Employee: e.Key, EmployeeID: e.ID, Date: d.String(), Shift: p.Shift.Key, Job: p.Shift.Job,
			Start: p.Start, End: p.End, LeaveRequest: r.ID,
		}})
	}
	return events, nil
}
