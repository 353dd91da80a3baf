package attendance

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/calendar"
)

// Rota is a month of plans, person by day, as the console's schedule page
// shows it. Every cell is the plan chat's /today, check-in judgments and
// reminders use for that person and day (Setup.PlanFor), so the grid and
// the bot never disagree.
type Rota struct {
	Month core.Date // the month's first day
	Today core.Date // in the org's time zone: days before it cannot be changed
	// Team is the key of the team shown; "" when the rows are everyone
	// the actor may see (all people for HR and admins).
	Team string
	// Teams are the teams the actor may pick, by key.
	Teams []core.Team
	// Shifts and Schedules are the org's, for pickers: shifts by start
	// time then key, schedules by key.
	Shifts    []Shift
	Schedules []Schedule
	Days      []RotaDay
	Rows      []RotaRow
}

// RotaDay is one day of the month as the org's calendar has it.
type RotaDay struct {
	Date core.Date
	// Kind is a workday, a rest day (weekend), a public holiday or a
	// make-up working day (调休上班).
	Kind        calendar.Kind
	HolidayName string // names a public holiday or make-up day
	Statutory   bool
}

// RotaRow is one person's month.
type RotaRow struct {
	Employee core.Employee
	// Editable says whether the actor may change this person's days
	// (core.ActionRotaEdit).
	Editable bool
	Cells    []RotaCell // one per day of Rota.Days
}

// RotaCell is one person's day.
type RotaCell struct {
	// Plan is what the person is planned to work: Plan.Working false is a
	// day off; a working plan with Shift.Key "" is the standard hours.
	Plan Plan
	// Overridden is set when the day's plan is an override (from the org
	// file or a change made on the rota) rather than the schedule's.
	Overridden bool
	// NotStarted is set before the person's hire date or the org's
	// go-live: nobody is expected then, so the plan shows off.
	NotStarted bool
	Leave      *LeaveMark  // approved leave that day, nil when none
	Covers     []CoverWork // covers the person accepted that start that day
}

// LeaveMark is approved leave on one day.
type LeaveMark struct {
	EmployeeID int64
	Date       core.Date
	// Type and TypeName are blank when the actor may not see the person's
	// records (a manager looking at a colleague's team): the leave shows,
	// its kind (sick leave, say) does not.
	Type, TypeName string
	Part           string // "full", "morning" or "afternoon"
}

// CoverWork is a cover someone accepted.
type CoverWork struct {
	EmployeeID int64
	Job        string
	Start, End time.Time
}

// RotaQuery asks for what a month's rota needs besides the org's setup.
type RotaQuery struct {
	OrgID    int64
	From, To core.Date // the days, inclusive
	// Start and End bound the covers: those starting in [Start, End).
	Start, End time.Time
}

// RotaData is what storage reads for a rota, the whole org at once.
type RotaData struct {
	Version int64 // the org's config version as read
	Teams   []core.Team
	People  []core.Employee // active, by key
	Leave   []LeaveMark
	Covers  []CoverWork
}

// RotaStore is what the rota needs from storage. Methods that change
// state write their audit rows in the same transaction.
type RotaStore interface {
	// RotaData reads the org's teams, active people, approved leave by day
	// and the covers its people accepted, in one round trip.
	RotaData(ctx context.Context, q RotaQuery) (RotaData, error)
	// FindEmployeeByKey returns ENotFound when the org has no such person.
	FindEmployeeByKey(ctx context.Context, orgID int64, key string) (core.Employee, error)
	// ConfigVersion returns the org's config version.
	ConfigVersion(ctx context.Context, orgID int64) (int64, error)
	// SaveRota writes a change of the plan and its audit rows and bumps the
	// org's config version, so that every cached Setup is read again. It
	// fails with ErrRotaChanged, writing nothing, when the version is no
	// longer version: the change was worked out on an older plan.
	SaveRota(ctx context.Context, orgID, version int64, ch RotaChange) error
}

// RotaChange is one change of the plan, made together.
type RotaChange struct {
	Days   []DayChange
	Assign *Assignment
	Audits []core.AuditEntry
}

// DayChange sets or removes one person's override on one date.
type DayChange struct {
	EmployeeID int64
	Date       core.Date
	Remove     bool   // drop the override: the schedule's plan applies
	Shift      string // the override's shift key; "" is a day off
}

// Assignment puts a person on a schedule ("" for the standard hours) at a
// rotation offset.
type Assignment struct {
	EmployeeID int64
	Schedule   string
	Offset     int
}

// ErrRotaChanged is what SaveRota returns when the plan changed since it was read.
var ErrRotaChanged = core.Errorf(core.EConflict, "rota.changed", "the rota changed meanwhile: reload it and try again")

