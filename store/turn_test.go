package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/store"
)

// TestOpenTurn: the round trip that begins a turn claims its delivery,
// identifies the sender and reads the chat's dialog; the replies kept for a
// retry go with the commit, and a turn that fails anywhere, its commit
// included, keeps nothing.
func TestOpenTurn(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	if _, err := apply(t, db, `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    employees:
      - {key: amy, name: Amy, role: employee, telegram: "7"}
`); err != nil {
		t.Fatal(err)
	}
	conv := store.NewConversations(db)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := conv.SaveDialog(ctx, conversation.Dialog{Platform: core.PlatformTelegram, ChatID: "7", UserID: "7", Name: "fix", Step: "reason", Updated: now}); err != nil {
		t.Fatal(err)
	}
	open := func(id, user string, fn func(ctx context.Context, op conversation.Opened) error) error {
		o := conversation.Opening{Platform: core.PlatformTelegram, DeliveryID: id, ReceivedAt: now, UserID: user, ChatID: user}
		return conv.OpenTurn(ctx, o, fn)
	}
	saved := []byte(`[{"Text":"ok"}]`)

	err := open("u1", "7", func(ctx context.Context, op conversation.Opened) error {
		if !op.Claimed || op.MemberErr != nil || op.Member.Employee.Key != "amy" || op.Member.Org.Key != "shop" {
			t.Errorf("first delivery: claimed %v, member %q, %v", op.Claimed, op.Member.Employee.Key, op.MemberErr)
		}
		if !op.HasDialog || op.Dialog.Name != "fix" || op.Dialog.Step != "reason" {
			t.Errorf("dialog %+v (%v), want fix/reason", op.Dialog, op.HasDialog)
		}
		return conv.SaveReplies(ctx, core.PlatformTelegram, "u1", saved)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = open("u1", "7", func(ctx context.Context, op conversation.Opened) error {
		if op.Claimed || compact(t, op.Saved) != string(saved) {
			t.Errorf("retry: claimed %v, saved %q; want the kept replies", op.Claimed, op.Saved)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := open("u2", "8", func(ctx context.Context, op conversation.Opened) error {
		if core.ErrorCodeOf(op.MemberErr) != core.ENotFound || op.HasDialog {
			t.Errorf("unlinked account: %v, dialog %v", op.MemberErr, op.HasDialog)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// A write left for the commit that fails takes the whole turn with it.
	err = open("u3", "7", func(ctx context.Context, op conversation.Opened) error {
		return conv.SaveReplies(ctx, core.PlatformTelegram, "nobody-claimed-this", saved)
	})
	if err == nil || !strings.Contains(err.Error(), "not claimed") {
		t.Errorf("replies kept for an unclaimed delivery: %v", err)
	}
	// So does fn's own failure.
	boom := errors.New("boom")
	if err := open("u4", "7", func(context.Context, conversation.Opened) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("failing turn returned %v", err)
	}
	for _, id := range []string{"u3", "u4"} {
		ok, _, err := conv.ClaimDelivery(ctx, core.PlatformTelegram, id, now)
		if err != nil || !ok {
			t.Errorf("the claim of failed turn %s was kept: %v %v", id, ok, err)
		}
	}
	if n := db.Pool().Stat().AcquiredConns(); n != 0 {
		t.Errorf("%d connections still held after the turns", n)
	}
}
