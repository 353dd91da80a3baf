package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
)

// Leavers returns the org's people whose last day (left_on) falls in
// [from, to], by key: their final pay is that period's.
func (s Payroll) Leavers(ctx context.Context, orgID int64, from, to core.Date) ([]payroll.Leaver, error) {
	return readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (payroll.Leaver, error) {
		var l payroll.Leaver
		var d employeeDates
		err := r.Scan(append(employeeDest(&l.Employee, &d), dateDest{&l.LastDay})...)
		d.set(&l.Employee)
		return l, err
	}, `SELECT `+employeeColumns+`, e.left_on
		FROM employees e
		LEFT JOIN teams t ON t.id = e.team_id
		LEFT JOIN employees m ON m.id = e.manager_id
		LEFT JOIN schedules sc ON sc.id = e.schedule_id
		WHERE e.org_id = $1 AND e.status = 'left' AND e.left_on BETWEEN $2 AND $3 ORDER BY e.key`, orgID, from.UTC(), to.UTC())
}
