package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/staff"
)

// Staff is the staff desk's storage: the org's people as the staff list
// shows them, and the one transaction a hire, an edit or an import writes.
type Staff struct{ db *DB }

// NewStaff returns the staff desk's store over db.
func NewStaff(db *DB) Staff { return Staff{db: db} }

var _ staff.Store = Staff{}

// staffColumns are a person as staff.Person has them, in scanStaffPerson's order.
const staffColumns = `e.id, e.key, e.name, e.email, e.role, e.job, coalesce(t.key, ''), coalesce(m.key, ''),
	e.hire_date, e.status, coalesce(e.locale, ''), coalesce(s.key, ''), e.left_on`

const staffFrom = ` FROM employees e LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN employees m ON m.id = e.manager_id
	LEFT JOIN schedules s ON s.id = e.schedule_id`

func scanStaffPerson(row pgx.Row) (int64, staff.Person, error) {
	var id int64
	var p staff.Person
	err := row.Scan(&id, &p.Key, &p.Name, &p.Email, &p.Role, &p.Job, &p.Team, &p.Manager, dateDest{&p.HireDate}, &p.Status,
		&p.Locale, &p.Schedule, dateDest{&p.LeftOn})
	return id, p, interpret(err)
}

// Org reads an org's people (those who left too), teams, schedules and jobs.
func (s Staff) Org(ctx context.Context, orgID int64) (staff.Org, error) {
	q := s.db.q(ctx)
	var out staff.Org
	rows, err := q.Query(ctx, `SELECT `+staffColumns+staffFrom+` WHERE e.org_id = $1 ORDER BY e.key`, orgID)
	if err != nil {
		return out, interpret(err)
	}
	out.People, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (staff.Person, error) {
		_, p, err := scanStaffPerson(r)
		return p, err
	})
	if err != nil {
		return out, fmt.Errorf("people of org %d: %w", orgID, interpret(err))
	}
	if out.Teams, err = s.teams(ctx, q, orgID); err != nil {
		return out, err
	}
	rows, err = q.Query(ctx, `SELECT key, name FROM schedules WHERE org_id = $1 ORDER BY key`, orgID)
	if err != nil {
		return out, interpret(err)
	}
	out.Schedules, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (staff.Schedule, error) {
		var sc staff.Schedule
		return sc, r.Scan(&sc.Key, &sc.Name)
	})
	if err != nil {
		return out, fmt.Errorf("schedules of org %d: %w", orgID, interpret(err))
	}
	rows, err = q.Query(ctx, `SELECT key, names, aliases FROM org_jobs WHERE org_id = $1 ORDER BY key`, orgID)
	if err != nil {
		return out, interpret(err)
	}
	out.Jobs, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.Job, error) {
		var j core.Job
		return j, r.Scan(&j.Key, &j.Names, &j.Aliases)
	})
	if err != nil {
		return out, fmt.Errorf("jobs of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

func (s Staff) teams(ctx context.Context, q dbtx, orgID int64) ([]core.Team, error) {
	rows, err := q.Query(ctx, `SELECT id, org_id, key, name FROM teams WHERE org_id = $1 ORDER BY key`, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	teams, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.Team, error) {
		var t core.Team
		return t, r.Scan(&t.ID, &t.OrgID, &t.Key, &t.Name)
	})
	if err != nil {
		return nil, fmt.Errorf("teams of org %d: %w", orgID, interpret(err))
	}
	return teams, nil
}

// FindEmployee returns the person with key, as the directory reads them.
func (s Staff) FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error) {
	return NewDirectory(s.db).FindEmployee(ctx, orgID, key)
}

// Save writes a batch in one transaction: teams, then new people, then
// every person's fields (so managers may be new too), then invites, with
// each audit row; then the org's config version moves on, so what caches
// an org's people (the bot's colleague names) reads them again.
func (s Staff) Save(ctx context.Context, b staff.Batch) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		ids, err := s.lockWritten(ctx, tx, b)
		if err != nil {
			return err
		}
		teams, err := s.saveTeams(ctx, tx, b)
		if err != nil {
			return err
		}
		for _, w := range b.Writes {
			if w.Before != nil {
				continue
			}
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO employees (org_id, key, name, role) VALUES ($1, $2, $3, $4) RETURNING id`,
				b.OrgID, w.After.Key, w.After.Name, w.After.Role).Scan(&id); err != nil {
				return fmt.Errorf("create %s: %w", w.After.Key, staffConflict(interpret(err), w.After.Key))
			}
			ids[w.After.Key] = id
		}
		scheds, err := keyIDs(ctx, tx, `SELECT key, id FROM schedules WHERE org_id = $1`, b.OrgID)
		if err != nil {
			return err
		}
		for _, w := range b.Writes {
			if err := writePerson(ctx, tx, b, ids, teams, scheds, w); err != nil {
				return err
			}
		}
		for _, l := range b.Links {
			if err := writeLink(ctx, tx, b.OrgID, ids, l); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE orgs SET config_version = config_version + 1 WHERE id = $1`, b.OrgID); err != nil {
			return interpret(err)
		}
		return nil
	})
}

