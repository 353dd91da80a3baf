package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
)

var _ contracts.Store = Contracts{}

// Contracts is the contracts table and the reminders sent about it.
type Contracts struct {
	db     *DB
	people People
}

// NewContracts returns the contracts over db.
func NewContracts(db *DB) Contracts { return Contracts{db: db, people: People{db: db}} }

// contractColumns are a contract's columns, from contracts c joined as
// contractFrom joins them, in the order scanContract reads them.
const contractColumns = `c.id, c.org_id, c.employee_id, e.key, e.name, c.kind, c.start_on, c.end_on, c.probation_end, c.signed_on,
	c.probation_outcome, coalesce(pd.name, ''), c.probation_decided_at, c.renewal, coalesce(rd.name, ''), c.renewal_decided_at,
	c.created_at, c.updated_at, coalesce(c.document_id, 0), coalesce(sd.name, ''), coalesce(sd.size, 0), sd.created_at`

const contractFrom = `
	FROM contracts c
	JOIN employees e ON e.id = c.employee_id
	LEFT JOIN employees pd ON pd.id = c.probation_decided_by
	LEFT JOIN employees rd ON rd.id = c.renewal_decided_by
	LEFT JOIN documents sd ON sd.org_id = c.org_id AND sd.id = c.document_id`

func scanContract(row pgx.Row) (contracts.Contract, error) {
	var c contracts.Contract
	var probationAt, renewalAt, scanAt *time.Time
	err := row.Scan(&c.ID, &c.OrgID, &c.EmployeeID, &c.EmployeeKey, &c.EmployeeName, &c.Kind,
		dateDest{&c.Start}, dateDest{&c.End}, dateDest{&c.ProbationEnd}, dateDest{&c.Signed},
		&c.Probation.Outcome, &c.Probation.ByName, &probationAt, &c.Renewal.Outcome, &c.Renewal.ByName, &renewalAt,
		&c.CreatedAt, &c.UpdatedAt, &c.Scan.DocumentID, &c.Scan.Name, &c.Scan.Size, &scanAt)
	if err != nil {
		return contracts.Contract{}, interpret(err)
	}
	if probationAt != nil {
		c.Probation.At = *probationAt
	}
	if renewalAt != nil {
		c.Renewal.At = *renewalAt
	}
	if scanAt != nil {
		c.Scan.AddedAt = *scanAt
	}
	return c, nil
}

func (s Contracts) list(ctx context.Context, where string, args ...any) ([]contracts.Contract, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+contractColumns+contractFrom+` WHERE `+where+` ORDER BY c.start_on, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("contracts: %w", interpret(err))
	}
	defer rows.Close()
	var out []contracts.Contract
	for rows.Next() {
		c, err := scanContract(rows)
		if err != nil {
			return nil, fmt.Errorf("contracts: %w", err)
		}
		out = append(out, c)
	}
	return out, interpret(rows.Err())
}

// Contracts lists a person's contracts, earliest first.
func (s Contracts) Contracts(ctx context.Context, orgID, employeeID int64) ([]contracts.Contract, error) {
	return s.list(ctx, `c.org_id = $1 AND c.employee_id = $2`, orgID, employeeID)
}

// Contract returns one contract of the org. Errors: ENotFound
// contract.not_found.
func (s Contracts) Contract(ctx context.Context, orgID, id int64) (contracts.Contract, error) {
	return s.contract(ctx, s.db.q(ctx), orgID, id)
}

func (s Contracts) contract(ctx context.Context, q dbtx, orgID, id int64) (contracts.Contract, error) {
	c, err := scanContract(q.QueryRow(ctx, `SELECT `+contractColumns+contractFrom+` WHERE c.org_id = $1 AND c.id = $2`, orgID, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return contracts.Contract{}, core.Errorf(core.ENotFound, "contract.not_found", "no contract %d", id).With("id", strconv.FormatInt(id, 10))
	}
	return c, err
}

// Employee returns a person of the org by id, whatever their status.
func (s Contracts) Employee(ctx context.Context, orgID, id int64) (core.Employee, error) {
	return s.people.FindEmployeeByID(ctx, orgID, id)
}

// Create stores a new contract with its audit row. Errors: EConflict
// contract.overlap when another of the person's contracts starts the
// same day, EInvalid contract.probation_twice when another has a
// probation (both checked before, and held here whatever races).
func (s Contracts) Create(ctx context.Context, c contracts.Contract, audit core.AuditEntry) (contracts.Contract, error) {
	var out contracts.Contract
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO contracts (org_id, employee_id, kind, start_on, end_on, probation_end, signed_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			c.OrgID, c.EmployeeID, c.Kind, c.Start.UTC(), dateArg(c.End), dateArg(c.ProbationEnd), dateArg(c.Signed),
			c.CreatedAt, c.UpdatedAt).Scan(&id)
		if err != nil {
			return contractConflict(err, c.Terms)
		}
		audit.EntityID = strconv.FormatInt(id, 10)
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		out, err = s.contract(ctx, tx, c.OrgID, id)
		return err
	})
	return out, err
}

// Update replaces c's terms if they are still before, with the audit
// row. Errors: EConflict contract.changed, and those of Create.
func (s Contracts) Update(ctx context.Context, before contracts.Terms, c contracts.Contract, audit core.AuditEntry) (contracts.Contract, error) {
	var out contracts.Contract
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE contracts SET kind = $3, start_on = $4, end_on = $5, probation_end = $6, signed_on = $7, updated_at = $8
			WHERE org_id = $1 AND id = $2 AND kind = $9 AND start_on = $10 AND end_on IS NOT DISTINCT FROM $11
			  AND probation_end IS NOT DISTINCT FROM $12 AND signed_on IS NOT DISTINCT FROM $13`,
			c.OrgID, c.ID, c.Kind, c.Start.UTC(), dateArg(c.End), dateArg(c.ProbationEnd), dateArg(c.Signed), c.UpdatedAt,
			before.Kind, before.Start.UTC(), dateArg(before.End), dateArg(before.ProbationEnd), dateArg(before.Signed))
		if err != nil {
			return contractConflict(err, c.Terms)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "contract.changed", "contract %d was changed meanwhile", c.ID)
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		out, err = s.contract(ctx, tx, c.OrgID, c.ID)
		return err
	})
	return out, err
}

