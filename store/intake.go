package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

// Intake keeps what chat platforms deliver from before it is acknowledged
// until it has been processed (table intake): the adapters' durable
// intake puts items, and its workers, in every replica, lease them, one
// person's at a time and in order. Leases are judged by the database's
// clock, the one clock all replicas share. Its methods use the pool, never
// a turn's transaction: an item must be kept whatever the turn does.
type Intake struct{ db *DB }

// NewIntake returns the intake over db.
func NewIntake(db *DB) Intake { return Intake{db: db} }

// Put keeps an item unless one with the same platform and delivery id is
// kept already (waiting, leased, done within the hour or set aside), and
// reports whether it kept it.
func (s Intake) Put(ctx context.Context, it core.IntakeItem) (bool, error) {
	tag, err := s.db.pool.Exec(ctx, `
		INSERT INTO intake (platform, delivery_id, ordering_key, payload)
		VALUES ($1, nullif($2, ''), $3, $4::jsonb)
		ON CONFLICT (platform, delivery_id) DO NOTHING`,
		string(it.Platform), it.DeliveryID, it.Key, string(it.Payload))
	if err != nil {
		return false, fmt.Errorf("keep %s delivery: %w", it.Platform, interpret(err))
	}
	return tag.RowsAffected() == 1, nil
}

// Claim leases up to n items of platform to owner for lease and returns
// them oldest first, each with its attempts counted. An item is taken only
// when it is the oldest of its person's items not done nor set aside, and
// is not leased: never leased, released, or its lease ran out and was not
// owner's (owner is still working what it holds, however late its
// renewal). So one person's items are worked one at a time and in order,
// across every replica. Rows another claimer is locking are skipped, not
// waited for.
func (s Intake) Claim(ctx context.Context, platform core.Platform, owner string, n int, lease time.Duration) ([]core.IntakeItem, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := s.db.pool.Query(ctx, `
		WITH next AS (
			SELECT i.id FROM intake i
			WHERE i.platform = $1 AND i.done_at IS NULL AND i.aside_at IS NULL
			  AND (i.taken_until IS NULL OR (i.taken_until < now() AND i.taken_by <> $2))
			  AND NOT EXISTS (
				SELECT 1 FROM intake o
				WHERE o.platform = i.platform AND o.ordering_key = i.ordering_key AND o.id < i.id
				  AND o.done_at IS NULL AND o.aside_at IS NULL)
			ORDER BY i.id
			LIMIT $3
			FOR UPDATE SKIP LOCKED)
		UPDATE intake SET taken_by = $2, taken_until = now() + $4::bigint * interval '1 millisecond',
		       attempts = intake.attempts + 1
		FROM next WHERE intake.id = next.id
		RETURNING intake.id, intake.platform, coalesce(intake.delivery_id, ''), intake.ordering_key,
		          intake.payload, intake.attempts, intake.received_at`,
		string(platform), owner, n, lease.Milliseconds())
	if err != nil {
		return nil, fmt.Errorf("claim %s intake: %w", platform, interpret(err))
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.IntakeItem, error) {
		var it core.IntakeItem
		var p string
		err := row.Scan(&it.ID, &p, &it.DeliveryID, &it.Key, &it.Payload, &it.Attempts, &it.ReceivedAt)
		it.Platform = core.Platform(p)
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("claim %s intake: %w", platform, interpret(err))
	}
	slices.SortFunc(items, func(a, b core.IntakeItem) int { return int(a.ID - b.ID) })
	return items, nil
}

// Extend renews for lease the leases owner holds, and returns how many.
func (s Intake) Extend(ctx context.Context, owner string, lease time.Duration) (int64, error) {
	tag, err := s.db.pool.Exec(ctx, `
		UPDATE intake SET taken_until = now() + $2::bigint * interval '1 millisecond'
		WHERE taken_by = $1`, owner, lease.Milliseconds())
	if err != nil {
		return 0, fmt.Errorf("extend intake leases: %w", interpret(err))
	}
	return tag.RowsAffected(), nil
}

