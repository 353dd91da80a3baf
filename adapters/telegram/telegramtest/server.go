// Package telegramtest is a fake Telegram Bot API server on loopback for
// tests: it speaks the real wire format (multipart requests, {"ok":...}
// answers, 429 with retry_after), records what the bot sent — files
// uploaded with sendPhoto and sendDocument included —, queues updates for
// getUpdates, and can enforce Telegram's rate limits.
package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg" // photos may be JPEG
	_ "image/png"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// Call is one API call the bot made.
type Call struct {
	Method string
	// Params are the request's fields other than files: chat_id, text,
	// caption, reply_markup, message_id (filled in for messages sent).
	Params map[string]string
	// Files are the files uploaded with the call (sendPhoto's "photo",
	// sendDocument's "document"), ordered by field name.
	Files []File
	At    time.Time
	// Inline is set for a call carried by a webhook's HTTP answer (see
	// Deliver): Telegram makes it and tells the bot nothing of how it went.
	Inline bool
}

// File is a file uploaded in a multipart request.
type File struct {
	Field       string // the form field: "photo", "document"
	Name        string // the file name the client gave
	ContentType string // the part's Content-Type
	Size        int64
	Data        []byte
}

// File returns the call's first uploaded file.
func (c Call) File() (File, bool) {
	if len(c.Files) == 0 {
		return File{}, false
	}
	return c.Files[0], true
}

// Limits on what sendPhoto and sendDocument take, as Telegram's.
const (
	MaxCaption   = 1024     // characters (UTF-16 code units)
	MaxPhotoSize = 10 << 20 // bytes
	MaxFileSize  = 50 << 20 // bytes, for bots uploading
)

// sends are the methods that post a message: the rate limits and Fail429
// apply to them alike.
var sends = map[string]bool{"sendMessage": true, "sendPhoto": true, "sendDocument": true}

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
	// outage, until it ends, answers sends with outageStatus, or (0)
	// holds them unanswered as a server that hangs; either way nothing is
	// sent.
	outageUntil  time.Time
	outageStatus int
	webhook      map[string]string
	// kinds says, for "chat:message" of the messages sent here, whether
	// it is a text ("text") or a photo or document with a caption ("media").
	kinds map[string]string
	// received are the files people sent, for getFile (files_in.go).
	received userFiles
	latency  time.Duration // of sends (SetLatency)
}

// New starts a fake server for token.
func New(token string) *Server {
	s := &Server{Token: token, lastChat: map[string]time.Time{}, blocked: map[string]bool{}, nextMsgID: 100, kinds: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// SetLimits turns rate limiting on (nil turns it off).
func (s *Server) SetLimits(l *Limits) { s.mu.Lock(); s.limits = l; s.mu.Unlock() }

// Fail429 makes the bot's next n send calls (sendMessage, sendPhoto,
// sendDocument) answer 429 with retry_after 1; calls carried by a
// webhook's answer (Deliver), whose outcome the bot never learns, are not
// among them.
func (s *Server) Fail429(n int) { s.mu.Lock(); s.fail429 = n; s.mu.Unlock() }

// Outage makes sends fail for d: with status (500, 502, 429…), or when
// status is 0 by hanging until the client gives up. Nothing is sent
// meanwhile.
func (s *Server) Outage(d time.Duration, status int) {
	s.mu.Lock()
	s.outageUntil, s.outageStatus = time.Now().Add(d), status
	s.mu.Unlock()
}

// SetLatency makes sends take d: half before the message is sent, half
// after, before the answer goes back — so a bot that dies while waiting
// may or may not have had its message sent, as with Telegram.
func (s *Server) SetLatency(d time.Duration) { s.mu.Lock(); s.latency = d; s.mu.Unlock() }

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

// MenuButton returns the menu_button JSON of the last setChatMenuButton
// call, "" when there was none.
func (s *Server) MenuButton() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.calls) - 1; i >= 0; i-- {
		if s.calls[i].Method == "setChatMenuButton" {
			return s.calls[i].Params["menu_button"]
		}
	}
	return ""
}

