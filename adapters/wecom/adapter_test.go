package wecom_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/internal/intake/intaketest"
	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// fakeBot records what reaches it and answers with reply.
type fakeBot struct {
	mu    sync.Mutex
	in    []bot.Incoming
	reply func(bot.Incoming) []bot.Reply
}

func (b *fakeBot) Handle(_ context.Context, in bot.Incoming) ([]bot.Reply, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.in = append(b.in, in)
	if b.reply == nil {
		return []bot.Reply{{Text: "echo: " + in.Text}}, nil
	}
	return b.reply(in), nil
}

func (b *fakeBot) got() []bot.Incoming {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]bot.Incoming(nil), b.in...)
}

type fakeAccounts struct {
	mu       sync.Mutex
	blocked  map[string]bool
	contacts []core.EmailContact // employees with an address and no account
	linked   map[int64]string    // employee → userid linked by e-mail
}

func (f *fakeAccounts) UnlinkedEmails(context.Context, core.Platform, int) ([]core.EmailContact, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []core.EmailContact
	for _, c := range f.contacts {
		if _, ok := f.linked[c.EmployeeID]; !ok {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeAccounts) LinkByEmail(_ context.Context, c core.EmailContact, _ core.Platform, id string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.linked == nil {
		f.linked = map[int64]string{}
	}
	f.linked[c.EmployeeID] = id
	return true, nil
}

func (f *fakeAccounts) SetBlocked(_ context.Context, p core.Platform, id string, blocked bool, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if p == core.PlatformWeCom {
		f.blocked[id] = blocked
	}
	return nil
}

func (f *fakeAccounts) isBlocked(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.blocked[id]
}

type harness struct {
	t    *testing.T
	fake *wecomfake.Server
	bot  *fakeBot
	acc  *fakeAccounts
	kept *intaketest.Store
	url  string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	app := wecomfake.TestApp()
	h := &harness{t: t, fake: wecomfake.New(t, app), bot: &fakeBot{}, acc: &fakeAccounts{blocked: map[string]bool{}}, kept: intaketest.New()}
	a, err := wecom.New(context.Background(), wecom.Config{CorpID: app.CorpID, AgentID: app.AgentID, Secret: app.Secret,
		Token: app.Token, AESKey: app.AESKey, APIURL: h.fake.URL, Handler: h.bot, Accounts: h.acc, Intake: h.kept})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/wecom/callback", a.Callback())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	h.url = srv.URL + "/wecom/callback"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = a.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return h
}

func (h *harness) deliver(xml string) {
	h.t.Helper()
	if status, body := h.fake.Deliver(h.url, xml); status != http.StatusOK || body != "" {
		h.t.Fatalf("callback answered %d %q", status, body)
	}
}

// waitMessage waits for a message to user containing want.
func (h *harness) waitMessage(user, want string) wecomfake.Call {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, c := range h.fake.Messages(user) {
			if strings.Contains(c.Content(), want) {
				return c
			}
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, c := range h.fake.Calls("") {
				seen = append(seen, c.Path+" "+c.ToUser()+": "+c.Content())
			}
			h.t.Fatalf("no message to %s containing %q; calls:\n%s", user, want, strings.Join(seen, "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestHandshake(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	status, body, echo := h.fake.Handshake(h.url)
	if status != http.StatusOK || body != echo {
		t.Fatalf("handshake: %d %q, want 200 %q", status, body, echo)
	}
	resp, err := http.Get(h.url + "?msg_signature=0000&timestamp=1&nonce=2&echostr=abc")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged handshake: %d", resp.StatusCode)
	}
}

// TestForgedCallbacks: a wrong signature, a tampered ciphertext, another
// app's token and another key are refused and reach nothing.
func TestForgedCallbacks(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	msg := h.fake.Text("li", "/whoami", 1)
	q, body := h.fake.Sealed(msg)
	q.Set("msg_signature", strings.Repeat("0", 40))
	if status, _ := h.fake.DeliverRaw(h.url, q, body); status != http.StatusUnauthorized {
		t.Errorf("wrong signature: %d", status)
	}
	q, body = h.fake.Sealed(msg)
	tampered := strings.Replace(body, "<Encrypt><![CDATA[", "<Encrypt><![CDATA[A", 1)
	if status, _ := h.fake.DeliverRaw(h.url, q, tampered); status != http.StatusUnauthorized {
		t.Errorf("tampered ciphertext: %d", status)
	}
	other := wecomfake.TestApp()
	other.Token = "SomeoneElse"
	if status, _ := wecomfake.New(t, other).Deliver(h.url, msg); status != http.StatusUnauthorized {
		t.Errorf("another token: %d", status)
	}
	other = wecomfake.TestApp()
	other.AESKey = strings.Repeat("B", 43)
	if status, _ := wecomfake.New(t, other).Deliver(h.url, msg); status != http.StatusBadRequest {
		t.Errorf("another key: %d", status)
	}
	other = wecomfake.TestApp()
	other.CorpID = "wwothercorp"
	if status, _ := wecomfake.New(t, other).Deliver(h.url, msg); status != http.StatusBadRequest {
		t.Errorf("another company: %d", status)
	}
	q, body = h.fake.SealedAt(msg, time.Now().Add(-2*time.Hour))
	if status, _ := h.fake.DeliverRaw(h.url, q, body); status != http.StatusUnauthorized {
		t.Errorf("replayed two hours later: %d", status)
	}
	if status, _ := h.fake.DeliverRaw(h.url, q, "not xml"); status != http.StatusBadRequest {
		t.Errorf("not xml: %d", status)
	}
	time.Sleep(200 * time.Millisecond) // what was kept would be handled by now
	if got := h.bot.got(); len(got) != 0 || len(h.kept.Items()) != 0 {
		t.Errorf("forged callbacks reached the bot %v or the intake %d", got, len(h.kept.Items()))
	}
}

// TestTextOnce: a text is answered; WeCom's retry of it (same MsgId) is
// handled once.
func TestTextOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	msg := h.fake.Text("li", "/whoami", 7001)
	h.deliver(msg)
	h.deliver(msg)
	h.waitMessage("li", "echo: /whoami")
	time.Sleep(200 * time.Millisecond)
	got := h.bot.got()
	if len(got) != 1 {
		t.Fatalf("bot got %d messages, want 1", len(got))
	}
	in := got[0]
	if in.Platform != core.PlatformWeCom || in.UserID != "li" || in.ChatID != "li" || !in.Private || in.SentAt.IsZero() {
		t.Errorf("incoming %+v", in)
	}
	if n := len(h.fake.Messages("li")); n != 1 {
		t.Errorf("li got %d messages", n)
	}
}

// TestLocationAndEvents: a location checks in; opening the app starts; a
// menu click runs its key; a picture comes as a file to fetch.
func TestLocationAndEvents(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.deliver(h.fake.Location("li", 31.2304, 121.4737, "上海", 9001))
	h.waitMessage("li", "echo: /checkin")
	h.deliver(h.fake.EnterAgent("li", time.Now()))
	h.waitMessage("li", "echo: /start")
	h.deliver(h.fake.MenuClick("li", "/balance", time.Now()))
	h.waitMessage("li", "echo: /balance")
	h.deliver(h.fake.Image("li", "media-x", 9002))
	for deadline := time.Now().Add(10 * time.Second); len(h.bot.got()) < 4 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	got := h.bot.got()
	if len(got) != 4 {
		t.Fatalf("bot got %d, want 4: %+v", len(got), got)
	}
	if f := got[3].Files; len(f) != 1 || f[0].Ref != "media-x" || f[0].Fetch == nil || got[3].Text != "" {
		t.Errorf("picture %+v", got[3])
	}
	if l := got[0].Location; l == nil || l.Latitude != 31.2304 || l.Longitude != 121.4737 {
		t.Errorf("location %+v", l)
	}
}

// TestCardPress: a reply with buttons is a card; a press reaches the bot
// as its action, and a reply replacing the card updates it with the
// press's response code.
func TestCardPress(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.bot.reply = func(in bot.Incoming) []bot.Reply {
		if in.Action != nil {
			return []bot.Reply{{Text: "Submitted\nleave #12", ReplaceMessage: true}}
		}
		return []bot.Reply{{Text: "Annual leave 3 days\n12-24 to 12-26", Buttons: [][]bot.Button{{
			{Label: "Submit", ActionID: "leave.submit", Value: "42"}, {Label: "Cancel", ActionID: "dialog.cancel", Value: ""}}}}}
	}
	h.deliver(h.fake.Text("li", "annual leave 24-26 Dec", 8001))
	c := h.waitMessage("li", "Annual leave 3 days")
	if c.MsgType() != "template_card" || len(c.Buttons()) != 2 || c.Buttons()[0] != [2]string{"Submit", "leave.submit|42"} {
		t.Fatalf("card %v %v", c.MsgType(), c.Buttons())
	}
	if _, _, err := h.fake.Press(h.url, "li", c.TaskID(), "Submit"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(h.fake.Updates(c.TaskID())) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("card not updated; calls %+v", h.fake.Calls(""))
		}
		time.Sleep(10 * time.Millisecond)
	}
	got := h.bot.got()
	if a := got[len(got)-1].Action; a == nil || a.ID != "leave.submit" || a.Value != "42" || got[len(got)-1].MessageRef != c.TaskID() {
		t.Errorf("press reached the bot as %+v", got[len(got)-1])
	}
}

// TestUnreachable: a member who left is recorded, and a rate limit is
// waited out.
func TestUnreachable(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fake.Gone("gone", wecomfake.ErrAllInvalid)
	h.deliver(h.fake.Text("gone", "hi", 1))
	deadline := time.Now().Add(10 * time.Second)
	for !h.acc.isBlocked("gone") {
		if time.Now().After(deadline) {
			t.Fatal("member who left not recorded")
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.fake.Fail("/cgi-bin/message/send", wecomfake.ErrFreqLimit)
	h.deliver(h.fake.Text("li", "hi", 2))
	h.waitMessage("li", "echo: hi")
}
