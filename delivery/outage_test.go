package delivery_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

// A broadcast to 300 people meets Telegram answering 500 for three
// seconds, then hanging without an answer for three, then 429 for three,
// through the real client against the fake Bot API. Nothing sent meanwhile
// is lost or doubled: when Telegram is back, every person has the message
// exactly once.
func TestBroadcastThroughPlatformOutage(t *testing.T) {
	t.Parallel()
	const people = 300
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seed(t, db, people)
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	tg, err := telegram.New(ctx, telegram.Config{Token: "123:ABC", APIURL: fake.URL, Mode: "webhook", WebhookSecret: "s",
		Accounts: db, Limits: telegram.Limits{PerSecond: 1e6, PerChatSecond: 1e6}})
	if err != nil {
		t.Fatal(err)
	}
	dir := core.NewDirectory(db, core.SystemClock{})
	att := attendance.NewService(db, dir, core.SystemClock{})
	var hrBot *bot.Bot
	q, err := delivery.New(delivery.Config{
		Pool: db.Pool(), Workers: 20, PollEvery: 100 * time.Millisecond, JobTimeout: 2 * time.Second, MaxAttempts: 200,
		Backoff: func(int) time.Duration { return 300 * time.Millisecond },
		Renderer: renderer(func(ctx context.Context, p core.Platform, id string, m delivery.Message) ([]bot.Reply, error) {
			return hrBot.Render(ctx, p, id, m)
		}),
		Senders: map[core.Platform]delivery.Sender{core.PlatformTelegram: pusher(tg.Push)},
	})
	if err != nil {
		t.Fatal(err)
	}
	hrBot = bot.New(bot.Config{Directory: dir, Attendance: att, Inbox: db, Dialogs: db, Deliveries: db, Turns: db})
	broadcasts := &delivery.Broadcasts{Queue: q, Roster: att, Clock: core.SystemClock{}, Platforms: []core.Platform{core.PlatformTelegram}}
	hr, err := dir.Identify(ctx, core.PlatformTelegram, "1")
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := broadcasts.Draft(ctx, hr, core.ReminderAudience{Kind: core.AudienceEveryone}, "Closed on Friday.")
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := q.Start(runCtx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(context.Background())

	began := time.Now()
	// Each phase overlaps the next a little, so there is no gap between.
	fake.Outage(3500*time.Millisecond, http.StatusInternalServerError)
	if n, _, err := broadcasts.Send(ctx, hr, id, "test"); err != nil || n != people {
		t.Fatalf("queued %d, %v", n, err)
	}
	time.Sleep(3 * time.Second)
	fake.Outage(3500*time.Millisecond, 0) // hangs
	time.Sleep(3 * time.Second)
	fake.Outage(3*time.Second, http.StatusTooManyRequests)

	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var waiting int
		if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM deliveries WHERE state IN ('queued', 'sending')`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still waiting", waiting)
		}
	}
	perChat := map[string]int{}
	for _, c := range fake.Calls("sendMessage") {
		perChat[c.Params["chat_id"]]++
		if c.At.Before(began.Add(8 * time.Second)) {
			t.Fatalf("a message got through at %s, during the outage: the test proves nothing", c.At.Sub(began))
		}
	}
	twice := 0
	for _, n := range perChat {
		if n > 1 {
			twice++
		}
	}
	var sent, failed int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE state = 'sent'), count(*) FILTER (WHERE state = 'failed') FROM deliveries`).Scan(&sent, &failed); err != nil {
		t.Fatal(err)
	}
	t.Logf("due %d, delivered %d people (twice: %d); ledger: %d sent, %d failed", people, len(perChat), twice, sent, failed)
	if len(perChat) != people || twice != 0 || sent != people || failed != 0 {
		t.Errorf("due %d: reached %d, twice %d, sent %d, failed %d", people, len(perChat), twice, sent, failed)
	}
}
