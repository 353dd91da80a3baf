package store

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
)

// Conversations keeps what a chat conversation needs between messages:
// the open dialog of each chat and the platform deliveries already
// handled, both written in the transaction of the turn (InTurn) so a
// message and its effects commit together.
type Conversations struct{ db *DB }

// NewConversations returns the conversation state over db.
func NewConversations(db *DB) Conversations { return Conversations{db: db} }

var _ conversation.DeliveryLog = Conversations{}

// InTurn runs fn as one chat turn: see DB.InTurn.
func (s Conversations) InTurn(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.InTurn(ctx, fn)
}

// LoadDialog returns the open dialog in a chat, ENotFound when there is none.
func (s Conversations) LoadDialog(ctx context.Context, platform core.Platform, chatID, userID string) (conversation.Dialog, error) {
	d := conversation.Dialog{Platform: platform, ChatID: chatID, UserID: userID}
	var orgID *int64
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT org_id, name, step, data, updated_at FROM dialogs
		WHERE platform = $1 AND chat_id = $2 AND user_id = $3`, platform, chatID, userID).
		Scan(&orgID, &d.Name, &d.Step, &d.Data, &d.Updated)
	if err != nil {
		return conversation.Dialog{}, interpret(err)
	}
	if orgID != nil {
		d.OrgID = *orgID
	}
	return d, nil
}

// SaveDialog creates or replaces the dialog in a chat.
func (s Conversations) SaveDialog(ctx context.Context, d conversation.Dialog) error {
	var orgID *int64
	if d.OrgID != 0 {
		orgID = &d.OrgID
	}
	if d.Data == nil {
		d.Data = map[string]string{}
	}
	_, err := s.db.q(ctx).Exec(ctx, `
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
func (s Conversations) DeleteDialog(ctx context.Context, platform core.Platform, chatID, userID string) error {
	_, err := s.db.q(ctx).Exec(ctx, `DELETE FROM dialogs WHERE platform = $1 AND chat_id = $2 AND user_id = $3`, platform, chatID, userID)
	return interpret(err)
}

// ClaimDelivery implements conversation.DeliveryLog. Run inside a turn, the claim
// commits with what the delivery caused, so it is recorded as done from the
// start: a concurrent duplicate waits on it and then finds it. For an id
// claimed before it returns the replies saved with it (nil when none were).
//
// The turn runs at READ COMMITTED, so the SELECT after a conflict is a new
// snapshot and sees the row the first turn committed while this one waited.
func (s Conversations) ClaimDelivery(ctx context.Context, platform core.Platform, deliveryID string, now time.Time) (bool, []byte, error) {
	tag, err := s.db.q(ctx).Exec(ctx, `
		INSERT INTO inbound_deliveries (platform, delivery_id, received_at) VALUES ($1, $2, $3)
		ON CONFLICT (platform, delivery_id) DO NOTHING`, platform, deliveryID, now)
	if err != nil {
		return false, nil, fmt.Errorf("claim delivery %s/%s: %w", platform, deliveryID, interpret(err))
	}
	if tag.RowsAffected() == 1 {
		return true, nil, nil
	}
	var replies []byte
	err = s.db.q(ctx).QueryRow(ctx, `
		SELECT replies FROM inbound_deliveries WHERE platform = $1 AND delivery_id = $2`, platform, deliveryID).Scan(&replies)
	if err != nil {
		// Pruned between the two statements: it was done, long ago.
		if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
			return false, nil, nil
		}
		return false, nil, fmt.Errorf("read replies of delivery %s/%s: %w", platform, deliveryID, interpret(err))
	}
	return false, replies, nil
}

// SaveReplies implements conversation.DeliveryLog: it keeps replies (JSON,
// the bot's encoding) with a delivery claimed in the same turn.
func (s Conversations) SaveReplies(ctx context.Context, platform core.Platform, deliveryID string, replies []byte) error {
	tag, err := s.db.q(ctx).Exec(ctx, `
		UPDATE inbound_deliveries SET replies = $3 WHERE platform = $1 AND delivery_id = $2`, platform, deliveryID, replies)
	if err != nil {
		return fmt.Errorf("save replies of delivery %s/%s: %w", platform, deliveryID, interpret(err))
	}
	if tag.RowsAffected() != 1 {
		return fmt.Errorf("save replies of delivery %s/%s: it was not claimed", platform, deliveryID)
	}
	return nil
}

// PruneDeliveries deletes the deliveries received before before, batch rows
// per statement so no statement holds many row locks or a long transaction
// against the turns claiming new ids, until none is left or ctx ends. It
// returns how many it deleted. The caller picks before past every
// platform's retry window (conversation.DeliveryHorizon): a retry of a
// pruned id is processed again.
//
// There is no index on received_at on purpose: every turn writes a row
// here, and a second index would be paid on each of them. A pass runs every
// minute and finds about a minute's worth of rows, so it scans the table
// once or twice.
func (s Conversations) PruneDeliveries(ctx context.Context, before time.Time, batch int) (int64, error) {
	if batch <= 0 {
		return 0, fmt.Errorf("prune deliveries: batch %d is not positive", batch)
	}
	var total int64
	for {
		tag, err := s.db.q(ctx).Exec(ctx, `
			DELETE FROM inbound_deliveries WHERE ctid IN (
				SELECT ctid FROM inbound_deliveries WHERE received_at < $1 LIMIT $2)`, before, batch)
		if err != nil {
			return total, fmt.Errorf("prune deliveries received before %s: %w", before.Format(time.RFC3339), interpret(err))
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < int64(batch) {
			return total, nil
		}
	}
}
