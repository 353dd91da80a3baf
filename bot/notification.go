package bot

import (
	"context"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// notificationReplies renders a member's undelivered notifications in
// their language, with fresh state: a request already decided says so.
func (b *Bot) notificationReplies(ctx context.Context, t *turn) []Reply {
	if b.cfg.Inbox == nil || t.member == nil || t.member.Unread == 0 {
		return nil
	}
	ns, err := b.cfg.Inbox.Take(ctx, t.member.Employee.ID)
	if err != nil {
		b.log.Error("take notifications", "employee", t.member.Employee.ID, "err", err)
		return nil
	}
	var out []Reply
	for _, n := range ns {
		if t.command == "pending" && (n.Kind == core.NotifyFixRequest || n.Kind == core.NotifyLeaveRequest) {
			continue // the list just shown has them
		}
		out = append(out, b.renderNotification(ctx, t, n)...)
	}
	return out
}

// renderNotification writes one notification for its recipient from the
// state of things now (a request decided meanwhile is not offered again),
// with the renderer its feature registered.
func (b *Bot) renderNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	render, ok := b.notifications[n.Kind]
	if !ok {
		b.log.Warn("unknown notification kind", "kind", n.Kind)
		return nil
	}
	return render(ctx, t, n)
}

// fixNotification writes a correction to decide, or the decision.
func (b *Bot) fixNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, _ := strconv.ParseInt(n.Params["id"], 10, 64)
	c, err := b.cfg.Attendance.FindCorrection(ctx, *t.member, id)
	if err != nil {
		return nil
	}
	switch {
	case n.Kind == core.NotifyFixRequest && c.Status == attendance.CorrectionPending:
		return []Reply{b.fixRequestReply(t, c)}
	case n.Kind == core.NotifyFixDecided:
		return []Reply{{Text: b.T(t, "att.fix_decided_"+string(c.Status), "by", c.DecidedByName,
			"kind", b.T(t, "att.kind."+string(c.Kind)), "date", c.WorkDate.String(), "time", b.clock(t, c.At), "reason", c.RejectReason)}}
	}
	return nil
}

// delayedPunchNotification tells a manager that a punch reached us late
// and counts at the time it was sent, both shown in the org's time zone.
func (b *Bot) delayedPunchNotification(_ context.Context, t *turn, n core.Notification) []Reply {
	sent, err1 := time.Parse(time.RFC3339, n.Params["sent"])
	received, err2 := time.Parse(time.RFC3339, n.Params["received"])
	if err1 != nil || err2 != nil {
		b.log.Warn("delayed punch notification without times", "id", n.ID)
		return nil
	}
	return []Reply{{Text: b.T(t, "att.punch_delayed", "name", n.Params["name"], "kind", b.T(t, "att.kind."+n.Params["kind"]),
		"date", n.Params["date"], "sent", b.clock(t, sent), "received", b.clock(t, received))}}
}
