package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

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

// take returns what reached the bot since the last call.
func (f *fakeBot) take() []bot.Incoming {
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := f.seen
	f.seen = nil
	return seen
}

func (f *fakeBot) incoming() []bot.Incoming {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bot.Incoming(nil), f.seen...)
}

type fakeAccounts struct {
	mu      sync.Mutex
	blocked map[string]bool
}

func (a *fakeAccounts) SetBlocked(_ context.Context, _ core.Platform, id string, blocked bool, _ time.Time) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.blocked[id] = blocked
	return nil
}

var (
	_ telegram.Handler  = (*fakeBot)(nil)
	_ telegram.Accounts = (*fakeAccounts)(nil)
)

func newAdapter(t testing.TB, mode string, h *fakeBot, fake *telegramtest.Server, limits telegram.Limits) (*telegram.Adapter, *fakeAccounts) {
	t.Helper()
	acc := &fakeAccounts{blocked: map[string]bool{}}
	a, err := telegram.New(context.Background(), telegram.Config{Token: "123:ABC", APIURL: fake.URL, Mode: mode,
		WebhookSecret: "s3cret", Handler: h, Accounts: acc, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	if a.Username() != "hrbot_test_bot" {
		t.Errorf("username %q", a.Username())
	}
	return a, acc
}

func privateMsg(id int64, from int64, text string) models.Update {
	return models.Update{ID: id, Message: &models.Message{ID: int(id), Text: text,
		From: &models.User{ID: from, FirstName: "P"}, Chat: models.Chat{ID: from, Type: models.ChatTypePrivate}}}
}

func TestPollingProcessesEachUpdateOnceInOrder(t *testing.T) {
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	h := &fakeBot{}
	a, _ := newAdapter(t, "polling", h, fake, telegram.Limits{})
	for i := int64(1); i <= 5; i++ {
		fake.Push(privateMsg(i, 42, fmt.Sprint("/m", i)))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	// Wait until all five are answered and the next poll confirms them.
	confirmed := func() bool {
		polls := fake.Calls("getUpdates")
		return len(polls) > 0 && polls[len(polls)-1].Params["offset"] == "6"
	}
	deadline := time.Now().Add(10 * time.Second)
	for (len(fake.Calls("sendMessage")) < 5 || !confirmed()) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	in := h.incoming()
	if len(in) != 5 {
		t.Fatalf("processed %d updates, want 5", len(in))
	}
	for i, m := range in {
		if m.DeliveryID != fmt.Sprint(i+1) || m.Text != fmt.Sprint("/m", i+1) || !m.Private {
			t.Errorf("update %d: %+v", i, m)
		}
	}
	// Every update was confirmed by a later offset only after it was processed.
	polls := fake.Calls("getUpdates")
	if last := polls[len(polls)-1]; last.Params["offset"] != "6" {
		t.Errorf("last poll %v", last.Params)
	}
}

func TestGroupsAndPrivateAnswers(t *testing.T) {
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	h := &fakeBot{replies: func(in bot.Incoming) []bot.Reply {
		return []bot.Reply{{Text: "your balance: 5 days", Ephemeral: true}}
	}}
	a, _ := newAdapter(t, "polling", h, fake, telegram.Limits{})
	group := models.Chat{ID: -1001, Type: models.ChatTypeSupergroup}
	fake.Push(models.Update{ID: 1, Message: &models.Message{ID: 1, Text: "nice weather today", From: &models.User{ID: 42}, Chat: group}})
	fake.Push(models.Update{ID: 2, Message: &models.Message{ID: 2, Text: "/balance@hrbot_test_bot", From: &models.User{ID: 42}, Chat: group}})
	fake.Push(models.Update{ID: 3, Message: &models.Message{ID: 3, Text: "/balance", From: &models.User{ID: 7, IsBot: true}, Chat: group}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for len(fake.Calls("sendMessage")) < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	in := h.incoming()
	if len(in) != 1 || in[0].Private || in[0].ChatID != "-1001" || in[0].UserID != "42" {
		t.Fatalf("the bot saw %+v; want only the command, from the group", in)
	}
	sends := fake.Calls("sendMessage")
	if len(sends) != 2 || sends[0].Params["chat_id"] != "42" || sends[0].Params["text"] != "your balance: 5 days" ||
		sends[1].Params["chat_id"] != "-1001" || !strings.Contains(sends[1].Params["text"], "Sent to you privately") {
		t.Errorf("sends: %+v", sends)
	}
}

func TestBlockedChatIsRecordedNotRetried(t *testing.T) {
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	fake.Block(42)
	a, acc := newAdapter(t, "webhook", &fakeBot{}, fake, telegram.Limits{})
	_, err := a.Send(context.Background(), 42, bot.Reply{Text: "hello"})
	if !errors.Is(err, telegram.ErrBlocked) {
		t.Fatalf("got %v", err)
	}
	if !acc.blocked["42"] {
		t.Error("the blocked chat was not recorded")
	}
	if n := len(fake.Calls("sendMessage")); n != 0 {
		t.Errorf("%d messages recorded as sent", n)
	}
}

// BenchmarkBroadcast sends one message to each of 5,000 chats through a
// fake Bot API that enforces the rate limits (answering 429 like Telegram)
// and reports the delivered rate against the allowed one. The limits are
// scaled up from Telegram's 30/s so the run takes seconds, not minutes;
// what is measured is how close the sender stays to the allowed rate
// without tripping it.
//
//	go test -run XXX -bench Broadcast ./adapters/telegram/
func BenchmarkBroadcast(b *testing.B) {
	const chats = 5000
	const allowed = 1000 // messages per second
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	fake.SetLimits(&telegramtest.Limits{PerSecond: allowed, PerChatPeriod: time.Second, RetryAfter: 1})
	a, _ := newAdapter(b, "webhook", &fakeBot{}, fake, telegram.Limits{PerSecond: allowed * 0.98})
	var rate float64
	for n := range b.N {
		start := time.Now()
		var wg sync.WaitGroup
		next := make(chan int64)
		errs := make(chan error, chats)
		for range 64 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for chat := range next {
					if _, err := a.Send(context.Background(), chat, bot.Reply{Text: fmt.Sprint("broadcast ", n)}); err != nil {
						errs <- err
					}
				}
			}()
		}
		for c := int64(1); c <= chats; c++ {
			next <- c + int64(n)*chats
		}
		close(next)
		wg.Wait()
		rate += chats / time.Since(start).Seconds()
		close(errs)
		for err := range errs {
			b.Fatalf("send: %v", err)
		}
	}
	perChat := map[string]int{}
	for _, c := range fake.Calls("sendMessage") {
		perChat[c.Params["chat_id"]]++
	}
	for chat, n := range perChat {
		if n != 1 {
			b.Fatalf("chat %s got %d messages", chat, n)
		}
	}
	if len(perChat) != b.N*chats {
		b.Fatalf("%d chats reached, want %d", len(perChat), b.N*chats)
	}
	b.ReportMetric(rate/float64(b.N), "msgs/s")
	b.ReportMetric(rate/float64(b.N)/allowed, "of-allowed")
	b.ReportMetric(0, "ns/op")
}

func TestRegisterWebhook(t *testing.T) {
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	acc := &fakeAccounts{blocked: map[string]bool{}}
	a, err := telegram.New(context.Background(), telegram.Config{Token: "123:ABC", APIURL: fake.URL, Mode: "webhook",
		WebhookSecret: "s3cret", PublicURL: "https://hr.example.com/", Handler: &fakeBot{}, Accounts: acc})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.RegisterWebhook(context.Background()); err != nil {
		t.Fatal(err)
	}
	w := fake.Webhook()
	if w["url"] != "https://hr.example.com/telegram/webhook" || w["secret_token"] != "s3cret" {
		t.Errorf("setWebhook got %v", w)
	}
}

func TestPushedMessagesCanBeEdited(t *testing.T) {
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	a, _ := newAdapter(t, "webhook", &fakeBot{}, fake, telegram.Limits{})
	offer := bot.Reply{Text: "cover tomorrow?", Buttons: [][]bot.Button{{{Label: "Accept", ActionID: "cover.accept", Value: "1"}}}}
	ref, err := a.Push(context.Background(), "42", "", []bot.Reply{offer})
	if err != nil {
		t.Fatal(err)
	}
	sent := fake.Calls("sendMessage")
	if len(sent) != 1 || sent[0].Params["message_id"] != ref {
		t.Fatalf("ref %q for %+v", ref, sent)
	}
	if err := a.EditPushed(context.Background(), "42", ref, bot.Reply{Text: "taken by Li, thanks"}); err != nil {
		t.Fatal(err)
	}
	edits := fake.Calls("editMessageText")
	if len(edits) != 1 || edits[0].Params["message_id"] != ref || edits[0].Params["chat_id"] != "42" || !strings.Contains(edits[0].Params["text"], "taken by Li") {
		t.Errorf("edit %+v", edits)
	}
}
