package delivery_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/delivery"
)

const waveOrg = `
orgs:
  - key: shop
    name: Wave Shop
    time_zone: Asia/Shanghai
    cover:
      wave_size: 1
      wave_minutes: 30
      escalate_minutes: 60
    employees:
      - {key: boss, name: Boss Wang, role: manager, telegram: "100"}
      - {key: amy, name: Amy Li, job: cs, manager: boss, telegram: "101"}
      - {key: bo, name: Bo Chen, job: cs, manager: boss, telegram: "102"}
      - {key: cy, name: Cy Wu, job: finance, manager: boss, telegram: "103"}
`

// Offers go out one wave at a time, fairest first; a request still open
// an hour before it starts is escalated to the manager, once.
func TestCoverWavesAndEscalation(t *testing.T) {
	f := newFixtureWith(t, waveOrg)
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 11, 28, 10, 0, 0, 0, shanghai)} // a Saturday: nobody works
	dir := core.NewDirectory(f.db, clock)
	q := f.queue(newPhone())
	covers := &delivery.Covers{Service: cover.NewService(f.db, f.att, dir, clock), Reports: f.db, Events: f.db, Queue: q,
		Auth: dir, Clock: clock, Platforms: []core.Platform{core.PlatformTelegram}}
	boss, err := dir.Identify(ctx, core.PlatformTelegram, "100")
	if err != nil {
		t.Fatal(err)
	}
	// Bo covered last week: Amy is fairer to ask first.
	start := time.Date(2026, 11, 28, 14, 0, 0, 0, shanghai)
	_, err = f.db.Pool().Exec(ctx, `
		INSERT INTO cover_requests (org_id, job, starts_at, ends_at, needed, filled, source, status, created_at)
		SELECT org_id, 'cs', '2026-11-20 09:00+08', '2026-11-20 17:00+08', 1, 1, 'manual', 'filled', now() FROM employees WHERE key = 'bo';
		INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at)
		SELECT r.id, e.org_id, e.id, e.org_id, 'cs', r.starts_at, r.ends_at, now() FROM cover_requests r, employees e WHERE e.key = 'bo'`)
	if err != nil {
		t.Fatal(err)
	}
	_, offered, err := covers.Open(ctx, boss, cover.Manual{Job: "cs", Start: start, End: start.Add(4 * time.Hour), Needed: 1, Reason: "sale"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(offered.Sent, ",") != "Amy Li" {
		t.Fatalf("first wave %v, want Amy (least recent cover)", offered)
	}
	offersTo := func() []string {
		rows, _ := f.db.Pool().Query(ctx, `SELECT external_id FROM deliveries WHERE key LIKE 'cover:%:offer' ORDER BY external_id`)
		var out []string
		for rows.Next() {
			var s string
			_ = rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	clock.Set(clock.Now().Add(20 * time.Minute))
	if err := covers.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if got := offersTo(); strings.Join(got, ",") != "101" {
		t.Errorf("after 20 min offers to %v: the next wave waits 30 min", got)
	}
	clock.Set(clock.Now().Add(15 * time.Minute))
	if err := covers.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if got := offersTo(); strings.Join(got, ",") != "101,102" {
		t.Errorf("after 35 min offers to %v, want Bo added", got)
	}
	// Cy (finance, no skill) is never asked; at 13:00 the boss is told, once.
	clock.Set(time.Date(2026, 11, 28, 13, 1, 0, 0, shanghai))
	for range 2 {
		if err := covers.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var escalations []string
	rows, _ := f.db.Pool().Query(ctx, `SELECT external_id FROM deliveries WHERE key LIKE 'cover:%:escalate'`)
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		escalations = append(escalations, s)
	}
	sort.Strings(escalations)
	if strings.Join(escalations, ",") != "100" {
		t.Errorf("escalations to %v, want the boss once", escalations)
	}
	if got := offersTo(); strings.Contains(strings.Join(got, ","), "103") {
		t.Errorf("Cy was offered: %v", got)
	}
}
