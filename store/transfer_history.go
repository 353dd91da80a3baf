package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/transfer"
)

// placement is a person's job, team, manager, schedule and pay terms as
// the database holds them at one moment.
type placement struct {
	job           string
	team, manager *int64
	scheduleID    *int64
	scheduleKey   string
	offset        int
	payTerms      *pay.Terms // nil: no pay profile
	payKind       string
}

// Apply puts an approved transfer into effect, once: it is marked done
// only while still approved (EConflict otherwise: another pass applied it,
// or it was cancelled), and in the same transaction the row of the
// person's history in force until then is written with their terms as
// they are (what the day before the transfer was judged and paid by), the
// row from its day on added, their record and pay profile changed, the
// org's config version moved on, the audit row and notifications written.
func (s Transfers) Apply(ctx context.Context, t transfer.Transfer, audit core.AuditEntry, ns []core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE transfers SET status = 'done', applied_at = $3 WHERE org_id = $1 AND id = $2 AND status = 'approved'`,
			t.OrgID, t.ID, t.AppliedAt)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "transfer.changed", "transfer %d is no longer approved", t.ID)
		}
		cur, err := currentPlacement(ctx, tx, t.OrgID, t.EmployeeID)
		if err != nil {
			return err
		}
		if err := closeAssignment(ctx, tx, t, cur); err != nil {
			return err
		}
		next, err := movedPlacement(ctx, tx, t, cur)
		if err != nil {
			return err
		}
		if err := writeAssignment(ctx, tx, t, next); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE employees SET job = $3, team_id = $4, manager_id = $5, schedule_id = $6, rotation_offset = $7,
			    updated_at = $8 WHERE org_id = $1 AND id = $2`,
			t.OrgID, t.EmployeeID, next.job, next.team, next.manager, next.scheduleID, next.offset, t.AppliedAt); err != nil {
			return fmt.Errorf("apply transfer %d: %w", t.ID, interpret(err))
		}
		if t.Pay != nil && next.payTerms != nil {
			p := next.payTerms
			allowances, err := json.Marshal(nonNilAllowances(p.Allowances))
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE pay_profiles SET kind = $2, salary = $3, hourly_rate = $4, allowances = $5, updated_at = $6
				WHERE employee_id = $1`, t.EmployeeID, string(p.Kind), p.Salary.String(), p.HourlyRate.String(), allowances, t.AppliedAt); err != nil {
				return fmt.Errorf("apply transfer %d pay: %w", t.ID, interpret(err))
			}
		}
		if err := bumpConfig(ctx, tx, t.OrgID); err != nil {
			return err
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		for _, n := range ns {
			if err := notify(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// currentPlacement reads, and locks, a person's record and pay profile.
func currentPlacement(ctx context.Context, q dbtx, orgID, employeeID int64) (placement, error) {
	var p placement
	err := q.QueryRow(ctx, `
		SELECT e.job, e.team_id, e.manager_id, e.schedule_id, coalesce(sc.key, ''), e.rotation_offset
		FROM employees e LEFT JOIN schedules sc ON sc.id = e.schedule_id
		WHERE e.org_id = $1 AND e.id = $2 FOR UPDATE OF e`, orgID, employeeID).
		Scan(&p.job, &p.team, &p.manager, &p.scheduleID, &p.scheduleKey, &p.offset)
	if err != nil {
		return p, fmt.Errorf("placement of %d: %w", employeeID, interpret(err))
	}
	var allowances []byte
	var terms pay.Terms
	err = q.QueryRow(ctx, `SELECT kind, salary::text, hourly_rate::text, allowances FROM pay_profiles WHERE employee_id = $1 FOR UPDATE`,
		employeeID).Scan(&p.payKind, decimalText{&terms.Salary}, decimalText{&terms.HourlyRate}, &allowances)
	switch code := core.ErrorCodeOf(interpret(err)); {
	case err == nil:
		terms.Kind = pay.Kind(p.payKind)
		if err := json.Unmarshal(allowances, &terms.Allowances); err != nil {
			return p, fmt.Errorf("pay profile of %d: %w", employeeID, err)
		}
		p.payTerms = &terms
	case code != core.ENotFound:
		return p, fmt.Errorf("pay profile of %d: %w", employeeID, interpret(err))
	}
	return p, nil
}

// closeAssignment writes the person's row in force until t's day with
// their terms as they are: their latest row, or — at their first
// transfer — a row from their start.
func closeAssignment(ctx context.Context, q dbtx, t transfer.Transfer, cur placement) error {
	payJSON, err := termsJSON(cur.payTerms)
	if err != nil {
		return err
	}
	var id int64
	err = q.QueryRow(ctx, `SELECT id FROM assignments WHERE employee_id = $1
		ORDER BY coalesce(from_date, '-infinity'::date) DESC LIMIT 1`, t.EmployeeID).Scan(&id)
	switch {
	case core.ErrorCodeOf(interpret(err)) == core.ENotFound:
		_, err = q.Exec(ctx, `INSERT INTO assignments (org_id, employee_id, from_date, job, team_id, manager_id, schedule_key, rotation_offset, pay)
			VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8)`, t.OrgID, t.EmployeeID, cur.job, cur.team, cur.manager, cur.scheduleKey, cur.offset, payJSON)
	case err == nil:
		_, err = q.Exec(ctx, `UPDATE assignments SET job = $2, team_id = $3, manager_id = $4, schedule_key = $5, rotation_offset = $6, pay = $7
			WHERE id = $1`, id, cur.job, cur.team, cur.manager, cur.scheduleKey, cur.offset, payJSON)
	}
	if err != nil {
		return fmt.Errorf("close assignment of %d: %w", t.EmployeeID, interpret(err))
	}
	return nil
}

// movedPlacement is cur with t's changes. Errors: EInvalid when the new
// schedule is no longer in the org file.
func movedPlacement(ctx context.Context, q dbtx, t transfer.Transfer, cur placement) (placement, error) {
	next := cur
	if t.Sets.Has(transfer.FieldJob) {
		next.job = t.To.Job
	}
	if t.Sets.Has(transfer.FieldTeam) {
		next.team = idOrNull(t.To.TeamID)
	}
	if t.Sets.Has(transfer.FieldManager) {
		next.manager = idOrNull(t.To.ManagerID)
	}
	if t.Sets.Has(transfer.FieldSchedule) {
		next.scheduleKey, next.offset, next.scheduleID = t.To.ScheduleKey, t.To.RotationOffset, nil
		if t.To.ScheduleKey != "" {
			var id int64
			err := q.QueryRow(ctx, `SELECT id FROM schedules WHERE org_id = $1 AND key = $2`, t.OrgID, t.To.ScheduleKey).Scan(&id)
			if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
				return next, core.Errorf(core.EInvalid, "transfer.schedule_gone", "schedule %s no longer exists", t.To.ScheduleKey).
					With("schedule", t.To.ScheduleKey)
			}
			if err != nil {
				return next, interpret(err)
			}
			next.scheduleID = &id
		}
	}
	if t.Pay != nil && cur.payTerms != nil {
		moved := pay.TermsOf(t.Pay.Over(cur.payTerms.Over(pay.Profile{})))
		next.payTerms = &moved
	}
	return next, nil
}

// writeAssignment adds the person's row from t's day on.
func writeAssignment(ctx context.Context, q dbtx, t transfer.Transfer, next placement) error {
	payJSON, err := termsJSON(next.payTerms)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, `
		INSERT INTO assignments (org_id, employee_id, from_date, job, team_id, manager_id, schedule_key, rotation_offset, pay, transfer_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (employee_id, coalesce(from_date, '-infinity'::date)) DO UPDATE SET job = EXCLUDED.job, team_id = EXCLUDED.team_id,
		    manager_id = EXCLUDED.manager_id, schedule_key = EXCLUDED.schedule_key, rotation_offset = EXCLUDED.rotation_offset,
		    pay = EXCLUDED.pay, transfer_id = EXCLUDED.transfer_id`,
		t.OrgID, t.EmployeeID, t.Effective.UTC(), next.job, next.team, next.manager, next.scheduleKey, next.offset, payJSON, t.ID)
	if err != nil {
		return fmt.Errorf("add assignment of %d: %w", t.EmployeeID, interpret(err))
	}
	return nil
}

func termsJSON(t *pay.Terms) ([]byte, error) {
	if t == nil {
		return nil, nil
	}
	b, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("pay terms: %w", err)
	}
	return b, nil
}

const assignmentSQL = `
	SELECT a.employee_id, a.from_date, a.job, coalesce(a.team_id, 0), coalesce(t.key, ''), coalesce(t.name, ''),
	       coalesce(a.manager_id, 0), coalesce(m.key, ''), coalesce(m.name, ''), a.schedule_key, a.rotation_offset,
	       row_number() OVER (PARTITION BY a.employee_id ORDER BY coalesce(a.from_date, '-infinity'::date) DESC) = 1, false, a.pay
	FROM assignments a LEFT JOIN teams t ON t.id = a.team_id LEFT JOIN employees m ON m.id = a.manager_id
	WHERE a.org_id = $1 AND ($2 = 0 OR a.employee_id = $2)`

// scheduledSQL reads approved transfers not yet in effect as assignments:
// the person's record with the transfer's changes, from its day on.
const scheduledSQL = `
	SELECT tr.employee_id, tr.effective_date, coalesce(tr.job, e.job), coalesce(tr.team_id, e.team_id, 0), coalesce(tt.key, ''),
	       coalesce(tt.name, ''), coalesce(tr.manager_id, e.manager_id, 0), coalesce(mm.key, ''), coalesce(mm.name, ''),
	       coalesce(tr.schedule_key, sc.key, ''), coalesce(tr.rotation_offset, e.rotation_offset), false, true, tr.pay
	FROM transfers tr JOIN employees e ON e.id = tr.employee_id LEFT JOIN schedules sc ON sc.id = e.schedule_id
	LEFT JOIN teams tt ON tt.id = coalesce(tr.team_id, e.team_id) LEFT JOIN employees mm ON mm.id = coalesce(tr.manager_id, e.manager_id)
	WHERE tr.org_id = $1 AND tr.status = 'approved' AND ($2 = 0 OR tr.employee_id = $2)`

// assignmentRow is an assignment with its pay terms as stored.
type assignmentRow struct {
	core.Assignment
	pay []byte
}

func readAssignments(ctx context.Context, q dbtx, orgID, employeeID int64, scheduled bool) ([]assignmentRow, error) {
	sql := assignmentSQL
	if scheduled {
		sql += " UNION ALL " + scheduledSQL
	}
	rows, err := q.Query(ctx, sql+" ORDER BY 1, 2 NULLS FIRST", orgID, employeeID)
	if err != nil {
		return nil, interpret(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (assignmentRow, error) {
		var a assignmentRow
		var from *time.Time
		err := r.Scan(&a.EmployeeID, &from, &a.Job, &a.TeamID, &a.TeamKey, &a.TeamName, &a.ManagerID, &a.ManagerKey, &a.ManagerName,
			&a.ScheduleKey, &a.RotationOffset, &a.Current, &a.Scheduled, &a.pay)
		if from != nil {
			a.From = core.DateOf(*from)
		}
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("assignments of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// Assignments returns a person's assignment rows, oldest first.
func (s Transfers) Assignments(ctx context.Context, orgID, employeeID int64) ([]core.Assignment, error) {
	rows, err := readAssignments(ctx, s.db.q(ctx), orgID, employeeID, false)
	if err != nil {
		return nil, err
	}
	out := make([]core.Assignment, len(rows))
	for i, r := range rows {
		out[i] = r.Assignment
	}
	return out, nil
}

// orgHistory is an org's assignment history with its approved transfers
// to come, for attendance's setup.
func orgHistory(ctx context.Context, q dbtx, orgID int64) (core.History, error) {
	rows, err := readAssignments(ctx, q, orgID, 0, true)
	if err != nil {
		return nil, err
	}
	h := core.History{}
	for _, r := range rows {
		h.Add(r.Assignment)
	}
	return h, nil
}

// PayHistory returns, for each person whose pay a transfer changed or
// will, the pay terms in force from each day on: their rows of the
// assignment history and their approved transfer to come.
func (s Payroll) PayHistory(ctx context.Context, orgID int64) (map[int64][]payroll.PayTerm, error) {
	rows, err := readAssignments(ctx, s.db.q(ctx), orgID, 0, true)
	if err != nil {
		return nil, err
	}
	out := map[int64][]payroll.PayTerm{}
	for _, r := range rows {
		if r.Scheduled && r.pay == nil {
			continue // changes no pay
		}
		pt := payroll.PayTerm{From: r.From, Current: r.Current, Scheduled: r.Scheduled}
		if r.pay != nil {
			var terms pay.Terms
			if err := json.Unmarshal(r.pay, &terms); err != nil {
				return nil, fmt.Errorf("pay terms of %d: %w", r.EmployeeID, err)
			}
			pt.Terms = &terms
		}
		out[r.EmployeeID] = append(out[r.EmployeeID], pt)
	}
	return out, nil
}
