package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

// Deliveries is the delivery ledger: one row per message to one person on
// one platform (table deliveries), worked by the delivery queue. Its
// methods join the transaction ctx carries (InTx).
type Deliveries struct{ db *DB }

// NewDeliveries returns the delivery ledger over db.
func NewDeliveries(db *DB) Deliveries { return Deliveries{db: db} }

// InTx runs fn in the turn's transaction when ctx has one, else in one of
// its own, and hands fn the transaction too: the delivery queue inserts
// its River jobs in it, so a job exists exactly when its ledger row does.
func (s Deliveries) InTx(ctx context.Context, fn func(ctx context.Context, tx pgx.Tx) error) error {
	return s.db.InTurn(ctx, func(ctx context.Context) error {
		tx, _ := TurnTx(ctx)
		return fn(ctx, tx)
	})
}

// Record inserts rows not recorded before and returns the keys of the new
// ones; a key recorded before is left as it is.
func (s Deliveries) Record(ctx context.Context, items []core.Delivery) ([]string, error) {
	n := len(items)
	keys, orgs, emps := make([]string, n), make([]int64, n), make([]int64, n)
	platforms, externals, sources := make([]string, n), make([]string, n), make([]string, n)
	sourceIDs, messages, editOfs, senders := make([]int64, n), make([]string, n), make([]string, n), make([]int64, n)
	for i, it := range items {
		keys[i], orgs[i], emps[i] = it.Key, it.OrgID, it.EmployeeID
		platforms[i], externals[i], sources[i], sourceIDs[i] = string(it.Platform), it.ExternalID, it.Source, it.SourceID
		messages[i], editOfs[i], senders[i] = string(it.Message), it.EditOf, it.SenderID
	}
	rows, err := s.db.q(ctx).Query(ctx, `
		INSERT INTO deliveries (key, org_id, employee_id, platform, external_id, source, source_id, message, edit_of, sender_id)
		SELECT k, o, nullif(e, 0), p, x, s, i, m::jsonb, nullif(ed, ''), nullif(sd, 0)
		FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[],
		            $8::text[], $9::text[], $10::bigint[]) AS t(k, o, e, p, x, s, i, m, ed, sd)
		ON CONFLICT (key) DO NOTHING
		RETURNING key`, keys, orgs, emps, platforms, externals, sources, sourceIDs, messages, editOfs, senders)
	if err != nil {
		return nil, fmt.Errorf("record deliveries: %w", interpret(err))
	}
	fresh, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("record deliveries: %w", interpret(err))
	}
	return fresh, nil
}