// Webhook returns the last setWebhook parameters.
func (s *Server) Webhook() map[string]string { s.mu.Lock(); defer s.mu.Unlock(); return s.webhook }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	wait := s.latency / 2
	s.mu.Unlock()
	if wait == 0 || !sends[path.Base(r.URL.Path)] {
		s.handle(w, r)
		return
	}
	time.Sleep(wait)
	rec := httptest.NewRecorder()
	s.handle(rec, r)
	time.Sleep(wait)
	maps.Copy(w.Header(), rec.Header())
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if s.serveFiles(w, r) {
		return
	}
	prefix := "/bot" + s.Token + "/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		reply(w, http.StatusUnauthorized, nil, "Unauthorized", 0)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, prefix)
	if sends[method] && s.down(w, r) {
		return
	}
	params, files, err := readParams(r)
	if err != nil {
		reply(w, 400, nil, "Bad Request: "+err.Error(), 0)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	switch method {
	case "getMe":
		reply(w, 200, models.User{ID: 999, IsBot: true, FirstName: "hrbot", Username: "hrbot_test_bot"}, "", 0)
		return
	case "getUpdates":
		s.calls = append(s.calls, Call{Method: method, Params: params, At: now})
		reply(w, 200, s.getUpdates(params), "", 0)
		return
	case "setWebhook":
		s.webhook = params
		s.calls = append(s.calls, Call{Method: method, Params: params, At: now})
		reply(w, 200, true, "", 0)
		return
	case "setChatMenuButton":
		// menu_button is JSON: {"type":"web_app","text":...,"web_app":{"url":...}}.
		var mb struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal([]byte(params["menu_button"]), &mb); err != nil || mb.Type == "" {
			reply(w, 400, nil, "Bad Request: can't parse menu button", 0)
			return
		}
		s.calls = append(s.calls, Call{Method: method, Params: params, At: now})
		reply(w, 200, true, "", 0)
		return
	}
	chat := params["chat_id"]
	inline := r.Header.Get(inlineHeader) != ""
	if s.fail429 > 0 && sends[method] && !inline {
		s.fail429--
		reply(w, 429, nil, "Too Many Requests: retry after 1", 1)
		return
	}
	if l := s.limits; l != nil && sends[method] && s.overLimit(chat, now) {
		reply(w, 429, nil, "Too Many Requests: retry after "+strconv.Itoa(l.RetryAfter), l.RetryAfter)
		return
	}
	if s.blocked[chat] {
		reply(w, 403, nil, "Forbidden: bot was blocked by the user", 0)
		return
	}
	if msg := refuse(method, params, files, s.kinds[chat+":"+params["message_id"]]); msg != "" {
		reply(w, 400, nil, "Bad Request: "+msg, 0)
		return
	}
	s.calls = append(s.calls, Call{Method: method, Params: params, Files: files, At: now, Inline: inline})
	switch method {
	case "sendMessage", "editMessageText", "editMessageReplyMarkup", "editMessageCaption", "sendPhoto", "sendDocument":
		reply(w, 200, s.message(method, chat, params, files, now), "", 0)
	case "answerCallbackQuery":
		reply(w, 200, true, "", 0)
	default:
		reply(w, 404, nil, "Not Found: method "+method, 0)
	}
}

// down answers a send while an outage is on: a hang (as a server that
// accepted the connection and died) or the outage's status. It reports
// whether there is an outage.
func (s *Server) down(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	until, status := s.outageUntil, s.outageStatus
	s.mu.Unlock()
	if !time.Now().Before(until) {
		return false
	}
	if status == 0 {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Until(until)):
		}
		return true
	}
	retry := 0
	if status == http.StatusTooManyRequests {
		retry = 1
	}
	reply(w, status, nil, "Internal Server Error", retry)
	return true
}

// readParams reads a call's parameters however the client sent them:
// JSON, a multipart form (with files) or a URL-encoded form.
func readParams(r *http.Request) (map[string]string, []File, error) {
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
		return params, nil, nil
	}
	if err := r.ParseMultipartForm(1 << 20); err == nil {
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
		files, err := readFiles(r)
		_ = r.MultipartForm.RemoveAll()
		return params, files, err
	}
	if err := r.ParseForm(); err == nil {
		for k, v := range r.Form {
			params[k] = v[0]
		}
	}
	return params, nil, nil
}

// getUpdates hands out the queued updates from the offset on and forgets
// the ones below it (confirmed). Called with s.mu held.
func (s *Server) getUpdates(params map[string]string) []models.Update {
	offset, _ := strconv.ParseInt(params["offset"], 10, 64)
	out := []models.Update{}
	var keep []models.Update
	for _, u := range s.updates {
		if u.ID >= offset {
			keep = append(keep, u)
			out = append(out, u)
		}
	}
	s.updates = keep
	if len(out) == 0 {
		// A short stand-in for long polling, so idle pollers do not spin.
		s.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		s.mu.Lock()
	}
	return out
}

