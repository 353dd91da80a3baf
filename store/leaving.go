package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leaving"
)

// Leavings is the storage of resignations (离职) and of the last day's
// changes: core/leaving's Store.
type Leavings struct {
	db *DB
	People
}

// NewLeavings returns the resignations' storage over db.
func NewLeavings(db *DB) Leavings { return Leavings{db: db, People: People{db: db}} }

var _ leaving.Store = Leavings{}

// FindEmployee returns the person with key, as the directory reads them.
func (s Leavings) FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error) {
	return Directory{db: s.db, People: s.People}.FindEmployee(ctx, orgID, key)
}

// OrgByID reads an org. Errors: ENotFound.
func (s Leavings) OrgByID(ctx context.Context, id int64) (core.Org, error) {
	return Covers{db: s.db}.OrgByID(ctx, id)
}

// OnProbation reports whether the person's contract covering day is in
// a probation nobody decided yet.
func (s Leavings) OnProbation(ctx context.Context, orgID, employeeID int64, day core.Date) (bool, error) {
	var ok bool
	err := s.db.q(ctx).QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM contracts WHERE org_id = $1 AND employee_id = $2
		AND probation_end IS NOT NULL AND probation_outcome = '' AND start_on <= $3 AND probation_end >= $3)`,
		orgID, employeeID, day.UTC()).Scan(&ok)
	return ok, interpret(err)
}

const resignationSelect = `SELECT r.id, r.org_id, r.employee_id, e.key, e.name, coalesce(e.manager_id, 0), r.requested_by, q.name,
	r.kind, r.last_day, r.notice_days, r.reason, r.status, r.step, coalesce(r.approver_id, 0), coalesce(ap.name, ''),
	coalesce(r.decided_by, 0), coalesce(d.name, ''), r.decided_at, r.reject_reason, r.created_at, r.applied_at
	FROM resignations r
	JOIN employees e ON e.id = r.employee_id
	JOIN employees q ON q.id = r.requested_by
	LEFT JOIN employees ap ON ap.id = r.approver_id
	LEFT JOIN employees d ON d.id = r.decided_by`

func scanResignation(row pgx.Row) (leaving.Resignation, error) {
	var r leaving.Resignation
	var last time.Time
	var decided, applied *time.Time
	err := row.Scan(&r.ID, &r.OrgID, &r.EmployeeID, &r.EmployeeKey, &r.EmployeeName, &r.ManagerID, &r.RequestedByID, &r.RequestedBy,
		&r.Kind, &last, &r.NoticeDays, &r.Reason, &r.Status, &r.Step, &r.ApproverID, &r.ApproverName,
		&r.DecidedByID, &r.DecidedBy, &decided, &r.RejectReason, &r.CreatedAt, &applied)
	if err != nil {
		return r, interpret(err)
	}
	r.LastDay = core.DateOf(last)
	if decided != nil {
		r.DecidedAt = *decided
	}
	if applied != nil {
		r.AppliedAt = *applied
	}
	return r, nil
}

func collectResignations(rows pgx.Rows, err error) ([]leaving.Resignation, error) {
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []leaving.Resignation
	for rows.Next() {
		r, err := scanResignation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, interpret(rows.Err())
}

// Create stores a resignation, its audit row and notifications.
func (s Leavings) Create(ctx context.Context, r leaving.Resignation, audit core.AuditEntry, ns []core.Notification) (leaving.Resignation, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var decidedAt *time.Time
		if r.DecidedByID != 0 {
			decidedAt = &r.DecidedAt
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO resignations (org_id, employee_id, requested_by, kind, last_day, notice_days, reason, status, step,
			    approver_id, decided_by, decided_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			r.OrgID, r.EmployeeID, r.RequestedByID, r.Kind, r.LastDay.UTC(), r.NoticeDays, r.Reason, r.Status, r.Step,
			idOrNull(r.ApproverID), idOrNull(r.DecidedByID), decidedAt, r.CreatedAt).Scan(&r.ID)
		if err != nil {
			return interpret(err)
		}
		audit.EntityID = fmt.Sprint(r.ID)
		if err := s.tell(ctx, tx, r.ID, audit, ns); err != nil {
			return err
		}
		return s.followUp(ctx, tx, r, leaving.Pending)
	})
	return r, err
}

// followUp does what a resignation's move from `from` to its status
// sets off, in its transaction: approved, the domain event that makes
// the offboarding checklist; an approved one cancelled, that checklist
// deleted (the person stays).
func (s Leavings) followUp(ctx context.Context, tx pgx.Tx, r leaving.Resignation, from leaving.Status) error {
	switch {
	case r.Status == leaving.Approved && from != leaving.Approved:
		return publish(ctx, tx, r.OrgID, core.EventEmployeeLeaving, core.EmployeeLeaving{EmployeeID: r.EmployeeID,
			Employee: r.EmployeeKey, ResignationID: r.ID, LastDay: r.LastDay.String(), ByID: r.DecidedByID}, r.DecidedAt)
	case r.Status == leaving.Cancelled && from == leaving.Approved:
		_, err := tx.Exec(ctx, `DELETE FROM checklists WHERE org_id = $1 AND employee_id = $2 AND kind = 'offboarding'`,
			r.OrgID, r.EmployeeID)
		return interpret(err)
	}
	return nil
}

// tell writes the audit row and the notifications, with the
// resignation's id in their Params.
func (s Leavings) tell(ctx context.Context, tx pgx.Tx, id int64, audit core.AuditEntry, ns []core.Notification) error {
	if err := recordAudit(ctx, tx, audit); err != nil {
		return err
	}
	for _, n := range ns {
		params := map[string]string{"id": fmt.Sprint(id)}
		for k, v := range n.Params {
			params[k] = v
		}
		n.Params = params
		if err := notify(ctx, tx, n); err != nil {
			return err
		}
	}
	return nil
}

// Find returns one resignation of an org.
func (s Leavings) Find(ctx context.Context, orgID, id int64) (leaving.Resignation, error) {
	r, err := scanResignation(s.db.q(ctx).QueryRow(ctx, resignationSelect+` WHERE r.org_id = $1 AND r.id = $2`, orgID, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return r, core.Errorf(core.ENotFound, "leaving.not_found", "no resignation %d", id).With("id", fmt.Sprint(id))
	}
	return r, err
}

// Update saves a decision if the resignation is still at from/fromStep.
func (s Leavings) Update(ctx context.Context, r leaving.Resignation, from leaving.Status, fromStep leaving.Step,
	audit core.AuditEntry, ns []core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		var decidedAt *time.Time
		if r.DecidedByID != 0 {
			decidedAt = &r.DecidedAt
		}
		tag, err := tx.Exec(ctx, `
			UPDATE resignations SET status = $3, step = $4, approver_id = $5, decided_by = $6, decided_at = $7,
			    reject_reason = $8, last_day = $9
			WHERE org_id = $1 AND id = $2 AND status = $10 AND step = $11`,
			r.OrgID, r.ID, r.Status, r.Step, idOrNull(r.ApproverID), idOrNull(r.DecidedByID), decidedAt, r.RejectReason,
			r.LastDay.UTC(), from, fromStep)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "leaving.changed", "resignation %d changed meanwhile", r.ID)
		}
		if err := s.tell(ctx, tx, r.ID, audit, ns); err != nil {
			return err
		}
		return s.followUp(ctx, tx, r, from)
	})
}

// OfPerson returns a person's resignations, newest first.
func (s Leavings) OfPerson(ctx context.Context, orgID, employeeID int64) ([]leaving.Resignation, error) {
	return collectResignations(s.db.q(ctx).Query(ctx, resignationSelect+`
		WHERE r.org_id = $1 AND r.employee_id = $2 ORDER BY r.id DESC LIMIT 20`, orgID, employeeID))
}

// Due returns every org's approved resignations whose last day is over
// in the org's time zone at now.
func (s Leavings) Due(ctx context.Context, now time.Time) ([]leaving.Resignation, error) {
	return collectResignations(s.db.q(ctx).Query(ctx, resignationSelect+`
		JOIN orgs o ON o.id = r.org_id
		WHERE r.status = 'approved' AND r.last_day < ($1::timestamptz AT TIME ZONE o.time_zone)::date
		ORDER BY r.last_day, r.id`, now))
}
