package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/onboarding"
)

// Onboarding keeps checklists (templates from the org file, each person's
// checklist and tasks) and buddies.
type Onboarding struct{ db *DB }

// NewOnboarding returns the checklists' store over db.
func NewOnboarding(db *DB) Onboarding { return Onboarding{db: db} }

var _ onboarding.Store = Onboarding{}

// InTurn runs fn in one transaction, joining the caller's.
func (s Onboarding) InTurn(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.InTurn(ctx, fn)
}

// RecordAudit writes an audit row.
func (s Onboarding) RecordAudit(ctx context.Context, e core.AuditEntry) error {
	return recordAudit(ctx, s.db.q(ctx), e)
}

// taskJSON is a template's task as checklist_templates.tasks keeps it.
type taskJSON struct {
	Title map[core.Locale]string `json:"title"`
	Owner string                 `json:"owner"`
	Day   int                    `json:"day"`
	Quiz  string                 `json:"quiz,omitempty"`
}

// onboardingPolicy reads an org's templates and settings; the zero Policy
// when it has none.
func onboardingPolicy(ctx context.Context, q dbtx, orgID int64) (onboarding.Policy, error) {
	var pol onboarding.Policy
	var buddies map[string]string
	err := q.QueryRow(ctx, `SELECT remind_at, team_buddies FROM onboarding_policies WHERE org_id = $1`, orgID).Scan(&pol.RemindAt, &buddies)
	switch {
	case err == nil:
		if len(buddies) > 0 {
			pol.TeamBuddies = buddies
		}
	case core.ErrorCodeOf(interpret(err)) != core.ENotFound:
		return pol, interpret(err)
	default:
		pol.RemindAt = onboarding.DefaultRemindAt
	}
	pol.Checklists, err = readAll(ctx, q, func(r pgx.Rows) (t onboarding.Template, err error) {
		var raw []byte
		if err := r.Scan(&t.Kind, &t.Job, &t.Buddy, &raw); err != nil {
			return t, err
		}
		var tasks []taskJSON
		if err := json.Unmarshal(raw, &tasks); err != nil {
			return t, fmt.Errorf("checklist %s: %w", t.Job, err)
		}
		for _, x := range tasks {
			t.Tasks = append(t.Tasks, onboarding.TaskTemplate{Title: x.Title, Owner: onboarding.Owner(x.Owner), Day: x.Day, Quiz: x.Quiz})
		}
		return t, nil
	}, `SELECT kind, job, buddy, tasks FROM checklist_templates WHERE org_id = $1 ORDER BY kind, job = '', job`, orgID)
	if len(pol.Checklists) == 0 {
		return onboarding.Policy{}, err
	}
	return pol, err
}

// Newcomer reads a person, their org, its onboarding and, when it has
// checklists, its active people.
func (s Onboarding) Newcomer(ctx context.Context, orgID, employeeID int64) (onboarding.Newcomer, error) {
	q := s.db.q(ctx)
	m, err := s.Member(ctx, orgID, employeeID)
	if err != nil {
		return onboarding.Newcomer{}, err
	}
	n := onboarding.Newcomer{Org: m.Org, Person: m.Employee}
	if n.Policy, err = onboardingPolicy(ctx, q, orgID); err != nil {
		return n, fmt.Errorf("onboarding of org %d: %w", orgID, err)
	}
	if len(n.Policy.Checklists) == 0 {
		return n, nil // no checklist to make: nobody to pick a buddy among (an org's first file adds everyone)
	}
	if n.Colleagues, err = NewPeople(s.db).ListEmployees(ctx, orgID, 0); err != nil {
		return n, fmt.Errorf("people of org %d: %w", orgID, err)
	}
	return n, nil
}

