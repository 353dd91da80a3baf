package web

import (
	"slices"
	"strconv"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/onboarding"
	"github.com/hrbot/hrbot/core/signin"
)

// routeOnboarding serves HR's list of everyone being onboarded, and the
// tick boxes of the onboarding section on a person's page (whoever does
// a task, or HR, ticks it; the service decides and audits).
func (c *Console) routeOnboarding() {
	if c.cfg.Onboarding == nil {
		return
	}
	c.addNav("/onboarding", "web.nav.onboarding", core.ActionPeopleManage, false)
	c.mux.HandleFunc("GET /onboarding", c.staffPage(core.ActionPeopleManage, c.onboardingList))
	c.mux.HandleFunc("POST /people/{key}/onboarding", c.page(c.tickOnboarding))
}

// onboardingRow is one person being onboarded, as HR's list shows them.
type onboardingRow struct {
	Key, Name, Job, Day, Buddy string
	Done, Total, Overdue       int
}

// onboardingList is everyone being onboarded, with their progress.
func (c *Console) onboardingList(rq *request) error {
	cs, err := c.cfg.Onboarding.Current(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return err
	}
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	rows := make([]onboardingRow, 0, len(cs))
	for _, ch := range cs {
		rows = append(rows, onboardingRow{Key: ch.Person.Key, Name: rq.words.Name(ch.Person.Name), Job: rq.words.Job(ch.Person.Job),
			Day: ch.Anchor.String(), Buddy: buddyName(rq, ch), Done: ch.Done(), Total: len(ch.Tasks), Overdue: ch.Overdue(today)})
	}
	return c.render(rq, "onboarding", "web.title.onboarding", rows)
}

func buddyName(rq *request, ch onboarding.Checklist) string {
	if ch.Buddy == nil {
		return "—"
	}
	return rq.words.Name(ch.Buddy.BuddyName)
}

// onboardingSection is a person's checklist on their page.
type onboardingSection struct {
	Summary  string
	Tasks    []onboardingTask
	Editable bool // some task is the reader's to tick
}

type onboardingTask struct {
	ID                          int64
	Title, Owner, Due, DoneNote string
	Done, Overdue, CanTick      bool
}

// onboardingOf is e's checklist as their page shows it; nil without one
// (or without onboarding).
func (c *Console) onboardingOf(rq *request, e core.Employee) (*onboardingSection, error) {
	if c.cfg.Onboarding == nil {
		return nil, nil
	}
	ch, err := c.cfg.Onboarding.Progress(rq.r.Context(), rq.m, e, signin.Channel)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := view{request: rq}
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	s := &onboardingSection{Summary: rq.T("web.onboarding.summary", "day", ch.Anchor.String(), "buddy", buddyName(rq, ch),
		"done", strconv.Itoa(ch.Done()), "total", strconv.Itoa(len(ch.Tasks)))}
	for _, t := range ch.Tasks {
		row := onboardingTask{ID: t.ID, Title: t.Title.In(rq.Locale()), Owner: rq.T("onboarding.owner.hr"), Due: t.Due.String(),
			Done: t.Done(), Overdue: !t.Done() && t.Due.Before(today), CanTick: onboarding.CanTick(rq.m, t)}
		if t.OwnerID != 0 {
			row.Owner = rq.words.Name(t.OwnerName)
		}
		if t.Done() {
			row.DoneNote = rq.T("web.onboarding.done_by", "name", rq.words.Name(t.DoneBy), "when", v.When(t.DoneAt))
		}
		s.Editable = s.Editable || row.CanTick
		s.Tasks = append(s.Tasks, row)
	}
	return s, nil
}

// tickOnboarding saves the tick boxes of a person's checklist: each task
// the form showed as the reader's to tick is set done or not as its box
// says; one the reader may not tick is refused (and audited) by the
// service.
func (c *Console) tickOnboarding(rq *request) error {
	key := rq.r.PathValue("key")
	if err := rq.r.ParseForm(); err != nil {
		return core.Errorf(core.EInvalid, "error.invalid", "bad form")
	}
	done := rq.r.PostForm["done"]
	for _, v := range rq.r.PostForm["task"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return core.Errorf(core.EInvalid, "error.invalid", "bad task %q", v)
		}
		if _, err := c.cfg.Onboarding.SetDone(rq.r.Context(), rq.m, id, slices.Contains(done, v), signin.Channel); err != nil {
			return err
		}
	}
	return rq.back("/people/"+key, "web.done.onboarding")
}