// Reach returns, for each person in employeeIDs and in that order, their
// first account on platforms (in that order) that takes messages; one
// without has an empty Platform, and Blocked when an account refuses
// messages. Set-based: a broadcast asks it for thousands at once.
func (s Deliveries) Reach(ctx context.Context, platforms []core.Platform, employeeIDs []int64) ([]core.ChatAccount, error) {
	if len(employeeIDs) == 0 {
		return nil, nil
	}
	rows, err := s.db.q(ctx).Query(ctx, `
		WITH wanted AS (SELECT id, ord FROM unnest($1::bigint[]) WITH ORDINALITY AS t(id, ord)),
		account AS (
			SELECT DISTINCT ON (employee_id) employee_id, platform, external_id FROM chat_identities
			WHERE employee_id = ANY($1) AND platform = ANY($2) AND blocked_at IS NULL
			ORDER BY employee_id, array_position($2, platform)),
		blocked AS (SELECT DISTINCT employee_id FROM chat_identities WHERE employee_id = ANY($1) AND blocked_at IS NOT NULL)
		SELECT e.id, e.org_id, e.key, e.name, o.key, coalesce(a.platform, ''), coalesce(a.external_id, ''), b.employee_id IS NOT NULL
		FROM wanted w JOIN employees e ON e.id = w.id JOIN orgs o ON o.id = e.org_id
		LEFT JOIN account a ON a.employee_id = e.id LEFT JOIN blocked b ON b.employee_id = e.id
		ORDER BY w.ord`, employeeIDs, platformNames(platforms))
	if err != nil {
		return nil, fmt.Errorf("reach: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.ChatAccount, error) {
		var a core.ChatAccount
		var platform string
		err := r.Scan(&a.EmployeeID, &a.OrgID, &a.Key, &a.Name, &a.OrgKey, &platform, &a.ExternalID, &a.Blocked)
		a.Platform = core.Platform(platform)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("reach: %w", interpret(err))
	}
	return out, nil
}

func platformNames(platforms []core.Platform) []string {
	names := make([]string, len(platforms))
	for i, p := range platforms {
		names[i] = string(p)
	}
	return names
}

// Claim moves a row to sending for replica and says what it was: queued,
// or sending by a replica that has stopped beating (dead: a beat older
// than alive) or that has held it longer than stale (a worker that died
// inside a live process). ok is false when it is finished already or a
// live replica is sending it now; c.Prev then says which (its state).
func (s Deliveries) Claim(ctx context.Context, key, replica string, alive, stale time.Duration) (c core.DeliveryClaim, ok bool, err error) {
	var since *time.Time
	err = s.db.q(ctx).QueryRow(ctx, `
		WITH prev AS (
			SELECT d.state, d.source, d.in_flight_at FROM deliveries d
			WHERE d.key = $1 AND (d.state = 'queued' OR (d.state = 'sending' AND (
				d.claimed_by IS NULL OR d.updated_at < now() - make_interval(secs => $4)
				OR NOT EXISTS (SELECT 1 FROM delivery_replicas r
					WHERE r.id = d.claimed_by AND r.beat_at > now() - make_interval(secs => $3)))))
			FOR UPDATE OF d)
		UPDATE deliveries d SET state = 'sending', attempts = attempts + 1, updated_at = now(), claimed_by = $2
		FROM prev WHERE d.key = $1
		RETURNING prev.state, prev.source, prev.in_flight_at`, key, replica, alive.Seconds(), stale.Seconds()).
		Scan(&c.Prev, &c.Source, &since)
	if errors.Is(err, pgx.ErrNoRows) {
		err = s.db.q(ctx).QueryRow(ctx, `SELECT state, source FROM deliveries WHERE key = $1`, key).Scan(&c.Prev, &c.Source)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return c, false, fmt.Errorf("claim delivery %s: %w", key, interpret(err))
		}
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("claim delivery %s: %w", key, interpret(err))
	}
	if since != nil {
		c.InFlightSince = *since
	}
	return c, true, nil
}

// InFlight records that a row's request is about to reach the platform:
// from now until it is settled, an interruption leaves it in doubt.
func (s Deliveries) InFlight(ctx context.Context, key string) error {
	if _, err := s.db.q(ctx).Exec(ctx,
		`UPDATE deliveries SET in_flight_at = now() WHERE key = $1 AND in_flight_at IS NULL`, key); err != nil {
		return fmt.Errorf("delivery %s in flight: %w", key, interpret(err))
	}
	return nil
}

// ResolveInDoubt records what was done about an interrupted send (one of
// the core.InDoubt… outcomes); the row stays marked in doubt for
// `hrbot deliveries --in-doubt`, and is no longer in flight.
func (s Deliveries) ResolveInDoubt(ctx context.Context, key, outcome string) error {
	if _, err := s.db.q(ctx).Exec(ctx,
		`UPDATE deliveries SET in_doubt = true, in_doubt_outcome = $2, in_flight_at = NULL WHERE key = $1`, key, outcome); err != nil {
		return fmt.Errorf("delivery %s: %w", key, interpret(err))
	}
	return nil
}

// Snooze puts a row back to queued, to be tried later without a reason.
func (s Deliveries) Snooze(ctx context.Context, key string) error {
	if _, err := s.db.q(ctx).Exec(ctx, `UPDATE deliveries SET state = 'queued', claimed_by = NULL WHERE key = $1`, key); err != nil {
		return fmt.Errorf("delivery %s: %w", key, interpret(err))
	}
	return nil
}

// Retry puts a row being sent back to queued with the reason it failed.
// unanswered says the platform never answered a request that had left
// (a time-out, a dropped connection): the message may have arrived, so
// the row stays in flight and the next attempt treats it as in doubt.
func (s Deliveries) Retry(ctx context.Context, key, reason string, unanswered bool) error {
	if _, err := s.db.q(ctx).Exec(ctx, `
		UPDATE deliveries SET state = 'queued', last_error = $2, updated_at = now(), claimed_by = NULL,
			in_flight_at = CASE WHEN $3 THEN in_flight_at END
		WHERE key = $1 AND state = 'sending'`,
		key, reason, unanswered); err != nil {
		return fmt.Errorf("delivery %s: %w", key, interpret(err))
	}
	return nil
}

