package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/store"
)

const slack = core.PlatformSlack

func putItem(t *testing.T, in store.Intake, delivery, key string) bool {
	t.Helper()
	stored, err := in.Put(context.Background(), core.IntakeItem{Platform: slack, DeliveryID: delivery, Key: key,
		Payload: []byte(fmt.Sprintf(`{"delivery":%q}`, delivery))})
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

func claim(t *testing.T, in store.Intake, owner string, n int) []string {
	t.Helper()
	items, err := in.Claim(context.Background(), slack, owner, n, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, fmt.Sprintf("%s/%d", it.DeliveryID, it.Attempts))
	}
	return out
}

func ids(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	rows, err := db.Pool().Query(context.Background(), `SELECT coalesce(delivery_id, ''), id FROM intake`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var d string
		var id int64
		if err := rows.Scan(&d, &id); err != nil {
			t.Fatal(err)
		}
		out[d] = id
	}
	return out
}

// TestIntakePutOnce: a delivery id is kept once per platform, also after
// it is done (so a platform's retry of an event handled already is
// recognised); items without one are all kept.
func TestIntakePutOnce(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	in := store.NewIntake(db)
	ctx := context.Background()
	if !putItem(t, in, "event:Ev1", "U1") || putItem(t, in, "event:Ev1", "U1") {
		t.Fatal("the same delivery id was kept twice, or not at all")
	}
	if !putItem(t, in, "", "U1") || !putItem(t, in, "", "U1") {
		t.Fatal("items without a delivery id were not all kept")
	}
	if ok, err := in.Put(ctx, core.IntakeItem{Platform: core.PlatformTelegram, DeliveryID: "event:Ev1", Key: "U1", Payload: []byte(`{}`)}); err != nil || !ok {
		t.Fatalf("the same id on another platform: %v %v", ok, err)
	}
	items, err := in.Claim(ctx, slack, "w1", 1, time.Minute)
	if err != nil || len(items) != 1 || items[0].DeliveryID != "event:Ev1" || string(items[0].Payload) != `{"delivery": "event:Ev1"}` {
		t.Fatalf("claimed %+v, %v", items, err)
	}
	if err := in.Done(ctx, items[0].ID, "w1"); err != nil {
		t.Fatal(err)
	}
	if putItem(t, in, "event:Ev1", "U1") {
		t.Error("a retry of a delivery done already was kept again")
	}
}

// TestIntakeClaimKeepsEachPersonInOrder: only the oldest open item of each
// person is taken, and only when it is not leased; done and set-aside items
// let the person's next one through, a released one is taken again first.
func TestIntakeClaimKeepsEachPersonInOrder(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	in := store.NewIntake(db)
	ctx := context.Background()
	for _, p := range [][2]string{{"a1", "A"}, {"b1", "B"}, {"a2", "A"}, {"c1", "C"}, {"a3", "A"}, {"b2", "B"}} {
		putItem(t, in, p[0], p[1])
	}
	id := ids(t, db)
	if got := fmt.Sprint(claim(t, in, "w1", 2)); got != "[a1/1 b1/1]" {
		t.Fatalf("first claim %s, want the two oldest people's first items", got)
	}
	if got := fmt.Sprint(claim(t, in, "w2", 10)); got != "[c1/1]" {
		t.Fatalf("second claim %s, want only C's: A's and B's first items are leased", got)
	}
	if got := claim(t, in, "w2", 10); len(got) != 0 {
		t.Fatalf("third claim %v, want nothing", got)
	}
	if err := in.Done(ctx, id["a1"], "w1"); err != nil {
		t.Fatal(err)
	}
	if err := in.Release(ctx, id["b1"], "w1"); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(claim(t, in, "w2", 10)); got != "[b1/2 a2/1]" {
		t.Fatalf("after a1 done and b1 released: %s, want b1 again and a2", got)
	}
	if err := in.SetAside(ctx, id["a2"], "w2", "test"); err != nil {
		t.Fatal(err)
	}
	if err := in.Done(ctx, id["a2"], "w2"); core.ErrorCodeOf(err) != core.ENotFound {
		t.Fatalf("done after set aside: %v, want not found", err)
	}
	if got := fmt.Sprint(claim(t, in, "w1", 10)); got != "[a3/1]" {
		t.Fatalf("after a2 set aside: %s, want a3 (b2 waits behind b1)", got)
	}
	c, err := in.Count(ctx, slack)
	if err != nil || c != (store.IntakeCount{Waiting: 1, Leased: 3, Done: 1, Aside: 1}) {
		t.Fatalf("count %+v, %v", c, err)
	}
}

