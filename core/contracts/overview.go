package contracts

import (
	"cmp"
	"context"
	"slices"

	"fmt"

	"github.com/hrbot/hrbot/core"
)

// ExpiringDays is how far ahead the overview lists fixed terms ending.
const ExpiringDays = 60

// Row is one line of the overview: a person and the contract it is about
// (zero when they have none).
type Row struct {
	Employee core.Employee
	Contract Contract
	// Days counts to the day the row is about: until the contract or the
	// probation ends, or since the person was hired (unsigned).
	Days int
}

// Overview is what needs HR's attention: fixed terms ending soon, people
// without a signed contract, probations running.
type Overview struct {
	Today     core.Date
	Expiring  []Row
	Unsigned  []Row
	Probation []Row
}

// Overview lists what needs attention among the people actor sees: all
// for HR and admins, their direct reports for a manager. Errors:
// EForbidden (audited) for employees.
func (s *Service) Overview(ctx context.Context, actor core.Member, channel string) (Overview, error) {
	if err := s.auth.Authorize(ctx, actor, core.ActionContractView, nil, channel); err != nil {
		return Overview{}, err
	}
	managerID := int64(0)
	if core.Authorize(actor, core.ActionContractManage, nil) != nil {
		managerID = actor.Employee.ID
	}
	people, err := s.store.People(ctx, actor.Org.ID, managerID)
	if err != nil {
		return Overview{}, fmt.Errorf("contracts overview: %w", err)
	}
	return OverviewOf(people, s.today(actor.Org)), nil
}

// OverviewOf sorts people's contracts into the overview's lists on today,
// soonest first.
func OverviewOf(people []Person, today core.Date) Overview {
	o := Overview{Today: today}
	horizon := today.AddDays(ExpiringDays)
	for _, p := range people {
		signed := false
		var unsigned *Contract
		for i, c := range p.Contracts {
			if c.Kind == FixedTerm && !c.End.Before(today) && !c.End.After(horizon) && !hasLater(p.Contracts, c) {
				o.Expiring = append(o.Expiring, Row{Employee: p.Employee, Contract: c, Days: today.DaysUntil(c.End)})
			}
			if !c.ProbationEnd.IsZero() && c.Probation.Outcome == "" && !c.ProbationEnd.Before(today) {
				o.Probation = append(o.Probation, Row{Employee: p.Employee, Contract: c, Days: today.DaysUntil(c.ProbationEnd)})
			}
			switch {
			case !c.Signed.IsZero():
				signed = true
			case c.End.IsZero() || !c.End.Before(today):
				unsigned = &p.Contracts[i]
			}
		}
		if unsigned != nil || !signed {
			r := Row{Employee: p.Employee}
			if unsigned != nil {
				r.Contract = *unsigned
			}
			if !p.Employee.HireDate.IsZero() {
				r.Days = core.DateOf(p.Employee.HireDate).DaysUntil(today)
			}
			o.Unsigned = append(o.Unsigned, r)
		}
	}
	byDays := func(desc bool) func(a, b Row) int {
		return func(a, b Row) int {
			if a.Days != b.Days {
				if desc {
					return cmp.Compare(b.Days, a.Days)
				}
				return cmp.Compare(a.Days, b.Days)
			}
			return cmp.Compare(a.Employee.Name, b.Employee.Name)
		}
	}
	slices.SortStableFunc(o.Expiring, byDays(false))
	slices.SortStableFunc(o.Probation, byDays(false))
	slices.SortStableFunc(o.Unsigned, byDays(true)) // hired longest ago first
	return o
}

// hasLater reports whether another contract starts after c: it was
// renewed, or followed by another kind.
func hasLater(cs []Contract, c Contract) bool {
	for _, o := range cs {
		if o.Start.After(c.Start) {
			return true
		}
	}
	return false
}
