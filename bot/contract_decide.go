package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/conversation"
)

// The reminders HR and the manager get, and the buttons on them. Each
// notification is written from the contract as it is now: a reminder
// whose matter was settled meanwhile (the contract signed, the probation
// decided or extended, the renewal decided) says nothing.

func contractID(value string) int64 {
	id, _ := strconv.ParseInt(value, 10, 64)
	return id
}

// unsignedNotification: someone hired 20 days ago without a signed contract.
func (b *Bot) unsignedNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	e, cs, err := b.cfg.Contracts.OfID(ctx, *t.member, contractID(n.Params["employee"]), t.channel())
	if err != nil || e.Status != core.StatusActive || e.HireDate.IsZero() {
		return nil
	}
	for _, c := range cs {
		if !c.Signed.IsZero() {
			return nil
		}
	}
	hire := core.DateOf(e.HireDate)
	text := b.T(t, "contract.notice.unsigned", "name", b.nameIn(t, e.Name), "hire", hire.String(),
		"days", strconv.Itoa(hire.DaysUntil(b.localDay(t))), "double", contracts.PeriodEnd(hire, 1).AddDays(1).String())
	if core.Authorize(*t.member, core.ActionContractManage, &e) != nil {
		return []Reply{{Text: text + "\n" + b.T(t, "contract.notice.hr_decides")}}
	}
	text += "\n" + b.T(t, "contract.notice.unsigned_how", "key", e.Key)
	return []Reply{{Text: text, Buttons: [][]Button{{{Label: b.T(t, "contract.button.new_for", "name", b.nameIn(t, e.Name)),
		ActionID: "contract.new", Value: e.Key}}}}}
}

// probationNotification: a probation ending within a week, with the
// decisions for HR.
func (b *Bot) probationNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	v, err := b.cfg.Contracts.Find(ctx, *t.member, contractID(n.Params["id"]), t.channel())
	c := v.Contract
	if err != nil || c.Probation.Outcome != "" || c.ProbationEnd.String() != n.Params["about"] || v.Employee.Status != core.StatusActive {
		return nil
	}
	text := b.T(t, "contract.notice.probation", "name", b.nameIn(t, v.Employee.Name), "date", c.ProbationEnd.String(),
		"days", strconv.Itoa(v.Today.DaysUntil(c.ProbationEnd)), "contract", b.contractLine(t, c))
	if !v.Manage {
		return []Reply{{Text: text + "\n" + b.T(t, "contract.notice.hr_decides")}}
	}
	id := strconv.FormatInt(c.ID, 10)
	return []Reply{{Text: text, Buttons: [][]Button{
		{{Label: b.T(t, "contract.button.confirm"), ActionID: "contract.confirm", Value: id},
			{Label: b.T(t, "contract.button.extend"), ActionID: "contract.extend", Value: id}},
		{{Label: b.T(t, "contract.button.end"), ActionID: "contract.end", Value: id}},
	}}}
}

// expiryNotification: a fixed term ending within a month, with what art.
// 14 says about renewing it and the decisions for HR.
func (b *Bot) expiryNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	v, err := b.cfg.Contracts.Find(ctx, *t.member, contractID(n.Params["id"]), t.channel())
	c := v.Contract
	if err != nil || c.Renewal.Outcome != "" || c.End.String() != n.Params["about"] || v.Employee.Status != core.StatusActive {
		return nil
	}
	for _, h := range v.History {
		if h.Start.After(c.Start) {
			return nil // the next contract is entered
		}
	}
	lines := []string{b.T(t, "contract.notice.expiring", "name", b.nameIn(t, v.Employee.Name), "start", c.Start.String(),
		"end", c.End.String(), "days", strconv.Itoa(v.Today.DaysUntil(c.End)))}
	lines = append(lines, b.renewalNote(t, v))
	if !v.Manage {
		return []Reply{{Text: strings.Join(append(lines, b.T(t, "contract.notice.hr_decides")), "\n")}}
	}
	id := strconv.FormatInt(c.ID, 10)
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: [][]Button{{
		{Label: b.T(t, "contract.button.renew"), ActionID: "contract.renew", Value: id},
		{Label: b.T(t, "contract.button.not_renew"), ActionID: "contract.not_renew", Value: id}}}}}
}

// renewalNote says when the person would be entitled to an open-ended
// contract (Labour Contract Law art. 14).
func (b *Bot) renewalNote(t *turn, v contracts.View) string {
	r := v.Renewals
	switch {
	case r.Consecutive >= 2:
		return b.T(t, "contract.art14.now", "count", strconv.Itoa(r.Consecutive))
	case r.Entitled(v.Contract):
		return b.T(t, "contract.art14.ten_years", "date", r.TenYears.String())
	}
	return b.T(t, "contract.art14.after_next")
}

// decided is the reply to a decision pressed: it takes the place of the
// reminder, so its buttons cannot be pressed again.
func decided(text string) []Reply { return []Reply{{Text: text, ReplaceMessage: true}} }

func (b *Bot) probationConfirm(ctx context.Context, t *turn, value string) ([]Reply, error) {
	c, err := b.cfg.Contracts.ConfirmProbation(ctx, *t.member, contractID(value), t.channel())
	if err != nil {
		return nil, err
	}
	return decided(b.T(t, "contract.done.confirmed", "name", b.nameIn(t, c.EmployeeName))), nil
}

