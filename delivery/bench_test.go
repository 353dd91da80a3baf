package delivery_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/broadcast"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

// BenchmarkBroadcast10k sends one /broadcast to 10,000 people on Telegram
// through the whole path — Broadcasts.Send queueing it, River working it,
// the bot writing each message, the real Telegram client posting it to a
// fake Bot API on loopback — first with no rate limit anywhere, then with
// a limit set, and reports:
//
//	enqueue_s       seconds to queue the 10,000 (one transaction)
//	drain_msgs/s    messages sent a second with no limit
//	limit_ratio     drain rate with a limit set ÷ that limit (target ≥ 0.9)
//
// go test -run XXX -bench Broadcast10k -benchtime 1x ./delivery/
func BenchmarkBroadcast10k(b *testing.B) {
	const people = 10_000
	const limit = 400 // messages a second, when limited
	for range b.N {
		free := runBroadcast(b, people, 0)
		limited := runBroadcast(b, people, limit)
		b.ReportMetric(free.enqueue.Seconds(), "enqueue_s")
		b.ReportMetric(float64(people)/free.drain.Seconds(), "drain_msgs/s")
		b.ReportMetric(float64(people)/limited.drain.Seconds()/limit, "limit_ratio")
	}
}

type broadcastRun struct{ enqueue, drain time.Duration }

// broadcastRig is a drafted broadcast to people on Telegram, through the
// queue, the bot and the real Telegram client against a fake Bot API.
type broadcastRig struct {
	broadcastPath
	db   *store.DB
	fake *telegramtest.Server
}

// newBroadcastRig seeds people and drafts "The shop opens…" to them all;
// cfg sets the queue's timing (its pool, renderer and senders are filled
// in here). Nothing runs until the queue is started.
func newBroadcastRig(tb testing.TB, people int, limits telegram.Limits, cfg delivery.Config) *broadcastRig {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	seed(tb, db, people)
	fake := telegramtest.New("123:ABC")
	tb.Cleanup(fake.Close)
	tg, err := telegram.New(ctx, telegram.Config{Token: "123:ABC", APIURL: fake.URL, Mode: "webhook", WebhookSecret: "s",
		Accounts: store.NewDirectory(db), Limits: limits})
	if err != nil {
		tb.Fatal(err)
	}
	drafted := draftToEveryone(tb, db, cfg, core.PlatformTelegram, pusher(tg.Push), "1", "The shop opens at 10:00 tomorrow.", people)
	return &broadcastRig{broadcastPath: drafted, db: db, fake: fake}
}

// broadcastPath is a broadcast drafted to everyone, to be sent through
// the queue, the bot and one platform's sender.
type broadcastPath struct {
	queue      *delivery.Queue
	broadcasts *broadcast.Service
	hr         core.Member
	id         int64
}

// draftToEveryone wires the queue (cfg sets its timing; its pool, ledger,
// renderer and senders are filled in here), the bot and broadcasts on db
// to send on platform with send, and drafts text to everyone as the HR
// person whose account there is hrID; the draft must reach people.
// Nothing runs until the queue is started.
func draftToEveryone(tb testing.TB, db *store.DB, cfg delivery.Config, platform core.Platform, send delivery.Sender,
	hrID, text string, people int) broadcastPath {
	tb.Helper()
	ctx := context.Background()
	dir := core.NewDirectory(store.NewDirectory(db), core.SystemClock{})
	att := attendance.NewService(store.NewAttendance(db), dir, core.SystemClock{})
	var hrBot *bot.Bot
	cfg.Pool, cfg.Ledger = db.Pool(), store.NewDeliveries(db)
	cfg.Renderer = renderer(func(ctx context.Context, p core.Platform, id string, m delivery.Message) ([]bot.Reply, error) {
		return hrBot.Render(ctx, p, id, m)
	})
	cfg.Senders = map[core.Platform]delivery.Sender{platform: send}
	q, err := delivery.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	hrBot = bot.New(bot.Config{Directory: dir, Attendance: att, Inbox: store.NewOutbox(db), Conversations: store.NewConversations(db)})
	broadcasts := &broadcast.Service{Store: store.NewBroadcasts(db), People: store.NewAudience(db), Roster: att, Clock: core.SystemClock{},
		Outbox: delivery.Outbox{Queue: q, Platforms: []core.Platform{platform}}}
	hr, err := dir.Identify(ctx, platform, hrID)
	if err != nil {
		tb.Fatal(err)
	}
	id, n, _, err := broadcasts.Draft(ctx, hr, core.Audience{Kind: core.AudienceEveryone}, text)
	if err != nil || n != people {
		tb.Fatalf("draft reaches %d, %v", n, err)
	}
	return broadcastPath{queue: q, broadcasts: broadcasts, hr: hr, id: id}
}

