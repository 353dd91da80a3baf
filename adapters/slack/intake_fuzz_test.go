package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/internal/intake/intaketest"
	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// Run it for a while with:
//
//	go test -run XXX -fuzz FuzzIntake -fuzztime 25s ./adapters/slack/

const fuzzSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// recordingBot records what reaches the bot and answers nothing.
type recordingBot struct {
	mu   sync.Mutex
	seen []bot.Incoming
}

func (r *recordingBot) Handle(_ context.Context, in bot.Incoming) ([]bot.Reply, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, in)
	return nil, nil
}

// take returns what reached the bot since the last call.
func (r *recordingBot) take() []bot.Incoming {
	r.mu.Lock()
	defer r.mu.Unlock()
	seen := r.seen
	r.seen = nil
	return seen
}

// quietAccounts keeps nothing.
type quietAccounts struct{}

func (quietAccounts) SetBlocked(context.Context, core.Platform, string, bool, time.Time) error {
	return nil
}

func (quietAccounts) UnlinkedEmails(context.Context, core.Platform, int) ([]core.EmailContact, error) {
	return nil, nil
}

func (quietAccounts) LinkByEmail(context.Context, core.EmailContact, core.Platform, string) (bool, error) {
	return false, nil
}

var (
	_ Handler  = (*recordingBot)(nil)
	_ Accounts = quietAccounts{}
)

// fuzzDrain works every job kept in the intake as the workers would, so
// what a request kept has reached the bot when drain returns.
func fuzzDrain(ctx context.Context, a *Adapter, kept *intaketest.Store) {
	for {
		items, err := kept.Claim(ctx, core.PlatformSlack, "fuzz", 100, time.Minute)
		if err != nil || len(items) == 0 {
			return
		}
		for _, it := range items {
			if err := a.workItem(ctx, it); err != nil {
				panic(err)
			}
			_ = kept.Done(ctx, it.ID, "fuzz")
		}
	}
}

var intakePaths = []string{"/slack/events", "/slack/commands", "/slack/interactive"}

