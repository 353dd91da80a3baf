package slack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/slack"
	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// homeBot is a fakeBot with a Home: each build counts, so a test sees
// the Home built again after a press.
type homeBot struct {
	fakeBot
	mu     sync.Mutex
	builds map[string]int
}

func (b *homeBot) Home(_ context.Context, platform core.Platform, user string) (bot.Home, error) {
	b.mu.Lock()
	b.builds[user]++
	n := b.builds[user]
	b.mu.Unlock()
	return bot.Home{Linked: true, Name: "Boss Wang", Title: "👋 Hello, Boss Wang", Footer: fmt.Sprintf("build %d for %s %s", n, platform, user),
		Sections: []bot.HomeSection{
			{Kind: bot.HomeToday, Title: "Today", Text: "2026-11-25: All day 00:00–23:59\nNot checked in yet.",
				Buttons: []bot.Button{{Label: "Check in", ActionID: "att.checkin"}}},
			{Kind: bot.HomeApprovals, Title: "Waiting for you"},
			{Kind: bot.HomeLeave, Ref: "7", Text: "📝 Amy Li asks for Annual", Buttons: []bot.Button{
				{Label: "Approve", ActionID: "leave.approve", Value: "7"}, {Label: "Reject", ActionID: "leave.reject", Value: "7"}}},
			{Kind: bot.HomeConsole, Text: "The web console", Buttons: []bot.Button{{Label: "Open the console", ActionID: bot.WebOpenAction}}},
		}}, nil
}

var _ slack.HomeBuilder = (*homeBot)(nil)

func newHomeHarness(t *testing.T, appToken string) (*harness, *homeBot) {
	hb := &homeBot{builds: map[string]int{}}
	h := newHarness(t, appToken, func(c *slack.Config) { c.Handler = hb })
	return h, hb
}

func homeOpened(user, tab string) map[string]any {
	return map[string]any{"type": "app_home_opened", "user": user, "channel": slackfake.DMChannel(user), "tab": tab,
		"event_ts": fmt.Sprint(time.Now().Unix()) + ".000100"}
}

// waitHome waits for the n-th view published for user.
func waitHome(t *testing.T, fake *slackfake.Server, user string, n int) slackfake.Call {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var views []slackfake.Call
		for _, c := range fake.Calls("views.publish") {
			if c.User == user {
				views = append(views, c)
			}
		}
		if len(views) >= n {
			return views[n-1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d views published for %s, want %d", len(views), user, n)
		}
	}
}

func TestHomeTabPublished(t *testing.T) {
	h, hb := newHomeHarness(t, "")
	if code, _ := h.event("EvHome1", homeOpened("U0BOSS01", "home")); code != 200 {
		t.Fatalf("app_home_opened: %d", code)
	}
	view := waitHome(t, h.fake, "U0BOSS01", 1)
	if view.Blocks[0].Type != "header" || view.Blocks[0].Text.Text != "👋 Hello, Boss Wang" {
		t.Errorf("first block %+v", view.Blocks[0])
	}
	text := view.BlockText()
	for _, want := range []string{"All day 00:00–23:59", "Amy Li asks for Annual", "build 1 for slack U0BOSS01"} {
		if !strings.Contains(text, want) {
			t.Errorf("view lacks %q:\n%s", want, text)
		}
	}
	var actions []string
	for _, b := range view.Buttons() {
		actions = append(actions, b.ActionID+"="+b.Value)
	}
	if got := strings.Join(actions, " "); got != "att.checkin#1= leave.approve#2=7 leave.reject#3=7 web.open#4=" {
		t.Errorf("buttons %s", got)
	}

	// Slack sending the event again, and the Messages tab, publish nothing more.
	h.event("EvHome1", homeOpened("U0BOSS01", "home"))
	h.event("EvHome2", homeOpened("U0BOSS01", "messages"))
	h.event("EvHome3", homeOpened("U0OTHER1", "home"))
	waitHome(t, h.fake, "U0OTHER1", 1)
	if n := len(h.fake.Calls("views.publish")); n != 2 {
		t.Errorf("%d views published, want 2", n)
	}
	if len(hb.incoming()) != 0 {
		t.Errorf("opening the Home ran turns: %+v", hb.incoming())
	}
}

