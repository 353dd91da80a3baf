package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/bot/intent"
	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/leave"
)

func (b *Bot) leaveFeature() feature {
	return feature{
		commands: b.leaveCommands(), actions: b.leaveActions(), dialogs: b.leaveDialogs(),
		notifications: map[string]notificationRenderer{
			core.NotifyLeaveRequest: b.leaveNotification, core.NotifyLeaveDecided: b.leaveNotification, core.NotifyLeaveCancelled: b.leaveNotification,
			core.NotifyLeaveAdjusted: b.leaveAdjustedNotification,
		},
	}
}

func (b *Bot) leaveCommands() []command {
	return []command{
		{name: "leave", aliases: []string{"请假", "休假"}, helpKey: "help.cmd.leave", run: b.leaveRequest},
		{name: "balance", aliases: []string{"假期余额", "余额"}, helpKey: "help.cmd.balance", run: b.balance},
		{name: "myleave", aliases: []string{"我的请假", "销假"}, helpKey: "help.cmd.myleave", run: b.myLeave},
		{name: "whosoff", aliases: []string{"谁请假", "谁休假"}, helpKey: "help.cmd.whosoff", run: b.whosOff},
	}
}

func (b *Bot) leaveActions() map[string]actionHandler {
	return map[string]actionHandler{
		"leave.type":   {run: b.leaveChooseType},
		"leave.submit": {run: b.leaveSubmit},
		"leave.approve": {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) {
			return b.leaveDecide(ctx, t, v, true, "")
		}},
		"leave.reject": {run: b.leaveAskRejectReason},
		"leave.cancel": {run: b.leaveCancel},
	}
}

func (b *Bot) leaveDialogs() map[string]dialogStep {
	return map[string]dialogStep{
		// Which kind? A type typed instead of pressed.
		"leave/type": func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
			v, err := b.leaveVocab(ctx, t)
			if err != nil {
				return nil, err
			}
			key, ok := intent.TypeIn(text, v)
			if !ok {
				return nil, errNotAnswer
			}
			return b.leaveFromText(ctx, t, d.Data["text"]+" "+text, key)
		},
		// Which dates? The answer joins what was said before.
		"leave/dates": func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
			today := core.DateOf(t.now.In(t.member.Org.Location()))
			if _, found, err := intent.Span(text, today, when.Future); err == nil && !found {
				return nil, errNotAnswer
			}
			return b.leaveFromText(ctx, t, d.Data["text"]+" "+text, d.Data["type"])
		},
		"leave/confirm": func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
			// Typing another request instead of pressing Submit starts over
			// with it; anything else ("show my leave") is read on its own.
			v, err := b.leaveVocab(ctx, t)
			if err != nil {
				return nil, err
			}
			if intent.Classify(text, v) != intent.LeaveRequest {
				return nil, errNotAnswer
			}
			return b.leaveFromText(ctx, t, text, "")
		},
		"leave/reject": func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
			return b.leaveDecide(ctx, t, d.Data["id"], false, strings.TrimSpace(text))
		},
	}
}

// leaveVocab is the words for the leave types the member may take.
func (b *Bot) leaveVocab(ctx context.Context, t *turn) (intent.Vocab, error) {
	setup, err := b.cfg.Leave.Setup(ctx, t.member.Org)
	if err != nil {
		return intent.Vocab{}, err
	}
	return intent.Vocab{LeaveTypes: leaveVocab(setup.AvailableTypes(t.member.Employee))}, nil
}

// leaveRequest reads a one-line request: `请假 年假 12月1日到3日 回老家`,
// `leave sick tomorrow afternoon`, `请假 事假 明天 下午3点到5点 看病`. What is
// missing is asked for; then a preview waits for Submit.
func (b *Bot) leaveRequest(ctx context.Context, t *turn, args string) ([]Reply, error) {
	return b.leaveFromText(ctx, t, args, "")
}

