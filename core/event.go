package core

import "time"

// Domain event kinds: facts one feature writes with its change for
// another to act on later, each with one payload type that producer and
// consumer share.
const (
	// EventShiftUncovered: approved leave takes someone off a staffed
	// shift (published by leave, consumed by the cover pool). Payload:
	// ShiftUncovered.
	EventShiftUncovered = "shift.uncovered"
	// EventEmployeeHired: someone was added to an org as an active
	// employee (published by every store write that creates people: the
	// staff desk's hire and staff list, the org file, an accepted job
	// offer (recruiting, Via HiredViaStaff); consumed by
	// onboarding). Payload: EmployeeHired.
	EventEmployeeHired = "employee.hired"
	// EventEmployeeLeaving: a person's leaving was approved — their
	// resignation, or HR ending their employment (published by the
	// leaving store; consumed by onboarding, which makes the offboarding
	// checklist). Payload: EmployeeLeaving.
	EventEmployeeLeaving = "employee.leaving"
)

// How a hire was made (EmployeeHired.Via).
const (
	HiredViaStaff   = "staff"   // the staff desk: a hire or a staff list
	HiredViaOrgFile = "orgfile" // an org file, which also lists people long there
)

// EmployeeHired is the payload of EventEmployeeHired.
type EmployeeHired struct {
	EmployeeID int64  `json:"employee_id"`
	Employee   string `json:"employee"`
	// ByID is who added them; 0 for an org file applied from the command
	// line.
	ByID    int64  `json:"by,omitempty"`
	Via     string `json:"via"`
	Channel string `json:"channel,omitempty"`
}

// EmployeeLeaving is the payload of EventEmployeeLeaving.
type EmployeeLeaving struct {
	EmployeeID    int64  `json:"employee_id"`
	Employee      string `json:"employee"`
	ResignationID int64  `json:"resignation"`
	LastDay       string `json:"last_day"` // YYYY-MM-DD
	// ByID is who approved it (HR, for an ending of employment).
	ByID int64 `json:"by,omitempty"`
}

// ShiftUncovered is the payload of EventShiftUncovered.
type ShiftUncovered struct {
	OrgID        int64     `json:"-"` // the event's org, not part of the payload
	Employee     string    `json:"employee"`
	EmployeeID   int64     `json:"employee_id"`
	Date         string    `json:"date"`
	Shift        string    `json:"shift"`
	Job          string    `json:"job"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	LeaveRequest int64     `json:"leave_request"`
	// ManagerID is who asks for the cover; 0: the absent person's manager.
	ManagerID int64 `json:"manager_id,omitempty"`
}
