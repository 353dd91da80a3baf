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
	QueueReplies(ctx context.Context, rs ...QueuedReplies) error
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
// was answered at once (and so lost with the platform's request) is
// answered again, now or through the queue. Errors are as Handle's, with
// the apology in Send.
func (b *Bot) HandleQueued(ctx context.Context, in Incoming, a Answer) (Answered, error) {
	return b.run(ctx, in, &a)
}

// answer hands a turn's replies back, in the turn: with no Answer all to
// the adapter; otherwise those a.Split keeps for now to the adapter's
// answer and the rest to the delivery queue. What is kept with the
// delivery id for a retry is exactly what was not queued: a queued reply
// is sent whatever the platform does next, an answer given now may be lost
// with the platform's request. kept says the replies are kept with the
// delivery already (a retry, a check-in group), so only a change is
// written.
func (b *Bot) answer(ctx context.Context, t *turn, a *Answer, replies []Reply, kept bool, out *Answered) error {
	if a == nil {
		*out = Answered{Send: replies}
		if kept {
			return nil
		}
		return b.saveReplies(ctx, t.in, replies)
	}
	now, later := []Reply(nil), replies
	if a.Split != nil {
		now, later = a.Split(replies)
	}
	switch {
	case len(later) == 0:
		*out = Answered{Now: now}
	case b.cfg.Replies == nil || t.member == nil || t.in.DeliveryID == "" || a.To == "" || tooLarge(later):
		// Someone the bot does not know yet (an invitation), or nowhere
		// to queue: the adapter sends them.
		*out = Answered{Now: now, Send: later}
		later = nil
	default:
		if err := b.cfg.Replies.QueueReplies(ctx, queuedReplies(t, a.To, later)); err != nil {
			return fmt.Errorf("queue replies: %w", err)
		}
		*out = Answered{Now: now}
	}
	if kept && len(later) == 0 {
		return nil
	}
	if len(later) == 0 {
		return b.saveReplies(ctx, t.in, replies)
	}
	return b.saveReplies(ctx, t.in, now)
}

// answerGroup answers the /checkins a check-in group stored, their
// replies kept with them: those their adapters can answer with now go
// back, and the others are queued together in one transaction of their
// own, which also takes them off what a retry is answered with. When that
// transaction fails, or its commit's answer is lost, the error goes to
// each platform, whose retry finds out which: the replies still kept
// (answered then) or none (queued).
func (b *Bot) answerGroup(ctx context.Context, group []*groupTurn) {
	var queue []*groupTurn
	for _, gt := range group {
		a := gt.answer
		switch {
		case a == nil:
			gt.out = Answered{Send: gt.replies}
		case a.Split != nil && a.fitsNow(gt.replies):
			gt.out = Answered{Now: gt.replies} // kept for a retry already
		case b.cfg.Replies == nil || a.To == "" || tooLarge(gt.replies):
			gt.out = Answered{Send: gt.replies}
		default:
			queue = append(queue, gt)
		}
	}
	if len(queue) == 0 {
		return
	}
	now := b.cfg.Clock.Now()
	err := b.inTurn(ctx, func(ctx context.Context) error {
		rs := make([]QueuedReplies, len(queue))
		for i, gt := range queue {
			t := &turn{in: gt.in, member: &gt.member, now: now}
			rs[i] = queuedReplies(t, gt.answer.To, gt.replies)
		}
		if err := b.cfg.Replies.QueueReplies(ctx, rs...); err != nil {
			return fmt.Errorf("queue replies: %w", err)
		}
		for _, gt := range queue {
			if err := b.saveReplies(ctx, gt.in, nil); err != nil {
				return err
			}
		}
		return nil
	})
	for _, gt := range queue {
		if err != nil {
			gt.err = fmt.Errorf("handle %s delivery: check-in stored, its replies not queued: %w", gt.in.Platform, err)
			continue
		}
		gt.out = Answered{}
	}
}

// queuedReplies are a turn's replies for the queue.
func queuedReplies(t *turn, to string, replies []Reply) QueuedReplies {
	return QueuedReplies{
		// The turn's time makes the key unique even when a platform reuses
		// a delivery id (Telegram's update ids start afresh after a quiet
		// week).
		Key:   "reply:" + string(t.in.Platform) + ":" + t.in.DeliveryID + ":" + strconv.FormatInt(t.now.UnixMicro(), 36),
		OrgID: t.member.Org.ID, EmployeeID: t.member.Employee.ID,
		Platform: t.in.Platform, ExternalID: t.in.UserID, To: to, Replies: replies,
	}
}

// fitsNow asks a.Split whether all of replies go now. It may take from the
// platform's send limits, as Split does.
func (a *Answer) fitsNow(replies []Reply) bool {
	_, later := a.Split(replies)
	return len(later) == 0
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
