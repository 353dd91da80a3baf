package perf

import (
	"context"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
)

// Guard is what must still hold when a review is saved, so a double
// press or two reviewers at once change it once (EConflict otherwise).
type Guard string

// Guards.
const (
	GuardNone        Guard = ""
	GuardSelfOpen    Guard = "self_open"    // the self-review is not finished
	GuardManagerOpen Guard = "manager_open" // the manager review is not finished
	GuardUnpublished Guard = "unpublished"  // the result is not published
	GuardUnappealed  Guard = "unappealed"   // the result is not appealed yet
	GuardAppealOpen  Guard = "appeal_open"  // the appeal is not answered yet
)

// Reminder is one of the reminders a review is sent once.
type Reminder string

// Reminders.
const (
	RemindSelf      Reminder = "self_reminded_at"
	AskManager      Reminder = "manager_asked_at"
	RemindManager   Reminder = "manager_reminded_at"
	EscalateManager Reminder = "escalated_at"
)

// Store is what performance needs from storage. Changes write their
// audit row and notifications in the same transaction; a notification's
// Params get the review's id when they carry none.
type Store interface {
	FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error)
	FindEmployeeByID(ctx context.Context, orgID, id int64) (core.Employee, error)
	// ListEmployees returns the org's active people (a manager's direct
	// reports when managerID is not 0).
	ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error)
	// PerfPolicy returns the org's bands and bonus; the zero Policy when
	// its org file has none.
	PerfPolicy(ctx context.Context, orgID int64) (Policy, error)
	// Goals returns the personal goals of people whose period overlaps p.
	Goals(ctx context.Context, orgID int64, employeeIDs []int64, p Period) ([]Goal, error)
	// AddGoal stores a goal (replacing one of the same key and start).
	AddGoal(ctx context.Context, g Goal, by int64, audit core.AuditEntry) (Goal, error)

	// CreateCycle stores a cycle with its reviews; each notification
	// goes with the review of its recipient (Params id).
	CreateCycle(ctx context.Context, c Cycle, rs []Review, audit core.AuditEntry, ns []core.Notification) (Cycle, error)
	// Cycle returns ENotFound when the org has no such cycle.
	Cycle(ctx context.Context, orgID, id int64) (Cycle, error)
	// Cycles returns the org's cycles, newest first.
	Cycles(ctx context.Context, orgID int64) ([]Cycle, error)
	// OpenCycles returns every org's open cycles.
	OpenCycles(ctx context.Context) ([]Cycle, error)
	// SetCycle saves a cycle's status and the given reviews' results
	// while it is still open (EConflict otherwise).
	SetCycle(ctx context.Context, c Cycle, rs []Review, audit core.AuditEntry, ns []core.Notification) error

	// Review returns ENotFound when the org has no such review.
	Review(ctx context.Context, orgID, id int64) (Review, error)
	// Reviews returns a cycle's reviews by name.
	Reviews(ctx context.Context, orgID, cycleID int64) ([]Review, error)
	// ReviewsOf returns a person's reviews, newest cycle first.
	ReviewsOf(ctx context.Context, orgID, employeeID int64) ([]Review, error)
	// ReviewsFor returns the unfinished reviews of open cycles a manager
	// was given to do.
	ReviewsFor(ctx context.Context, orgID, managerID int64) ([]Review, error)
	// OpenAppeals returns the unanswered appeals of the org's published
	// cycles, newest cycle first.
	OpenAppeals(ctx context.Context, orgID int64) ([]Review, error)
	// SaveReview saves r while guard holds (EConflict otherwise); audit
	// may be nil for bookkeeping (reminders sent).
	SaveReview(ctx context.Context, r Review, guard Guard, audit *core.AuditEntry, ns []core.Notification) error

	// Remind records that one of r's reminders went out, with its
	// notifications, only if it had not (false then: another replica's
	// pass sent it).
	Remind(ctx context.Context, orgID, reviewID int64, what Reminder, at time.Time, ns []core.Notification) (bool, error)

	// AddNote stores a note; a shared one's notification gets its id.
	AddNote(ctx context.Context, n Note, audit core.AuditEntry, ns []core.Notification) (Note, error)
	// Notes returns the notes on a person, newest first.
	Notes(ctx context.Context, orgID, employeeID int64) ([]Note, error)
}

// Jobs reads an org's jobs with their descriptions (store.Jobs).
type Jobs interface {
	Jobs(ctx context.Context, orgID int64) ([]jobs.Job, error)
}

// Orgs reads an org by id (the pass runs outside any turn).
type Orgs interface {
	OrgByID(ctx context.Context, id int64) (core.Org, error)
}

// Authorizer applies the permission rules and audits refusals
// (core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Probations carries a probation review's outcome to the person's
// contract (core/contracts), where one is in probation; ok false when
// there is none to decide.
type Probations interface {
	DecideProbation(ctx context.Context, actor core.Member, employeeID int64, o Outcome, channel string) (ok bool, err error)
}

// Service runs performance reviews for every org.
type Service struct {
	store      Store
	jobs       Jobs
	facts      FactSource
	orgs       Orgs
	auth       Authorizer
	probations Probations
	clock      core.Clock
}

// NewService returns a Service. probations may be nil (outcomes are then
// recorded on the review only).
func NewService(store Store, js Jobs, facts FactSource, orgs Orgs, auth Authorizer, probations Probations, clock core.Clock) *Service {
	return &Service{store: store, jobs: js, facts: facts, orgs: orgs, auth: auth, probations: probations, clock: clock}
}

func (s *Service) today(org core.Org) core.Date { return core.DateOf(s.clock.Now().In(org.Location())) }

func (s *Service) entry(m core.Member, action, entity string, id int64, before, after any, channel string) core.AuditEntry {
	return core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: action, EntityType: entity,
		EntityID: itoa(id), Before: before, After: after, Channel: channel, Outcome: "ok", At: s.clock.Now()}
}

// hrPeople are the org's HR people but except, or its admins when there
// are none: who hears escalations and appeals, and reviews those with no
// manager.
func hrPeople(people []core.Employee, except int64) []core.Employee {
	var hr, admins []core.Employee
	for _, p := range people {
		switch {
		case p.ID == except:
		case p.Role == core.RoleHR:
			hr = append(hr, p)
		case p.Role == core.RoleAdmin:
			admins = append(admins, p)
		}
	}
	if len(hr) > 0 {
		return hr
	}
	return admins
}

func notice(orgID, to int64, kind string, at time.Time, params map[string]string) core.Notification {
	return core.Notification{OrgID: orgID, RecipientID: to, Kind: kind, Params: params, CreatedAt: at}
}
