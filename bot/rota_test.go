package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/store"
)

// A day changed on the rota (by the console's service, here another
// instance than the bot's, as on another replica) is what chat says at
// once: the manager's /today, the person's /schedule and their check-in.
func TestRotaChangeReachesChat(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 8, 0, 0, 0, shanghai))
	// The bot's attendance service reads (and caches) the setup first.
	mustContain(t, h.punch("boss", "/today"), "Not yet in (5):", "Amy (09:00–18:00)")

	console := attendance.NewService(store.NewAttendance(h.db), core.NewDirectory(store.NewDirectory(h.db), h.clock), h.clock)
	boss, err := core.NewDirectory(store.NewDirectory(h.db), h.clock).Identify(context.Background(), core.PlatformConsole, "shop/boss")
	if err != nil {
		t.Fatal(err)
	}
	if err := console.SetDay(context.Background(), boss, "amy", core.NewDate(2026, 11, 25), "evening", "web"); err != nil {
		t.Fatal(err)
	}
	if err := console.SetDay(context.Background(), boss, "eve", core.NewDate(2026, 11, 25), "", "web"); err != nil {
		t.Fatal(err)
	}
	got := h.punch("boss", "/today")
	mustContain(t, got, "Not yet in (4): Amy (14:00–23:00),", "Off (1): Eve")
	if strings.Contains(got, "Amy (09:00–18:00)") {
		t.Errorf("/today after the change:\n%s", got)
	}
	mustContain(t, h.punch("amy", "/schedule"), "2026-11-25 Wed: Evening 14:00–23:00")
	mustContain(t, h.punch("amy", "/checkin"), "check-in opens at 12:00")
}
