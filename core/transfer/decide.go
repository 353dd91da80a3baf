package transfer

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// stage is one approval of the chain.
type stage struct {
	step     Step
	approver core.Employee
}

// chain is the approvals t needs, in order: the person's current manager,
// the manager they move to when another, then HR. Asking is consent: a
// stage whose approver asked is not asked again, and HR's stage is taken
// when HR or an admin asked. Approvers no longer active are passed over.
// Errors: ENotFound (transfer.no_hr) when HR's stage has nobody to ask.
func (s *Service) chain(ctx context.Context, t Transfer, requester core.Employee) ([]stage, error) {
	people, err := s.store.ListEmployees(ctx, t.OrgID, 0)
	if err != nil {
		return nil, fmt.Errorf("transfer approvers: %w", err)
	}
	byID := make(map[int64]core.Employee, len(people))
	for _, p := range people {
		byID[p.ID] = p
	}
	var out []stage
	add := func(step Step, id int64) {
		if a, ok := byID[id]; ok && id != requester.ID && id != t.EmployeeID {
			out = append(out, stage{step: step, approver: a})
		}
	}
	add(StepManager, t.From.ManagerID)
	if t.Sets.Has(FieldManager) && t.To.ManagerID != t.From.ManagerID {
		add(StepReceiving, t.To.ManagerID)
	}
	if requester.Role == core.RoleHR || requester.Role == core.RoleAdmin {
		return out, nil
	}
	var hr *core.Employee
	for i, p := range people {
		if p.ID == t.EmployeeID || p.Role != core.RoleHR && p.Role != core.RoleAdmin {
			continue
		}
		if hr == nil || p.Role == core.RoleHR && hr.Role != core.RoleHR {
			hr = &people[i]
		}
	}
	if hr == nil {
		return nil, core.Errorf(core.ENotFound, "transfer.no_hr", "no HR person to approve")
	}
	out = append(out, stage{step: StepHR, approver: *hr})
	return out, nil
}

// Decide approves or rejects a transfer at its step. An approval moves it
// to the chain's next step, or — the last, or HR's or an admin's approval
// at any step — approves it: from its effective day it is in effect (at
// once when that day has come). Nobody decides a transfer of their own,
// nor one they asked for. Errors: ENotFound, EForbidden (audited),
// EConflict (decided or cancelled meanwhile), EInvalid (a rejection
// without a reason).
func (s *Service) Decide(ctx context.Context, m core.Member, id int64, approve bool, reason, channel string) (Transfer, error) {
	t, err := s.store.Find(ctx, m.Org.ID, id)
	if err != nil {
		return Transfer{}, fmt.Errorf("decide transfer %d: %w", id, err)
	}
	// Someone with a part in it pressing a button of a decided transfer
	// is told who decided; anyone else is refused as before.
	if t.Status != Pending && (staff(m) || involved(m, t)) {
		return t, Decided(t)
	}
	if err := s.mayDecide(ctx, m, t, channel); err != nil {
		return Transfer{}, err
	}
	if t.Status != Pending {
		return t, Decided(t)
	}
	if !approve && reason == "" {
		return Transfer{}, core.Errorf(core.EInvalid, "transfer.reject_reason", "a rejection needs a reason")
	}
	now := s.clock.Now()
	before, fromStep := snapshot(t), t.Step
	action := AuditReject
	var ns []core.Notification
	switch {
	case !approve:
		t.Status, t.RejectReason = Rejected, reason
	default:
		next, more, err := s.next(ctx, m, t)
		if err != nil {
			return Transfer{}, err
		}
		if !more {
			action, t.Status = AuditApprove, Approved
			break
		}
		action = AuditStep
		t.Step, t.ApproverID, t.ApproverName, t.SentAt = next.step, next.approver.ID, next.approver.Name, now
		ns = append(ns, core.Notification{OrgID: t.OrgID, RecipientID: next.approver.ID, Kind: core.NotifyTransferRequest, CreatedAt: now})
	}
	if t.Status != Pending {
		t.DecidedByID, t.DecidedBy, t.DecidedAt = m.Employee.ID, m.Employee.Name, now
		ns = append(ns, s.told(t, m.Employee.ID, core.NotifyTransferDecided, now)...)
	}
	for i := range ns {
		ns[i].Params = map[string]string{"id": strconv.FormatInt(t.ID, 10)}
	}
	err = s.store.Update(ctx, t, Pending, fromStep, core.AuditEntry{OrgID: t.OrgID, ActorID: m.Employee.ID, Action: action,
		EntityType: "transfer", EntityID: strconv.FormatInt(t.ID, 10), Before: before, After: snapshot(t), Channel: channel,
		Outcome: core.OutcomeOK, At: now, Reason: reason}, ns)
	if core.ErrorCodeOf(err) == core.EConflict {
		if latest, ferr := s.store.Find(ctx, m.Org.ID, id); ferr == nil {
			return latest, Decided(latest)
		}
	}
	if err != nil {
		return Transfer{}, fmt.Errorf("decide transfer %d: %w", id, err)
	}
	if t.Status == Approved && !t.Effective.After(s.today(m.Org)) {
		return s.applyNow(ctx, m.Org, t)
	}
	return t, nil
}