// leaveFromText reads a request in the person's words; typeKey, when set,
// is the type already chosen.
func (b *Bot) leaveFromText(ctx context.Context, t *turn, text, typeKey string) ([]Reply, error) {
	setup, err := b.cfg.Leave.Setup(ctx, t.member.Org)
	if err != nil {
		return nil, err
	}
	types := setup.AvailableTypes(t.member.Employee)
	if len(types) == 0 {
		return []Reply{{Text: b.T(t, "leave.none_configured")}}, nil
	}
	today := core.DateOf(t.now.In(t.member.Org.Location()))
	// Every type is read, so asking for one that is not yours is answered
	// as such (the service refuses it), not with the list of the others.
	l, err := intent.ParseLeave(text, intent.Vocab{LeaveTypes: leaveVocab(setup.Types)}, today)
	if err != nil {
		return nil, err
	}
	if typeKey == "" {
		typeKey = l.Type
	}
	if lt, ok := setup.Type(typeKey); ok && !lt.ForEmployee(t.member.Employee) {
		return nil, core.Errorf(core.EInvalid, "leave.not_for_you", "%s does not apply", lt.Key).With("type", b.typeName(t, lt))
	}
	switch {
	case typeKey == "":
		return b.askLeaveType(ctx, t, text, types)
	case !l.HasSpan:
		if err := b.beginDialog(ctx, t, "leave", "dates", map[string]string{"type": typeKey, "text": text}); err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "leave.ask_dates"), Buttons: b.cancelButton(t)}}, nil
	}
	ask, err := b.leaveAsk(t, setup, typeKey, l)
	if err != nil {
		return nil, err
	}
	return b.previewLeave(ctx, t, setup, ask)
}

// askLeaveType asks which type of leave, with a button for each type the
// person may take; the text typed so far waits in the dialog.
func (b *Bot) askLeaveType(ctx context.Context, t *turn, text string, types []leave.Type) ([]Reply, error) {
	if err := b.beginDialog(ctx, t, "leave", "type", map[string]string{"text": text}); err != nil {
		return nil, err
	}
	var rows [][]Button
	for i, lt := range types {
		if i%3 == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], Button{Label: b.typeName(t, lt), ActionID: "leave.type", Value: lt.Key})
	}
	rows = append(rows, b.cancelButton(t)[0])
	return []Reply{{Text: b.T(t, "leave.ask_type"), Buttons: rows}}, nil
}

// leaveAsk turns what was read from the text into a request to cost: a
// span of days, or hours within one (by the clock or as a length).
func (b *Bot) leaveAsk(t *turn, setup leave.Setup, typeKey string, l intent.Leave) (leave.Ask, error) {
	ask := leave.Ask{Type: typeKey, Span: leaveSpan(l.Span), Reason: l.Reason}
	switch {
	case l.HasClock:
		ask.Clock = leave.Clock{Start: l.Clock.Start, End: l.Clock.End}
	case l.Minutes > 0 && l.Minutes%60 != 0:
		lt, _ := setup.Type(typeKey)
		return leave.Ask{}, core.Errorf(core.EInvalid, "leave.whole_hours", "hours must be whole").With("type", b.typeName(t, lt))
	case l.Minutes > 0:
		ask.Hours = l.Minutes / 60
	}
	return ask, nil
}

// previewLeave costs the request against the balance and shows it with
// Submit and Cancel; the request waits in the dialog under a nonce, so a
// stale Submit cannot file something else.
func (b *Bot) previewLeave(ctx context.Context, t *turn, setup leave.Setup, ask leave.Ask) ([]Reply, error) {
	p, err := b.cfg.Leave.Preview(ctx, *t.member, ask)
	if err != nil {
		return nil, err
	}
	nonce := newNonce()
	if err := b.beginDialog(ctx, t, "leave", "confirm", map[string]string{
		"nonce": nonce, "type": ask.Type, "from": ask.Span.From.String(), "to": ask.Span.To.String(),
		"from_part": string(ask.Span.FromPart), "to_part": string(ask.Span.ToPart), "hours": strconv.Itoa(ask.Hours),
		"clock_start": strconv.Itoa(ask.Clock.Start), "clock_end": strconv.Itoa(ask.Clock.End), "reason": ask.Reason,
	}); err != nil {
		return nil, err
	}
	dm := setup.Policy.DayMinutes
	lines := []string{b.T(t, "leave.preview", "type", b.typeName(t, p.Type), "span", b.askLabel(t, ask), "cost", b.leaveCost(t, p.Type, p.Minutes, dm))}
	if p.Balance.Unlimited {
		lines = append(lines, b.T(t, "leave.preview_unlimited"))
	} else {
		lines = append(lines, b.T(t, "leave.preview_balance", "before", b.leaveNumber(p.Type, p.Balance.Available, dm),
			"after", b.leaveNumber(p.Type, p.After, dm), "unit", b.leaveUnit(t, p.Type)))
	}
	if ask.Reason != "" {
		lines = append(lines, b.T(t, "leave.preview_reason", "reason", ask.Reason))
	}
	if p.Type.AttachmentRequired {
		lines = append(lines, b.attachmentLine(t, p.Type))
	}
	approval := b.T(t, "leave.preview_approver", "approver", p.Approver.Name)
	if p.NeedsHR {
		approval += " " + b.T(t, "leave.preview_hr")
	}
	lines = append(lines, approval)
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: [][]Button{{
		{Label: b.T(t, "button.submit"), ActionID: "leave.submit", Value: nonce},
		{Label: b.T(t, "button.cancel"), ActionID: "dialog.cancel"},
	}}}}, nil
}

