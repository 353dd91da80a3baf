package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/jobs"
)

// Jobs reads jobs with their descriptions and people, and stores
// descriptions edited on the console: jobs.Service's store.
type Jobs struct{ db *DB }

// NewJobs returns the jobs store over db.
func NewJobs(db *DB) Jobs { return Jobs{db: db} }

var _ jobs.Store = Jobs{}

// Jobs lists an org's jobs as Covers.Jobs does, each with its description
// and how many active people do it.
func (s Jobs) Jobs(ctx context.Context, orgID int64) ([]jobs.Job, error) {
	known, err := Covers(s).Jobs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	q := s.db.q(ctx)
	type described struct {
		key string
		d   jobs.Description
	}
	descs, err := readAll(ctx, q, func(r pgx.Rows) (described, error) {
		var x described
		var raw []byte
		if err := r.Scan(&x.key, &raw); err != nil {
			return x, err
		}
		d, err := readDescription(raw)
		if err != nil {
			return x, fmt.Errorf("job %s: description: %w", x.key, err)
		}
		x.d = d
		return x, nil
	}, `SELECT key, description FROM org_jobs WHERE org_id = $1 AND description IS NOT NULL`, orgID)
	if err != nil {
		return nil, err
	}
	type filled struct {
		job string
		n   int
	}
	counts, err := readAll(ctx, q, func(r pgx.Rows) (f filled, err error) {
		return f, r.Scan(&f.job, &f.n)
	}, `SELECT job, count(*) FROM employees WHERE org_id = $1 AND status = 'active' AND job <> '' GROUP BY job`, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]jobs.Job, len(known))
	for i, j := range known {
		out[i].Job = j
		for _, x := range descs {
			if x.key == j.Key {
				out[i].Description = x.d
			}
		}
		for _, c := range counts {
			if c.job == j.Key {
				out[i].Filled = c.n
			}
		}
	}
	return out, nil
}

// Skills returns the skill levels a person holds at a time: the org
// file's, and quiz certificates valid then, the higher of each — what the
// cover pool counts (Covers.Candidates).
func (s Jobs) Skills(ctx context.Context, employeeID int64, at time.Time) (map[string]int, error) {
	type held struct {
		skill string
		level int
	}
	rows, err := readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (h held, err error) {
		return h, r.Scan(&h.skill, &h.level)
	}, `
		SELECT skill, max(level) FROM (
		    SELECT skill, level FROM employee_skills WHERE employee_id = $1
		    UNION ALL
		    SELECT skill, level FROM certifications
		    WHERE employee_id = $1 AND (expires_at IS NULL OR expires_at > $2::timestamptz)) h
		GROUP BY skill`, employeeID, at)
	if err != nil {
		return nil, fmt.Errorf("skills of employee %d: %w", employeeID, err)
	}
	out := make(map[string]int, len(rows))
	for _, h := range rows {
		out[h.skill] = h.level
	}
	return out, nil
}

// Shifts returns the org's shifts in the order they were declared.
func (s Jobs) Shifts(ctx context.Context, orgID int64) ([]attendance.Shift, error) {
	return exportShifts(ctx, s.db.q(ctx), orgID)
}

// Describe stores a declared job's description with its audit row, in one
// transaction. ENotFound when the org declares no job key.
func (s Jobs) Describe(ctx context.Context, orgID int64, key string, d jobs.Description, audit core.AuditEntry) error {
	desc, err := descriptionValue(d)
	if err != nil {
		return fmt.Errorf("job %s: description: %w", key, err)
	}
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE org_jobs SET description = $3 WHERE org_id = $1 AND key = $2`, orgID, key, desc)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.ENotFound, "jobs.not_declared", "org %d declares no job %q", orgID, key).With("job", key)
		}
		return recordAudit(ctx, tx, audit)
	})
}
