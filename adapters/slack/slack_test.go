package slack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/hrbot/hrbot/adapters/slack"
	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

const secret = "8f742231b10e8888abcd99yyyzzz85a5"

// fakeBot answers every message with its text and records what came in.
type fakeBot struct {
	mu      sync.Mutex
	seen    []bot.Incoming
	replies func(in bot.Incoming) []bot.Reply
}

func (f *fakeBot) Handle(_ context.Context, in bot.Incoming) ([]bot.Reply, error) {
	f.mu.Lock()
	f.seen = append(f.seen, in)
	f.mu.Unlock()
	if f.replies != nil {
		return f.replies(in), nil
	}
	return []bot.Reply{{Text: "echo " + in.Text}}, nil
}

func (f *fakeBot) incoming() []bot.Incoming {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bot.Incoming(nil), f.seen...)
}

type fakeAccounts struct {
	mu       sync.Mutex
	blocked  map[string]bool
	contacts []core.EmailContact
	linked   map[int64]string
}

func (a *fakeAccounts) SetBlocked(_ context.Context, _ core.Platform, id string, blocked bool, _ time.Time) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.blocked[id] = blocked
	return nil
}

func (a *fakeAccounts) UnlinkedEmails(context.Context, core.Platform, int) ([]core.EmailContact, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []core.EmailContact
	for _, c := range a.contacts {
		if _, ok := a.linked[c.EmployeeID]; !ok {
			out = append(out, c)
		}
	}
	return out, nil
}

func (a *fakeAccounts) LinkByEmail(_ context.Context, c core.EmailContact, _ core.Platform, id string) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.linked[c.EmployeeID] = id
	return true, nil
}

var (
	_ slack.Handler  = (*fakeBot)(nil)
	_ slack.Accounts = (*fakeAccounts)(nil)
)

func TestURLVerificationIsAnswered(t *testing.T) {
	h := newHarness(t, "")
	body := []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	code, got := h.post("/slack/events", "application/json", body, secret, time.Now())
	if code != http.StatusOK || got != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("got %d %q", code, got)
	}
}

func TestForgedAndReplayedRequestsAreRefused(t *testing.T) {
	h := newHarness(t, "")
	body, _ := json.Marshal(map[string]any{"type": "event_callback", "event_id": "Ev1", "event": dm("U1", "whoami")})
	cases := []struct {
		name, path, key string
		at              time.Time
	}{
		{"forged event", "/slack/events", "not-the-secret", time.Now()},
		{"replayed event", "/slack/events", secret, time.Now().Add(-6 * time.Minute)},
		{"future event", "/slack/events", secret, time.Now().Add(6 * time.Minute)},
		{"forged command", "/slack/commands", "wrong", time.Now()},
		{"forged press", "/slack/interactive", "wrong", time.Now()},
	}
	for _, c := range cases {
		if code, _ := h.post(c.path, "application/json", body, c.key, c.at); code != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", c.name, code)
		}
	}
	// No signature at all.
	resp, err := http.Post(h.srv.URL+"/slack/events", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned: %d", resp.StatusCode)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(h.bot.incoming()); n != 0 {
		t.Errorf("%d refused requests reached the bot", n)
	}
}

