package onboarding

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training"
)

// OrgWork is an org with checklists that still have something to remind
// or a welcome to send, and when in its day they go out.
type OrgWork struct {
	Org      core.Org
	RemindAt int
}

// Store keeps templates' checklists, tasks and buddies. Changes write
// their audit rows and notifications in the same transaction.
type Store interface {
	// InTurn runs fn in one transaction (joining the caller's, if any).
	InTurn(ctx context.Context, fn func(ctx context.Context) error) error
	// Newcomer reads what a person's checklist is planned from;
	// ENotFound when the org has no such person.
	Newcomer(ctx context.Context, orgID, employeeID int64) (Newcomer, error)
	// CreateChecklist stores c with its tasks and buddy, and audit; it
	// returns c with its ids. EConflict when the person has a checklist
	// of that kind already.
	CreateChecklist(ctx context.Context, c Checklist, audit core.AuditEntry) (Checklist, error)
	RecordAudit(ctx context.Context, e core.AuditEntry) error
	// Member reads a person as a member of their org; ENotFound.
	Member(ctx context.Context, orgID, employeeID int64) (core.Member, error)
	// HR lists the org's active people with the role hr, else its admins:
	// who does HR's tasks.
	HR(ctx context.Context, orgID int64) ([]core.Member, error)

	// Working lists the orgs with checklist work by `to`: a task open,
	// due and not reminded, or a welcome due from `from` not sent.
	Working(ctx context.Context, from, to core.Date) ([]OrgWork, error)
	// DueTasks locks an org's open tasks due on or before today that were
	// not reminded, from checklists made on or before their day, skipping
	// those another transaction holds.
	DueTasks(ctx context.Context, orgID int64, today core.Date) ([]Task, error)
	// DueWelcomes locks an org's onboarding checklists whose day one is
	// from `from` to today, made on or before it, not welcomed yet.
	DueWelcomes(ctx context.Context, orgID int64, from, today core.Date) ([]Checklist, error)
	// MarkReminded records tasks as reminded and writes the notifications.
	MarkReminded(ctx context.Context, taskIDs []int64, at time.Time, notes []core.Notification) error
	// MarkWelcomed records a checklist's welcome as sent and writes the
	// notifications.
	MarkWelcomed(ctx context.Context, checklistID int64, at time.Time, notes []core.Notification) error

	// FindTask returns a task of the org; ENotFound.
	FindTask(ctx context.Context, orgID, id int64) (Task, error)
	// SetDone ticks a task off (done) or takes the tick back, with audit,
	// only if it is still as t says; EConflict "onboarding.changed" when
	// someone else changed it meanwhile.
	SetDone(ctx context.Context, t Task, done bool, by int64, at time.Time, audit core.AuditEntry) (Task, error)
	// FindChecklist returns the person's checklist of kind, tasks in
	// order; ENotFound when they have none.
	FindChecklist(ctx context.Context, orgID, employeeID int64, kind Kind) (Checklist, error)
	// ChecklistByID returns a checklist of the org; ENotFound.
	ChecklistByID(ctx context.Context, orgID, id int64) (Checklist, error)
	// OwnedTasks lists the open tasks of the org's active checklists that
	// ownerID does — with HR's too when hr is set — by day.
	OwnedTasks(ctx context.Context, orgID, ownerID int64, hr bool) ([]Task, error)
	// Open lists the org's checklists of kind with a task left, of people
	// still there, by day one.
	Open(ctx context.Context, orgID int64, kind Kind) ([]Checklist, error)
	// LeavingApproved reports whether the org's resignation id is still
	// approved (not withdrawn, not done).
	LeavingApproved(ctx context.Context, orgID, resignationID int64) (bool, error)
}

// Events hands out domain events one at a time (store.Events).
type Events interface {
	Consume(ctx context.Context, kind string, at time.Time, fn func(ctx context.Context, orgID int64, payload []byte) error) (bool, error)
}

// Quizzes assigns a quiz and tells the person (training.Desk, the same
// Assign /quiz assign uses).
type Quizzes interface {
	Assign(ctx context.Context, m core.Member, code, who string, deadline time.Time, channel string) (training.StoredBank, int, error)
}

// Authorizer applies core's permission rules and audits refusals
// (*core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service makes, reminds and ticks off checklists.
type Service struct {
	store   Store
	events  Events
	quizzes Quizzes
	auth    Authorizer
	clock   core.Clock
}

// NewService returns a Service; quizzes may be nil (no quiz is assigned).
func NewService(store Store, events Events, quizzes Quizzes, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, events: events, quizzes: quizzes, auth: auth, clock: clock}
}

// maxPerPass bounds the events (hires, leavers) one pass takes, so a
// pass ends in time after a staff list of hundreds.
const maxPerPass = 200

// TakeHires makes the checklists of the people hired since the last pass
// (EventEmployeeHired), each in the transaction that marks its event
// taken: a crash makes it again, never twice. It returns how many hires
// it took.
func (s *Service) TakeHires(ctx context.Context) (int, error) {
	n, err := consumeEach(ctx, s, core.EventEmployeeHired, "hire", s.start)
	if err != nil {
		return n, fmt.Errorf("onboarding: %w", err)
	}
	return n, nil
}

