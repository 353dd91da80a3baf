package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
)

var (
	_ payroll.FirstWagesRecords  = Payroll{}
	_ payroll.FirstWagesSettings = Payroll{}
)

// SetFirstWages marks (on) or unmarks a person's first wages of year
// (国家税务总局公告2020年第13号), from the CLI.
func (s Payroll) SetFirstWages(ctx context.Context, orgID int64, key string, year int, on bool, actor string, at time.Time) error {
	return s.setFirstWages(ctx, orgID, key, year, on, actor, core.AuditEntry{OrgID: orgID, At: at, ActorLabel: actor, Channel: "cli"})
}

// SaveFirstWages is SetFirstWages by a person of the org on channel (chat,
// web), who the audit row names.
func (s Payroll) SaveFirstWages(ctx context.Context, orgID int64, key string, year int, on bool, by core.Member, channel string, at time.Time) error {
	return s.setFirstWages(ctx, orgID, key, year, on, channel+":"+by.Employee.Key,
		core.AuditEntry{OrgID: orgID, At: at, ActorID: by.Employee.ID, Channel: channel})
}

// setFirstWages writes the mark, or removes it (removing a mark not there
// is not an error: the person is unmarked either way), with an audit row
// saying what it was and what it is.
func (s Payroll) setFirstWages(ctx context.Context, orgID int64, key string, year int, on bool, by string, audit core.AuditEntry) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		id, err := payeeOf(ctx, tx, orgID, key)
		if err != nil {
			return err
		}
		var was bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM payroll_first_wages WHERE employee_id = $1 AND year = $2)`,
			id, year).Scan(&was); err != nil {
			return err
		}
		if on {
			_, err = tx.Exec(ctx, `
				INSERT INTO payroll_first_wages (org_id, employee_id, year, set_by, set_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (employee_id, year) DO UPDATE SET set_by = $4, set_at = $5`, orgID, id, year, by, audit.At)
		} else {
			_, err = tx.Exec(ctx, `DELETE FROM payroll_first_wages WHERE employee_id = $1 AND year = $2`, id, year)
		}
		if err != nil {
			return err
		}
		audit.Action, audit.EntityType, audit.EntityID, audit.Outcome = payroll.AuditFirstWages, "employee", key, "ok"
		audit.Before = map[string]any{"year": year, "first_wages": was}
		audit.After = map[string]any{"year": year, "first_wages": on}
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return fmt.Errorf("first wages of the year: %w", interpret(err))
	}
	return nil
}

// FirstWages implements payroll.FirstWagesRecords: the people marked in
// year, by employee id.
func (s Payroll) FirstWages(ctx context.Context, orgID int64, year int) (map[int64]bool, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT employee_id FROM payroll_first_wages WHERE org_id = $1 AND year = $2`, orgID, year)
	if err != nil {
		return nil, fmt.Errorf("first wages of org %d: %w", orgID, interpret(err))
	}
	out := map[int64]bool{}
	var id int64
	if _, err := pgx.ForEachRow(rows, []any{&id}, func() error {
		out[id] = true
		return nil
	}); err != nil {
		return nil, fmt.Errorf("first wages of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}
