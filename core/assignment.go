package core

import (
	"slices"
)

// Assignment is where a person works from a date on — job, team, manager
// and shift schedule — as a transfer (调岗) sets it. An org's assignments,
// its History, let a rule about one day read the person as they were, or
// will be, on that day: the employee record holds only the present.
type Assignment struct {
	EmployeeID int64
	// From is the first day; zero means since the person joined.
	From           Date
	Job            string
	TeamID         int64
	TeamKey        string
	TeamName       string
	ManagerID      int64
	ManagerKey     string
	ManagerName    string
	ScheduleKey    string
	RotationOffset int
	// Current marks the person's present assignment: their employee
	// record holds its values (and may have been edited since), so the
	// record, not the row, is read for its days.
	Current bool
	// Scheduled marks a transfer approved but not yet in effect: its
	// values over the employee record from its day on.
	Scheduled bool
}

// History is an org's assignments by employee id, each person's in order
// of From. A person without rows was never transferred: their record is
// right for every day.
type History map[int64][]Assignment

// Add puts a in its person's rows, keeping them in order of From.
func (h History) Add(a Assignment) {
	rows := append(h[a.EmployeeID], a)
	slices.SortStableFunc(rows, func(x, y Assignment) int { return x.From.Compare(y.From) })
	h[a.EmployeeID] = rows
}

// On returns e as assigned on d: e itself for the days of their present
// assignment (and before any row), otherwise e with the job, team,
// manager and schedule of the assignment d falls in — an earlier one for
// a day before a transfer took effect, an approved one for a day from its
// effective date on.
func (h History) On(e Employee, d Date) Employee {
	rows := h[e.ID]
	if len(rows) == 0 {
		return e
	}
	i := -1
	for j := range rows {
		if rows[j].From.IsZero() || !rows[j].From.After(d) {
			i = j
		}
	}
	if i < 0 || rows[i].Current {
		return e
	}
	a := rows[i]
	e.Job, e.TeamID, e.TeamKey, e.TeamName = a.Job, a.TeamID, a.TeamKey, a.TeamName
	e.ManagerID, e.ManagerKey, e.ManagerName = a.ManagerID, a.ManagerKey, a.ManagerName
	e.ScheduleKey, e.RotationOffset = a.ScheduleKey, a.RotationOffset
	return e
}

// Changes returns the days after from, up to to, on which someone's
// assignment changes, in order and each once: where a period has to be
// cut so that each part reads one assignment per person.
func (h History) Changes(from, to Date) []Date {
	var out []Date
	for _, rows := range h {
		for _, a := range rows {
			if !a.From.IsZero() && a.From.After(from) && !a.From.After(to) && !slices.Contains(out, a.From) {
				out = append(out, a.From)
			}
		}
	}
	slices.SortFunc(out, func(a, b Date) int { return a.Compare(b) })
	return out
}
