package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

const securityOrg = `
group: {key: fruit, name: Fruit Group}
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    leave_types:
      - {key: annual, name: Annual, unit: half_day, accrual: fixed, entitlement_days: 10}
    teams:
      - {key: cs, name: CS}
      - {key: ops, name: Ops}
    employees:
      - {key: boss, name: Boss, role: manager, team: cs, locale: en}
      - {key: otto, name: Otto, role: manager, team: ops, locale: en}
      - {key: amy, name: Amy, team: cs, manager: boss, locale: en, hire_date: 2020-01-01}
      - {key: eve, name: Eve, team: ops, manager: otto, locale: en, hire_date: 2020-01-01}
      - {key: gone, name: Gone, manager: boss, locale: en, status: left, left_on: 2026-10-31}
  - key: branch
    name: Branch
    time_zone: Asia/Shanghai
    employees:
      - {key: bm, name: Branch Manager, role: manager, locale: en}
      - {key: bhr, name: Branch HR, role: hr, locale: en}
`

// The authorisation cases people try, on purpose or not, through the
// chat: each is refused with a reason, changes nothing, and is audited.
func TestAuthorizationRefusals(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, securityOrg)
	as := func(who string, in bot.Incoming) string {
		t.Helper()
		in.Platform, in.ChatID, in.UserID = core.PlatformConsole, "c:"+who, who
		replies, err := h.bot.Handle(context.Background(), in)
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		return texts(replies)
	}
	refusals := func() int {
		var n int
		if err := h.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE outcome = 'denied'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Amy asks for leave; the approve button goes to Boss.
	replies, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:shop/amy", UserID: "shop/amy", Text: "/leave annual 2026-12-10"})
	if err != nil || len(replies) == 0 || len(replies[0].Buttons) == 0 {
		t.Fatalf("leave preview: %+v %v", replies, err)
	}
	as("shop/amy", bot.Incoming{Action: &bot.Action{ID: replies[0].Buttons[0][0].ActionID, Value: replies[0].Buttons[0][0].Value}})
	approve := h.pendingButtons("boss")
	if len(approve) != 1 {
		t.Fatalf("boss has %d requests to decide", len(approve))
	}
	press := &bot.Action{ID: approve[0][0].ActionID, Value: approve[0][0].Value}

	cases := []struct {
		name, who string
		in        bot.Incoming
		want      string
	}{
		{"EmployeeApprovesOwnLeave", "shop/amy", bot.Incoming{Action: press}, "own"},
		{"ManagerOfAnotherTeam", "shop/otto", bot.Incoming{Action: press}, ""},
		{"ForwardedButton", "shop/eve", bot.Incoming{Action: press}, ""},
		{"AnotherOrgOfTheGroup", "branch/bm", bot.Incoming{Action: press}, ""},
		{"HRofAnotherOrg", "branch/bhr", bot.Incoming{Action: press}, ""},
		{"EmployeeReadsSomeoneElse", "shop/eve", bot.Incoming{Text: "/whois amy"}, ""},
		{"EmployeeBroadcasts", "shop/amy", bot.Incoming{Text: "/report attendance month"}, ""},
	}
	for _, c := range cases {
		before := refusals()
		got := as(c.who, c.in)
		if got == "" || refusals() != before+1 {
			t.Errorf("%s: answered %q; refusals audited %d → %d, want one more", c.name, got, before, refusals())
		}
		if c.want != "" {
			mustContain(t, got, c.want)
		}
	}
	// Someone who left is a stranger now, whatever they press.
	if got := as("shop/gone", bot.Incoming{Text: "/checkin"}); got == "" || !containsAny(got, "no longer active") {
		t.Errorf("a removed employee checked in: %q", got)
	}
	if got := as("shop/gone", bot.Incoming{Action: press}); got == "" {
		t.Errorf("a removed employee's press got no answer")
	}

	// After all that the request is still waiting for Boss, who may decide it.
	var status string
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT status FROM leave_requests`).Scan(&status); err != nil || status != "pending" {
		t.Fatalf("request is %q (%v) after the refusals", status, err)
	}
	mustContain(t, as("shop/boss", bot.Incoming{Action: press}), "Approved")
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// Chinese keyboards type a full-width space (U+3000) between words: it
// separates a command from its arguments like any other space.
func TestFullWidthSpaceSeparatesCommands(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	got := h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:zoe", UserID: "shop/zoe", Text: "请假　年假　明天　回老家"})
	mustContain(t, got, "Annual: 2026-11-26")
}