// consumeEach hands fn each event of kind, up to maxPerPass, read as T
// (what names it in errors), in the transaction that marks it taken.
func consumeEach[T any](ctx context.Context, s *Service, kind, what string, fn func(ctx context.Context, orgID int64, v T) error) (int, error) {
	n := 0
	for n < maxPerPass {
		found, err := s.events.Consume(ctx, kind, s.clock.Now(), func(ctx context.Context, orgID int64, payload []byte) error {
			var v T
			if err := json.Unmarshal(payload, &v); err != nil {
				return fmt.Errorf("read %s: %w", what, err)
			}
			return fn(ctx, orgID, v)
		})
		if err != nil {
			return n, err
		}
		if !found {
			return n, nil
		}
		n++
	}
	return n, nil
}

// start makes one hire's checklist, assigns their quizzes and audits it
// all; a hire that gets none is audited with the reason.
func (s *Service) start(ctx context.Context, orgID int64, h core.EmployeeHired) error {
	now := s.clock.Now()
	nc, err := s.store.Newcomer(ctx, orgID, h.EmployeeID)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return nil // removed since: nobody to onboard
	}
	if err != nil {
		return err
	}
	today := core.DateOf(now.In(nc.Org.Location()))
	nc.Hired, nc.AddedOn = h, today
	audit := core.AuditEntry{OrgID: orgID, ActorLabel: actorLabel, EntityType: EntityPerson, EntityID: nc.Person.Key,
		Channel: channelAuto, Outcome: core.OutcomeOK, Reason: "hired via " + h.Via, At: now}
	plan := PlanChecklist(nc, today)
	if plan.Skip != "" {
		if plan.Skip == SkipNoChecklist && len(nc.Policy.Checklists) == 0 {
			return nil // the org does not onboard with hrbot: nothing to say
		}
		audit.Action, audit.After = AuditSkip, map[string]string{"kind": string(KindOnboarding), "why": plan.Skip}
		return s.store.RecordAudit(ctx, audit)
	}
	assigned, missing, err := s.assignQuizzes(ctx, nc, plan.Quizzes, h)
	if err != nil {
		return err
	}
	audit.Action, audit.After = AuditStart, startSnapshot(plan.Checklist, assigned, missing)
	if _, err := s.store.CreateChecklist(ctx, plan.Checklist, audit); err != nil {
		if core.ErrorCodeOf(err) == core.EConflict {
			return nil // made already (a hire event written twice): keep the first
		}
		return fmt.Errorf("checklist of %s: %w", nc.Person.Key, err)
	}
	return nil
}

// assignQuizzes assigns the quizzes of a new person's checklist through
// training, as the person who hired them (HR) when known, else as the
// org's HR. A quiz not imported yet, or nobody at HR to assign it, is
// left out and named in the audit row, not a reason to hold the checklist.
func (s *Service) assignQuizzes(ctx context.Context, nc Newcomer, qs []QuizPlan, h core.EmployeeHired) (assigned, missing []string, err error) {
	if len(qs) == 0 {
		return nil, nil, nil
	}
	by, ok, err := s.assigner(ctx, nc.Org.ID, h.ByID)
	if err != nil {
		return nil, nil, err
	}
	loc := nc.Org.Location()
	for _, q := range qs {
		if !ok || s.quizzes == nil {
			missing = append(missing, q.Code)
			continue
		}
		_, _, err := s.quizzes.Assign(ctx, by, q.Code, nc.Person.Key, endOfDay(q.Due, loc), channelAuto)
		switch core.ErrorCodeOf(err) {
		case "":
			assigned = append(assigned, q.Code)
		case core.ENotFound, core.EForbidden:
			missing = append(missing, q.Code)
		default:
			return nil, nil, fmt.Errorf("assign quiz %s to %s: %w", q.Code, nc.Person.Key, err)
		}
	}
	return assigned, missing, nil
}

// assigner is who assigns a new person's quizzes: whoever hired them if
// they still may, else the org's first HR person.
func (s *Service) assigner(ctx context.Context, orgID, byID int64) (core.Member, bool, error) {
	if byID != 0 {
		m, err := s.store.Member(ctx, orgID, byID)
		switch {
		case err == nil && core.Authorize(m, core.ActionTrainingAssign, nil) == nil:
			return m, true, nil
		case err != nil && core.ErrorCodeOf(err) != core.ENotFound:
			return core.Member{}, false, err
		}
	}
	hr, err := s.store.HR(ctx, orgID)
	if err != nil || len(hr) == 0 {
		return core.Member{}, false, err
	}
	return hr[0], true, nil
}

// startSnapshot is a new checklist as its audit row records it.
func startSnapshot(c Checklist, assigned, missing []string) map[string]any {
	tasks := make([]map[string]any, len(c.Tasks))
	for i, t := range c.Tasks {
		tasks[i] = map[string]any{"title": t.Title.In(""), "owner": string(t.Owner), "owner_id": t.OwnerID, "due": t.Due.String()}
	}
	out := map[string]any{"kind": string(c.Kind), "job": c.Job, "day_one": c.Anchor.String(), "tasks": tasks}
	if c.Buddy != nil {
		out["buddy"] = map[string]any{"key": c.Buddy.BuddyKey, "since": c.Buddy.Since.String(), "rule": c.Buddy.Rule}
	}
	if len(assigned) > 0 {
		out["quizzes"] = assigned
	}
	if len(missing) > 0 {
		out["quizzes_not_assigned"] = missing
	}
	return out
}
