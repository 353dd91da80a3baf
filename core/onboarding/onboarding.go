// Package onboarding walks new people through their first weeks (入职):
// a checklist per job from the org file, made for each person when they
// are hired, with tasks for HR, their manager, themselves and a buddy —
// the seasoned colleague who shows them the ropes (资深员工带教), whose
// appointment is kept on record — each reminded to its owner on the day it
// is due and ticked off in chat or on the web; the quizzes of their job
// assigned on hire; and a welcome on day one with their shift and their
// buddy.
//
// The checklist engine is not tied to joining: templates, checklists and
// tasks carry a Kind, and an offboarding checklist (handover, equipment,
// final pay) is the same engine anchored on the last day instead of the
// hire date.
package onboarding

import (
	"time"

	"github.com/hrbot/hrbot/core"
)

// Kind is what a checklist walks someone through.
type Kind string

// Kinds of checklists. Only onboarding checklists are made today;
// offboarding ones reuse every part, anchored on the last day.
const (
	KindOnboarding  Kind = "onboarding"
	KindOffboarding Kind = "offboarding"
)

// Owner says who does a task, as a template names them; the person is
// found when the checklist is made.
type Owner string

// Owners of tasks.
const (
	OwnerHR      Owner = "hr"      // anyone with the role hr (admins when the org has no HR)
	OwnerManager Owner = "manager" // the person's manager; HR when they have none
	OwnerPerson  Owner = "person"  // the person the checklist is for: the new hire
	OwnerBuddy   Owner = "buddy"   // their buddy; HR when they have none
)

// Owners lists the owners a template may name.
func Owners() []Owner { return []Owner{OwnerHR, OwnerManager, OwnerPerson, OwnerBuddy} }

// Valid reports whether o is a known owner.
func (o Owner) Valid() bool {
	for _, x := range Owners() {
		if o == x {
			return true
		}
	}
	return false
}

// BuddyMostTenured is the buddy rule that picks the colleague of the same
// job who has been with the org longest.
const BuddyMostTenured = "most_tenured"

// DefaultRemindAt is when reminders and welcomes go out, in minutes after
// midnight in the org's time zone, when the org file does not say.
const DefaultRemindAt = 9 * 60

// Text is a text per language; one given for every language is under "".
type Text map[core.Locale]string

// In returns the text for a reader of loc: theirs, else the one for
// everyone, else the other language's.
func (t Text) In(loc core.Locale) string {
	if s := t[loc]; s != "" {
		return s
	}
	if s := t[""]; s != "" {
		return s
	}
	for _, l := range []core.Locale{core.LocaleZH, core.LocaleEN} {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

// TaskTemplate is one task of a template.
type TaskTemplate struct {
	Title Text
	Owner Owner
	// Day is the offset from the anchor day (the hire date): 0 is day
	// one, -2 two days before it.
	Day int
	// Quiz is the code of a quiz assigned on hire, due with the task; ""
	// for none.
	Quiz string
}

// Template is a checklist as the org file declares it for a job.
type Template struct {
	Kind Kind
	// Job is the job key it is for; "" is the default for every job
	// without one of its own.
	Job string
	// Buddy is who mentors the new person: a colleague's key,
	// BuddyMostTenured, or "" for nobody (unless their team names one).
	Buddy string
	Tasks []TaskTemplate
}

// Policy is an org's onboarding as its org file declares it. The zero
// Policy makes no checklists.
type Policy struct {
	// RemindAt is when, in minutes after midnight in the org's time zone,
	// tasks due that day are reminded and day one's welcome is sent.
	RemindAt   int
	Checklists []Template
	// TeamBuddies names a buddy for everyone joining a team (team key →
	// person key), before the checklist's own rule.
	TeamBuddies map[string]string
}

// Template returns the template of kind for job: its own, else the
// default.
func (p Policy) Template(kind Kind, job string) (Template, bool) {
	var def *Template
	for i, t := range p.Checklists {
		switch {
		case t.Kind != kind:
		case t.Job == job && job != "":
			return t, true
		case t.Job == "":
			def = &p.Checklists[i]
		}
	}
	if def != nil {
		return *def, true
	}
	return Template{}, false
}

// Buddy is a buddy's appointment (资深员工带教): who mentors whom, since
// when, chosen how. It is kept after the checklist is done.
type Buddy struct {
	EmployeeID int64
	BuddyID    int64
	BuddyKey   string
	BuddyName  string
	Since      core.Date
	Rule       string // how they were chosen: "team", "named" or "most_tenured"
}

// Checklist is one person's checklist.
type Checklist struct {
	ID     int64
	OrgID  int64
	Kind   Kind
	Person core.Employee
	Job    string    // the template's job, "" for the default
	Anchor core.Date // day one (the hire date); the last day for offboarding
	// CreatedOn is the org's day it was made: tasks due before it are
	// not reminded, and day one before it gets no welcome.
	CreatedOn core.Date
	CreatedAt time.Time
	Buddy     *Buddy // nil when nobody mentors them
	Tasks     []Task
}

// Done counts the tasks done.
func (c Checklist) Done() int {
	n := 0
	for _, t := range c.Tasks {
		if t.Done() {
			n++
		}
	}
	return n
}

// Overdue counts the tasks not done whose day has passed.
func (c Checklist) Overdue(today core.Date) int {
	n := 0
	for _, t := range c.Tasks {
		if !t.Done() && t.Due.Before(today) {
			n++
		}
	}
	return n
}

// Task is one task of a person's checklist.
type Task struct {
	ID          int64
	ChecklistID int64
	Position    int
	Title       Text
	Owner       Owner
	// OwnerID is who does it; 0 means HR (anyone with the role hr).
	OwnerID   int64
	OwnerName string
	Due       core.Date
	Quiz      string
	DoneAt    time.Time // zero while open
	DoneByID  int64
	DoneBy    string
	// Kind is its checklist's: joining or leaving.
	Kind Kind
	// For whom, filled where tasks are listed across checklists.
	PersonID   int64
	PersonKey  string
	PersonName string
}

// Done reports whether the task is ticked off.
func (t Task) Done() bool { return !t.DoneAt.IsZero() }

// Audit actions onboarding writes, besides the refusals Authorize audits
// under core.ActionOnboardingTick (the same words as AuditTick).
const (
	AuditStart  = "onboarding.start"  // a checklist made, with its buddy and quizzes
	AuditSkip   = "onboarding.skip"   // a hire given no checklist, and why
	AuditTick   = "onboarding.tick"   // a task ticked off
	AuditUntick = "onboarding.untick" // a tick taken back
)

// Audit rows' entity types: a checklist is recorded under its person.
const (
	EntityTask   = "checklist_task"
	EntityPerson = "employee"
)

// What hrbot does on its own (a checklist made on hire) is audited as
// this actor, on this channel.
const (
	actorLabel  = "onboarding"
	channelAuto = "system"
)
