package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot/intent"
	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/transfer"
)

// TransferDesk runs transfers (调岗) for the bot (transfer.Service).
type TransferDesk interface {
	Preview(ctx context.Context, m core.Member, ask transfer.Ask, channel string) (transfer.Transfer, error)
	Request(ctx context.Context, m core.Member, ask transfer.Ask, channel string) (transfer.Transfer, error)
	Decide(ctx context.Context, m core.Member, id int64, approve bool, reason, channel string) (transfer.Transfer, error)
	Cancel(ctx context.Context, m core.Member, id int64, channel string) (transfer.Transfer, error)
	Find(ctx context.Context, m core.Member, id int64) (transfer.Transfer, error)
	Open(ctx context.Context, m core.Member) ([]transfer.Transfer, error)
}

func (b *Bot) transferFeature() feature {
	if b.cfg.Transfers == nil {
		return feature{}
	}
	return feature{
		commands: []command{
			{name: "transfer", aliases: []string{"调岗", "转岗"}, helpKey: "help.cmd.transfer", run: b.transferCmd},
			{name: "transfers", aliases: []string{"调岗审批", "调岗列表"}, helpKey: "help.cmd.transfers", run: b.transferList},
		},
		actions: map[string]actionHandler{
			"transfer.submit": {run: b.transferSubmit},
			"transfer.approve": {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) {
				return b.transferDecide(ctx, t, v, true, "")
			}},
			"transfer.reject": {run: b.transferAskRejectReason},
			"transfer.cancel": {run: b.transferCancel},
		},
		dialogs: b.transferDialogs(),
		notifications: map[string]notificationRenderer{
			core.NotifyTransferRequest: b.transferNotification, core.NotifyTransferDecided: b.transferNotification,
			core.NotifyTransferEffective: b.transferNotification,
		},
	}
}

func (b *Bot) transferDialogs() map[string]dialogStep {
	// Each answer joins what was typed before, and the whole is read
	// again: the next thing missing is asked for, or the preview shown.
	join := func(answer func(t *turn, text string) (string, error)) dialogStep {
		return func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
			text = strings.TrimSpace(text)
			if text == "" {
				return nil, errNotAnswer
			}
			more, err := answer(t, text)
			if err != nil {
				return nil, err
			}
			if more == "" { // not an answer yet: the same question again
				return []Reply{{Text: b.T(t, "transfer.ask_"+d.Step), Buttons: b.cancelButton(t)}}, nil
			}
			if d.Step == "person" {
				return b.transferFromText(ctx, t, more+" "+d.Data["text"])
			}
			return b.transferFromText(ctx, t, d.Data["text"]+" "+more)
		}
	}
	same := func(_ *turn, s string) (string, error) { return s, nil }
	return map[string]dialogStep{
		"transfer/person": join(same),
		"transfer/reason": join(same),
		// What changes: fields only, so a stray word is not taken for the reason.
		"transfer/what": join(func(_ *turn, s string) (string, error) {
			var fields []string
			for _, w := range strings.Fields(s) {
				if _, _, ok := splitField(w); ok {
					fields = append(fields, w)
				}
			}
			return strings.Join(fields, " "), nil
		}),
		"transfer/date": join(func(t *turn, s string) (string, error) {
			d, err := transferDate(s, core.DateOf(t.now.In(t.member.Org.Location())))
			if err != nil {
				return "", err
			}
			return "from=" + d.String(), nil
		}),
		// Typing anything instead of pressing Submit leaves the preview.
		"transfer/confirm": func(context.Context, *turn, conversation.Dialog, string) ([]Reply, error) { return nil, errNotAnswer },
		"transfer/reject": func(ctx context.Context, t *turn, d conversation.Dialog, text string) ([]Reply, error) {
			return b.transferDecide(ctx, t, d.Data["id"], false, strings.TrimSpace(text))
		},
	}
}

// transferCmd reads `/transfer PERSON job=… team=… manager=… schedule=…
// pay=monthly:9000 from=2026-12-07 REASON` (or /调岗 with 岗位=, 团队=, 上级=,
// 排班=, 薪资=, 生效=); what is missing is asked for, one thing at a time.
func (b *Bot) transferCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	return b.transferFromText(ctx, t, args)
}