// Finish records a row's outcome and where the message landed (ref); a
// notification delivered is marked so the console does not show it again.
func (s Deliveries) Finish(ctx context.Context, key, state, reason, ref string) error {
	return s.db.InTurn(ctx, func(ctx context.Context) error {
		var source string
		var sourceID int64
		err := s.db.q(ctx).QueryRow(ctx, `
			UPDATE deliveries SET state = $2, last_error = nullif($3, ''), updated_at = now(), claimed_by = NULL, in_flight_at = NULL,
				sent_at = CASE WHEN $2 = 'sent' THEN now() END, message_ref = coalesce(nullif($4, ''), message_ref)
			WHERE key = $1 RETURNING source, source_id`, key, state, reason, ref).Scan(&source, &sourceID)
		if err != nil {
			return fmt.Errorf("finish delivery %s: %w", key, interpret(err))
		}
		if source == core.SourceNotification {
			if _, err := s.db.q(ctx).Exec(ctx, `UPDATE notifications SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL`, sourceID); err != nil {
				return fmt.Errorf("finish delivery %s: %w", key, interpret(err))
			}
		}
		return nil
	})
}

// Target reads the state, platform and message reference of a row, for an
// edit of it; found is false when there is no such row.
func (s Deliveries) Target(ctx context.Context, key string) (state string, platform core.Platform, ref string, found bool, err error) {
	var msg *string
	var p string
	err = s.db.q(ctx).QueryRow(ctx, `SELECT state, message_ref, platform FROM deliveries WHERE key = $1`, key).Scan(&state, &msg, &p)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", "", "", false, nil
	case err != nil:
		return "", "", "", false, fmt.Errorf("delivery %s: %w", key, interpret(err))
	}
	if msg != nil {
		ref = *msg
	}
	return state, core.Platform(p), ref, true, nil
}

// Recipient reads whom a row was for and whom it was sent for (senderID,
// 0 for nobody), for reporting its failure; found is false for a row to
// a group or channel, which is nobody in particular.
func (s Deliveries) Recipient(ctx context.Context, key string) (d core.Delivery, to core.ChatAccount, found bool, err error) {
	err = s.db.q(ctx).QueryRow(ctx, `
		SELECT coalesce(d.sender_id, 0), d.source, d.source_id, e.id, e.org_id, e.key, e.name
		FROM deliveries d JOIN employees e ON e.id = d.employee_id
		WHERE d.key = $1`, key).Scan(&d.SenderID, &d.Source, &d.SourceID, &to.EmployeeID, &to.OrgID, &to.Key, &to.Name)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return d, to, false, nil
	case err != nil:
		return d, to, false, fmt.Errorf("delivery %s: %w", key, interpret(err))
	}
	d.Key, d.EmployeeID, d.OrgID = key, to.EmployeeID, to.OrgID
	return d, to, true, nil
}

// Waiting locks and returns what is still queued for a person (orgKey,
// key) apart from notifications, oldest first; rows another process is
// showing are skipped. Use it inside InTx with Shown.
func (s Deliveries) Waiting(ctx context.Context, orgKey, key string) ([]core.Delivery, error) {
	return s.waiting(ctx, `d.employee_id = (SELECT e.id FROM employees e JOIN orgs o ON o.id = e.org_id WHERE o.key = $1 AND e.key = $2)`,
		orgKey, key)
}

// WaitingInChat returns the deliveries queued to a chat of nobody of an
// org (a candidate's), locked for the caller's transaction.
func (s Deliveries) WaitingInChat(ctx context.Context, platform core.Platform, chatID string) ([]core.Delivery, error) {
	return s.waiting(ctx, `d.employee_id IS NULL AND d.platform = $1 AND d.external_id = $2`, platform, chatID)
}

