package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/store"
)

// TestInviteFailures: failed redemptions are counted per chat account from
// a given time on, with the latest one's time, for the lockout in core.
func TestInviteFailures(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	dir := store.NewDirectory(db)
	alice := core.Identity{Platform: core.PlatformTelegram, ExternalID: "111"}
	other := core.Identity{Platform: core.PlatformSlack, ExternalID: "111"} // same id, other platform
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	n, last, err := dir.InviteFailures(ctx, alice, t0.Add(-time.Hour))
	if err != nil || n != 0 || !last.IsZero() {
		t.Fatalf("no failures: %d, %v, %v", n, last, err)
	}
	for i := range 4 {
		if err := dir.RecordInviteFailure(ctx, alice, 0, "invite.invalid", t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if err := dir.RecordInviteFailure(ctx, other, 0, "invite.invalid", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	n, last, err = dir.InviteFailures(ctx, alice, t0.Add(time.Minute))
	if err != nil || n != 3 || !last.Equal(t0.Add(3*time.Minute)) {
		t.Errorf("failures since t0+1m: %d, last %v, %v; want 3, t0+3m", n, last, err)
	}
	if n, _, err := dir.InviteFailures(ctx, other, t0); err != nil || n != 1 {
		t.Errorf("the other platform's account: %d, %v; want 1", n, err)
	}
	if n, err := dir.PruneInviteFailures(ctx, t0.Add(2*time.Minute)); err != nil || n != 2 {
		t.Errorf("pruned %d, %v; want 2", n, err)
	}
	if n, _, err := dir.InviteFailures(ctx, alice, t0.Add(-time.Hour)); err != nil || n != 2 {
		t.Errorf("after pruning: %d, %v; want 2", n, err)
	}
}
