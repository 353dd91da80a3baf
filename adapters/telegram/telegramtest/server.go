// Package telegramtest is a fake Telegram Bot API server on loopback for
// tests: it speaks the real wire format (multipart requests, {"ok":...}
// answers, 429 with retry_after), records what the bot sent, queues
// updates for getUpdates, and can enforce Telegram's rate limits.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// Call is one API call the bot made.
type Call struct {
	Method string
	Params map[string]string
	At     time.Time
}

// Limits makes the server answer 429 like Telegram when exceeded.
type Limits struct {
	PerSecond     int           // whole bot, per second
	PerChatPeriod time.Duration // at least this between messages to one chat
	RetryAfter    int           // seconds, in 429 answers
}

// Server is the fake Bot API.
type Server struct {
	*httptest.Server
	Token string

	mu        sync.Mutex
	calls     []Call
	updates   []models.Update
	nextMsgID int
	limits    *Limits
	window    []time.Time
	lastChat  map[string]time.Time
	blocked   map[string]bool
	fail429   int // answer the next n sends with 429
	webhook   map[string]string
}

// New starts a fake server for token.
func New(token string) *Server {
	s := &Server{Token: token, lastChat: map[string]time.Time{}, blocked: map[string]bool{}, nextMsgID: 100}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// SetLimits turns rate limiting on (nil turns it off).
func (s *Server) SetLimits(l *Limits) { s.mu.Lock(); s.limits = l; s.mu.Unlock() }

// Fail429 makes the next n send calls answer 429 with retry_after seconds.
func (s *Server) Fail429(n int) { s.mu.Lock(); s.fail429 = n; s.mu.Unlock() }

// Block makes messages to chat fail as "bot was blocked by the user".
func (s *Server) Block(chat int64) {
	s.mu.Lock()
	s.blocked[strconv.FormatInt(chat, 10)] = true
	s.mu.Unlock()
}

// Push queues an update for getUpdates.
func (s *Server) Push(u models.Update) { s.mu.Lock(); s.updates = append(s.updates, u); s.mu.Unlock() }

// Calls returns the calls of a method ("" for all).
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Webhook returns the last setWebhook parameters.
func (s *Server) Webhook() map[string]string { s.mu.Lock(); defer s.mu.Unlock(); return s.webhook }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	prefix := "/bot" + s.Token + "/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		reply(w, http.StatusUnauthorized, nil, "Unauthorized", 0)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, prefix)
	params := map[string]string{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		for k, v := range body {
			if s, ok := v.(string); ok {
				params[k] = s
			} else {
				b, _ := json.Marshal(v)
				params[k] = string(b)
			}
		}
	} else if err := r.ParseMultipartForm(1 << 20); err == nil {
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
	} else if err := r.ParseForm(); err == nil {
		for k, v := range r.Form {
			params[k] = v[0]
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	switch method {
	case "getMe":
		reply(w, 200, models.User{ID: 999, IsBot: true, FirstName: "hrbot", Username: "hrbot_test_bot"}, "", 0)
		return
	case "getUpdates":
		offset, _ := strconv.ParseInt(params["offset"], 10, 64)
		var out []models.Update
		var keep []models.Update
		for _, u := range s.updates {
			if u.ID >= offset {
				keep = append(keep, u)
				out = append(out, u)
			}
		}
		s.updates = keep // confirmed ones (below offset) are gone
		s.calls = append(s.calls, Call{Method: method, Params: params, At: now})
		if out == nil {
			out = []models.Update{}
			// A short stand-in for long polling, so idle pollers do not spin.
			s.mu.Unlock()
			time.Sleep(20 * time.Millisecond)
			s.mu.Lock()
		}
		reply(w, 200, out, "", 0)
		return
	case "setWebhook":
		s.webhook = params
		s.calls = append(s.calls, Call{Method: method, Params: params, At: now})
		reply(w, 200, true, "", 0)
		return
	}
	chat := params["chat_id"]
	if s.fail429 > 0 && method == "sendMessage" {
		s.fail429--
		reply(w, 429, nil, "Too Many Requests: retry after 1", 1)
		return
	}
	if l := s.limits; l != nil && method == "sendMessage" {
		cut := now.Add(-time.Second)
		for len(s.window) > 0 && s.window[0].Before(cut) {
			s.window = s.window[1:]
		}
		if len(s.window) >= l.PerSecond || now.Sub(s.lastChat[chat]) < l.PerChatPeriod {
			reply(w, 429, nil, "Too Many Requests: retry after "+strconv.Itoa(l.RetryAfter), l.RetryAfter)
			return
		}
		s.window = append(s.window, now)
		s.lastChat[chat] = now
	}
	if s.blocked[chat] {
		reply(w, 403, nil, "Forbidden: bot was blocked by the user", 0)
		return
	}
	s.calls = append(s.calls, Call{Method: method, Params: params, At: now})
	switch method {
	case "sendMessage", "editMessageText", "editMessageReplyMarkup":
		s.nextMsgID++
		id, _ := strconv.ParseInt(chat, 10, 64)
		msgID := s.nextMsgID
		if m, err := strconv.Atoi(params["message_id"]); err == nil {
			msgID = m
		} else {
			params["message_id"] = strconv.Itoa(msgID) // recorded, so tests can press its buttons
		}
		reply(w, 200, models.Message{ID: msgID, Chat: models.Chat{ID: id}, Text: params["text"], Date: int(now.Unix())}, "", 0)
	case "answerCallbackQuery":
		reply(w, 200, true, "", 0)
	default:
		reply(w, 404, nil, "Not Found: method "+method, 0)
	}
}

func reply(w http.ResponseWriter, status int, result any, description string, retryAfter int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body := map[string]any{"ok": status == 200}
	if status == 200 {
		body["result"] = result
	} else {
		body["error_code"] = status
		body["description"] = description
		if retryAfter > 0 {
			body["parameters"] = map[string]int{"retry_after": retryAfter}
		}
	}
	_ = json.NewEncoder(w).Encode(body)
}

// Keyboard decodes the inline keyboard of a call: rows of "label=data".
func Keyboard(c Call) [][]string {
	var markup models.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(c.Params["reply_markup"]), &markup); err != nil {
		return nil
	}
	var rows [][]string
	for _, row := range markup.InlineKeyboard {
		var r []string
		for _, b := range row {
			r = append(r, fmt.Sprintf("%s=%s", b.Text, b.CallbackData))
		}
		rows = append(rows, r)
	}
	return rows
}
