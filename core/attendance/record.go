package attendance

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/calendar"
)

// Record is one person's attendance on one work date.
type Record struct {
	ID         int64
	OrgID      int64
	EmployeeID int64
	WorkDate   core.Date
	ShiftKey   string
	DayKind    calendar.Kind
	// PlannedStart and PlannedEnd are zero for work on a day off.
	PlannedStart, PlannedEnd time.Time
	BreakMinutes             int
	// CheckIn and CheckOut are zero until punched.
	CheckIn, CheckOut time.Time
	LateMinutes       int
	EarlyMinutes      int
	WorkedMinutes     int
	OvertimeMinutes   int
	OvertimeKind      OvertimeKind
	Flags             []string
	Lat, Lon          *float64
}

// Has reports whether the record carries flag.
func (r Record) Has(flag string) bool { return slices.Contains(r.Flags, flag) }

func (r *Record) flag(f string) {
	if f != "" && !r.Has(f) {
		r.Flags = append(r.Flags, f)
	}
}

// CorrectionKind says which punch a correction fixes.
type CorrectionKind string

// Correction kinds.
const (
	FixCheckIn  CorrectionKind = "check_in"
	FixCheckOut CorrectionKind = "check_out"
)

// CorrectionStatus is where a correction is in its approval.
type CorrectionStatus string

// Correction statuses.
const (
	CorrectionPending  CorrectionStatus = "pending"
	CorrectionApproved CorrectionStatus = "approved"
	CorrectionRejected CorrectionStatus = "rejected"
)

// CorrectionLimit is an org's cap on one person's corrections of the days
// From to To (a calendar month); Max 0 is no cap.
type CorrectionLimit struct {
	Max      int
	From, To core.Date
}

// ErrCorrectionLimit is what a Store returns when a correction would go
// over its CorrectionLimit.
var ErrCorrectionLimit = errors.New("attendance: corrections per month used up")

// Correction (补卡) asks to set a missed or wrong punch.
type Correction struct {
	ID            int64
	OrgID         int64
	EmployeeID    int64
	EmployeeKey   string
	EmployeeName  string
	WorkDate      core.Date
	Kind          CorrectionKind
	At            time.Time // the punch time asked for
	Reason        string
	Status        CorrectionStatus
	RejectReason  string // why the approver rejected it; "" unless rejected
	ApproverID    int64
	DecidedByID   int64
	DecidedByName string
	DecidedAt     time.Time
	CreatedAt     time.Time
}

// Store is what attendance needs from storage. Methods that change state
// write their audit entries (and notifications) in the same transaction.
// CoverShifts is a Store that knows the covers people accepted, so that
// a cover is the shift its person is judged against.
type CoverShifts interface {
	// CoverAt returns the cover the person works around t: one whose window,
	// opened earlier by checkinOpen, contains t. ok is false when none.
	CoverAt(ctx context.Context, employeeID int64, t time.Time, checkinOpen time.Duration) (start, end time.Time, job string, ok bool, err error)
}

type Store interface {
	RotaStore
	// Setup reads an org's attendance configuration.
	Setup(ctx context.Context, org core.Org) (*Setup, error)
	// InsertCheckIn stores a check-in unless the person already has a record
	// with a check-in on that work date; then it returns that record and false.
	// Notification n (none when its RecipientID is 0) is written with the
	// check-in, and not for a repeat.
	InsertCheckIn(ctx context.Context, r Record, audit core.AuditEntry, n core.Notification) (Record, bool, error)
	// FindRecord returns ENotFound when there is no record.
	FindRecord(ctx context.Context, orgID, employeeID int64, d core.Date) (Record, error)
	// LatestRecord returns the person's most recent record with a work date
	// in [from, to], ENotFound when none.
	LatestRecord(ctx context.Context, orgID, employeeID int64, from, to core.Date) (Record, error)
	// SaveRecord inserts or updates the record for its person and work date,
	// with its audit row and notification n (none when its RecipientID is 0).
	SaveRecord(ctx context.Context, r Record, audit core.AuditEntry, n core.Notification) (Record, error)
	ListRecords(ctx context.Context, orgID int64, employeeIDs []int64, from, to core.Date) ([]Record, error)
	// CloseMissingCheckouts closes open records whose planned end (or, for
	// work on a day off, whose check-in) lies before the cutoff its org's
	// policy sets relative to now, and returns how many it closed.
	CloseMissingCheckouts(ctx context.Context, now time.Time) (int, error)

	// CreateCorrection stores a pending correction; EConflict when the same
	// punch already has one pending, ErrCorrectionLimit (and nothing
	// stored) when limit.Max > 0 and the person already has that many
	// pending or approved corrections of days in [limit.From, limit.To].
	// Concurrent requests of one person are counted one after the other.
	CreateCorrection(ctx context.Context, c Correction, limit CorrectionLimit, audit core.AuditEntry, n core.Notification) (Correction, error)
	// CountCorrections counts a person's pending and approved corrections
	// of days in [from, to].
	CountCorrections(ctx context.Context, orgID, employeeID int64, from, to core.Date) (int, error)
	// FindCorrection returns ENotFound when the org has no such correction.
	FindCorrection(ctx context.Context, orgID, id int64) (Correction, error)
	// DecideCorrection records the decision only if the correction is still
	// pending (EConflict otherwise) and, when rec is not nil, saves it.
	DecideCorrection(ctx context.Context, c Correction, rec *Record, audits []core.AuditEntry, n core.Notification) error
	// ListCorrections returns an org's corrections in a status, optionally for one approver (0 for all).
	ListCorrections(ctx context.Context, orgID int64, status CorrectionStatus, approverID int64) ([]Correction, error)

	// ListEmployees returns an org's active employees, only the direct
	// reports of managerID unless it is 0.
	ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error)
	// LeaveDays returns the dates of approved leave of some people (nil: all) in [from, to].
	LeaveDays(ctx context.Context, orgID int64, employeeIDs []int64, from, to core.Date) (map[int64]map[core.Date]bool, error)
	// FindEmployeeByID returns ENotFound when the org has no such person.
	FindEmployeeByID(ctx context.Context, orgID, id int64) (core.Employee, error)
	// FindApprover returns who approves for e: their manager, else an HR
	// person or admin of the org other than e. ENotFound when nobody can.
	FindApprover(ctx context.Context, e core.Employee) (core.Employee, error)
}