func TestDirectMessageIsAnsweredWithBlocks(t *testing.T) {
	h := newHarness(t, "")
	h.bot.replies = func(in bot.Incoming) []bot.Reply {
		return []bot.Reply{{Text: "Pick one <b>&", Buttons: [][]bot.Button{
			{{Label: "Approve", ActionID: "leave.approve", Value: "r17"}, {Label: "Reject", ActionID: "leave.reject", Value: "r17"}},
			{{Label: "Later", ActionID: "leave.approve", Value: "r18"}},
		}}}
	}
	if code, _ := h.event("Ev100", dm("U42", "leave &lt;annual&gt;")); code != http.StatusOK {
		t.Fatalf("event: %d", code)
	}
	c := h.waitCall("chat.postMessage", "Pick one")
	in := h.bot.incoming()[0]
	if in.Text != "leave <annual>" || !in.Private || in.UserID != "U42" || in.DeliveryID != "event:Ev100" || in.Platform != core.PlatformSlack ||
		time.Since(in.SentAt) > time.Minute { // the event's event_time
		t.Errorf("incoming %+v", in)
	}
	if c.Channel != "D42" {
		t.Errorf("posted to %s", c.Channel)
	}
	if len(c.Blocks) == 0 || c.Blocks[0].Text == nil || c.Blocks[0].Text.Text != "Pick one <b>&" || c.Blocks[0].Text.Type != "plain_text" {
		t.Errorf("section %+v", c.Blocks)
	}
	btns := c.Buttons()
	if len(btns) != 3 {
		t.Fatalf("buttons %+v", btns)
	}
	ids := map[string]bool{}
	for _, b := range btns {
		ids[b.ActionID] = true
	}
	if len(ids) != 3 || !strings.HasPrefix(btns[0].ActionID, "leave.approve#") || btns[0].Value != "r17" || btns[2].Value != "r18" {
		t.Errorf("buttons %+v: action ids must be unique and carry the bot's", btns)
	}
}

func TestOwnAndOtherBotsMessagesAreIgnored(t *testing.T) {
	h := newHarness(t, "")
	own := dm(slackfake.BotUserID, "I said this")
	other := dm("U7", "from a bot")
	other["bot_id"] = "B999"
	edited := dm("U7", "edited")
	edited["subtype"] = "message_changed"
	channel := dm("U7", "chatter in a channel")
	channel["channel_type"] = "channel"
	for i, ev := range []map[string]any{own, other, edited, channel} {
		if code, _ := h.event(fmt.Sprint("EvIgnored", i), ev); code != http.StatusOK {
			t.Errorf("event %d: %d", i, code)
		}
	}
	h.event("EvLast", dm("U7", "real"))
	h.waitCall("chat.postMessage", "echo real")
	if in := h.bot.incoming(); len(in) != 1 {
		t.Errorf("bot saw %d messages, want only the real one: %+v", len(in), in)
	}
}

func TestMentionInChannel(t *testing.T) {
	h := newHarness(t, "")
	h.bot.replies = func(in bot.Incoming) []bot.Reply {
		return []bot.Reply{{Text: "public: " + in.Text}, {Text: "only you", Ephemeral: true}}
	}
	h.event("EvM1", map[string]any{"type": "app_mention", "channel": "C100", "user": "U5",
		"text": "<@" + slackfake.BotUserID + "> whoami", "ts": "1700000000.000200"})
	pub := h.waitCall("chat.postMessage", "public: whoami")
	if pub.Channel != "C100" || pub.ThreadTS != "1700000000.000200" {
		t.Errorf("public answer %+v, want in a thread in C100", pub)
	}
	eph := h.waitCall("chat.postEphemeral", "only you")
	if eph.Channel != "C100" || eph.User != "U5" {
		t.Errorf("ephemeral %+v", eph)
	}
	if in := h.bot.incoming()[0]; in.Private {
		t.Error("a channel mention was taken as private")
	}
}

func TestSlashCommandAnswersThroughResponseURL(t *testing.T) {
	h := newHarness(t, "")
	ru := h.fake.ResponseURL()
	if code, body := h.command("U9", "C200", "leave annual dec 1-3", ru); code != http.StatusOK || body != "" {
		t.Fatalf("command: %d %q", code, body)
	}
	c := h.waitCall("response_url", "echo /leave annual dec 1-3")
	if c.URL != ru || c.ResponseType != "ephemeral" {
		t.Errorf("answer %+v", c)
	}
	h.command("U9", "D9", "", h.fake.ResponseURL())
	h.waitCall("response_url", "echo /help")
	in := h.bot.incoming()
	if !strings.HasPrefix(in[0].DeliveryID, "command:trig-") || in[0].Private || !in[1].Private {
		t.Errorf("incoming %+v", in)
	}
}

