package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/bot/intent"
	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
)

// balance shows the member's balances; a message naming a type ("年假还剩
// 多少") shows that one.
func (b *Bot) balance(ctx context.Context, t *turn, args string) ([]Reply, error) {
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
	if key, ok := intent.TypeIn(args, intent.Vocab{LeaveTypes: leaveVocab(setup.Types)}); ok {
		var one []leave.Balance
		for _, x := range bs {
			if x.Type.Key == key {
				one = append(one, x)
			}
		}
		if len(one) > 0 {
			bs = one
		}
	}
	lines := append([]string{b.T(t, "balance.title", "year", strconv.Itoa(bs[0].Year))}, b.balanceLines(t, setup, bs)...)
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
}

// balanceLines is one line per balance: what is left of what, used, pending.
func (b *Bot) balanceLines(t *turn, setup leave.Setup, bs []leave.Balance) []string {
	dm := setup.Policy.DayMinutes
	var lines []string
	for _, x := range bs {
		number := func(minutes int) string { return b.leaveNumber(x.Type, minutes, dm) }
		unit := b.leaveUnit(t, x.Type)
		if x.Unlimited {
			lines = append(lines, b.T(t, "balance.unlimited", "type", b.typeName(t, x.Type), "used", number(x.Used), "unit", unit))
			continue
		}
		line := b.T(t, "balance.line", "type", b.typeName(t, x.Type), "available", number(x.Available),
			"entitled", number(x.Entitled+x.Carried+x.Adjusted), "used", number(x.Used), "unit", unit)
		if x.Pending > 0 {
			line += " " + b.T(t, "balance.pending", "pending", number(x.Pending), "unit", unit)
		}
		lines = append(lines, line)
	}
	return lines
}

func (b *Bot) myLeave(ctx context.Context, t *turn, _ string) ([]Reply, error) {
	replies, err := b.cancellableLeave(ctx, t, func(leave.Request) bool { return true })
	if err != nil {
		return nil, err
	}
	if len(replies) == 0 {
		return []Reply{{Text: b.T(t, "myleave.none")}}, nil
	}
	return append([]Reply{{Text: b.T(t, "myleave.title")}}, replies...), nil
}

// cancellableLeave shows each of the member's pending and approved
// requests that match keep, with its Cancel button.
func (b *Bot) cancellableLeave(ctx context.Context, t *turn, keep func(leave.Request) bool) ([]Reply, error) {
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
		if (r.Status == leave.Pending || r.Status == leave.Approved) && keep(r) {
			replies = append(replies, b.cancellable(t, setup, r))
		}
	}
	return replies, nil
}

// cancellable shows one of the member's requests with its Cancel button.
func (b *Bot) cancellable(t *turn, setup leave.Setup, r leave.Request) Reply {
	name := r.Type
	if lt, ok := setup.Type(r.Type); ok {
		name = b.typeName(t, lt)
	}
	return Reply{
		Text:    b.T(t, "myleave.line", "span", b.requestLabel(t, r), "status", b.T(t, "leave.status."+string(r.Status)), "type", name),
		Buttons: [][]Button{{{Label: b.T(t, "button.cancel_leave"), ActionID: "leave.cancel", Value: strconv.FormatInt(r.ID, 10)}}},
	}
}

// whosOff lists who is off in the days the message names ("明天谁请假",
// "who's off next week"), this week when it names none.
func (b *Bot) whosOff(ctx context.Context, t *turn, args string) ([]Reply, error) {
	today := core.DateOf(t.now.In(t.member.Org.Location()))
	span, found, err := intent.Span(args, today, when.Future)
	if err != nil {
		return nil, err
	}
	var from, to core.Date
	if found {
		from, to = span.From, span.To
	}
	rs, from, to, err := b.cfg.Leave.WhosOff(ctx, *t.member, from, to)
	if err != nil {
		return nil, err
	}
	period := from.String() + " → " + to.String()
	if from == to {
		period = from.String()
	}
	if len(rs) == 0 {
		return []Reply{{Text: b.T(t, "whosoff.none", "period", period)}}, nil
	}
	lines := []string{b.T(t, "whosoff.title", "period", period)}
	for _, r := range rs {
		lines = append(lines, fmt.Sprintf("• %s: %s", core.NameIn(r.EmployeeName, t.locale), b.requestLabel(t, r)))
	}
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}

// leaveAdjustedNotification tells a person HR changed their balance by
// hand: by how much, of which type, and why.
func (b *Bot) leaveAdjustedNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	if b.cfg.Leave == nil {
		return nil
	}
	setup, err := b.cfg.Leave.Setup(ctx, t.member.Org)
	if err != nil {
		return nil
	}
	lt, ok := setup.Type(n.Params["type"])
	if !ok {
		return nil
	}
	minutes, _ := strconv.Atoi(n.Params["minutes"])
	sign := "+"
	if minutes < 0 {
		sign, minutes = "−", -minutes
	}
	amount := b.leaveNumber(lt, minutes, setup.Policy.DayMinutes) + " " + b.leaveUnit(t, lt)
	return []Reply{{Text: b.T(t, "leave.adjusted", "by", n.Params["by"], "type", b.typeName(t, lt), "year", n.Params["year"],
		"amount", sign+amount, "reason", n.Params["reason"])}}
}
