package leave

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/calendar"
)

// visiblePeople are the active people whose leave m sees, as /whosoff
// shows it: HR's and admins' whole org, a manager's reports, an
// employee's own team.
func (s *Service) visiblePeople(ctx context.Context, m core.Member) ([]core.Employee, error) {
	switch m.Employee.Role {
	case core.RoleHR, core.RoleAdmin:
		return s.store.ListEmployees(ctx, m.Org.ID, 0)
	case core.RoleManager:
		return s.store.ListEmployees(ctx, m.Org.ID, m.Employee.ID)
	}
	all, err := s.store.ListEmployees(ctx, m.Org.ID, 0)
	var emps []core.Employee
	for _, e := range all {
		if e.TeamID != 0 && e.TeamID == m.Employee.TeamID || e.ID == m.Employee.ID {
			emps = append(emps, e)
		}
	}
	return emps, err
}

func ids(emps []core.Employee) []int64 {
	out := make([]int64, 0, len(emps))
	for _, e := range emps {
		out = append(out, e.ID)
	}
	return out
}

// Calendar is who is off over some days: approved and pending leave of
// the people the reader sees, and the org's public holidays.
type Calendar struct {
	From, To core.Date
	Approved []Request
	Pending  []Request
	Holidays map[core.Date]string // public holidays by date, with their names
}

// OffCalendar is the leave calendar over [from, to] for m: the same
// people /whosoff shows them.
func (s *Service) OffCalendar(ctx context.Context, m core.Member, from, to core.Date) (Calendar, error) {
	c := Calendar{From: from, To: to, Holidays: map[core.Date]string{}}
	emps, err := s.visiblePeople(ctx, m)
	if err != nil {
		return c, fmt.Errorf("leave calendar: %w", err)
	}
	if len(emps) > 0 {
		if c.Approved, err = s.store.ListRequests(ctx, m.Org.ID, Approved, ids(emps), from, to); err != nil {
			return c, fmt.Errorf("leave calendar: %w", err)
		}
		if c.Pending, err = s.store.ListRequests(ctx, m.Org.ID, Pending, ids(emps), from, to); err != nil {
			return c, fmt.Errorf("leave calendar: %w", err)
		}
	}
	plans, err := s.plans.Setup(ctx, m.Org)
	if err != nil {
		return c, fmt.Errorf("leave calendar: %w", err)
	}
	for d := from; !d.After(to); d = d.AddDays(1) {
		if plans.Calendar.Kind(d) == calendar.Holiday {
			c.Holidays[d] = plans.Calendar.Name(d)
		}
	}
	return c, nil
}

// PersonBalances is one person's balances of every type that applies to them.
type PersonBalances struct {
	Employee core.Employee
	Balances []Balance
}

// TeamBalances lists this year's balances of the people m sees (as
// OffCalendar), by name.
func (s *Service) TeamBalances(ctx context.Context, m core.Member) ([]PersonBalances, error) {
	emps, err := s.visiblePeople(ctx, m)
	if err != nil {
		return nil, fmt.Errorf("team balances: %w", err)
	}
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return nil, err
	}
	year := s.clock.Now().In(m.Org.Location()).Year()
	slices.SortFunc(emps, func(a, b core.Employee) int { return strings.Compare(a.Name, b.Name) })
	out := make([]PersonBalances, 0, len(emps))
	for _, e := range emps {
		pb := PersonBalances{Employee: e}
		for _, t := range setup.Types {
			if !t.ForEmployee(e) {
				continue
			}
			b, err := s.Balance(ctx, m.Org, setup, e, t, year)
			if err != nil {
				return nil, err
			}
			pb.Balances = append(pb.Balances, b)
		}
		out = append(out, pb)
	}
	return out, nil
}
