package onboarding_test

import (
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/onboarding"
)

func person(id int64, key, job, team string, hired string) core.Employee {
	e := core.Employee{ID: id, OrgID: 1, Key: key, Name: key, Job: job, TeamKey: team, Status: core.StatusActive}
	if hired != "" {
		d, _ := core.ParseDate(hired)
		e.HireDate = d.UTC()
	}
	return e
}

var planTasks = []onboarding.TaskTemplate{
	{Title: onboarding.Text{"": "desk"}, Owner: onboarding.OwnerHR, Day: -2},
	{Title: onboarding.Text{"": "team"}, Owner: onboarding.OwnerManager, Day: 0},
	{Title: onboarding.Text{"": "quiz"}, Owner: onboarding.OwnerPerson, Day: 3, Quiz: "cs-1"},
	{Title: onboarding.Text{"": "shift"}, Owner: onboarding.OwnerBuddy, Day: 1},
}

// planToday is the day the plans below are made on.
var planToday = core.NewDate(2026, 11, 25)

// newcomers returns a maker of newcomers to a shop whose customer service
// (cs) has a checklist with the most tenured buddy and ops one with Ann,
// the kf team names Kim; the people are in the returned map by key.
func newcomers() (func(p core.Employee, via string) onboarding.Newcomer, map[string]core.Employee) {
	tasks := planTasks
	pol := onboarding.Policy{RemindAt: 540, TeamBuddies: map[string]string{"kf": "kim"}, Checklists: []onboarding.Template{
		{Kind: onboarding.KindOnboarding, Job: "cs", Buddy: onboarding.BuddyMostTenured, Tasks: tasks},
		{Kind: onboarding.KindOnboarding, Job: "ops", Buddy: "ann", Tasks: tasks[:2]},
	}}
	boss := person(1, "boss", "ops", "", "2019-01-01")
	ann := person(2, "ann", "cs", "", "2021-03-01")
	bea := person(3, "bea", "cs", "", "2021-03-01") // hired the same day as ann, a later id
	cid := person(4, "cid", "cs", "", "2018-01-01")
	cid.Status = core.StatusLeft // left: not a buddy whatever their tenure
	kim := person(5, "kim", "ops", "", "")
	nohire := person(6, "nohire", "cs", "", "") // tenure unknown
	people := []core.Employee{boss, ann, bea, cid, kim, nohire}
	byKey := map[string]core.Employee{}
	for _, p := range people {
		byKey[p.Key] = p
	}
	return func(p core.Employee, via string) onboarding.Newcomer {
		p.ManagerID = boss.ID
		return onboarding.Newcomer{Org: core.Org{ID: 1}, Person: p, Hired: core.EmployeeHired{Via: via}, AddedOn: planToday,
			Policy: pol, Colleagues: append(people, p)}
	}, byKey
}

