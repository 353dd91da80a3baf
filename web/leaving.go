package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/core/signin"
)

// routeLeaving serves leaving (离职): a person's own resignation with
// the notice they owe (/me/resign), the resignations waiting on their
// approvers (/resignations, beside transfers), and on a person's page HR
// ending the employment or cancelling a resignation (leaving_person.go).
// core/leaving decides, audits and notifies, as for chat's /resign.
func (c *Console) routeLeaving() {
	if c.cfg.Leaving == nil {
		return
	}
	c.addNav("/resignations", "web.nav.resignations", core.ActionAttendanceTeam, false)
	c.addNav("/me/resign", "web.nav.my_resignation", "", true)
	c.mux.HandleFunc("GET /resignations", c.staffPage(core.ActionAttendanceTeam, c.resignations))
	c.mux.HandleFunc("POST /resignations/{id}", c.page(c.decideResignation))
	c.mux.HandleFunc("GET /me/resign", c.page(c.myResignation))
	c.mux.HandleFunc("POST /me/resign", c.page(c.resign))
	c.mux.HandleFunc("POST /me/resign/{id}/withdraw", c.page(c.withdrawResignation))
	c.mux.HandleFunc("POST /people/{key}/leaving", c.staffPage(core.ActionPeopleManage, c.endEmployment))
	c.mux.HandleFunc("POST /people/{key}/leaving/{id}/cancel", c.staffPage(core.ActionPeopleManage, c.cancelResignation))
}

// resignationCard is one resignation as a page shows it.
type resignationCard struct {
	ID                                    int64
	Name, Key, Kind, LastDay, Filed, Tag  string
	Reason, Line, Notice, Today, Decision string
	Probation, Pending                    bool
	// Decide: it waits on the reader; Withdraw: the reader's own, still
	// pending; Cancel: HR may cancel it (with a reason).
	Decide, Withdraw, Cancel bool
}

// resignationCardOf is r in the reader's words: who it waits on or what
// became of it, and the notice it gives against the notice owed.
func resignationCardOf(rq *request, r leaving.Resignation, today core.Date) resignationCard {
	name := func(s string) string {
		if s == "" {
			return "—"
		}
		return rq.words.Name(s)
	}
	card := resignationCard{ID: r.ID, Name: name(r.EmployeeName), Key: r.EmployeeKey, Kind: rq.T("web.leaving.kind." + string(r.Kind)),
		LastDay: r.LastDay.String(), Filed: view{request: rq}.When(r.CreatedAt), Tag: rq.T("web.leaving.status." + string(r.Status)),
		Reason: r.Reason, Today: today.String(), Probation: r.InProbation(), Pending: r.Status == leaving.Pending,
		Decide: leaving.WaitsOn(rq.m, r)}
	switch r.Status {
	case leaving.Pending:
		card.Line = rq.T("web.leaving.waits_on", "approver", name(r.ApproverName), "step", rq.T("web.leaving.step."+string(r.Step)))
	case leaving.Approved:
		card.Line = rq.T("web.leaving.approved_by", "by", name(r.DecidedBy), "date", card.LastDay)
	case leaving.Rejected:
		card.Line = rq.T("web.leaving.rejected_by", "by", name(r.DecidedBy), "reason", r.RejectReason)
	case leaving.Cancelled:
		card.Line = rq.T("web.leaving.cancelled_by", "by", name(r.DecidedBy))
	case leaving.Done:
		card.Line = rq.T("web.leaving.left_on", "date", card.LastDay)
	}
	if r.Kind == leaving.Resign {
		card.Notice = rq.T("web.leaving.notice_given", "given", strconv.Itoa(r.Given(rq.m.Org.Location())),
			"owed", strconv.Itoa(r.NoticeDays))
	}
	return card
}

func (c *Console) orgToday(rq *request) core.Date {
	return core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
}

// resignations lists the open resignations the reader has a part in —
// HR every one — with approve (optionally on an earlier agreed last day)
// and reject on those waiting on them.
func (c *Console) resignations(rq *request) error {
	cards, err := c.resignationCards(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "resignations", "web.title.resignations", cards)
}

func (c *Console) resignationCards(rq *request) ([]resignationCard, error) {
	rs, err := c.cfg.Leaving.Open(rq.r.Context(), rq.m)
	if err != nil {
		return nil, err
	}
	today := c.orgToday(rq)
	cards := make([]resignationCard, 0, len(rs))
	for _, r := range rs {
		cards = append(cards, resignationCardOf(rq, r, today))
	}
	return cards, nil
}