// lockWritten locks the rows of the people the batch changes and checks
// they are still as the batch read them; it returns every person's id by
// key. Locks are FOR NO KEY UPDATE: check-ins and leave requests, which
// only refer to a person, go on meanwhile.
func (s Staff) lockWritten(ctx context.Context, tx pgx.Tx, b staff.Batch) (map[string]int64, error) {
	ids, err := keyIDs(ctx, tx, `SELECT key, id FROM employees WHERE org_id = $1`, b.OrgID)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, w := range b.Writes {
		keys = append(keys, w.After.Key)
	}
	rows, err := tx.Query(ctx, `SELECT `+staffColumns+staffFrom+` WHERE e.org_id = $1 AND e.key = ANY($2) FOR NO KEY UPDATE OF e`, b.OrgID, keys)
	if err != nil {
		return nil, interpret(err)
	}
	current := map[string]staff.Person{}
	for rows.Next() {
		_, p, err := scanStaffPerson(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		current[p.Key] = p
	}
	rows.Close()
	if err := interpret(rows.Err()); err != nil {
		return nil, err
	}
	for _, w := range b.Writes {
		cur, exists := current[w.After.Key]
		if exists != (w.Before != nil) || exists && cur != *w.Before {
			return nil, changed(w.After.Key)
		}
	}
	return ids, nil
}

func changed(key string) error {
	return core.Errorf(core.EConflict, "staff.changed", "%s was changed by someone else meanwhile: check again", key).With("key", key)
}

// staffConflict words a new person's key or e-mail taken meanwhile.
func staffConflict(err error, key string) error {
	if core.ErrorCodeOf(err) == core.EConflict {
		return fmt.Errorf("%w: %w", changed(key), err)
	}
	return err
}

// saveTeams creates the batch's new teams and returns every team's id by key.
func (s Staff) saveTeams(ctx context.Context, tx pgx.Tx, b staff.Batch) (map[string]int64, error) {
	for _, t := range b.Teams {
		if _, err := tx.Exec(ctx, `INSERT INTO teams (org_id, key, name) VALUES ($1, $2, $3)`, b.OrgID, t.Team.Key, t.Team.Name); err != nil {
			return nil, fmt.Errorf("create team %s: %w", t.Team.Key, interpret(err))
		}
		if err := recordAudit(ctx, tx, t.Audit); err != nil {
			return nil, err
		}
	}
	return keyIDs(ctx, tx, `SELECT key, id FROM teams WHERE org_id = $1`, b.OrgID)
}

func keyIDs(ctx context.Context, q dbtx, sql string, orgID int64) (map[string]int64, error) {
	rows, err := q.Query(ctx, sql, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, interpret(err)
		}
		out[k] = id
	}
	return out, interpret(rows.Err())
}

// writePerson writes one person's fields, invite and audit row.
func writePerson(ctx context.Context, tx pgx.Tx, b staff.Batch, ids, teams, scheds map[string]int64, w staff.Write) error {
	orgID, p := b.OrgID, w.After
	ref := func(m map[string]int64, key, what string) (*int64, error) {
		if key == "" {
			return nil, nil
		}
		id, ok := m[key]
		if !ok {
			return nil, core.Errorf(core.EInvalid, "staff.unknown_"+what, "no %s %q", what, key).With(what, key)
		}
		return &id, nil
	}
	team, err := ref(teams, p.Team, "team")
	if err != nil {
		return err
	}
	manager, err := ref(ids, p.Manager, "manager")
	if err != nil {
		return err
	}
	sched, err := ref(scheds, p.Schedule, "schedule")
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `
		UPDATE employees SET name = $3, email = $4, role = $5, job = $6, team_id = $7, manager_id = $8, hire_date = $9,
		       status = $10, locale = nullif($11, ''), schedule_id = $12, left_on = $13, updated_at = now()
		WHERE org_id = $1 AND id = $2`,
		orgID, ids[p.Key], p.Name, p.Email, p.Role, p.Job, team, manager, dateArg(p.HireDate),
		p.Status, string(p.Locale), sched, dateArg(p.LeftOn)); err != nil {
		return fmt.Errorf("write %s: %w", p.Key, staffConflict(interpret(err), p.Key))
	}
	if w.Before == nil && p.Status == core.StatusActive { // a hire: onboarding takes it from here
		h := core.EmployeeHired{EmployeeID: ids[p.Key], Employee: p.Key, ByID: b.ActorID, Via: core.HiredViaStaff, Channel: w.Audit.Channel}
		if err := publish(ctx, tx, orgID, core.EventEmployeeHired, h, w.Audit.At); err != nil {
			return err
		}
	}
	if inv := w.Invite; inv != nil {
		if _, err := tx.Exec(ctx, `
			INSERT INTO invite_codes (org_id, employee_id, code_hash, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			orgID, ids[p.Key], inv.CodeHash, b.ActorID, inv.CreatedAt, inv.ExpiresAt); err != nil {
			return fmt.Errorf("invite %s: %w", p.Key, interpret(err))
		}
		if err := recordAudit(ctx, tx, inv.Audit); err != nil {
			return err
		}
	}
	return recordAudit(ctx, tx, w.Audit)
}

// dateArg is a date as a query parameter: NULL for the zero date.
func dateArg(d core.Date) *time.Time {
	if d.IsZero() {
		return nil
	}
	t := d.UTC()
	return &t
}
