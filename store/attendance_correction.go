package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

const correctionColumns = `c.id, c.org_id, c.employee_id, e.key, e.name, c.work_date, c.kind, c.requested_at, c.reason, c.status,
	c.approver_id, coalesce(c.decided_by, 0), coalesce(d.name, ''), c.decided_at, c.created_at, c.reject_reason`

const correctionFrom = ` FROM attendance_corrections c JOIN employees e ON e.id = c.employee_id
	LEFT JOIN employees d ON d.id = c.decided_by`

func scanCorrection(row pgx.Row) (attendance.Correction, error) {
	var c attendance.Correction
	var day time.Time
	var decided *time.Time
	err := row.Scan(&c.ID, &c.OrgID, &c.EmployeeID, &c.EmployeeKey, &c.EmployeeName, &day, &c.Kind, &c.At, &c.Reason, &c.Status,
		&c.ApproverID, &c.DecidedByID, &c.DecidedByName, &decided, &c.CreatedAt, &c.RejectReason)
	if err != nil {
		return attendance.Correction{}, interpret(err)
	}
	c.WorkDate = core.DateOf(day)
	if decided != nil {
		c.DecidedAt = *decided
	}
	return c, nil
}

// CreateCorrection stores a pending correction with its audit row and the
// approver's notification, within the org's monthly cap when it has one.
func (s Attendance) CreateCorrection(ctx context.Context, c attendance.Correction, limit attendance.CorrectionLimit, audit core.AuditEntry, n core.Notification) (attendance.Correction, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		if limit.Max > 0 {
			// The person's row is the lock: two requests at once are
			// counted one after the other, so both cannot pass the cap.
			if _, err := tx.Exec(ctx, `SELECT 1 FROM employees WHERE org_id = $1 AND id = $2 FOR NO KEY UPDATE`, c.OrgID, c.EmployeeID); err != nil {
				return interpret(err)
			}
			used, err := countCorrections(ctx, tx, c.OrgID, c.EmployeeID, limit.From, limit.To)
			if err != nil {
				return err
			}
			if used >= limit.Max {
				return attendance.ErrCorrectionLimit
			}
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO attendance_corrections (org_id, employee_id, work_date, kind, requested_at, reason, approver_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			c.OrgID, c.EmployeeID, c.WorkDate.UTC(), c.Kind, c.At, c.Reason, c.ApproverID, c.CreatedAt).Scan(&c.ID)
		if err != nil {
			return interpret(err)
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		if n.Params == nil {
			n.Params = map[string]string{}
		}
		n.Params["id"] = fmt.Sprint(c.ID)
		return notify(ctx, tx, n)
	})
	return c, err
}

// CountCorrections counts a person's pending and approved corrections of days in [from, to].
func (s Attendance) CountCorrections(ctx context.Context, orgID, employeeID int64, from, to core.Date) (int, error) {
	return countCorrections(ctx, s.db.q(ctx), orgID, employeeID, from, to)
}

func countCorrections(ctx context.Context, q dbtx, orgID, employeeID int64, from, to core.Date) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM attendance_corrections
		WHERE org_id = $1 AND employee_id = $2 AND work_date BETWEEN $3 AND $4 AND status IN ('pending', 'approved')`,
		orgID, employeeID, from.UTC(), to.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count corrections: %w", interpret(err))
	}
	return n, nil
}

// FindCorrection returns one correction of an org.
func (s Attendance) FindCorrection(ctx context.Context, orgID, id int64) (attendance.Correction, error) {
	c, err := scanCorrection(s.db.q(ctx).QueryRow(ctx, `SELECT `+correctionColumns+correctionFrom+` WHERE c.org_id = $1 AND c.id = $2`, orgID, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return c, core.Errorf(core.ENotFound, "att.fix_not_found", "no correction %d", id)
	}
	return c, err
}

// DecideCorrection records a decision if the correction is still pending.
func (s Attendance) DecideCorrection(ctx context.Context, c attendance.Correction, rec *attendance.Record, audits []core.AuditEntry, n core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE attendance_corrections SET status = $3, decided_by = $4, decided_at = $5, reject_reason = $6
			WHERE org_id = $1 AND id = $2 AND status = 'pending'`, c.OrgID, c.ID, c.Status, c.DecidedByID, c.DecidedAt, c.RejectReason)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "att.fix_decided", "correction %d is no longer pending", c.ID)
		}
		if rec != nil {
			if _, err := saveRecord(ctx, tx, *rec); err != nil {
				return err
			}
		}
		for _, a := range audits {
			if err := recordAudit(ctx, tx, a); err != nil {
				return err
			}
		}
		return notify(ctx, tx, n)
	})
}

// ListCorrections returns an org's corrections in a status, oldest first.
func (s Attendance) ListCorrections(ctx context.Context, orgID int64, status attendance.CorrectionStatus, approverID int64) ([]attendance.Correction, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+correctionColumns+correctionFrom+`
		WHERE c.org_id = $1 AND c.status = $2 AND ($3 = 0 OR c.approver_id = $3) ORDER BY c.id`, orgID, status, approverID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []attendance.Correction
	for rows.Next() {
		c, err := scanCorrection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, interpret(rows.Err())
}
