package intake_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/internal/intake"
	"github.com/hrbot/hrbot/adapters/internal/intake/intaketest"
	"github.com/hrbot/hrbot/core"
)

var _ intake.Store = (*intaketest.Store)(nil)

type payload struct {
	Key string
	Seq int
}

// start runs a queue over store until the test ends (or stop is called)
// and returns it with its stop.
func start(t *testing.T, cfg intake.Config) (*intake.Queue, func()) {
	t.Helper()
	if cfg.Platform == "" {
		cfg.Platform = core.PlatformSlack
	}
	q, err := intake.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { q.Run(ctx); close(done) }()
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return q, stop
}

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
	}
}

func settled(s *intaketest.Store) (done, aside int) {
	for _, it := range s.Items() {
		if it.Done {
			done++
		}
		if it.Aside != "" {
			aside++
		}
	}
	return done, aside
}

// TestQueueKeepsEachKeyInOrder: items put are woken for at once (the poll
// is an hour), every one is worked once, one key's one at a time and in
// order, different keys' at the same time.
func TestQueueKeepsEachKeyInOrder(t *testing.T) {
	t.Parallel()
	const keys, each = 6, 25
	store := intaketest.New()
	var mu sync.Mutex
	running := map[string]bool{}
	next := map[string]int{}
	bStarted := make(chan struct{})
	work := func(ctx context.Context, it core.IntakeItem) error {
		var p payload
		if err := json.Unmarshal(it.Payload, &p); err != nil {
			return err
		}
		mu.Lock()
		if running[p.Key] {
			t.Errorf("%s/%d worked while another of %s's is", p.Key, p.Seq, p.Key)
		}
		if next[p.Key] != p.Seq {
			t.Errorf("%s/%d worked, want %d first", p.Key, p.Seq, next[p.Key])
		}
		running[p.Key] = true
		mu.Unlock()
		switch {
		case p.Key == "k1" && p.Seq == 0:
			close(bStarted)
		case p.Key == "k0" && p.Seq == 0:
			// k0's first waits for k1's first: keys are worked in parallel.
			select {
			case <-bStarted:
			case <-time.After(10 * time.Second):
				t.Error("k1 did not start while k0 was being worked")
			}
		}
		mu.Lock()
		running[p.Key] = false
		next[p.Key]++
		mu.Unlock()
		return nil
	}
	q, _ := start(t, intake.Config{Store: store, Work: work, Workers: 4, Poll: time.Hour})
	for i := range each {
		for k := range keys {
			key := fmt.Sprintf("k%d", k)
			if err := q.Put(context.Background(), key, fmt.Sprintf("%s-%d", key, i), payload{key, i}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A platform's second delivery of the same id is not kept twice.
	if err := q.Put(context.Background(), "k0", "k0-0", payload{"k0", 0}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "every item done", func() bool { d, _ := settled(store); return d == keys*each })
	if n := len(store.Items()); n != keys*each {
		t.Errorf("%d items kept, want %d", n, keys*each)
	}
}

// TestQueueTakesBackWhatADeadProcessHeld: an item whose holder died is
// worked once its lease runs out, told it is a second attempt; one tried
// too often is set aside without being worked, and its key's next item
// goes on.
func TestQueueTakesBackWhatADeadProcessHeld(t *testing.T) {
	t.Parallel()
	store := intaketest.New()
	ctx := context.Background()
	put := func(seq int, key string) {
		t.Helper()
		if _, err := store.Put(ctx, core.IntakeItem{Platform: core.PlatformSlack, DeliveryID: fmt.Sprint(seq), Key: key,
			Payload: json.RawMessage(fmt.Sprintf(`{"Key":%q,"Seq":%d}`, key, seq))}); err != nil {
			t.Fatal(err)
		}
	}
	deadClaim := func(owner string) {
		t.Helper()
		if _, err := store.Claim(ctx, core.PlatformSlack, owner, 10, time.Minute); err != nil {
			t.Fatal(err)
		}
		store.Expire()
	}
	// Processes that died took B's first five times and A's once.
	put(0, "B")
	put(1, "B")
	for round := range 4 {
		deadClaim(fmt.Sprint("dead", round))
	}
	put(2, "A")
	deadClaim("dead4")
	var mu sync.Mutex
	worked := map[int]int{}
	start(t, intake.Config{Store: store, Workers: 2, MaxAttempts: 5, Work: func(_ context.Context, it core.IntakeItem) error {
		var p payload
		_ = json.Unmarshal(it.Payload, &p)
		mu.Lock()
		worked[p.Seq] = it.Attempts
		mu.Unlock()
		return nil
	}})
	waitUntil(t, "A and B's second done, B's first set aside", func() bool { d, a := settled(store); return d == 2 && a == 1 })
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(worked) != "map[1:1 2:2]" {
		t.Errorf("worked (seq: attempt) %v, want B's second on its first attempt and A on its second", worked)
	}
	if it := store.Items()[0]; it.Aside == "" || it.Attempts != 6 {
		t.Errorf("B's first: %+v, want set aside on its sixth take", it)
	}
}

// TestQueueSetsAsideWhatCannotBeWorked: an item Work refuses is set aside
// with the reason; the key's next one is worked.
func TestQueueSetsAsideWhatCannotBeWorked(t *testing.T) {
	t.Parallel()
	store := intaketest.New()
	q, _ := start(t, intake.Config{Store: store, Work: func(_ context.Context, it core.IntakeItem) error {
		var p payload
		if err := json.Unmarshal(it.Payload, &p); err != nil || p.Seq == 0 {
			return errors.New("payload does not decode")
		}
		return nil
	}})
	for i := range 2 {
		if err := q.Put(context.Background(), "A", fmt.Sprint(i), payload{"A", i}); err != nil {
			t.Fatal(err)
		}
	}
	waitUntil(t, "one set aside, one done", func() bool { d, a := settled(store); return d == 1 && a == 1 })
	if it := store.Items()[0]; it.Aside != "payload does not decode" || it.Payload == nil {
		t.Errorf("set aside: %+v, want the reason and the payload kept", it)
	}
}

// TestQueueGivesBackWhatShutdownCutOff: shutdown waits Grace for the item
// being worked, then gives it back; the next process works it again.
func TestQueueGivesBackWhatShutdownCutOff(t *testing.T) {
	t.Parallel()
	store := intaketest.New()
	began := make(chan struct{})
	q, stop := start(t, intake.Config{Store: store, Grace: 50 * time.Millisecond, Work: func(ctx context.Context, _ core.IntakeItem) error {
		close(began)
		<-ctx.Done()
		return ctx.Err()
	}})
	if err := q.Put(context.Background(), "A", "x", payload{"A", 0}); err != nil {
		t.Fatal(err)
	}
	<-began
	stop()
	if it := store.Items()[0]; it.Done || it.Aside != "" || it.Owner != "" {
		t.Fatalf("after shutdown: %+v, want given back", it)
	}
	again := make(chan int, 1)
	start(t, intake.Config{Store: store, Work: func(_ context.Context, it core.IntakeItem) error {
		again <- it.Attempts
		return nil
	}})
	select {
	case n := <-again:
		if n != 2 {
			t.Errorf("taken again on attempt %d, want 2", n)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the given-back item was not worked again")
	}
}

// TestPutDropsNUL: U+0000, which PostgreSQL's jsonb refuses, is dropped;
// everything else is kept as it was.
func TestPutDropsNUL(t *testing.T) {
	t.Parallel()
	store := intaketest.New()
	q, err := intake.New(intake.Config{Platform: core.PlatformSlack, Store: store, Work: func(context.Context, core.IntakeItem) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]any{"text": "a\x00b \\u0000 请假", "n": json.Number("12345678901234567890"), "list": []string{"\x00"}}
	if err := q.Put(context.Background(), "A", "1", in); err != nil {
		t.Fatal(err)
	}
	got := string(store.Items()[0].Payload)
	if want := `{"list":[""],"n":12345678901234567890,"text":"ab \\u0000 请假"}`; got != want {
		t.Errorf("kept %s, want %s", got, want)
	}
	store.FailPuts(errors.New("database down"))
	if err := q.Put(context.Background(), "A", "2", in); err == nil {
		t.Error("a failed put was reported as kept")
	}
}

// TestQueueSetsAsideWhatPanics: an item whose work panics is set aside
// with the panic, the process goes on, and the same person's next item is
// worked.
func TestQueueSetsAsideWhatPanics(t *testing.T) {
	t.Parallel()
	store := intaketest.New()
	q, _ := start(t, intake.Config{Store: store, Work: func(_ context.Context, it core.IntakeItem) error {
		var p payload
		_ = json.Unmarshal(it.Payload, &p)
		if p.Seq == 0 {
			var m map[string]int
			m["boom"]++ // a nil map: the kind of bug a message can hit
		}
		return nil
	}})
	for i := range 2 {
		if err := q.Put(context.Background(), "A", fmt.Sprint(i), payload{"A", i}); err != nil {
			t.Fatal(err)
		}
	}
	waitUntil(t, "one set aside, one done", func() bool { d, a := settled(store); return d == 1 && a == 1 })
	if it := store.Items()[0]; !strings.Contains(it.Aside, "panicked") {
		t.Errorf("set aside: %q, want the panic", it.Aside)
	}
}
