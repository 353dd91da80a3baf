package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
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

// FindAudit returns an org's audit rows matching q, newest first (by
// time, then by id), with the name and key of the employee who acted. The
// (org_id, at) index serves every filter: an org's rows in a time range.
func (db *DB) FindAudit(ctx context.Context, orgID int64, q core.AuditQuery) ([]core.AuditRecord, error) {
	where := []string{"a.org_id = $1"}
	args := []any{orgID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if q.ActorKey != "" {
		where = append(where, "e.key = "+arg(q.ActorKey))
	}
	if q.Action != "" {
		// "payroll" finds every payroll.* action as well as itself.
		like := strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q.Action) + ".%"
		where = append(where, "(a.action = "+arg(q.Action)+" OR a.action LIKE "+arg(like)+")")
	}
	if q.Channel != "" {
		where = append(where, "a.channel = "+arg(q.Channel))
	}
	if !q.Since.IsZero() {
		where = append(where, "a.at >= "+arg(q.Since))
	}
	if !q.Until.IsZero() {
		where = append(where, "a.at < "+arg(q.Until))
	}
	if q.BeforeID != 0 {
		where = append(where, "(a.at, a.id) < ("+arg(q.BeforeAt)+", "+arg(q.BeforeID)+")")
	}
	limit := q.Limit
	if limit <= 0 {
		limit = core.AuditPageSize
	}
	rows, err := db.q(ctx).Query(ctx, `
		SELECT a.id, a.org_id, a.at, coalesce(a.actor_id, 0), a.actor_label, coalesce(e.key, ''), coalesce(e.name, ''),
		       a.action, a.entity_type, a.entity_id, a.before, a.after, a.channel, a.outcome, a.reason
		FROM audit_log a LEFT JOIN employees e ON e.id = a.actor_id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY a.at DESC, a.id DESC LIMIT `+arg(limit), args...)
	if err != nil {
		return nil, fmt.Errorf("find audit: %w", interpret(err))
	}
	defer rows.Close()
	var out []core.AuditRecord
	for rows.Next() {
		var r core.AuditRecord
		var before, after map[string]any
		if err := rows.Scan(&r.ID, &r.OrgID, &r.At, &r.ActorID, &r.ActorLabel, &r.ActorKey, &r.ActorName, &r.Action, &r.EntityType,
			&r.EntityID, &before, &after, &r.Channel, &r.Outcome, &r.Reason); err != nil {
			return nil, fmt.Errorf("find audit: %w", interpret(err))
		}
		if before != nil {
			r.Before = before
		}
		if after != nil {
			r.After = after
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find audit: %w", interpret(err))
	}
	return out, nil
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
