package delivery

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/hrbot/hrbot/bot"
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
	metrics := q.cfg.Metrics
	platform := string(a.Platform)

	prev, err := q.claim(ctx, a.Key)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil // sent, skipped or failed already: a duplicate job
	case err != nil:
		return fmt.Errorf("claim delivery %s: %w", a.Key, err)
	}
	sender := q.cfg.Senders[a.Platform]
	if sender == nil {
		return q.fail(ctx, a, fmt.Errorf("no sender for %s", a.Platform), true)
	}
	if prev == "sending" {
		metrics.inDoubt.WithLabelValues(platform).Inc()
		if v, ok := sender.(Verifier); ok {
			done, err := v.Delivered(ctx, a.ExternalID, a.Key)
			if errors.Is(err, ErrPermanent) {
				return q.fail(ctx, a, err, true)
			}
			if err != nil {
				return q.retry(ctx, a, job, fmt.Errorf("verify: %w", err))
			}
			if done {
				q.log.Info("delivery found sent after an interrupted attempt", "key", a.Key)
				return q.finish(ctx, a, "sent", "", "")
			}
		}
		// Unverifiable platforms are sent again: a rare duplicate is better
		// than an approval request or reminder that never arrives.
		if err := q.mark(ctx, a.Key, "in_doubt = true"); err != nil {
			return err
		}
	}

	var ref string
	if a.EditOf != "" {
		target, wait, err := q.editTarget(ctx, a)
		switch {
		case err != nil:
			return q.retry(ctx, a, job, err)
		case wait:
			return q.later(ctx, a, editWait)
		case target == "":
			metrics.outcomes.WithLabelValues(platform, "skipped").Inc()
			return q.finish(ctx, a, "skipped", "the message to edit was never sent", "")
		}
		ref = target
	}

	replies, err := q.cfg.Renderer.Render(ctx, a.Platform, a.ExternalID, a.Message)
	if err != nil {
		return q.retry(ctx, a, job, fmt.Errorf("render: %w", err))
	}
	if len(replies) == 0 {
		metrics.outcomes.WithLabelValues(platform, "skipped").Inc()
		return q.finish(ctx, a, "skipped", "nothing to say any more", "")
	}
	if a.EditOf != "" {
		err = q.edit(ctx, sender, a, ref, replies[0])
	} else {
		ref, err = sender.Send(ctx, a.ExternalID, a.Key, replies)
	}
	if err != nil {
		if errors.Is(err, ErrPermanent) {
			return q.fail(ctx, a, err, true)
		}
		return q.retry(ctx, a, job, err)
	}
	metrics.outcomes.WithLabelValues(platform, "sent").Inc()
	return q.finish(ctx, a, "sent", "", ref)
}

// editWait is how long an edit waits for the message it replaces to be sent.
const editWait = 2 * time.Second

// editTarget finds the message an edit replaces: wait when it is still
// being sent, "" when it never will be.
func (q *Queue) editTarget(ctx context.Context, a args) (ref string, wait bool, err error) {
	var state, platform string
	var msg *string
	err = q.cfg.Pool.QueryRow(ctx, `SELECT state, message_ref, platform FROM deliveries WHERE key = $1`, a.EditOf).Scan(&state, &msg, &platform)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("edit of %s: %w", a.EditOf, err)
	case platform != string(a.Platform):
		return "", false, nil // it went elsewhere (the console): there is nothing here to edit
	case state == "queued" || state == "sending":
		return "", true, nil
	case state != "sent" || msg == nil:
		return "", false, nil
	}
	return *msg, false, nil
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
	if err := q.mark(ctx, a.Key, "state = 'queued'"); err != nil {
		return err
	}
	return river.JobSnooze(d)
}

// claim moves the row to sending and returns the state it was in;
// pgx.ErrNoRows when it is finished already.
func (q *Queue) claim(ctx context.Context, key string) (string, error) {
	var prev string
	err := q.cfg.Pool.QueryRow(ctx, `
		WITH prev AS (SELECT state FROM deliveries WHERE key = $1 AND state IN ('queued', 'sending') FOR UPDATE)
		UPDATE deliveries d SET state = 'sending', attempts = attempts + 1, updated_at = now()
		FROM prev WHERE d.key = $1
		RETURNING prev.state`, key).Scan(&prev)
	return prev, err
}

func (q *Queue) mark(ctx context.Context, key, set string) error {
	if _, err := q.cfg.Pool.Exec(ctx, `UPDATE deliveries SET `+set+` WHERE key = $1`, key); err != nil {
		return fmt.Errorf("delivery %s: %w", key, err)
	}
	return nil
}

// finish records the outcome and where the message landed; a notification
// delivered is marked so the console does not show it again.
func (q *Queue) finish(ctx context.Context, a args, state, reason, ref string) error {
	// The platform has the message: record it even if the job's time is up.
	ctx = context.WithoutCancel(ctx)
	return pgx.BeginFunc(ctx, q.cfg.Pool, func(tx pgx.Tx) error {
		var source string
		var sourceID int64
		err := tx.QueryRow(ctx, `
			UPDATE deliveries SET state = $2, last_error = nullif($3, ''), updated_at = now(),
				sent_at = CASE WHEN $2 = 'sent' THEN now() END, message_ref = coalesce(nullif($4, ''), message_ref)
			WHERE key = $1 RETURNING source, source_id`, a.Key, state, reason, ref).Scan(&source, &sourceID)
		if err != nil {
			return fmt.Errorf("finish delivery %s: %w", a.Key, err)
		}
		if source == "notification" {
			if _, err := tx.Exec(ctx, `UPDATE notifications SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL`, sourceID); err != nil {
				return fmt.Errorf("finish delivery %s: %w", a.Key, err)
			}
		}
		return nil
	})
}

// retry puts the row back to queued with the reason and lets River back
// off; after the last attempt it is failed.
func (q *Queue) retry(ctx context.Context, a args, job *river.Job[args], cause error) error {
	if job.Attempt >= job.MaxAttempts {
		return q.fail(ctx, a, cause, false)
	}
	q.cfg.Metrics.outcomes.WithLabelValues(string(a.Platform), "retried").Inc()
	q.log.Warn("delivery will be retried", "key", a.Key, "attempt", job.Attempt, "err", cause)
	if _, err := q.cfg.Pool.Exec(context.WithoutCancel(ctx),
		`UPDATE deliveries SET state = 'queued', last_error = $2, updated_at = now() WHERE key = $1 AND state = 'sending'`,
		a.Key, cause.Error()); err != nil {
		return fmt.Errorf("delivery %s: %w (after %v)", a.Key, err, cause)
	}
	return cause
}

func (q *Queue) fail(ctx context.Context, a args, cause error, cancel bool) error {
	q.cfg.Metrics.outcomes.WithLabelValues(string(a.Platform), "failed").Inc()
	q.log.Error("delivery failed", "key", a.Key, "err", cause)
	if err := q.finish(ctx, a, "failed", cause.Error(), ""); err != nil {
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
