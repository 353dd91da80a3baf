// Package leaving is a person leaving (离职): their resignation, or HR
// ending their employment, with the notice the law asks (Labour Contract
// Law art. 37: 3 days in probation, 30 days after), the approval chain —
// their manager, then HR — and the last-day pass that, once the last day
// is over in the org's time zone, makes them left: chat accounts
// unlinked, console sessions ended, staffed shifts after the last day
// handed to the cover pool, pending requests closed with a note.
package leaving

import (
	"context"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// Status of a resignation.
type Status string

// Statuses: pending until the chain's last approval, then approved until
// the last-day pass makes it done.
const (
	Pending   Status = "pending"
	Approved  Status = "approved"
	Done      Status = "done"
	Rejected  Status = "rejected"
	Cancelled Status = "cancelled"
)

// Open reports whether s is still to take effect.
func (s Status) Open() bool { return s == Pending || s == Approved }

// Step of the approval chain a pending resignation waits at.
type Step string

// Steps, in chain order.
const (
	StepManager Step = "manager"
	StepHR      Step = "hr"
)

// Kind says who ended the employment.
type Kind string

// Kinds: the person resigned (辞职), or HR ended it (解除).
const (
	Resign  Kind = "resign"
	Dismiss Kind = "dismiss"
)

// Audit actions of leaving.
const (
	AuditRequest = "leaving.request"
	AuditStep    = "leaving.approve_step"
	AuditApprove = "leaving.approve"
	AuditReject  = "leaving.reject"
	AuditCancel  = "leaving.cancel"
	AuditLastDay = "leaving.last_day"
)

// Notice periods in days (Labour Contract Law art. 37).
const (
	NoticeProbation = 3
	NoticeDays      = 30
)

// FreeAhead is how many days after the last day the pass hands a
// person's staffed shifts to the cover pool: the rota's two weeks.
const FreeAhead = 14

// Resignation is a request to end a person's employment on a last day.
type Resignation struct {
	ID            int64
	OrgID         int64
	EmployeeID    int64
	EmployeeKey   string
	EmployeeName  string
	ManagerID     int64
	RequestedByID int64
	RequestedBy   string
	Kind          Kind
	LastDay       core.Date
	// NoticeDays is the notice the law asked when it was filed.
	NoticeDays   int
	Reason       string
	Status       Status
	Step         Step
	ApproverID   int64
	ApproverName string
	DecidedByID  int64
	DecidedBy    string
	DecidedAt    time.Time
	RejectReason string
	CreatedAt    time.Time
	AppliedAt    time.Time
}

// Ask is a resignation as someone files it.
type Ask struct {
	// Person is a key; "" or "me" is the one asking. Anyone but the
	// person is HR ending the employment.
	Person  string
	LastDay core.Date
	Reason  string
}

// Waiting are a person's requests still waiting, which the last day
// closes.
type Waiting struct {
	Leave       []Open
	Corrections []Open
	Transfers   []Open
}

// Open is one waiting request: its id and whom to tell it was closed.
type Open struct {
	ID         int64
	ApproverID int64
	AskedByID  int64
}

// Store is what leaving needs from storage. Changes write their audit
// row and notifications in the same transaction.
type Store interface {
	FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error)
	FindEmployeeByID(ctx context.Context, orgID, id int64) (core.Employee, error)
	// ListEmployees returns the org's active people.
	ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error)
	// OnProbation reports whether the person's contract covering day is
	// in probation.
	OnProbation(ctx context.Context, orgID, employeeID int64, day core.Date) (bool, error)
	// Create stores a resignation; EConflict when the person has an open
	// one. Notifications' Params get its id.
	Create(ctx context.Context, r Resignation, audit core.AuditEntry, ns []core.Notification) (Resignation, error)
	// Find returns ENotFound when the org has no such resignation.
	Find(ctx context.Context, orgID, id int64) (Resignation, error)
	// Update saves r if its status and step are still from and fromStep
	// (EConflict otherwise).
	Update(ctx context.Context, r Resignation, from Status, fromStep Step, audit core.AuditEntry, ns []core.Notification) error
	// Open returns the org's open resignations (pending and approved),
	// earliest last day first: every one for employeeID 0, else those
	// pending on employeeID's decision and employeeID's own.
	Open(ctx context.Context, orgID, employeeID int64) ([]Resignation, error)
	// OfPerson returns a person's resignations, newest first.
	OfPerson(ctx context.Context, orgID, employeeID int64) ([]Resignation, error)
	// Due returns the approved resignations of every org whose last day
	// is over in the org's time zone at now.
	Due(ctx context.Context, now time.Time) ([]Resignation, error)
	// Waiting returns the person's pending leave, corrections and
	// transfers.
	Waiting(ctx context.Context, orgID, employeeID int64) (Waiting, error)
	// Leave makes the last day so, in one transaction, only while r is
	// still approved (EConflict otherwise): the person left on r.LastDay,
	// their chat accounts unlinked and console sessions ended, the
	// pending requests closed, the events published, r done, with the
	// audit row and notifications.
	Leave(ctx context.Context, r Resignation, closing Waiting, events []core.ShiftUncovered, audit core.AuditEntry, ns []core.Notification) error
}

// Plans gives the org's schedules (attendance's setup).
type Plans interface {
	Setup(ctx context.Context, org core.Org) (*attendance.Setup, error)
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

// Service runs resignations for every org.
type Service struct {
	store Store
	plans Plans
	orgs  Orgs
	auth  Authorizer
	clock core.Clock
}

// NewService returns a Service.
func NewService(store Store, plans Plans, orgs Orgs, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, plans: plans, orgs: orgs, auth: auth, clock: clock}
}

func (s *Service) today(org core.Org) core.Date { return core.DateOf(s.clock.Now().In(org.Location())) }

// snapshot is what the audit log keeps of a resignation.
func snapshot(r Resignation) map[string]any {
	return map[string]any{"employee": r.EmployeeKey, "kind": r.Kind, "last_day": r.LastDay.String(), "notice_days": r.NoticeDays,
		"status": r.Status, "step": r.Step}
}
