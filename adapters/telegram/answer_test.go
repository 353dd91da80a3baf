package telegram_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/bot"
)

// queuingBot answers like fakeBot but, as bot.Bot does, hands the replies
// its adapter cannot answer with at once to a queue (here: a slice the
// test sends from with Adapter.Reply, as the delivery queue would).
type queuingBot struct {
	fakeBot
	mu     sync.Mutex
	queued []queued
}

type queued struct {
	to      string
	replies []bot.Reply
}

func (q *queuingBot) HandleQueued(ctx context.Context, in bot.Incoming, a bot.Answer) (bot.Answered, error) {
	replies, err := q.Handle(ctx, in)
	if err != nil {
		return bot.Answered{}, err
	}
	now, later := []bot.Reply(nil), replies
	if a.Split != nil {
		now, later = a.Split(replies)
	}
	if len(later) > 0 {
		q.mu.Lock()
		q.queued = append(q.queued, queued{a.To, later})
		q.mu.Unlock()
	}
	return bot.Answered{Now: now}, nil
}

func (q *queuingBot) drain(t *testing.T, a *telegram.Adapter) int {
	t.Helper()
	q.mu.Lock()
	todo := q.queued
	q.queued = nil
	q.mu.Unlock()
	for _, item := range todo {
		if err := a.Reply(context.Background(), item.to, item.replies); err != nil {
			t.Fatal(err)
		}
	}
	return len(todo)
}

// A burst of messages from one person is answered at once, each update
// acknowledged as soon as the bot is done: the answers the send limits
// allow ride on the webhook's answer, the others wait in the queue, and
// each person gets every answer once.
func TestWebhookAnswersWithoutWaiting(t *testing.T) {
	t.Parallel()
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	qb := &queuingBot{}
	a, _ := newAdapter(t, "webhook", &qb.fakeBot, fake, telegram.Limits{})
	a.SetHandler(qb)
	srv := webhookServer(t, a)
	const burst = 10
	inline := 0
	for i := range burst {
		status, method, err := fake.Deliver(srv+"/telegram/webhook", "s3cret", privateMsg(int64(i+1), 42, fmt.Sprint("/m", i)))
		if err != nil || status != 200 {
			t.Fatalf("update %d: %d %v", i, status, err)
		}
		if method == "sendMessage" {
			inline++
		}
	}
	if inline == 0 || inline == burst {
		t.Errorf("%d of %d answers went on the webhook's answer; want some (the limits allowed them) but not all (one a second per chat)", inline, burst)
	}
	if n := qb.drain(t, a); n != burst-inline {
		t.Errorf("%d answers queued, want %d", n, burst-inline)
	}
	got := map[string]int{}
	for _, c := range fake.Calls("sendMessage") {
		got[c.Params["text"]]++
	}
	for i := range burst {
		if n := got[fmt.Sprint("echo /m", i)]; n != 1 {
			t.Errorf("answer %d sent %d times, want once", i, n)
		}
	}
}

// A press is answered on the webhook's answer, a refusal as its notice;
// the message it replaces is edited through the queue.
func TestPressAnsweredOnTheWebhook(t *testing.T) {
	t.Parallel()
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	qb := &queuingBot{fakeBot: fakeBot{replies: func(in bot.Incoming) []bot.Reply {
		if in.Action.Value == "late" {
			return []bot.Reply{{Text: "Already approved by Li", Error: true}}
		}
		return []bot.Reply{{Text: "Approved", ReplaceMessage: true}}
	}}}
	a, _ := newAdapter(t, "webhook", &qb.fakeBot, fake, telegram.Limits{})
	a.SetHandler(qb)
	srv := webhookServer(t, a)
	msgID, err := a.Send(context.Background(), 42, bot.Reply{Text: "Approve?", Buttons: [][]bot.Button{{{Label: "OK", ActionID: "leave.approve", Value: "r1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	press := func(id int64, value string) models.Update {
		return models.Update{ID: id, CallbackQuery: &models.CallbackQuery{ID: fmt.Sprint("cb", id), From: models.User{ID: 42}, Data: "leave.approve|" + value,
			Message: models.MaybeInaccessibleMessage{Message: &models.Message{ID: msgID, Chat: models.Chat{ID: 42, Type: models.ChatTypePrivate}, Text: "Approve?"}}}}
	}
	if _, method, err := fake.Deliver(srv+"/telegram/webhook", "s3cret", press(1, "r1")); err != nil || method != "answerCallbackQuery" {
		t.Fatalf("press: %q %v; want the press answered on the webhook", method, err)
	}
	if n := qb.drain(t, a); n != 1 {
		t.Fatalf("%d queued, want the edit", n)
	}
	if edits := fake.Calls("editMessageText"); len(edits) != 1 || edits[0].Params["text"] != "Approved" {
		t.Errorf("edits %+v", edits)
	}
	if _, method, err := fake.Deliver(srv+"/telegram/webhook", "s3cret", press(2, "late")); err != nil || method != "answerCallbackQuery" {
		t.Fatalf("late press: %q %v", method, err)
	}
	answers := fake.Calls("answerCallbackQuery")
	if len(answers) != 2 || !strings.Contains(answers[1].Params["text"], "Already approved") || !answers[1].Inline {
		t.Errorf("answers %+v; want the refusal as the second press's notice", answers)
	}
	if n := qb.drain(t, a); n != 0 {
		t.Errorf("a refusal queued %d messages", n)
	}
}

// webhookServer serves the adapter's webhook on loopback, as `hrbot serve`
// does, and returns its URL.
func webhookServer(t *testing.T, a *telegram.Adapter) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/telegram/webhook", a.Webhook())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}
