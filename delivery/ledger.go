package delivery

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// Ledger is the deliveries ledger (store.Deliveries): one row per message
// to one person on one platform. Its methods join the transaction ctx
// carries.
type Ledger interface {
	// InTx runs fn in the turn's transaction when ctx has one, else in one
	// of its own; fn gets the transaction for River's jobs.
	InTx(ctx context.Context, fn func(ctx context.Context, tx pgx.Tx) error) error
	// Record inserts rows not recorded before, returning the new keys.
	Record(ctx context.Context, rows []core.Delivery) ([]string, error)
	// Reach returns each person's first account on platforms, in the
	// order of employeeIDs; Platform "" for those without one.
	Reach(ctx context.Context, platforms []core.Platform, employeeIDs []int64) ([]core.ChatAccount, error)
	// Claim moves a row to sending for replica, saying what it was; ok
	// false when it is finished already or a live replica (one that beat
	// within alive, holding it for less than stale) is sending it, and
	// c.Prev its state then.
	Claim(ctx context.Context, key, replica string, alive, stale time.Duration) (c core.DeliveryClaim, ok bool, err error)
	// InFlight marks a row's request as on its way to the platform.
	InFlight(ctx context.Context, key string) error
	// ResolveInDoubt records what became of an interrupted send.
	ResolveInDoubt(ctx context.Context, key, outcome string) error
	Snooze(ctx context.Context, key string) error
	// Retry puts a row back to queued; unanswered keeps it in flight.
	Retry(ctx context.Context, key, reason string, unanswered bool) error
	Finish(ctx context.Context, key, state, reason, ref string) error
	Target(ctx context.Context, key string) (state string, platform core.Platform, ref string, found bool, err error)
	Recipient(ctx context.Context, key string) (d core.Delivery, to core.ChatAccount, found bool, err error)
	Waiting(ctx context.Context, orgKey, key string) ([]core.Delivery, error)
	// WaitingInChat is Waiting for a chat of nobody of an org (a
	// candidate's): the deliveries queued to it.
	WaitingInChat(ctx context.Context, platform core.Platform, chatID string) ([]core.Delivery, error)
	Shown(ctx context.Context, keys []string) error
	Unrelayed(ctx context.Context, platforms []core.Platform, limit int) ([]core.Delivery, error)
	Relayed(ctx context.Context, ids []int64) error
	Backlog(ctx context.Context) ([]core.DeliveryCount, error)
	// Beat records that replica is alive; Leave that it stopped.
	Beat(ctx context.Context, replica string) error
	Leave(ctx context.Context, replica string) error
	// Orphans takes the jobs of kind a dead replica was running, once, for
	// self to queue again in the transaction ctx carries.
	Orphans(ctx context.Context, kind, self string, alive time.Duration, limit int) ([]core.OrphanJob, error)
}

// relayBatch bounds the notifications handed over in one transaction.
const relayBatch = 500

// RelayNotifications hands notifications written by the HR engine (in the
// same transaction as the change they announce) to the queue, each to the
// recipient's first account on the given platforms, in that order of
// preference. Notifications for people with no such account stay for the
// console. It returns how many were handed over.
func (q *Queue) RelayNotifications(ctx context.Context, platforms []core.Platform) (int, error) {
	if len(platforms) == 0 {
		return 0, nil
	}
	total := 0
	for {
		var n int
		err := q.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
			rows, err := q.cfg.Ledger.Unrelayed(ctx, platforms, relayBatch)
			if err != nil {
				return err
			}
			items := make([]Item, len(rows))
			ids := make([]int64, len(rows))
			for i, r := range rows {
				id := strconv.FormatInt(r.SourceID, 10)
				items[i] = Item{Key: "notification:" + id, OrgID: r.OrgID, EmployeeID: r.EmployeeID, Platform: r.Platform,
					ExternalID: r.ExternalID, Source: r.Source, SourceID: r.SourceID,
					Message: Message{Kind: bot.NoticeNotification, Params: map[string]string{"id": id}}}
				ids[i] = r.SourceID
			}
			if _, err := q.Enqueue(ctx, tx, items); err != nil {
				return err
			}
			if err := q.cfg.Ledger.Relayed(ctx, ids); err != nil {
				return err
			}
			n = len(items)
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("relay notifications: %w", err)
		}
		total += n
		if n < relayBatch {
			return total, nil
		}
	}
}

// Relay relays notifications once: a pass for periodic.Every, which
// `hrbot serve` runs every 0.5 s.
func (q *Queue) Relay(platforms []core.Platform) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := q.RelayNotifications(ctx, platforms)
		if err != nil && ctx.Err() == nil {
			q.log.Error("relay notifications", "err", err)
		}
		return err
	}
}
