package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Events are domain events: facts one feature writes with its change for
// another to act on later (leave cancelled → cover withdrawn), taken one
// at a time.
type Events struct{ db *DB }

// NewEvents returns the domain events over db.
func NewEvents(db *DB) Events { return Events{db: db} }

// publish writes an event in the caller's transaction.
func publish(ctx context.Context, q dbtx, orgID int64, kind string, payload any, at time.Time) error {
	raw, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("encode event %s: %w", kind, err)
	}
	if _, err := q.Exec(ctx, `INSERT INTO domain_events (org_id, kind, payload, created_at) VALUES ($1, $2, $3, $4)`,
		orgID, kind, raw, at); err != nil {
		return fmt.Errorf("publish %s: %w", kind, interpret(err))
	}
	return nil
}

// Consume hands the oldest waiting event of kind to fn and marks it
// consumed, in one transaction that fn's store calls join; false when none
// is waiting. Replicas take different events (SKIP LOCKED).
func (s Events) Consume(ctx context.Context, kind string, at time.Time, fn func(ctx context.Context, orgID int64, payload []byte) error) (bool, error) {
	found := false
	err := s.db.InTurn(ctx, func(ctx context.Context) error {
		var id, orgID int64
		var payload []byte
		err := s.db.q(ctx).QueryRow(ctx, `
			SELECT id, org_id, payload FROM domain_events WHERE kind = $1 AND consumed_at IS NULL
			ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`, kind).Scan(&id, &orgID, &payload)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return interpret(err)
		}
		found = true
		if err := fn(ctx, orgID, payload); err != nil {
			return fmt.Errorf("event %d: %w", id, err)
		}
		_, err = s.db.q(ctx).Exec(ctx, `UPDATE domain_events SET consumed_at = $2 WHERE id = $1`, id, at)
		return interpret(err)
	})
	return found, err
}
