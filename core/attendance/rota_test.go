package attendance

import (
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/calendar"
)

// rotaPeople is an org of two teams: a manager of team a with one report
// in team b, HR, and three more people.
func rotaPeople() ([]core.Team, []core.Employee) {
	teams := []core.Team{{ID: 1, Key: "a", Name: "A"}, {ID: 2, Key: "b", Name: "B"}, {ID: 3, Key: "c", Name: "C"}}
	p := func(id int64, key string, role core.Role, team, manager int64) core.Employee {
		e := core.Employee{ID: id, OrgID: 1, Key: key, Name: key, Role: role, TeamID: team, ManagerID: manager, Status: core.StatusActive}
		if team != 0 {
			e.TeamKey = teams[team-1].Key
		}
		return e
	}
	return teams, []core.Employee{
		p(1, "boss", core.RoleManager, 1, 0),
		p(2, "amy", core.RoleEmployee, 1, 1),
		p(3, "ben", core.RoleEmployee, 2, 1), // boss's report in team b
		p(4, "cat", core.RoleEmployee, 2, 0),
		p(5, "dan", core.RoleEmployee, 3, 0),
		p(6, "hr", core.RoleHR, 0, 0),
		p(7, "eve", core.RoleEmployee, 0, 1), // boss's report in no team
	}
}

