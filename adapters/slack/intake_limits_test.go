package slack_test

import (
	"bytes"
	"context"
	"encoding/json"
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
	"github.com/hrbot/hrbot/bot"
)

// TestIntakeRefusesOversizedAndMalformedRequests sends each intake handler
// requests of the wrong method, too large (declared, streamed, unsigned),
// unsigned and malformed, and checks each gets its 4xx and that none of
// them reaches the bot nor is kept: afterwards a good message, behind
// anything they might have kept (the same person's), is the only one the
// bot sees.
func TestIntakeRefusesOversizedAndMalformedRequests(t *testing.T) {
	fake := slackfake.New("xoxb-test", "")
	t.Cleanup(fake.Close)
	rec := &fakeBot{replies: func(bot.Incoming) []bot.Reply { return nil }}
	a, err := slack.New(context.Background(), slack.Config{BotToken: "xoxb-test", SigningSecret: secret, APIURL: fake.URL(),
		Handler: rec, Accounts: &fakeAccounts{blocked: map[string]bool{}, linked: map[int64]string{}}, LinkEvery: time.Hour, Workers: 1,
		Intake: intaketest.New()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { a.Run(ctx); close(stopped) }()
	t.Cleanup(func() { cancel(); <-stopped })
	handlers := map[string]http.Handler{"/slack/events": a.Events(), "/slack/commands": a.Commands(), "/slack/interactive": a.Interactive()}

	// A well-formed body for each handler, and one over the limit whose
	// start is well-formed too.
	good := map[string][]byte{
		"/slack/events": mustJSON(t, map[string]any{"type": "event_callback", "event_id": "EvRefused", "event": dm("U1", "whoami")}),
		"/slack/commands": []byte(url.Values{"command": {"/hr"}, "text": {"whoami"}, "user_id": {"U1"}, "channel_id": {"D1"},
			"trigger_id": {"trig-refused"}}.Encode()),
		"/slack/interactive": []byte(url.Values{"payload": {string(mustJSON(t, map[string]any{
			"type": "block_actions", "user": map[string]any{"id": "U1"}, "trigger_id": "trig-press",
			"container": map[string]any{"channel_id": "D1", "message_ts": "1.1"},
			"actions":   []map[string]any{{"type": "button", "block_id": "row0", "action_id": "leave.approve#0", "value": "r1"}}}))}}.Encode()),
	}
	oversized := func(path string) []byte {
		return append(append([]byte(nil), good[path]...), bytes.Repeat([]byte(" "), slack.MaxRequestBytes+1-len(good[path]))...)
	}
	type request struct {
		name     string
		method   string
		body     []byte
		signed   bool
		streamed bool // no Content-Length: the limit is found while reading
		want     int
	}
	cases := map[string][]request{}
	for path := range handlers {
		cases[path] = []request{
			{"WrongMethodGET", http.MethodGet, nil, true, false, http.StatusMethodNotAllowed},
			{"WrongMethodPUT", http.MethodPut, good[path], true, false, http.StatusMethodNotAllowed},
			{"TooLarge", http.MethodPost, oversized(path), true, false, http.StatusRequestEntityTooLarge},
			{"TooLargeStreamed", http.MethodPost, oversized(path), true, true, http.StatusRequestEntityTooLarge},
			{"TooLargeUnsigned", http.MethodPost, oversized(path), false, false, http.StatusRequestEntityTooLarge},
			{"Unsigned", http.MethodPost, good[path], false, false, http.StatusUnauthorized},
			{"AtLimitButGarbage", http.MethodPost, bytes.Repeat([]byte("{"), slack.MaxRequestBytes), true, false, http.StatusBadRequest},
		}
	}
	cases["/slack/events"] = append(cases["/slack/events"],
		request{"MalformedJSON", http.MethodPost, []byte(`{"type":"event_callback","event":`), true, false, http.StatusBadRequest},
		request{"NotAnObject", http.MethodPost, []byte(`[1,2,3]`), true, false, http.StatusBadRequest},
		request{"Empty", http.MethodPost, nil, true, false, http.StatusBadRequest})
	cases["/slack/commands"] = append(cases["/slack/commands"],
		request{"MalformedForm", http.MethodPost, []byte("text=%zz&user_id=U1"), true, false, http.StatusBadRequest},
		request{"NoUser", http.MethodPost, []byte("command=%2Fhr&text=whoami&channel_id=D1"), true, false, http.StatusBadRequest},
		request{"NoChannel", http.MethodPost, []byte("command=%2Fhr&text=whoami&user_id=U1"), true, false, http.StatusBadRequest})
	cases["/slack/interactive"] = append(cases["/slack/interactive"],
		request{"MalformedForm", http.MethodPost, []byte("payload=%zz"), true, false, http.StatusBadRequest},
		request{"NoPayload", http.MethodPost, []byte("user=U1"), true, false, http.StatusBadRequest},
		request{"PayloadNotJSON", http.MethodPost, []byte("payload=%7B%22type%22"), true, false, http.StatusBadRequest})

	for path, reqs := range cases {
		for _, c := range reqs {
			t.Run(strings.TrimPrefix(path, "/slack/")+"/"+c.name, func(t *testing.T) {
				var body io.Reader = bytes.NewReader(c.body)
				if c.streamed {
					body = io.MultiReader(body) // hides the length
				}
				req := httptest.NewRequest(c.method, path, body)
				if c.signed {
					req.Header = slackfake.Sign(secret, c.body, time.Now())
				}
				if c.streamed && req.ContentLength != -1 {
					t.Fatalf("content length %d declared", req.ContentLength)
				}
				w := httptest.NewRecorder()
				handlers[path].ServeHTTP(w, req)
				if w.Code != c.want {
					t.Errorf("%s %s: %d %q, want %d", c.method, path, w.Code, w.Body.String(), c.want)
				}
				if c.want == http.StatusMethodNotAllowed && w.Header().Get("Allow") != http.MethodPost {
					t.Errorf("Allow: %q", w.Header().Get("Allow"))
				}
			})
		}
	}

	// The barrier: a good message behind whatever the refused ones kept.
	body := mustJSON(t, map[string]any{"type": "event_callback", "event_id": "EvBarrier", "event": dm("U1", "barrier")})
	req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(body))
	req.Header = slackfake.Sign(secret, body, time.Now())
	w := httptest.NewRecorder()
	handlers["/slack/events"].ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Fatalf("good event: %d", w.Code)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(rec.incoming()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if in := rec.incoming(); len(in) != 1 || in[0].Text != "barrier" {
		t.Fatalf("the bot saw %+v; want only the good message", in)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
