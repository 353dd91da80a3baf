// Package wecomfake is a fake WeCom (企业微信) server on loopback for tests.
// It answers the API a self-built app uses to send (gettoken, message/send,
// message/update_template_card, media/upload) and to read the directory and
// check-ins (directory.go) in WeCom's wire format,
// records what was sent, injects WeCom's error codes on demand, and posts
// callbacks to hrbot encrypted and signed exactly as WeCom does (see
// callback.go). Its crypto is its own few lines, written from WeCom's
// documentation, so that it checks hrbot's rather than repeating it.
package wecomfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// App is the self-built app the fake serves, as its admin page shows it.
type App struct {
	CorpID  string
	AgentID int64
	Secret  string
	Token   string // the callback Token
	AESKey  string // the callback EncodingAESKey, 43 characters
}

// TestApp is an app with valid made-up settings.
func TestApp() App {
	return App{CorpID: "wwfakecorp0001", AgentID: 1000002, Secret: "fake-secret",
		Token: "FakeToken42", AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}
}

// Error codes WeCom answers with, for Fail.
const (
	ErrTokenInvalid  = 40014 // invalid access_token
	ErrTokenExpired  = 42001 // access_token expired
	ErrFreqLimit     = 45009 // api freq out of limit
	ErrUserNotFound  = 60111 // userid not found
	ErrAllInvalid    = 81013 // user & party & tag all invalid (left, or outside the app's range)
	ErrBadCredential = 40001 // invalid credential (wrong secret)
)

// TokenTTL is how long the fake's access tokens live, as WeCom's (7200 s).
const TokenTTL = 7200

// Call is one API call made to the fake.
type Call struct {
	Path  string         // e.g. "/cgi-bin/message/send"
	Body  map[string]any // the JSON body; for uploads {"type", "filename", "size"}
	At    time.Time
	MsgID string // for message/send answered with a message
	// ResponseCode is the code a template card was sent with.
	ResponseCode string
	// Duplicate is set for a message WeCom's duplicate check swallowed: it
	// was answered but nobody received it a second time.
	Duplicate bool
	ErrCode   int // what the call was answered with
}

// MsgType is a message/send call's msgtype.
func (c Call) MsgType() string { s, _ := c.Body["msgtype"].(string); return s }

// ToUser is a message/send call's touser.
func (c Call) ToUser() string { s, _ := c.Body["touser"].(string); return s }

// Content is the words a message carries: a text's or markdown's content,
// a template card's title and description.
func (c Call) Content() string {
	t := c.MsgType()
	if _, ok := c.Body["template_card"]; ok && t == "" {
		t = "template_card" // an update_template_card call
	}
	switch t {
	case "text", "markdown":
		m, _ := c.Body[t].(map[string]any)
		s, _ := m["content"].(string)
		return s
	case "template_card":
		m, _ := c.Body["template_card"].(map[string]any)
		main, _ := m["main_title"].(map[string]any)
		title, _ := main["title"].(string)
		desc, _ := main["desc"].(string)
		sub, _ := m["sub_title_text"].(string)
		return strings.TrimSpace(title + "\n" + desc + "\n" + sub)
	}
	return ""
}

// Buttons are a template card's buttons as (text, key) pairs.
func (c Call) Buttons() [][2]string {
	m, _ := c.Body["template_card"].(map[string]any)
	list, _ := m["button_list"].([]any)
	var out [][2]string
	for _, b := range list {
		bm, _ := b.(map[string]any)
		text, _ := bm["text"].(string)
		key, _ := bm["key"].(string)
		out = append(out, [2]string{text, key})
	}
	return out
}

// TaskID is a template card's task_id.
func (c Call) TaskID() string {
	m, _ := c.Body["template_card"].(map[string]any)
	s, _ := m["task_id"].(string)
	return s
}

// Media is an uploaded file.
type Media struct {
	ID, Type, Name string
	Data           []byte
}

// Server is the fake WeCom.
type Server struct {
	URL  string
	App  App
	srv  *httptest.Server
	mux  *http.ServeMux
	http *http.Client

	mu        sync.Mutex
	calls     []Call
	seq       int
	tokens    map[string]bool // issued and still valid
	tokenGets int
	fails     map[string][]int // path → error codes to answer next, in order
	gone      map[string]int   // userid → error code for messages to them
	media     map[string]Media
	codes     map[string]string // response code → task id it may update
	cards     map[string]Call   // task id → the card sent
	recent    map[string]time.Time
	emails    map[string]string // emailKey → userid
	oauth     oauthState
	dir       directory                // SetDirectory, SetPunches
	latency   map[string]time.Duration // path → time to answer (SetLatency)
}

