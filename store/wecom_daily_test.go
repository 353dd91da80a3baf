package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
	"github.com/hrbot/hrbot/store"
)

// TestWeComDailyClaim: HR's switches are kept with an audit row; of ten
// replicas claiming the same day at once exactly one gets it, nobody gets
// it again that day, and the next day is claimed anew; a job switched off
// is claimed by no one.
func TestWeComDailyClaim(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	if _, err := apply(t, db, `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    employees:
      - {key: helen, name: Helen HR, role: hr}
`); err != nil {
		t.Fatal(err)
	}
	dir := core.NewDirectory(store.NewDirectory(db), core.SystemClock{})
	helen, err := dir.Identify(ctx, core.PlatformConsole, "shop/helen")
	if err != nil {
		t.Fatal(err)
	}
	jobs := store.NewWeComDaily(db)
	svc := dirsync.NewService(jobs, dir, core.SystemClock{})
	if d, err := svc.Daily(ctx, helen, "web"); err != nil || d.On() {
		t.Fatalf("a job never switched on: %+v %v", d, err)
	}
	day := core.NewDate(2026, 3, 2)
	if ok, err := jobs.ClaimDaily(ctx, helen.Org.ID, day); ok || err != nil {
		t.Fatalf("a job never switched on was claimed: %v %v", ok, err)
	}
	if _, err := svc.SetDaily(ctx, helen, true, false, "web"); err != nil {
		t.Fatal(err)
	}
	due, err := jobs.DueDaily(ctx)
	if err != nil || len(due) != 1 || !due[0].Daily.Directory || due[0].Daily.Checkins || due[0].As.Employee.Key != "helen" ||
		due[0].As.Org.TimeZone != "Asia/Shanghai" || !due[0].Daily.RanOn.IsZero() {
		t.Fatalf("due: %+v %v", due, err)
	}

	claim := func(day core.Date) int {
		var won atomic.Int32
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				ok, err := jobs.ClaimDaily(ctx, helen.Org.ID, day)
				if err != nil {
					t.Error(err)
				}
				if ok {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		return int(won.Load())
	}
	if n := claim(day); n != 1 {
		t.Fatalf("%d replicas claimed the day, want 1", n)
	}
	if n := claim(day); n != 0 {
		t.Errorf("the day was claimed again %d times", n)
	}
	if n := claim(day.AddDays(1)); n != 1 {
		t.Errorf("%d replicas claimed the next day, want 1", n)
	}
	o := dirsync.Outcome{Day: day.AddDays(1), Directory: dirsync.Applied, Changed: 2, As: "Helen HR"}
	note := core.Notification{OrgID: helen.Org.ID, RecipientID: helen.Employee.ID, Kind: core.NotifyDirectorySynced, Params: o.Params()}
	if err := jobs.FinishDaily(ctx, helen.Org.ID, o, day.AddDays(1), []core.Notification{note}); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Daily(ctx, helen, "web")
	if err != nil || d.RanOn != day.AddDays(1) || d.CheckinsThrough != day.AddDays(1) || d.Last != o || d.ByName != "Helen HR" {
		t.Errorf("after a run: %+v %v", d, err)
	}
	if n := count(t, db, `SELECT count(*) FROM notifications WHERE kind = 'wecom.synced' AND recipient_id = $1`, helen.Employee.ID); n != 1 {
		t.Errorf("%d notifications, want 1", n)
	}

	if _, err := svc.SetDaily(ctx, helen, false, false, "web"); err != nil {
		t.Fatal(err)
	}
	if n := claim(day.AddDays(2)); n != 0 {
		t.Errorf("a job switched off was claimed %d times", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'dirsync.daily' AND channel = 'web'`); n != 2 {
		t.Errorf("%d switches audited, want 2", n)
	}
}
