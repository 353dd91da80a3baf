package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

// LoadDialog returns the open dialog in a chat, ENotFound when there is none.
func (db *DB) LoadDialog(ctx context.Context, platform core.Platform, chatID, userID string) (core.Dialog, error) {
	d := core.Dialog{Platform: platform, ChatID: chatID, UserID: userID}
	var orgID *int64
	err := db.pool.QueryRow(ctx, `
		SELECT org_id, name, step, data, updated_at FROM dialogs
		WHERE platform = $1 AND chat_id = $2 AND user_id = $3`, platform, chatID, userID).
		Scan(&orgID, &d.Name, &d.Step, &d.Data, &d.Updated)
	if err != nil {
		return core.Dialog{}, interpret(err)
	}
	if orgID != nil {
		d.OrgID = *orgID
	}
	return d, nil
}

// SaveDialog creates or replaces the dialog in a chat.
func (db *DB) SaveDialog(ctx context.Context, d core.Dialog) error {
	var orgID *int64
	if d.OrgID != 0 {
		orgID = &d.OrgID
	}
	if d.Data == nil {
		d.Data = map[string]string{}
	}
	_, err := db.pool.Exec(ctx, `
		INSERT INTO dialogs (platform, chat_id, user_id, org_id, name, step, data, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (platform, chat_id, user_id) DO UPDATE
		SET org_id = EXCLUDED.org_id, name = EXCLUDED.name, step = EXCLUDED.step, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
		d.Platform, d.ChatID, d.UserID, orgID, d.Name, d.Step, d.Data, d.Updated)
	if err != nil {
		return fmt.Errorf("save dialog %s: %w", d.Name, interpret(err))
	}
	return nil
}

// DeleteDialog ends the dialog in a chat, if any.
func (db *DB) DeleteDialog(ctx context.Context, platform core.Platform, chatID, userID string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM dialogs WHERE platform = $1 AND chat_id = $2 AND user_id = $3`, platform, chatID, userID)
	return interpret(err)
}

// ClaimDelivery implements core.DeliveryLog.
func (db *DB) ClaimDelivery(ctx context.Context, platform core.Platform, deliveryID string, now, staleBefore time.Time) (bool, error) {
	// Insert, or take over a claim whose owner died before finishing; a
	// finished delivery is never claimed again.
	var claimed time.Time
	err := db.pool.QueryRow(ctx, `
		INSERT INTO inbound_deliveries (platform, delivery_id, claimed_at) VALUES ($1, $2, $3)
		ON CONFLICT (platform, delivery_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
		WHERE inbound_deliveries.finished_at IS NULL AND inbound_deliveries.claimed_at < $4
		RETURNING claimed_at`, platform, deliveryID, now, staleBefore).Scan(&claimed)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim delivery %s/%s: %w", platform, deliveryID, interpret(err))
	}
	return true, nil
}

// FinishDelivery implements core.DeliveryLog.
func (db *DB) FinishDelivery(ctx context.Context, platform core.Platform, deliveryID string, orgID int64, now time.Time) error {
	var org *int64
	if orgID != 0 {
		org = &orgID
	}
	_, err := db.pool.Exec(ctx, `UPDATE inbound_deliveries SET finished_at = $3, org_id = $4 WHERE platform = $1 AND delivery_id = $2`,
		platform, deliveryID, now, org)
	if err != nil {
		return fmt.Errorf("finish delivery %s/%s: %w", platform, deliveryID, interpret(err))
	}
	return nil
}

// ReleaseDelivery implements core.DeliveryLog.
func (db *DB) ReleaseDelivery(ctx context.Context, platform core.Platform, deliveryID string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM inbound_deliveries WHERE platform = $1 AND delivery_id = $2 AND finished_at IS NULL`, platform, deliveryID)
	return interpret(err)
}

var _ core.DeliveryLog = (*DB)(nil)
var _ core.DirectoryStore = (*DB)(nil)
var _ core.OrgFileStore = (*DB)(nil)
