package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/onboarding"
)

// taskColumns are a task with its owner's, ticker's and person's names,
// in scanTask's order, from taskFrom.
const taskColumns = `t.id, t.checklist_id, t.position, t.title, t.owner, coalesce(t.owner_id, 0), coalesce(o.name, ''), t.due_on,
	t.quiz, t.done_at, coalesce(t.done_by, 0), coalesce(d.name, ''), pe.id, pe.key, pe.name, c.kind`

const taskFrom = ` FROM checklist_tasks t JOIN checklists c ON c.id = t.checklist_id JOIN employees pe ON pe.id = c.employee_id
	LEFT JOIN employees o ON o.id = t.owner_id LEFT JOIN employees d ON d.id = t.done_by`

func scanTask(r pgx.Rows) (onboarding.Task, error) {
	var t onboarding.Task
	var title map[core.Locale]string
	var doneAt *time.Time
	err := r.Scan(&t.ID, &t.ChecklistID, &t.Position, &title, &t.Owner, &t.OwnerID, &t.OwnerName, dateDest{&t.Due},
		&t.Quiz, &doneAt, &t.DoneByID, &t.DoneBy, &t.PersonID, &t.PersonKey, &t.PersonName, &t.Kind)
	t.Title = title
	if doneAt != nil {
		t.DoneAt = *doneAt
	}
	return t, err
}

// FindTask returns one task of an org.
func (s Onboarding) FindTask(ctx context.Context, orgID, id int64) (onboarding.Task, error) {
	ts, err := readAll(ctx, s.db.q(ctx), scanTask, `SELECT `+taskColumns+taskFrom+` WHERE t.org_id = $1 AND t.id = $2`, orgID, id)
	if err != nil {
		return onboarding.Task{}, err
	}
	if len(ts) == 0 {
		return onboarding.Task{}, core.Errorf(core.ENotFound, "error.not_found", "no task %d", id)
	}
	return ts[0], nil
}

// OwnedTasks lists the open tasks ownerID does (and HR's, for HR) of
// people still there — and of people who left, their offboarding tasks
// others do — by day.
func (s Onboarding) OwnedTasks(ctx context.Context, orgID, ownerID int64, hr bool) ([]onboarding.Task, error) {
	return readAll(ctx, s.db.q(ctx), scanTask, `SELECT `+taskColumns+taskFrom+`
		WHERE t.org_id = $1 AND t.done_at IS NULL AND `+taskLive("t", "c", "pe")+` AND (t.owner_id = $2 OR $3 AND t.owner_id IS NULL)
		ORDER BY t.due_on, t.id`, orgID, ownerID, hr)
}

// FindChecklist returns a person's checklist of kind.
func (s Onboarding) FindChecklist(ctx context.Context, orgID, employeeID int64, kind onboarding.Kind) (onboarding.Checklist, error) {
	return s.one(ctx, `WHERE c.org_id = $1 AND c.employee_id = $2 AND c.kind = $3`, orgID, employeeID, kind)
}

// ChecklistByID returns a checklist of an org.
func (s Onboarding) ChecklistByID(ctx context.Context, orgID, id int64) (onboarding.Checklist, error) {
	return s.one(ctx, `WHERE c.org_id = $1 AND c.id = $2`, orgID, id)
}

func (s Onboarding) one(ctx context.Context, where string, args ...any) (onboarding.Checklist, error) {
	cs, err := s.checklists(ctx, where, args...)
	if err != nil {
		return onboarding.Checklist{}, err
	}
	if len(cs) == 0 {
		return onboarding.Checklist{}, core.Errorf(core.ENotFound, "error.not_found", "no such checklist")
	}
	return cs[0], nil
}

// Open lists the org's checklists of kind with a task left to do (see
// taskLive), by day one.
func (s Onboarding) Open(ctx context.Context, orgID int64, kind onboarding.Kind) ([]onboarding.Checklist, error) {
	return s.checklists(ctx, `WHERE c.org_id = $1 AND c.kind = $2
		AND EXISTS (SELECT 1 FROM checklist_tasks t WHERE t.checklist_id = c.id AND t.done_at IS NULL AND `+taskLive("t", "c", "e")+`)
		ORDER BY c.anchor, c.id`, orgID, kind)
}

// checklists reads the checklists a condition on c (the checklist) and e
// (its person) picks, with their person, buddy and tasks.
func (s Onboarding) checklists(ctx context.Context, where string, args ...any) ([]onboarding.Checklist, error) {
	q := s.db.q(ctx)
	cs, err := readAll(ctx, q, func(r pgx.Rows) (c onboarding.Checklist, err error) {
		var d employeeDates
		dest := append([]any{&c.ID, &c.OrgID, &c.Kind, &c.Job, dateDest{&c.Anchor}, dateDest{&c.CreatedOn}, &c.CreatedAt},
			employeeDest(&c.Person, &d)...)
		err = r.Scan(dest...)
		d.set(&c.Person)
		return c, err
	}, `SELECT c.id, c.org_id, c.kind, c.job, c.anchor, c.created_on, c.created_at, `+employeeColumns+`
		FROM checklists c JOIN employees e ON e.id = c.employee_id
		LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN employees m ON m.id = e.manager_id
		LEFT JOIN schedules sc ON sc.id = e.schedule_id `+where, args...)
	if err != nil || len(cs) == 0 {
		return cs, err
	}
	ids := make([]int64, len(cs))
	at := map[int64]int{}
	for i, c := range cs {
		ids[i], at[c.ID] = c.ID, i
	}
	buddies, err := readAll(ctx, q, func(r pgx.Rows) (b struct {
		checklist int64
		onboarding.Buddy
	}, err error) {
		return b, r.Scan(&b.checklist, &b.EmployeeID, &b.BuddyID, &b.BuddyKey, &b.BuddyName, dateDest{&b.Since}, &b.Rule)
	}, `SELECT b.checklist_id, b.employee_id, b.buddy_id, be.key, be.name, b.since, b.rule
		FROM buddies b JOIN employees be ON be.id = b.buddy_id WHERE b.checklist_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("buddies: %w", err)
	}
	for _, b := range buddies {
		bd := b.Buddy
		cs[at[b.checklist]].Buddy = &bd
	}
	tasks, err := readAll(ctx, q, scanTask, `SELECT `+taskColumns+taskFrom+` WHERE t.checklist_id = ANY($1) ORDER BY t.checklist_id, t.position`, ids)
	if err != nil {
		return nil, fmt.Errorf("tasks: %w", err)
	}
	for _, t := range tasks {
		c := &cs[at[t.ChecklistID]]
		c.Tasks = append(c.Tasks, t)
	}
	return cs, nil
}

// LeavingApproved reports whether the org's resignation id is still
// approved.
func (s Onboarding) LeavingApproved(ctx context.Context, orgID, resignationID int64) (bool, error) {
	var ok bool
	err := s.db.q(ctx).QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM resignations WHERE org_id = $1 AND id = $2 AND status = 'approved')`,
		orgID, resignationID).Scan(&ok)
	return ok, interpret(err)
}
