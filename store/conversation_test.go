package store_test

import (
	"bytes"
	"context"
	"encoding/json"
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
		ok, _, err := conv.ClaimDelivery(ctx, core.PlatformTelegram, id, at)
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

// TestDeliveryReplies: what a turn answered is kept with its delivery id
// and handed to a retry, also to one that waited on the first turn's claim
// while it was running.
func TestDeliveryReplies(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	conv := store.NewConversations(db)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	saved := []byte(`[{"Text":"Checked in at 08:59"}]`)

	err := db.InTurn(ctx, func(ctx context.Context) error {
		ok, prev, err := conv.ClaimDelivery(ctx, core.PlatformTelegram, "u1", now)
		if err != nil || !ok || prev != nil {
			t.Fatalf("first claim: %v %q %v", ok, prev, err)
		}
		return conv.SaveReplies(ctx, core.PlatformTelegram, "u1", saved)
	})
	if err != nil {
		t.Fatal(err)
	}
	ok, prev, err := conv.ClaimDelivery(ctx, core.PlatformTelegram, "u1", now)
	if err != nil || ok || compact(t, prev) != string(saved) {
		t.Fatalf("retry: claimed %v, replies %s, %v; want the saved replies", ok, prev, err)
	}
	if err := conv.SaveReplies(ctx, core.PlatformTelegram, "never-claimed", saved); err == nil {
		t.Error("replies saved for an id nobody claimed")
	}

	// A duplicate arriving while the first turn runs waits on its claim and
	// then reads what it committed.
	claimed := make(chan struct{})
	commit := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.InTurn(ctx, func(ctx context.Context) error {
			if ok, _, err := conv.ClaimDelivery(ctx, core.PlatformSlack, "event:E1", now); err != nil || !ok {
				return fmt.Errorf("first claim: %v %v", ok, err)
			}
			close(claimed)
			<-commit
			return conv.SaveReplies(ctx, core.PlatformSlack, "event:E1", saved)
		})
	}()
	<-claimed
	got := make(chan []byte, 1)
	go func() {
		_ = db.InTurn(ctx, func(ctx context.Context) error {
			ok, prev, err := conv.ClaimDelivery(ctx, core.PlatformSlack, "event:E1", now)
			if err != nil || ok {
				t.Errorf("duplicate: claimed %v, %v", ok, err)
			}
			got <- prev
			return nil
		})
	}()
	time.Sleep(100 * time.Millisecond) // let the duplicate block on the claim
	close(commit)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if prev := <-got; compact(t, prev) != string(saved) {
		t.Errorf("the waiting duplicate read %q, want the replies the first committed", prev)
	}
}

// compact is JSON as written, without the spaces jsonb adds.
func compact(t *testing.T, b []byte) string {
	t.Helper()
	if b == nil {
		return ""
	}
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatal(err)
	}
	return out.String()
}