// decideResignation approves or rejects one; a refusal (a rejection
// without a reason, someone who decided first) is shown on the list.
func (c *Console) decideResignation(rq *request) error {
	id, err := resignationID(rq)
	if err != nil {
		return err
	}
	decision := rq.r.PostFormValue("decision")
	var d leaving.Decision
	switch decision {
	case "approve":
		d.Approve = true
		d.Earlier, err = optionalDate(rq.r.PostFormValue("earlier"))
	case "reject":
		d.Reason = strings.TrimSpace(rq.r.PostFormValue("reason"))
	default:
		return core.Errorf(core.EInvalid, "error.invalid", "no decision")
	}
	if err == nil {
		_, err = c.cfg.Leaving.Decide(rq.r.Context(), rq.m, id, d, signin.Channel)
	}
	if err == nil {
		return rq.back("/resignations", "web.done.resignation_"+decision)
	}
	code := core.ErrorCodeOf(err)
	if code != core.EInvalid && code != core.EConflict {
		return err
	}
	cards, cerr := c.resignationCards(rq)
	if cerr != nil {
		return cerr
	}
	status := http.StatusBadRequest
	if code == core.EConflict {
		status = http.StatusConflict
	}
	return c.renderStatus(rq, status, "resignations", "web.title.resignations", cards, rq.words.Error(err))
}

// myResignationData is the reader's own page: the notice they owe, the
// form while nothing is open, their resignation and the earlier ones.
type myResignationData struct {
	Owed, Today string
	Form        resignForm
	Open        *resignationCard
	Past        []resignationCard
}

// resignForm is the resignation as typed, kept across errors.
type resignForm struct{ LastDay, Reason string }

// myResignation is the reader's resignation page; the form's last day is
// the earliest their notice allows.
func (c *Console) myResignation(rq *request) error {
	d, err := c.myResignationData(rq, nil)
	if err != nil {
		return err
	}
	return c.render(rq, "resign", "web.title.my_resignation", d)
}

func (c *Console) myResignationData(rq *request, form *resignForm) (myResignationData, error) {
	ctx := rq.r.Context()
	owed, err := c.cfg.Leaving.NoticeOwed(ctx, rq.m)
	if err != nil {
		return myResignationData{}, err
	}
	rs, err := c.cfg.Leaving.Of(ctx, rq.m, rq.m.Employee, signin.Channel)
	if err != nil {
		return myResignationData{}, err
	}
	key := "web.leaving.owed"
	if owed.Probation {
		key = "web.leaving.owed_probation"
	}
	d := myResignationData{Today: owed.Today.String(), Form: resignForm{LastDay: owed.Earliest.String()},
		Owed: rq.T(key, "days", strconv.Itoa(owed.Days), "probation", strconv.Itoa(leaving.NoticeProbation),
			"after", strconv.Itoa(leaving.NoticeDays), "date", owed.Earliest.String())}
	if form != nil {
		d.Form = *form
	}
	for _, r := range rs {
		card := resignationCardOf(rq, r, owed.Today)
		card.Decide = false
		if r.Status.Open() && d.Open == nil {
			card.Withdraw = leaving.WithdrawsOwn(rq.m, r)
			d.Open = &card
			continue
		}
		d.Past = append(d.Past, card)
	}
	return d, nil
}

// resign files the reader's resignation; a refusal (too short a notice:
// it says the earliest day) shows the page again with the form as typed.
func (c *Console) resign(rq *request) error {
	form := resignForm{LastDay: strings.TrimSpace(rq.r.PostFormValue("last_day")), Reason: strings.TrimSpace(rq.r.PostFormValue("reason"))}
	ask := leaving.Ask{Reason: form.Reason}
	var err error
	ask.LastDay, err = optionalDate(form.LastDay)
	if err == nil {
		_, err = c.cfg.Leaving.Request(rq.r.Context(), rq.m, ask, signin.Channel)
	}
	if err == nil {
		return rq.back("/me/resign", "web.done.resigned")
	}
	if code := core.ErrorCodeOf(err); code == core.EInternal || code == core.EForbidden {
		return err
	}
	d, derr := c.myResignationData(rq, &form)
	if derr != nil {
		return derr
	}
	return c.renderStatus(rq, http.StatusBadRequest, "resign", "web.title.my_resignation", d, rq.words.Error(err))
}

// withdrawResignation takes back the reader's own resignation while it
// waits for approval.
func (c *Console) withdrawResignation(rq *request) error {
	id, err := resignationID(rq)
	if err != nil {
		return err
	}
	if _, err := c.cfg.Leaving.Withdraw(rq.r.Context(), rq.m, id, "", signin.Channel); err != nil {
		return err
	}
	return rq.back("/me/resign", "web.done.resignation_withdrawn")
}

// resignationID is the resignation the path names; ENotFound for one
// that is no number.
func resignationID(rq *request) (int64, error) {
	id, err := strconv.ParseInt(rq.r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, core.Errorf(core.ENotFound, "leaving.not_found", "no resignation %q", rq.r.PathValue("id")).With("id", rq.r.PathValue("id"))
	}
	return id, nil
}
