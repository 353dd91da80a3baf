package delivery

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptrace"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/hrbot/hrbot/core"
)

// A send is in doubt when its process died (or its request went
// unanswered) after the request left for the platform and before the
// outcome was recorded: the message may or may not have arrived. What
// happens then depends on what the platform can tell:
//
//   - a Verifier (Slack: message metadata) says whether it arrived —
//     exactly once;
//   - a Deduplicator (WeCom: enable_duplicate_check) drops a repeat
//     within its window, so sending again is safe while the first
//     attempt is younger than the window — exactly once;
//   - otherwise (Telegram, or WeCom past its window) nothing can tell,
//     and the kind of message decides: InDoubtPolicy.

// Deduplicator is a Sender whose platform drops a repeat of a pushed
// message sent within a window (WeCom's duplicate check).
type Deduplicator interface {
	DuplicateWindow() time.Duration
}

// Policy is what to do with an in-doubt send nothing can check.
type Policy int

const (
	// Resend: a repeat costs less than a miss.
	Resend Policy = iota
	// Drop: a repeat costs more than a miss.
	Drop
)

// InDoubtPolicy is the one table of what an uncheckable in-doubt send of
// each source becomes. Approval requests and decisions, reminders, cover
// offers, quiz notices, payslips and the answers to people's own messages
// (notification, reminder, cover, reply, application…) are sent again:
// someone waiting for an approval or a shift is worse off missing it
// than seeing it twice. Broadcasts are dropped: a repeat reaches every
// recipient whose send was in flight, and a note to everyone matters less
// to any one of them than a duplicate annoys.
func InDoubtPolicy(source string) Policy {
	switch source {
	case core.SourceBroadcast:
		return Drop
	default:
		return Resend
	}
}

// dedupMargin keeps a resend clear of the end of a platform's duplicate
// window: the clocks of this process and PostgreSQL (which stamped the
// first attempt) differ a little, and the resend takes a while to leave.
const dedupMargin = time.Minute

// inDoubt settles a send that an earlier attempt left in flight. done is
// true when the job is over (it had arrived, it is dropped, or it is
// retried later); otherwise the caller sends it again.
func (q *Queue) inDoubt(ctx context.Context, a args, job *river.Job[args], c core.DeliveryClaim, sender Sender) (done bool, err error) {
	outcome, err := q.judge(ctx, a, c, sender)
	switch {
	case errors.Is(err, ErrPermanent):
		return true, q.fail(ctx, a, err, true)
	case err != nil:
		// Still in doubt: the next attempt asks again.
		return true, q.retry(ctx, a, job, fmt.Errorf("verify: %w", err), true)
	}
	q.cfg.Metrics.inDoubt.WithLabelValues(string(a.Platform), outcome).Inc()
	q.log.Info("in-doubt delivery", "key", a.Key, "outcome", outcome)
	if err := q.cfg.Ledger.ResolveInDoubt(ctx, a.Key, outcome); err != nil {
		return true, err
	}
	switch outcome {
	case core.InDoubtFoundSent:
		return true, q.finish(ctx, a, core.DeliverySent, "", "")
	case core.InDoubtDropped:
		q.cfg.Metrics.outcomes.WithLabelValues(string(a.Platform), "skipped").Inc()
		return true, q.finish(ctx, a, core.DeliverySkipped, "in doubt after an interrupted send; not sent again ("+c.Source+")", "")
	}
	return false, nil
}

// judge says what becomes of an in-doubt send (a core.InDoubt… outcome).
func (q *Queue) judge(ctx context.Context, a args, c core.DeliveryClaim, sender Sender) (string, error) {
	if a.EditOf != "" {
		return core.InDoubtResent, nil // an edit made twice shows once
	}
	if a.ReplyTo == "" { // replies carry no key to look up or deduplicate by
		if v, ok := sender.(Verifier); ok {
			arrived, err := v.Delivered(ctx, a.ExternalID, a.Key)
			switch {
			case err != nil:
				return "", err
			case arrived:
				return core.InDoubtFoundSent, nil
			}
			return core.InDoubtNotFound, nil
		}
		if d, ok := sender.(Deduplicator); ok && time.Since(c.InFlightSince) < d.DuplicateWindow()-dedupMargin {
			return core.InDoubtDeduplicated, nil
		}
	}
	// The policy is for a process that died with the request out. A live
	// one whose request went unanswered (a time-out: the row went back to
	// queued) sends again whatever it is: most time-outs are requests
	// that never got through, and dropping on each would lose a
	// broadcast's share to any network trouble.
	died := c.Prev == core.DeliverySending
	if died && InDoubtPolicy(c.Source) == Drop {
		return core.InDoubtDropped, nil
	}
	return core.InDoubtResent, nil
}

