package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/transfer"
)

// Transfers is the storage of transfers (调岗) and of the assignment
// history they write: core/transfer's Store. Attendance's setup and
// payroll read the history too (transfer_history.go).
type Transfers struct {
	db *DB
	People
}

// NewTransfers returns the transfers' storage over db.
func NewTransfers(db *DB) Transfers { return Transfers{db: db, People: People{db: db}} }

var _ transfer.Store = Transfers{}

// InTurn runs fn in one transaction, joining the turn's: see DB.InTurn.
func (s Transfers) InTurn(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.InTurn(ctx, fn)
}

// FindEmployee returns the person with key, as the directory reads them.
func (s Transfers) FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error) {
	return Directory{db: s.db, People: s.People}.FindEmployee(ctx, orgID, key)
}

// Teams returns the org's teams by key.
func (s Transfers) Teams(ctx context.Context, orgID int64) ([]core.Team, error) {
	return Staff{db: s.db}.teams(ctx, s.db.q(ctx), orgID)
}

// Jobs returns the org's jobs: those it declares, or those in use.
func (s Transfers) Jobs(ctx context.Context, orgID int64) (core.Jobs, error) {
	return Covers{db: s.db}.Jobs(ctx, orgID)
}

// HasPayProfile reports whether the person has a pay profile.
func (s Transfers) HasPayProfile(ctx context.Context, orgID, employeeID int64) (bool, error) {
	var ok bool
	err := s.db.q(ctx).QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pay_profiles WHERE org_id = $1 AND employee_id = $2)`, orgID, employeeID).Scan(&ok)
	return ok, interpret(err)
}

const transferColumns = `t.id, t.org_id, t.employee_id, e.key, e.name, t.requested_by, r.name, t.effective_date, t.reason,
	t.status, t.step, coalesce(t.approver_id, 0), coalesce(ap.name, ''),
	t.job, t.team_id, coalesce(nt.key, ''), coalesce(nt.name, ''), t.manager_id, coalesce(nm.key, ''), coalesce(nm.name, ''),
	t.schedule_key, t.rotation_offset, t.pay,
	t.from_job, coalesce(t.from_team_id, 0), coalesce(ft.key, ''), coalesce(ft.name, ''),
	coalesce(t.from_manager_id, 0), coalesce(fm.key, ''), coalesce(fm.name, ''), t.from_schedule, t.from_offset,
	coalesce(t.decided_by, 0), coalesce(d.name, ''), t.decided_at, t.reject_reason, t.created_at, t.sent_at, t.applied_at`

const transferFrom = ` FROM transfers t
	JOIN employees e ON e.id = t.employee_id
	JOIN employees r ON r.id = t.requested_by
	LEFT JOIN employees ap ON ap.id = t.approver_id
	LEFT JOIN teams nt ON nt.id = t.team_id
	LEFT JOIN employees nm ON nm.id = t.manager_id
	LEFT JOIN teams ft ON ft.id = t.from_team_id
	LEFT JOIN employees fm ON fm.id = t.from_manager_id
	LEFT JOIN employees d ON d.id = t.decided_by`

// transferRow is what a transfer's columns scan into before they become
// a transfer.Transfer.
type transferRow struct {
	t                   transfer.Transfer
	effective           time.Time
	job, schedule       *string
	team, manager       *int64
	offset              *int32
	pay                 []byte
	decided, appliedAt  *time.Time
	newTeam, newManager [4]string
}

func scanTransfer(row pgx.Row) (transfer.Transfer, error) {
	var x transferRow
	t := &x.t
	err := row.Scan(&t.ID, &t.OrgID, &t.EmployeeID, &t.EmployeeKey, &t.EmployeeName, &t.RequestedByID, &t.RequestedBy, &x.effective,
		&t.Reason, &t.Status, &t.Step, &t.ApproverID, &t.ApproverName,
		&x.job, &x.team, &x.newTeam[0], &x.newTeam[1], &x.manager, &x.newManager[0], &x.newManager[1], &x.schedule, &x.offset, &x.pay,
		&t.From.Job, &t.From.TeamID, &t.From.TeamKey, &t.From.TeamName, &t.From.ManagerID, &t.From.ManagerKey, &t.From.ManagerName,
		&t.From.ScheduleKey, &t.From.RotationOffset,
		&t.DecidedByID, &t.DecidedBy, &x.decided, &t.RejectReason, &t.CreatedAt, &t.SentAt, &x.appliedAt)
	if err != nil {
		return transfer.Transfer{}, interpret(err)
	}
	t.Effective = core.DateOf(x.effective)
	t.To = t.From
	if x.job != nil {
		t.Sets |= transfer.FieldJob
		t.To.Job = *x.job
	}
	if x.team != nil {
		t.Sets |= transfer.FieldTeam
		t.To.TeamID, t.To.TeamKey, t.To.TeamName = *x.team, x.newTeam[0], x.newTeam[1]
	}
	if x.manager != nil {
		t.Sets |= transfer.FieldManager
		t.To.ManagerID, t.To.ManagerKey, t.To.ManagerName = *x.manager, x.newManager[0], x.newManager[1]
	}
	if x.schedule != nil {
		t.Sets |= transfer.FieldSchedule
		t.To.ScheduleKey = *x.schedule
		if x.offset != nil {
			t.To.RotationOffset = int(*x.offset)
		}
	}
	if x.pay != nil {
		var p pay.Terms
		if err := json.Unmarshal(x.pay, &p); err != nil {
			return transfer.Transfer{}, fmt.Errorf("transfer %d pay: %w", t.ID, err)
		}
		t.Pay = &p
	}
	if x.decided != nil {
		t.DecidedAt = *x.decided
	}
	if x.appliedAt != nil {
		t.AppliedAt = *x.appliedAt
	}
	return *t, nil
}

func collectTransfers(rows pgx.Rows, err error) ([]transfer.Transfer, error) {
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []transfer.Transfer
	for rows.Next() {
		t, err := scanTransfer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, interpret(rows.Err())
}

// changes are a transfer's target columns: NULL where it leaves a field.
func changes(t transfer.Transfer) (job *string, team, manager *int64, schedule *string, offset *int, payJSON []byte, err error) {
	if t.Sets.Has(transfer.FieldJob) {
		job = &t.To.Job
	}
	if t.Sets.Has(transfer.FieldTeam) {
		team = &t.To.TeamID
	}
	if t.Sets.Has(transfer.FieldManager) {
		manager = &t.To.ManagerID
	}
	if t.Sets.Has(transfer.FieldSchedule) {
		schedule, offset = &t.To.ScheduleKey, &t.To.RotationOffset
	}
	if t.Pay != nil {
		if payJSON, err = json.Marshal(t.Pay); err != nil {
			return nil, nil, nil, nil, nil, nil, fmt.Errorf("transfer pay: %w", err)
		}
	}
	return job, team, manager, schedule, offset, payJSON, nil
}

// Create stores a transfer, its audit row and notifications.
func (s Transfers) Create(ctx context.Context, t transfer.Transfer, audit core.AuditEntry, ns []core.Notification) (transfer.Transfer, error) {
	job, team, manager, schedule, offset, payJSON, err := changes(t)
	if err != nil {
		return t, err
	}
	var decidedBy *int64
	var decidedAt *time.Time
	if t.DecidedByID != 0 {
		decidedBy, decidedAt = &t.DecidedByID, &t.DecidedAt
	}
	step := t.Step
	if step == "" {
		step = transfer.StepHR // approved at once: no step waits
	}
	err = s.db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO transfers (org_id, employee_id, requested_by, effective_date, reason, status, step, approver_id,
			    job, team_id, manager_id, schedule_key, rotation_offset, pay,
			    from_job, from_team_id, from_manager_id, from_schedule, from_offset, decided_by, decided_at, created_at, sent_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
			RETURNING id`,
			t.OrgID, t.EmployeeID, t.RequestedByID, t.Effective.UTC(), t.Reason, t.Status, step, idOrNull(t.ApproverID),
			job, team, manager, schedule, offset, payJSON,
			t.From.Job, idOrNull(t.From.TeamID), idOrNull(t.From.ManagerID), t.From.ScheduleKey, t.From.RotationOffset,
			decidedBy, decidedAt, t.CreatedAt, t.SentAt).Scan(&t.ID)
		if err != nil {
			return interpret(err)
		}
		t.Step = step
		audit.EntityID = fmt.Sprint(t.ID)
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		if t.Status == transfer.Approved {
			if err := bumpConfig(ctx, tx, t.OrgID); err != nil {
				return err
			}
		}
		for _, n := range ns {
			params := map[string]string{"id": fmt.Sprint(t.ID)}
			for k, v := range n.Params {
				params[k] = v
			}
			n.Params = params
			if err := notify(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
	return t, err
}

// bumpConfig changes the org's config version: what attendance caches of
// the org (its setup with the assignment history) is read again.
func bumpConfig(ctx context.Context, q dbtx, orgID int64) error {
	_, err := q.Exec(ctx, `UPDATE orgs SET config_version = config_version + 1 WHERE id = $1`, orgID)
	return interpret(err)
}

// Find returns one transfer of an org.
func (s Transfers) Find(ctx context.Context, orgID, id int64) (transfer.Transfer, error) {
	t, err := scanTransfer(s.db.q(ctx).QueryRow(ctx, `SELECT `+transferColumns+transferFrom+` WHERE t.org_id = $1 AND t.id = $2`, orgID, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return t, core.Errorf(core.ENotFound, "transfer.not_found", "no transfer %d", id).With("id", fmt.Sprint(id))
	}
	return t, err
}

// Update saves a transfer's decision if it is still in status from at
// step fromStep; one approved or no longer approved changes the history,
// so the org's config version moves on.
func (s Transfers) Update(ctx context.Context, t transfer.Transfer, from transfer.Status, fromStep transfer.Step,
	audit core.AuditEntry, ns []core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		var decidedBy *int64
		var decidedAt *time.Time
		if t.DecidedByID != 0 {
			decidedBy, decidedAt = &t.DecidedByID, &t.DecidedAt
		}
		tag, err := tx.Exec(ctx, `
			UPDATE transfers SET status = $3, step = $4, approver_id = $5, decided_by = $6, decided_at = $7,
			    reject_reason = $8, sent_at = $9
			WHERE org_id = $1 AND id = $2 AND status = $10 AND step = $11`,
			t.OrgID, t.ID, t.Status, t.Step, idOrNull(t.ApproverID), decidedBy, decidedAt, t.RejectReason, t.SentAt, from, fromStep)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "transfer.changed", "transfer %d changed meanwhile", t.ID)
		}
		if from == transfer.Approved || t.Status == transfer.Approved {
			if err := bumpConfig(ctx, tx, t.OrgID); err != nil {
				return err
			}
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

// List returns an org's transfers in the statuses, by effective date.
func (s Transfers) List(ctx context.Context, orgID int64, statuses []transfer.Status) ([]transfer.Transfer, error) {
	names := make([]string, len(statuses))
	for i, st := range statuses {
		names[i] = string(st)
	}
	return collectTransfers(s.db.q(ctx).Query(ctx, `SELECT `+transferColumns+transferFrom+`
		WHERE t.org_id = $1 AND t.status = ANY($2) ORDER BY t.effective_date, t.id`, orgID, names))
}

// OfPerson returns a person's transfers, newest first.
func (s Transfers) OfPerson(ctx context.Context, orgID, employeeID int64) ([]transfer.Transfer, error) {
	return collectTransfers(s.db.q(ctx).Query(ctx, `SELECT `+transferColumns+transferFrom+`
		WHERE t.org_id = $1 AND t.employee_id = $2 ORDER BY t.effective_date DESC, t.id DESC LIMIT 50`, orgID, employeeID))
}

// Due returns every org's approved transfers whose effective date has
// come in the org's time zone at now.
func (s Transfers) Due(ctx context.Context, now time.Time) ([]transfer.Transfer, error) {
	return collectTransfers(s.db.q(ctx).Query(ctx, `SELECT `+transferColumns+transferFrom+`
		JOIN orgs o ON o.id = t.org_id
		WHERE t.status = 'approved' AND t.effective_date <= ($1::timestamptz AT TIME ZONE o.time_zone)::date
		ORDER BY t.effective_date, t.id`, now))
}

// idOrNull is a reference column's value: NULL for no one (0).
func idOrNull(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
