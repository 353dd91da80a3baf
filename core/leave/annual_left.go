package leave

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// AnnualLeft is what a leaving person's unused statutory annual leave is
// worked out from (Implementing Measures art. 12): the days of the year
// with this employer up to the last day, the whole year's entitlement by
// their working years, and the days taken.
type AnnualLeft struct {
	From            core.Date // 1 January, or the hire date when later
	EntitlementDays int       // the year's full statutory entitlement on the last day (5, 10 or 15)
	TakenDays       decimal.Decimal
}

// AnnualLeftOf returns e's annual-leave figures for a last day; ok is
// false when the org keeps no statutory annual leave type.
func (s *Service) AnnualLeftOf(ctx context.Context, org core.Org, e core.Employee, lastDay core.Date) (AnnualLeft, bool, error) {
	setup, err := s.Setup(ctx, org)
	if err != nil {
		return AnnualLeft{}, false, err
	}
	var statutory *Type
	for i, t := range setup.Types {
		if t.Accrual == AccrualStatutoryCN {
			statutory = &setup.Types[i]
			break
		}
	}
	if statutory == nil || setup.Policy.DayMinutes <= 0 {
		return AnnualLeft{}, false, nil
	}
	b, err := s.Balance(ctx, org, setup, e, *statutory, lastDay.Year)
	if err != nil {
		return AnnualLeft{}, false, fmt.Errorf("annual leave of %s: %w", e.Key, err)
	}
	out := AnnualLeft{From: core.NewDate(lastDay.Year, 1, 1),
		TakenDays: decimal.NewFromInt(int64(b.Used)).DivRound(decimal.NewFromInt(int64(setup.Policy.DayMinutes)), 2)}
	if hired := core.DateOf(e.HireDate); !e.HireDate.IsZero() && hired.After(out.From) {
		out.From = hired
	}
	start := core.DateOf(e.CareerStart)
	if e.CareerStart.IsZero() {
		start = core.DateOf(e.HireDate)
	}
	if !start.IsZero() {
		out.EntitlementDays = statutoryDays(completedYears(start, lastDay))
	}
	return out, true, nil
}
