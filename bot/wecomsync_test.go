package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
)

// TestDirectorySyncedNotification: what the daily WeCom sync tells HR is
// written in the reader's language, says what changed, and says why
// nothing was done and where to look when it failed.
func TestDirectorySyncedNotification(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	tell := func(person string, o dirsync.Outcome) string {
		t.Helper()
		var id int64
		err := h.db.Pool().QueryRow(context.Background(), `
			INSERT INTO notifications (org_id, recipient_id, kind, params, created_at)
			SELECT org_id, id, $2, $3, now() FROM employees WHERE key = $1 AND org_id = (SELECT id FROM orgs WHERE key = 'shop')
			RETURNING id`, person, core.NotifyDirectorySynced, o.Params()).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return texts(h.render(person, bot.Notice{Kind: bot.NoticeNotification, Params: map[string]string{"id": strconv.FormatInt(id, 10)}}))
	}
	day := core.NewDate(2026, 3, 2)
	applied := dirsync.Outcome{Day: day, Directory: dirsync.Applied, Created: 1, Changed: 2, Checkins: dirsync.Imported, Imported: 12, Already: 3, As: "Helen HR"}
	got := tell("hr", applied) // the org's language: Chinese
	mustContain(t, got, "企业微信每日同步（2026-03-02）", "新增 1 人，修改 2 人", "导入 12 条，已存在 3 条")
	if strings.Contains(got, "后台") {
		t.Errorf("a run that went well points at the console: %q", got)
	}
	got = tell("alice", dirsync.Outcome{Day: day, Directory: dirsync.Problems, Problems: 3, Checkins: dirsync.Failed, As: "Helen HR"}) // English
	mustContain(t, got, "WeCom daily sync, 2026-03-02", "Directory not applied: it has 3 problems.", "Check-ins not imported",
		"People → WeCom sync")
	got = tell("alice", dirsync.Outcome{Day: day, Directory: dirsync.NotAllowed, Checkins: dirsync.NotAllowed, As: "海伦 Helen HR"})
	mustContain(t, got, "Nothing was done: Helen HR, who switched the daily sync on, may no longer manage people.")
}