func newNonce() string {
	buf := make([]byte, 6)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}

func (b *Bot) leaveChooseType(ctx context.Context, t *turn, value string) ([]Reply, error) {
	d, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	if !open || d.Name != "leave" || d.Step != "type" {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	replies, err := b.leaveFromText(ctx, t, d.Data["text"], value)
	// What comes next takes the place of the type buttons (edited on
	// Slack and Telegram), so they cannot be pressed again.
	for i := range replies {
		replies[i].ReplaceMessage = true
	}
	return replies, err
}

func (b *Bot) leaveSubmit(ctx context.Context, t *turn, nonce string) ([]Reply, error) {
	d, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	// Only the preview on screen can be submitted, and only once.
	if !open || d.Name != "leave" || d.Step != "confirm" || d.Data["nonce"] != nonce {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	from, err1 := core.ParseDate(d.Data["from"])
	to, err2 := core.ParseDate(d.Data["to"])
	if err1 != nil || err2 != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, b.endDialog(ctx, t)
	}
	hours, _ := strconv.Atoi(d.Data["hours"])
	clockStart, _ := strconv.Atoi(d.Data["clock_start"])
	clockEnd, _ := strconv.Atoi(d.Data["clock_end"])
	ask := leave.Ask{Type: d.Data["type"], Hours: hours, Reason: d.Data["reason"], Clock: leave.Clock{Start: clockStart, End: clockEnd},
		Span: leave.Span{From: from, To: to, FromPart: leave.Part(d.Data["from_part"]), ToPart: leave.Part(d.Data["to_part"])}}
	r, p, err := b.cfg.Leave.Submit(ctx, *t.member, ask, t.channel())
	if err != nil {
		return nil, err
	}
	docs, err := b.leaveSubmitted(ctx, t, d.Data["docs"], r, p.Type)
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	text := b.T(t, "leave.submitted", "type", b.typeName(t, p.Type), "span", b.requestLabel(t, r), "approver", p.Approver.Name, "id", strconv.FormatInt(r.ID, 10))
	if docs != "" {
		text += "\n" + docs
	}
	return []Reply{{Text: text, ReplaceMessage: true}}, nil
}

// leaveRequestReply is what an approver sees: the request, the balance it
// leaves, how many of the same job are already off, and the buttons.
func (b *Bot) leaveRequestReply(ctx context.Context, t *turn, r leave.Request, reminder bool) (Reply, error) {
	setup, err := b.cfg.Leave.Setup(ctx, t.member.Org)
	if err != nil {
		return Reply{}, err
	}
	lt, _ := setup.Type(r.Type)
	dm := setup.Policy.DayMinutes
	lines := []string{b.T(t, "leave.request", "name", r.EmployeeName, "type", b.typeName(t, lt), "span", b.requestLabel(t, r), "cost", b.leaveCost(t, lt, r.Minutes, dm))}
	if reminder {
		lines[0] = b.T(t, "leave.reminder") + " " + lines[0]
	}
	if r.Reason != "" {
		lines = append(lines, b.T(t, "leave.preview_reason", "reason", r.Reason))
	}
	docLines, docButtons := b.leaveDocuments(ctx, t, r, lt)
	lines = append(lines, docLines...)
	if r.Step == leave.StepHR {
		lines = append(lines, b.T(t, "leave.hr_step"))
	}
	if o, err := b.cfg.Leave.OverlapFor(ctx, *t.member, r); err == nil && o.Job != "" {
		lines = append(lines, b.T(t, "leave.overlap", "off", strconv.Itoa(o.Off), "of", strconv.Itoa(o.Of), "job", b.jobLabel(t, o.Job)))
	}
	id := strconv.FormatInt(r.ID, 10)
	buttons := [][]Button{{
		{Label: b.T(t, "button.approve"), ActionID: "leave.approve", Value: id},
		{Label: b.T(t, "button.reject"), ActionID: "leave.reject", Value: id},
	}}
	if len(docButtons) > 0 {
		buttons = append(buttons, docButtons)
	}
	return Reply{Text: strings.Join(lines, "\n"), Buttons: buttons}, nil
}

func (b *Bot) leaveAskRejectReason(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	r, err := b.cfg.Leave.Find(ctx, *t.member, id)
	if err != nil {
		return nil, err
	}
	if r.Status != leave.Pending {
		return nil, leave.Decided(r)
	}
	if err := b.beginDialog(ctx, t, "leave", "reject", map[string]string{"id": value}); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "leave.ask_reject_reason", "name", r.EmployeeName), Buttons: b.cancelButton(t)}}, nil
}

