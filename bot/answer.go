package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// Answer says how an adapter wants a turn's replies back when it need not
// wait for them to be sent: intake answers the platform as soon as the turn
// has committed, and the replies follow through the delivery queue at the
// platform's send limits (ReplyQueue).
type Answer struct {
	// To is where the adapter sends replies to this message: an address of
	// its own making (chat, thread, the pressed message…), opaque to the
	// bot and given back to the adapter by the delivery queue.
	To string
	// Split, when set, picks the replies the adapter can put in its answer
	// to the platform's request right away (Telegram's webhook answer, as
	// the send limits allow); the rest are queued. Nil queues them all.
	Split func(replies []Reply) (now, later []Reply)
}

// Answered is what a turn run with HandleQueued gives back to the adapter.
type Answered struct {
	// Now goes in the answer to the platform's request (Answer.Split).
	Now []Reply
	// Send is for the adapter to send itself: replies that could not be
	// queued (no queue, a sender we do not know yet, a turn that failed)
	// and the repeat of an earlier answer the platform did not get.
	Send []Reply
}

// ReplyQueue queues a turn's replies for sending, in the turn's
// transaction: they are sent if and only if the turn commits
// (delivery.Queue).
type ReplyQueue interface {
	QueueReplies(ctx context.Context, r QueuedReplies) error
}

// QueuedReplies are one turn's replies for the delivery queue.
type QueuedReplies struct {
	// Key is unique for the turn, so that queueing again is a no-op.
	Key        string
	OrgID      int64
	EmployeeID int64
	Platform   core.Platform
	ExternalID string // the sender's account
	To         string // Answer.To
	Replies    []Reply
}

// maxQueuedReplies bounds the replies one turn queues (they travel in the
// queue's rows, attachments included); larger ones are sent by the adapter.
const maxQueuedReplies = 4 << 20

// HandleQueued runs a turn like Handle, without waiting for its replies
// to be sent: those a.Split keeps for now come back in Answered.Now, the
// rest are queued in the turn's transaction. A delivery seen before runs
// nothing again: what was queued the first time stays queued, and what
// was answered at once is answered again (in Now or Send). Errors are as
// Handle's, with the apology in Send.
func (b *Bot) HandleQueued(ctx context.Context, in Incoming, a Answer) (Answered, error) {
	return b.run(ctx, in, &a)
}

// queueLater queues what the adapter need not answer now, in the turn, and
// returns what the turn keeps for a retry of the delivery and what goes
// back to the adapter. A turn whose sender is unknown (an invite, a
// stranger) or whose replies are too large is answered by the adapter.
func (b *Bot) queueLater(ctx context.Context, t *turn, a *Answer, replies []Reply) (kept []Reply, out Answered, err error) {
	if a == nil {
		return replies, Answered{Send: replies}, nil
	}
	now, later := replies, []Reply(nil)
	if a.Split != nil {
		now, later = a.Split(replies)
	} else {
		now, later = nil, replies
	}
	if len(later) == 0 {
		return now, Answered{Now: now}, nil
	}
	if b.cfg.Replies == nil || t.member == nil || t.in.DeliveryID == "" || a.To == "" || tooLarge(later) {
		return replies, Answered{Now: now, Send: later}, nil
	}
	err = b.cfg.Replies.QueueReplies(ctx, QueuedReplies{
		// The turn's time makes the key unique even when a platform reuses
		// a delivery id (Telegram's update ids restart after a quiet week).
		Key:   "reply:" + string(t.in.Platform) + ":" + t.in.DeliveryID + ":" + strconv.FormatInt(t.now.UnixNano(), 36),
		OrgID: t.member.Org.ID, EmployeeID: t.member.Employee.ID,
		Platform: t.in.Platform, ExternalID: t.in.UserID, To: a.To, Replies: later,
	})
	if err != nil {
		return nil, Answered{}, fmt.Errorf("queue replies: %w", err)
	}
	// Only what was answered at once is kept for a retry: the queued
	// replies will be sent whatever the platform does next.
	return now, Answered{Now: now}, nil
}

// tooLarge reports whether replies are over maxQueuedReplies.
func tooLarge(replies []Reply) bool {
	n := 0
	for _, r := range replies {
		n += len(r.Text) + 256
		for _, f := range r.Attachments {
			n += len(f.Data) * 4 / 3 // base64 in JSON
		}
	}
	return n > maxQueuedReplies
}

// again splits the replies saved with a delivery for its retry: the
// adapter's answer did not reach the platform.
func (a *Answer) again(replies []Reply) Answered {
	if a == nil {
		return Answered{Send: replies}
	}
	if a.Split == nil {
		return Answered{Send: replies}
	}
	now, later := a.Split(replies)
	return Answered{Now: now, Send: later}
}
