package cover

import (
	"time"

	"github.com/hrbot/hrbot/core"
)

// Request is a need for cover: a job over a time window, for one or
// more people, opened by approved leave or by a manager.
type Request struct {
	ID     int64
	OrgID  int64
	Job    string
	Start  time.Time
	End    time.Time
	Needed int
	Filled int
	Reason string
	// Source is "leave" (approved leave uncovered a staffed shift) or "manual".
	Source         string
	LeaveRequestID int64
	AbsentID       int64 // the person on leave; 0 for a manual request
	ShiftKey       string
	RequestedBy    int64  // the manager who asked, or the absent person's manager
	Status         string // open, filled, cancelled
	Wave           int
	WaveAt         time.Time // when the last wave of offers went out
	EscalatedAt    time.Time
	CreatedAt      time.Time
}

// Cover request statuses.
const (
	StatusOpen      = "open"
	StatusFilled    = "filled"
	StatusCancelled = "cancelled"
)

// Minutes is the request's length.
func (r Request) Minutes() int { return int(r.End.Sub(r.Start) / time.Minute) }

// Assignment is one person covering one request.
type Assignment struct {
	ID            int64
	RequestID     int64
	OrgID         int64 // the request's org
	EmployeeID    int64
	EmployeeOrgID int64
	EmployeeName  string
	Job           string
	Start, End    time.Time
	AcceptedAt    time.Time
	Rating        int // 0 until rated
	Comment       string
}

// Report is a month of cover in an org: who covered how much and how
// well, and how mixed each job's hours really are.
type Report struct {
	Month  core.Date
	People []PersonStat
	Jobs   []JobStat
}

// PersonStat is one person's cover in a month.
type PersonStat struct {
	EmployeeID     int64
	Key, Name      string
	Job            string
	Covers         int
	PlannedMinutes int
	ActualMinutes  int // checked in and out within the cover's hours
	Rating         float64
	Ratings        int
}

// JobStat is how much of a job's hours people of other jobs did.
type JobStat struct {
	Job             string
	TotalMinutes    int // worked by the job's own people, plus cover for it
	OtherJobMinutes int // cover for it by people whose job is another
	OtherJobShare   float64
}
