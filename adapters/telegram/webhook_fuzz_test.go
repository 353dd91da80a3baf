package telegram_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// Run it for a while with:
//
//	go test -run XXX -fuzz FuzzWebhook -fuzztime 25s ./adapters/telegram/

const webhookSecret = "s3cret"

// newWebhook returns the webhook handler of an adapter talking to a fake
// Bot API, and what reaches its bot.
func newWebhook(t testing.TB) (http.Handler, *fakeBot) {
	t.Helper()
	fake := telegramtest.New("123:ABC")
	t.Cleanup(fake.Close)
	rec := &fakeBot{replies: func(bot.Incoming) []bot.Reply { return nil }}
	a, _ := newAdapter(t, "webhook", rec, fake, telegram.Limits{})
	return a.Webhook(), rec
}

func updateJSON(u models.Update) []byte {
	b, _ := json.Marshal(u)
	return b
}

func webhookSeeds() [][]byte {
	private := models.Chat{ID: 42, Type: models.ChatTypePrivate}
	group := models.Chat{ID: -1001, Type: models.ChatTypeSupergroup}
	from := &models.User{ID: 42, FirstName: "小王", LanguageCode: "zh-hans"}
	return [][]byte{
		updateJSON(models.Update{ID: 1, Message: &models.Message{ID: 1, Text: "请假 年假 12月1日到3日 回老家", From: from, Chat: private}}),
		updateJSON(models.Update{ID: 2, Message: &models.Message{ID: 2, Text: "/balance@hrbot_test_bot", From: from, Chat: group}}),
		updateJSON(models.Update{ID: 3, Message: &models.Message{ID: 3, From: from, Chat: private,
			Location: &models.Location{Latitude: 30.2741, Longitude: 120.1551, HorizontalAccuracy: 20}}}),
		updateJSON(models.Update{ID: 4, CallbackQuery: &models.CallbackQuery{ID: "cb1", From: *from, Data: "leave.approve|r17",
			Message: models.MaybeInaccessibleMessage{Message: &models.Message{ID: 9, Chat: private, Text: "Approve?"}}}}),
		updateJSON(models.Update{ID: 5, Message: &models.Message{ID: 5, Text: "nice weather", From: from, Chat: group}}),
		updateJSON(models.Update{ID: 6, Message: &models.Message{ID: 6, Text: "/help", From: &models.User{ID: 7, IsBot: true}, Chat: group}}),
		updateJSON(models.Update{ID: 7, EditedMessage: &models.Message{ID: 1, Text: "edited", From: from, Chat: private}}),
		[]byte(`{"update_id":8,"callback_query":{"id":"cb2","from":{"id":42},"inline_message_id":"AAA","data":"leave.approve|r1"}}`),
		[]byte(`{"update_id":9,"callback_query":{"id":"cb3","from":{"id":42},"message":{"message_id":9,"date":0,"chat":{"id":42,"type":"private"}},"data":""}}`),
		[]byte(`{"update_id":10,"message":{"message_id":1,"from":{"id":0},"chat":{"id":0,"type":"private"},"text":"hi"}}`),
		[]byte(`{"update_id":11,"message":{"message_id":1,"chat":{"id":42,"type":"private"},"text":"no sender"}}`),
		[]byte(`{"update_id":0,"message":{"text":"hi"}}`), []byte(`{"update_id":-1}`), []byte(`{}`), []byte(`[]`), []byte(`{`),
		[]byte(`null`), []byte(""), []byte("\xff"),
	}
}

// FuzzWebhook sends the webhook any body, with the right secret and any
// content type, so the fuzzer gets to the parsing. The answer is 2xx or
// 4xx, never 5xx or a panic; a refused body never reaches the bot; an
// accepted one reaches it at most once, as a message or press from a user
// in a chat, delivered under its update_id, and only when it is JSON.
func FuzzWebhook(f *testing.F) {
	for _, s := range webhookSeeds() {
		f.Add(s, "application/json")
	}
	h, rec := newWebhook(f)
	// The target is worth something only if a well-formed update gets through.
	for _, s := range webhookSeeds()[:4] {
		req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", bytes.NewReader(s))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", webhookSecret)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if seen := rec.take(); w.Code != http.StatusOK || len(seen) != 1 {
			f.Fatalf("%s: got %d and reached the bot %d times", s, w.Code, len(seen))
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", bytes.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", webhookSecret)
		req.Header.Set("Content-Type", contentType)
		w := httptest.NewRecorder()
		done := make(chan struct{})
		go func() {
			defer close(done)
			h.ServeHTTP(w, req)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("no answer after 10s")
		}
		seen := rec.take()
		switch {
		case w.Code >= 500 || w.Code < 200 || w.Code >= 300 && w.Code < 400:
			t.Fatalf("answered %d to %q", w.Code, body)
		case w.Code != http.StatusOK && len(seen) > 0:
			t.Fatalf("answered %d, yet the bot got %+v", w.Code, seen)
		case len(seen) > 1:
			t.Fatalf("one update reached the bot %d times", len(seen))
		case len(seen) == 0:
			return
		}
		in := seen[0]
		var head struct {
			UpdateID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(body, &head); err != nil || head.UpdateID <= 0 {
			t.Fatalf("%q reached the bot without being an update: %v", body, err)
		}
		if in.Platform != core.PlatformTelegram || in.UserID == "" || in.UserID == "0" || in.ChatID == "" || in.ChatID == "0" ||
			in.DeliveryID != strconv.FormatInt(head.UpdateID, 10) ||
			(in.Action == nil && strings.TrimSpace(in.Text) == "") || (in.Action != nil && in.Action.ID == "") ||
			// A press has no send time: its message's date is not the press's.
			(in.Action != nil && !in.SentAt.IsZero()) {
			t.Fatalf("let through %+v from %q", in, body)
		}
	})
}
