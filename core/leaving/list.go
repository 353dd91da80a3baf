package leaving

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Open returns the open resignations m has a part in, earliest last day
// first: HR and admins (people.manage) every one of the org, pending and
// approved; anyone else those waiting on their decision and their own.
func (s *Service) Open(ctx context.Context, m core.Member) ([]Resignation, error) {
	who := m.Employee.ID
	if core.Authorize(m, core.ActionPeopleManage, nil) == nil {
		who = 0
	}
	rs, err := s.store.Open(ctx, m.Org.ID, who)
	if err != nil {
		return nil, fmt.Errorf("open resignations: %w", err)
	}
	return rs, nil
}

// WaitsOn reports whether r waits on m's decision: m is its approver, or
// HR (an admin) stepping in at any step; never the person's own.
func WaitsOn(m core.Member, r Resignation) bool {
	if r.Status != Pending || m.Employee.ID == r.EmployeeID {
		return false
	}
	return m.Employee.ID == r.ApproverID || core.Authorize(m, core.ActionResignationDecide, nil) == nil
}

// WithdrawsOwn reports whether m may take r back as their own: a
// resignation they filed that still waits for approval. Once approved it
// binds both sides, and only HR can cancel it (Withdraw).
func WithdrawsOwn(m core.Member, r Resignation) bool {
	return r.EmployeeID == m.Employee.ID && r.Kind == Resign && r.Status == Pending
}

// Of returns a person's resignations, newest first, for the person,
// their manager and HR. Errors: EForbidden (audited).
func (s *Service) Of(ctx context.Context, m core.Member, person core.Employee, channel string) ([]Resignation, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionEmployeeView, &person, channel); err != nil {
		return nil, err
	}
	rs, err := s.store.OfPerson(ctx, m.Org.ID, person.ID)
	if err != nil {
		return nil, fmt.Errorf("resignations of %s: %w", person.Key, err)
	}
	return rs, nil
}

// Owed is the notice a person owes if they resign today.
type Owed struct {
	// Probation is set while their contract is in a probation nobody
	// decided yet.
	Probation bool
	Days      int
	Today     core.Date
	// Earliest is the earliest last day the notice allows.
	Earliest core.Date
}

// NoticeOwed is the notice m owes if they resign today (art. 37), for a
// form to offer the earliest last day before they file.
func (s *Service) NoticeOwed(ctx context.Context, m core.Member) (Owed, error) {
	today := s.today(m.Org)
	probation, err := s.store.OnProbation(ctx, m.Org.ID, m.Employee.ID, today)
	if err != nil {
		return Owed{}, fmt.Errorf("notice of %s: %w", m.Employee.Key, err)
	}
	days := Notice(probation)
	return Owed{Probation: probation, Days: days, Today: today, Earliest: Earliest(today, days)}, nil
}

// Given is the notice r gives, in days: from the day after it was filed
// (in loc, the org's zone) to its last day — what NoticeDays asked for,
// or fewer once an approver agreed an earlier day.
func (r Resignation) Given(loc *time.Location) int {
	return core.DateOf(r.CreatedAt.In(loc)).DaysUntil(r.LastDay)
}

// InProbation reports whether the person was in probation when r was
// filed: the notice asked was probation's.
func (r Resignation) InProbation() bool { return r.NoticeDays == NoticeProbation }
