package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
)

// Perf is the storage of performance reviews: core/perf's Store.
type Perf struct {
	db *DB
	People
}

// NewPerf returns performance reviews' storage over db.
func NewPerf(db *DB) Perf { return Perf{db: db, People: People{db: db}} }

var _ perf.Store = Perf{}

// FindEmployee returns the person with key, as the directory reads them.
func (s Perf) FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error) {
	return Directory{db: s.db, People: s.People}.FindEmployee(ctx, orgID, key)
}

// OrgByID reads an org. Errors: ENotFound.
func (s Perf) OrgByID(ctx context.Context, id int64) (core.Org, error) {
	return Covers{db: s.db}.OrgByID(ctx, id)
}

func decOrNull(d decimal.Decimal) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func dateOrNull(d core.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.UTC()
}

const cycleSelect = `SELECT id, org_id, name, kind, scope, scope_key, period_from, period_to, self_due, manager_due,
	calibration_due, pay_month, status, created_by, created_at, published_at FROM perf_cycles`

func scanCycle(row pgx.Row) (perf.Cycle, error) {
	var c perf.Cycle
	var from, to, self, mgr, cal time.Time
	var pay, published *time.Time
	err := row.Scan(&c.ID, &c.OrgID, &c.Name, &c.Kind, &c.Scope, &c.ScopeKey, &from, &to, &self, &mgr, &cal, &pay,
		&c.Status, &c.CreatedByID, &c.CreatedAt, &published)
	if err != nil {
		return c, interpret(err)
	}
	c.Period = perf.Period{From: core.DateOf(from), To: core.DateOf(to)}
	c.SelfDue, c.ManagerDue, c.CalibrationDue = core.DateOf(self), core.DateOf(mgr), core.DateOf(cal)
	if pay != nil {
		c.PayMonth = core.DateOf(*pay)
	}
	if published != nil {
		c.PublishedAt = *published
	}
	return c, nil
}

// scanAll scans every row of a query with scan, the one-row reader
// Find and the lists share.
func scanAll[T any](rows pgx.Rows, err error, scan func(pgx.Row) (T, error)) ([]T, error) {
	if err != nil {
		return nil, interpret(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) { return scan(r) })
	return out, interpret(err)
}

// CreateCycle stores a cycle, its reviews, the audit row and the
// notifications (each with its recipient's review id).
func (s Perf) CreateCycle(ctx context.Context, c perf.Cycle, rs []perf.Review, audit core.AuditEntry, ns []core.Notification) (perf.Cycle, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO perf_cycles (org_id, name, kind, scope, scope_key, period_from, period_to, self_due,
			    manager_due, calibration_due, pay_month, status, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			c.OrgID, c.Name, c.Kind, c.Scope, c.ScopeKey, c.Period.From.UTC(), c.Period.To.UTC(), c.SelfDue.UTC(),
			c.ManagerDue.UTC(), c.CalibrationDue.UTC(), dateOrNull(c.PayMonth), c.Status, c.CreatedByID, c.CreatedAt).Scan(&c.ID)
		if err != nil {
			return interpret(err)
		}
		byPerson := map[int64]int64{}
		for _, r := range rs {
			items, facts, err := reviewJSON(r)
			if err != nil {
				return err
			}
			var id int64
			err = tx.QueryRow(ctx, `INSERT INTO perf_reviews (org_id, cycle_id, employee_id, manager_id, job, team_id, kpis, facts, facts_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				c.OrgID, c.ID, r.EmployeeID, idOrNull(r.ManagerID), r.Job, idOrNull(r.TeamID), items, facts, nullTime(r.FactsAt)).Scan(&id)
			if err != nil {
				return interpret(err)
			}
			byPerson[r.EmployeeID] = id
		}
		audit.EntityID = fmt.Sprint(c.ID)
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		for _, n := range ns {
			n.Params = withID(n.Params, byPerson[n.RecipientID])
			if err := notify(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
	return c, err
}

func withID(params map[string]string, id int64) map[string]string {
	out := map[string]string{"id": fmt.Sprint(id)}
	for k, v := range params {
		out[k] = v
	}
	return out
}

func reviewJSON(r perf.Review) (items, facts []byte, err error) {
	if items, err = json.Marshal(r.Items); err != nil {
		return nil, nil, fmt.Errorf("review items: %w", err)
	}
	if facts, err = json.Marshal(r.Facts); err != nil {
		return nil, nil, fmt.Errorf("review facts: %w", err)
	}
	return items, facts, nil
}

// Cycle returns one cycle of an org.
func (s Perf) Cycle(ctx context.Context, orgID, id int64) (perf.Cycle, error) {
	c, err := scanCycle(s.db.q(ctx).QueryRow(ctx, cycleSelect+` WHERE org_id = $1 AND id = $2`, orgID, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return c, core.Errorf(core.ENotFound, "perf.no_cycle", "no cycle %d", id).With("id", fmt.Sprint(id))
	}
	return c, err
}

// Cycles returns an org's cycles, newest first.
func (s Perf) Cycles(ctx context.Context, orgID int64) ([]perf.Cycle, error) {
	rows, err := s.db.q(ctx).Query(ctx, cycleSelect+` WHERE org_id = $1 ORDER BY id DESC LIMIT 50`, orgID)
	return scanAll(rows, err, scanCycle)
}

// OpenCycles returns every org's open cycles.
func (s Perf) OpenCycles(ctx context.Context) ([]perf.Cycle, error) {
	rows, err := s.db.q(ctx).Query(ctx, cycleSelect+` WHERE status = 'open' ORDER BY org_id, id`)
	return scanAll(rows, err, scanCycle)
}

// SetCycle saves a cycle's status (while open) and the reviews' results.
func (s Perf) SetCycle(ctx context.Context, c perf.Cycle, rs []perf.Review, audit core.AuditEntry, ns []core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE perf_cycles SET status = $3, published_at = $4, published_by = $5
			WHERE org_id = $1 AND id = $2 AND status = 'open'`,
			c.OrgID, c.ID, c.Status, nullTime(c.PublishedAt), idOrNull(audit.ActorID))
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "perf.cycle_closed", "cycle %d is not open", c.ID).With("cycle", c.Name)
		}
		for _, r := range rs {
			_, err := tx.Exec(ctx, `UPDATE perf_reviews SET band = $3, coefficient = $4, published_at = $5
				WHERE org_id = $1 AND id = $2`, r.OrgID, r.ID, r.Band, decOrNull(r.Coefficient), nullTime(r.PublishedAt))
			if err != nil {
				return interpret(err)
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

// PerfPolicy returns an org's bands and bonus (see Payroll.PerfPolicy).
func (s Perf) PerfPolicy(ctx context.Context, orgID int64) (perf.Policy, error) {
	p, _, err := readPerfPolicy(ctx, s.db.q(ctx), orgID)
	return p, err
}