// New starts a fake for app, closed when the test ends.
func New(t testing.TB, app App) *Server {
	s := &Server{App: app, tokens: map[string]bool{}, fails: map[string][]int{}, gone: map[string]int{},
		media: map[string]Media{}, codes: map[string]string{}, cards: map[string]Call{}, recent: map[string]time.Time{},
		emails: map[string]string{}, latency: map[string]time.Duration{}}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /cgi-bin/gettoken", s.getToken)
	s.Route("POST /cgi-bin/message/send", s.send)
	s.Route("POST /cgi-bin/message/update_template_card", s.updateCard)
	s.Route("POST /cgi-bin/media/upload", s.upload)
	s.Route("POST /cgi-bin/user/get_userid_by_email", s.userIDByEmail)
	s.routeOAuth()
	s.mux.HandleFunc("GET /cgi-bin/media/get", s.mediaGet)
	s.routeDirectory()
	s.srv = httptest.NewServer(s.mux)
	s.URL = s.srv.URL
	s.http = s.srv.Client()
	t.Cleanup(s.srv.Close)
	return s
}

// Handler answers an API call made with a valid token: the fields of the
// answer besides errcode and errmsg, and an error code (0 for success).
// c.Body holds the JSON body of a POST; GET parameters are in r.URL.
type Handler func(r *http.Request, c *Call) (map[string]any, int)

// Route serves pattern (e.g. "GET /cgi-bin/user/list") with h behind the
// access-token check, the failures Fail injects and the call record —
// for the directory and check-in parts of the fake.
func (s *Server) Route(pattern string, h Handler) { s.mux.HandleFunc(pattern, s.api(h)) }

// SetLatency makes calls to path take d: half before the call is carried
// out, half after, before the answer goes back — so a client that dies
// while waiting may or may not have had its call carried out, as with WeCom.
func (s *Server) SetLatency(path string, d time.Duration) {
	s.mu.Lock()
	s.latency[path] = d
	s.mu.Unlock()
}

// Fail makes the next calls to path answer the error codes given, one a call.
func (s *Server) Fail(path string, codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails[path] = append(s.fails[path], codes...)
}

// Gone makes messages to userid fail with code (ErrAllInvalid for a member
// who left or is outside the app's visible range, ErrUserNotFound).
func (s *Server) Gone(userid string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone[userid] = code
}

// ExpireTokens ends every access token issued, as WeCom does when the
// secret is reset or a token's time is up.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

// TokenRequests is how many times gettoken was asked.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenGets
}

// Calls returns the calls made to path ("" for all).
func (s *Server) Calls(path string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if path == "" || c.Path == path {
			out = append(out, c)
		}
	}
	return out
}

// Messages returns the messages people received (message/send answered
// with success, duplicates left out), to userid or to anyone ("").
func (s *Server) Messages(userid string) []Call {
	var out []Call
	for _, c := range s.Calls("/cgi-bin/message/send") {
		if c.ErrCode == 0 && !c.Duplicate && (userid == "" || c.ToUser() == userid) {
			out = append(out, c)
		}
	}
	return out
}

// Media returns an uploaded file by its media id.
func (s *Server) Media(id string) (Media, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.media[id]
	return m, ok
}

func (s *Server) next(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s-%d", prefix, s.seq)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_ = json.NewEncoder(w).Encode(v)
}

func errBody(code int) map[string]any {
	msg := map[int]string{ErrTokenInvalid: "invalid access_token", ErrTokenExpired: "access_token expired",
		ErrFreqLimit: "api freq out of limit", ErrUserNotFound: "userid not found", ErrAllInvalid: "user & party & tag all invalid",
		ErrBadCredential: "invalid credential"}[code]
	if msg == "" {
		msg = "error"
	}
	return map[string]any{"errcode": code, "errmsg": msg}
}

func (s *Server) getToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenGets++
	if q.Get("corpid") != s.App.CorpID || q.Get("corpsecret") != s.App.Secret {
		writeJSON(w, errBody(ErrBadCredential))
		return
	}
	tok := s.next("token")
	s.tokens[tok] = true
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "access_token": tok, "expires_in": TokenTTL})
}

// api checks the access token and injected failures, records the call and
// answers it.
func (s *Server) api(h Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := Call{Path: r.URL.Path, At: time.Now()}
		if r.Method == http.MethodPost && !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			body, _ := io.ReadAll(r.Body)
			if err := json.Unmarshal(body, &c.Body); err != nil {
				writeJSON(w, map[string]any{"errcode": 47001, "errmsg": "data format error"})
				return
			}
		}
		s.mu.Lock()
		wait := s.latency[c.Path] / 2
		s.mu.Unlock()
		time.Sleep(wait)
		s.mu.Lock()
		tok := r.URL.Query().Get("access_token")
		code := 0
		switch {
		case tok == "":
			code = 41001
		case !s.tokens[tok] && strings.HasPrefix(tok, "token-"):
			code = ErrTokenExpired
		case !s.tokens[tok]:
			code = ErrTokenInvalid
		case len(s.fails[c.Path]) > 0:
			code, s.fails[c.Path] = s.fails[c.Path][0], s.fails[c.Path][1:]
		}
		s.mu.Unlock()
		out := map[string]any{}
		if code == 0 {
			out, code = h(r, &c)
		}
		s.mu.Lock()
		c.ErrCode = code
		s.calls = append(s.calls, c)
		s.mu.Unlock()
		time.Sleep(wait)
		if code != 0 {
			writeJSON(w, errBody(code))
			return
		}
		out["errcode"], out["errmsg"] = 0, "ok"
		writeJSON(w, out)
	}
}