func TestPlanChecklist(t *testing.T) {
	t.Parallel()
	newcomer, people := newcomers()
	boss, ann, today, tasks := people["boss"], people["ann"], planToday, planTasks

	t.Run("DueDatesOwnersAndMostTenured", func(t *testing.T) {
		p := onboarding.PlanChecklist(newcomer(person(9, "neo", "cs", "", "2026-12-01"), core.HiredViaStaff), today)
		c := p.Checklist
		if p.Skip != "" || c.Anchor != core.NewDate(2026, 12, 1) || len(c.Tasks) != 4 {
			t.Fatalf("plan %+v", p)
		}
		want := []struct {
			due   string
			owner int64
		}{{"2026-11-29", 0}, {"2026-12-01", boss.ID}, {"2026-12-04", 9}, {"2026-12-02", ann.ID}}
		for i, w := range want {
			if got := c.Tasks[i]; got.Due.String() != w.due || got.OwnerID != w.owner {
				t.Errorf("task %d: due %s owner %d, want %s %d", i, got.Due, got.OwnerID, w.due, w.owner)
			}
		}
		if c.Buddy == nil || c.Buddy.BuddyKey != "ann" || c.Buddy.Rule != onboarding.BuddyMostTenured || c.Buddy.Since != c.Anchor {
			t.Errorf("buddy %+v, want ann (longest here, the lower id of two hired the same day; cid left)", c.Buddy)
		}
		if len(p.Quizzes) != 1 || p.Quizzes[0] != (onboarding.QuizPlan{Code: "cs-1", Due: core.NewDate(2026, 12, 4)}) {
			t.Errorf("quizzes %+v", p.Quizzes)
		}
	})
	t.Run("TeamBuddyFirst", func(t *testing.T) {
		p := onboarding.PlanChecklist(newcomer(person(9, "neo", "cs", "kf", "2026-12-01"), core.HiredViaStaff), today)
		if b := p.Checklist.Buddy; b == nil || b.BuddyKey != "kim" || b.Rule != "team" {
			t.Errorf("buddy %+v, want kim named by the team", b)
		}
	})
	t.Run("NamedBuddy", func(t *testing.T) {
		p := onboarding.PlanChecklist(newcomer(person(9, "neo", "ops", "", "2026-12-01"), core.HiredViaStaff), today)
		if b := p.Checklist.Buddy; b == nil || b.BuddyKey != "ann" || b.Rule != "named" {
			t.Errorf("buddy %+v, want ann by name", b)
		}
	})
	t.Run("NoBuddyTaskFallsToHR", func(t *testing.T) {
		lone := newcomer(person(9, "neo", "cs", "", "2026-12-01"), core.HiredViaStaff)
		lone.Colleagues = []core.Employee{boss}
		p := onboarding.PlanChecklist(lone, today)
		if p.Checklist.Buddy != nil || p.Checklist.Tasks[3].OwnerID != 0 {
			t.Errorf("buddy %+v, buddy's task owner %d; want none and HR", p.Checklist.Buddy, p.Checklist.Tasks[3].OwnerID)
		}
	})
	t.Run("DefaultChecklist", func(t *testing.T) {
		n := newcomer(person(9, "neo", "finance", "", "2026-12-01"), core.HiredViaStaff)
		if p := onboarding.PlanChecklist(n, today); p.Skip != onboarding.SkipNoChecklist {
			t.Errorf("a job without a checklist and no default: %+v", p)
		}
		n.Policy.Checklists = append(n.Policy.Checklists, onboarding.Template{Kind: onboarding.KindOnboarding, Tasks: tasks[:1]})
		if p := onboarding.PlanChecklist(n, today); p.Skip != "" || p.Checklist.Job != "" || len(p.Checklist.Tasks) != 1 {
			t.Errorf("the default checklist: %+v", p)
		}
	})
}

// TestPlanDayOne: day one is the hire date, else the day added at the
// staff desk; the org file's people without one, or long there, get none.
func TestPlanDayOne(t *testing.T) {
	t.Parallel()
	newcomer, _ := newcomers()
	for _, tc := range []struct {
		name  string
		p     core.Employee
		via   string
		skip  string
		start string
	}{
		{"NoHireDateAtTheDesk", person(9, "neo", "cs", "", ""), core.HiredViaStaff, "", "2026-11-25"},
		{"NoHireDateInTheOrgFile", person(9, "neo", "cs", "", ""), core.HiredViaOrgFile, onboarding.SkipNoHireDate, ""},
		{"LongThere", person(9, "neo", "cs", "", "2025-01-01"), core.HiredViaOrgFile, onboarding.SkipPast, ""},
		{"HiredLastWeek", person(9, "neo", "cs", "", "2026-11-22"), core.HiredViaOrgFile, "", "2026-11-22"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := onboarding.PlanChecklist(newcomer(tc.p, tc.via), planToday)
			if p.Skip != tc.skip || tc.skip == "" && p.Checklist.Anchor.String() != tc.start {
				t.Errorf("skip %q day one %s, want %q %s", p.Skip, p.Checklist.Anchor, tc.skip, tc.start)
			}
		})
	}
}
