package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
	"github.com/hrbot/hrbot/store"
)

// zoneAtNoon is a time zone where it is about noon at now: an org there
// is past its daily sync's 06:00 whenever the test runs, and far from
// its midnight.
func zoneAtNoon(now time.Time) string {
	switch offset := 12 - now.UTC().Hour(); { // from -11 to 12 hours, all zones that exist
	case offset > 0:
		return fmt.Sprintf("Etc/GMT-%d", offset) // POSIX signs: Etc/GMT-8 is UTC+8
	case offset < 0:
		return fmt.Sprintf("Etc/GMT+%d", -offset)
	}
	return "UTC"
}

// TestWeComDailyServe: `hrbot serve` with WeCom runs the daily sync HR
// switched on at its first pass: the WeCom directory's members are
// created, and HR is told in WeCom, in her language, through the
// delivery queue.
func TestWeComDailyServe(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fake := wecomfake.New(t, wecomfake.TestApp())
	deps, members := fiveMembers()
	fake.SetDirectory(deps, members)
	org := strings.Replace(wecomSyncOrg, "time_zone: Asia/Shanghai", "time_zone: "+zoneAtNoon(time.Now()), 1)
	org = strings.Replace(org, "role: hr, locale: en}", "role: hr, locale: en, wecom: HelenHR}", 1)
	vars := wecomOrgVars(t, fake, org)

	// HR switched the directory on, as the console's form does
	// (TestWeComSyncSwitches in web/ drives the form itself).
	db, err := store.Open(ctx, vars["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := core.NewDirectory(store.NewDirectory(db), core.SystemClock{})
	helen, err := dir.Identify(ctx, core.PlatformWeCom, "HelenHR")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dirsync.NewService(store.NewWeComDaily(db), dir, core.SystemClock{}).SetDaily(ctx, helen, true, false, "web"); err != nil {
		t.Fatal(err)
	}

	startServe(t, vars)
	h := &wcHarness{t: t, fake: fake}
	c := h.waitFor(sendPath, "HelenHR", "WeCom daily sync")
	if !strings.Contains(c.Content(), "Directory applied: 5 people added, 0 changed, 2 new teams.") {
		t.Errorf("HR was told %q", c.Content())
	}
	var n int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM chat_identities WHERE platform = 'wecom' AND linked_via = 'directory'`).Scan(&n); err != nil || n != 5 {
		t.Errorf("%d members linked by the daily sync, want 5 (%v)", n, err)
	}
}
