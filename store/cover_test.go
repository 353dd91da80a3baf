package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/store"
)

// coverCrowd applies an org of n people who can all cover job cs.
func coverCrowd(t *testing.T, db *store.DB, n int) []core.Employee {
	t.Helper()
	var b strings.Builder
	b.WriteString("orgs:\n  - key: shop\n    name: Shop\n    employees:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - {key: p%02d, name: Person %d, job: cs}\n", i, i)
	}
	if _, err := apply(t, db, b.String()); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Pool().Query(context.Background(), `SELECT id, org_id, key, name FROM employees ORDER BY key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []core.Employee
	for rows.Next() {
		var e core.Employee
		_ = rows.Scan(&e.ID, &e.OrgID, &e.Key, &e.Name)
		out = append(out, e)
	}
	return out
}

// Fifty people press Accept on the same offer at once: exactly as many win
// as the request needs, the rest are told it is taken.
func TestClaimsNeverOverfill(t *testing.T) {
	db := openDB(t)
	people := coverCrowd(t, db, 50)
	ctx := context.Background()
	start := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)
	for _, needed := range []int{1, 3} {
		req, created, err := db.OpenCoverRequest(ctx, core.CoverRequest{OrgID: people[0].OrgID, Job: "cs", Start: start, End: start.Add(8 * time.Hour),
			Needed: needed, Source: "manual", RequestedBy: people[0].ID, CreatedAt: start.Add(-24 * time.Hour)})
		if err != nil || !created {
			t.Fatalf("open: %v %v", created, err)
		}
		offered := map[int64]int64{}
		for _, p := range people {
			offered[p.ID] = p.OrgID
		}
		if err := db.RecordCoverOffers(ctx, req.ID, 1, offered, start.Add(-23*time.Hour)); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, taken := 0, 0
		for _, p := range people {
			wg.Go(func() {
				_, _, err := db.ClaimCover(ctx, req.ID, p, start.Add(-22*time.Hour))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won++
				case isKey(err, "cover.taken"):
					taken++
				default:
					t.Errorf("claim by %s: %v", p.Key, err)
				}
			})
		}
		wg.Wait()
		if won != needed || taken != len(people)-needed {
			t.Errorf("needed %d: %d won, %d told it is taken", needed, won, taken)
		}
		got, err := db.CoverRequest(ctx, req.ID)
		if err != nil || got.Filled != needed || got.Status != core.CoverFilled {
			t.Errorf("request after the rush: %+v, %v", got, err)
		}
		if asg, _ := db.CoverAssignments(ctx, req.ID); len(asg) != needed {
			t.Errorf("%d assignments, want %d", len(asg), needed)
		}
		start = start.Add(24 * time.Hour)
	}
}

func isKey(err error, key string) bool {
	e, ok := core.AsError(err)
	return ok && e.Key == key
}
