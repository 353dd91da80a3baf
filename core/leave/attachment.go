package leave

import (
	"context"
	"time"

	"github.com/hrbot/hrbot/core"
)

// DocumentWindow is how long after it was asked for a request whose type
// needs a document (a doctor's note) still takes one when it is no longer
// pending: a manager who approved within the hour has not made the note
// unnecessary. A pending request takes documents for as long as it waits.
const DocumentWindow = 24 * time.Hour

// documentLookback bounds the requests looked at for a document: a note
// comes within days of the leave, not months.
const documentLookback = 31

// AwaitingDocument returns the member's newest request whose type needs a
// document and that still takes one: pending, or approved less than
// DocumentWindow after it was asked for. false when there is none.
func (s *Service) AwaitingDocument(ctx context.Context, m core.Member) (Request, Type, bool, error) {
	now := s.clock.Now()
	today := core.DateOf(now.In(m.Org.Location()))
	rs, err := s.store.MyRequests(ctx, m.Org.ID, m.Employee.ID, today.AddDays(-documentLookback))
	if err != nil {
		return Request{}, Type{}, false, err
	}
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return Request{}, Type{}, false, err
	}
	for _, r := range rs { // newest first
		lt, ok := setup.Type(r.Type)
		if !ok || !lt.AttachmentRequired {
			continue
		}
		if r.Status == Pending || r.Status == Approved && now.Sub(r.CreatedAt) < DocumentWindow {
			return r, lt, true, nil
		}
	}
	return Request{}, Type{}, false, nil
}

// Approves reports whether m approves r or approved it: its approver now,
// that approver's delegate, whoever decided it, and those the permission
// table lets decide for the requester (their manager, HR, admins). Never
// the requester. It only answers; nothing is audited.
func (s *Service) Approves(ctx context.Context, m core.Member, r Request) bool {
	e := m.Employee
	if e.Status != core.StatusActive || e.OrgID != r.OrgID || e.ID == r.EmployeeID {
		return false
	}
	if e.ID == r.ApproverID || e.ID == r.DecidedByID {
		return true
	}
	if approver, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.ApproverID); err == nil && approver.DelegateID == e.ID {
		return true
	}
	target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.EmployeeID)
	return err == nil && core.Authorize(m, core.ActionLeaveDecide, &target) == nil
}
