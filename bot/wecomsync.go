package bot

import (
	"context"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
)

// wecomSyncFeature tells HR what the daily WeCom sync did
// (core.NotifyDirectorySynced, written by adapters/wecom/wecomsync).
func (b *Bot) wecomSyncFeature() feature {
	return feature{notifications: map[string]notificationRenderer{core.NotifyDirectorySynced: b.directorySyncedNotification}}
}

func (b *Bot) directorySyncedNotification(_ context.Context, t *turn, n core.Notification) []Reply {
	return []Reply{{Text: b.directorySynced(t, n.Params)}}
}

// directorySynced writes a run of the daily sync from its outcome's
// params: what the directory and the check-ins came to, one line each,
// and where to look when something went wrong.
func (b *Bot) directorySynced(t *turn, p map[string]string) string {
	lines := []string{b.T(t, "wecom.synced.title", "day", p["day"])}
	trouble := false
	switch p["directory"] {
	case dirsync.Applied:
		lines = append(lines, b.T(t, "wecom.synced.applied", "created", p["created"], "changed", p["changed"], "teams", p["teams"]))
	case dirsync.Unchanged:
		lines = append(lines, b.T(t, "wecom.synced.unchanged"))
	case dirsync.Problems:
		lines, trouble = append(lines, b.T(t, "wecom.synced.problems", "problems", p["problems"])), true
	case dirsync.Failed:
		lines, trouble = append(lines, b.T(t, "wecom.synced.dir_failed")), true
	}
	switch p["checkins"] {
	case dirsync.Imported:
		lines = append(lines, b.T(t, "wecom.synced.checkins", "imported", p["imported"], "already", p["already"]))
	case dirsync.Failed:
		lines, trouble = append(lines, b.T(t, "wecom.synced.checkins_fail")), true
	}
	if p["directory"] == dirsync.NotAllowed || p["checkins"] == dirsync.NotAllowed {
		lines, trouble = append(lines, b.T(t, "wecom.synced.not_allowed", "name", core.NameIn(p["as"], t.locale))), true
	}
	if trouble {
		lines = append(lines, b.T(t, "wecom.synced.see"))
	}
	return strings.Join(lines, "\n")
}
