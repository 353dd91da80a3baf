package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
)

var _ payroll.Performance = Payroll{}

// PerfPay returns the org's performance pay and, per person, the results
// published with a coefficient in its cycles whose pay month starts on
// month, oldest period first. A cycle published but later cancelled, or
// a result without a coefficient (the org had no bands), pays nothing.
func (s Payroll) PerfPay(ctx context.Context, orgID int64, month core.Date) (payroll.PerfPay, error) {
	q := s.db.q(ctx)
	pol, _, err := readPerfPolicy(ctx, q, orgID)
	if err != nil {
		return payroll.PerfPay{}, err
	}
	out := payroll.PerfPay{Base: pol.BonusBase, Percent: pol.BonusPercent, Results: map[int64][]payroll.PerfResult{}}
	type row struct {
		employeeID int64
		payroll.PerfResult
	}
	rows, err := readAll(ctx, q, func(r pgx.Rows) (row, error) {
		var x row
		return x, r.Scan(&x.employeeID, &x.Cycle, &x.Band, decimalText{&x.Coefficient})
	}, `
		SELECT r.employee_id, c.name, r.band, r.coefficient::text
		FROM perf_reviews r JOIN perf_cycles c ON c.org_id = r.org_id AND c.id = r.cycle_id
		WHERE r.org_id = $1 AND c.pay_month = $2 AND c.status = 'published'
		  AND r.published_at IS NOT NULL AND r.coefficient IS NOT NULL
		ORDER BY c.period_to, c.id`, orgID, month.UTC())
	if err != nil {
		return payroll.PerfPay{}, fmt.Errorf("performance results of org %d paid in %s: %w", orgID, month, err)
	}
	for _, x := range rows {
		out.Results[x.employeeID] = append(out.Results[x.employeeID], x.PerfResult)
	}
	return out, nil
}