// TestHomeTabPress: a press on the Home has no channel and no message; it
// reaches the bot as a press in the person's DM, is answered there, and
// the Home is published again.
func TestHomeTabPress(t *testing.T) {
	h, hb := newHomeHarness(t, "")
	hb.replies = func(in bot.Incoming) []bot.Reply {
		return []bot.Reply{{Text: "Approved: Amy Li", ReplaceMessage: true}}
	}
	h.event("EvHome1", homeOpened("U0BOSS01", "home"))
	view := waitHome(t, h.fake, "U0BOSS01", 1)
	var approve slackfake.Element
	for _, b := range view.Buttons() {
		if strings.HasPrefix(b.ActionID, "leave.approve") {
			approve = b
		}
	}
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U0BOSS01"}, "trigger_id": "trig-home-1",
		"container": map[string]any{"type": "view", "view_id": "VU0BOSS01"}, "view": map[string]any{"id": "VU0BOSS01", "type": "home"},
		"actions": []map[string]any{{"type": "button", "block_id": "home2", "action_id": approve.ActionID, "value": approve.Value}},
	})
	code, _ := h.post("/slack/interactive", "application/x-www-form-urlencoded", []byte(url.Values{"payload": {string(payload)}}.Encode()), secret, time.Now())
	if code != 200 {
		t.Fatalf("press: %d", code)
	}
	answer := h.waitCall("chat.postMessage", "Approved: Amy Li")
	if answer.Channel != slackfake.DMChannel("U0BOSS01") {
		t.Errorf("answered in %q, want the DM", answer.Channel)
	}
	in := hb.incoming()
	if len(in) != 1 || in[0].Action == nil || in[0].Action.ID != "leave.approve" || in[0].Action.Value != "7" ||
		in[0].ChatID != slackfake.DMChannel("U0BOSS01") || !in[0].Private {
		t.Fatalf("bot saw %+v", in)
	}
	if !strings.Contains(waitHome(t, h.fake, "U0BOSS01", 2).BlockText(), "build 2") {
		t.Error("the Home was not built again after the press")
	}
	if n := len(h.fake.Calls("chat.update")) + len(h.fake.Calls("chat.postEphemeral")); n != 0 {
		t.Errorf("%d updates or ephemerals for a press with no message", n)
	}
}

func TestHomeTabSocketMode(t *testing.T) {
	h, _ := newHomeHarness(t, "xapp-test")
	env, err := h.fake.SendSocket("events_api", map[string]any{"type": "event_callback", "event_id": "EvS1", "event": homeOpened("U0BOSS01", "home")}, 0)
	if err != nil {
		t.Fatal(err)
	}
	waitHome(t, h.fake, "U0BOSS01", 1)
	if _, err := h.fake.SendSocket("interactive", map[string]any{"type": "block_actions", "user": map[string]any{"id": "U0BOSS01"},
		"trigger_id": "t-2", "container": map[string]any{"type": "view", "view_id": "V1"}, "view": map[string]any{"type": "home"},
		"actions": []map[string]any{{"type": "button", "block_id": "home0", "action_id": "att.checkin#1"}}}, 0); err != nil {
		t.Fatal(err)
	}
	h.waitCall("chat.postMessage", "echo ")
	waitHome(t, h.fake, "U0BOSS01", 2)
	for deadline := time.Now().Add(5 * time.Second); !h.fake.Acked(env); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("envelope not acknowledged")
		}
	}
}

// TestHomeTabWithoutBuilder: a bot without a Home leaves app_home_opened alone.
func TestHomeTabWithoutBuilder(t *testing.T) {
	h := newHarness(t, "")
	if code, _ := h.event("EvHome1", homeOpened("U0BOSS01", "home")); code != 200 {
		t.Fatalf("app_home_opened: %d", code)
	}
	h.event("EvDM1", dm("U0BOSS01", "whoami"))
	h.waitCall("chat.postMessage", "echo whoami")
	if n := len(h.fake.Calls("views.publish")); n != 0 {
		t.Errorf("%d views published", n)
	}
}
