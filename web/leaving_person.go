package web

import (
	"net/http"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/core/signin"
)

// leavingPanel is the Leaving section of a person's page: their open
// resignation (or the one that made them leave), and for HR the form
// that ends the employment on a day to come and the cancel of an open
// one.
type leavingPanel struct {
	Key, Today string
	// Open is the resignation still to take effect; Last, when none is,
	// the latest closed one (a done one says when they left).
	Open, Last *resignationCard
	// CanEnd: HR, the person active, nothing open, not HR's own page.
	CanEnd bool
	Form   endForm
	// Shown opens the form's details after a refusal.
	Shown bool
}

// endForm is HR's ending of employment as typed, kept across errors.
type endForm struct{ LastDay, Reason string }

// leavingPanelOf is e's Leaving section for a reader who may see e's
// page; nil when there is nothing to show them.
func (c *Console) leavingPanelOf(rq *request, e core.Employee) (*leavingPanel, error) {
	rs, err := c.cfg.Leaving.Of(rq.r.Context(), rq.m, e, signin.Channel)
	if err != nil {
		return nil, err
	}
	today := c.orgToday(rq)
	manage := core.Authorize(rq.m, core.ActionPeopleManage, &e) == nil && e.ID != rq.m.Employee.ID
	p := &leavingPanel{Key: e.Key, Today: today.String(), Form: endForm{LastDay: today.String()}}
	for _, r := range rs {
		card := resignationCardOf(rq, r, today)
		switch {
		case r.Status.Open() && p.Open == nil:
			card.Cancel = manage
			p.Open = &card
		case p.Last == nil && p.Open == nil:
			p.Last = &card
		}
	}
	p.CanEnd = manage && e.Status == core.StatusActive && p.Open == nil
	if p.Open == nil && p.Last == nil && !p.CanEnd {
		return nil, nil
	}
	return p, nil
}

// endEmployment is HR ending someone's employment on a last day of today
// or later, with a reason: approved at once, it takes effect with the
// last-day pass. A refusal shows the person page again with the form.
func (c *Console) endEmployment(rq *request) error {
	key := rq.r.PathValue("key")
	form := endForm{LastDay: strings.TrimSpace(rq.r.PostFormValue("last_day")), Reason: strings.TrimSpace(rq.r.PostFormValue("reason"))}
	ask := leaving.Ask{Person: key, Reason: form.Reason}
	var err error
	ask.LastDay, err = optionalDate(form.LastDay)
	if err == nil {
		_, err = c.cfg.Leaving.Request(rq.r.Context(), rq.m, ask, signin.Channel)
	}
	if err == nil {
		return rq.back("/people/"+key, "web.done.employment_ended")
	}
	return c.personLeavingError(rq, err, &form)
}

// cancelResignation is HR cancelling someone's resignation by agreement
// (or an ending of employment it filed), with a reason.
func (c *Console) cancelResignation(rq *request) error {
	key := rq.r.PathValue("key")
	id, err := resignationID(rq)
	if err != nil {
		return err
	}
	_, err = c.cfg.Leaving.Withdraw(rq.r.Context(), rq.m, id, rq.r.PostFormValue("reason"), signin.Channel)
	if err == nil {
		return rq.back("/people/"+key, "web.done.resignation_cancelled")
	}
	return c.personLeavingError(rq, err, nil)
}

// personLeavingError shows the person page again with a refusal, the
// ending form as typed when it was that form's.
func (c *Console) personLeavingError(rq *request, err error, form *endForm) error {
	if code := core.ErrorCodeOf(err); code != core.EInvalid && code != core.EConflict {
		return err
	}
	d, perr := c.personPage(rq)
	if perr != nil {
		return perr
	}
	if d.Leaving != nil && form != nil {
		d.Leaving.Form, d.Leaving.Shown = *form, true
	}
	return c.renderStatus(rq, http.StatusBadRequest, "person", "web.title.person", d, rq.words.Error(err))
}
