// Package slackfake is a fake Slack for tests, on loopback. It is
// slack-go's own slacktest server with the parts hrbot uses added or
// replaced: it records chat.postMessage, chat.update and
// chat.postEphemeral with their blocks and message metadata, takes file
// uploads the current way (files.getUploadURLExternal, a POST to the
// upload URL it gave, files.completeUploadExternal) and records the files,
// opens DMs (conversations.open), gives back what was posted to a channel
// (conversations.history), takes Home tab views (views.publish), keeps
// users for users.lookupByEmail, answers 429 with Retry-After on demand,
// receives response_url answers, and runs a Socket Mode endpoint. It also
// signs requests the way Slack does, for tests of the HTTP intake.
package slackfake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
)

// Bot identity the fake answers auth.test with.
const (
	BotUserID = "UHRBOT0001"
	BotID     = "BHRBOT0001"
	TeamID    = "T0HRBOT01"
)

// Call is one request the bot made.
type Call struct {
	// Method is the Web API method ("chat.postMessage", ...,
	// "files.getUploadURLExternal", "files.completeUploadExternal"),
	// "response_url", or "upload_url" for bytes posted to an upload URL.
	Method string
	// Channel is where the message went; a post to a user id lands in the
	// DM channel "D" + the id without its "U".
	Channel string
	User    string // chat.postEphemeral
	TS      string // the message posted or updated
	Text    string
	Blocks  []Block
	// Metadata is the message metadata of a chat.postMessage; zero when
	// it had none.
	Metadata slackapi.SlackMetadata
	// For response_url answers.
	URL             string
	ResponseType    string
	ReplaceOriginal bool
	ThreadTS        string
	// Files are the files of an upload: the one announced
	// (files.getUploadURLExternal: ID, Name, Size, AltText), the one
	// whose bytes came (upload_url: ID, Name, Size, Data), or those shared
	// (files.completeUploadExternal: everything). Channel, Text (the
	// initial_comment), ThreadTS and TS are those of the message the
	// share became; Channel is "" for files completed without one.
	Files []File
	At    time.Time
}

// File is a file uploaded to the fake.
type File struct {
	ID      string
	Name    string // the filename given to files.getUploadURLExternal
	Title   string // the title given to files.completeUploadExternal
	AltText string
	// Size is the length announced to files.getUploadURLExternal; Data
	// are the bytes posted to the upload URL (len(Data) == Size once
	// complete).
	Size int
	Data []byte
}

// Server is the fake Slack.
type Server struct {
	*slacktest.Server
	BotToken string
	AppToken string

	mu       sync.Mutex
	calls    []Call
	users    map[string]string // e-mail → user id
	nextTS   int64
	fail429  map[string]int
	retry    int // Retry-After seconds
	nextResp int
	latency  map[string]time.Duration
	holds    map[string]chan struct{} // closed on release
	held     map[string]int
	uploads  map[string]*File // by file id, from getUploadURLExternal on
	nextFile int

	socketMu sync.Mutex
	sockets  []*websocket.Conn
	envelope int
	acks     map[string]bool
	shared   sharedFiles // files members shared, served at url_private (files_in.go)
}

// New starts a fake Slack that accepts botToken (and appToken for Socket
// Mode).
func New(botToken, appToken string) *Server {
	s := &Server{BotToken: botToken, AppToken: appToken, users: map[string]string{}, nextTS: 1_700_000_000_000_100,
		fail429: map[string]int{}, retry: 1, acks: map[string]bool{}, latency: map[string]time.Duration{},
		holds: map[string]chan struct{}{}, held: map[string]int{},
		uploads: map[string]*File{}}
	bind := func(c slacktest.Customize) {
		c.Handle("/auth.test", s.web(s.authTest))
		c.Handle("/chat.postMessage", s.web(s.chat("chat.postMessage")))
		c.Handle("/chat.update", s.web(s.chat("chat.update")))
		c.Handle("/chat.postEphemeral", s.web(s.chat("chat.postEphemeral")))
		c.Handle("/users.lookupByEmail", s.web(s.lookupByEmail))
		c.Handle("/conversations.open", s.web(s.conversationsOpen))
		c.Handle("/conversations.history", s.web(s.conversationsHistory))
		c.Handle("/views.publish", s.web(s.viewsPublish))
		c.Handle("/files.getUploadURLExternal", s.web(s.getUploadURL))
		c.Handle("/files.completeUploadExternal", s.web(s.completeUpload))
		c.Handle("/upload/", s.upload)
		c.Handle("/apps.connections.open", s.connectionsOpen)
		c.Handle("/socket", s.socket)
		c.Handle("/response/", s.responseURL)
		c.Handle("/files-pri/", s.filePrivate)
	}
	s.Server = slacktest.NewTestServer(bind)
	s.Start()
	return s
}

// URL is the Web API base URL (ends in "/").
func (s *Server) URL() string { return s.GetAPIURL() }