func TestPressUpdatesTheMessage(t *testing.T) {
	h := newHarness(t, "")
	h.bot.replies = func(in bot.Incoming) []bot.Reply {
		if in.Action == nil {
			return []bot.Reply{{Text: "Request", Buttons: [][]bot.Button{{{Label: "Approve", ActionID: "leave.approve", Value: "r1"}}}}}
		}
		if in.Action.Value == "gone" {
			return []bot.Reply{{Text: "Already approved by Li", Error: true}}
		}
		return []bot.Reply{{Text: "Approved by you", ReplaceMessage: true}, {Text: "next thing"}}
	}
	h.event("EvP1", dm("U3", "pending"))
	req := h.waitCall("chat.postMessage", "Request")
	btn := req.Buttons()[0]

	h.press("U3", req.Channel, req.TS, btn.ActionID, btn.Value, h.fake.ResponseURL(), false)
	up := h.waitCall("chat.update", "Approved by you")
	if up.Channel != req.Channel || up.TS != req.TS || len(up.Buttons()) != 0 {
		t.Errorf("update %+v: want the pressed message, buttons gone", up)
	}
	h.waitCall("chat.postMessage", "next thing")
	press := h.bot.incoming()[1]
	if press.Action.ID != "leave.approve" || press.Action.Value != "r1" || press.MessageRef != req.Channel+":"+req.TS ||
		!strings.HasPrefix(press.DeliveryID, "action:") {
		t.Errorf("press %+v %+v", press, press.Action)
	}

	// A refused press tells only the presser and leaves the message.
	updates := len(h.fake.Calls("chat.update"))
	h.press("U3", req.Channel, req.TS, btn.ActionID, "gone", h.fake.ResponseURL(), false)
	notice := h.waitCall("response_url", "Already approved by Li")
	if notice.ResponseType != "ephemeral" || notice.ReplaceOriginal {
		t.Errorf("notice %+v", notice)
	}
	if len(h.fake.Calls("chat.update")) != updates {
		t.Error("a refused press updated the message")
	}
}

func TestPressOnEphemeralMessageReplacesItThroughResponseURL(t *testing.T) {
	h := newHarness(t, "")
	h.bot.replies = func(in bot.Incoming) []bot.Reply { return []bot.Reply{{Text: "Submitted", ReplaceMessage: true}} }
	ru := h.fake.ResponseURL()
	h.press("U4", "C300", "1700000000.000900", "leave.submit#1", "p5", ru, true)
	c := h.waitCall("response_url", "Submitted")
	if !c.ReplaceOriginal || c.URL != ru {
		t.Errorf("answer %+v", c)
	}
	if len(h.fake.Calls("chat.update")) != 0 {
		t.Error("chat.update cannot reach an ephemeral message")
	}
}

func TestRateLimitedPostIsRetriedOnce(t *testing.T) {
	h := newHarness(t, "")
	h.fake.Fail429("chat.postMessage", 2, 1)
	start := time.Now()
	h.event("EvR1", dm("U8", "hello"))
	h.waitCall("chat.postMessage", "echo hello")
	if waited := time.Since(start); waited < 2*time.Second {
		t.Errorf("answered after %v: two 429s with Retry-After 1 must hold it back at least 2s", waited)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d messages, want exactly 1", n)
	}
}

func TestPushGoesToTheUsersDM(t *testing.T) {
	h := newHarness(t, "")
	if _, err := h.a.Push(context.Background(), "U12", "", []bot.Reply{{Text: "news for U12"}}); err != nil {
		t.Fatal(err)
	}
	c := h.waitCall("chat.postMessage", "news for U12")
	if c.Channel != "D12" {
		t.Errorf("pushed to %s", c.Channel)
	}
	if c.Metadata.EventType != "" {
		t.Errorf("a push without a key carries metadata %+v", c.Metadata)
	}
}

