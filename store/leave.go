package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
)

// Leaves is leave's storage: each org's leave policy and types, the
// requests with their approval steps, and what a balance is worked out
// from. It is core/leave's Store.
type Leaves struct {
	db *DB
	People
}

// NewLeaves returns leave's storage over db.
func NewLeaves(db *DB) Leaves { return Leaves{db: db, People: People{db: db}} }

var _ leave.Store = Leaves{}

// InTurn runs fn in one transaction, joining the turn's: see DB.InTurn.
func (s Leaves) InTurn(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.InTurn(ctx, fn)
}

// Setup reads an org's leave policy and types.
func (s Leaves) Setup(ctx context.Context, orgID int64) (leave.Setup, error) {
	setup := leave.Setup{Policy: leave.DefaultPolicy()}
	err := s.db.q(ctx).QueryRow(ctx, `SELECT day_minutes, hr_approval_over_days, resend_after_hours FROM leave_policies WHERE org_id = $1`, orgID).
		Scan(&setup.Policy.DayMinutes, &setup.Policy.HRApprovalOverDays, &setup.Policy.ResendAfterHours)
	if err != nil && core.ErrorCodeOf(interpret(err)) != core.ENotFound {
		return leave.Setup{}, interpret(err)
	}
	rows, err := s.db.q(ctx).Query(ctx, `SELECT key, name, aliases, paid, unit, accrual, entitlement_days, carry_over_days,
		carry_over_expiry, reason_required, allow_negative, attachment_required, notice_days, applies_to, NOT prorate
		FROM leave_types WHERE org_id = $1 ORDER BY key`, orgID)
	if err != nil {
		return leave.Setup{}, interpret(err)
	}
	defer rows.Close()
	for rows.Next() {
		var t leave.Type
		if err := rows.Scan(&t.Key, &t.Name, &t.Aliases, &t.Paid, &t.Unit, &t.Accrual, &t.EntitlementDays, &t.CarryOverDays,
			&t.CarryOverExpiry, &t.ReasonRequired, &t.AllowNegative, &t.AttachmentRequired, &t.NoticeDays, &t.AppliesTo, &t.NoProration); err != nil {
			return leave.Setup{}, interpret(err)
		}
		setup.Types = append(setup.Types, t)
	}
	return setup, interpret(rows.Err())
}

