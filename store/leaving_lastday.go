package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leaving"
)

// Waiting returns the person's pending leave and corrections and their
// transfers not yet in effect, with whom each waited on.
func (s Leavings) Waiting(ctx context.Context, orgID, employeeID int64) (leaving.Waiting, error) {
	var w leaving.Waiting
	q := s.db.q(ctx)
	for _, x := range []struct {
		into *[]leaving.Open
		sql  string
	}{
		{&w.Leave, `SELECT id, coalesce(approver_id, 0), employee_id FROM leave_requests
			WHERE org_id = $1 AND employee_id = $2 AND status = 'pending' ORDER BY id`},
		{&w.Corrections, `SELECT id, approver_id, employee_id FROM attendance_corrections
			WHERE org_id = $1 AND employee_id = $2 AND status = 'pending' ORDER BY id`},
		{&w.Transfers, `SELECT id, coalesce(approver_id, 0), requested_by FROM transfers
			WHERE org_id = $1 AND employee_id = $2 AND status IN ('pending', 'approved') ORDER BY id`},
	} {
		rows, err := q.Query(ctx, x.sql, orgID, employeeID)
		if err != nil {
			return w, interpret(err)
		}
		opens, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (leaving.Open, error) {
			var o leaving.Open
			err := row.Scan(&o.ID, &o.ApproverID, &o.AskedByID)
			return o, err
		})
		if err != nil {
			return w, interpret(err)
		}
		*x.into = opens
	}
	return w, nil
}

func openIDs(os []leaving.Open) []int64 {
	ids := make([]int64, len(os))
	for i, o := range os {
		ids[i] = o.ID
	}
	return ids
}

// Leave makes a resignation's last day so, in one transaction: see
// leaving.Store.
func (s Leavings) Leave(ctx context.Context, r leaving.Resignation, closing leaving.Waiting, events []core.ShiftUncovered,
	audit core.AuditEntry, ns []core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE resignations SET status = 'done', applied_at = $3
			WHERE org_id = $1 AND id = $2 AND status = 'approved'`, r.OrgID, r.ID, r.AppliedAt)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "leaving.changed", "resignation %d changed meanwhile", r.ID)
		}
		at := r.AppliedAt.Truncate(time.Microsecond)
		for _, stmt := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE employees SET status = 'left', left_on = $3, updated_at = now() WHERE org_id = $1 AND id = $2`,
				[]any{r.OrgID, r.EmployeeID, r.LastDay.UTC()}},
			{`DELETE FROM chat_identities WHERE org_id = $1 AND employee_id = $2`, []any{r.OrgID, r.EmployeeID}},
			{`DELETE FROM web_sessions WHERE org_id = $1 AND employee_id = $2`, []any{r.OrgID, r.EmployeeID}},
			{`UPDATE leave_requests SET status = 'cancelled', decided_at = $3, reject_reason = 'left'
				WHERE org_id = $1 AND id = ANY($2) AND status = 'pending'`, []any{r.OrgID, openIDs(closing.Leave), at}},
			{`UPDATE attendance_corrections SET status = 'rejected', decided_at = $3
				WHERE org_id = $1 AND id = ANY($2) AND status = 'pending'`, []any{r.OrgID, openIDs(closing.Corrections), at}},
			{`UPDATE transfers SET status = 'cancelled', reject_reason = 'left'
				WHERE org_id = $1 AND id = ANY($2) AND status IN ('pending', 'approved')`, []any{r.OrgID, openIDs(closing.Transfers)}},
		} {
			if _, err := tx.Exec(ctx, stmt.sql, stmt.args...); err != nil {
				return interpret(err)
			}
		}
		if err := bumpConfig(ctx, tx, r.OrgID); err != nil {
			return err
		}
		for _, e := range events {
			if err := publish(ctx, tx, r.OrgID, core.EventShiftUncovered, e, at); err != nil {
				return err
			}
		}
		return s.tell(ctx, tx, r.ID, audit, ns)
	})
}