func TestPushedMessagesCanBeEdited(t *testing.T) {
	h := newHarness(t, "")
	offer := bot.Reply{Text: "cover tomorrow?", Buttons: [][]bot.Button{{{Label: "Accept", ActionID: "cover.accept", Value: "1"}}}}
	ref, err := h.a.Push(context.Background(), "U12", "", []bot.Reply{offer})
	if err != nil {
		t.Fatal(err)
	}
	c := h.waitCall("chat.postMessage", "cover tomorrow?")
	if ref != "D12|"+c.TS {
		t.Errorf("ref %q for %+v", ref, c)
	}
	if err := h.a.EditPushed(context.Background(), "U12", ref, bot.Reply{Text: "taken by Li, thanks"}); err != nil {
		t.Fatal(err)
	}
	if u := h.waitCall("chat.update", "taken by Li"); u.TS != c.TS || len(u.Buttons()) != 0 {
		t.Errorf("edit %+v: want the pushed message, buttons gone", u)
	}
}

func TestPushCarriesItsDeliveryKey(t *testing.T) {
	h := newHarness(t, "")
	replies := []bot.Reply{{Text: "reminder one"}, {Text: "reminder two"}}
	if _, err := h.a.Push(context.Background(), "U13", "reminder:17:42", replies); err != nil {
		t.Fatal(err)
	}
	calls := h.fake.Calls("chat.postMessage")
	if len(calls) != 2 {
		t.Fatalf("%d messages, want 2", len(calls))
	}
	for i, c := range calls {
		// JSON numbers come back as float64.
		want := slackapi.SlackMetadata{EventType: "hrbot_delivery",
			EventPayload: map[string]any{"key": "reminder:17:42", "part": float64(i), "parts": float64(2)}}
		if !reflect.DeepEqual(c.Metadata, want) {
			t.Errorf("part %d metadata %+v, want %+v", i, c.Metadata, want)
		}
	}
}

func TestDelivered(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		h := newHarness(t, "")
		mustNotBeDelivered(t, h.a, "U14", "reminder:17:42")
		if _, err := h.a.Push(ctx, "U14", "reminder:17:42", []bot.Reply{{Text: "clock in"}}); err != nil {
			t.Fatal(err)
		}
		// Later messages in the DM do not hide it.
		if _, err := h.a.Push(ctx, "U14", "", []bot.Reply{{Text: "something else"}}); err != nil {
			t.Fatal(err)
		}
		if ok, err := h.a.Delivered(ctx, "U14", "reminder:17:42"); err != nil || !ok {
			t.Errorf("Delivered = %v, %v after the push; want true", ok, err)
		}
		mustNotBeDelivered(t, h.a, "U14", "reminder:17:43")
		mustNotBeDelivered(t, h.a, "U15", "reminder:17:42") // another person's DM
	})

	t.Run("OnlyOnceTheLastPartIsPosted", func(t *testing.T) {
		h := newHarness(t, "")
		replies := []bot.Reply{{Text: "request"}, {Text: "details"}}
		// The first of two parts went out and the process died: post it
		// the way Push does, with slack-go against the fake.
		api := slackapi.New("xoxb-test", slackapi.OptionAPIURL(h.fake.URL()))
		if _, _, err := api.PostMessage("U16", slackapi.MsgOptionText("request", false), slackapi.MsgOptionMetadata(slackapi.SlackMetadata{
			EventType: "hrbot_delivery", EventPayload: map[string]any{"key": "approval:9", "part": 0, "parts": 2},
		})); err != nil {
			t.Fatal(err)
		}
		mustNotBeDelivered(t, h.a, "U16", "approval:9")
		if _, err := h.a.Push(ctx, "U16", "approval:9", replies); err != nil {
			t.Fatal(err)
		}
		if ok, err := h.a.Delivered(ctx, "U16", "approval:9"); err != nil || !ok {
			t.Errorf("Delivered = %v, %v after the whole push; want true", ok, err)
		}
	})

	t.Run("NoKey", func(t *testing.T) {
		h := newHarness(t, "")
		if _, err := h.a.Push(ctx, "U17", "", []bot.Reply{{Text: "no key"}}); err != nil {
			t.Fatal(err)
		}
		mustNotBeDelivered(t, h.a, "U17", "")
	})

	t.Run("RateLimited", func(t *testing.T) {
		// A 429 on the history is waited out like any other call's.
		h := newHarness(t, "")
		if _, err := h.a.Push(ctx, "U18", "broadcast:3:18", []bot.Reply{{Text: "party"}}); err != nil {
			t.Fatal(err)
		}
		h.fake.Fail429("conversations.history", 1, 1)
		if ok, err := h.a.Delivered(ctx, "U18", "broadcast:3:18"); err != nil || !ok {
			t.Errorf("Delivered = %v, %v; want true", ok, err)
		}
	})
}