// Usage sums a person's leave of one type in one year.
func (s Leaves) Usage(ctx context.Context, orgID, employeeID int64, typeKey string, year int, before core.Date) (leave.Usage, error) {
	var u leave.Usage
	var beforeArg any
	if !before.IsZero() {
		beforeArg = before.UTC()
	}
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT
		  coalesce(sum(minutes) FILTER (WHERE status = 'approved'), 0),
		  coalesce(sum(minutes) FILTER (WHERE status = 'pending'), 0),
		  coalesce(sum(minutes) FILTER (WHERE status = 'approved' AND from_date <= $5), 0),
		  (SELECT coalesce(sum(minutes), 0) FROM leave_adjustments
		    WHERE org_id = $1 AND employee_id = $2 AND type_key = $3 AND year = $4),
		  (SELECT coalesce(sum(overtime_minutes), 0) FROM attendance_records
		    WHERE org_id = $1 AND employee_id = $2 AND overtime_kind = 'rest_day'
		      AND work_date >= make_date($4, 1, 1) AND work_date < make_date($4 + 1, 1, 1))
		FROM leave_requests
		WHERE org_id = $1 AND employee_id = $2 AND type_key = $3
		  AND from_date >= make_date($4, 1, 1) AND from_date < make_date($4 + 1, 1, 1)`,
		orgID, employeeID, typeKey, year, beforeArg).Scan(&u.Approved, &u.Pending, &u.ApprovedBefore, &u.Adjusted, &u.RestDayOT)
	if err != nil {
		return leave.Usage{}, fmt.Errorf("leave usage: %w", interpret(err))
	}
	return u, nil
}

const requestColumns = `r.id, r.org_id, r.employee_id, e.key, e.name, e.job, r.type_key, r.from_date, r.to_date, r.from_part, r.to_part,
	r.period, r.minutes, r.reason, r.status, r.step, coalesce(r.approver_id, 0), coalesce(r.decided_by, 0), coalesce(d.name, ''),
	r.decided_at, r.reject_reason, r.created_at, r.sent_at`

const requestFrom = ` FROM leave_requests r JOIN employees e ON e.id = r.employee_id LEFT JOIN employees d ON d.id = r.decided_by`

func scanRequest(row pgx.Row) (leave.Request, error) {
	var r leave.Request
	var from, to time.Time
	var period pgtype.Range[pgtype.Timestamptz]
	var decided *time.Time
	err := row.Scan(&r.ID, &r.OrgID, &r.EmployeeID, &r.EmployeeKey, &r.EmployeeName, &r.EmployeeJob, &r.Type, &from, &to,
		&r.Span.FromPart, &r.Span.ToPart, &period, &r.Minutes, &r.Reason, &r.Status, &r.Step, &r.ApproverID, &r.DecidedByID,
		&r.DecidedBy, &decided, &r.RejectReason, &r.CreatedAt, &r.SentAt)
	if err != nil {
		return leave.Request{}, err
	}
	r.Span.From, r.Span.To = core.DateOf(from), core.DateOf(to)
	r.Start, r.End = period.Lower.Time, period.Upper.Time
	if decided != nil {
		r.DecidedAt = *decided
	}
	return r, nil
}

func collectRequests(rows pgx.Rows, err error) ([]leave.Request, error) {
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []leave.Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, interpret(err)
		}
		out = append(out, r)
	}
	return out, interpret(rows.Err())
}

func periodOf(r leave.Request) pgtype.Range[pgtype.Timestamptz] {
	return pgtype.Range[pgtype.Timestamptz]{
		Lower: pgtype.Timestamptz{Time: r.Start, Valid: true}, Upper: pgtype.Timestamptz{Time: r.End, Valid: true},
		LowerType: pgtype.Inclusive, UpperType: pgtype.Exclusive, Valid: true,
	}
}

// CreateRequest stores a pending request, its audit row and the approver's notification.
func (s Leaves) CreateRequest(ctx context.Context, r leave.Request, audit core.AuditEntry, n core.Notification) (leave.Request, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO leave_requests (org_id, employee_id, type_key, from_date, to_date, from_part, to_part, period, minutes,
			    reason, status, step, approver_id, created_at, sent_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			r.OrgID, r.EmployeeID, r.Type, r.Span.From.UTC(), r.Span.To.UTC(), r.Span.FromPart, r.Span.ToPart, periodOf(r),
			r.Minutes, r.Reason, r.Status, r.Step, r.ApproverID, r.CreatedAt, r.SentAt).Scan(&r.ID)
		if err != nil {
			return interpret(err)
		}
		audit.EntityID = fmt.Sprint(r.ID)
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		n.Params = map[string]string{"id": fmt.Sprint(r.ID)}
		return notify(ctx, tx, n)
	})
	return r, err
}

// FindRequest returns one request of an org.
func (s Leaves) FindRequest(ctx context.Context, orgID, id int64) (leave.Request, error) {
	r, err := scanRequest(s.db.q(ctx).QueryRow(ctx, `SELECT `+requestColumns+requestFrom+` WHERE r.org_id = $1 AND r.id = $2`, orgID, id))
	if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
		return r, core.Errorf(core.ENotFound, "leave.not_found", "no leave request %d", id)
	}
	return r, interpret(err)
}

// UpdateRequest saves a request still in status from at step fromStep.
func (s Leaves) UpdateRequest(ctx context.Context, r leave.Request, from leave.Status, fromStep leave.Step, audit core.AuditEntry,
	ns []core.Notification, events []leave.Event) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		var decidedBy *int64
		var decidedAt *time.Time
		if r.DecidedByID != 0 {
			decidedBy, decidedAt = &r.DecidedByID, &r.DecidedAt
		}
		tag, err := tx.Exec(ctx, `
			UPDATE leave_requests SET status = $3, step = $4, approver_id = $5, decided_by = $6, decided_at = $7,
			    reject_reason = $8, sent_at = $9
			WHERE org_id = $1 AND id = $2 AND status = $10 AND step = $11`,
			r.OrgID, r.ID, r.Status, r.Step, r.ApproverID, decidedBy, decidedAt, r.RejectReason, r.SentAt, from, fromStep)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "leave.changed", "leave request %d changed meanwhile", r.ID)
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		for _, n := range ns {
			if err := notify(ctx, tx, n); err != nil {
				return err
			}
		}
		for _, e := range events {
			if err := publish(ctx, tx, r.OrgID, e.Kind, e.Payload, audit.At); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListRequests returns requests in a status overlapping [from, to].
func (s Leaves) ListRequests(ctx context.Context, orgID int64, status leave.Status, employeeIDs []int64, from, to core.Date) ([]leave.Request, error) {
	return collectRequests(s.db.q(ctx).Query(ctx, `SELECT `+requestColumns+requestFrom+`
		WHERE r.org_id = $1 AND r.status = $2 AND ($3::bigint[] IS NULL OR r.employee_id = ANY($3))
		  AND r.from_date <= $5 AND r.to_date >= $4
		ORDER BY r.from_date, e.key`, orgID, status, employeeIDs, from.UTC(), to.UTC()))
}

// ListPendingFor returns requests waiting on an approver (0: all), oldest first.
func (s Leaves) ListPendingFor(ctx context.Context, orgID, approverID int64) ([]leave.Request, error) {
	return collectRequests(s.db.q(ctx).Query(ctx, `SELECT `+requestColumns+requestFrom+`
		WHERE r.org_id = $1 AND r.status = 'pending' AND ($2 = 0 OR r.approver_id = $2) ORDER BY r.id`, orgID, approverID))
}

// ListStale returns pending requests not sent to their approver for longer than their org allows.
func (s Leaves) ListStale(ctx context.Context, now time.Time) ([]leave.Request, error) {
	return collectRequests(s.db.q(ctx).Query(ctx, `SELECT `+requestColumns+requestFrom+`
		LEFT JOIN leave_policies p ON p.org_id = r.org_id
		WHERE r.status = 'pending' AND r.sent_at + make_interval(hours => coalesce(p.resend_after_hours, 24)) < $1
		ORDER BY r.id`, now))
}

// MarkSent records a reminder to the approver.
func (s Leaves) MarkSent(ctx context.Context, r leave.Request, n core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE leave_requests SET sent_at = $3 WHERE org_id = $1 AND id = $2 AND status = 'pending'`,
			r.OrgID, r.ID, r.SentAt); err != nil {
			return interpret(err)
		}
		return notify(ctx, tx, n)
	})
}

