package store

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
)

// The audit log is written by every feature, inside the transaction of the
// change it records (recordAudit); the DB reads and writes it on its own
// for refusals, which change nothing else, and for tests.

// ListAudit returns an org's newest audit entries first.
func (db *DB) ListAudit(ctx context.Context, orgID int64, limit int) ([]core.AuditEntry, error) {
	rows, err := db.q(ctx).Query(ctx, `
		SELECT org_id, at, coalesce(actor_id, 0), actor_label, action, entity_type, entity_id, before, after, channel, outcome, reason
		FROM audit_log WHERE org_id = $1 ORDER BY id DESC LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []core.AuditEntry
	for rows.Next() {
		var e core.AuditEntry
		var before, after map[string]any
		if err := rows.Scan(&e.OrgID, &e.At, &e.ActorID, &e.ActorLabel, &e.Action, &e.EntityType, &e.EntityID,
			&before, &after, &e.Channel, &e.Outcome, &e.Reason); err != nil {
			return nil, interpret(err)
		}
		if before != nil {
			e.Before = before
		}
		if after != nil {
			e.After = after
		}
		out = append(out, e)
	}
	return out, interpret(rows.Err())
}

// recordAudit writes one audit row inside the caller's transaction.
func recordAudit(ctx context.Context, q dbtx, e core.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	var actor *int64
	if e.ActorID != 0 {
		actor = &e.ActorID
	}
	_, err := q.Exec(ctx, `
		INSERT INTO audit_log (org_id, at, actor_id, actor_label, action, entity_type, entity_id, before, after, channel, outcome, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.OrgID, e.At, actor, e.ActorLabel, e.Action, e.EntityType, e.EntityID,
		jsonOrNil(e.Before), jsonOrNil(e.After), e.Channel, e.Outcome, e.Reason)
	if err != nil {
		return fmt.Errorf("write audit %s: %w", e.Action, interpret(err))
	}
	return nil
}

// RecordAudit writes an audit row on its own, for refusals that change nothing else.
func (db *DB) RecordAudit(ctx context.Context, e core.AuditEntry) error {
	return recordAudit(ctx, db.q(ctx), e)
}

func jsonOrNil(v any) any {
	if v == nil {
		return nil
	}
	return v // pgx encodes maps and structs as JSON for jsonb parameters
}