// TestIntakeClaimSkipsLockedRows: a row another claimer has locked is
// skipped, not waited for, and its person's next item is not taken in its
// place; claimers running at once never take an item twice nor two items
// of one person at a time, and take each person's in order.
func TestIntakeClaimSkipsLockedRows(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	in := store.NewIntake(db)
	ctx := context.Background()
	putItem(t, in, "a1", "A")
	putItem(t, in, "a2", "A")
	putItem(t, in, "b1", "B")
	tx, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT id FROM intake WHERE delivery_id = 'a1' FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	// A claim that waited for the lock would run into the deadline.
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	items, err := in.Claim(wctx, slack, "w1", 10, time.Minute)
	cancel()
	if err != nil || len(items) != 1 || items[0].DeliveryID != "b1" {
		t.Errorf("with a1 locked: %+v, %v; want only b1", items, err)
	}
	_ = tx.Rollback(ctx)

	// Many claimers at once over many people's items.
	const people, each, claimers = 12, 15, 6
	for i := range each {
		for p := range people {
			putItem(t, in, fmt.Sprintf("m%02d-%02d", p, i), fmt.Sprintf("P%02d", p))
		}
	}
	var mu sync.Mutex
	busy := map[string]bool{}
	next := map[string]int{}
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for c := range claimers {
		wg.Go(func() {
			owner := fmt.Sprintf("c%d", c)
			for idle := 0; idle < 20; {
				items, err := in.Claim(ctx, slack, owner, 3, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if len(items) == 0 {
					idle++
					time.Sleep(5 * time.Millisecond)
					continue
				}
				idle = 0
				for _, it := range items {
					var p, i int
					if _, err := fmt.Sscanf(it.DeliveryID, "m%02d-%02d", &p, &i); err != nil {
						continue // a1, a2: not part of this round
					}
					mu.Lock()
					switch {
					case seen[it.DeliveryID]:
						t.Errorf("%s taken twice", it.DeliveryID)
					case busy[it.Key]:
						t.Errorf("%s taken while another of %s's is leased", it.DeliveryID, it.Key)
					case next[it.Key] != i:
						t.Errorf("%s taken, want item %d of %s first", it.DeliveryID, next[it.Key], it.Key)
					}
					seen[it.DeliveryID], busy[it.Key] = true, true
					mu.Unlock()
				}
				for _, it := range items {
					mu.Lock()
					busy[it.Key] = false // before it is done: from then on the next may be taken
					next[it.Key]++
					mu.Unlock()
					if err := in.Done(ctx, it.ID, owner); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	if len(seen) != people*each {
		t.Errorf("%d items taken, want %d", len(seen), people*each)
	}
}

// TestIntakeLeaseExpiry: a lease that ran out (its process died) is taken
// by another owner, with the attempt counted; the first owner can no longer
// finish it, and does not take back what it holds itself.
func TestIntakeLeaseExpiry(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	in := store.NewIntake(db)
	ctx := context.Background()
	putItem(t, in, "a1", "A")
	if got := fmt.Sprint(claim(t, in, "dead", 1)); got != "[a1/1]" {
		t.Fatalf("claim %s", got)
	}
	if n, err := in.Extend(ctx, "dead", time.Minute); err != nil || n != 1 {
		t.Fatalf("extend %d, %v", n, err)
	}
	if got := claim(t, in, "other", 1); len(got) != 0 {
		t.Fatalf("a live lease was taken: %v", got)
	}
	// Time passes, as if the process had died: the lease runs out.
	if _, err := db.Pool().Exec(ctx, `UPDATE intake SET taken_until = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, in, "dead", 1); len(got) != 0 {
		t.Fatalf("an owner took back its own item: %v", got)
	}
	if got := fmt.Sprint(claim(t, in, "other", 1)); got != "[a1/2]" {
		t.Fatalf("after the lease ran out: %s, want a1 on its second attempt", got)
	}
	if err := in.Done(ctx, ids(t, db)["a1"], "dead"); core.ErrorCodeOf(err) != core.ENotFound {
		t.Fatalf("done by the old owner: %v, want not found", err)
	}
	if n, err := in.Extend(ctx, "dead", time.Minute); err != nil || n != 0 {
		t.Fatalf("the old owner extended %d, %v", n, err)
	}
	if err := in.Done(ctx, ids(t, db)["a1"], "other"); err != nil {
		t.Fatal(err)
	}
}

// TestIntakePrune: done and set-aside items go after their own horizons;
// open ones stay.
func TestIntakePrune(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	in := store.NewIntake(db)
	ctx := context.Background()
	for _, d := range []string{"a1", "b1", "c1"} {
		putItem(t, in, d, d)
	}
	id := ids(t, db)
	claim(t, in, "w", 3)
	if err := in.Done(ctx, id["a1"], "w"); err != nil {
		t.Fatal(err)
	}
	if err := in.SetAside(ctx, id["b1"], "w", "tried 5 times"); err != nil {
		t.Fatal(err)
	}
	past, future := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	if n, err := in.Prune(ctx, slack, past, past, 1); err != nil || n != 0 {
		t.Fatalf("nothing old enough: pruned %d, %v", n, err)
	}
	if n, err := in.Prune(ctx, slack, future, past, 1); err != nil || n != 1 {
		t.Fatalf("done ones: pruned %d, %v", n, err)
	}
	if n, err := in.Prune(ctx, slack, future, future, 1); err != nil || n != 1 {
		t.Fatalf("set-aside ones: pruned %d, %v", n, err)
	}
	if got := ids(t, db); len(got) != 1 || got["c1"] == 0 {
		t.Fatalf("left %v, want only the leased c1", got)
	}
}
