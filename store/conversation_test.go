package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/store"
)

// TestPruneDeliveries: ids older than the horizon go, in batches; recent
// ones stay and still turn a retry away; a pruned id is processed again,
// which is why the horizon exceeds the platforms' retry windows.
func TestPruneDeliveries(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	conv := store.NewConversations(db)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	claim := func(id string, at time.Time) bool {
		t.Helper()
		ok, err := conv.ClaimDelivery(ctx, core.PlatformTelegram, id, at)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	const old = 5 // more than one batch of 2
	for i := range old {
		claim(fmt.Sprintf("old-%d", i), now.Add(-conversation.DeliveryHorizon-time.Duration(i+1)*time.Minute))
	}
	claim("recent", now.Add(-time.Hour))
	claim("edge", now.Add(-conversation.DeliveryHorizon)) // exactly at the horizon: kept

	n, err := conv.PruneDeliveries(ctx, now.Add(-conversation.DeliveryHorizon), 2)
	if err != nil || n != old {
		t.Fatalf("pruned %d, %v; want %d", n, err, old)
	}
	if claim("recent", now) || claim("edge", now) {
		t.Error("a recent delivery id was pruned: its retry would be processed twice")
	}
	if !claim("old-0", now) {
		t.Error("a pruned id is still claimed")
	}
	if n, err := conv.PruneDeliveries(ctx, now.Add(-conversation.DeliveryHorizon), 2); err != nil || n != 0 {
		t.Errorf("second pass pruned %d, %v; want 0", n, err)
	}
}
