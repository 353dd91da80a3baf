package delivery_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/delivery"
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
	rig := newBroadcastRig(t, people, telegram.Limits{PerSecond: 1e6, PerChatSecond: 1e6}, delivery.Config{
		Workers: 20, PollEvery: 100 * time.Millisecond, JobTimeout: 2 * time.Second, MaxAttempts: 200,
		Backoff: func(int) time.Duration { return 300 * time.Millisecond },
	})
	db, fake, broadcasts, hr, id := rig.db, rig.fake, rig.broadcasts, rig.hr, rig.id
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := rig.queue.Start(runCtx); err != nil {
		t.Fatal(err)
	}
	defer rig.queue.Stop(context.Background())

	began := time.Now()
	// Each phase overlaps the next a little, so there is no gap between;
	// they are timed from the start, not from the broadcast's queueing,
	// which a loaded machine can make take over half a second.
	fake.Outage(3500*time.Millisecond, http.StatusInternalServerError)
	if n, _, err := broadcasts.Send(ctx, hr, id, "test"); err != nil || n != people {
		t.Fatalf("queued %d, %v", n, err)
	}
	time.Sleep(time.Until(began.Add(3 * time.Second)))
	fake.Outage(3500*time.Millisecond, 0) // hangs
	time.Sleep(time.Until(began.Add(6 * time.Second)))
	fake.Outage(3*time.Second, http.StatusTooManyRequests)

	for deadline := time.Now().Add(90 * time.Second); rig.waiting(t) > 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still waiting", rig.waiting(t))
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
