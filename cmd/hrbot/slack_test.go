package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/store/pgtest"
)

const slackOrg = `
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
      - {key: boss, name: Boss Wang, role: manager, slack: U0BOSS01, locale: en}
      - {key: helen, name: Helen HR, role: hr, slack: U0HELEN1, locale: en}
      - {key: amy, name: Amy Li, email: amy@shop.example, manager: boss, schedule: always, hire_date: 2015-01-01}
`

const slackSecret = "e2e-signing-secret"

type slackHarness struct {
	t     *testing.T
	fake  *slackfake.Server
	base  string
	event atomic.Int64
}

func (h *slackHarness) signed(path, contentType string, body []byte, key string, at time.Time, extra http.Header) int {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.base+path, bytes.NewReader(body))
	req.Header = slackfake.Sign(key, body, at)
	req.Header.Set("Content-Type", contentType)
	for k, v := range extra {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func (h *slackHarness) dmBody(user, text string) []byte {
	id := h.event.Add(1)
	body, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": slackfake.TeamID, "event_id": fmt.Sprint("Ev", id),
		"event": map[string]any{"type": "message", "channel_type": "im", "channel": slackfake.DMChannel(user), "user": user,
			"text": text, "ts": fmt.Sprintf("1800000000.%06d", id)}})
	return body
}

func (h *slackHarness) dm(user, text string) int {
	return h.signed("/slack/events", "application/json", h.dmBody(user, text), slackSecret, time.Now(), nil)
}

func (h *slackHarness) command(user, text string) (status int, responseURL string) {
	return h.commandIn(slackfake.DMChannel(user), user, text)
}

// commandIn sends "/hr text" from a channel.
func (h *slackHarness) commandIn(channel, user, text string) (status int, responseURL string) {
	responseURL = h.fake.ResponseURL()
	form := url.Values{"command": {"/hr"}, "text": {text}, "user_id": {user}, "channel_id": {channel},
		"team_id": {slackfake.TeamID}, "response_url": {responseURL}, "trigger_id": {fmt.Sprint("trig", h.event.Add(1))}}
	return h.signed("/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), slackSecret, time.Now(), nil), responseURL
}

func (h *slackHarness) press(user string, on slackfake.Call, actionPrefix string, ephemeral bool) int {
	h.t.Helper()
	var btn *slackfake.Element
	for _, b := range on.Buttons() {
		if strings.HasPrefix(b.ActionID, actionPrefix) {
			btn = &b
			break
		}
	}
	if btn == nil {
		h.t.Fatalf("no %s button on %+v", actionPrefix, on)
	}
	channel := on.Channel
	if channel == "" {
		channel = slackfake.DMChannel(user)
	}
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user}, "trigger_id": fmt.Sprint("trig", h.event.Add(1)),
		"response_url": h.fake.ResponseURL(),
		"container":    map[string]any{"type": "message", "channel_id": channel, "message_ts": on.TS, "is_ephemeral": ephemeral},
		"actions":      []map[string]any{{"type": "button", "block_id": "row0", "action_id": btn.ActionID, "value": btn.Value}},
	})
	form := url.Values{"payload": {string(payload)}}
	return h.signed("/slack/interactive", "application/x-www-form-urlencoded", []byte(form.Encode()), slackSecret, time.Now(), nil)
}

