package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// rescuedPriority puts a dead replica's messages, late already, ahead of
// the rest of the queue (a broadcast's thousands still waiting). Not by
// their old scheduled time: River makes a job given one wait for its
// scheduler's next round (every 5 s, on the leader).
const rescuedPriority = 1

// rescueBatch bounds the jobs taken over in one transaction.
const rescueBatch = 500

// beat says every BeatEvery that this replica is alive and takes over the
// jobs of replicas that are not: River would rescue them too, but only
// after RescueAfter and on its leader's 30-second round, which is most of
// a minute for a message someone is waiting for.
func (q *Queue) beat(ctx context.Context) {
	defer close(q.beatDone)
	t := time.NewTicker(q.cfg.BeatEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, q.cfg.Alive)
		if err := q.cfg.Ledger.Beat(pctx, q.id); err != nil {
			q.log.Warn("delivery replica beat", "err", err)
		} else if n, err := q.Rescue(pctx); err != nil {
			q.log.Warn("take over a dead replica's deliveries", "err", err)
		} else if n > 0 {
			q.log.Info("took over a dead replica's deliveries", "count", n)
		}
		cancel()
	}
}

// Rescue queues again the deliveries a dead replica was sending, each
// once across replicas, and returns how many. The new job claims the
// ledger row (its holder is dead) and, if its request had left, settles
// it as in doubt; River's own later rescue of the old job finds the row
// settled and does nothing.
func (q *Queue) Rescue(ctx context.Context) (int, error) {
	total := 0
	for {
		var n int
		err := q.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
			jobs, err := q.cfg.Ledger.Orphans(ctx, args{}.Kind(), q.id, q.cfg.Alive, rescueBatch)
			if err != nil || len(jobs) == 0 {
				return err
			}
			params := make([]river.InsertManyParams, len(jobs))
			for i, j := range jobs {
				var a args
				if err := json.Unmarshal(j.Args, &a); err != nil {
					return fmt.Errorf("job %d: %w", j.JobID, err)
				}
				params[i] = river.InsertManyParams{Args: a,
					InsertOpts: &river.InsertOpts{Queue: j.Queue, Priority: rescuedPriority, MaxAttempts: j.MaxAttempts}}
			}
			if _, err := q.client.InsertManyFastTx(ctx, tx, params); err != nil {
				return fmt.Errorf("queue again: %w", err)
			}
			n = len(jobs)
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("rescue deliveries: %w", err)
		}
		total += n
		if n < rescueBatch {
			return total, nil
		}
	}
}
