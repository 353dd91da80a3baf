package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
	return scanDialog(s.db.q(ctx).QueryRow(ctx, dialogQuery, platform, chatID, userID), platform, chatID, userID)
}

const dialogQuery = `SELECT org_id, name, step, data, updated_at FROM dialogs WHERE platform = $1 AND chat_id = $2 AND user_id = $3`

func scanDialog(row pgx.Row, platform core.Platform, chatID, userID string) (conversation.Dialog, error) {
	d := conversation.Dialog{Platform: platform, ChatID: chatID, UserID: userID}
	var orgID *int64
	if err := row.Scan(&orgID, &d.Name, &d.Step, &d.Data, &d.Updated); err != nil {
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
	tag, err := s.db.q(ctx).Exec(ctx, claimQuery, platform, deliveryID, now)
	if err != nil {
		return false, nil, fmt.Errorf("claim delivery %s/%s: %w", platform, deliveryID, interpret(err))
	}
	if tag.RowsAffected() == 1 {
		return true, nil, nil
	}
	replies, err := s.savedReplies(ctx, platform, deliveryID)
	return false, replies, err
}

const claimQuery = `INSERT INTO inbound_deliveries (platform, delivery_id, received_at) VALUES ($1, $2, $3)
	ON CONFLICT (platform, delivery_id) DO NOTHING`

// savedReplies reads the replies kept with a delivery claimed before.
func (s Conversations) savedReplies(ctx context.Context, platform core.Platform, deliveryID string) ([]byte, error) {
	var replies []byte
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT replies FROM inbound_deliveries WHERE platform = $1 AND delivery_id = $2`, platform, deliveryID).Scan(&replies)
	if err != nil {
		// Pruned between the claim and this statement: it was done, long ago.
		if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
			return nil, nil
		}
		return nil, fmt.Errorf("read replies of delivery %s/%s: %w", platform, deliveryID, interpret(err))
	}
	return replies, nil
}

// OpenTurn runs fn as one chat turn (InTurn) whose transaction begins in
// the round trip that claims the delivery (ClaimDelivery), identifies the
// sender (Directory.FindMemberByIdentity) and reads the chat's dialog
// (LoadDialog); fn gets what they found. Only a retry of a delivery
// claimed before costs a second round trip, for its kept replies.
func (s Conversations) OpenTurn(ctx context.Context, o conversation.Opening, fn func(ctx context.Context, op conversation.Opened) error) error {
	op := conversation.Opened{Claimed: true}
	var claim, member, dialog *pgx.QueuedQuery
	queue := func(b *pgx.Batch) {
		if o.DeliveryID != "" {
			claim = b.Queue(claimQuery, o.Platform, o.DeliveryID, o.ReceivedAt)
		}
		if sql, args, ok := memberByIdentity(o.Platform, o.UserID); ok && o.UserID != "" {
			member = b.Queue(sql, args...)
		} else {
			op.MemberErr = unlinked(o.Platform, o.UserID)
		}
		if o.ChatID != "" {
			dialog = b.Queue(dialogQuery, o.Platform, o.ChatID, o.UserID)
		}
	}
	read := func(br pgx.BatchResults) error {
		if claim != nil {
			tag, err := br.Exec()
			if err != nil {
				return fmt.Errorf("claim delivery %s/%s: %w", o.Platform, o.DeliveryID, interpret(err))
			}
			op.Claimed = tag.RowsAffected() == 1
		}
		if member != nil {
			m, err := scanMember(br.QueryRow())
			op.Member, op.MemberErr = identified(m, err, o.Platform, o.UserID)
			if op.MemberErr != nil && core.ErrorCodeOf(op.MemberErr) != core.ENotFound {
				return fmt.Errorf("identify %s:%s: %w", o.Platform, o.UserID, op.MemberErr)
			}
		}
		if dialog != nil {
			d, err := scanDialog(br.QueryRow(), o.Platform, o.ChatID, o.UserID)
			switch {
			case err == nil:
				op.Dialog, op.HasDialog = d, true
			case core.ErrorCodeOf(err) != core.ENotFound:
				return fmt.Errorf("load dialog: %w", err)
			}
		}
		return nil
	}
	return s.db.openTurn(ctx, queue, read, func(ctx context.Context) error {
		if !op.Claimed {
			saved, err := s.savedReplies(ctx, o.Platform, o.DeliveryID)
			if err != nil {
				return err
			}
			op.Saved = saved
		}
		return fn(ctx, op)
	})
}

// SaveReplies implements conversation.DeliveryLog: it keeps replies (JSON,
// the bot's encoding) with a delivery claimed in the same turn. In a turn
// the write goes with the turn's COMMIT, in its round trip; it fails, and
// the turn with it, for a delivery nobody claimed.
func (s Conversations) SaveReplies(ctx context.Context, platform core.Platform, deliveryID string, replies []byte) error {
	w := commitWrite{
		// The division fails on a delivery not claimed: SQL is the only
		// place left to refuse it before the COMMIT sent with it.
		sql: `WITH saved AS (
			UPDATE inbound_deliveries SET replies = $3 WHERE platform = $1 AND delivery_id = $2 RETURNING 1)
			SELECT 1 / count(*) FROM saved`,
		args: []any{platform, deliveryID, replies},
		wrap: func(err error) error {
			if isCode(err, "22012") { // division_by_zero
				return fmt.Errorf("save replies of delivery %s/%s: it was not claimed", platform, deliveryID)
			}
			return fmt.Errorf("save replies of delivery %s/%s: %w", platform, deliveryID, err)
		},
	}
	if s.db.atCommit(ctx, w) {
		return nil
	}
	_, err := s.db.q(ctx).Exec(ctx, w.sql, w.args...)
	if err != nil {
		return w.wrap(interpret(err))
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
