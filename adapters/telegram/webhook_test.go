package telegram_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/hrbot/hrbot/adapters/telegram"
)

// TestWebhookRefusesBadRequests checks the webhook's answers to requests
// that are not updates for us: the wrong method, a wrong or missing secret,
// a body over the limit (declared or streamed), a body that is not an
// update, and updates that are well-formed but have no user or chat to
// answer. None of them reaches the bot.
func TestWebhookRefusesBadRequests(t *testing.T) {
	t.Parallel()
	h, rec := newWebhook(t)
	good := updateJSON(models.Update{ID: 1, Message: &models.Message{ID: 1, Text: "/balance", Date: 1764000000,
		From: &models.User{ID: 42}, Chat: models.Chat{ID: 42, Type: models.ChatTypePrivate}}})
	// Valid JSON all the way to the limit and one byte past it.
	oversized := append(append([]byte(nil), good...), bytes.Repeat([]byte(" "), telegram.MaxUpdateBytes+1-len(good))...)
	cases := []struct {
		name     string
		method   string
		secret   string
		body     []byte
		streamed bool // no Content-Length: the limit is found while reading
		want     int
	}{
		{"WrongMethodGET", http.MethodGet, webhookSecret, nil, false, http.StatusMethodNotAllowed},
		{"WrongMethodPUT", http.MethodPut, webhookSecret, good, false, http.StatusMethodNotAllowed},
		{"NoSecret", http.MethodPost, "", good, false, http.StatusUnauthorized},
		{"WrongSecret", http.MethodPost, "s3cret2", good, false, http.StatusUnauthorized},
		{"WrongSecretTooLarge", http.MethodPost, "nope", oversized, false, http.StatusUnauthorized},
		{"TooLarge", http.MethodPost, webhookSecret, oversized, false, http.StatusRequestEntityTooLarge},
		{"TooLargeStreamed", http.MethodPost, webhookSecret, oversized, true, http.StatusRequestEntityTooLarge},
		{"MalformedJSON", http.MethodPost, webhookSecret, []byte(`{"update_id":1,"message":`), false, http.StatusBadRequest},
		{"NotAnObject", http.MethodPost, webhookSecret, []byte(`[{"update_id":1}]`), false, http.StatusBadRequest},
		{"Empty", http.MethodPost, webhookSecret, nil, false, http.StatusBadRequest},
		{"NoUpdateID", http.MethodPost, webhookSecret, []byte(`{"message":{"text":"hi"}}`), false, http.StatusBadRequest},
		{"NegativeUpdateID", http.MethodPost, webhookSecret, []byte(`{"update_id":-5}`), false, http.StatusBadRequest},
		{"NoSender", http.MethodPost, webhookSecret,
			[]byte(`{"update_id":2,"message":{"message_id":1,"chat":{"id":42,"type":"private"},"text":"hi"}}`), false, http.StatusOK},
		{"ZeroChat", http.MethodPost, webhookSecret,
			[]byte(`{"update_id":3,"message":{"message_id":1,"from":{"id":42},"chat":{"id":0},"text":"hi"}}`), false, http.StatusOK},
		{"PressOnInlineMessage", http.MethodPost, webhookSecret,
			[]byte(`{"update_id":4,"callback_query":{"id":"cb","from":{"id":42},"inline_message_id":"AAA","data":"leave.approve|r1"}}`), false, http.StatusOK},
		{"PressWithoutData", http.MethodPost, webhookSecret,
			[]byte(`{"update_id":5,"callback_query":{"id":"cb","from":{"id":42},"message":{"message_id":9,"date":0,"chat":{"id":42,"type":"private"}}}}`), false, http.StatusOK},
	}
	for _, c := range cases {
		var body io.Reader = bytes.NewReader(c.body)
		if c.streamed {
			body = io.MultiReader(body) // hides the length
		}
		req := httptest.NewRequest(c.method, "/telegram/webhook", body)
		if c.secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", c.secret)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != c.want {
			t.Errorf("%s: %d %q, want %d", c.name, w.Code, w.Body.String(), c.want)
		}
		if c.want == http.StatusMethodNotAllowed && w.Header().Get("Allow") != http.MethodPost {
			t.Errorf("%s: Allow %q", c.name, w.Header().Get("Allow"))
		}
		if seen := rec.take(); len(seen) != 0 {
			t.Errorf("%s reached the bot: %+v", c.name, seen)
		}
	}

	req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", bytes.NewReader(good))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", webhookSecret)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if seen := rec.take(); w.Code != http.StatusOK || len(seen) != 1 || seen[0].Text != "/balance" || seen[0].DeliveryID != "1" ||
		!seen[0].SentAt.Equal(time.Unix(1764000000, 0)) {
		t.Errorf("good update: %d, bot saw %+v", w.Code, seen)
	}
}