// Close stops the server and its Socket Mode connections.
func (s *Server) Close() {
	s.socketMu.Lock()
	for _, c := range s.sockets {
		c.Close()
	}
	s.socketMu.Unlock()
	s.Stop()
}

// AddUser makes a workspace member findable by e-mail.
func (s *Server) AddUser(id, email string) {
	s.mu.Lock()
	s.users[strings.ToLower(email)] = id
	s.mu.Unlock()
}

// Fail429 makes the next n calls of method answer 429 with Retry-After;
// method "upload_url" is a POST to an upload URL.
func (s *Server) Fail429(method string, n, retryAfterSeconds int) {
	s.mu.Lock()
	s.fail429[method] = n
	s.retry = retryAfterSeconds
	s.mu.Unlock()
}

// SetLatency makes method take d: half before the call is carried out,
// half after, before the answer goes back — so a client that dies while
// waiting may or may not have had its call carried out, as with Slack.
func (s *Server) SetLatency(method string, d time.Duration) {
	s.mu.Lock()
	s.latency[method] = d
	s.mu.Unlock()
}

// Calls returns the calls of a method ("" for all), oldest first.
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

// ResponseURL returns a new response_url, as Slack puts in commands and
// interactions.
func (s *Server) ResponseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextResp++
	return fmt.Sprintf("%sresponse/%d", s.URL(), s.nextResp)
}

// DMChannel is the channel of the bot's DM with a user.
func DMChannel(user string) string {
	return "D" + strings.TrimPrefix(strings.TrimPrefix(user, "U"), "W")
}

func (s *Server) record(c Call) {
	c.At = time.Now()
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.mu.Unlock()
}

// web wraps a Web API method: it answers 429 when told to and checks the
// bot token.
func (s *Server) web(h func(w http.ResponseWriter, form url.Values)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		method := strings.TrimPrefix(r.URL.Path, "/")
		if s.limited(w, method) {
			return
		}
		s.mu.Lock()
		latency := s.latency[method]
		s.mu.Unlock()
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			form = url.Values{}
			var m map[string]any
			_ = json.Unmarshal(body, &m)
			for k, v := range m {
				if str, ok := v.(string); ok {
					form.Set(k, str)
				} else {
					raw, _ := json.Marshal(v)
					form.Set(k, string(raw))
				}
			}
		}
		for k, v := range r.URL.Query() {
			form[k] = v
		}
		// slack-go sends the token as a form field on POSTs and as a
		// bearer header on GETs, as Slack accepts both.
		if r.Header.Get("Authorization") != "Bearer "+s.BotToken && form.Get("token") != s.BotToken {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
			return
		}
		if !s.hold(r, method) {
			return
		}
		if latency == 0 {
			h(w, form)
			return
		}
		time.Sleep(latency / 2)
		rec := httptest.NewRecorder()
		h(rec, form)
		time.Sleep(latency / 2)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}
}

// limited answers 429 when method was told to fail, and says so.
func (s *Server) limited(w http.ResponseWriter, method string) bool {
	s.mu.Lock()
	limited := s.fail429[method] > 0
	if limited {
		s.fail429[method]--
	}
	retry := s.retry
	s.mu.Unlock()
	if !limited {
		return false
	}
	w.Header().Set("Retry-After", strconv.Itoa(retry))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
	return true
}

func (s *Server) authTest(w http.ResponseWriter, _ url.Values) {
	writeJSON(w, map[string]any{"ok": true, "url": "https://hrbot-test.example/", "team": "Test", "user": "hrbot",
		"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID})
}

func (s *Server) chat(method string) func(w http.ResponseWriter, form url.Values) {
	return func(w http.ResponseWriter, form url.Values) {
		channel := form.Get("channel")
		if channel == "" {
			writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
			return
		}
		if strings.HasPrefix(channel, "U") || strings.HasPrefix(channel, "W") {
			channel = DMChannel(channel)
		}
		var blocks []Block
		if raw := form.Get("blocks"); raw != "" {
			if err := json.Unmarshal([]byte(raw), &blocks); err != nil {
				writeJSON(w, map[string]any{"ok": false, "error": "invalid_blocks"})
				return
			}
		}
		var metadata slackapi.SlackMetadata
		if raw := form.Get("metadata"); raw != "" && method == "chat.postMessage" {
			if err := json.Unmarshal([]byte(raw), &metadata); err != nil || metadata.EventType == "" {
				writeJSON(w, map[string]any{"ok": false, "error": "invalid_metadata_format"})
				return
			}
		}
		ts := form.Get("ts")
		if method != "chat.update" {
			s.mu.Lock()
			s.nextTS++
			ts = fmt.Sprintf("%d.%06d", s.nextTS/1_000_000, s.nextTS%1_000_000)
			s.mu.Unlock()
		} else if ts == "" {
			writeJSON(w, map[string]any{"ok": false, "error": "message_not_found"})
			return
		}
		s.record(Call{Method: method, Channel: channel, User: form.Get("user"), TS: ts, Text: form.Get("text"),
			Blocks: blocks, Metadata: metadata, ThreadTS: form.Get("thread_ts")})
		switch method {
		case "chat.postEphemeral":
			writeJSON(w, map[string]any{"ok": true, "message_ts": ts})
		default:
			writeJSON(w, map[string]any{"ok": true, "channel": channel, "ts": ts, "text": form.Get("text")})
		}
	}
}

func (s *Server) lookupByEmail(w http.ResponseWriter, form url.Values) {
	s.mu.Lock()
	id, ok := s.users[strings.ToLower(form.Get("email"))]
	s.mu.Unlock()
	if !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "users_not_found"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": id, "team_id": TeamID, "name": id,
		"profile": map[string]any{"email": form.Get("email")}}})
}

