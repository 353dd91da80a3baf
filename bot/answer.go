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
		err := b.cfg.Replies.QueueReplies(ctx, QueuedReplies{
			// The turn's time makes the key unique even when a platform
			// reuses a delivery id (Telegram's update ids start afresh
			// after a quiet week).
			Key:   "reply:" + string(t.in.Platform) + ":" + t.in.DeliveryID + ":" + strconv.FormatInt(t.now.UnixMicro(), 36),
			OrgID: t.member.Org.ID, EmployeeID: t.member.Employee.ID,
			Platform: t.in.Platform, ExternalID: t.in.UserID, To: a.To, Replies: later,
		})
		if err != nil {
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

// answerGroup answers a /checkin a check-in group stored, its replies kept
// with it: queueing them takes a transaction of its own, which also takes
// them off what a retry is answered with. When that transaction fails, or
// its commit's answer is lost, the error goes to the platform, whose retry
// finds out which: the replies still kept (answered then) or none (queued).
func (b *Bot) answerGroup(ctx context.Context, gt *groupTurn, a *Answer) (Answered, error) {
	t := &turn{in: gt.in, member: &gt.member, now: b.cfg.Clock.Now()}
	switch {
	case a == nil:
		return Answered{Send: gt.replies}, nil
	case a.Split != nil && a.fitsNow(gt.replies):
		return Answered{Now: gt.replies}, nil // kept for a retry already
	}
	var out Answered
	err := b.inTurn(ctx, func(ctx context.Context) error {
		return b.answer(ctx, t, &Answer{To: a.To}, gt.replies, true, &out)
	})
	if err != nil {
		return Answered{}, fmt.Errorf("handle %s delivery: check-in stored, its replies not queued: %w", gt.in.Platform, err)
	}
	return out, nil
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
