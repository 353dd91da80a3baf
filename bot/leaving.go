package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/leaving"
)

// LeavingDesk runs resignations (离职) for the bot (leaving.Service).
type LeavingDesk interface {
	NoticeOwed(ctx context.Context, m core.Member) (leaving.Owed, error)
	Open(ctx context.Context, m core.Member) ([]leaving.Resignation, error)
	Mine(ctx context.Context, m core.Member) (leaving.Resignation, bool, error)
	Preview(ctx context.Context, m core.Member, ask leaving.Ask, channel string) (leaving.Resignation, core.Employee, error)
	Request(ctx context.Context, m core.Member, ask leaving.Ask, channel string) (leaving.Resignation, error)
	Decide(ctx context.Context, m core.Member, id int64, d leaving.Decision, channel string) (leaving.Resignation, error)
	Withdraw(ctx context.Context, m core.Member, id int64, reason, channel string) (leaving.Resignation, error)
	Find(ctx context.Context, m core.Member, id int64) (leaving.Resignation, error)
}

func (b *Bot) leavingFeature() feature {
	if b.cfg.Leaving == nil {
		return feature{}
	}
	decide := func(approve bool) actionHandler {
		return actionHandler{run: func(ctx context.Context, t *turn, v string) ([]Reply, error) {
			return b.leavingDecide(ctx, t, v, leaving.Decision{Approve: approve})
		}}
	}
	return feature{
		commands: []command{
			{name: "resign", aliases: []string{"离职", "辞职", "quit"}, helpKey: "help.cmd.resign", run: b.resignCmd},
			{name: "offboard", aliases: []string{"解除", "办理离职", "dismiss"}, helpKey: "help.cmd.offboard", run: b.offboardCmd},
			{name: "resignations", aliases: []string{"离职审批", "离职列表"}, helpKey: "help.cmd.resignations", run: b.resignationList},
		},
		actions: map[string]actionHandler{
			"leaving.submit":   {run: b.leavingSubmit},
			"leaving.approve":  decide(true),
			"leaving.reject":   {run: b.leavingAsk("reject")},
			"leaving.earlier":  {run: b.leavingAsk("earlier")},
			"leaving.withdraw": {run: b.leavingWithdraw},
		},
		dialogs: b.leavingDialogs(),
		notifications: map[string]notificationRenderer{
			core.NotifyLeavingRequest: b.leavingNotification, core.NotifyLeavingDecided: b.leavingNotification,
			core.NotifyLeavingDone: b.leavingNotification, core.NotifyLeavingClosed: b.leavingNotification,
		},
	}
}

func (b *Bot) leavingDialogs() map[string]dialogStep {
	text := func(fn func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error)) dialogStep {
		return func(ctx context.Context, t *turn, d conversation.Dialog, s string) ([]Reply, error) {
			if s = strings.TrimSpace(s); s == "" {
				return nil, errNotAnswer
			}
			return fn(ctx, t, d, s)
		}
	}
	return map[string]dialogStep{
		// The last day (with a reason after it, if they like) of one's
		// own resignation, or of HR's ending of someone's.
		"leaving/date": text(func(ctx context.Context, t *turn, d conversation.Dialog, s string) ([]Reply, error) {
			return b.leavingPreview(ctx, t, d.Data["person"], s)
		}),
		"leaving/reason": text(func(ctx context.Context, t *turn, d conversation.Dialog, s string) ([]Reply, error) {
			return b.leavingPreview(ctx, t, d.Data["person"], d.Data["date"]+" "+s)
		}),
		// Typing anything instead of pressing Submit leaves the preview.
		"leaving/confirm": func(context.Context, *turn, conversation.Dialog, string) ([]Reply, error) { return nil, errNotAnswer },
		"leaving/reject": text(func(ctx context.Context, t *turn, d conversation.Dialog, s string) ([]Reply, error) {
			return b.leavingDecide(ctx, t, d.Data["id"], leaving.Decision{Reason: s})
		}),
		"leaving/earlier": text(func(ctx context.Context, t *turn, d conversation.Dialog, s string) ([]Reply, error) {
			day, err := transferDate(s, b.localDay(t))
			if err != nil {
				return nil, err
			}
			return b.leavingDecide(ctx, t, d.Data["id"], leaving.Decision{Approve: true, Earlier: day})
		}),
		"leaving/cancel": text(func(ctx context.Context, t *turn, d conversation.Dialog, s string) ([]Reply, error) {
			return b.leavingWithdrawAs(ctx, t, d.Data["id"], s)
		}),
	}
}

