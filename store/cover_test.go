package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
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
		req, created, err := store.NewCovers(db).OpenRequest(ctx, cover.Request{OrgID: people[0].OrgID, Job: "cs", Start: start, End: start.Add(8 * time.Hour),
			Needed: needed, Source: "manual", RequestedBy: people[0].ID, CreatedAt: start.Add(-24 * time.Hour)})
		if err != nil || !created {
			t.Fatalf("open: %v %v", created, err)
		}
		offered := map[int64]int64{}
		for _, p := range people {
			offered[p.ID] = p.OrgID
		}
		if err := store.NewCovers(db).RecordOffers(ctx, req.ID, 1, offered, start.Add(-23*time.Hour)); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, taken := 0, 0
		for _, p := range people {
			wg.Go(func() {
				_, _, err := store.NewCovers(db).Claim(ctx, req.ID, p, start.Add(-22*time.Hour))
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
		got, err := store.NewCovers(db).FindRequest(ctx, req.ID)
		if err != nil || got.Filled != needed || got.Status != cover.StatusFilled {
			t.Errorf("request after the rush: %+v, %v", got, err)
		}
		if asg, _ := store.NewCovers(db).Assignments(ctx, req.ID); len(asg) != needed {
			t.Errorf("%d assignments, want %d", len(asg), needed)
		}
		start = start.Add(24 * time.Hour)
	}
}

func isKey(err error, key string) bool {
	e, ok := core.AsError(err)
	return ok && e.Key == key
}

// An org's jobs are those its file declares, with names and aliases; a
// file that drops the section leaves the jobs its people and shifts use.
func TestJobsDeclaredOrUsed(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	const people = `    shifts:
      - {key: night, name: Night, start: "22:00", end: "06:00", job: ops}
    employees:
      - {key: amy, name: Amy, job: cs}
`
	declared := "orgs:\n  - key: shop\n    name: Shop\n    jobs:\n" +
		"      - {key: cs, name: {zh-CN: 客服, en: customer service}, aliases: [售后]}\n" +
		"      - {key: ops, name: 运营 Operations}\n" + people
	if _, err := apply(t, db, declared); err != nil {
		t.Fatal(err)
	}
	org, err := store.NewOrgs(db).Find(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := store.NewCovers(db).Jobs(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cs, ok := jobs.Find("cs"); len(jobs) != 2 || !ok || cs.Names[core.LocaleZH] != "客服" || strings.Join(cs.Aliases, ",") != "售后" {
		t.Errorf("declared jobs %+v", jobs)
	}
	if res, err := apply(t, db, declared); err != nil || res.Changed() {
		t.Errorf("applying again: %+v, %v", res, err)
	}
	if _, err := apply(t, db, "orgs:\n  - key: shop\n    name: Shop\n"+people); err != nil {
		t.Fatal(err)
	}
	if jobs, err = store.NewCovers(db).Jobs(ctx, org.ID); err != nil || strings.Join(jobs.Keys(), ",") != "cs,ops" || len(jobs[0].Names) != 0 {
		t.Errorf("jobs in use %+v, %v", jobs, err)
	}
	var audited int
	_ = db.Pool().QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity_type = 'job'`).Scan(&audited)
	if audited != 4 {
		t.Errorf("%d job changes audited, want 2 created and 2 deleted", audited)
	}
}