// Rota returns the month containing month of the team with teamKey: the
// month's days and, for each person shown, their plan every day with the
// override, approved leave and covers that day. Which people: HR and
// admins see everyone ("" shows the whole org); a manager sees the teams
// they or their direct reports belong to, and their direct reports ("" shows
// all of those); an employee sees their own row only. Errors: ENotFound
// (rota.team_unknown: a team the actor may not pick), EForbidden (the
// actor has left).
func (s *Service) Rota(ctx context.Context, actor core.Member, teamKey string, month core.Date) (Rota, error) {
	if err := core.Authorize(actor, core.ActionEmployeeView, &actor.Employee); err != nil {
		return Rota{}, err
	}
	setup, err := s.Setup(ctx, actor.Org)
	if err != nil {
		return Rota{}, err
	}
	from, to := month.MonthStart(), month.MonthEnd()
	data, err := s.store.RotaData(ctx, RotaQuery{OrgID: actor.Org.ID, From: from, To: to,
		Start: from.In(setup.Location), End: to.AddDays(1).In(setup.Location)})
	if err != nil {
		return Rota{}, fmt.Errorf("rota of %s: %w", actor.Org.Key, err)
	}
	if data.Version != setup.Version {
		// The actor was read before the latest change: plan by the latest.
		org := actor.Org
		org.ConfigVersion = data.Version
		if setup, err = s.Setup(ctx, org); err != nil {
			return Rota{}, err
		}
	}
	teams, people, err := rotaScope(actor, data.People, data.Teams, teamKey)
	if err != nil {
		return Rota{}, err
	}
	r := Rota{Month: from, Today: setup.Today(s.clock.Now()), Team: teamKey, Teams: teams,
		Shifts: sortedShifts(setup), Schedules: sortedSchedules(setup)}
	r.Days, r.Rows = buildRota(setup, actor, people, from, to, data.Leave, data.Covers)
	return r, nil
}

// rotaScope picks the teams actor may choose from and the people shown
// for teamKey (see Rota).
func rotaScope(actor core.Member, people []core.Employee, teams []core.Team, teamKey string) ([]core.Team, []core.Employee, error) {
	a := actor.Employee
	staff := a.Role == core.RoleHR || a.Role == core.RoleAdmin
	var seen func(e core.Employee) bool
	teamOK := map[int64]bool{}
	switch {
	case staff:
		seen = func(core.Employee) bool { return true }
		for _, t := range teams {
			teamOK[t.ID] = true
		}
	case a.Role == core.RoleManager:
		teamOK[a.TeamID] = true
		for _, e := range people {
			if e.ManagerID == a.ID {
				teamOK[e.TeamID] = true
			}
		}
		seen = func(e core.Employee) bool {
			return e.ID == a.ID || e.ManagerID == a.ID || e.TeamID != 0 && teamOK[e.TeamID]
		}
	default:
		teamOK[a.TeamID] = true
		seen = func(e core.Employee) bool { return e.ID == a.ID }
	}
	var offered []core.Team
	var team *core.Team
	for i, t := range teams {
		if teamOK[t.ID] {
			offered = append(offered, t)
			if t.Key == teamKey {
				team = &teams[i]
			}
		}
	}
	if teamKey != "" && team == nil {
		return nil, nil, core.Errorf(core.ENotFound, "rota.team_unknown", "no team %q to show", teamKey).With("team", teamKey)
	}
	var shown []core.Employee
	for _, e := range people {
		if seen(e) && (team == nil || e.TeamID == team.ID) {
			shown = append(shown, e)
		}
	}
	// Several teams at once are shown team by team, people without a team last.
	sort.SliceStable(shown, func(i, j int) bool {
		ti, tj := shown[i].TeamKey, shown[j].TeamKey
		if (ti == "") != (tj == "") {
			return tj == ""
		}
		return ti < tj
	})
	return offered, shown, nil
}

// buildRota lays out the month's days and each person's cells.
func buildRota(setup *Setup, actor core.Member, people []core.Employee, from, to core.Date,
	leave []LeaveMark, covers []CoverWork) ([]RotaDay, []RotaRow) {
	var days []RotaDay
	for d := from; !d.After(to); d = d.AddDays(1) {
		days = append(days, RotaDay{Date: d, Kind: setup.Calendar.Kind(d), HolidayName: setup.Calendar.Name(d),
			Statutory: setup.Calendar.IsStatutoryHoliday(d)})
	}
	type key struct {
		emp int64
		day int
	}
	leaveOf := make(map[key]LeaveMark, len(leave))
	for _, l := range leave {
		leaveOf[key{l.EmployeeID, from.DaysUntil(l.Date)}] = l
	}
	coversOf := map[key][]CoverWork{}
	for _, c := range covers {
		k := key{c.EmployeeID, from.DaysUntil(core.DateOf(c.Start.In(setup.Location)))}
		coversOf[k] = append(coversOf[k], c)
	}
	rows := make([]RotaRow, len(people))
	for i, e := range people {
		row := RotaRow{Employee: e, Editable: core.Authorize(actor, core.ActionRotaEdit, &e) == nil, Cells: make([]RotaCell, len(days))}
		private := core.Authorize(actor, core.ActionEmployeeView, &e) != nil
		start, _ := StartOf(actor.Org, e)
		for j, day := range days {
			c := &row.Cells[j]
			c.Plan = setup.PlanFor(e, day.Date)
			_, c.Overridden = setup.Override(e.Key, day.Date)
			if day.Date.Before(start) {
				c.NotStarted, c.Plan.Working, c.Plan.Shift = true, false, Shift{}
				c.Plan.Start, c.Plan.End = time.Time{}, time.Time{}
			}
			if l, ok := leaveOf[key{e.ID, j}]; ok {
				if private {
					l.Type, l.TypeName = "", ""
				}
				c.Leave = &l
			}
			c.Covers = coversOf[key{e.ID, j}]
		}
		rows[i] = row
	}
	return days, rows
}

func sortedShifts(setup *Setup) []Shift {
	out := make([]Shift, 0, len(setup.Shifts))
	for _, sh := range setup.Shifts {
		out = append(out, sh)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func sortedSchedules(setup *Setup) []Schedule {
	out := make([]Schedule, 0, len(setup.Schedules))
	for _, sc := range setup.Schedules {
		out = append(out, sc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
