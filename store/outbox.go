package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/hrbot/hrbot/core"
)

// Outbox is the notifications table: what a change has to tell someone is
// written with the change (notify, inside its transaction), and handed
// over later — shown with the person's next answer (Take) or sent through
// the delivery queue, which renders each one (Notification).
type Outbox struct{ db *DB }

// NewOutbox returns the notifications over db.
func NewOutbox(db *DB) Outbox { return Outbox{db: db} }

// notify writes n in the caller's transaction; a notification for nobody
// (RecipientID 0) is dropped.
func notify(ctx context.Context, q dbtx, n core.Notification) error {
	if n.RecipientID == 0 {
		return nil
	}
	if n.Params == nil {
		n.Params = map[string]string{}
	}
	_, err := q.Exec(ctx, `INSERT INTO notifications (org_id, recipient_id, kind, params, created_at) VALUES ($1, $2, $3, $4, $5)`,
		n.OrgID, n.RecipientID, n.Kind, n.Params, n.CreatedAt)
	if err != nil {
		return fmt.Errorf("notify: %w", interpret(err))
	}
	return nil
}

// Take returns a person's undelivered notifications, oldest first, and
// marks them delivered.
func (s Outbox) Take(ctx context.Context, recipientID int64) ([]core.Notification, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		UPDATE notifications SET delivered_at = now()
		WHERE id IN (SELECT id FROM notifications WHERE recipient_id = $1 AND delivered_at IS NULL AND enqueued_at IS NULL ORDER BY id FOR UPDATE SKIP LOCKED)
		RETURNING id, org_id, recipient_id, kind, params, created_at`, recipientID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []core.Notification
	for rows.Next() {
		var n core.Notification
		if err := rows.Scan(&n.ID, &n.OrgID, &n.RecipientID, &n.Kind, &n.Params, &n.CreatedAt); err != nil {
			return nil, interpret(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, interpret(err)
	}
	// UPDATE ... RETURNING keeps no order.
	slices.SortFunc(out, func(a, b core.Notification) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// Notification reads one notification and whether it was delivered.
func (s Outbox) Notification(ctx context.Context, id int64) (core.Notification, bool, error) {
	var n core.Notification
	var delivered bool
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT id, org_id, recipient_id, kind, params, created_at, delivered_at IS NOT NULL
		FROM notifications WHERE id = $1`, id).Scan(&n.ID, &n.OrgID, &n.RecipientID, &n.Kind, &n.Params, &n.CreatedAt, &delivered)
	return n, delivered, interpret(err)
}
