package core

import (
	"context"
	"time"
)

// Dialog is the state of a multi-step conversation with one person in one
// chat. It is kept in the database so a restart mid-dialog loses nothing.
type Dialog struct {
	Platform Platform
	ChatID   string
	UserID   string
	OrgID    int64 // 0 while the person is not yet linked
	Name     string
	Step     string
	Data     map[string]string
	Updated  time.Time
}

// DeliveryLog remembers which platform deliveries (Slack event ids, Telegram
// update ids) were processed, so that a platform retry is processed once.
type DeliveryLog interface {
	// ClaimDelivery returns true when this delivery should be processed now:
	// it was never seen, or an earlier attempt started before staleBefore
	// and never finished (the process died mid-way).
	ClaimDelivery(ctx context.Context, platform Platform, deliveryID string, now, staleBefore time.Time) (bool, error)
	// FinishDelivery marks the delivery done.
	FinishDelivery(ctx context.Context, platform Platform, deliveryID string, orgID int64, now time.Time) error
	// ReleaseDelivery forgets a claim whose processing failed, so a retry can try again.
	ReleaseDelivery(ctx context.Context, platform Platform, deliveryID string) error
}