// transferFromText asks for what text lacks, or previews the transfer
// it asks for with Submit; the text waits in the dialog under a nonce.
func (b *Bot) transferFromText(ctx context.Context, t *turn, text string) ([]Reply, error) {
	today := core.DateOf(t.now.In(t.member.Org.Location()))
	ask, err := parseTransfer(text, today)
	if err != nil {
		return nil, err
	}
	step := ""
	switch {
	case ask.Person == "":
		step = "person"
	case ask.Job == "" && ask.Team == "" && ask.Manager == "" && ask.Schedule == nil && ask.Pay == nil:
		step = "what"
	case ask.Effective.IsZero():
		step = "date"
	case ask.Reason == "":
		step = "reason"
	}
	if step != "" {
		if err := b.beginDialog(ctx, t, "transfer", step, map[string]string{"text": text}); err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "transfer.ask_"+step), Buttons: b.cancelButton(t)}}, nil
	}
	tr, err := b.cfg.Transfers.Preview(ctx, *t.member, ask, t.channel())
	if err != nil {
		return nil, err
	}
	nonce := newNonce()
	if err := b.beginDialog(ctx, t, "transfer", "confirm", map[string]string{"text": text, "nonce": nonce}); err != nil {
		return nil, err
	}
	lines := append([]string{b.T(t, "transfer.preview", "name", tr.EmployeeName, "date", tr.Effective.String())}, b.transferChanges(t, tr)...)
	lines = append(lines, b.T(t, "transfer.reason_line", "reason", tr.Reason))
	if tr.ApproverID != 0 {
		lines = append(lines, b.T(t, "transfer.preview_approver", "approver", core.NameIn(tr.ApproverName, t.locale),
			"step", b.T(t, "transfer.step."+string(tr.Step))))
	} else {
		lines = append(lines, b.T(t, "transfer.preview_no_approval"))
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: [][]Button{{
		{Label: b.T(t, "button.submit"), ActionID: "transfer.submit", Value: nonce},
		{Label: b.T(t, "button.cancel"), ActionID: "dialog.cancel"},
	}}}}, nil
}

