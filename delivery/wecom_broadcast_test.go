package delivery_test

import (
	"context"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

// TestWeComBroadcast1000 sends one broadcast to 1,000 WeCom members
// through the whole path — queued in one transaction, worked by River,
// written by the bot, sent by the WeCom adapter's real client to the fake
// WeCom — at WeCom's limit of 10,000 calls a minute, and checks that
// everyone got it once. It logs the rate reached against the limit.
func TestWeComBroadcast1000(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 1,000 messages at WeCom's limit (about 6 s)")
	}
	t.Parallel()
	const people = 1000
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	seedWeCom(t, db, people)
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	limits := wecom.Limits{PerMinute: 10000}
	wc, err := wecom.New(ctx, wecom.Config{CorpID: app.CorpID, AgentID: app.AgentID, Secret: app.Secret, Token: app.Token,
		AESKey: app.AESKey, APIURL: fake.URL, Accounts: store.NewDirectory(db), Intake: store.NewIntake(db), Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	bc := draftToEveryone(t, db, delivery.Config{Workers: 50, PollEvery: 100 * time.Millisecond},
		core.PlatformWeCom, pusher(wc.Push), "U1", "明天 10:00 开门。", people)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := bc.queue.Start(runCtx); err != nil {
		t.Fatal(err)
	}
	defer bc.queue.Stop(context.Background())
	start := time.Now()
	if n, _, err := bc.broadcasts.Send(ctx, bc.hr, bc.id, "test"); err != nil || n != people {
		t.Fatalf("queued %d, %v", n, err)
	}
	waitSettled(t, db)
	drain := time.Since(start)
	got := map[string]int{}
	for _, c := range fake.Messages("") {
		got[c.ToUser()]++
	}
	if len(got) != people {
		t.Fatalf("%d members reached, want %d", len(got), people)
	}
	for user, n := range got {
		if n != 1 {
			t.Errorf("%s got %d messages", user, n)
		}
	}
	rate := float64(people) / drain.Seconds()
	t.Logf("broadcast to %d WeCom members: %.1f s, %.0f messages/s, %.2f of WeCom's limit (%.0f/s)",
		people, drain.Seconds(), rate, rate/(limits.PerMinute/60), limits.PerMinute/60)
}

// seedWeCom adds people with WeCom accounts U1…Un; person 1 is HR.
func seedWeCom(t *testing.T, db *store.DB, people int) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.Pool().Exec(ctx, `
		WITH o AS (INSERT INTO orgs (key, name, time_zone, default_locale, go_live) VALUES ('big', 'Big Shop', 'Asia/Shanghai', 'zh-CN', '2026-01-01') RETURNING id),
		e AS (
			INSERT INTO employees (org_id, key, name, role)
			SELECT o.id, 'p' || i, 'Person ' || i, CASE WHEN i = 1 THEN 'hr' ELSE 'employee' END FROM o, generate_series(1, $1) i
			RETURNING org_id, id, key)
		INSERT INTO chat_identities (org_id, employee_id, platform, external_id, linked_via)
		SELECT org_id, id, 'wecom', 'U' || substr(key, 2), 'orgfile' FROM e`, people); err != nil {
		t.Fatal(err)
	}
}

// waitSettled waits until no delivery is queued or being sent.
func waitSettled(t *testing.T, db *store.DB) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
		waiting := unsettled(t, db)
		if waiting == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still waiting", waiting)
		}
	}
}
