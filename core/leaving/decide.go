package leaving

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

type stage struct {
	step     Step
	approver core.Employee
}

// approver is who decides r from step on: the person's manager (when
// active and not HR's step), else the org's HR person (an admin when
// there is none).
func (s *Service) approver(ctx context.Context, r Resignation, from Step) (stage, error) {
	people, err := s.store.ListEmployees(ctx, r.OrgID, 0)
	if err != nil {
		return stage{}, fmt.Errorf("resignation approvers: %w", err)
	}
	var hr *core.Employee
	for i, p := range people {
		if from == StepManager && p.ID == r.ManagerID && p.ID != r.EmployeeID {
			return stage{step: StepManager, approver: p}, nil
		}
		if p.ID == r.EmployeeID || p.Role != core.RoleHR && p.Role != core.RoleAdmin {
			continue
		}
		if hr == nil || p.Role == core.RoleHR && hr.Role != core.RoleHR {
			hr = &people[i]
		}
	}
	if hr == nil {
		return stage{}, core.Errorf(core.ENotFound, "leaving.no_hr", "no HR person to approve")
	}
	return stage{step: StepHR, approver: *hr}, nil
}

// Decision is an approver's answer. Earlier, when set, is the earlier
// last day the approver agrees to (协商一致, art. 36): the notice no
// longer binds.
type Decision struct {
	Approve bool
	Earlier core.Date
	Reason  string
}

// Decide approves or rejects a resignation at its step: the manager's
// approval moves it to HR, HR's (or an admin's, at any step) approves it.
// Errors: ENotFound, EForbidden (audited), EConflict (decided meanwhile),
// EInvalid (a rejection without a reason, an earlier day gone by).
func (s *Service) Decide(ctx context.Context, m core.Member, id int64, d Decision, channel string) (Resignation, error) {
	r, err := s.store.Find(ctx, m.Org.ID, id)
	if err != nil {
		return Resignation{}, fmt.Errorf("decide resignation %d: %w", id, err)
	}
	target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.EmployeeID)
	if err != nil {
		return Resignation{}, err
	}
	// Those who had a part in it (their manager, an approver of a step
	// passed) are told it is decided, not that they may not decide it.
	if r.Status != Pending && m.Employee.ID != r.EmployeeID && (m.Employee.ID == r.ManagerID || m.Employee.ID == r.DecidedByID) {
		return r, Decided(r)
	}
	if m.Employee.ID != r.ApproverID || m.Employee.ID == r.EmployeeID {
		if err := s.auth.Authorize(ctx, m, core.ActionResignationDecide, &target, channel); err != nil {
			return Resignation{}, err
		}
	}
	if r.Status != Pending {
		return r, Decided(r)
	}
	if !d.Approve && d.Reason == "" {
		return Resignation{}, core.Errorf(core.EInvalid, "leaving.reject_reason", "a rejection needs a reason")
	}
	now := s.clock.Now()
	if !d.Earlier.IsZero() {
		if d.Earlier.Before(s.today(m.Org)) {
			return Resignation{}, core.Errorf(core.EInvalid, "leaving.past_date", "%s has gone by", d.Earlier).With("date", d.Earlier.String())
		}
		r.LastDay = d.Earlier
	}
	before, fromStep := snapshot(r), r.Step
	action := AuditReject
	var ns []core.Notification
	staff := m.Employee.Role == core.RoleHR || m.Employee.Role == core.RoleAdmin
	switch {
	case !d.Approve:
		r.Status, r.RejectReason = Rejected, d.Reason
	case r.Step == StepManager && !staff:
		next, err := s.approver(ctx, r, StepHR)
		if err != nil {
			return Resignation{}, err
		}
		action = AuditStep
		r.Step, r.ApproverID, r.ApproverName = next.step, next.approver.ID, next.approver.Name
		ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: next.approver.ID, Kind: core.NotifyLeavingRequest, CreatedAt: now})
	default:
		action, r.Status = AuditApprove, Approved
	}
	if r.Status != Pending {
		r.DecidedByID, r.DecidedBy, r.DecidedAt = m.Employee.ID, m.Employee.Name, now
		for _, to := range []int64{r.EmployeeID, r.ManagerID} {
			if to != 0 && to != m.Employee.ID {
				ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: to, Kind: core.NotifyLeavingDecided, CreatedAt: now})
			}
		}
	}
	for i := range ns {
		ns[i].Params = map[string]string{"id": strconv.FormatInt(r.ID, 10)}
	}
	err = s.store.Update(ctx, r, Pending, fromStep, core.AuditEntry{OrgID: r.OrgID, ActorID: m.Employee.ID, Action: action,
		EntityType: "resignation", EntityID: strconv.FormatInt(r.ID, 10), Before: before, After: snapshot(r), Channel: channel,
		Outcome: core.OutcomeOK, At: now, Reason: d.Reason}, ns)
	if core.ErrorCodeOf(err) == core.EConflict {
		if latest, ferr := s.store.Find(ctx, m.Org.ID, id); ferr == nil {
			return latest, Decided(latest)
		}
	}
	if err != nil {
		return Resignation{}, fmt.Errorf("decide resignation %d: %w", id, err)
	}
	return r, nil
}

// Decided is the error for acting on a resignation no longer pending.
func Decided(r Resignation) error {
	return core.Errorf(core.EConflict, "leaving.already_decided", "resignation %d is %s", r.ID, r.Status).
		With("by", r.DecidedBy).With("status", string(r.Status))
}