func (b *Bot) transferSubmit(ctx context.Context, t *turn, nonce string) ([]Reply, error) {
	d, open, err := b.openDialog(ctx, t)
	if err != nil {
		return nil, err
	}
	if !open || d.Name != "transfer" || d.Step != "confirm" || d.Data["nonce"] != nonce {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	ask, err := parseTransfer(d.Data["text"], core.DateOf(t.now.In(t.member.Org.Location())))
	if err != nil {
		return nil, err
	}
	tr, err := b.cfg.Transfers.Request(ctx, *t.member, ask, t.channel())
	if err != nil {
		return nil, err
	}
	if err := b.endDialog(ctx, t); err != nil {
		return nil, err
	}
	key := "transfer.submitted"
	switch tr.Status {
	case transfer.Approved:
		key = "transfer.approved_at_once"
	case transfer.Done:
		key = "transfer.in_effect_now"
	}
	return []Reply{{Text: b.T(t, key, "id", strconv.FormatInt(tr.ID, 10), "name", core.NameIn(tr.EmployeeName, t.locale),
		"approver", core.NameIn(tr.ApproverName, t.locale), "date", tr.Effective.String()), ReplaceMessage: true}}, nil
}

// transferKeys are the words a transfer's fields are written with.
var transferKeys = map[string]string{
	"job": "job", "岗位": "job", "职位": "job",
	"team": "team", "团队": "team", "部门": "team", "小组": "team", "组": "team",
	"manager": "manager", "上级": "manager", "主管": "manager", "经理": "manager",
	"schedule": "schedule", "排班": "schedule", "班次": "schedule",
	"offset": "offset", "轮班偏移": "offset", "偏移": "offset",
	"pay": "pay", "薪资": "pay", "工资": "pay", "薪酬": "pay",
	"allowances": "allowances", "补贴": "allowances",
	"from": "from", "date": "from", "effective": "from", "生效": "from", "生效日期": "from", "日期": "from",
	"reason": "reason", "原因": "reason", "理由": "reason",
}

// splitField reads "key=value" (also ＝, and ：or : after a known key).
func splitField(word string) (key, value string, ok bool) {
	for _, sep := range []string{"=", "＝", "：", ":"} {
		k, v, found := strings.Cut(word, sep)
		if !found {
			continue
		}
		if key, known := transferKeys[strings.ToLower(strings.TrimSpace(k))]; known {
			return key, strings.TrimSpace(v), true
		}
		if sep == "=" || sep == "＝" {
			return "", "", false
		}
	}
	return "", "", false
}

// parseTransfer reads a transfer's words: the person first, fields as
// key=value, the rest the reason. Errors: EInvalid for a date, pay or
// offset that cannot be read.
func parseTransfer(text string, today core.Date) (transfer.Ask, error) {
	var ask transfer.Ask
	var reason []string
	var payWord, allowances string
	for i, word := range strings.Fields(text) {
		key, value, ok := splitField(word)
		if !ok {
			if i == 0 {
				ask.Person = word
			} else {
				reason = append(reason, word)
			}
			continue
		}
		switch key {
		case "job":
			ask.Job = value
		case "team":
			ask.Team = value
		case "manager":
			ask.Manager = value
		case "schedule":
			v := value
			ask.Schedule = &v
		case "offset":
			n, err := strconv.Atoi(value)
			if err != nil {
				return ask, core.Errorf(core.EInvalid, "transfer.bad_offset", "bad offset %q", value).With("value", value)
			}
			ask.Offset = n
		case "pay":
			payWord = value
		case "allowances":
			allowances = value
		case "from":
			d, err := transferDate(value, today)
			if err != nil {
				return ask, err
			}
			ask.Effective = d
		case "reason":
			reason = append(reason, value)
		}
	}
	ask.Reason = strings.TrimSpace(strings.Join(reason, " "))
	if payWord != "" || allowances != "" {
		p, err := parsePay(payWord, allowances)
		if err != nil {
			return ask, err
		}
		ask.Pay = &p
	}
	return ask, nil
}

// transferDate reads an effective date: 2026-12-07, 12月7日, next monday, 下周一.
func transferDate(value string, today core.Date) (core.Date, error) {
	if d, err := core.ParseDate(value); err == nil {
		return d, nil
	}
	span, found, err := intent.Span(value, today, when.Future)
	if err != nil || !found {
		return core.Date{}, core.Errorf(core.EInvalid, "transfer.bad_date", "bad date %q", value).With("value", value)
	}
	return span.From, nil
}

// parsePay reads pay=monthly:9000 (月薪:9000, or a bare amount: monthly),
// hourly:45 (时薪:45), and allowances=meal:300;transport:200.
func parsePay(word, allowances string) (pay.Terms, error) {
	bad := func(v string) error {
		return core.Errorf(core.EInvalid, "transfer.bad_pay", "bad pay %q", v).With("value", v)
	}
	if word == "" {
		return pay.Terms{}, bad("allowances=" + allowances)
	}
	p := pay.Terms{Kind: pay.Monthly, KeepAllowances: allowances == ""}
	kind, amount, found := strings.Cut(strings.ReplaceAll(word, "：", ":"), ":")
	if !found {
		kind, amount = "monthly", word
	}
	switch strings.ToLower(kind) {
	case "monthly", "月薪", "月":
	case "hourly", "时薪", "小时":
		p.Kind = pay.Hourly
	default:
		return pay.Terms{}, bad(word)
	}
	d, err := decimal.NewFromString(strings.ReplaceAll(amount, ",", ""))
	if err != nil || !d.IsPositive() {
		return pay.Terms{}, bad(word)
	}
	if p.Kind == pay.Hourly {
		p.HourlyRate = d
	} else {
		p.Salary = d
	}
	for _, a := range strings.FieldsFunc(allowances, func(r rune) bool { return r == ';' || r == '；' || r == ',' }) {
		n, v, ok := strings.Cut(strings.ReplaceAll(a, "：", ":"), ":")
		amt, err := decimal.NewFromString(v)
		if !ok || strings.TrimSpace(n) == "" || err != nil || amt.IsNegative() {
			return pay.Terms{}, bad("allowances=" + allowances)
		}
		p.Allowances = append(p.Allowances, pay.Allowance{Name: strings.TrimSpace(n), Amount: amt})
	}
	return p, nil
}