func TestRotaScope(t *testing.T) {
	t.Parallel()
	teams, people := rotaPeople()
	member := func(i int) core.Member { return core.Member{Employee: people[i], Org: core.Org{ID: 1}} }
	for _, c := range []struct {
		name       string
		actor      core.Member
		team       string
		wantTeams  string
		wantPeople string // by team, then key; "" for an error
		wantErr    string
	}{
		{"HRAll", member(5), "", "a b c", "amy ben boss cat dan eve hr", ""},
		{"HRTeam", member(5), "b", "a b c", "ben cat", ""},
		{"ManagerOwn", member(0), "", "a b", "amy ben boss cat eve", ""},
		{"ManagerReportsTeam", member(0), "b", "a b", "ben cat", ""},
		{"ManagerOtherTeam", member(0), "c", "", "", "rota.team_unknown"},
		{"EmployeeSelf", member(1), "", "a", "amy", ""},
		{"EmployeeOwnTeam", member(1), "a", "a", "amy", ""},
		{"EmployeeOtherTeam", member(1), "b", "", "", "rota.team_unknown"},
		{"Unknown", member(5), "zz", "", "", "rota.team_unknown"},
	} {
		t.Run(c.name, func(t *testing.T) {
			offered, shown, err := rotaScope(c.actor, people, teams, c.team)
			if c.wantErr != "" {
				if e, ok := core.AsError(err); !ok || e.Key != c.wantErr {
					t.Fatalf("err %v, want %s", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ts, ps []string
			for _, tm := range offered {
				ts = append(ts, tm.Key)
			}
			for _, e := range shown {
				ps = append(ps, e.Key)
			}
			// Rows come team by team: compare as sets within the order rule.
			if got := strings.Join(ts, " "); got != c.wantTeams {
				t.Errorf("teams %q, want %q", got, c.wantTeams)
			}
			if got := sortedKeys(ps); got != c.wantPeople {
				t.Errorf("people %q, want %q", got, c.wantPeople)
			}
			for i := 1; i < len(shown); i++ {
				a, b := shown[i-1].TeamKey, shown[i].TeamKey
				if a == "" && b != "" || a != "" && b != "" && a > b {
					t.Errorf("rows not team by team: %v", ps)
				}
			}
		})
	}
}

func sortedKeys(ks []string) string {
	out := append([]string(nil), ks...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return strings.Join(out, " ")
}

// The grid is PlanFor day by day, with overrides, leave (its type hidden
// from who may not see the person), covers and days before the start marked.
func TestBuildRota(t *testing.T) {
	t.Parallel()
	s := testSetup()
	boss := core.Employee{ID: 1, OrgID: 1, Key: "boss", Role: core.RoleManager, Status: core.StatusActive}
	amy := core.Employee{ID: 2, OrgID: 1, Key: "amy", ScheduleKey: "ab", ManagerID: 1, Status: core.StatusActive}
	bea := core.Employee{ID: 3, OrgID: 1, Key: "bea", ScheduleKey: "ab", RotationOffset: 1, Status: core.StatusActive,
		HireDate: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)}
	actor := core.Member{Employee: boss, Org: core.Org{ID: 1, TimeZone: "Asia/Shanghai"}}
	from, to := core.NewDate(2026, 11, 1), core.NewDate(2026, 11, 30)
	leave := []LeaveMark{
		{EmployeeID: 2, Date: core.NewDate(2026, 11, 3), Type: "sick", TypeName: "Sick", Part: "morning"},
		{EmployeeID: 3, Date: core.NewDate(2026, 11, 16), Type: "sick", TypeName: "Sick", Part: "full"},
	}
	covers := []CoverWork{{EmployeeID: 2, Job: "cs", Start: time.Date(2026, 11, 7, 1, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 7, 9, 0, 0, 0, time.UTC)}}
	days, rows := buildRota(s, actor, []core.Employee{amy, bea}, from, to, sortedShifts(s), s.standard(), leave, covers)
	if len(days) != 30 || len(rows) != 2 || len(rows[0].Cells) != 30 {
		t.Fatalf("%d days, %d rows", len(days), len(rows))
	}
	if days[6].Kind != calendar.RestDay || days[1].Kind != calendar.Workday {
		t.Errorf("Nov 7 is %v, Nov 2 %v", days[6].Kind, days[1].Kind)
	}
	if !rows[0].Editable || rows[1].Editable {
		t.Errorf("editable: amy %v (boss's report), bea %v (not)", rows[0].Editable, rows[1].Editable)
	}
	cell := func(r, day int) RotaCell { return rows[r].Cells[day-1] }
	for _, c := range []struct {
		name       string
		cell       RotaCell
		shift      string // "off" for a day off
		overridden bool
	}{
		{"AmyWeekA", cell(0, 2), "morning", false},
		{"AmyWeekB", cell(0, 9), "evening", false},
		{"AmySaturday", cell(0, 7), "off", false},
		{"AmyOverride", cell(0, 25), "evening", true}, // week A, overridden to evening
		{"BeaBeforeHire", cell(1, 2), "off", false},
		{"BeaWeekA", cell(1, 16), "evening", false}, // offset 1: week B on A's weeks
	} {
		t.Run(c.name, func(t *testing.T) {
			got := "off"
			if c.cell.Working() {
				got = c.cell.Shift.Key
			}

			if got != c.shift || c.cell.Overridden != c.overridden {
				t.Errorf("%s overridden %v, want %s %v", got, c.cell.Overridden, c.shift, c.overridden)
			}
		})
	}
	// Every cell is what PlanFor (chat's plan) says.
	for _, row := range rows {
		for j, c := range row.Cells {
			p := s.PlanFor(row.Employee, days[j].Date)
			if c.NotStarted {
				continue
			}
			if p.Working != c.Working() || p.Working && (p.Shift.Key != c.Shift.Key || p.Hours() != c.Shift.Hours()) {
				t.Errorf("%s on %s: cell %+v, PlanFor %+v", row.Employee.Key, days[j].Date, c, p)
			}
		}
	}
	if c := cell(1, 2); !c.NotStarted || c.Working() {
		t.Errorf("before hire: %+v", c)
	}
	if l := cell(0, 3).Leave; l == nil || l.Type != "sick" || l.Part != "morning" {
		t.Errorf("amy's leave: %+v", l)
	}
	if l := cell(1, 16).Leave; l == nil || l.Type != "" || l.TypeName != "" {
		t.Errorf("bea's leave shown to a manager not hers: %+v, want it without its type", l)
	}
	if cv := cell(0, 7).Covers; len(cv) != 1 || cv[0].Job != "cs" {
		t.Errorf("amy's cover on Nov 7 (09:00 Shanghai): %+v", cv)
	}
}

// A day's change writes an override only when it differs from the
// schedule's plan, removes one that would agree with it, and does nothing
// when the plan is already what is asked.
func TestRotaChangeAdd(t *testing.T) {
	t.Parallel()
	s := testSetup()
	s.Overrides["amy@2026-11-18"] = "evening" // a week-A day: morning by the schedule
	amy := core.Employee{ID: 2, Key: "amy", ScheduleKey: "ab"}
	olga := core.Employee{ID: 3, Key: "olga"} // standard hours
	actor := core.Member{Employee: core.Employee{ID: 1}, Org: core.Org{ID: 1}}
	mon, sat, overridden := core.NewDate(2026, 11, 16), core.NewDate(2026, 11, 21), core.NewDate(2026, 11, 18)
	for _, c := range []struct {
		name  string
		e     core.Employee
		day   core.Date
		shift string
		clear bool
		want  string // "" nothing, "remove", or "set:KEY"
	}{
		{"SameAsSchedule", amy, mon, "morning", false, ""},
		{"OtherShift", amy, mon, "evening", false, "set:evening"},
		{"OffOnWorkday", amy, mon, "", false, "set:"},
		{"OffOnDayOff", amy, sat, "", false, ""},
		{"WorkOnDayOff", amy, sat, "morning", false, "set:morning"},
		{"BackToSchedule", amy, overridden, "morning", false, "remove"},
		{"SameOverride", amy, overridden, "evening", false, ""},
		{"ClearOverride", amy, overridden, "", true, "remove"},
		{"ClearNothing", amy, mon, "", true, ""},
		{"StandardOff", olga, mon, "", false, "set:"},
		{"StandardShift", olga, mon, "morning", false, "set:morning"},
		{"StandardWeekend", olga, sat, "", false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var ch RotaChange
			ch.add(s, actor, c.e, c.day, c.shift, c.clear, AuditRotaSetDay, "test", time.Now(), nil)
			got := ""
			switch {
			case len(ch.Days) > 1:
				t.Fatalf("%d changes", len(ch.Days))
			case len(ch.Days) == 1 && ch.Days[0].Remove:
				got = "remove"
			case len(ch.Days) == 1:
				got = "set:" + ch.Days[0].Shift
			}
			if got != c.want || len(ch.Audits) != len(ch.Days) {
				t.Errorf("%q with %d audits, want %q", got, len(ch.Audits), c.want)
			}
		})
	}
}
