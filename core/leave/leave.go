package leave

import (
	"context"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// Part of a day a request starts or ends on.
type Part string

// Parts.
const (
	FullDay   Part = "full"
	Morning   Part = "morning"
	Afternoon Part = "afternoon"
)

// Span is the dates a request covers, inclusive; a request can start in the
// afternoon of its first day and end in the morning of its last.
type Span struct {
	From, To         core.Date
	FromPart, ToPart Part
}

// Status of a request.
type Status string

// Statuses.
const (
	Pending   Status = "pending"
	Approved  Status = "approved"
	Rejected  Status = "rejected"
	Cancelled Status = "cancelled"
)

// Step of the approval chain a pending request is at.
type Step string

// Steps.
const (
	StepManager Step = "manager"
	StepHR      Step = "hr"
)

// Request is a leave request.
type Request struct {
	ID           int64
	OrgID        int64
	EmployeeID   int64
	EmployeeKey  string
	EmployeeName string
	EmployeeJob  string
	Type         string
	Span         Span
	Start, End   time.Time // the period it covers, end exclusive
	Minutes      int       // what it costs: working time off
	Reason       string
	Status       Status
	Step         Step
	ApproverID   int64
	DecidedByID  int64
	DecidedBy    string
	DecidedAt    time.Time
	RejectReason string
	CreatedAt    time.Time
	SentAt       time.Time
}

// Setup is an org's leave configuration.
type Setup struct {
	Policy Policy
	Types  []Type
}

// TypeByWord finds a leave type by its key or one of its aliases.
func (s Setup) TypeByWord(word string) (Type, bool) {
	w := strings.ToLower(strings.TrimSpace(word))
	for _, t := range s.Types {
		if t.Key == w {
			return t, true
		}
		for _, a := range t.Aliases {
			if a == w {
				return t, true
			}
		}
	}
	return Type{}, false
}

// Type returns the type with key.
func (s Setup) Type(key string) (Type, bool) {
	for _, t := range s.Types {
		if t.Key == key {
			return t, true
		}
	}
	return Type{}, false
}

// Usage is what a person has taken and asked for of one type in one year, in minutes.
type Usage struct {
	Approved, Pending int
	// ApprovedBefore is the approved leave that started on or before the
	// carry-over expiry date, which uses carried-over days first.
	ApprovedBefore int
	Adjusted       int
	RestDayOT      int // rest-day overtime earned, for compensatory leave
}

// Event is a fact for other capabilities, written with the change.
type Event struct {
	Kind    string // a core.Event… kind
	Payload any    // the kind's payload type
}

// Store is what leave needs from storage. Changes write their audit rows,
// notifications and events in the same transaction.
type Store interface {
	// InTurn runs fn in one transaction (joining the caller's, if any).
	InTurn(ctx context.Context, fn func(ctx context.Context) error) error
	// LockPerson holds off other changes to a person's leave until the
	// transaction ends.
	LockPerson(ctx context.Context, employeeID int64) error
	Setup(ctx context.Context, orgID int64) (Setup, error)
	// Usage sums a person's requests of a type starting in year; before is
	// the carry-over expiry date for ApprovedBefore.
	Usage(ctx context.Context, orgID, employeeID int64, typeKey string, year int, before core.Date) (Usage, error)
	// CreateRequest stores a pending request; EConflict when it overlaps a
	// live request of the same person (the database's exclusion constraint).
	CreateRequest(ctx context.Context, r Request, audit core.AuditEntry, n core.Notification) (Request, error)
	// Overlaps reports whether a live request of the person overlaps [start, end).
	Overlaps(ctx context.Context, orgID, employeeID int64, start, end time.Time) (bool, error)
	// FindRequest returns ENotFound when the org has no such request.
	FindRequest(ctx context.Context, orgID, id int64) (Request, error)
	// UpdateRequest saves r if its status and step are still from/fromStep
	// (EConflict otherwise).
	UpdateRequest(ctx context.Context, r Request, from Status, fromStep Step, audit core.AuditEntry, ns []core.Notification, events []Event) error
	// ListRequests returns an org's requests in a status overlapping [from, to],
	// for some people or all (nil).
	ListRequests(ctx context.Context, orgID int64, status Status, employeeIDs []int64, from, to core.Date) ([]Request, error)
	// ListPendingFor returns requests waiting on approverID (0: all), oldest first.
	ListPendingFor(ctx context.Context, orgID, approverID int64) ([]Request, error)
	// ListStale returns pending requests last sent before cutoff, every org.
	ListStale(ctx context.Context, now time.Time) ([]Request, error)
	// MarkSent records that a request was sent to its approver again.
	MarkSent(ctx context.Context, r Request, n core.Notification) error
	// MyRequests returns a person's requests ending on or after since, newest first.
	MyRequests(ctx context.Context, orgID, employeeID int64, since core.Date) ([]Request, error)
	FindEmployeeByID(ctx context.Context, orgID, id int64) (core.Employee, error)
	// ListEmployees returns active people: all (managerID 0) or one manager's reports.
	ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error)
	// FindApprover returns e's manager, else an HR person or admin other than e.
	FindApprover(ctx context.Context, e core.Employee) (core.Employee, error)
	// AddAdjustment records a correction of a balance with its audit row
	// and the person's notification.
	AddAdjustment(ctx context.Context, a Adjustment, audit core.AuditEntry, n core.Notification) error
}

// Plans gives each person's planned working days (attendance's plans).
type Plans interface {
	Setup(ctx context.Context, org core.Org) (*attendance.Setup, error)
}