func fuzzSeedBodies() [][]byte {
	ev := func(event map[string]any) []byte {
		b, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": slackfake.TeamID, "api_app_id": "AHRBOT",
			"event_id": "Ev0FUZZ", "event_time": 1700000000, "event": event})
		return b
	}
	press, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U42"}, "trigger_id": "trig-1",
		"container": map[string]any{"type": "message", "channel_id": "D42", "message_ts": "1700000000.000100"},
		"actions":   []map[string]any{{"type": "button", "action_id": "leave.approve#0", "value": "r17", "block_id": "row0"}},
	})
	form := func(v url.Values) []byte { return []byte(v.Encode()) }
	return [][]byte{
		[]byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`),
		ev(map[string]any{"type": "message", "channel_type": "im", "channel": "D42", "user": "U42", "text": "请假 年假 12月1日到3日 回老家", "ts": "1700000000.000100"}),
		ev(map[string]any{"type": "app_mention", "channel": "C100", "user": "U5", "text": "<@UHRBOT> leave annual dec 1-3", "ts": "1700000000.000200"}),
		ev(map[string]any{"type": "message", "channel_type": "im", "channel": "D42", "user": "U42", "subtype": "message_changed"}),
		ev(map[string]any{"type": "reaction_added", "user": "U42"}),
		ev(nil),
		[]byte(`{"type":"event_callback","event":{"type":"message","channel_type":"im","channel":"D1","user":"U1","text":"hi"}}`),
		[]byte(`{"type":"app_rate_limited","minute_rate_limited":1518467820}`),
		form(url.Values{"command": {"/hr"}, "text": {"leave annual dec 1-3"}, "user_id": {"U9"}, "channel_id": {"C200"}, "trigger_id": {"trig-2"}, "response_url": {"https://hooks.slack.com/commands/1"}}),
		form(url.Values{"command": {"/hr"}, "text": {"考勤"}, "user_id": {"U9"}, "channel_id": {"D9"}}),
		form(url.Values{"command": {"/hr"}, "text": {"help"}, "channel_id": {"C200"}}),
		form(url.Values{"command": {"/hr"}, "text": {"help"}, "user_id": {"U9"}}),
		form(url.Values{"payload": {string(press)}}),
		form(url.Values{"payload": {`{"type":"view_submission","user":{"id":"U1"}}`}}),
		form(url.Values{"payload": {`{"type":"block_actions","user":{"id":"U1"},"actions":[{"type":"button","block_id":"row0","action_id":"x","value":"1"}]}`}}),
		[]byte("payload=%7B"), []byte("%zz=1"), []byte("{"), []byte("null"), []byte(""), []byte("\x00\xff"),
	}
}

// FuzzIntake sends the three intake handlers any body, with any content
// type and retry header, signed with the signing secret, so the fuzzer gets
// past the signature to the parsing. The answer is 2xx or 4xx, never 5xx or
// a panic; a refused request never reaches the bot; an accepted one
// reaches it at most once, as a message from a user in a chat, with a
// delivery id, that could only come from a well-formed body.
func FuzzIntake(f *testing.F) {
	for _, body := range fuzzSeedBodies() {
		for i := range intakePaths {
			f.Add(uint8(i), body, "application/x-www-form-urlencoded", "")
		}
	}
	f.Add(uint8(0), fuzzSeedBodies()[1], "application/json", "1")
	fake := slackfake.New("xoxb-test", "")
	f.Cleanup(fake.Close)
	rec := &recordingBot{}
	kept := intaketest.New()
	a, err := New(context.Background(), Config{BotToken: "xoxb-test", SigningSecret: fuzzSecret, APIURL: fake.URL(),
		Handler: rec, Accounts: quietAccounts{}, LinkEvery: time.Hour, Intake: kept})
	if err != nil {
		f.Fatal(err)
	}
	handlers := []http.Handler{a.Events(), a.Commands(), a.Interactive()}
	// The target is worth something only if a well-formed request gets through.
	seeds := fuzzSeedBodies()
	for i, body := range map[int][]byte{0: seeds[1], 1: seeds[8], 2: seeds[12]} {
		req := httptest.NewRequest(http.MethodPost, intakePaths[i], bytes.NewReader(body))
		req.Header = slackfake.Sign(fuzzSecret, body, time.Now())
		w := httptest.NewRecorder()
		handlers[i].ServeHTTP(w, req)
		fuzzDrain(context.Background(), a, kept)
		if seen := rec.take(); w.Code != http.StatusOK || len(seen) != 1 {
			f.Fatalf("%s: a well-formed request got %d and reached the bot %d times", intakePaths[i], w.Code, len(seen))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte, contentType, retry string) {
		i := int(which) % len(intakePaths)
		req := httptest.NewRequest(http.MethodPost, intakePaths[i], bytes.NewReader(body))
		req.Header = slackfake.Sign(fuzzSecret, body, time.Now())
		req.Header.Set("Content-Type", contentType)
		if retry != "" {
			req.Header.Set("X-Slack-Retry-Num", retry)
		}
		w := httptest.NewRecorder()
		done := make(chan struct{})
		go func() {
			defer close(done)
			handlers[i].ServeHTTP(w, req)
			fuzzDrain(context.Background(), a, kept)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("no answer after 10s")
		}
		seen := rec.take()
		switch {
		case w.Code >= 500 || w.Code < 200 || w.Code >= 300 && w.Code < 400:
			t.Fatalf("%s answered %d to %q", intakePaths[i], w.Code, body)
		case w.Code != http.StatusOK && len(seen) > 0:
			t.Fatalf("%s answered %d, yet the bot got %+v", intakePaths[i], w.Code, seen)
		case len(seen) > 1:
			t.Fatalf("one request reached the bot %d times", len(seen))
		case len(seen) == 0:
			return
		}
		in := seen[0]
		if in.Platform != core.PlatformSlack || in.UserID == "" || in.ChatID == "" ||
			(in.Action == nil && strings.TrimSpace(in.Text) == "") || (in.Action != nil && in.Action.ID == "") {
			t.Fatalf("%s let through %+v", intakePaths[i], in)
		}
		prefix := map[int]string{0: "event:", 1: "command:", 2: "action:"}[i]
		if !strings.HasPrefix(in.DeliveryID, prefix) || len(in.DeliveryID) == len(prefix) {
			t.Fatalf("%s: delivery id %q", intakePaths[i], in.DeliveryID)
		}
		switch i {
		case 0:
			if !json.Valid(body) {
				t.Fatalf("an event that is not JSON reached the bot: %q", body)
			}
		case 1, 2:
			form, err := url.ParseQuery(string(body))
			if err != nil {
				t.Fatalf("a form that does not parse reached the bot: %q", body)
			}
			if i == 2 && !json.Valid([]byte(form.Get("payload"))) {
				t.Fatalf("a press without a JSON payload reached the bot: %q", body)
			}
		}
	})
}
