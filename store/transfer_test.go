package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/transfer"
	"github.com/hrbot/hrbot/store"
)

func transferService(db *store.DB, clock core.Clock) *transfer.Service {
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	return transfer.NewService(store.NewTransfers(db), attendance.NewService(store.NewAttendance(db), dir, clock), dir, clock)
}

// The effective-day pass: not before the org's local midnight of the day,
// then exactly once — two passes at once (two replicas) apply it once
// between them, and a pass after a restart finds nothing to do — with
// the history closed and extended, the record changed, one audit row and
// one notice each to the person, their old and their new manager.
func TestTransferPassRunsOnceOnItsLocalDay(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := apply(t, db, `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    teams: [{key: cs, name: CS}, {key: ops, name: Ops}]
    employees:
      - {key: boss, name: Boss, role: manager, team: cs}
      - {key: lead, name: Lead, role: manager, team: ops}
      - {key: hr, name: HR, role: hr}
      - {key: li, name: Li, team: cs, manager: boss, job: cs}
`); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	clock := &movableClock{now: time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai)}
	svc := transferService(db, clock)
	hr := memberIn(t, db, "shop", "hr")
	tr, err := svc.Request(ctx, hr, transfer.Ask{Person: "li", Team: "ops", Manager: "lead", Effective: core.NewDate(2026, 11, 30), Reason: "busy season"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, approver := range []string{"boss", "lead"} {
		if tr, err = svc.Decide(ctx, memberIn(t, db, "shop", approver), tr.ID, true, "", "test"); err != nil {
			t.Fatal(err)
		}
	}
	if tr.Status != transfer.Approved {
		t.Fatalf("status %s, want approved", tr.Status)
	}

	// 23:30 on Sunday in Shanghai (15:30 UTC): not yet.
	clock.Set(time.Date(2026, 11, 29, 23, 30, 0, 0, shanghai))
	if n, err := svc.ApplyDue(ctx); err != nil || n != 0 {
		t.Fatalf("Sunday night: applied %d, %v", n, err)
	}
	// Monday 00:05 there (still Sunday in UTC): two replicas at once.
	clock.Set(time.Date(2026, 11, 30, 0, 5, 0, 0, shanghai))
	var wg sync.WaitGroup
	applied := make([]int, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = transferService(db, clock).ApplyDue(ctx)
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil || applied[0]+applied[1] != 1 {
		t.Fatalf("two passes applied %v (%v)", applied, errs)
	}
	// After a restart: nothing more to do.
	if n, err := transferService(db, clock).ApplyDue(ctx); err != nil || n != 0 {
		t.Fatalf("after restart: applied %d, %v", n, err)
	}
	checkApplied(t, db)

	// The history reads the days before in the old team, from the day on
	// in the new one.
	setup, err := store.NewAttendance(db).Setup(ctx, hr.Org)
	if err != nil {
		t.Fatal(err)
	}
	li, err := store.NewTransfers(db).FindEmployee(ctx, hr.Org.ID, "li")
	if err != nil {
		t.Fatal(err)
	}
	if got := setup.History.On(li, core.NewDate(2026, 11, 29)); got.TeamKey != "cs" || got.ManagerKey != "boss" {
		t.Errorf("Sunday: team %s, manager %s; want cs, boss", got.TeamKey, got.ManagerKey)
	}
	if got := setup.History.On(li, core.NewDate(2026, 11, 30)); got.TeamKey != "ops" || got.ManagerKey != "lead" {
		t.Errorf("Monday: team %s, manager %s; want ops, lead", got.TeamKey, got.ManagerKey)
	}
}

// checkApplied: the transfer of li applied once, with its history rows,
// record, audit row and notices.
func checkApplied(t *testing.T, db *store.DB) {
	t.Helper()
	checks := []struct {
		what string
		sql  string
		want int
	}{
		{"audit rows", `SELECT count(*) FROM audit_log WHERE action = 'transfer.effective' AND entity_id = 'li'`, 1},
		{"notices", `SELECT count(*) FROM notifications WHERE kind = 'transfer.effective'`, 3},
		{"history rows", `SELECT count(*) FROM assignments`, 2},
		{"old row", `SELECT count(*) FROM assignments a JOIN teams t ON t.id = a.team_id WHERE a.from_date IS NULL AND t.key = 'cs'`, 1},
		{"new row", `SELECT count(*) FROM assignments a JOIN teams t ON t.id = a.team_id WHERE a.from_date = '2026-11-30' AND t.key = 'ops'`, 1},
		{"record", `SELECT count(*) FROM employees e JOIN teams t ON t.id = e.team_id JOIN employees m ON m.id = e.manager_id
			WHERE e.key = 'li' AND t.key = 'ops' AND m.key = 'lead'`, 1},
		{"done", `SELECT count(*) FROM transfers WHERE status = 'done' AND applied_at IS NOT NULL`, 1},
	}
	for _, c := range checks {
		if got := countRows(t, db, c.sql); got != c.want {
			t.Errorf("%s: %d, want %d", c.what, got, c.want)
		}
	}

}

func countRows(t *testing.T, db *store.DB, sql string) int {
	t.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
