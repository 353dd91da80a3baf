package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
)

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
		"leave/dates": func(ctx context.Context, t *turn, d core.Dialog, text string) ([]Reply, error) {
			return b.leaveFromText(ctx, t, d.Data["type"]+" "+text+" "+d.Data["reason"], d.Data["type"])
		},
		"leave/confirm": func(ctx context.Context, t *turn, d core.Dialog, text string) ([]Reply, error) {
			// Typing instead of pressing Submit starts over with what was typed.
			return b.leaveFromText(ctx, t, text, "")
		},
		"leave/reject": func(ctx context.Context, t *turn, d core.Dialog, text string) ([]Reply, error) {
			return b.leaveDecide(ctx, t, d.Data["id"], false, strings.TrimSpace(text))
		},
	}
}

var hoursPattern = regexp.MustCompile(`(?i)(\d{1,2})\s*(?:个)?(?:小时|hours?\b|hrs?\b|h\b)`)

// leaveRequest reads a one-line request: `请假 年假 12月1日到3日 回老家`,
// `leave sick tomorrow afternoon`, `请假 事假 明天 2小时 看病`. What is
// missing is asked for; then a preview waits for Submit.
func (b *Bot) leaveRequest(ctx context.Context, t *turn, args string) ([]Reply, error) {
	return b.leaveFromText(ctx, t, args, "")
}