// overLimit reports whether a send to chat now breaks the limits, and
// counts it when it does not. Called with s.mu held.
func (s *Server) overLimit(chat string, now time.Time) bool {
	l := s.limits
	cut := now.Add(-time.Second)
	for len(s.window) > 0 && s.window[0].Before(cut) {
		s.window = s.window[1:]
	}
	if len(s.window) >= l.PerSecond || now.Sub(s.lastChat[chat]) < l.PerChatPeriod {
		return true
	}
	s.window = append(s.window, now)
	s.lastChat[chat] = now
	return false
}

// message is the message a send or an edit leaves in the chat; a new one
// gets the next id, recorded in params so tests can press its buttons.
// Called with s.mu held.
func (s *Server) message(method, chat string, params map[string]string, files []File, now time.Time) models.Message {
	s.nextMsgID++
	id, _ := strconv.ParseInt(chat, 10, 64)
	msgID := s.nextMsgID
	if m, err := strconv.Atoi(params["message_id"]); err == nil {
		msgID = m
	} else {
		params["message_id"] = strconv.Itoa(msgID)
	}
	m := models.Message{ID: msgID, Chat: models.Chat{ID: id}, Date: int(now.Unix())}
	switch method {
	case "sendMessage":
		s.kinds[chat+":"+params["message_id"]] = "text"
		m.Text = params["text"]
	case "editMessageText":
		m.Text = params["text"]
	case "sendPhoto":
		s.kinds[chat+":"+params["message_id"]] = "media"
		f := files[0]
		cfg, _, _ := image.DecodeConfig(bytes.NewReader(f.Data))
		m.Caption = params["caption"]
		m.Photo = []models.PhotoSize{{FileID: "photo-" + params["message_id"], FileUniqueID: "u-photo-" + params["message_id"],
			Width: cfg.Width, Height: cfg.Height, FileSize: int(f.Size)}}
	case "sendDocument":
		s.kinds[chat+":"+params["message_id"]] = "media"
		f := files[0]
		m.Caption = params["caption"]
		m.Document = &models.Document{FileID: "doc-" + params["message_id"], FileUniqueID: "u-doc-" + params["message_id"],
			FileName: f.Name, MimeType: f.ContentType, FileSize: f.Size}
	case "editMessageCaption":
		m.Caption = params["caption"]
	}
	return m
}

// readFiles reads the files of a multipart request, ordered by field name.
func readFiles(r *http.Request) ([]File, error) {
	var out []File
	fields := slices.Sorted(maps.Keys(r.MultipartForm.File))
	for _, field := range fields {
		for _, h := range r.MultipartForm.File[field] {
			f, err := h.Open()
			if err != nil {
				return nil, err
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, err
			}
			out = append(out, File{Field: field, Name: h.Filename, ContentType: h.Header.Get("Content-Type"), Size: int64(len(data)), Data: data})
		}
	}
	return out, nil
}

// refuse says why Telegram would refuse a call ("" when it would not):
// a file missing, too big or not a picture; a caption too long; editing
// the text of a photo or the caption of a text message (kind is what the
// message to edit is, "" when it was not sent here).
func refuse(method string, params map[string]string, files []File, kind string) string {
	field := map[string]string{"sendPhoto": "photo", "sendDocument": "document"}[method]
	if field != "" {
		var f *File
		for i := range files {
			if files[i].Field == field {
				f = &files[i]
			}
		}
		switch {
		case f == nil:
			return "there is no " + field + " in the request"
		case f.Size == 0:
			return "file must be non-empty"
		case field == "photo" && f.Size > MaxPhotoSize:
			return "PHOTO_INVALID_DIMENSIONS"
		case f.Size > MaxFileSize:
			return "file is too big"
		}
		if field == "photo" {
			cfg, _, err := image.DecodeConfig(bytes.NewReader(f.Data))
			if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
				return "IMAGE_PROCESS_FAILED"
			}
			if cfg.Width+cfg.Height > 10000 || max(cfg.Width, cfg.Height) > 20*min(cfg.Width, cfg.Height) {
				return "PHOTO_INVALID_DIMENSIONS"
			}
		}
	}
	if caption, ok := params["caption"]; ok && len(utf16.Encode([]rune(caption))) > MaxCaption {
		return "message caption is too long"
	}
	switch {
	case method == "editMessageText" && kind == "media":
		return "there is no text in the message to edit"
	case method == "editMessageCaption" && kind == "text":
		return "there is no caption in the message to edit"
	}
	return ""
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