// Member reads a person of an org as a member.
func (s Onboarding) Member(ctx context.Context, orgID, employeeID int64) (core.Member, error) {
	return scanMember(s.db.q(ctx).QueryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.org_id = $1 AND e.id = $2`, orgID, employeeID))
}

// HR lists the org's active HR people, else its admins, oldest first.
func (s Onboarding) HR(ctx context.Context, orgID int64) ([]core.Member, error) {
	return readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (core.Member, error) { return scanMember(r) },
		`SELECT `+memberColumns+memberFrom+`
		WHERE e.org_id = $1 AND e.status = 'active' AND e.role = (CASE WHEN EXISTS (
			SELECT 1 FROM employees h WHERE h.org_id = $1 AND h.status = 'active' AND h.role = 'hr') THEN 'hr' ELSE 'admin' END)
		ORDER BY e.id`, orgID)
}

// CreateChecklist stores a checklist with its tasks, buddy and audit row.
func (s Onboarding) CreateChecklist(ctx context.Context, c onboarding.Checklist, audit core.AuditEntry) (onboarding.Checklist, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO checklists (org_id, kind, employee_id, job, anchor, created_on, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (employee_id, kind) DO NOTHING RETURNING id`,
			c.OrgID, c.Kind, c.Person.ID, c.Job, c.Anchor.UTC(), c.CreatedOn.UTC(), audit.At).Scan(&c.ID)
		if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
			return core.Errorf(core.EConflict, "onboarding.exists", "%s has a %s checklist already", c.Person.Key, c.Kind)
		}
		if err != nil {
			return interpret(err)
		}
		for i := range c.Tasks {
			t := &c.Tasks[i]
			t.ChecklistID = c.ID
			if err := tx.QueryRow(ctx, `
				INSERT INTO checklist_tasks (org_id, checklist_id, position, title, owner, owner_id, due_on, quiz)
				VALUES ($1, $2, $3, $4, $5, nullif($6, 0), $7, $8) RETURNING id`,
				c.OrgID, c.ID, t.Position, map[core.Locale]string(t.Title), t.Owner, t.OwnerID, t.Due.UTC(), t.Quiz).Scan(&t.ID); err != nil {
				return fmt.Errorf("task %d: %w", t.Position, interpret(err))
			}
		}
		if b := c.Buddy; b != nil {
			if _, err := tx.Exec(ctx, `
				INSERT INTO buddies (org_id, employee_id, buddy_id, checklist_id, since, rule, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.OrgID, b.EmployeeID, b.BuddyID, c.ID, b.Since.UTC(), b.Rule, audit.At); err != nil {
				return fmt.Errorf("buddy: %w", interpret(err))
			}
		}
		return recordAudit(ctx, tx, audit)
	})
	return c, err
}

// Working lists the orgs with a task due by `to` not reminded, or a
// welcome due from `from` to `to` not sent.
func (s Onboarding) Working(ctx context.Context, from, to core.Date) ([]onboarding.OrgWork, error) {
	return readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (w onboarding.OrgWork, err error) {
		return w, r.Scan(append(orgDest(&w.Org), &w.RemindAt)...)
	}, `SELECT `+orgColumns+`, coalesce(p.remind_at, $3) FROM orgs o LEFT JOIN onboarding_policies p ON p.org_id = o.id
		WHERE EXISTS (SELECT 1 FROM checklist_tasks t JOIN checklists c ON c.id = t.checklist_id JOIN employees e ON e.id = c.employee_id
		              WHERE t.org_id = o.id AND t.done_at IS NULL AND t.reminded_at IS NULL AND t.due_on <= $2
		                AND t.due_on >= c.created_on AND `+taskLive("t", "c", "e")+`)
		   OR EXISTS (SELECT 1 FROM checklists c JOIN employees e ON e.id = c.employee_id
		              WHERE c.org_id = o.id AND c.kind = 'onboarding' AND c.welcomed_at IS NULL AND c.anchor BETWEEN $1 AND $2
		                AND c.anchor >= c.created_on AND e.status = 'active')
		ORDER BY o.id`, from.UTC(), to.UTC(), onboarding.DefaultRemindAt)
}

// DueTasks locks an org's open tasks due by today, not reminded, of
// people still there.
func (s Onboarding) DueTasks(ctx context.Context, orgID int64, today core.Date) ([]onboarding.Task, error) {
	return readAll(ctx, s.db.q(ctx), scanTask, `SELECT `+taskColumns+taskFrom+`
		WHERE t.org_id = $1 AND t.done_at IS NULL AND t.reminded_at IS NULL AND t.due_on <= $2 AND t.due_on >= c.created_on
		  AND `+taskLive("t", "c", "pe")+`
		ORDER BY t.due_on, t.id FOR UPDATE OF t SKIP LOCKED`, orgID, today.UTC())
}

// DueWelcomes locks an org's onboarding checklists to welcome today.
func (s Onboarding) DueWelcomes(ctx context.Context, orgID int64, from, today core.Date) ([]onboarding.Checklist, error) {
	return s.checklists(ctx, `WHERE c.org_id = $1 AND c.kind = 'onboarding' AND c.welcomed_at IS NULL AND c.anchor BETWEEN $2 AND $3
		AND c.anchor >= c.created_on AND e.status = 'active' ORDER BY c.id FOR UPDATE OF c SKIP LOCKED`, orgID, from.UTC(), today.UTC())
}

// MarkReminded records tasks reminded and writes their notifications.
func (s Onboarding) MarkReminded(ctx context.Context, taskIDs []int64, at time.Time, notes []core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE checklist_tasks SET reminded_at = $2 WHERE id = ANY($1)`, taskIDs, at); err != nil {
			return interpret(err)
		}
		return notifyAll(ctx, tx, notes)
	})
}

// MarkWelcomed records a checklist's welcome sent and writes its notifications.
func (s Onboarding) MarkWelcomed(ctx context.Context, checklistID int64, at time.Time, notes []core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE checklists SET welcomed_at = $2 WHERE id = $1`, checklistID, at); err != nil {
			return interpret(err)
		}
		return notifyAll(ctx, tx, notes)
	})
}

func notifyAll(ctx context.Context, q dbtx, notes []core.Notification) error {
	for _, n := range notes {
		if err := notify(ctx, q, n); err != nil {
			return err
		}
	}
	return nil
}

// SetDone ticks a task off or takes the tick back, if it is still as t
// says, with the audit row.
func (s Onboarding) SetDone(ctx context.Context, t onboarding.Task, done bool, by int64, at time.Time, audit core.AuditEntry) (onboarding.Task, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var doneAt *time.Time
		var doneBy *int64
		if done {
			doneAt, doneBy = &at, &by
		}
		tag, err := tx.Exec(ctx, `UPDATE checklist_tasks SET done_at = $3, done_by = $4
			WHERE org_id = $1 AND id = $2 AND (done_at IS NULL) = $5`, audit.OrgID, t.ID, doneAt, doneBy, !t.Done())
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "onboarding.changed", "task %d was changed meanwhile", t.ID)
		}
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return onboarding.Task{}, err
	}
	return s.FindTask(ctx, audit.OrgID, t.ID)
}

// taskLive is the SQL condition under which a checklist's task (alias t,
// of checklist c, for person e) is still to do: its person is still
// there — or, for someone who has left, an offboarding task of someone
// else's (the laptop collected, the final pay), which their leaving does
// not make moot.
func taskLive(t, c, e string) string {
	return "(" + e + ".status = 'active' OR " + c + ".kind = 'offboarding' AND " + t + ".owner_id IS DISTINCT FROM " + e + ".id)"
}
