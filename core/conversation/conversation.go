// Package conversation holds the chat state the bot keeps in the database:
// dialogs in progress and the platform deliveries already processed. The
// bot uses them and store implements them; they sit under core because
// store does not import bot.
package conversation

import (
	"context"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Dialog is the state of a multi-step conversation with one person in one
// chat. It is kept in the database so a restart mid-dialog loses nothing.
type Dialog struct {
	Platform core.Platform
	ChatID   string
	UserID   string
	OrgID    int64 // 0 while the person is not yet linked
	Name     string
	Step     string
	Data     map[string]string
	Updated  time.Time
}

// DeliveryHorizon is how long a processed delivery's id is remembered. A
// retry that arrives later than this is processed again, so it must exceed
// every platform's retry window: Telegram keeps undelivered updates for 24
// hours (and redelivers them after an outage), Slack retries within
// minutes. Twice Telegram's day leaves room for clock skew and an outage
// that spans the day.
const DeliveryHorizon = 48 * time.Hour

// DeliveryLog remembers which platform deliveries (Slack event ids, Telegram
// update ids) were processed, and what was answered, so that a platform
// retry is processed once and answered again.
type DeliveryLog interface {
	// ClaimDelivery records the delivery and returns true, or returns false
	// when it was recorded before, with the replies saved for it (nil when
	// none were). Called within the transaction of the work the delivery
	// causes, it is undone with that work.
	ClaimDelivery(ctx context.Context, platform core.Platform, deliveryID string, now time.Time) (claimed bool, replies []byte, err error)
	// SaveReplies keeps what the turn answered with the delivery it claimed,
	// in the same transaction. The bytes are the bot's encoding.
	SaveReplies(ctx context.Context, platform core.Platform, deliveryID string, replies []byte) error
}

// Opening is what a turn reads as its transaction begins, in the same round
// trip: the claim of its delivery, who sent it, the chat's dialog. A turn
// is mostly these and one write, so reading them one by one would be most
// of its round trips.
type Opening struct {
	Platform core.Platform
	// DeliveryID is claimed, as ClaimDelivery does; "" claims nothing.
	DeliveryID string
	ReceivedAt time.Time
	// UserID is the chat account to identify, ChatID the chat whose open
	// dialog to read.
	UserID, ChatID string
}

// Opened is what an Opening read, in the turn's transaction.
type Opened struct {
	// Claimed is false for a delivery processed before: Saved holds the
	// replies kept with it (nil when none were).
	Claimed bool
	Saved   []byte
	// Member is who sent it; MemberErr is ENotFound when the account is
	// linked to no one.
	Member    core.Member
	MemberErr error
	// Dialog is the chat's dialog, when HasDialog.
	Dialog    Dialog
	HasDialog bool
}

// Sender is who sent a message, read for a group of messages at once
// outside any turn.
type Sender struct {
	// Member is set when Linked: the account is linked to someone.
	Member core.Member
	Linked bool
	// HasDialog is set when the chat has a dialog open.
	HasDialog bool
}

// Claim is a delivery recorded as processed, with the replies kept for its
// retries: what a turn's ClaimDelivery and SaveReplies write, for a turn
// stored with others in one statement.
type Claim struct {
	Platform   core.Platform
	DeliveryID string
	ReceivedAt time.Time
	Replies    []byte
}
