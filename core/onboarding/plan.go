package onboarding

import (
	"sort"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Newcomer is what a checklist is planned from: a person just hired, the
// org's onboarding policy and the colleagues a buddy is chosen among.
type Newcomer struct {
	Org    core.Org
	Person core.Employee
	Hired  core.EmployeeHired
	// AddedOn is the org's day the person was added: day one for someone
	// hired at the staff desk without a hire date.
	AddedOn    core.Date
	Policy     Policy
	Colleagues []core.Employee // the org's active people
}

// Why a hire gets no checklist (the reason of the onboarding.skip audit row).
const (
	SkipInactive    = "inactive"       // they left before the checklist was made
	SkipNoChecklist = "no_checklist"   // the org file has none for their job, nor a default
	SkipNoHireDate  = "no_hire_date"   // the org file added them without a hire date: someone long there
	SkipPast        = "all_tasks_past" // every task's day passed before they were added: long there
)

// QuizPlan is a quiz to assign on hire, with the day it is due.
type QuizPlan struct {
	Code string
	Due  core.Date
}

// Plan is the checklist a hire gets, or why none.
type Plan struct {
	Checklist Checklist
	Quizzes   []QuizPlan
	Skip      string // "" when there is a checklist
}

// PlanChecklist decides the onboarding checklist of a newcomer on today
// (the org's day): the template of their job, due dates counted from
// their hire date, the buddy by the rules, an owner for every task. The
// hire date is day one; without one, the day they were added — except for
// people the org file adds, which also lists people who have been there
// for years: those are onboarded only with a hire date. Someone whose
// every task fell due before today gets none either.
func PlanChecklist(n Newcomer, today core.Date) Plan {
	p := n.Person
	if p.Status != core.StatusActive {
		return Plan{Skip: SkipInactive}
	}
	tpl, ok := n.Policy.Template(KindOnboarding, p.Job)
	if !ok || len(tpl.Tasks) == 0 {
		return Plan{Skip: SkipNoChecklist}
	}
	anchor := n.AddedOn
	switch {
	case !p.HireDate.IsZero():
		anchor = core.DateOf(p.HireDate)
	case n.Hired.Via == core.HiredViaOrgFile:
		return Plan{Skip: SkipNoHireDate}
	}
	last := anchor.AddDays(tpl.Tasks[0].Day)
	for _, t := range tpl.Tasks {
		if d := anchor.AddDays(t.Day); d.After(last) {
			last = d
		}
	}
	if last.Before(today) {
		return Plan{Skip: SkipPast}
	}
	c := Checklist{OrgID: n.Org.ID, Kind: KindOnboarding, Person: p, Job: tpl.Job, Anchor: anchor, CreatedOn: today}
	c.Buddy = chooseBuddy(n, tpl)
	var out Plan
	for i, t := range tpl.Tasks {
		task := Task{Position: i + 1, Title: t.Title, Owner: t.Owner, Due: anchor.AddDays(t.Day), Quiz: t.Quiz,
			PersonID: p.ID, PersonKey: p.Key, PersonName: p.Name}
		switch t.Owner {
		case OwnerManager:
			task.OwnerID = p.ManagerID
		case OwnerPerson:
			task.OwnerID = p.ID
		case OwnerBuddy:
			if c.Buddy != nil {
				task.OwnerID = c.Buddy.BuddyID
			}
		}
		c.Tasks = append(c.Tasks, task)
		if t.Quiz != "" {
			out.Quizzes = append(out.Quizzes, QuizPlan{Code: t.Quiz, Due: task.Due})
		}
	}
	out.Checklist = c
	return out
}

// chooseBuddy picks the newcomer's buddy: the one their team names, else
// the checklist's rule — a named colleague, or the colleague of the same
// job longest with the org. A named buddy who has left (or is the
// newcomer) gives way to the most tenured colleague; nobody suitable, no
// buddy.
func chooseBuddy(n Newcomer, tpl Template) *Buddy {
	p := n.Person
	find := func(key string) (core.Employee, bool) {
		for _, e := range n.Colleagues {
			if e.Key == key && e.ID != p.ID && e.Status == core.StatusActive {
				return e, true
			}
		}
		return core.Employee{}, false
	}
	appoint := func(e core.Employee, rule string) *Buddy {
		since := core.DateOf(p.HireDate)
		if p.HireDate.IsZero() {
			since = n.AddedOn
		}
		return &Buddy{EmployeeID: p.ID, BuddyID: e.ID, BuddyKey: e.Key, BuddyName: e.Name, Since: since, Rule: rule}
	}
	if key := n.Policy.TeamBuddies[p.TeamKey]; key != "" && p.TeamKey != "" {
		if e, ok := find(key); ok {
			return appoint(e, "team")
		}
	}
	switch tpl.Buddy {
	case "":
		return nil
	case BuddyMostTenured:
	default:
		if e, ok := find(tpl.Buddy); ok {
			return appoint(e, "named")
		}
	}
	if e, ok := mostTenured(n.Colleagues, p); ok {
		return appoint(e, BuddyMostTenured)
	}
	return nil
}

// mostTenured is the active colleague of p's job hired longest ago (the
// lower id first between two hired the same day); people without a hire
// date do not count, their tenure being unknown.
func mostTenured(people []core.Employee, p core.Employee) (core.Employee, bool) {
	if p.Job == "" {
		return core.Employee{}, false
	}
	var cands []core.Employee
	for _, e := range people {
		if e.ID != p.ID && e.Job == p.Job && e.Status == core.StatusActive && !e.HireDate.IsZero() {
			cands = append(cands, e)
		}
	}
	if len(cands) == 0 {
		return core.Employee{}, false
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		return a.HireDate.Before(b.HireDate) || a.HireDate.Equal(b.HireDate) && a.ID < b.ID
	})
	return cands[0], true
}

// endOfDay is the last minute of d in loc: a quiz due on a task's day may
// be taken until that evening.
func endOfDay(d core.Date, loc *time.Location) time.Time {
	return d.AddDays(1).In(loc).Add(-time.Minute)
}