// conversationsOpen opens the bot's DM with one user: its channel is
// DMChannel(user).
func (s *Server) conversationsOpen(w http.ResponseWriter, form url.Values) {
	users := form.Get("users")
	switch {
	case users == "":
		writeJSON(w, map[string]any{"ok": false, "error": "users_list_not_supplied"})
	case strings.Contains(users, ","):
		writeJSON(w, map[string]any{"ok": false, "error": "not_supported"}) // group DMs
	case !strings.HasPrefix(users, "U") && !strings.HasPrefix(users, "W"):
		writeJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
	default:
		writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": DMChannel(users), "is_im": true}})
	}
}

// historyMessage is a message as conversations.history gives it.
type historyMessage struct {
	Type     string                  `json:"type"`
	User     string                  `json:"user"`
	BotID    string                  `json:"bot_id"`
	TS       string                  `json:"ts"`
	Text     string                  `json:"text"`
	Metadata *slackapi.SlackMetadata `json:"metadata,omitempty"`
	Files    []historyFile           `json:"files,omitempty"`
}

type historyFile struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Title string `json:"title"`
	Size  int    `json:"size"`
}

// conversationsHistory gives back the messages the bot posted to a
// channel, newest first, as chat.update left them, and the messages its
// shared files became (with their files and no metadata, as file shares
// cannot carry any); replies in threads are not in a channel's history. Metadata is included when
// include_all_metadata is set; limit is honoured (default 100), cursors
// are not.
func (s *Server) conversationsHistory(w http.ResponseWriter, form url.Values) {
	channel := form.Get("channel")
	if channel == "" {
		writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	}
	limit := 100
	if n, err := strconv.Atoi(form.Get("limit")); err == nil && n > 0 {
		limit = min(n, 999)
	}
	withMetadata, _ := strconv.ParseBool(form.Get("include_all_metadata"))
	var msgs []historyMessage // oldest first
	at := map[string]int{}    // ts → index in msgs
	s.mu.Lock()
	for _, c := range s.calls {
		if c.Channel != channel || c.ThreadTS != "" {
			continue
		}
		switch c.Method {
		case "chat.postMessage":
			m := historyMessage{Type: "message", User: BotUserID, BotID: BotID, TS: c.TS, Text: c.Text}
			if withMetadata && c.Metadata.EventType != "" {
				m.Metadata = &c.Metadata
			}
			at[c.TS] = len(msgs)
			msgs = append(msgs, m)
		case "chat.update":
			if i, ok := at[c.TS]; ok {
				msgs[i].Text = c.Text
			}
		case "files.completeUploadExternal":
			m := historyMessage{Type: "message", User: BotUserID, BotID: BotID, TS: c.TS, Text: c.Text}
			for _, f := range c.Files {
				m.Files = append(m.Files, historyFile{ID: f.ID, Name: f.Name, Title: f.Title, Size: f.Size})
			}
			msgs = append(msgs, m)
		}
	}
	s.mu.Unlock()
	slices.Reverse(msgs)
	more := len(msgs) > limit
	if more {
		msgs = msgs[:limit]
	}
	writeJSON(w, map[string]any{"ok": true, "messages": msgs, "has_more": more})
}

func (s *Server) responseURL(w http.ResponseWriter, r *http.Request) {
	var m struct {
		Text            string  `json:"text"`
		Blocks          []Block `json:"blocks"`
		ResponseType    string  `json:"response_type"`
		ReplaceOriginal bool    `json:"replace_original"`
	}
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	s.record(Call{Method: "response_url", URL: s.URL() + strings.TrimPrefix(r.URL.Path, "/"), Text: m.Text, Blocks: m.Blocks,
		ResponseType: m.ResponseType, ReplaceOriginal: m.ReplaceOriginal})
	_, _ = io.WriteString(w, "ok")
}

// Sign returns the headers Slack puts on a request with body, signed with
// secret at time at.
func Sign(secret string, body []byte, at time.Time) http.Header {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", ts)
	mac.Write(body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return h
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
