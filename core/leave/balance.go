package leave

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
)

// Balance is one leave type's balance for a year, in minutes.
type Balance struct {
	Type      Type
	Year      int
	Unlimited bool
	Entitled  int
	Carried   int
	Adjusted  int
	Used      int
	Pending   int
	Available int // entitled + carried + adjusted - used - pending
}

// Balance works out e's balance of type t in year as of today.
func (s *Service) Balance(ctx context.Context, org core.Org, setup Setup, e core.Employee, t Type, year int) (Balance, error) {
	b := Balance{Type: t, Year: year}
	if t.Accrual == AccrualNone {
		b.Unlimited = true
	}
	expiry, carries := carryExpiry(t, year-1)
	u, err := s.store.Usage(ctx, org.ID, e.ID, t.Key, year, expiry)
	if err != nil {
		return Balance{}, fmt.Errorf("balance of %s: %w", e.Key, err)
	}
	b.Used, b.Pending, b.Adjusted = u.Approved, u.Pending, u.Adjusted
	b.Entitled = entitled(t, e, year, setup.Policy.DayMinutes, u)
	if carries && !b.Unlimited {
		prev, err := s.store.Usage(ctx, org.ID, e.ID, t.Key, year-1, core.Date{})
		if err != nil {
			return Balance{}, fmt.Errorf("balance of %s: %w", e.Key, err)
		}
		b.Carried = carriedOver(t, entitled(t, e, year-1, setup.Policy.DayMinutes, prev), prev, setup.Policy.DayMinutes)
		// After the expiry date only what was used of it before then counts.
		if today := core.DateOf(s.clock.Now().In(org.Location())); today.After(expiry) {
			b.Carried = min(b.Carried, u.ApprovedBefore)
		}
	}
	b.Available = b.Entitled + b.Carried + b.Adjusted - b.Used - b.Pending
	return b, nil
}

// entitled is what e earns of type t in year, given the year's usage u:
// the rest-day overtime earned for compensatory leave, nothing for a type
// that keeps no balance, else Entitlement.
func entitled(t Type, e core.Employee, year, dayMinutes int, u Usage) int {
	switch t.Accrual {
	case AccrualRestDayOvertime:
		return u.RestDayOT
	case AccrualNone:
		return 0
	}
	return Entitlement(t, e, year, dayMinutes)
}

// carriedOver is what of last year's entitlement prevEntitled, with last
// year's usage prev, moves into this year: what was left, up to the
// type's CarryOverDays.
func carriedOver(t Type, prevEntitled int, prev Usage, dayMinutes int) int {
	left := max(0, prevEntitled+prev.Adjusted-prev.Approved)
	return min(left, t.CarryOverDays*dayMinutes)
}

// Balances returns the member's balances of every type this year.
func (s *Service) Balances(ctx context.Context, m core.Member) ([]Balance, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return nil, err
	}
	year := s.clock.Now().In(m.Org.Location()).Year()
	out := make([]Balance, 0, len(setup.Types))
	for _, t := range setup.Types {
		if !t.ForEmployee(m.Employee) {
			continue // maternity leave is nobody else's business
		}
		b, err := s.Balance(ctx, m.Org, setup, m.Employee, t, year)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}
