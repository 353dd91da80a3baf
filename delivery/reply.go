package delivery

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// Replier is a Sender that can answer a person's message where it came
// from (a group, a thread, the message whose button was pressed), given
// the address its adapter made for it (bot.Answer.To).
type Replier interface {
	Reply(ctx context.Context, to string, replies []bot.Reply) error
}

// QueueReplies implements bot.ReplyQueue: each turn's replies become one
// delivery, queued in the transaction ctx carries ahead of everything else on
// the platform (see priority), so the person's own answer does not wait
// behind a broadcast.
func (q *Queue) QueueReplies(ctx context.Context, rs ...bot.QueuedReplies) error {
	items := make([]Item, len(rs))
	for i, r := range rs {
		items[i] = Item{Key: r.Key, OrgID: r.OrgID, EmployeeID: r.EmployeeID, Platform: r.Platform, ExternalID: r.ExternalID,
			Source: core.SourceReply, Message: Message{Kind: bot.NoticeReply}, ReplyTo: r.To, Replies: r.Replies}
	}
	_, err := q.EnqueueNow(ctx, items)
	if err != nil {
		return fmt.Errorf("queue replies: %w", err)
	}
	return nil
}

// priority orders a platform's queue (River: 1 first): answers to what
// people just sent, then what they wait for (approvals, offers), then
// reminders, then broadcasts.
func priority(source string) int {
	switch source {
	case core.SourceReply:
		return 1
	case core.SourceNotification, core.SourceCover:
		return 2
	case core.SourceReminder:
		return 3
	default:
		return 4
	}
}

// reply sends a queued reply through the platform's Replier.
func (q *Queue) reply(ctx context.Context, sender Sender, a args) error {
	r, ok := sender.(Replier)
	if !ok {
		return fmt.Errorf("%w: %s cannot answer messages", ErrPermanent, a.Platform)
	}
	return r.Reply(ctx, a.ReplyTo, a.Replies)
}