// resignCmd is /resign [LAST DAY] [REASON] (/离职): with an open
// resignation and nothing typed, where it stands; without a day, the
// notice owed and the earliest last day it allows, asked for the day.
func (b *Bot) resignCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	args = strings.TrimSpace(args)
	if args == "" {
		r, open, err := b.cfg.Leaving.Mine(ctx, *t.member)
		if err != nil {
			return nil, err
		}
		if open {
			return []Reply{b.leavingCard(t, r)}, nil
		}
	}
	return b.leavingPreview(ctx, t, "", args)
}

// offboardCmd is HR's /offboard PERSON LAST-DAY REASON (/解除): ending
// someone's employment, approved when submitted.
func (b *Bot) offboardCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	who, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	if who == "" {
		return []Reply{{Text: b.T(t, "leaving.offboard_usage")}}, nil
	}
	// Whom, and whether the asker may, before asking anything more.
	e, err := b.cfg.Directory.FindEmployee(ctx, *t.member, who, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.cfg.Directory.Authorize(ctx, *t.member, core.ActionPeopleManage, &e, t.channel()); err != nil {
		return nil, err
	}
	return b.leavingPreview(ctx, t, e.Key, rest)
}

// leavingPreview reads "LAST-DAY REASON" for person ("" is the asker)
// and asks for what is missing — the day, then (for HR ending someone's
// employment) the reason — or shows the preview with Submit.
func (b *Bot) leavingPreview(ctx context.Context, t *turn, person, text string) ([]Reply, error) {
	day, reason, err := readLastDay(text, b.localDay(t))
	if err != nil {
		return nil, err
	}
	data := map[string]string{"person": person}
	name := person
	if person != "" {
		e, err := b.cfg.Directory.FindEmployee(ctx, *t.member, person, t.channel())
		if err != nil {
			return nil, err
		}
		name = core.NameIn(e.Name, t.locale)
	}
	if day.IsZero() {
		if err := b.beginDialog(ctx, t, "leaving", "date", data); err != nil {
			return nil, err
		}
		if person != "" {
			return []Reply{{Text: b.T(t, "leaving.ask_date_other", "name", name), Buttons: b.cancelButton(t)}}, nil
		}
		terms, err := b.cfg.Leaving.NoticeOwed(ctx, *t.member)
		if err != nil {
			return nil, err
		}
		key := "leaving.ask_date"
		if terms.Probation {
			key = "leaving.ask_date_probation"
		}
		return []Reply{{Text: b.T(t, key, "days", strconv.Itoa(terms.Days), "date", b.dayText(t, terms.Earliest)),
			Buttons: b.cancelButton(t)}}, nil
	}
	data["date"] = day.String()
	if person != "" && reason == "" {
		if err := b.beginDialog(ctx, t, "leaving", "reason", data); err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "leaving.ask_reason", "name", name), Buttons: b.cancelButton(t)}}, nil
	}
	if _, _, err := b.cfg.Leaving.Preview(ctx, *t.member, leaving.Ask{Person: person, LastDay: day, Reason: reason}, t.channel()); err != nil {
		return nil, err
	}
	data["reason"], data["nonce"] = reason, newNonce()
	if err := b.beginDialog(ctx, t, "leaving", "confirm", data); err != nil {
		return nil, err
	}
	key := "leaving.preview_own"
	if person != "" {
		key = "leaving.preview_other"
	}
	lines := []string{b.T(t, key, "name", name, "date", b.dayText(t, day))}
	if reason != "" {
		lines = append(lines, b.T(t, "leaving.reason_line", "reason", reason))
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: [][]Button{{
		{Label: b.T(t, "button.submit"), ActionID: "leaving.submit", Value: data["nonce"]},
		{Label: b.T(t, "button.cancel"), ActionID: "dialog.cancel"},
	}}}}, nil
}

// readLastDay reads the last day at the start of text (2027-01-15,
// 1月15日, next friday) and the rest as the reason. A text that starts
// with no date has no day; one that names a date badly is an error.
func readLastDay(text string, today core.Date) (core.Date, string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return core.Date{}, "", nil
	}
	first, rest, _ := strings.Cut(text, " ")
	if d, err := core.ParseDate(first); err == nil {
		return d, strings.TrimSpace(rest), nil
	}
	span, _, found, err := when.FindSpan(text, today, when.Future)
	if err != nil {
		return core.Date{}, "", core.Errorf(core.EInvalid, "leaving.bad_date", "bad date %q", text).With("value", text)
	}
	if !found {
		return core.Date{}, "", core.Errorf(core.EInvalid, "leaving.bad_date", "no date in %q", text).With("value", text)
	}
	return span.From, reasonAfterDate(text, today), nil
}

