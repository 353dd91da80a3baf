package store

import (
	"context"

	"github.com/hrbot/hrbot/core/leaving"
)

// Open returns the org's open resignations, earliest last day first:
// every one for employeeID 0, else those pending on employeeID's decision
// and employeeID's own.
func (s Leavings) Open(ctx context.Context, orgID, employeeID int64) ([]leaving.Resignation, error) {
	return collectResignations(s.db.q(ctx).Query(ctx, resignationSelect+`
		WHERE r.org_id = $1 AND r.status IN ('pending', 'approved')
		  AND ($2::bigint = 0 OR r.employee_id = $2 OR r.status = 'pending' AND r.approver_id = $2)
		ORDER BY r.last_day, r.id`, orgID, employeeID))
}