func (b *Bot) leaveDecide(ctx context.Context, t *turn, value string, approve bool, reason string) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	r, err := b.cfg.Leave.Decide(ctx, *t.member, id, approve, reason, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	key := "leave.approved"
	switch {
	case r.Status == leave.Rejected:
		key = "leave.rejected"
	case r.Status == leave.Pending:
		key = "leave.passed_to_hr"
	}
	return []Reply{{Text: b.T(t, key, "name", r.EmployeeName, "span", b.requestLabel(t, r), "reason", r.RejectReason),
		ReplaceMessage: t.in.Action != nil}}, nil
}

func (b *Bot) leaveCancel(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	r, err := b.cfg.Leave.Cancel(ctx, *t.member, id, t.channel())
	if err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "leave.cancelled", "span", b.requestLabel(t, r)), ReplaceMessage: true}}, nil
}

// leaveNotification renders a leave notification with the request's
// current state: a request already decided is not offered for approval.
func (b *Bot) leaveNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	if b.cfg.Leave == nil {
		return nil
	}
	id, _ := strconv.ParseInt(n.Params["id"], 10, 64)
	r, err := b.cfg.Leave.Find(ctx, *t.member, id)
	if err != nil {
		return nil
	}
	switch n.Kind {
	case core.NotifyLeaveRequest:
		if r.Status != leave.Pending || r.ApproverID != t.member.Employee.ID {
			return nil
		}
		reply, err := b.leaveRequestReply(ctx, t, r, n.Params["reminder"] != "")
		if err != nil {
			return nil
		}
		return []Reply{reply}
	case core.NotifyLeaveDecided:
		key := "leave.decided_" + string(r.Status)
		return []Reply{{Text: b.T(t, key, "by", r.DecidedBy, "span", b.requestLabel(t, r), "reason", r.RejectReason)}}
	case core.NotifyLeaveCancelled:
		return []Reply{{Text: b.T(t, "leave.cancelled_by", "name", r.EmployeeName, "span", b.requestLabel(t, r))}}
	}
	return nil
}

// cancelLeaveText finds the leave a person asks to cancel ("cancel my
// sick leave tomorrow", "取消明天的假") among their pending and coming
// requests, and offers each match with its Cancel button: cancelling takes
// a press, so a misread message never cancels the wrong leave.
func (b *Bot) cancelLeaveText(ctx context.Context, t *turn, text string, v intent.Vocab) ([]Reply, error) {
	today := core.DateOf(t.now.In(t.member.Org.Location()))
	l, err := intent.ParseLeave(text, v, today)
	if err != nil {
		return nil, err
	}
	replies, err := b.cancellableLeave(ctx, t, func(r leave.Request) bool {
		return (l.Type == "" || r.Type == l.Type) &&
			(!l.HasSpan || !r.Span.To.Before(l.Span.From) && !r.Span.From.After(l.Span.To))
	})
	if err != nil {
		return nil, err
	}
	if len(replies) == 0 {
		return []Reply{{Text: b.T(t, "leave.cancel_none")}}, nil
	}
	return append([]Reply{{Text: b.T(t, "leave.cancel_pick")}}, replies...), nil
}
