package core

import "time"

// CoverRequest is a need for cover: a job over a time window, for one or
// more people, opened by approved leave or by a manager.
type CoverRequest struct {
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
	CoverOpen      = "open"
	CoverFilled    = "filled"
	CoverCancelled = "cancelled"
)

// Minutes is the request's length.
func (r CoverRequest) Minutes() int { return int(r.End.Sub(r.Start) / time.Minute) }

// CoverAssignment is one person covering one request.
type CoverAssignment struct {
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

// CoverReport is a month of cover in an org: who covered how much and how
// well, and how mixed each job's hours really are.
type CoverReport struct {
	Month  Date
	People []CoverPersonStat
	Jobs   []CoverJobStat
}

// CoverPersonStat is one person's cover in a month.
type CoverPersonStat struct {
	EmployeeID     int64
	Key, Name      string
	Job            string
	Covers         int
	PlannedMinutes int
	ActualMinutes  int // checked in and out within the cover's hours
	Rating         float64
	Ratings        int
}

// CoverJobStat is how much of a job's hours people of other jobs did.
type CoverJobStat struct {
	Job             string
	TotalMinutes    int // worked by the job's own people, plus cover for it
	OtherJobMinutes int // cover for it by people whose job is another
	OtherJobShare   float64
}
