package wecomfake

import (
	"net/http"
	"strings"
)

// WeCom's answers to an e-mail lookup: no member has the address; the
// app is not allowed to look addresses up.
const (
	ErrNoMember    = 46004
	ErrNoPrivilege = 60011 // the app may not call this API
)

// SetEmail gives member userid an e-mail address: their company mailbox
// (企业邮箱), or a personal address they entered in their profile.
func (s *Server) SetEmail(userid, email string, personal bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emails[emailKey(email, personal)] = userid
}

func emailKey(email string, personal bool) string {
	kind := "1"
	if personal {
		kind = "2"
	}
	return kind + ":" + strings.ToLower(email)
}

// userIDByEmail answers user/get_userid_by_email: email_type 1 looks in
// company mailboxes, 2 in personal addresses, as WeCom does.
func (s *Server) userIDByEmail(_ *http.Request, c *Call) (map[string]any, int) {
	email, _ := c.Body["email"].(string)
	kind, _ := c.Body["email_type"].(float64)
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.emails[emailKey(email, kind == 2)]
	if !ok {
		return nil, ErrNoMember
	}
	return map[string]any{"userid": id}, 0
}