// call follows one attempt's requests to the platform (net/http's client
// trace, which every adapter's client library honours through the
// request's context): the ledger says "in flight" just before the first
// request gets its connection — after any wait for the rate limits — and
// the outcome can tell a platform that answered from one that went
// silent with the request out.
type call struct {
	mu         sync.Mutex
	cancel     context.CancelCauseFunc
	marked     bool // a request got its connection: it may have left
	pending    bool // the last request has its connection and no answer yet
	failed     bool // the mark could not be written: the request was stopped
	handedBack bool // stopped by a replica's stop before any request
}

// errHandedBack stops a send that has not called the platform yet when
// its replica stops: the job goes back to the queue for another.
var errHandedBack = errors.New("delivery: replica stopping; handed back")

// traced returns ctx for the sender's calls; done releases it.
func (q *Queue) traced(ctx context.Context, key string) (traced context.Context, c *call, done func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	c = &call{cancel: cancel}
	trace := &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.pending = true
			if c.marked || c.failed {
				return
			}
			// Marked even when handed back meanwhile: past this point
			// net/http writes the request whatever its context says.
			if err := q.markInFlight(ctx, key); err != nil {
				// A request that left unrecorded could be repeated
				// unnoticed. Past GotConn its context races net/http's
				// write of it; closing its connection settles the race
				// (net/http does not replay a POST).
				c.failed = true
				if info.Conn != nil {
					_ = info.Conn.Close()
				}
				cancel(fmt.Errorf("mark in flight: %w", err))
				return
			}
			c.marked = true
		},
		GotFirstResponseByte: func() {
			c.mu.Lock()
			c.pending = false
			c.mu.Unlock()
		},
	}
	if !q.track(c) {
		c.handBack()
	}
	return httptrace.WithClientTrace(ctx, trace), c, func() {
		q.untrack(c)
		cancel(nil)
	}
}

// markInFlight records that key's request is leaving, trying again while
// the database is away (a restart, a failover) for as long as the job may
// take: the request waits rather than leaving unrecorded.
func (q *Queue) markInFlight(ctx context.Context, key string) error {
	for wait := 50 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		err := q.cfg.Ledger.InFlight(ctx, key)
		if err == nil || ctx.Err() != nil {
			return err
		}
		q.log.Warn("delivery not marked in flight; trying again", "key", key, "in", wait, "err", err)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// handBack stops the call if no request of it has left.
func (c *call) handBack() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.marked {
		c.handedBack = true
		c.cancel(errHandedBack)
	}
}

// unanswered says the last request left and got no answer: the message
// may have arrived.
func (c *call) unanswered() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pending && !c.failed
}

// returned says the call was handed back before any request left.
func (c *call) returned() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.handedBack && !c.marked
}

// track registers a call so Stop can hand it back; false when stopping.
func (q *Queue) track(c *call) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.active == nil {
		q.active = map[*call]struct{}{}
	}
	q.active[c] = struct{}{}
	return !q.stopping
}

func (q *Queue) untrack(c *call) {
	q.mu.Lock()
	delete(q.active, c)
	q.mu.Unlock()
}

// handBackAll hands back every call that has not reached the platform and
// makes any later one hand itself back: a stopping replica finishes only
// the requests already out, and the rest go to the other replicas at once
// instead of waiting out rate limits or a 429 here.
func (q *Queue) handBackAll() {
	q.mu.Lock()
	q.stopping = true
	calls := make([]*call, 0, len(q.active))
	for c := range q.active {
		calls = append(calls, c)
	}
	q.mu.Unlock()
	for _, c := range calls {
		c.handBack()
	}
}
