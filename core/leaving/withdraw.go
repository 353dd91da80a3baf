package leaving

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Withdraw takes back a resignation that has not taken effect. The
// person may withdraw their own while it waits for approval; once
// approved, their notice has been given and binds both sides (art. 37),
// so only HR (permission people.manage) can cancel it — by agreement
// with the person, which the reason records — and HR can cancel an
// ending of employment it filed. Whoever was waiting on it is told.
// Errors: ENotFound, EForbidden (audited), EConflict (decided meanwhile
// or done), EInvalid (HR's cancel without a reason).
func (s *Service) Withdraw(ctx context.Context, m core.Member, id int64, reason, channel string) (Resignation, error) {
	r, err := s.store.Find(ctx, m.Org.ID, id)
	if err != nil {
		return Resignation{}, fmt.Errorf("withdraw resignation %d: %w", id, err)
	}
	reason = strings.TrimSpace(reason)
	own := WithdrawsOwn(m, r)
	if !own {
		target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.EmployeeID)
		if err != nil {
			return Resignation{}, err
		}
		if err := s.auth.Authorize(ctx, m, core.ActionPeopleManage, &target, channel); err != nil {
			return Resignation{}, err
		}
	}
	if !r.Status.Open() {
		return r, Decided(r)
	}
	if !own && reason == "" {
		return Resignation{}, core.Errorf(core.EInvalid, "leaving.cancel_reason", "cancelling needs a reason")
	}
	now := s.clock.Now()
	before, from, fromStep := snapshot(r), r.Status, r.Step
	r.Status, r.DecidedByID, r.DecidedBy, r.DecidedAt = Cancelled, m.Employee.ID, m.Employee.Name, now
	var ns []core.Notification
	tell := func(to int64) {
		if to == 0 || to == m.Employee.ID || containsRecipient(ns, to, "", 0) {
			return
		}
		ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: to, Kind: core.NotifyLeavingDecided, CreatedAt: now,
			Params: map[string]string{"id": strconv.FormatInt(r.ID, 10)}})
	}
	tell(r.EmployeeID)
	tell(r.ManagerID)
	if from == Pending {
		tell(r.ApproverID)
	}
	err = s.store.Update(ctx, r, from, fromStep, core.AuditEntry{OrgID: r.OrgID, ActorID: m.Employee.ID, Action: AuditCancel,
		EntityType: "resignation", EntityID: strconv.FormatInt(r.ID, 10), Before: before, After: snapshot(r), Channel: channel,
		Outcome: core.OutcomeOK, At: now, Reason: reason}, ns)
	if core.ErrorCodeOf(err) == core.EConflict {
		if latest, ferr := s.store.Find(ctx, m.Org.ID, id); ferr == nil {
			return latest, Decided(latest)
		}
	}
	if err != nil {
		return Resignation{}, fmt.Errorf("withdraw resignation %d: %w", id, err)
	}
	return r, nil
}