// probationExtend asks until when, naming the latest day the law allows;
// a probation already at the maximum is refused at once.
func (b *Bot) probationExtend(ctx context.Context, t *turn, value string) ([]Reply, error) {
	v, err := b.cfg.Contracts.Find(ctx, *t.member, contractID(value), t.channel())
	if err != nil {
		return nil, err
	}
	if err := contracts.Extendable(v.Contract.Terms); err != nil {
		return nil, err
	}
	if err := b.beginDialog(ctx, t, "contract", "extend", map[string]string{fID: value}); err != nil {
		return nil, err
	}
	return []Reply{b.extendQuestion(t, v)}, nil
}

func (b *Bot) extendQuestion(t *turn, v contracts.View) Reply {
	latest := v.Probation.Latest.String()
	return Reply{Text: b.T(t, "contract.ask.extend", "name", b.nameIn(t, v.Employee.Name), "date", v.Contract.ProbationEnd.String(),
		"months", strconv.Itoa(v.Probation.Months), "latest", latest),
		Buttons: [][]Button{{{Label: b.T(t, "contract.button.until", "date", latest), ActionID: "contract.extend_to",
			Value: strconv.FormatInt(v.Contract.ID, 10) + "=" + latest}}, b.cancelButton(t)[0]}}
}

// extendAnswer reads the new end typed; a refused one is asked again.
func (b *Bot) extendAnswer(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
	text = strings.TrimSpace(text)
	if !looksLikeDate(text) {
		return nil, errNotAnswer
	}
	return b.extendTo(ctx, t, d.Data[fID], text)
}

// probationExtendTo is the latest day pressed: "ID=DATE".
func (b *Bot) probationExtendTo(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, date, _ := strings.Cut(value, "=")
	return b.extendTo(ctx, t, id, date)
}

func (b *Bot) extendTo(ctx context.Context, t *turn, id, date string) ([]Reply, error) {
	until, err := parseContractDate(date)
	if err == nil {
		var c contracts.Contract
		c, err = b.cfg.Contracts.ExtendProbation(ctx, *t.member, contractID(id), until, t.channel())
		if err == nil {
			if err := b.endDialog(ctx, t); err != nil {
				return nil, err
			}
			return decided(b.T(t, "contract.done.extended", "name", b.nameIn(t, c.EmployeeName), "date", c.ProbationEnd.String())), nil
		}
	}
	if core.ErrorCodeOf(err) != core.EInvalid {
		return nil, err
	}
	v, ferr := b.cfg.Contracts.Find(ctx, *t.member, contractID(id), t.channel())
	if ferr != nil {
		return nil, ferr
	}
	q := b.extendQuestion(t, v)
	q.Text = b.errorReply(t, "contract", err).Text + "\n" + q.Text
	return []Reply{q}, b.beginDialog(ctx, t, "contract", "extend", map[string]string{fID: id})
}

// probationEndAsk asks HR to confirm ending employment in probation.
func (b *Bot) probationEndAsk(ctx context.Context, t *turn, value string) ([]Reply, error) {
	v, err := b.cfg.Contracts.Find(ctx, *t.member, contractID(value), t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "contract.ask.end_probation", "name", b.nameIn(t, v.Employee.Name)), Buttons: [][]Button{{
		{Label: b.T(t, "contract.button.end_yes"), ActionID: "contract.end_yes", Value: value},
		{Label: b.T(t, "contract.button.keep"), ActionID: "contract.keep"}}}}}, nil
}

func (b *Bot) probationEnd(ctx context.Context, t *turn, value string) ([]Reply, error) {
	c, err := b.cfg.Contracts.EndInProbation(ctx, *t.member, contractID(value), t.channel())
	if err != nil {
		return nil, err
	}
	return decided(b.T(t, "contract.done.ended", "name", b.nameIn(t, c.EmployeeName), "key", c.EmployeeKey)), nil
}

func (b *Bot) contractKeep(_ context.Context, t *turn, _ string) ([]Reply, error) {
	return decided(b.T(t, "contract.done.kept")), nil
}

// contractRenew records the renewal and asks for the new contract, to
// start the day after the old one ends.
func (b *Bot) contractRenew(ctx context.Context, t *turn, value string) ([]Reply, error) {
	c, err := b.cfg.Contracts.Renew(ctx, *t.member, contractID(value), t.channel())
	if err != nil {
		return nil, err
	}
	f := map[string]string{fPerson: c.EmployeeKey, fStart: c.End.AddDays(1).String(), fAsk: "1"}
	replies, err := b.contractAdvance(ctx, t, f)
	if err != nil {
		return nil, err
	}
	return append(decided(b.T(t, "contract.done.renew", "name", b.nameIn(t, c.EmployeeName))), replies...), nil
}

func (b *Bot) contractNotRenew(ctx context.Context, t *turn, value string) ([]Reply, error) {
	c, err := b.cfg.Contracts.NotRenew(ctx, *t.member, contractID(value), t.channel())
	if err != nil {
		return nil, err
	}
	return decided(b.T(t, "contract.done.not_renew", "name", b.nameIn(t, c.EmployeeName), "end", c.End.String())), nil
}
