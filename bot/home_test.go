package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

func (h *harness) home(person string) bot.Home {
	h.t.Helper()
	home, err := h.bot.Home(context.Background(), core.PlatformConsole, "shop/"+person)
	if err != nil {
		h.t.Fatalf("home of %s: %v", person, err)
	}
	return home
}

func homeSections(home bot.Home, kind bot.HomeKind) []bot.HomeSection {
	var out []bot.HomeSection
	for _, s := range home.Sections {
		if s.Kind == kind {
			out = append(out, s)
		}
	}
	return out
}

func homeButton(t *testing.T, s bot.HomeSection, action string) bot.Button {
	t.Helper()
	for _, b := range s.Buttons {
		if b.ActionID == action {
			return b
		}
	}
	t.Fatalf("no %s button in %+v", action, s)
	return bot.Button{}
}

func TestHomeEmployeeDay(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t) // Wednesday 2026-11-25 10:00 in Shanghai
	h.at(time.Date(2026, 11, 25, 8, 50, 0, 0, shanghai))
	home := h.home("amy")
	if !home.Linked || home.Name != "Amy" || home.CheckedIn {
		t.Fatalf("home %+v", home)
	}
	mustContain(t, home.Title, "Amy")
	today := homeSections(home, bot.HomeToday)
	if len(today) != 1 {
		t.Fatalf("today sections %+v", home.Sections)
	}
	mustContain(t, today[0].Text, "2026-11-25: CS 09:00–18:00", "Not checked in yet.")
	checkIn := homeButton(t, today[0], "att.checkin")
	mustContain(t, homeSections(home, bot.HomeBalances)[0].Text, "Annual:", "Sick: 5 day(s) left of 5")
	if got := homeSections(home, bot.HomeApprovals); len(got) != 0 {
		t.Errorf("an employee with nothing to decide sees approvals: %+v", got)
	}
	homeButton(t, homeSections(home, bot.HomeConsole)[0], bot.WebOpenAction)

	// The Home's button is the reminders' button: pressing it checks in.
	mustContain(t, h.pressAs("amy", checkIn), "08:50")
	home = h.home("amy")
	if !home.CheckedIn {
		t.Error("checked in, the home says not")
	}
	mustContain(t, homeSections(home, bot.HomeToday)[0].Text, "Checked in at 08:50.")
	homeButton(t, homeSections(home, bot.HomeToday)[0], "att.checkout")
}

func TestHomeManagerApproves(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	h.ask("zoe", "leave annual dec 1-3 wedding trip")
	home := h.home("boss")
	waiting := homeSections(home, bot.HomeLeave)
	if len(waiting) != 1 || len(homeSections(home, bot.HomeApprovals)) != 1 {
		t.Fatalf("boss's home %+v", home.Sections)
	}
	mustContain(t, waiting[0].Text, "Zoe asks for Annual: 2026-12-01 → 2026-12-03")
	approve := homeButton(t, waiting[0], "leave.approve")
	if reject := homeButton(t, waiting[0], "leave.reject"); reject.Value != waiting[0].Ref || approve.Value != waiting[0].Ref {
		t.Errorf("buttons %+v carry another id than %s", waiting[0].Buttons, waiting[0].Ref)
	}
	mustContain(t, h.pressAs("boss", approve), "Approved: Zoe, 2026-12-01 → 2026-12-03.")
	home = h.home("boss")
	if len(homeSections(home, bot.HomeLeave)) != 0 {
		t.Errorf("decided leave still waiting: %+v", home.Sections)
	}
	mustContain(t, homeSections(home, bot.HomeApprovals)[0].Text, "Nothing is waiting for your approval.")
	mustContain(t, h.punch("zoe", "/balance"), "Boss Wang approved your leave 2026-12-01 → 2026-12-03.")
}

func TestHomeUnlinked(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	home, err := h.bot.Home(context.Background(), core.PlatformSlack, "U404")
	if err != nil {
		t.Fatal(err)
	}
	if home.Linked || len(home.Sections) != 1 || home.Sections[0].Kind != bot.HomeLink {
		t.Fatalf("unlinked home %+v", home)
	}
	// The bot's own answer to someone it does not know, in both languages.
	want := h.send(bot.Incoming{Platform: core.PlatformSlack, ChatID: "D404", UserID: "U404", Private: true, Text: "hello"})
	if home.Sections[0].Text != want {
		t.Errorf("link text %q, the bot says %q", home.Sections[0].Text, want)
	}
	mustContain(t, home.Sections[0].Text, "invite", "邀请码")

	gone, err := h.bot.Home(context.Background(), core.PlatformConsole, "shop/gone")
	if err != nil || gone.Linked {
		t.Fatalf("home of someone who left: %+v %v", gone, err)
	}
}

// TestHomeConsoleButton: pressing "Open the console" is sending /web.
func TestHomeConsoleButton(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	typed := h.console("alice", "/web")
	pressed := h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:alice", UserID: "shop/alice",
		Action: &bot.Action{ID: bot.WebOpenAction}})
	if pressed != typed || strings.TrimSpace(pressed) == "" {
		t.Errorf("pressed %q, typed %q", pressed, typed)
	}
}