func (b *Bot) leaveFromText(ctx context.Context, t *turn, text, typeKey string) ([]Reply, error) {
	setup, err := b.cfg.Leave.Setup(ctx, t.member.Org)
	if err != nil {
		return nil, err
	}
	if len(setup.Types) == 0 {
		return []Reply{{Text: b.T(t, "leave.none_configured")}}, nil
	}
	var rest []string
	for _, w := range strings.Fields(text) {
		if lt, ok := setup.TypeByWord(w); ok && typeKey == "" {
			typeKey = lt.Key
			continue
		} else if ok && lt.Key == typeKey {
			continue
		}
		rest = append(rest, w)
	}
	text = strings.Join(rest, " ")
	if typeKey == "" {
		// Chinese runs words together: 请假年假明天.
		for _, lt := range setup.Types {
			for _, a := range lt.Aliases {
				if a != "" && strings.Contains(text, a) && typeKey == "" {
					typeKey, text = lt.Key, strings.Replace(text, a, " ", 1)
				}
			}
		}
	}
	hours := 0
	if m := hoursPattern.FindStringSubmatchIndex(text); m != nil {
		hours, _ = strconv.Atoi(text[m[2]:m[3]])
		text = text[:m[0]] + " " + text[m[1]:]
	}
	today := core.DateOf(t.now.In(t.member.Org.Location()))
	span, reasonText, found, err := when.FindSpan(text, today, when.Future)
	if err != nil {
		return nil, err
	}
	reason := strings.TrimSpace(reasonText)
	if typeKey == "" {
		data := map[string]string{"text": text}
		if err := b.beginDialog(ctx, t, "leave", "type", data); err != nil {
			return nil, err
		}
		var rows [][]Button
		for i, lt := range setup.Types {
			if i%3 == 0 {
				rows = append(rows, nil)
			}
			rows[len(rows)-1] = append(rows[len(rows)-1], Button{Label: lt.Name, ActionID: "leave.type", Value: lt.Key})
		}
		rows = append(rows, b.cancelButton(t)[0])
		return []Reply{{Text: b.T(t, "leave.ask_type"), Buttons: rows}}, nil
	}
	if !found {
		if err := b.beginDialog(ctx, t, "leave", "dates", map[string]string{"type": typeKey, "reason": reason}); err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "leave.ask_dates"), Buttons: b.cancelButton(t)}}, nil
	}
	ask := leave.Ask{Type: typeKey, Span: leaveSpan(span), Hours: hours, Reason: reason}
	p, err := b.cfg.Leave.Preview(ctx, *t.member, ask)
	if err != nil {
		return nil, err
	}
	nonce := newNonce()
	if err := b.beginDialog(ctx, t, "leave", "confirm", map[string]string{
		"nonce": nonce, "type": ask.Type, "from": ask.Span.From.String(), "to": ask.Span.To.String(),
		"from_part": string(ask.Span.FromPart), "to_part": string(ask.Span.ToPart), "hours": strconv.Itoa(hours), "reason": ask.Reason,
	}); err != nil {
		return nil, err
	}
	dm := setup.Policy.DayMinutes
	lines := []string{
		b.T(t, "leave.preview", "type", p.Type.Name, "span", b.spanLabel(t, ask.Span), "days", leave.Days(p.Minutes, dm)),
	}
	if p.Balance.Unlimited {
		lines = append(lines, b.T(t, "leave.preview_unlimited"))
	} else {
		lines = append(lines, b.T(t, "leave.preview_balance", "before", leave.Days(p.Balance.Available, dm), "after", leave.Days(p.After, dm)))
	}
	if ask.Reason != "" {
		lines = append(lines, b.T(t, "leave.preview_reason", "reason", ask.Reason))
	}
	if p.Type.AttachmentRequired {
		lines = append(lines, b.T(t, "leave.attachment", "type", p.Type.Name))
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

func leaveSpan(s when.Span) leave.Span {
	part := func(p when.Part) leave.Part {
		switch p {
		case when.Morning:
			return leave.Morning
		case when.Afternoon:
			return leave.Afternoon
		}
		return leave.FullDay
	}
	return leave.Span{From: s.From, To: s.To, FromPart: part(s.FromPart), ToPart: part(s.ToPart)}
}

func (b *Bot) spanLabel(t *turn, s leave.Span) string {
	label := func(d core.Date, p leave.Part) string {
		if p == leave.FullDay {
			return d.String()
		}
		return d.String() + " " + b.T(t, "part."+string(p))
	}
	if s.From == s.To && s.FromPart == s.ToPart {
		return label(s.From, s.FromPart)
	}
	return label(s.From, s.FromPart) + " → " + label(s.To, s.ToPart)
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
	return b.leaveFromText(ctx, t, d.Data["text"], value)
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
	ask := leave.Ask{Type: d.Data["type"], Hours: hours, Reason: d.Data["reason"],
		Span: leave.Span{From: from, To: to, FromPart: leave.Part(d.Data["from_part"]), ToPart: leave.Part(d.Data["to_part"])}}
	r, p, err := b.cfg.Leave.Submit(ctx, *t.member, ask, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	return []Reply{{Text: b.T(t, "leave.submitted", "type", p.Type.Name, "span", b.spanLabel(t, r.Span), "approver", p.Approver.Name, "id", strconv.FormatInt(r.ID, 10)),
		ReplaceMessage: true}}, nil
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
	lines := []string{b.T(t, "leave.request", "name", r.EmployeeName, "type", lt.Name, "span", b.spanLabel(t, r.Span), "days", leave.Days(r.Minutes, dm))}
	if reminder {
		lines[0] = b.T(t, "leave.reminder") + " " + lines[0]
	}
	if r.Reason != "" {
		lines = append(lines, b.T(t, "leave.preview_reason", "reason", r.Reason))
	}
	if lt.AttachmentRequired {
		lines = append(lines, b.T(t, "leave.attachment_check", "type", lt.Name))
	}
	if r.Step == leave.StepHR {
		lines = append(lines, b.T(t, "leave.hr_step"))
	}
	if o, err := b.cfg.Leave.OverlapFor(ctx, *t.member, r); err == nil && o.Job != "" {
		lines = append(lines, b.T(t, "leave.overlap", "off", strconv.Itoa(o.Off), "of", strconv.Itoa(o.Of), "job", b.jobLabel(t, o.Job)))
	}
	id := strconv.FormatInt(r.ID, 10)
	return Reply{Text: strings.Join(lines, "\n"), Buttons: [][]Button{{
		{Label: b.T(t, "button.approve"), ActionID: "leave.approve", Value: id},
		{Label: b.T(t, "button.reject"), ActionID: "leave.reject", Value: id},
	}}}, nil
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
	return []Reply{{Text: b.T(t, key, "name", r.EmployeeName, "span", b.spanLabel(t, r.Span), "reason", r.RejectReason),
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
	return []Reply{{Text: b.T(t, "leave.cancelled", "span", b.spanLabel(t, r.Span)), ReplaceMessage: true}}, nil
}

func (b *Bot) balance(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	setup, err := b.cfg.Leave.Setup(ctx, t.member.Org)
	if err != nil {
		return nil, err
	}
	bs, err := b.cfg.Leave.Balances(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return []Reply{{Text: b.T(t, "leave.none_configured")}}, nil
	}
	dm := setup.Policy.DayMinutes
	lines := []string{b.T(t, "balance.title", "year", strconv.Itoa(bs[0].Year))}
	for _, x := range bs {
		if x.Unlimited {
			lines = append(lines, b.T(t, "balance.unlimited", "type", x.Type.Name, "used", leave.Days(x.Used, dm)))
			continue
		}
		line := b.T(t, "balance.line", "type", x.Type.Name, "available", leave.Days(x.Available, dm),
			"entitled", leave.Days(x.Entitled+x.Carried+x.Adjusted, dm), "used", leave.Days(x.Used, dm))
		if x.Pending > 0 {
			line += " " + b.T(t, "balance.pending", "pending", leave.Days(x.Pending, dm))
		}
		lines = append(lines, line)
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
}

func (b *Bot) myLeave(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	rs, err := b.cfg.Leave.Mine(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	setup, err := b.cfg.Leave.Setup(ctx, t.member.Org)
	if err != nil {
		return nil, err
	}
	var replies []Reply
	for _, r := range rs {
		if r.Status != leave.Pending && r.Status != leave.Approved {
			continue
		}
		name := r.Type
		if lt, ok := setup.Type(r.Type); ok {
			name = lt.Name
		}
		replies = append(replies, Reply{
			Text:    b.T(t, "myleave.line", "span", b.spanLabel(t, r.Span), "status", b.T(t, "leave.status."+string(r.Status)), "type", name),
			Buttons: [][]Button{{{Label: b.T(t, "button.cancel_leave"), ActionID: "leave.cancel", Value: strconv.FormatInt(r.ID, 10)}}},
		})
	}
	if len(replies) == 0 {
		return []Reply{{Text: b.T(t, "myleave.none")}}, nil
	}
	return append([]Reply{{Text: b.T(t, "myleave.title")}}, replies...), nil
}

func (b *Bot) whosOff(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	rs, from, to, err := b.cfg.Leave.WhosOff(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return []Reply{{Text: b.T(t, "whosoff.none", "from", from.String(), "to", to.String())}}, nil
	}
	lines := []string{b.T(t, "whosoff.title", "from", from.String(), "to", to.String())}
	for _, r := range rs {
		lines = append(lines, fmt.Sprintf("• %s: %s", r.EmployeeName, b.spanLabel(t, r.Span)))
	}
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}

// leaveNotification renders a leave notification with the request's
// current state: a request already decided is not offered for approval.
func (b *Bot) leaveNotification(ctx context.Context, t *turn, n core.Notification, id int64) (Reply, bool) {
	if b.cfg.Leave == nil {
		return Reply{}, false
	}
	r, err := b.cfg.Leave.Find(ctx, *t.member, id)
	if err != nil {
		return Reply{}, false
	}
	switch n.Kind {
	case "leave.request":
		if r.Status != leave.Pending || r.ApproverID != t.member.Employee.ID {
			return Reply{}, false
		}
		reply, err := b.leaveRequestReply(ctx, t, r, n.Params["reminder"] != "")
		return reply, err == nil
	case "leave.decided":
		key := "leave.decided_" + string(r.Status)
		return Reply{Text: b.T(t, key, "by", r.DecidedBy, "span", b.spanLabel(t, r.Span), "reason", r.RejectReason)}, true
	case "leave.cancelled":
		return Reply{Text: b.T(t, "leave.cancelled_by", "name", r.EmployeeName, "span", b.spanLabel(t, r.Span))}, true
	}
	return Reply{}, false
}
