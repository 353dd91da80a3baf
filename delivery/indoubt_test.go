package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
)

func TestInDoubtPolicy(t *testing.T) {
	for source, want := range map[string]delivery.Policy{
		core.SourceNotification: delivery.Resend, // approvals, decisions, payslips
		core.SourceReminder:     delivery.Resend,
		core.SourceCover:        delivery.Resend,
		core.SourceReply:        delivery.Resend,
		"application":           delivery.Resend, // interview notices
		core.SourceBroadcast:    delivery.Drop,
	} {
		if got := delivery.InDoubtPolicy(source); got != want {
			t.Errorf("%s: policy %v, want %v", source, got, want)
		}
	}
}

// dedupPhone is a platform that drops a repeat within its window, as
// WeCom's duplicate check does.
type dedupPhone struct{ *phone }

func (dedupPhone) DuplicateWindow() time.Duration { return 30 * time.Minute }

// A job finds its delivery left by an earlier attempt. What it does depends
// on whether a request was out (in_flight_at), on what the platform can
// tell, and on the kind of message.
func TestInterruptedDeliveries(t *testing.T) {
	for _, tc := range []struct {
		name     string
		state    string // the earlier attempt's: sending (its process died) or queued (it timed out)
		inFlight string // how long ago its request left; "" for none
		source   string
		platform string // plain, verify (Slack), dedup (WeCom)
		arrived  bool   // what a verifying platform says
		wantSent int    // messages the platform is given now
		want     string // the row's state then
		outcome  string // in_doubt_outcome; "" for not in doubt
	}{
		{"claimed, no request out: sent, not in doubt", "sending", "", "reminder", "plain", false, 1, "sent", ""},
		{"Slack says it arrived: not sent again", "sending", "1 second", "reminder", "verify", true, 0, "sent", core.InDoubtFoundSent},
		{"Slack says it did not: sent once", "sending", "1 second", "broadcast", "verify", false, 1, "sent", core.InDoubtNotFound},
		{"WeCom within its duplicate window: sent, dropped there", "sending", "1 second", "broadcast", "dedup", false, 1, "sent", core.InDoubtDeduplicated},
		{"WeCom past its window: a broadcast is dropped", "sending", "2 hours", "broadcast", "dedup", false, 0, "skipped", core.InDoubtDropped},
		{"Telegram, a reminder: sent again", "sending", "1 second", "reminder", "plain", false, 1, "sent", core.InDoubtResent},
		{"Telegram, an approval request: sent again", "sending", "1 second", "notification", "plain", false, 1, "sent", core.InDoubtResent},
		{"Telegram, a broadcast: dropped", "sending", "1 second", "broadcast", "plain", false, 0, "skipped", core.InDoubtDropped},
		{"Telegram, a broadcast that timed out in a live process: sent again", "queued", "1 second", "broadcast", "plain", false, 1, "sent", core.InDoubtResent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			ph := newPhone()
			var sender delivery.Sender = ph
			switch tc.platform {
			case "verify":
				sender = verifyingPhone{ph, map[string]bool{"a": tc.arrived}}
			case "dedup":
				sender = dedupPhone{ph}
			}
			q := f.queue(sender)
			ctx := context.Background()
			it := items(f.orgID(), "a")
			it[0].Source = tc.source
			if _, err := q.EnqueueNow(ctx, it); err != nil {
				t.Fatal(err)
			}
			// The earlier attempt, by a replica that is gone.
			if _, err := f.db.Pool().Exec(ctx, `
				UPDATE deliveries SET state = $1, attempts = 1, claimed_by = 'gone',
					in_flight_at = CASE WHEN $2 = '' THEN NULL ELSE now() - $2::interval END`, tc.state, tc.inFlight); err != nil {
				t.Fatal(err)
			}
			f.start(q)
			f.waitSettled()
			if got := ph.received("100"); len(got) != tc.wantSent {
				t.Errorf("given to the platform %d times, want %d", len(got), tc.wantSent)
			}
			var state, outcome string
			var inDoubt, inFlight bool
			_ = f.db.Pool().QueryRow(ctx, `SELECT state, in_doubt, coalesce(in_doubt_outcome, ''), in_flight_at IS NOT NULL FROM deliveries`).
				Scan(&state, &inDoubt, &outcome, &inFlight)
			if state != tc.want || outcome != tc.outcome || inDoubt != (tc.outcome != "") || inFlight {
				t.Errorf("row %s, in doubt %v (%q), in flight %v; want %s, %q", state, inDoubt, outcome, inFlight, tc.want, tc.outcome)
			}
			list, err := f.deliveries().InDoubt(ctx, 10)
			if err != nil || len(list) != btoi(tc.outcome != "") {
				t.Errorf("hrbot deliveries --in-doubt lists %+v, %v", list, err)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// httpPhone sends through real HTTP to a server on loopback, after a wait
// standing for the platform's rate limit.
type httpPhone struct {
	url  string
	wait time.Duration
}

func (p httpPhone) Send(ctx context.Context, account, _ string, _ []bot.Reply) (string, error) {
	select { // the rate limiters wait like this, giving up when ctx ends
	case <-ctx.Done():
		return "", context.Cause(ctx)
	case <-time.After(p.wait):
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url+"/send?to="+account, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	return "ok", nil
}

// The ledger says "in flight" only while the request is out: not while a
// worker renders or waits for the rate limit, and not once it is
// answered. A request that goes unanswered stays in flight, so its next
// attempt knows it may have arrived.
func TestInFlightOnlyWhileTheRequestIsOut(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var mu sync.Mutex
	var seen []bool // in_flight_at set, as the platform sees it when the request arrives
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var inFlight bool
		_ = f.db.Pool().QueryRow(r.Context(), `SELECT in_flight_at IS NOT NULL FROM deliveries`).Scan(&inFlight)
		mu.Lock()
		seen = append(seen, inFlight)
		first := len(seen) == 1
		mu.Unlock()
		if first {
			<-hang // the first request is never answered
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	defer close(hang)

	q, err := delivery.New(delivery.Config{
		Pool: f.db.Pool(), Ledger: f.deliveries(), Renderer: textRenderer{},
		Senders:   map[core.Platform]delivery.Sender{core.PlatformTelegram: httpPhone{url: srv.URL, wait: 300 * time.Millisecond}},
		PollEvery: 50 * time.Millisecond, Backoff: func(int) time.Duration { return 50 * time.Millisecond }, MaxAttempts: 4,
		JobTimeout: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.EnqueueNow(ctx, items(f.orgID(), "a")); err != nil {
		t.Fatal(err)
	}
	// During the wait before the call, the row is claimed and not in flight.
	f.start(q)
	for deadline := time.Now().Add(10 * time.Second); f.states()["sending"] == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never claimed: %v", f.states())
		}
	}
	var inFlight bool
	_ = f.db.Pool().QueryRow(ctx, `SELECT in_flight_at IS NOT NULL FROM deliveries`).Scan(&inFlight)
	if inFlight {
		t.Error("in flight while waiting for the rate limit, before any request")
	}
	f.waitSettled()
	var state, outcome string
	_ = f.db.Pool().QueryRow(ctx, `SELECT state, coalesce(in_doubt_outcome, ''), in_flight_at IS NOT NULL FROM deliveries`).Scan(&state, &outcome, &inFlight)
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || !seen[0] || !seen[1] {
		t.Errorf("in flight as each request arrived: %v, want [true true]", seen)
	}
	if state != "sent" || outcome != core.InDoubtResent || inFlight {
		t.Errorf("after a time-out and a resend: %s, in doubt %q, in flight %v; want sent, resent, false", state, outcome, inFlight)
	}
}

func (f *fixture) deliveries() store.Deliveries { return store.NewDeliveries(f.db) }

// A replica that died holding a job (River still has it running in its
// name) has it taken over by a live one as soon as its beat is stale —
// not after River's own rescue — and a live replica's job is left alone.
// A replica that stops cleanly leaves the list of live ones at once.
func TestDeadReplicasJobsAreTakenOver(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ph := newPhone()
	q := f.queue(ph)
	if _, err := q.EnqueueNow(ctx, items(f.orgID(), "dead", "alive")); err != nil {
		t.Fatal(err)
	}
	// Both jobs running in other replicas' names: one that beat long ago,
	// one that beats (as far as anyone can tell) for another hour.
	if _, err := f.db.Pool().Exec(ctx, `
		INSERT INTO delivery_replicas (id, beat_at) VALUES ('host_pid1_1', now() - interval '1 minute'), ('host_pid2_2', now() + interval '1 hour');
		UPDATE river_job SET state = 'running', attempt = 1, attempted_at = now(),
			attempted_by = ARRAY[CASE WHEN args->>'key' = 'dead' THEN 'host_pid1_1' ELSE 'host_pid2_2' END];
		UPDATE deliveries SET state = 'sending', attempts = 1,
			claimed_by = CASE WHEN key = 'dead' THEN 'host_pid1_1' ELSE 'host_pid2_2' END`); err != nil {
		t.Fatal(err)
	}
	f.start(q)
	for deadline := time.Now().Add(15 * time.Second); len(ph.received("100")) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the dead replica's delivery was not taken over: %v", f.states())
		}
	}
	time.Sleep(2 * time.Second) // a few more rounds of the rescuer
	var rescued []string
	rows, _ := f.db.Pool().Query(ctx, `SELECT replica FROM delivery_rescues`)
	for rows.Next() {
		var r string
		_ = rows.Scan(&r)
		rescued = append(rescued, r)
	}
	if len(rescued) != 1 || rescued[0] != "host_pid1_1" {
		t.Errorf("taken over from %v, want the dead replica's one job", rescued)
	}
	if got := ph.received("100"); len(got) != 1 {
		t.Errorf("the dead replica's delivery arrived %d times", len(got))
	}
	if got := ph.received("101"); len(got) != 0 {
		t.Errorf("a live replica's delivery was taken from it: %v", got)
	}
	var live int
	_ = f.db.Pool().QueryRow(ctx, `SELECT count(*) FROM delivery_replicas WHERE id NOT LIKE 'host_pid_\__'`).Scan(&live)
	if live != 1 {
		t.Errorf("%d replicas of this process beating, want 1", live)
	}
	stop, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := q.Stop(stop); err != nil {
		t.Fatal(err)
	}
	_ = f.db.Pool().QueryRow(ctx, `SELECT count(*) FROM delivery_replicas WHERE id NOT LIKE 'host_pid_\__'`).Scan(&live)
	if live != 0 {
		t.Errorf("a replica that stopped is still listed as live")
	}
}

// A replica that stops cleanly hands back the sends it has not made yet —
// waiting for a rate limit, say — so another replica sends them at once,
// instead of holding them until its stop times out.
func TestStoppingReplicaHandsBackWhatItHasNotSent(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1) }))
	defer srv.Close()
	newQueue := func(wait time.Duration) *delivery.Queue {
		q, err := delivery.New(delivery.Config{
			Pool: f.db.Pool(), Ledger: f.deliveries(), Renderer: textRenderer{},
			Senders:   map[core.Platform]delivery.Sender{core.PlatformTelegram: httpPhone{url: srv.URL, wait: wait}},
			PollEvery: 50 * time.Millisecond, JobTimeout: time.Minute, RescueAfter: 2 * time.Minute,
		})
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	slow := newQueue(time.Hour)
	if _, err := slow.EnqueueNow(ctx, items(f.orgID(), "a")); err != nil {
		t.Fatal(err)
	}
	if err := slow.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); f.states()["sending"] == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never claimed: %v", f.states())
		}
	}
	stop, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := slow.Stop(stop); err != nil {
		t.Fatalf("stop: %v (a send waiting for its turn held the stop)", err)
	}
	var state string
	var inFlight bool
	_ = f.db.Pool().QueryRow(ctx, `SELECT state, in_flight_at IS NOT NULL FROM deliveries`).Scan(&state, &inFlight)
	if state != "queued" || inFlight || requests.Load() != 0 {
		t.Fatalf("after the stop: %s, in flight %v, %d requests; want queued, handed back untouched", state, inFlight, requests.Load())
	}
	f.start(newQueue(0))
	if s := f.waitSettled(); s["sent"] != 1 || requests.Load() != 1 {
		t.Errorf("another replica: %v, %d requests; want it sent once", s, requests.Load())
	}
}

