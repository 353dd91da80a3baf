package slack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/internal/intake/intaketest"
	"github.com/hrbot/hrbot/adapters/slack"
	"github.com/hrbot/hrbot/adapters/slack/slackfake"
)

type harness struct {
	t    *testing.T
	fake *slackfake.Server
	bot  *fakeBot
	acc  *fakeAccounts
	kept *intaketest.Store
	a    *slack.Adapter
	srv  *httptest.Server
}

// newHarness runs an adapter against a fake Slack; opts change its config.
func newHarness(t *testing.T, appToken string, opts ...func(*slack.Config)) *harness {
	t.Helper()
	fake := slackfake.New("xoxb-test", appToken)
	t.Cleanup(fake.Close)
	h := &harness{t: t, fake: fake, bot: &fakeBot{}, acc: &fakeAccounts{blocked: map[string]bool{}, linked: map[int64]string{}},
		kept: intaketest.New()}
	cfg := slack.Config{BotToken: "xoxb-test", SigningSecret: secret, AppToken: appToken,
		APIURL: fake.URL(), Handler: h.bot, Accounts: h.acc, LinkEvery: time.Hour, Intake: h.kept}
	for _, o := range opts {
		o(&cfg)
	}
	a, err := slack.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.a = a
	mux := http.NewServeMux()
	mux.Handle("POST /slack/events", a.Events())
	mux.Handle("POST /slack/commands", a.Commands())
	mux.Handle("POST /slack/interactive", a.Interactive())
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return h
}

// post sends a request signed at `at` with key (the signing secret, or a
// wrong one) and returns the status and body.
func (h *harness) post(path, contentType string, body []byte, key string, at time.Time) (int, string) {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, bytes.NewReader(body))
	req.Header = slackfake.Sign(key, body, at)
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (h *harness) event(id string, inner map[string]any) (int, string) {
	body, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": slackfake.TeamID, "api_app_id": "AHRBOT",
		"event_id": id, "event_time": time.Now().Unix(), "event": inner})
	return h.post("/slack/events", "application/json", body, secret, time.Now())
}

func dm(user, text string) map[string]any {
	return map[string]any{"type": "message", "channel_type": "im", "channel": slackfake.DMChannel(user), "user": user,
		"text": text, "ts": fmt.Sprint(time.Now().UnixNano()/1000) + ".000100"}
}

func (h *harness) command(user, channel, text, responseURL string) (int, string) {
	form := url.Values{"command": {"/hr"}, "text": {text}, "user_id": {user}, "channel_id": {channel},
		"team_id": {slackfake.TeamID}, "response_url": {responseURL}, "trigger_id": {fmt.Sprint("trig-", time.Now().UnixNano())}}
	return h.post("/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), secret, time.Now())
}

func (h *harness) press(user, channel, ts, actionID, value, responseURL string, ephemeral bool) (int, string) {
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user}, "trigger_id": fmt.Sprint("trig-", time.Now().UnixNano()),
		"response_url": responseURL, "container": map[string]any{"type": "message", "channel_id": channel, "message_ts": ts, "is_ephemeral": ephemeral},
		"channel": map[string]any{"id": channel}, "message": map[string]any{"ts": ts},
		"actions": []map[string]any{{"type": "button", "action_id": actionID, "value": value, "block_id": "row0"}},
	})
	form := url.Values{"payload": {string(payload)}}
	return h.post("/slack/interactive", "application/x-www-form-urlencoded", []byte(form.Encode()), secret, time.Now())
}

// waitCall waits for a call of method whose text contains want.
func (h *harness) waitCall(method, want string) slackfake.Call {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, c := range h.fake.Calls(method) {
			if strings.Contains(c.Text, want) {
				return c
			}
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, c := range h.fake.Calls("") {
				seen = append(seen, c.Method+" "+c.Channel+": "+c.Text)
			}
			h.t.Fatalf("no %s containing %q; calls:\n%s", method, want, strings.Join(seen, "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
