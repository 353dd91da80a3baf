package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/store"
)

// TestSignInLifecycle: a link is spent once into a session; sessions end
// when idle, expired or their person has left; pruning removes what can no
// longer be used and keeps what can.
func TestSignInLifecycle(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	if _, err := apply(t, db, "orgs:\n  - key: shop\n    name: Shop\n    employees:\n      - {key: ann, name: Ann}\n      - {key: bo, name: Bo}\n"); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := core.ClockFunc(func() time.Time { return now })
	svc := signin.NewService(store.NewSignIns(db), clock)
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	ann, err := dir.Identify(ctx, core.PlatformConsole, "shop/ann")
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := svc.NewLink(ctx, ann, "telegram")
	if err != nil {
		t.Fatal(err)
	}
	cookie, _, m, err := svc.Redeem(ctx, token)
	if err != nil || m.Employee.Key != "ann" {
		t.Fatalf("redeem: %v, %v", m.Employee.Key, err)
	}
	if _, _, _, err := svc.Redeem(ctx, token); !isKey(err, "signin.link_used") {
		t.Errorf("a link spent twice: %v", err)
	}
	if _, m, err := svc.Find(ctx, cookie); err != nil || m.Employee.Key != "ann" {
		t.Fatalf("find: %v", err)
	}

	// A second session, left idle; a third link, never used.
	other, _, _, _ := svc.Redeem(ctx, mustLink(t, svc, ann))
	_, _, _ = svc.NewLink(ctx, ann, "slack")
	now = now.Add(13 * time.Hour) // past the idle limit, within a link's day of grace
	if _, _, err := svc.Find(ctx, other); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("an idle session still works: %v", err)
	}
	n, err := svc.Prune(ctx)
	if err != nil {
		t.Fatalf("prune: %v", err)
	}
	if n != 1 { // the first session, idle as well (the second was ended by Find)
		t.Errorf("pruned %d, want 1", n)
	}
	now = now.Add(24 * time.Hour)
	if n, err = svc.Prune(ctx); err != nil || n != 3 { // the three links, a day past expiry
		t.Errorf("pruned %d, %v; want the 3 links", n, err)
	}
}

func mustLink(t *testing.T, svc *signin.Service, m core.Member) string {
	t.Helper()
	token, _, err := svc.NewLink(context.Background(), m, "telegram")
	if err != nil {
		t.Fatal(err)
	}
	return token
}