// MyRequests returns a person's requests that end on or after since.
func (s Leaves) MyRequests(ctx context.Context, orgID, employeeID int64, since core.Date) ([]leave.Request, error) {
	return collectRequests(s.db.q(ctx).Query(ctx, `SELECT `+requestColumns+requestFrom+`
		WHERE r.org_id = $1 AND r.employee_id = $2 AND r.to_date >= $3 ORDER BY r.from_date DESC, r.id DESC LIMIT 20`,
		orgID, employeeID, since.UTC()))
}

// Overlaps reports whether a pending or approved request of the person overlaps [start, end).
func (s Leaves) Overlaps(ctx context.Context, orgID, employeeID int64, start, end time.Time) (bool, error) {
	var clash bool
	err := s.db.q(ctx).QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM leave_requests
		WHERE org_id = $1 AND employee_id = $2 AND status IN ('pending', 'approved') AND period && tstzrange($3, $4))`,
		orgID, employeeID, start, end).Scan(&clash)
	return clash, interpret(err)
}

// leaveDays expands approved leave into dates, per person: attendance
// and payroll read it to know who was away.
func leaveDays(ctx context.Context, q dbtx, orgID int64, employeeIDs []int64, from, to core.Date) (map[int64]map[core.Date]bool, error) {
	rows, err := q.Query(ctx, `
		SELECT r.employee_id, d::date
		FROM leave_requests r, generate_series(greatest(r.from_date, $3::date), least(r.to_date, $4::date), interval '1 day') d
		WHERE r.org_id = $1 AND r.status = 'approved' AND ($2::bigint[] IS NULL OR r.employee_id = ANY($2))
		  AND r.from_date <= $4 AND r.to_date >= $3`, orgID, employeeIDs, from.UTC(), to.UTC())
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	out := map[int64]map[core.Date]bool{}
	for rows.Next() {
		var id int64
		var d time.Time
		if err := rows.Scan(&id, &d); err != nil {
			return nil, interpret(err)
		}
		if out[id] == nil {
			out[id] = map[core.Date]bool{}
		}
		out[id][core.DateOf(d)] = true
	}
	return out, interpret(rows.Err())
}

// LockPerson serialises changes to one person's records until the
// transaction of ctx ends (a turn's): two requests racing for the same
// balance then see each other.
func (s Leaves) LockPerson(ctx context.Context, employeeID int64) error {
	if _, ok := turnOf(ctx); !ok {
		return errors.New("lock person: not in a transaction")
	}
	_, err := s.db.q(ctx).Exec(ctx, `SELECT pg_advisory_xact_lock(7220420, $1::int)`, employeeID)
	return interpret(err)
}

// AddAdjustment records a correction of a balance, its audit row and the
// person's notification in one transaction.
func (s Leaves) AddAdjustment(ctx context.Context, a leave.Adjustment, audit core.AuditEntry, n core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO leave_adjustments (org_id, employee_id, type_key, year, minutes, note, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			a.OrgID, a.EmployeeID, a.Type, a.Year, a.Minutes, a.Reason, a.CreatedBy, audit.At).Scan(&id); err != nil {
			return fmt.Errorf("add leave adjustment: %w", interpret(err))
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		return notify(ctx, tx, n)
	})
}