// Done records that an item owner holds has been processed; its payload
// goes. It returns core.ENotFound when owner no longer holds it (its lease
// ran out and another took it).
func (s Intake) Done(ctx context.Context, id int64, owner string) error {
	return s.settle(ctx, "finish", id, owner, `
		UPDATE intake SET done_at = now(), payload = NULL, taken_by = NULL, taken_until = NULL
		WHERE id = $1 AND taken_by = $2`)
}

// Release gives back an item owner holds but did not finish, for anyone to
// take at once. It returns core.ENotFound when owner no longer holds it.
func (s Intake) Release(ctx context.Context, id int64, owner string) error {
	return s.settle(ctx, "release", id, owner, `
		UPDATE intake SET taken_by = NULL, taken_until = NULL WHERE id = $1 AND taken_by = $2`)
}

// SetAside takes an item owner holds out of processing for good, with the
// reason, keeping its payload for a look; the person's later items go on.
// It returns core.ENotFound when owner no longer holds it.
func (s Intake) SetAside(ctx context.Context, id int64, owner, reason string) error {
	return s.settle(ctx, "set aside", id, owner, `
		UPDATE intake SET aside_at = now(), aside_reason = $3, taken_by = NULL, taken_until = NULL
		WHERE id = $1 AND taken_by = $2`, reason)
}

func (s Intake) settle(ctx context.Context, what string, id int64, owner, sql string, args ...any) error {
	tag, err := s.db.pool.Exec(ctx, sql, append([]any{id, owner}, args...)...)
	if err != nil {
		return fmt.Errorf("%s intake item %d: %w", what, id, interpret(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s intake item %d: %w", what, id,
			core.Errorf(core.ENotFound, "error.not_found", "intake item %d is not held by %s", id, owner))
	}
	return nil
}

// Prune deletes platform's items done before doneBefore and set aside
// before asideBefore, batch rows per statement, until none is left or ctx
// ends, and returns how many it deleted. Like PruneDeliveries it scans
// rather than keep an index every put would pay for: the table holds
// about an hour's traffic.
func (s Intake) Prune(ctx context.Context, platform core.Platform, doneBefore, asideBefore time.Time, batch int) (int64, error) {
	if batch <= 0 {
		return 0, fmt.Errorf("prune intake: batch %d is not positive", batch)
	}
	var total int64
	for {
		tag, err := s.db.pool.Exec(ctx, `
			DELETE FROM intake WHERE ctid IN (
				SELECT ctid FROM intake
				WHERE platform = $1 AND (done_at < $2 OR aside_at < $3)
				LIMIT $4)`, string(platform), doneBefore, asideBefore, batch)
		if err != nil {
			return total, fmt.Errorf("prune %s intake: %w", platform, interpret(err))
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < int64(batch) {
			return total, nil
		}
	}
}

// IntakeCount is how many of a platform's items are in each state.
type IntakeCount struct {
	Waiting, Leased, Done, Aside int64
}

// Count returns how many of platform's items wait, are leased, are done
// (and kept a while) and are set aside: for tests and operators.
func (s Intake) Count(ctx context.Context, platform core.Platform) (IntakeCount, error) {
	var c IntakeCount
	err := s.db.pool.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE done_at IS NULL AND aside_at IS NULL AND (taken_until IS NULL OR taken_until < now())),
		       count(*) FILTER (WHERE done_at IS NULL AND aside_at IS NULL AND taken_until >= now()),
		       count(*) FILTER (WHERE done_at IS NOT NULL),
		       count(*) FILTER (WHERE aside_at IS NOT NULL)
		FROM intake WHERE platform = $1`, string(platform)).Scan(&c.Waiting, &c.Leased, &c.Done, &c.Aside)
	if err != nil {
		return c, fmt.Errorf("count %s intake: %w", platform, interpret(err))
	}
	return c, nil
}