// waitFor waits for a call of method to channel (or to the response_url,
// when channel is "") whose text contains want.
func (h *slackHarness) waitFor(method, channel, want string) slackfake.Call {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		for _, c := range h.fake.Calls(method) {
			if c.Channel == channel && strings.Contains(c.Text, want) {
				return c
			}
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, c := range h.fake.Calls("") {
				seen = append(seen, c.Method+" "+c.Channel+c.URL+": "+c.Text)
			}
			h.t.Fatalf("no %s to %q containing %q; calls:\n%s", method, channel, want, strings.Join(seen, "\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// next waits for the first call of method after the first `before` ones.
func (h *slackHarness) next(method string, before int) slackfake.Call {
	h.t.Helper()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if calls := h.fake.Calls(method); len(calls) > before {
			return calls[before]
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("no %s after the first %d", method, before)
		}
	}
}

func TestSlackEndToEnd(t *testing.T) {
	t.Parallel()
	fake := slackfake.New("xoxb-e2e", "")
	defer fake.Close()
	fake.AddUser("U0AMY001", "Amy@Shop.Example")
	dbURL := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	os.WriteFile(file, []byte(slackOrg), 0o644)
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

	checkManifest(t, h.base)

	// Forged and replayed requests are refused and nothing is processed.
	body := h.dmBody(amy, "whoami")
	if got := h.signed("/slack/events", "application/json", body, "forged", time.Now(), nil); got != http.StatusUnauthorized {
		t.Errorf("forged signature: %d", got)
	}
	if got := h.signed("/slack/events", "application/json", body, slackSecret, time.Now().Add(-10*time.Minute), nil); got != http.StatusUnauthorized {
		t.Errorf("replayed timestamp: %d", got)
	}

	// Amy was linked by her e-mail address when hrbot started; she asks who she is.
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		h.dm(amy, "whoami")
		if calls := fake.Calls("chat.postMessage"); len(calls) > 0 && strings.Contains(calls[len(calls)-1].Text, "Amy Li") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Amy was not linked by e-mail: %+v", fake.Calls(""))
		}
	}

	// She checks in in her DM with the bot.
	h.dm(amy, "签到")
	h.waitFor("chat.postMessage", amyDM, "上班打卡")

	// Slack retrying an event (same event_id) changes nothing.
	retry := h.dmBody(amy, "me")
	h.signed("/slack/events", "application/json", retry, slackSecret, time.Now(), nil)
	h.waitFor("chat.postMessage", amyDM, "2026")
	before := len(fake.Calls("chat.postMessage"))
	if got := h.signed("/slack/events", "application/json", retry, slackSecret, time.Now(), http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}}); got != http.StatusOK {
		t.Errorf("retry: %d", got)
	}
	time.Sleep(300 * time.Millisecond)
	if after := len(fake.Calls("chat.postMessage")); after != before {
		t.Errorf("a retried event was answered again")
	}

	// She asks for leave with /hr; the preview is ephemeral, with Submit.
	if code, _ := h.command(amy, "leave annual tomorrow family"); code != http.StatusOK {
		t.Fatalf("command: %d", code)
	}
	preview := h.waitFor("response_url", "", "Annual")
	if preview.ResponseType != "ephemeral" {
		t.Errorf("preview is %q, want ephemeral", preview.ResponseType)
	}
	h.press(amy, preview, "leave.submit", true)
	submitted := h.waitFor("response_url", "", "已提交")
	if !submitted.ReplaceOriginal || len(submitted.Buttons()) != 0 {
		t.Errorf("submit answered %+v: want the preview replaced, buttons gone", submitted)
	}

	// The manager is sent the request in his DM and approves with the button.
	request := h.waitFor("chat.postMessage", bossDM, "Amy Li asks for Annual")
	h.press(boss, request, "leave.approve", false)
	updated := h.waitFor("chat.update", bossDM, "Approved: Amy Li")
	if updated.TS != request.TS || len(updated.Buttons()) != 0 {
		t.Errorf("update %+v: want the request message, buttons gone", updated)
	}
	// Amy is told.
	h.waitFor("chat.postMessage", amyDM, "批准了你")

	// A second press is refused to the presser alone and updates nothing.
	updates := len(fake.Calls("chat.update"))
	h.press(boss, request, "leave.approve", false)
	notice := h.waitFor("response_url", "", "Already approved by Boss Wang")
	if notice.ResponseType != "ephemeral" {
		t.Errorf("notice %+v", notice)
	}
	if len(fake.Calls("chat.update")) != updates {
		t.Error("a refused press updated the message")
	}

	// Slack answers 429 twice: the reply still arrives, once.
	fake.Fail429("chat.postMessage", 2, 1)
	h.dm(boss, "whoami")
	h.waitFor("chat.postMessage", bossDM, "You are Boss Wang")
	time.Sleep(300 * time.Millisecond)
	n := 0
	for _, c := range fake.Calls("chat.postMessage") {
		if strings.Contains(c.Text, "You are Boss Wang") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d answers after 429s, want 1", n)
	}

	// HR broadcasts to everyone: a preview first, sent on the press, once.
	const helen = "U0HELEN1"
	h.command(boss, "broadcast everyone Party at six")
	h.waitFor("response_url", "", "Only HR or an administrator can do that.")
	h.command(helen, "broadcast everyone Shop closes at 18:00 today")
	draft := h.waitFor("response_url", "", "Preview — to 3 people (everyone)")
	h.press(helen, draft, "broadcast.send", true)
	h.waitFor("response_url", "", "Sending to 3 people")
	for _, dm := range []string{amyDM, bossDM, slackfake.DMChannel(helen)} {
		h.waitFor("chat.postMessage", dm, "Shop closes at 18:00 today")
	}
	h.press(helen, draft, "broadcast.send", true)
	h.waitFor("response_url", "", "This broadcast was sent already")
	// Progress catches up with what Slack received (the ledger records a
	// send just after Slack answers).
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		before := len(fake.Calls("response_url"))
		h.command(helen, "broadcasts")
		var progress slackfake.Call
		for wait := time.Now().Add(10 * time.Second); len(fake.Calls("response_url")) == before; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(wait) {
				t.Fatal("no answer to /hr broadcasts")
			}
		}
		calls := fake.Calls("response_url")
		progress = calls[len(calls)-1]
		if strings.Contains(progress.Text, "everyone: 3/3 sent") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("progress %q, want 3/3 sent", progress.Text)
		}
	}
	// A broadcast to the channel HR writes in, in the org's language.
	h.command(helen, "broadcast here Lunch together")
	h.waitFor("response_url", "", "in a private chat, name an audience")
	h.commandIn("C0TEAM01", helen, "broadcast here Lunch together at 12")
	here := h.waitFor("response_url", "", "Preview — to this chat")
	h.press(helen, here, "broadcast.send", true)
	h.waitFor("response_url", "", "Sent to the chat")
	h.waitFor("chat.postMessage", "C0TEAM01", "📣 Helen HR：\nLunch together at 12")

	time.Sleep(300 * time.Millisecond)
	got := map[string]int{}
	for _, c := range fake.Calls("chat.postMessage") {
		if strings.Contains(c.Text, "Shop closes") || strings.Contains(c.Text, "Party") {
			got[c.Channel]++
		}
	}
	if len(got) != 3 || got[amyDM] != 1 || got[bossDM] != 1 {
		t.Errorf("broadcast received %v, want each of 3 DMs once", got)
	}
}

