// Package transfer is moving a person (调岗): a request by the person,
// their manager or HR for a new job, team, manager, shift schedule or pay
// from an effective date, its approval chain — the current manager, the
// receiving manager when another, then HR — and the effective-day pass
// that makes it so. Every change keeps the history (core.Assignment), so
// attendance, reports and payroll read a day before the transfer with the
// old job, team, schedule and pay and a day from it with the new.
package transfer

import (
	"context"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// Status of a transfer.
type Status string

// Statuses: pending until the chain's last approval, then approved
// (scheduled) until its day, then done (in effect).
const (
	Pending   Status = "pending"
	Approved  Status = "approved"
	Done      Status = "done"
	Rejected  Status = "rejected"
	Cancelled Status = "cancelled"
)

// Open reports whether s is still to take effect.
func (s Status) Open() bool { return s == Pending || s == Approved }

// Step of the approval chain a pending transfer waits at.
type Step string

// Steps, in chain order.
const (
	StepManager   Step = "manager"   // the person's current manager
	StepReceiving Step = "receiving" // the manager they move to
	StepHR        Step = "hr"
)

// Audit actions of transfers.
const (
	AuditRequest   = "transfer.request"
	AuditApprove   = "transfer.approve"
	AuditStep      = "transfer.approve_step"
	AuditReject    = "transfer.reject"
	AuditCancel    = "transfer.cancel"
	AuditEffective = "transfer.effective"
)

// Fields says what a transfer changes.
type Fields uint8

// The fields a transfer may change.
const (
	FieldJob Fields = 1 << iota
	FieldTeam
	FieldManager
	FieldSchedule // the schedule and the person's rotation offset in it
)

// Has reports whether f includes g.
func (f Fields) Has(g Fields) bool { return f&g != 0 }

// Terms are a person's job, team, manager and schedule.
type Terms struct {
	Job            string
	TeamID         int64
	TeamKey        string
	TeamName       string
	ManagerID      int64
	ManagerKey     string
	ManagerName    string
	ScheduleKey    string // "" for the org's standard hours
	RotationOffset int
}

// TermsOf are e's present terms.
func TermsOf(e core.Employee) Terms {
	return Terms{Job: e.Job, TeamID: e.TeamID, TeamKey: e.TeamKey, TeamName: e.TeamName, ManagerID: e.ManagerID,
		ManagerKey: e.ManagerKey, ManagerName: e.ManagerName, ScheduleKey: e.ScheduleKey, RotationOffset: e.RotationOffset}
}

// Transfer is a request to move a person from an effective date.
type Transfer struct {
	ID            int64
	OrgID         int64
	EmployeeID    int64
	EmployeeKey   string
	EmployeeName  string
	RequestedByID int64
	RequestedBy   string
	Effective     core.Date
	Reason        string
	Status        Status
	Step          Step
	ApproverID    int64
	ApproverName  string
	// From are the person's terms when it was asked for; To the terms it
	// sets — From with the fields in Sets changed.
	From, To Terms
	Sets     Fields
	// Pay, when set, changes the person's pay profile from the day on.
	Pay          *pay.Terms
	DecidedByID  int64
	DecidedBy    string
	DecidedAt    time.Time
	RejectReason string
	CreatedAt    time.Time
	SentAt       time.Time
	AppliedAt    time.Time
}

// Ask is a transfer as someone asks for it, in their words.
type Ask struct {
	// Person is a key or name; "" or "me" is the one asking.
	Person string
	// Job, Team and Manager name the new ones ("" leaves them).
	Job, Team, Manager string
	// Schedule names the new schedule, "" for the standard hours; nil
	// leaves it. Offset is the person's rotation offset in it.
	Schedule *string
	Offset   int
	Pay      *pay.Terms
	// Effective is the first day of the new terms.
	Effective core.Date
	Reason    string
}

// Store is what transfers need from storage. Changes write their audit row
// and notifications in the same transaction.
type Store interface {
	InTurn(ctx context.Context, fn func(ctx context.Context) error) error
	// FindEmployee returns ENotFound when the org has nobody with key.
	FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error)
	FindEmployeeByID(ctx context.Context, orgID, id int64) (core.Employee, error)
	// ListEmployees returns active people: all (managerID 0) or one manager's reports.
	ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error)
	Teams(ctx context.Context, orgID int64) ([]core.Team, error)
	// Jobs are the org's declared jobs, or the jobs in use when it declares none.
	Jobs(ctx context.Context, orgID int64) (core.Jobs, error)
	// HasPayProfile reports whether the person has a pay profile.
	HasPayProfile(ctx context.Context, orgID, employeeID int64) (bool, error)
	// Create stores a transfer and its notifications (their Params get
	// its id); EConflict when the person has an open one already.
	Create(ctx context.Context, t Transfer, audit core.AuditEntry, ns []core.Notification) (Transfer, error)
	// Find returns ENotFound when the org has no such transfer.
	Find(ctx context.Context, orgID, id int64) (Transfer, error)
	// Update saves t if its status and step are still from and fromStep
	// (EConflict otherwise).
	Update(ctx context.Context, t Transfer, from Status, fromStep Step, audit core.AuditEntry, ns []core.Notification) error
	// List returns the org's transfers in the statuses, by effective date.
	List(ctx context.Context, orgID int64, statuses []Status) ([]Transfer, error)
	// OfPerson returns a person's transfers, newest first.
	OfPerson(ctx context.Context, orgID, employeeID int64) ([]Transfer, error)
	// Due returns the approved transfers of every org whose effective
	// date has come in the org's time zone at now.
	Due(ctx context.Context, now time.Time) ([]Transfer, error)
	// Apply puts an approved transfer into effect: the person's history
	// closed and extended, their record and pay profile changed, it marked
	// done, with the audit row and notifications. EConflict when it is no
	// longer approved (another pass applied it, or it was cancelled).
	Apply(ctx context.Context, t Transfer, audit core.AuditEntry, ns []core.Notification) error
	// Assignments returns a person's assignment rows, oldest first.
	Assignments(ctx context.Context, orgID, employeeID int64) ([]core.Assignment, error)
}

// Plans gives the org's schedules (attendance's setup).
type Plans interface {
	Setup(ctx context.Context, org core.Org) (*attendance.Setup, error)
}

// Authorizer applies the permission rules and audits refusals
// (core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
	Refused(ctx context.Context, actor core.Member, action, entityType, entityID, reason, channel string) error
}

// Service runs transfers for every org.
type Service struct {
	store   Store
	plans   Plans
	auth    Authorizer
	clock   core.Clock
	builtin core.Jobs
}

// NewService returns a Service.
func NewService(store Store, plans Plans, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, plans: plans, auth: auth, clock: clock}
}

// WithBuiltinJobs lets job words hrbot knows for common jobs (客服,
// finance) name an org's job of the same key.
func (s *Service) WithBuiltinJobs(jobs core.Jobs) *Service {
	s.builtin = jobs
	return s
}

// today is the org's date now.
func (s *Service) today(org core.Org) core.Date { return core.DateOf(s.clock.Now().In(org.Location())) }

// snapshot is what the audit log keeps of a transfer: never pay amounts.
func snapshot(t Transfer) map[string]any {
	return map[string]any{"employee": t.EmployeeKey, "effective": t.Effective.String(), "status": t.Status, "step": t.Step,
		"job": t.To.Job, "team": t.To.TeamKey, "manager": t.To.ManagerKey, "schedule": t.To.ScheduleKey, "pay": t.Pay != nil}
}
