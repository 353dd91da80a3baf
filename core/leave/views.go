package leave

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// Find returns one of the org's requests.
func (s *Service) Find(ctx context.Context, m core.Member, id int64) (Request, error) {
	return s.store.FindRequest(ctx, m.Org.ID, id)
}

// Mine returns the member's requests that have not ended.
func (s *Service) Mine(ctx context.Context, m core.Member) ([]Request, error) {
	today := core.DateOf(s.clock.Now().In(m.Org.Location()))
	return s.store.MyRequests(ctx, m.Org.ID, m.Employee.ID, today)
}

// PendingFor returns what waits for m's decision (HR and admins see all).
func (s *Service) PendingFor(ctx context.Context, m core.Member) ([]Request, error) {
	approver := m.Employee.ID
	if m.Employee.Role == core.RoleHR || m.Employee.Role == core.RoleAdmin {
		approver = 0
	}
	rs, err := s.store.ListPendingFor(ctx, m.Org.ID, approver)
	if err != nil {
		return nil, err
	}
	out := rs[:0]
	for _, r := range rs {
		if r.EmployeeID != m.Employee.ID {
			out = append(out, r)
		}
	}
	return out, nil
}

// Overlap says how many people of a job are already off in the weeks a
// request touches: "2 of 5 customer-service people already off".
type Overlap struct {
	Job      string
	Off, Of  int
	From, To core.Date
}

// OverlapFor works out the overlap an approver sees with a request.
func (s *Service) OverlapFor(ctx context.Context, m core.Member, r Request) (Overlap, error) {
	target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.EmployeeID)
	if err != nil {
		return Overlap{}, err
	}
	o := Overlap{Job: target.Job}
	o.From = r.Span.From.AddDays(-int((r.Span.From.Weekday() + 6) % 7))
	o.To = r.Span.To.AddDays(6 - int((r.Span.To.Weekday()+6)%7))
	emps, err := s.store.ListEmployees(ctx, m.Org.ID, 0)
	if err != nil {
		return Overlap{}, err
	}
	var ids []int64
	for _, e := range emps {
		if e.Job == target.Job && e.ID != target.ID {
			ids = append(ids, e.ID)
		}
	}
	o.Of = len(ids) + 1
	if len(ids) == 0 {
		return o, nil
	}
	off, err := s.store.ListRequests(ctx, m.Org.ID, Approved, ids, o.From, o.To)
	if err != nil {
		return Overlap{}, err
	}
	people := map[int64]bool{}
	for _, x := range off {
		people[x.EmployeeID] = true
	}
	o.Off = len(people)
	return o, nil
}

// WhosOff lists approved leave overlapping [from, to] (this week when from
// is zero): a manager's reports, HR's whole org, an employee's own team.
func (s *Service) WhosOff(ctx context.Context, m core.Member, from, to core.Date) ([]Request, core.Date, core.Date, error) {
	if from.IsZero() {
		today := core.DateOf(s.clock.Now().In(m.Org.Location()))
		from = today.AddDays(-int((today.Weekday() + 6) % 7))
		to = from.AddDays(6)
	}
	var emps []core.Employee
	var err error
	switch m.Employee.Role {
	case core.RoleHR, core.RoleAdmin:
		emps, err = s.store.ListEmployees(ctx, m.Org.ID, 0)
	case core.RoleManager:
		emps, err = s.store.ListEmployees(ctx, m.Org.ID, m.Employee.ID)
	default:
		var all []core.Employee
		all, err = s.store.ListEmployees(ctx, m.Org.ID, 0)
		for _, e := range all {
			if e.TeamID != 0 && e.TeamID == m.Employee.TeamID || e.ID == m.Employee.ID {
				emps = append(emps, e)
			}
		}
	}
	if err != nil {
		return nil, from, to, fmt.Errorf("who is off: %w", err)
	}
	ids := make([]int64, 0, len(emps))
	for _, e := range emps {
		ids = append(ids, e.ID)
	}
	if len(ids) == 0 {
		return nil, from, to, nil
	}
	rs, err := s.store.ListRequests(ctx, m.Org.ID, Approved, ids, from, to)
	return rs, from, to, err
}

// ResendStale sends requests pending longer than their org allows to their
// approver again, and returns how many.
func (s *Service) ResendStale(ctx context.Context) (int, error) {
	now := s.clock.Now()
	stale, err := s.store.ListStale(ctx, now)
	if err != nil {
		return 0, fmt.Errorf("resend stale leave: %w", err)
	}
	for _, r := range stale {
		r.SentAt = now
		n := core.Notification{OrgID: r.OrgID, RecipientID: r.ApproverID, Kind: core.NotifyLeaveRequest,
			Params: map[string]string{"id": strconv.FormatInt(r.ID, 10), "reminder": "1"}, CreatedAt: now}
		if err := s.store.MarkSent(ctx, r, n); err != nil {
			return 0, fmt.Errorf("resend leave %d: %w", r.ID, err)
		}
	}
	return len(stale), nil
}
