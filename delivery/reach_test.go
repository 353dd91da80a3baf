package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/broadcast"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
)

// An offer the platform refuses (Bo blocked the bot after it was queued),
// or keeps failing until it is given up (Amy's), is reported to the manager
// who asked, with who and why.
func TestFailedOfferIsReportedToTheRequester(t *testing.T) {
	f := newFixtureWith(t, reachOrg)
	ctx := context.Background()
	ph := newPhone()
	ph.fail = func(account string, _ int) error {
		switch account {
		case "102":
			return fmt.Errorf("%w: Forbidden: bot was blocked by the user", delivery.ErrPermanent)
		case "101":
			return errors.New("502 bad gateway")
		}
		return nil
	}
	q := f.queue(ph)
	covers, _, dir := coverDesk(t, f, q, time.Date(2026, 11, 28, 10, 0, 0, 0, shanghai), core.PlatformTelegram)
	start := time.Date(2026, 11, 28, 14, 0, 0, 0, shanghai)
	if _, _, err := covers.Open(ctx, member(t, dir, "100"), cover.Manual{Job: "cs", Start: start, End: start.Add(4 * time.Hour), Needed: 1}, "console"); err != nil {
		t.Fatal(err)
	}
	f.start(q)
	// (Dee's console copy waits for the console: the ledger never settles.)
	for deadline := time.Now().Add(20 * time.Second); len(ph.received("100")) < 2; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the boss got %q, ledger %v", ph.received("100"), f.states())
		}
	}
	for _, got := range ph.received("100") {
		if !strings.HasPrefix(got, bot.NoticeFailed) {
			t.Errorf("the boss got %q", got)
		}
	}
	rows, err := f.db.Pool().Query(ctx, `SELECT message->'params'->>'people' FROM deliveries WHERE key LIKE 'failed:cover:%:offer' ORDER BY key`)
	if err != nil {
		t.Fatal(err)
	}
	people, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(people) != 2 {
		t.Fatalf("failure notices %v, %v", people, err)
	}
	all := strings.Join(people, " ")
	for _, want := range []string{`"key":"amy","name":"Amy Li","reason":"gave_up"`, `"key":"bo","name":"Bo Chen","reason":"blocked"`} {
		if !strings.Contains(all, want) {
			t.Errorf("failure notices %s lack %s", all, want)
		}
	}
}

// A broadcast's preview names who is in the audience but cannot be
// reached in chat; sending queues their copy for the console, outside the
// progress figures.
func TestBroadcastNamesWhoItCannotReach(t *testing.T) {
	f := newFixtureWith(t, reachOrg)
	ctx := context.Background()
	q := f.queue(newPhone())
	dir := core.NewDirectory(store.NewDirectory(f.db), core.SystemClock{})
	broadcasts := &broadcast.Service{Store: store.NewBroadcasts(f.db), People: store.NewAudience(f.db), Roster: f.att, Clock: core.SystemClock{},
		Outbox: delivery.Outbox{Queue: q}} // the console: serves no platform
	boss := member(t, dir, "100")
	boss.Employee.Role = core.RoleHR
	id, n, unreached, err := broadcasts.Draft(ctx, boss, core.Audience{Kind: core.AudienceJob, Value: "cs"}, "Stand-up at 10")
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || len(unreached) != 1 || unreached[0].Key != "dee" || unreached[0].Reason != bot.ReachNoAccount {
		t.Fatalf("draft reaches %d, misses %+v; want Amy and Bo, and Dee without an account", n, unreached)
	}
	if sent, _, err := broadcasts.Send(ctx, boss, id, "console"); err != nil || sent != 2 {
		t.Fatalf("send: %d, %v", sent, err)
	}
	got := f.ledger("broadcast:%")
	want := fmt.Sprintf("broadcast:%d:%%=console:shop/dee", id)
	if len(got) != 3 || !strings.Contains(strings.Join(got, " "), "=telegram:101") || !strings.Contains(strings.Join(got, " "), "=telegram:102") ||
		!strings.Contains(strings.Join(got, " "), "=console:shop/dee") {
		t.Errorf("queued %v, want Amy's and Bo's on Telegram and %s", got, want)
	}
	list, err := broadcasts.Recent(ctx, boss, 5)
	if err != nil || len(list) != 1 || list[0].Total != 2 || list[0].Waiting != 2 {
		t.Errorf("progress %+v, %v: two to send; Dee's console copy is not waiting on a platform", list, err)
	}
}

// The console shows a person what still waits for them — their console
// copy, or a message no platform has sent yet — once: what it shows is not
// sent again by the platform.
func TestTheConsoleTakesWhatIsWaiting(t *testing.T) {
	f := newFixtureWith(t, reachOrg)
	ctx := context.Background()
	ph := newPhone()
	q := f.queue(ph)
	covers, _, dir := coverDesk(t, f, q, time.Date(2026, 11, 28, 10, 0, 0, 0, shanghai))
	start := time.Date(2026, 11, 28, 14, 0, 0, 0, shanghai)
	if _, _, err := covers.Open(ctx, member(t, dir, "100"), cover.Manual{Job: "cs", Start: start, End: start.Add(4 * time.Hour), Needed: 1}, "console"); err != nil {
		t.Fatal(err)
	}
	take := func(user string) []string {
		var got []string
		if _, err := q.TakeWaiting(ctx, user, func(_ context.Context, rs []bot.Reply) error {
			for _, r := range rs {
				got = append(got, r.Text)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := take("shop/dee"); len(got) != 1 || !strings.HasPrefix(got[0], bot.NoticeCoverOffer) {
		t.Errorf("Dee on the console: %q", got)
	}
	if got := take("shop/amy"); len(got) != 1 {
		t.Errorf("Amy on the console before Telegram sent it: %q", got)
	}
	if got := take("shop/dee"); len(got) != 0 {
		t.Errorf("Dee again: %q", got)
	}
	f.start(q)
	f.waitSettled()
	if got := ph.received("101"); len(got) != 0 {
		t.Errorf("Telegram sent Amy %q after the console showed it", got)
	}
	if got := ph.received("102"); len(got) != 1 {
		t.Errorf("Bo got %q on Telegram, want his offer", got)
	}
}
