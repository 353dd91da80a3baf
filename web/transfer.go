package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/core/transfer"
)

// routeTransfers serves transfers (调岗): the list of those waiting for
// approval or their day, with the approver's buttons, and the form and job
// history on a person's page (person.go). Who sees and decides what is
// core/transfer's to say, as in chat.
func (c *Console) routeTransfers() {
	if c.cfg.Transfers == nil {
		return
	}
	c.addNav("/transfers", "web.nav.transfers", core.ActionAttendanceTeam, false)
	c.mux.HandleFunc("GET /transfers", c.page(c.transfers))
	c.mux.HandleFunc("POST /transfers/{id}", c.page(c.decideTransfer))
	c.mux.HandleFunc("POST /people/{key}/transfer", c.page(c.requestTransfer))
}

// transferCard is one transfer as the list shows it.
type transferCard struct {
	ID                                   int64
	Name, Date, Status, Reason, By, Wait string
	Changes                              []string
	Decide, Cancel                       bool
}

// transfers lists the transfers still to take effect the reader has a
// part in (HR: all), with approve and reject on those waiting on them.
func (c *Console) transfers(rq *request) error {
	ts, err := c.cfg.Transfers.Open(rq.r.Context(), rq.m)
	if err != nil {
		return err
	}
	cards := make([]transferCard, 0, len(ts))
	staff := rq.m.Employee.Role == core.RoleHR || rq.m.Employee.Role == core.RoleAdmin
	for _, t := range ts {
		card := transferCard{ID: t.ID, Name: rq.words.Name(t.EmployeeName), Date: t.Effective.String(),
			Status: rq.T("transfer.status." + string(t.Status)), Reason: t.Reason, By: rq.words.Name(t.RequestedBy),
			Changes: rq.words.TransferChanges(t), Decide: transfer.WaitsOn(rq.m, t),
			Cancel: t.RequestedByID == rq.m.Employee.ID || staff}
		if t.Status == transfer.Pending {
			card.Wait = rq.T("transfer.waits_on", "approver", rq.words.Name(t.ApproverName), "step", rq.T("transfer.step."+string(t.Step)))
		}
		cards = append(cards, card)
	}
	return c.render(rq, "transfers", "web.title.transfers", cards)
}

// decideTransfer approves, rejects (with a reason) or withdraws one.
func (c *Console) decideTransfer(rq *request) error {
	id, err := strconv.ParseInt(rq.r.PathValue("id"), 10, 64)
	if err != nil {
		return core.Errorf(core.ENotFound, "transfer.not_found", "no transfer %q", rq.r.PathValue("id")).With("id", rq.r.PathValue("id"))
	}
	ctx := rq.r.Context()
	switch rq.r.PostFormValue("decision") {
	case "approve":
		_, err = c.cfg.Transfers.Decide(ctx, rq.m, id, true, "", signin.Channel)
	case "reject":
		_, err = c.cfg.Transfers.Decide(ctx, rq.m, id, false, strings.TrimSpace(rq.r.PostFormValue("reason")), signin.Channel)
	case "cancel":
		_, err = c.cfg.Transfers.Cancel(ctx, rq.m, id, signin.Channel)
	default:
		return core.Errorf(core.EInvalid, "error.invalid", "no decision")
	}
	if err != nil {
		return err
	}
	return rq.back("/transfers", "web.done.transfer_"+rq.r.PostFormValue("decision"))
}

// transferForm is the transfer form as typed, kept across errors.
type transferForm struct {
	Effective, Job, Team, Manager, Schedule, PayKind, PayAmount, Reason string
}

// option is a value of a select with its label.
type transferOption struct{ Value, Label string }

// transferPanel is a person page's job history and transfer form.
type transferPanel struct {
	Key, Today string
	History    []historyRow
	// CanRequest: the reader may ask for this person's transfer; CanPay:
	// and change their pay (HR).
	CanRequest, CanPay, Open bool
	Form                     transferForm
	Jobs, Teams, Managers    []transferOption
	Schedules                []transferOption
}

// historyRow is one stretch of a person's job history.
type historyRow struct {
	From, To, Job, Team, Manager, Schedule string
	Current, Coming                        bool
}