// waiting counts deliveries not yet settled.
func (r *broadcastRig) waiting(tb testing.TB) int {
	tb.Helper()
	return unsettled(tb, r.db)
}

// unsettled counts the deliveries queued or being sent.
func unsettled(tb testing.TB, db *store.DB) int {
	tb.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM deliveries WHERE state IN ('queued', 'sending')`).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func runBroadcast(b *testing.B, people, limit int) broadcastRun {
	b.Helper()
	ctx := context.Background()
	adapterLimits := telegram.Limits{PerSecond: 1e6, PerChatSecond: 1e6}
	if limit > 0 {
		adapterLimits.PerSecond = float64(limit)
	}
	rig := newBroadcastRig(b, people, adapterLimits, delivery.Config{Workers: 50, PollEvery: 100 * time.Millisecond})
	if limit > 0 {
		rig.fake.SetLimits(&telegramtest.Limits{PerSecond: limit, PerChatPeriod: time.Second, RetryAfter: 1})
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := rig.queue.Start(runCtx); err != nil {
		b.Fatal(err)
	}
	defer rig.queue.Stop(context.Background())
	start := time.Now()
	if n, _, err := rig.broadcasts.Send(ctx, rig.hr, rig.id, "bench"); err != nil || n != people {
		b.Fatalf("queued %d, %v", n, err)
	}
	var run broadcastRun
	run.enqueue = time.Since(start)
	for rig.waiting(b) > 0 {
		time.Sleep(20 * time.Millisecond)
	}
	run.drain = time.Since(start)
	perChat := map[string]int{}
	for _, c := range rig.fake.Calls("sendMessage") {
		perChat[c.Params["chat_id"]]++
	}
	if len(perChat) != people {
		b.Fatalf("%d people reached, want %d", len(perChat), people)
	}
	for chat, n := range perChat {
		if n != 1 {
			b.Fatalf("chat %s got %d messages", chat, n)
		}
	}
	return run
}

// seed adds people with Telegram accounts 1…n to a fresh database; person
// 1 is HR.
func seed(b testing.TB, db *store.DB, n int) {
	b.Helper()
	_, err := db.Pool().Exec(context.Background(), `
		WITH o AS (INSERT INTO orgs (key, name, time_zone, default_locale, go_live) VALUES ('big', 'Big Shop', 'Asia/Shanghai', 'en', '2026-01-01') RETURNING id),
		e AS (
			INSERT INTO employees (org_id, key, name, role)
			SELECT o.id, 'p' || i, 'Person ' || i, CASE WHEN i = 1 THEN 'hr' ELSE 'employee' END FROM o, generate_series(1, $1) i
			RETURNING org_id, id, key)
		INSERT INTO chat_identities (org_id, employee_id, platform, external_id, linked_via)
		SELECT org_id, id, 'telegram', substr(key, 2), 'orgfile' FROM e`, n)
	if err != nil {
		b.Fatal(fmt.Errorf("seed: %w", err))
	}
}

type renderer func(ctx context.Context, p core.Platform, id string, m delivery.Message) ([]bot.Reply, error)

func (f renderer) Render(ctx context.Context, p core.Platform, id string, m delivery.Message) ([]bot.Reply, error) {
	return f(ctx, p, id, m)
}

type pusher func(ctx context.Context, id, key string, replies []bot.Reply) (string, error)

func (f pusher) Send(ctx context.Context, id, key string, replies []bot.Reply) (string, error) {
	return f(ctx, id, key, replies)
}