// next is the stage after t's current one for an approval by m; more is
// false when m is HR or an admin (their approval is HR's), or the chain
// ends.
func (s *Service) next(ctx context.Context, m core.Member, t Transfer) (next stage, more bool, err error) {
	if m.Employee.Role == core.RoleHR || m.Employee.Role == core.RoleAdmin {
		return stage{}, false, nil
	}
	requester, err := s.store.FindEmployeeByID(ctx, t.OrgID, t.RequestedByID)
	if err != nil {
		return stage{}, false, fmt.Errorf("transfer %d requester: %w", t.ID, err)
	}
	chain, err := s.chain(ctx, t, requester)
	if err != nil {
		return stage{}, false, err
	}
	passed := false
	for _, st := range chain {
		if passed && st.approver.ID != m.Employee.ID {
			return st, true, nil
		}
		passed = passed || st.step == t.Step
	}
	return stage{}, false, nil
}

// told are the notifications of a final decision (or a cancellation): to
// the person and to whoever asked, but not to the one who decided.
func (s *Service) told(t Transfer, by int64, kind string, now time.Time) []core.Notification {
	return notes(t, kind, now, by, t.EmployeeID, t.RequestedByID)
}

// notes tell each of ids about t once, but not skip nor an id of 0 (no
// manager).
func notes(t Transfer, kind string, now time.Time, skip int64, ids ...int64) []core.Notification {
	var ns []core.Notification
	for i, id := range ids {
		if id == 0 || id == skip || slices.Contains(ids[:i], id) {
			continue
		}
		ns = append(ns, core.Notification{OrgID: t.OrgID, RecipientID: id, Kind: kind,
			Params: map[string]string{"id": strconv.FormatInt(t.ID, 10)}, CreatedAt: now})
	}
	return ns
}

// mayDecide lets the step's approver, their delegate, and HR and admins
// decide; never the person moved nor the one who asked (whose asking was
// their approval already).
func (s *Service) mayDecide(ctx context.Context, m core.Member, t Transfer, channel string) error {
	target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, t.EmployeeID)
	if err != nil {
		return fmt.Errorf("decide transfer %d: %w", t.ID, err)
	}
	if m.Employee.ID != t.EmployeeID && m.Employee.ID == t.RequestedByID {
		if err := s.auth.Refused(ctx, m, string(core.ActionTransferDecide), "transfer", strconv.FormatInt(t.ID, 10),
			"forbidden.own_request", channel); err != nil {
			return err
		}
		return core.Errorf(core.EForbidden, "forbidden.own_request", "not allowed: %s", core.ActionTransferDecide)
	}
	if m.Employee.ID != t.EmployeeID && m.Employee.Status == core.StatusActive && t.Status == Pending {
		if m.Employee.ID == t.ApproverID {
			return nil
		}
		if approver, err := s.store.FindEmployeeByID(ctx, m.Org.ID, t.ApproverID); err == nil && approver.DelegateID == m.Employee.ID {
			return nil
		}
	}
	return s.auth.Authorize(ctx, m, core.ActionTransferDecide, &target, channel)
}

// Cancel withdraws a transfer not yet in effect: by the one who asked,
// or HR and admins. Errors: ENotFound, EForbidden (audited), EConflict
// (decided, in effect or cancelled already).
func (s *Service) Cancel(ctx context.Context, m core.Member, id int64, channel string) (Transfer, error) {
	t, err := s.store.Find(ctx, m.Org.ID, id)
	if err != nil {
		return Transfer{}, fmt.Errorf("cancel transfer %d: %w", id, err)
	}
	if t.RequestedByID != m.Employee.ID {
		target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, t.EmployeeID)
		if err != nil {
			return Transfer{}, err
		}
		if err := s.auth.Authorize(ctx, m, core.ActionTransferDecide, &target, channel); err != nil {
			return Transfer{}, err
		}
	}
	if !t.Status.Open() {
		return t, Decided(t)
	}
	now := s.clock.Now()
	before, from := snapshot(t), t.Status
	t.Status = Cancelled
	ns := s.told(t, m.Employee.ID, core.NotifyTransferDecided, now)
	err = s.store.Update(ctx, t, from, t.Step, core.AuditEntry{OrgID: t.OrgID, ActorID: m.Employee.ID, Action: AuditCancel,
		EntityType: "transfer", EntityID: strconv.FormatInt(t.ID, 10), Before: before, After: snapshot(t), Channel: channel,
		Outcome: core.OutcomeOK, At: now}, ns)
	if core.ErrorCodeOf(err) == core.EConflict {
		if latest, ferr := s.store.Find(ctx, m.Org.ID, id); ferr == nil {
			return latest, Decided(latest)
		}
	}
	if err != nil {
		return Transfer{}, fmt.Errorf("cancel transfer %d: %w", id, err)
	}
	return t, nil
}

// Decided is the error for acting on a transfer no longer pending: who
// decided it, or that it was cancelled or is in effect.
func Decided(t Transfer) error {
	switch t.Status {
	case Cancelled:
		return core.Errorf(core.EConflict, "transfer.already_cancelled", "transfer was cancelled").With("name", t.EmployeeName)
	case Pending:
		return core.Errorf(core.EConflict, "transfer.moved_on", "transfer moved on to the next step")
	case Done:
		return core.Errorf(core.EConflict, "transfer.already_done", "transfer is in effect").With("date", t.Effective.String())
	}
	return core.Errorf(core.EConflict, "transfer.already_"+string(t.Status), "already %s by %s", t.Status, t.DecidedBy).
		With("by", t.DecidedBy).With("at", t.DecidedAt.Format("01-02 15:04"))
}