func (s Deliveries) waiting(ctx context.Context, whose string, args ...any) ([]core.Delivery, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT d.key, d.message, coalesce(d.edit_of, '') FROM deliveries d
		WHERE `+whose+`
		  AND d.state = 'queued' AND d.message IS NOT NULL AND d.source <> 'notification'
		ORDER BY d.created_at, d.key
		FOR UPDATE OF d SKIP LOCKED`, args...)
	if err != nil {
		return nil, fmt.Errorf("waiting deliveries: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.Delivery, error) {
		var d core.Delivery
		err := r.Scan(&d.Key, &d.Message, &d.EditOf)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("waiting deliveries: %w", interpret(err))
	}
	return out, nil
}

// Shown marks rows sent where no platform was involved (the console).
func (s Deliveries) Shown(ctx context.Context, keys []string) error {
	_, err := s.db.q(ctx).Exec(ctx, `
		UPDATE deliveries SET state = 'sent', sent_at = now(), updated_at = now(), message_ref = NULL
		WHERE key = ANY($1)`, keys)
	if err != nil {
		return fmt.Errorf("deliveries shown: %w", interpret(err))
	}
	return nil
}

// Unrelayed locks up to limit notifications not yet handed to the queue
// whose recipient has an account on platforms (the first in that order
// that takes messages), oldest first, and returns each as a ledger row
// without its message. Replicas take different ones (SKIP LOCKED). Use it
// inside InTx with Relayed.
func (s Deliveries) Unrelayed(ctx context.Context, platforms []core.Platform, limit int) ([]core.Delivery, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT n.id, n.org_id, n.recipient_id, ci.platform, ci.external_id
		FROM notifications n
		JOIN LATERAL (
			SELECT platform, external_id FROM chat_identities ci
			WHERE ci.org_id = n.org_id AND ci.employee_id = n.recipient_id
			  AND ci.platform = ANY($1) AND ci.blocked_at IS NULL
			ORDER BY array_position($1, ci.platform) LIMIT 1) ci ON true
		WHERE n.enqueued_at IS NULL AND n.delivered_at IS NULL
		ORDER BY n.id LIMIT $2
		FOR UPDATE OF n SKIP LOCKED`, platformNames(platforms), limit)
	if err != nil {
		return nil, fmt.Errorf("unrelayed notifications: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.Delivery, error) {
		var d core.Delivery
		var platform string
		err := r.Scan(&d.SourceID, &d.OrgID, &d.EmployeeID, &platform, &d.ExternalID)
		d.Platform, d.Source = core.Platform(platform), core.SourceNotification
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("unrelayed notifications: %w", interpret(err))
	}
	return out, nil
}

// Relayed marks notifications handed to the queue.
func (s Deliveries) Relayed(ctx context.Context, ids []int64) error {
	if _, err := s.db.q(ctx).Exec(ctx, `UPDATE notifications SET enqueued_at = now() WHERE id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("relayed notifications: %w", interpret(err))
	}
	return nil
}

// Failed lists failed deliveries, newest first.
func (s Deliveries) Failed(ctx context.Context, limit int) ([]core.DeliveryFailure, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT d.key, o.key, coalesce(e.key, ''), d.platform, d.external_id, d.attempts, coalesce(d.last_error, ''), d.updated_at
		FROM deliveries d JOIN orgs o ON o.id = d.org_id LEFT JOIN employees e ON e.id = d.employee_id
		WHERE d.state = 'failed' ORDER BY d.updated_at DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("failed deliveries: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.DeliveryFailure, error) {
		var f core.DeliveryFailure
		var platform string
		err := r.Scan(&f.Key, &f.Org, &f.Employee, &platform, &f.ExternalID, &f.Attempts, &f.Reason, &f.At)
		f.Platform = core.Platform(platform)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("failed deliveries: %w", interpret(err))
	}
	return out, nil
}

// Progress counts a source's deliveries by state ("sent", "queued", …).
func (s Deliveries) Progress(ctx context.Context, source string, sourceID int64) (map[string]int, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT state, count(*) FROM deliveries WHERE source = $1 AND source_id = $2 GROUP BY state`, source, sourceID)
	if err != nil {
		return nil, fmt.Errorf("delivery progress: %w", interpret(err))
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("delivery progress: %w", interpret(err))
		}
		out[state] = n
	}
	return out, interpret(rows.Err())
}

// Backlog counts what waits on each platform, all replicas. Console copies
// wait for someone to open `hrbot chat`, not for a platform: they are left out.
func (s Deliveries) Backlog(ctx context.Context) ([]core.DeliveryCount, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT platform, state, count(*) FROM deliveries WHERE state IN ('queued', 'sending') AND platform <> 'console' GROUP BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("delivery backlog: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.DeliveryCount, error) {
		var c core.DeliveryCount
		var platform string
		err := r.Scan(&platform, &c.State, &c.N)
		c.Platform = core.Platform(platform)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("delivery backlog: %w", interpret(err))
	}
	return out, nil
}