// reasonAfterDate is what follows the date words, as typed: the words
// after the longest run of first words that reads as a date alone
// ("next friday", "15 jan"); a date glued to the reason ("1月15日找到新工作")
// leaves the rest as the date reader returns it.
func reasonAfterDate(text string, today core.Date) string {
	words := strings.Fields(text)
	for i := min(len(words), 4); i >= 1; i-- {
		_, rest, found, err := when.FindSpan(strings.Join(words[:i], " "), today, when.Future)
		if err == nil && found && strings.TrimSpace(rest) == "" {
			return strings.Join(words[i:], " ")
		}
	}
	_, rest, _, _ := when.FindSpan(text, today, when.Future)
	return strings.TrimSpace(rest)
}

// dayText writes a day with its weekday: a last day is planned by it.
func (b *Bot) dayText(t *turn, d core.Date) string {
	wd := strings.ToLower(d.Weekday().String()[:3])
	return b.T(t, "leaving.day", "date", d.String(), "weekday", b.T(t, "weekday."+wd))
}

func (b *Bot) leavingSubmit(ctx context.Context, t *turn, nonce string) ([]Reply, error) {
	d, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	if !open || d.Name != "leaving" || d.Step != "confirm" || d.Data["nonce"] != nonce {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	day, err := core.ParseDate(d.Data["date"])
	if err != nil {
		return nil, err
	}
	r, err := b.cfg.Leaving.Request(ctx, *t.member, leaving.Ask{Person: d.Data["person"], LastDay: day, Reason: d.Data["reason"]},
		t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	key := "leaving.submitted"
	if r.Status == leaving.Approved {
		key = "leaving.offboarded"
	}
	return []Reply{{Text: b.T(t, key, "id", strconv.FormatInt(r.ID, 10), "name", core.NameIn(r.EmployeeName, t.locale),
		"approver", core.NameIn(r.ApproverName, t.locale), "date", b.dayText(t, r.LastDay)), ReplaceMessage: true}}, nil
}

// leavingAsk begins the dialog a button asks a line for: the reason of
// a rejection, or the earlier last day agreed.
func (b *Bot) leavingAsk(step string) func(ctx context.Context, t *turn, value string) ([]Reply, error) {
	return func(ctx context.Context, t *turn, value string) ([]Reply, error) {
		id, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			return []Reply{{Text: b.T(t, "button.stale")}}, nil
		}
		r, err := b.cfg.Leaving.Find(ctx, *t.member, id)
		if err != nil {
			return nil, err
		}
		if r.Status != leaving.Pending && step != "cancel" || !r.Status.Open() {
			return nil, leaving.Decided(r)
		}
		if err := b.beginDialog(ctx, t, "leaving", step, map[string]string{"id": value}); err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "leaving.ask_"+step, "name", core.NameIn(r.EmployeeName, t.locale),
			"date", b.dayText(t, r.LastDay)), Buttons: b.cancelButton(t)}}, nil
	}
}

func (b *Bot) leavingDecide(ctx context.Context, t *turn, value string, d leaving.Decision) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	r, err := b.cfg.Leaving.Decide(ctx, *t.member, id, d, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	key := "leaving.approved"
	switch r.Status {
	case leaving.Rejected:
		key = "leaving.rejected"
	case leaving.Pending:
		key = "leaving.passed_on"
	}
	return []Reply{{Text: b.T(t, key, "name", core.NameIn(r.EmployeeName, t.locale), "date", b.dayText(t, r.LastDay),
		"approver", core.NameIn(r.ApproverName, t.locale), "reason", r.RejectReason), ReplaceMessage: t.in.Action != nil}}, nil
}

// leavingWithdraw is the Withdraw button: the person's own pending
// resignation goes at once; HR cancelling one is asked why.
func (b *Bot) leavingWithdraw(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	r, err := b.cfg.Leaving.Find(ctx, *t.member, id)
	if err != nil {
		return nil, err
	}
	if leaving.WithdrawsOwn(*t.member, r) {
		return b.leavingWithdrawAs(ctx, t, value, "")
	}
	return b.leavingAsk("cancel")(ctx, t, value)
}

func (b *Bot) leavingWithdrawAs(ctx context.Context, t *turn, value, reason string) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	r, err := b.cfg.Leaving.Withdraw(ctx, *t.member, id, reason, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "leaving.withdrawn", "name", core.NameIn(r.EmployeeName, t.locale), "date", b.dayText(t, r.LastDay)),
		ReplaceMessage: t.in.Action != nil}}, nil
}
