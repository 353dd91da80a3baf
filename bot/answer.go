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

// route says where a turn's replies go: now, in the adapter's answer to
// the platform's request (a.Split); send, for the adapter to send itself
// (no Answer, someone the bot does not know yet, nowhere to queue); queue,
// to the delivery queue.
func (b *Bot) route(t *turn, a *Answer, replies []Reply) (now, send, queue []Reply) {
	if a == nil {
		return nil, replies, nil
	}
	now, later := []Reply(nil), replies
	if a.Split != nil {
		now, later = a.Split(replies)
	}
	if len(later) > 0 && (b.cfg.Replies == nil || t.member == nil || t.in.DeliveryID == "" || a.To == "" || tooLarge(later)) {
		return now, later, nil
	}
	return now, nil, later
}

// answer hands a turn's replies back, in the turn (see route), queueing
// what goes to the delivery queue. What is kept with the delivery id for
// a retry is exactly what was not queued: a queued reply is sent whatever
// the platform does next, an answer given now may be lost with the
// platform's request. kept says the replies are kept with the delivery
// already (a retry), so only a change is written.
func (b *Bot) answer(ctx context.Context, t *turn, a *Answer, replies []Reply, kept bool, out *Answered) error {
	now, send, queue := b.route(t, a, replies)
	*out = Answered{Now: now, Send: send}
	if len(queue) == 0 {
		if kept {
			return nil
		}
		return b.saveReplies(ctx, t.in, replies)
	}
	if err := b.cfg.Replies.QueueReplies(ctx, queuedReplies(t, a.To, queue)); err != nil {
		return fmt.Errorf("queue replies: %w", err)
	}
	return b.saveReplies(ctx, t.in, append(now, send...))
}

// answerGroup answers the /checkins a check-in group stored, their
// replies kept with them (see route): what goes to the delivery queue is
// queued for the whole group in one transaction of its own, which also
// takes it off what a retry is answered with. When that transaction
// fails, or its commit's answer is lost, the error goes to each platform,
// whose retry finds out which: the replies still kept (answered then) or
// not (queued).
func (b *Bot) answerGroup(ctx context.Context, group []*groupTurn) {
	now := b.cfg.Clock.Now()
	var queued []*groupTurn
	var rs []QueuedReplies
	for _, gt := range group {
		t := &turn{in: gt.in, member: &gt.member, now: now}
		answer, send, queue := b.route(t, gt.answer, gt.replies)
		gt.out = Answered{Now: answer, Send: send}
		if len(queue) > 0 {
			queued = append(queued, gt)
			rs = append(rs, queuedReplies(t, gt.answer.To, queue))
		}
	}
	if len(queued) == 0 {
		return
	}
	err := b.inTurn(ctx, func(ctx context.Context) error {
		if err := b.cfg.Replies.QueueReplies(ctx, rs...); err != nil {
			return fmt.Errorf("queue replies: %w", err)
		}
		for _, gt := range queued {
			if err := b.saveReplies(ctx, gt.in, append(gt.out.Now, gt.out.Send...)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		return
	}
	for _, gt := range queued {
		gt.out, gt.err = Answered{}, fmt.Errorf("handle %s delivery: check-in stored, its replies not queued: %w", gt.in.Platform, err)
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

// tooLarge reports whether replies are over maxQueuedReplies, or carry a
// sealed file, which must not sit in the queue's rows in the clear.
func tooLarge(replies []Reply) bool {
	n := 0
	for _, r := range replies {
		n += len(r.Text) + 256
		for _, f := range r.Attachments {
			if f.Sealed {
				return true
			}
			n += len(f.Data) * 4 / 3 // base64 in JSON
		}
	}
	return n > maxQueuedReplies
}