// A row a live replica claimed and never settled (its worker died inside
// the process) is not taken from it while the hold is fresh, and is sent
// once the hold is stale — it is not left "sending" for ever.
func TestStaleHoldIsClaimedAgain(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ph := newPhone()
	q, err := delivery.New(delivery.Config{
		Pool: f.db.Pool(), Ledger: f.deliveries(), Renderer: textRenderer{},
		Senders:   map[core.Platform]delivery.Sender{core.PlatformTelegram: ph},
		PollEvery: 50 * time.Millisecond, JobTimeout: time.Second, RescueAfter: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.EnqueueNow(ctx, items(f.orgID(), "a")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Pool().Exec(ctx, `
		INSERT INTO delivery_replicas (id, beat_at) VALUES ('host_pid2_2', now() + interval '1 hour');
		UPDATE deliveries SET state = 'sending', attempts = 1, claimed_by = 'host_pid2_2', updated_at = now()`); err != nil {
		t.Fatal(err)
	}
	f.start(q)
	if s := f.waitSettled(); s["sent"] != 1 {
		t.Fatalf("states %v", s)
	}
	if got := ph.received("100"); len(got) != 1 {
		t.Errorf("sent %d times", len(got))
	}
}

// brokenMarks is the ledger with a database that cannot record a send as
// in flight.
type brokenMarks struct{ store.Deliveries }

func (brokenMarks) InFlight(context.Context, string) error { return errors.New("connection refused") }

// A request that cannot be recorded as in flight does not leave: past the
// connection, its context no longer stops net/http from writing it, so
// the connection is closed. Otherwise a send the ledger does not know
// about could be repeated unnoticed.
func TestNoRequestLeavesUnrecorded(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// The platform is a bare listener counting connections on which any
	// byte of a request arrived: a request counts once it starts to leave,
	// whether or not it is whole when the client gives up on it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var requests atomic.Int32
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				if n, _ := conn.Read(make([]byte, 1)); n > 0 {
					requests.Add(1)
				}
			}()
		}
	}()
	q, err := delivery.New(delivery.Config{
		Pool: f.db.Pool(), Ledger: brokenMarks{f.deliveries()}, Renderer: textRenderer{},
		Senders:   map[core.Platform]delivery.Sender{core.PlatformTelegram: httpPhone{url: "http://" + ln.Addr().String()}},
		PollEvery: 50 * time.Millisecond, JobTimeout: 500 * time.Millisecond, MaxAttempts: 2,
		Backoff: func(int) time.Duration { return 50 * time.Millisecond },
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.EnqueueNow(ctx, items(f.orgID(), "a")); err != nil {
		t.Fatal(err)
	}
	f.start(q)
	if s := f.waitSettled(); s["failed"] != 1 {
		t.Fatalf("states %v", s)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d requests reached the platform without being recorded in flight", n)
	}
}