// checkManifest holds the shipped Slack app manifest to what serve does:
// every URL in it is routed and signature-checked, and it asks for the
// events and scopes the adapter relies on.
func checkManifest(t *testing.T, base string) {
	t.Helper()
	raw, err := os.ReadFile("../../deploy/slack-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct{ Command, URL string } `yaml:"slash_commands"`
			AppHome       struct {
				HomeTab bool `yaml:"home_tab_enabled"`
			} `yaml:"app_home"`
		}
		OAuth struct {
			Scopes struct{ Bot []string }
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				RequestURL string   `yaml:"request_url"`
				BotEvents  []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				RequestURL string `yaml:"request_url"`
			}
		}
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	if !m.Features.AppHome.HomeTab {
		t.Error("manifest: the Home tab is not enabled")
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/hr" {
		t.Errorf("manifest commands: %+v", m.Features.SlashCommands)
	}
	urls := []string{m.Settings.Events.RequestURL, m.Settings.Interactivity.RequestURL}
	for _, c := range m.Features.SlashCommands {
		urls = append(urls, c.URL)
	}
	for _, u := range urls {
		parsed, err := url.Parse(u)
		if err != nil || parsed.Path == "" {
			t.Errorf("manifest URL %q", u)
			continue
		}
		resp, err := http.Post(base+parsed.Path, "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("manifest URL %s: unsigned POST got %d, want 401", parsed.Path, resp.StatusCode)
		}
	}
	for _, want := range []string{"chat:write", "im:history", "app_mentions:read", "commands", "users:read.email", "files:read"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, want) {
			t.Errorf("manifest lacks bot scope %s", want)
		}
	}
	for _, want := range []string{"message.im", "app_mention", "app_home_opened"} {
		if !slices.Contains(m.Settings.Events.BotEvents, want) {
			t.Errorf("manifest lacks event %s", want)
		}
	}
}
