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
	// Standard is the org's standard hours (Key ""), for people without
	// a schedule on working days.
	Standard *Shift
	Days     []RotaDay
	Rows     []RotaRow
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
	// Shift is the planned shift, nil on a day off. It points into
	// Rota.Shifts, or is Rota.Standard for the org's standard hours.
	// The plan is Setup.PlanFor's (what chat says); its times are the
	// shift's on the cell's day.
	Shift *Shift
	// Overridden is set when the day's plan is an override (from the org
	// file or a change made on the rota) rather than the schedule's.
	Overridden bool
	// NotStarted is set before the person's hire date or the org's
	// go-live: nobody is expected then, so the day shows off.
	NotStarted bool
	Leave      *LeaveMark  // approved leave that day, nil when none
	Covers     []CoverWork // covers the person accepted that start that day
}

// Working reports whether the person is planned to work that day.
func (c RotaCell) Working() bool { return c.Shift != nil }

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
		Shifts: sortedShifts(setup), Schedules: sortedSchedules(setup), Standard: setup.standard()}
	r.Days, r.Rows = buildRota(setup, actor, people, from, to, r.Shifts, r.Standard, data.Leave, data.Covers)
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
	shifts []Shift, standard *Shift, leave []LeaveMark, covers []CoverWork) ([]RotaDay, []RotaRow) {
	byKey := make(map[string]*Shift, len(shifts))
	for i := range shifts {
		byKey[shifts[i].Key] = &shifts[i]
	}
	// The calendar's part of every plan, and the days as override keys
	// spell them, are the same for every person: worked out once.
	var days []RotaDay
	var bases []Plan
	var suffixes []string
	for d := from; !d.After(to); d = d.AddDays(1) {
		p := setup.day(d)
		bases = append(bases, p)
		suffixes = append(suffixes, "@"+d.String())
		days = append(days, RotaDay{Date: d, Kind: p.DayKind, HolidayName: p.HolidayName, Statutory: p.Statutory})
	}
	// Leave and covers are few beside the cells: placed person by person.
	leaveOf := map[int64][]LeaveMark{}
	for _, l := range leave {
		leaveOf[l.EmployeeID] = append(leaveOf[l.EmployeeID], l)
	}
	coversOf := map[int64][]CoverWork{}
	for _, c := range covers {
		coversOf[c.EmployeeID] = append(coversOf[c.EmployeeID], c)
	}
	rows := make([]RotaRow, len(people))
	cells := make([]RotaCell, len(people)*len(days)) // one allocation for the grid
	for i, e := range people {
		row := RotaRow{Employee: e, Editable: core.Authorize(actor, core.ActionRotaEdit, &e) == nil,
			Cells: cells[i*len(days) : (i+1)*len(days) : (i+1)*len(days)]}
		private := core.Authorize(actor, core.ActionEmployeeView, &e) != nil
		start, _ := StartOf(actor.Org, e)
		for j, day := range days {
			c := &row.Cells[j]
			// PlanFor's steps, with the per-day parts from above.
			shift, overridden := setup.Overrides[e.Key+suffixes[j]]
			p := setup.planOn(bases[j], e, shift, overridden)
			c.Overridden = overridden
			switch {
			case day.Date.Before(start):
				c.NotStarted = true
			case p.Working && p.Shift.Key == "":
				c.Shift = standard
			case p.Working:
				c.Shift = byKey[p.Shift.Key]
			}
		}
		for _, l := range leaveOf[e.ID] {
			if j := from.DaysUntil(l.Date); j >= 0 && j < len(days) {
				if private {
					l.Type, l.TypeName = "", ""
				}
				row.Cells[j].Leave = &l
			}
		}
		for _, c := range coversOf[e.ID] {
			if j := from.DaysUntil(core.DateOf(c.Start.In(setup.Location))); j >= 0 && j < len(days) {
				row.Cells[j].Covers = append(row.Cells[j].Covers, c)
			}
		}
		rows[i] = row
	}
	return days, rows
}

// standard is the org's standard hours as a shift.
func (s *Setup) standard() *Shift {
	return &Shift{Start: s.Policy.DayStart, End: s.Policy.DayEnd, BreakMinutes: s.Policy.DayBreak}
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
