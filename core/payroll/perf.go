package payroll

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// PerfResult is one person's published result of a review cycle that pays
// its bonus in a month.
type PerfResult struct {
	Cycle       string
	Band        string
	Coefficient decimal.Decimal
}

// PerfPay is what a month's run pays for performance: the org's
// performance pay (a fixed amount, or a percent of the monthly salary,
// from its org file) and, per person, the results paid that month.
type PerfPay struct {
	Base    decimal.Decimal
	Percent decimal.Decimal
	Results map[int64][]PerfResult // by employee id, oldest cycle first
}

// Performance reads the performance results a month pays (store.Payroll).
type Performance interface {
	// PerfPay returns the org's performance pay and the published
	// results, with a coefficient, of its cycles whose pay month starts
	// on month.
	PerfPay(ctx context.Context, orgID int64, month core.Date) (PerfPay, error)
}

// WithPerformance makes a run pay the performance bonuses of the review
// cycles whose pay month it is, read from p.
func (s *Service) WithPerformance(p Performance) *Service {
	s.perf = p
	return s
}

// bonuses are the performance bonuses of one person under pp; none when
// the org's bands carry no performance pay.
func (pp PerfPay) bonuses(employeeID int64) []pay.PerfBonus {
	if !pp.Base.IsPositive() && !pp.Percent.IsPositive() {
		return nil
	}
	var out []pay.PerfBonus
	for _, r := range pp.Results[employeeID] {
		out = append(out, pay.PerfBonus{Cycle: r.Cycle, Band: r.Band, Coefficient: r.Coefficient, Base: pp.Base, Percent: pp.Percent})
	}
	return out
}
