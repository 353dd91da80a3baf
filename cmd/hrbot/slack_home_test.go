package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/store/pgtest"
)

const slackHomeOrg = `
orgs:
  - key: shop
    name: Slack Shop
    time_zone: Asia/Shanghai
    attendance:
      checkin_open_minutes: 720
    shifts:
      - {key: allday, name: All day, start: "00:00", end: "23:59"}
    schedules:
      - key: always
        start: 2026-01-05
        holidays: work
        weeks:
          - {mon: allday, tue: allday, wed: allday, thu: allday, fri: allday, sat: allday, sun: allday}
    leave_types:
      - {key: annual, name: Annual, aliases: [年假], unit: half_day, accrual: fixed, entitlement_days: 10}
    employees:
      - {key: boss, name: Boss Wang, role: manager, slack: U0BOSS01, locale: en, schedule: always, hire_date: 2015-01-01}
      - {key: amy, name: Amy Li, slack: U0AMY001, locale: en, manager: boss, schedule: always, hire_date: 2015-01-01}
`

// openHome sends app_home_opened for user and waits for the view
// published after the first `before` views.
func (h *slackHarness) openHome(user string) slackfake.Call {
	h.t.Helper()
	before := len(h.fake.Calls("views.publish"))
	body, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": slackfake.TeamID, "event_id": fmt.Sprint("EvH", h.event.Add(1)),
		"event": map[string]any{"type": "app_home_opened", "user": user, "channel": slackfake.DMChannel(user), "tab": "home",
			"event_ts": fmt.Sprint(time.Now().Unix(), ".000100")}})
	if code := h.signed("/slack/events", "application/json", body, slackSecret, time.Now(), nil); code != 200 {
		h.t.Fatalf("app_home_opened: %d", code)
	}
	return h.next("views.publish", before)
}

// pressHome presses a button of a published Home view, as Slack sends it:
// from a view, with no channel and no message.
func (h *slackHarness) pressHome(user string, view slackfake.Call, actionPrefix string) {
	h.t.Helper()
	var btn *slackfake.Element
	for _, b := range view.Buttons() {
		if strings.HasPrefix(b.ActionID, actionPrefix) {
			btn = &b
			break
		}
	}
	if btn == nil {
		h.t.Fatalf("no %s button on the Home: %+v", actionPrefix, view.Blocks)
	}
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user}, "trigger_id": fmt.Sprint("trig", h.event.Add(1)),
		"container": map[string]any{"type": "view", "view_id": "V" + user}, "view": map[string]any{"id": "V" + user, "type": "home"},
		"actions": []map[string]any{{"type": "button", "block_id": "home1", "action_id": btn.ActionID, "value": btn.Value}},
	})
	form := url.Values{"payload": {string(payload)}}
	if code := h.signed("/slack/interactive", "application/x-www-form-urlencoded", []byte(form.Encode()), slackSecret, time.Now(), nil); code != 200 {
		h.t.Fatalf("press on the Home: %d", code)
	}
}

// TestSlackHomeTab: through `hrbot serve`, a manager's Home tab shows his
// shift, a Check in button and the leave waiting for him; Approve on the
// Home decides it, answers in his DM, tells the employee and takes it off
// the Home. Someone hrbot does not know is told how to link.
func TestSlackHomeTab(t *testing.T) {
	t.Parallel()
	fake := slackfake.New("xoxb-e2e", "")
	defer fake.Close()
	dbURL := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	os.WriteFile(file, []byte(slackHomeOrg), 0o644)
	vars := map[string]string{"DATABASE_URL": dbURL}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	vars["HRBOT_SLACK_BOT_TOKEN"] = "xoxb-e2e"
	vars["HRBOT_SLACK_SIGNING_SECRET"] = slackSecret
	vars["HRBOT_SLACK_API_URL"] = fake.URL()
	h := &slackHarness{t: t, fake: fake, base: startServe(t, vars)}
	const amy, boss = "U0AMY001", "U0BOSS01"
	amyDM, bossDM := slackfake.DMChannel(amy), slackfake.DMChannel(boss)

	h.dm(amy, "leave annual tomorrow family")
	preview := h.waitFor("chat.postMessage", amyDM, "Annual")
	h.press(amy, preview, "leave.submit", false)
	h.waitFor("chat.postMessage", bossDM, "Amy Li asks for Annual")

	home := h.openHome(boss)
	if home.User != boss || home.Blocks[0].Type != "header" {
		t.Fatalf("home %+v", home)
	}
	text := home.BlockText()
	for _, want := range []string{"Hello, Boss Wang", "All day 00:00–23:59", "Annual: 10 day(s) left of 10", "Reason: family", "Amy Li asks for Annual", "Open the console"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Home lacks %q:\n%s", want, text)
		}
	}
	buttons := map[string]bool{}
	for _, b := range home.Buttons() {
		id, _, _ := strings.Cut(b.ActionID, "#")
		buttons[id] = true
	}
	for _, want := range []string{"att.checkin", "leave.approve", "leave.reject", "web.open"} {
		if !buttons[want] {
			t.Errorf("the Home lacks a %s button: %+v", want, home.Buttons())
		}
	}

	views := len(fake.Calls("views.publish"))
	h.pressHome(boss, home, "leave.approve")
	h.waitFor("chat.postMessage", bossDM, "Approved: Amy Li")
	h.waitFor("chat.postMessage", amyDM, "Boss Wang approved your leave")
	after := h.next("views.publish", views)
	if got := after.BlockText(); strings.Contains(got, "Amy Li asks for Annual") || !strings.Contains(got, "Nothing is waiting for your approval.") {
		t.Errorf("the Home after approving:\n%s", got)
	}

	// Check in from the Home: answered in the DM, the Home says so.
	views = len(fake.Calls("views.publish"))
	h.pressHome(boss, after, "att.checkin")
	h.waitFor("chat.postMessage", bossDM, "Checked in")
	if got := h.next("views.publish", views).BlockText(); !strings.Contains(got, "Checked in at") || !strings.Contains(got, "Check out") {
		t.Errorf("the Home after checking in:\n%s", got)
	}

	stranger := h.openHome("U0NOBODY")
	if got := stranger.BlockText(); !strings.Contains(got, "invite code") || !strings.Contains(got, "邀请码") {
		t.Errorf("a stranger's Home:\n%s", got)
	}
	if len(stranger.Buttons()) != 0 {
		t.Errorf("a stranger's Home has buttons: %+v", stranger.Buttons())
	}
}
