package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

// Broadcasts keeps broadcasts: drafted, then sent once.
type Broadcasts struct{ db *DB }

// NewBroadcasts returns the broadcasts over db.
func NewBroadcasts(db *DB) Broadcasts { return Broadcasts{db: db} }

// Draft records a broadcast not yet sent and returns its id. audience is
// as core.ParseAudience reads it, or "chat:PLATFORM:ID" for one group;
// recipients is how many it would reach now.
func (s Broadcasts) Draft(ctx context.Context, orgID, by int64, audience, text string, recipients int) (int64, error) {
	var id int64
	err := s.db.q(ctx).QueryRow(ctx, `
		INSERT INTO broadcasts (org_id, created_by, audience, text, recipients) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		orgID, by, audience, text, recipients).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("draft broadcast: %w", interpret(err))
	}
	return id, nil
}

// Lock reads a broadcast drafted by someone and locks it for the caller's
// transaction. Errors: ENotFound ("broadcast.gone").
func (s Broadcasts) Lock(ctx context.Context, orgID, by, id int64) (audience, text string, sent bool, err error) {
	err = s.db.q(ctx).QueryRow(ctx, `
		SELECT audience, text, sent_at IS NOT NULL FROM broadcasts
		WHERE id = $1 AND org_id = $2 AND created_by = $3 FOR UPDATE`, id, orgID, by).Scan(&audience, &text, &sent)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", false, core.Errorf(core.ENotFound, "broadcast.gone", "broadcast %d not found", id)
	}
	if err != nil {
		return "", "", false, fmt.Errorf("broadcast %d: %w", id, interpret(err))
	}
	return audience, text, sent, nil
}

// MarkSent records that a broadcast went out to recipients, and audits it.
func (s Broadcasts) MarkSent(ctx context.Context, orgID, by, id int64, at time.Time, recipients int, audience, text, channel string) error {
	q := s.db.q(ctx)
	if _, err := q.Exec(ctx, `UPDATE broadcasts SET sent_at = $2, recipients = $3 WHERE id = $1`, id, at, recipients); err != nil {
		return fmt.Errorf("broadcast %d sent: %w", id, interpret(err))
	}
	return recordAudit(ctx, q, core.AuditEntry{OrgID: orgID, At: at, ActorID: by, Action: core.AuditBroadcastSend,
		EntityType: "broadcast", EntityID: strconv.FormatInt(id, 10),
		After:   map[string]any{"audience": audience, "text": text, "recipients": recipients},
		Channel: channel, Outcome: "ok"})
}

// Recent lists the org's last sent broadcasts with their progress.
func (s Broadcasts) Recent(ctx context.Context, orgID int64, limit int) ([]core.BroadcastStatus, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT b.id, b.audience, b.sent_at, b.recipients,
		       count(*) FILTER (WHERE d.state IN ('sent', 'skipped')),
		       count(*) FILTER (WHERE d.state IN ('queued', 'sending')),
		       count(*) FILTER (WHERE d.state = 'failed')
		FROM broadcasts b LEFT JOIN deliveries d ON d.source = 'broadcast' AND d.source_id = b.id AND d.platform <> 'console'
		     AND d.key NOT LIKE 'failed:%'
		WHERE b.org_id = $1 AND b.sent_at IS NOT NULL
		GROUP BY b.id ORDER BY b.id DESC LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, fmt.Errorf("recent broadcasts: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.BroadcastStatus, error) {
		var b core.BroadcastStatus
		return b, r.Scan(&b.ID, &b.Audience, &b.SentAt, &b.Total, &b.Sent, &b.Waiting, &b.Failed)
	})
	if err != nil {
		return nil, fmt.Errorf("recent broadcasts: %w", interpret(err))
	}
	return out, nil
}

// InTurn runs fn in one transaction, joining the caller's.
func (s Broadcasts) InTurn(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.InTurn(ctx, fn)
}