// transferPanel is e's job history and, for those who may ask for their
// transfer, the form with the org's jobs, teams, people and schedules.
func (c *Console) transferPanel(rq *request, e core.Employee) (*transferPanel, error) {
	ctx := rq.r.Context()
	periods, err := c.cfg.Transfers.History(ctx, rq.m, e, signin.Channel)
	if err != nil {
		return nil, err
	}
	p := &transferPanel{Key: e.Key, Today: core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location())).String()}
	dash := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	for _, pd := range periods {
		row := historyRow{Job: dash(rq.words.Job(pd.Terms.Job)), Team: dash(rq.words.Name(pd.Terms.TeamName)),
			Manager: dash(rq.words.Name(pd.Terms.ManagerName)), Schedule: pd.Terms.ScheduleKey, Current: pd.Current, Coming: pd.Coming,
			From: "—", To: "—"}
		if pd.Terms.Job == "" {
			row.Job = "—"
		}
		if row.Schedule == "" {
			row.Schedule = rq.T("transfer.standard_hours")
		}
		if !pd.From.IsZero() {
			row.From = pd.From.String()
		}
		if !pd.To.IsZero() {
			row.To = pd.To.String()
		}
		p.History = append(p.History, row)
	}
	p.CanRequest = e.Status == core.StatusActive && core.Authorize(rq.m, core.ActionTransferRequest, &e) == nil
	if !p.CanRequest {
		return p, nil
	}
	p.CanPay = core.Authorize(rq.m, core.ActionPayrollManage, nil) == nil
	choices, err := c.cfg.Transfers.Choices(ctx, rq.m)
	if err != nil {
		return nil, err
	}
	for _, j := range choices.Jobs {
		p.Jobs = append(p.Jobs, transferOption{j.Key, j.NameIn(rq.Locale())})
	}
	for _, t := range choices.Teams {
		p.Teams = append(p.Teams, transferOption{t.Key, rq.words.Name(t.Name)})
	}
	for _, m := range choices.People {
		if m.ID != e.ID {
			p.Managers = append(p.Managers, transferOption{m.Key, rq.words.Name(m.Name)})
		}
	}
	for _, s := range choices.Schedules {
		p.Schedules = append(p.Schedules, transferOption{s.Key, rq.words.Name(s.Name)})
	}
	return p, nil
}

// requestTransfer files the person page's transfer form; a refusal shows
// the page again with the form as typed and the reason.
func (c *Console) requestTransfer(rq *request) error {
	r := rq.r
	f := transferForm{Effective: r.PostFormValue("effective"), Job: r.PostFormValue("job"), Team: r.PostFormValue("team"),
		Manager: r.PostFormValue("manager"), Schedule: r.PostFormValue("schedule"), PayKind: r.PostFormValue("pay_kind"),
		PayAmount: strings.TrimSpace(r.PostFormValue("pay_amount")), Reason: r.PostFormValue("reason")}
	ask, err := f.ask(r.PathValue("key"))
	if err == nil {
		_, err = c.cfg.Transfers.Request(r.Context(), rq.m, ask, signin.Channel)
	}
	if err == nil {
		return rq.back("/people/"+r.PathValue("key"), "web.done.transfer_requested")
	}
	if core.ErrorCodeOf(err) == core.EInternal || core.ErrorCodeOf(err) == core.ENotFound && ask.Person == "" {
		return err
	}
	d, perr := c.personPage(rq)
	if perr != nil {
		return perr
	}
	if d.Transfer != nil {
		d.Transfer.Form, d.Transfer.Open = f, true
	}
	return c.renderStatus(rq, http.StatusBadRequest, "person", "web.title.person", d, rq.words.Error(err))
}

// ask is the form as a transfer.Ask for the person with key.
func (f transferForm) ask(key string) (transfer.Ask, error) {
	ask := transfer.Ask{Person: key, Job: f.Job, Team: f.Team, Manager: f.Manager, Reason: f.Reason}
	if f.Effective != "" {
		d, err := core.ParseDate(f.Effective)
		if err != nil {
			return ask, core.Errorf(core.EInvalid, "web.bad_date", "bad date").With("date", f.Effective)
		}
		ask.Effective = d
	}
	switch f.Schedule {
	case "":
	case "standard":
		std := ""
		ask.Schedule = &std
	default:
		sc := f.Schedule
		ask.Schedule = &sc
	}
	if f.PayKind != "" {
		amount, err := decimal.NewFromString(strings.ReplaceAll(f.PayAmount, ",", ""))
		if err != nil {
			return ask, core.Errorf(core.EInvalid, "transfer.bad_pay", "bad pay").With("value", f.PayAmount)
		}
		p := pay.Terms{Kind: pay.Kind(f.PayKind), KeepAllowances: true}
		if p.Kind == pay.Hourly {
			p.HourlyRate = amount
		} else {
			p.Salary = amount
		}
		ask.Pay = &p
	}
	return ask, nil
}
