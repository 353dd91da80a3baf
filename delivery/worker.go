package delivery

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// worker sends one delivery. The ledger row moves queued → sending →
// sent; "sending" is committed before the platform is called, so a job
// that finds its row still sending knows an earlier attempt died mid-call.
type worker struct {
	river.WorkerDefaults[args]
	q *Queue
}

func (w *worker) Work(ctx context.Context, job *river.Job[args]) error {
	a := job.Args
	q := w.q
	claim, ok, err := q.cfg.Ledger.Claim(ctx, a.Key, q.id, q.cfg.Alive, q.cfg.RescueAfter)
	switch {
	case err != nil:
		return err
	case !ok && claim.Prev == core.DeliverySending:
		// A live replica is sending it now (a copy taken over from a
		// replica thought dead, racing the original): look again once
		// that replica's hold would be stale, in case it never settles.
		return river.JobSnooze(q.cfg.RescueAfter)
	case !ok:
		return nil // sent, skipped or failed already: a duplicate job
	}
	sender := q.cfg.Senders[a.Platform]
	if sender == nil {
		return q.fail(ctx, a, fmt.Errorf("no sender for %s", a.Platform), true)
	}
	if !claim.InFlightSince.IsZero() {
		if done, err := q.inDoubt(ctx, a, job, claim, sender); done {
			return err
		}
	}
	if a.ReplyTo != "" {
		return q.callPlatform(ctx, a, job, func(ctx context.Context) (string, error) {
			return "", q.reply(ctx, sender, a)
		})
	}

	var ref string
	if a.EditOf != "" {
		target, wait, err := q.editTarget(ctx, a)
		switch {
		case err != nil:
			return q.retry(ctx, a, job, err, false)
		case wait:
			return q.later(ctx, a, editWait)
		case target == "":
			q.cfg.Metrics.outcomes.WithLabelValues(string(a.Platform), "skipped").Inc()
			return q.finish(ctx, a, core.DeliverySkipped, "the message to edit was never sent", "")
		}
		ref = target
	}

	replies, err := q.cfg.Renderer.Render(ctx, a.Platform, a.ExternalID, a.Message)
	if err != nil {
		return q.retry(ctx, a, job, fmt.Errorf("render: %w", err), false)
	}
	if len(replies) == 0 {
		q.cfg.Metrics.outcomes.WithLabelValues(string(a.Platform), "skipped").Inc()
		return q.finish(ctx, a, core.DeliverySkipped, "nothing to say any more", "")
	}
	return q.callPlatform(ctx, a, job, func(ctx context.Context) (string, error) {
		if a.EditOf != "" {
			return ref, q.edit(ctx, sender, a, ref, replies[0])
		}
		return sender.Send(ctx, a.ExternalID, a.Key, replies)
	})
}

// callPlatform makes the platform call send, traced so the row is in flight only
// while a request is out, and records what became of it: sent (landing at
// the reference send returns), failed for good, or to be tried again — in
// doubt if the platform never answered a request that had left.
func (q *Queue) callPlatform(ctx context.Context, a args, job *river.Job[args], send func(ctx context.Context) (string, error)) error {
	tctx, c, done := q.traced(ctx, a.Key)
	ref, err := send(tctx)
	done()
	if err != nil && c.returned() {
		// This replica is stopping and nothing reached the platform:
		// another replica sends it now.
		return q.later(ctx, a, 0)
	}
	if err != nil {
		if errors.Is(err, ErrPermanent) {
			return q.fail(ctx, a, err, true)
		}
		return q.retry(ctx, a, job, err, c.unanswered())
	}
	q.cfg.Metrics.outcomes.WithLabelValues(string(a.Platform), "sent").Inc()
	return q.finish(ctx, a, core.DeliverySent, "", ref)
}

// editWait is how long an edit waits for the message it replaces to be sent.
const editWait = 2 * time.Second

// editTarget finds the message an edit replaces: wait when it is still
// being sent, "" when it never will be.
func (q *Queue) editTarget(ctx context.Context, a args) (ref string, wait bool, err error) {
	state, platform, ref, found, err := q.cfg.Ledger.Target(ctx, a.EditOf)
	switch {
	case err != nil:
		return "", false, fmt.Errorf("edit of %s: %w", a.EditOf, err)
	case !found:
		return "", false, nil
	case platform != a.Platform:
		return "", false, nil // it went elsewhere (the console): there is nothing here to edit
	case state == core.DeliveryQueued || state == core.DeliverySending:
		return "", true, nil
	case state != core.DeliverySent || ref == "":
		return "", false, nil
	}
	return ref, false, nil
}

func (q *Queue) edit(ctx context.Context, sender Sender, a args, ref string, r bot.Reply) error {
	ed, ok := sender.(Editor)
	if !ok {
		return fmt.Errorf("%w: %s cannot edit messages", ErrPermanent, a.Platform)
	}
	return ed.Edit(ctx, a.ExternalID, ref, r)
}

// later puts the row back and has River run the job again after d,
// without counting an attempt.
func (q *Queue) later(ctx context.Context, a args, d time.Duration) error {
	if err := q.cfg.Ledger.Snooze(ctx, a.Key); err != nil {
		return err
	}
	return river.JobSnooze(d)
}

// finishFor is how long recording an outcome is tried while the database
// is away (a restart, a failover): a send the ledger does not record is in
// doubt and, on platforms that cannot check, sent again.
const finishFor = time.Minute

// finish records the outcome and where the message landed.
func (q *Queue) finish(ctx context.Context, a args, state, reason, ref string) error {
	// The platform has the message: record it even if the job's time is up.
	ctx = context.WithoutCancel(ctx)
	deadline := time.Now().Add(finishFor)
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		err := q.cfg.Ledger.Finish(ctx, a.Key, state, reason, ref)
		if err == nil || time.Now().Add(wait).After(deadline) {
			return err
		}
		q.log.Warn("delivery outcome not recorded; trying again", "key", a.Key, "in", wait, "err", err)
		time.Sleep(wait)
	}
}

// retry puts the row back to queued with the reason and lets River back
// off; after the last attempt it is failed. unanswered keeps it in flight
// (in doubt) for the next attempt.
func (q *Queue) retry(ctx context.Context, a args, job *river.Job[args], cause error, unanswered bool) error {
	if job.Attempt >= job.MaxAttempts {
		return q.fail(ctx, a, cause, false)
	}
	q.cfg.Metrics.outcomes.WithLabelValues(string(a.Platform), "retried").Inc()
	q.log.Warn("delivery will be retried", "key", a.Key, "attempt", job.Attempt, "err", cause)
	if err := q.cfg.Ledger.Retry(context.WithoutCancel(ctx), a.Key, cause.Error(), unanswered); err != nil {
		return fmt.Errorf("delivery %s: %w (after %v)", a.Key, err, cause)
	}
	return cause
}

func (q *Queue) fail(ctx context.Context, a args, cause error, cancel bool) error {
	q.cfg.Metrics.outcomes.WithLabelValues(string(a.Platform), "failed").Inc()
	q.log.Error("delivery failed", "key", a.Key, "err", cause)
	if err := q.finish(ctx, a, core.DeliveryFailed, cause.Error(), ""); err != nil {
		return err
	}
	if a.EditOf == "" {
		// Whoever it was sent for hears that it did not arrive.
		if err := q.reportFailure(context.WithoutCancel(ctx), a, errors.Is(cause, ErrPermanent)); err != nil {
			q.log.Error("report failed delivery", "key", a.Key, "err", err)
		}
	}
	if cancel {
		return river.JobCancel(cause)
	}
	return cause
}