// contractConflict says which rule a refused write broke.
func contractConflict(err error, t contracts.Terms) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.ConstraintName {
		case "contracts_start":
			return core.Errorf(core.EConflict, "contract.overlap", "another contract starts %s", t.Start).
				With("start", t.Start.String()).With("end", "—")
		case "contracts_one_probation":
			return core.Errorf(core.EInvalid, "contract.probation_twice", "another contract has a probation").With("start", "—")
		}
	}
	return fmt.Errorf("write contract: %w", interpret(err))
}

// Decide records a decision on a contract's probation or renewal if it is
// still undecided (and the probation still ends on d.ProbationEnd), with
// the audit row; otherwise ok is false and the contract as it is now is
// returned.
func (s Contracts) Decide(ctx context.Context, d contracts.Decide, audit core.AuditEntry) (contracts.Contract, bool, error) {
	var out contracts.Contract
	ok := false
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var sql string
		var args []any
		switch {
		case d.Renewal:
			sql = `UPDATE contracts SET renewal = $3, renewal_decided_by = $4, renewal_decided_at = $5, updated_at = $5
				WHERE org_id = $1 AND id = $2 AND renewal = ''`
			args = []any{d.OrgID, d.ContractID, d.Outcome, d.ByID, d.At}
		case d.Outcome == "":
			sql = `UPDATE contracts SET probation_end = $4, updated_at = $5
				WHERE org_id = $1 AND id = $2 AND probation_outcome = '' AND probation_end = $3`
			args = []any{d.OrgID, d.ContractID, d.ProbationEnd.UTC(), d.Extend.UTC(), d.At}
		default:
			sql = `UPDATE contracts SET probation_outcome = $4, probation_decided_by = $5, probation_decided_at = $6, updated_at = $6
				WHERE org_id = $1 AND id = $2 AND probation_outcome = '' AND probation_end = $3`
			args = []any{d.OrgID, d.ContractID, d.ProbationEnd.UTC(), d.Outcome, d.ByID, d.At}
		}
		tag, err := tx.Exec(ctx, sql, args...)
		if err != nil {
			return fmt.Errorf("decide contract %d: %w", d.ContractID, interpret(err))
		}
		if ok = tag.RowsAffected() == 1; ok {
			if err := recordAudit(ctx, tx, audit); err != nil {
				return err
			}
		}
		out, err = s.contract(ctx, tx, d.OrgID, d.ContractID)
		return err
	})
	return out, ok, err
}

// People lists the org's active people (or one manager's direct reports)
// with their contracts, earliest first.
func (s Contracts) People(ctx context.Context, orgID, managerID int64) ([]contracts.Person, error) {
	es, err := s.people.ListEmployees(ctx, orgID, managerID)
	if err != nil {
		return nil, fmt.Errorf("contracts people: %w", err)
	}
	cs, err := s.list(ctx, `c.org_id = $1 AND e.status = 'active' AND ($2 = 0 OR e.manager_id = $2)`, orgID, managerID)
	if err != nil {
		return nil, err
	}
	byPerson := map[int64][]contracts.Contract{}
	for _, c := range cs {
		byPerson[c.EmployeeID] = append(byPerson[c.EmployeeID], c)
	}
	out := make([]contracts.Person, len(es))
	for i, e := range es {
		out[i] = contracts.Person{Employee: e, Contracts: byPerson[e.ID]}
	}
	return out, nil
}