func mustNotBeDelivered(t *testing.T, a *slack.Adapter, user, key string) {
	t.Helper()
	if ok, err := a.Delivered(context.Background(), user, key); err != nil || ok {
		t.Errorf("Delivered(%s, %q) = %v, %v; want false", user, key, ok, err)
	}
}

func TestAccountsAreLinkedByEmail(t *testing.T) {
	h := newHarness(t, "")
	h.fake.AddUser("U77", "Amy@Shop.example")
	// The adapter's own loop links by e-mail too, at any moment: the
	// fake's fields are read and written under its lock.
	h.acc.mu.Lock()
	h.acc.contacts = []core.EmailContact{{OrgID: 1, EmployeeID: 10, Email: "amy@shop.example"}, {OrgID: 1, EmployeeID: 11, Email: "nobody@shop.example"}}
	h.acc.mu.Unlock()
	n := h.a.LinkByEmail(context.Background())
	h.acc.mu.Lock()
	linked := h.acc.linked[10]
	h.acc.mu.Unlock()
	// The adapter's own pass may have linked her first: then this one finds
	// nothing left to do.
	if linked != "U77" || n > 1 {
		t.Errorf("employee 10 linked to %q (%d linked by this pass), want U77", linked, n)
	}
	// The address not in the workspace is not asked about again at once.
	h.fake.AddUser("U78", "nobody@shop.example")
	if n := h.a.LinkByEmail(context.Background()); n != 0 {
		t.Errorf("looked a missing address up again at once")
	}
}

func TestSocketMode(t *testing.T) {
	h := newHarness(t, "xapp-test")
	env, err := h.fake.SendSocket("events_api", map[string]any{"type": "event_callback", "event_id": "EvS1", "event": dm("U21", "whoami")}, 0)
	if err != nil {
		t.Fatal(err)
	}
	h.waitCall("chat.postMessage", "echo whoami")
	ru := h.fake.ResponseURL()
	if _, err := h.fake.SendSocket("slash_commands", map[string]any{"command": "/hr", "text": "balance", "user_id": "U21",
		"channel_id": "C1", "response_url": ru, "trigger_id": "t-1"}, 0); err != nil {
		t.Fatal(err)
	}
	h.waitCall("response_url", "echo /balance")
	if _, err := h.fake.SendSocket("interactive", map[string]any{"type": "block_actions", "user": map[string]any{"id": "U21"},
		"trigger_id": "t-2", "container": map[string]any{"channel_id": "D21", "message_ts": "1.2"},
		"actions": []map[string]any{{"type": "button", "block_id": "row0", "action_id": "leave.approve#1", "value": "r9"}}}, 0); err != nil {
		t.Fatal(err)
	}
	h.waitCall("chat.postMessage", "echo ")
	for deadline := time.Now().Add(5 * time.Second); !h.fake.Acked(env); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("envelope not acknowledged")
		}
	}
	for deadline := time.Now().Add(5 * time.Second); len(h.bot.incoming()) < 3; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("bot saw %+v", h.bot.incoming())
		}
	}
	if a := h.bot.incoming()[2].Action; a == nil || a.ID != "leave.approve" || a.Value != "r9" {
		t.Errorf("press over Socket Mode: %+v", a)
	}
}
