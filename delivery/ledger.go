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
	names := make([]string, len(platforms))
	for i, p := range platforms {
		names[i] = string(p)
	}
	total := 0
	for {
		var n int
		err := pgx.BeginFunc(ctx, q.cfg.Pool, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, `
				SELECT n.id, n.org_id, n.recipient_id, ci.platform, ci.external_id
				FROM notifications n
				JOIN LATERAL (
					SELECT platform, external_id FROM chat_identities ci
					WHERE ci.org_id = n.org_id AND ci.employee_id = n.recipient_id
					  AND ci.platform = ANY($1) AND ci.blocked_at IS NULL
					ORDER BY array_position($1, ci.platform) LIMIT 1) ci ON true
				WHERE n.enqueued_at IS NULL AND n.delivered_at IS NULL
				ORDER BY n.id LIMIT $2
				FOR UPDATE OF n SKIP LOCKED`, names, relayBatch)
			if err != nil {
				return err
			}
			var items []Item
			var ids []int64
			for rows.Next() {
				var it Item
				var platform string
				if err := rows.Scan(&it.SourceID, &it.OrgID, &it.EmployeeID, &platform, &it.ExternalID); err != nil {
					rows.Close()
					return err
				}
				it.Platform, it.Source = core.Platform(platform), "notification"
				it.Key = "notification:" + strconv.FormatInt(it.SourceID, 10)
				it.Message = Message{Kind: bot.NoticeNotification, Params: map[string]string{"id": strconv.FormatInt(it.SourceID, 10)}}
				items, ids = append(items, it), append(ids, it.SourceID)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if _, err := q.Enqueue(ctx, tx, items); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE notifications SET enqueued_at = now() WHERE id = ANY($1)`, ids); err != nil {
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

// RunRelay relays notifications every interval until ctx ends.
func (q *Queue) RunRelay(ctx context.Context, platforms []core.Platform, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := q.RelayNotifications(ctx, platforms); err != nil && ctx.Err() == nil {
			q.log.Error("relay notifications", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Failure is a delivery that gave up.
type Failure struct {
	Key        string
	Org        string
	Employee   string
	Platform   core.Platform
	ExternalID string
	Attempts   int
	Reason     string
	At         time.Time
}

// Failed lists failed deliveries, newest first.
func Failed(ctx context.Context, db pgxQuerier, limit int) ([]Failure, error) {
	rows, err := db.Query(ctx, `
		SELECT d.key, o.key, coalesce(e.key, ''), d.platform, d.external_id, d.attempts, coalesce(d.last_error, ''), d.updated_at
		FROM deliveries d JOIN orgs o ON o.id = d.org_id LEFT JOIN employees e ON e.id = d.employee_id
		WHERE d.state = 'failed' ORDER BY d.updated_at DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("failed deliveries: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Failure, error) {
		var f Failure
		var platform string
		err := r.Scan(&f.Key, &f.Org, &f.Employee, &platform, &f.ExternalID, &f.Attempts, &f.Reason, &f.At)
		f.Platform = core.Platform(platform)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("failed deliveries: %w", err)
	}
	return out, nil
}

// Progress counts a source's deliveries by state ("sent", "queued", …).
func Progress(ctx context.Context, db pgxQuerier, source string, sourceID int64) (map[string]int, error) {
	rows, err := db.Query(ctx, `SELECT state, count(*) FROM deliveries WHERE source = $1 AND source_id = $2 GROUP BY state`, source, sourceID)
	if err != nil {
		return nil, fmt.Errorf("delivery progress: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("delivery progress: %w", err)
		}
		out[state] = n
	}
	return out, rows.Err()
}

type pgxQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}
