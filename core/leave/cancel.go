package leave

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// Cancel withdraws a pending request or a future approved one; an
// approved one's approver is told and its days return to the balance.
// Errors: ENotFound, EForbidden, EConflict (already decided/cancelled, started).
func (s *Service) Cancel(ctx context.Context, m core.Member, id int64, channel string) (Request, error) {
	r, err := s.store.FindRequest(ctx, m.Org.ID, id)
	if err != nil {
		return Request{}, fmt.Errorf("cancel leave %d: %w", id, err)
	}
	if r.EmployeeID != m.Employee.ID {
		target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.EmployeeID)
		if err != nil {
			return Request{}, err
		}
		if err := s.auth.Authorize(ctx, m, core.ActionLeaveCancelOther, &target, channel); err != nil {
			return Request{}, err
		}
	}
	today := core.DateOf(s.clock.Now().In(m.Org.Location()))
	switch {
	case r.Status == Cancelled || r.Status == Rejected:
		return r, decided(r)
	case r.Status == Approved && !r.Span.From.After(today):
		return r, core.Errorf(core.EConflict, "leave.started", "leave already started").With("date", r.Span.From.String())
	}
	from := r.Status
	now := s.clock.Now()
	before := snapshot(r)
	r.Status = Cancelled
	var ns []core.Notification
	if from == Approved && r.DecidedByID != 0 {
		ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: r.DecidedByID, Kind: core.NotifyLeaveCancelled,
			Params: map[string]string{"id": strconv.FormatInt(r.ID, 10)}, CreatedAt: now})
	}
	err = s.store.UpdateRequest(ctx, r, from, r.Step, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditLeaveCancel, EntityType: "leave_request", EntityID: strconv.FormatInt(r.ID, 10),
		Before: before, After: snapshot(r), Channel: channel, Outcome: core.OutcomeOK, At: now,
	}, ns, nil)
	if core.ErrorCodeOf(err) == core.EConflict {
		if latest, ferr := s.store.FindRequest(ctx, m.Org.ID, id); ferr == nil {
			return latest, decided(latest)
		}
	}
	if err != nil {
		return Request{}, fmt.Errorf("cancel leave %d: %w", id, err)
	}
	return r, nil
}
