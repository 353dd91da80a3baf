package wecomfake

import (
	"crypto/rand"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

// OAuth for pages opened inside the WeCom client (网页授权登录). The fake
// plays both WeCom's authorize page — answered, as the WeCom client
// answers it, with the member a test says is using the client — and the
// server API that exchanges the code for the member's userid.

// CodeTTL is how long a code may wait to be exchanged, as WeCom's.
const CodeTTL = 5 * time.Minute

// OAuth error codes of auth/getuserinfo.
const (
	ErrInvalidCode    = 40029 // invalid code: never issued, used, or expired
	ErrRedirectDomain = 50001 // redirect_uri's domain is not the app's trusted domain
)

const (
	authorizePath   = "/connect/oauth2/authorize"
	getUserInfoPath = "/cgi-bin/auth/getuserinfo"
	maxState        = 128 // bytes of state WeCom takes
	// notInClient is what WeCom shows a browser that is not the WeCom client.
	notInClient = "请在企业微信客户端打开链接"
)

// AuthorizeURL is the fake's authorize page, for HRBOT_WECOM_OAUTH_URL.
func (s *Server) AuthorizeURL() string { return s.URL + authorizePath }

var stateChars = regexp.MustCompile(`^[a-zA-Z0-9]*$`)

// oauthState is who uses the WeCom client and the codes issued to them.
// Guarded by Server.mu.
type oauthState struct {
	userID  string // the member using the client
	openID  string // or someone who is not a member
	trusted string // the app's trusted domain (可信域名); "" trusts any
	codes   map[string]oauthCode
	asked   []url.Values
}

type oauthCode struct {
	userID, openID, host string
	issued               time.Time
}

func (s *Server) routeOAuth() {
	s.mux.HandleFunc("GET "+authorizePath, s.authorize)
	s.Route("GET "+getUserInfoPath, s.getUserInfo)
}

// SignInAs makes userid the member using the WeCom client: the authorize
// page sends the client back with a code for them. "" makes the page one
// opened outside the WeCom client, which WeCom answers with a notice and
// no code.
func (s *Server) SignInAs(userid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauth.userID, s.oauth.openID = userid, ""
}

// SignInAsGuest makes someone who is not a member of the company use the
// client (a WeChat user); WeCom knows them by openid only.
func (s *Server) SignInAsGuest(openid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauth.userID, s.oauth.openID = "", openid
}

// Trust sets the app's trusted domain (网页授权及JS-SDK → 可信域名), host
// with its port if any; codes for a redirect_uri elsewhere are refused
// with ErrRedirectDomain when exchanged, as WeCom refuses them.
func (s *Server) Trust(host string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauth.trusted = host
}

// ExpireCodes makes every code issued so far older than CodeTTL.
func (s *Server) ExpireCodes() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, c := range s.oauth.codes {
		c.issued = time.Time{}
		s.oauth.codes[k] = c
	}
}

// Authorizations are the queries the authorize page was opened with.
func (s *Server) Authorizations() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.oauth.asked...)
}

// authorize is WeCom's authorize page in the WeCom client: it checks the
// parameters as WeCom documents them and sends the client to redirect_uri
// with a code for whoever uses it and the state unchanged.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	s.oauth.asked = append(s.oauth.asked, q)
	userID, openID := s.oauth.userID, s.oauth.openID
	s.mu.Unlock()
	back, problem := s.checkAuthorize(q)
	if problem != "" {
		page(w, http.StatusBadRequest, problem)
		return
	}
	if userID == "" && openID == "" {
		page(w, http.StatusOK, notInClient)
		return
	}
	code := rand.Text()
	s.mu.Lock()
	if s.oauth.codes == nil {
		s.oauth.codes = map[string]oauthCode{}
	}
	s.oauth.codes[code] = oauthCode{userID: userID, openID: openID, host: back.Host, issued: time.Now()}
	s.mu.Unlock()
	bq := back.Query()
	bq.Set("code", code)
	bq.Set("state", q.Get("state"))
	back.RawQuery = bq.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// checkAuthorize reads the authorize page's parameters and says what
// WeCom would refuse in them.
func (s *Server) checkAuthorize(q url.Values) (*url.URL, string) {
	back, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("appid") != s.App.CorpID:
		return nil, "appid is not the company's CorpID"
	case err != nil || (back.Scheme != "http" && back.Scheme != "https") || back.Host == "":
		return nil, "redirect_uri is not an absolute URL"
	case q.Get("response_type") != "code":
		return nil, "response_type must be code"
	case q.Get("scope") != "snsapi_base" && q.Get("scope") != "snsapi_privateinfo":
		return nil, "scope must be snsapi_base or snsapi_privateinfo"
	case q.Get("scope") == "snsapi_privateinfo" && q.Get("agentid") == "":
		return nil, "snsapi_privateinfo needs agentid"
	case q.Has("agentid") && num(q.Get("agentid")) != s.App.AgentID:
		return nil, "agentid is not the app's"
	case len(q.Get("state")) > maxState || !stateChars.MatchString(q.Get("state")):
		return nil, "state must be at most 128 of a-z A-Z 0-9"
	}
	return back, ""
}

// getUserInfo exchanges a code, once, within CodeTTL.
func (s *Server) getUserInfo(r *http.Request, c *Call) (map[string]any, int) {
	code := r.URL.Query().Get("code")
	s.mu.Lock()
	defer s.mu.Unlock()
	oc, ok := s.oauth.codes[code]
	delete(s.oauth.codes, code) // a code is good once, taken or refused
	switch {
	case !ok || time.Since(oc.issued) > CodeTTL:
		return nil, ErrInvalidCode
	case s.oauth.trusted != "" && oc.host != s.oauth.trusted:
		return nil, ErrRedirectDomain
	case oc.userID != "":
		return map[string]any{"userid": oc.userID}, 0
	}
	return map[string]any{"openid": oc.openID}, 0
}

// page is a page the WeCom client would show instead of going on.
func page(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<!doctype html><title>企业微信</title><p>" + html.EscapeString(text) + "</p>"))
}
