package slackfake

import (
	"net/http"
	"sync"
)

// Hold makes calls of method wait, before they are carried out, until the
// returned release is called. A call whose client has gone by then (a
// killed process) is not carried out: Slack never received it.
func (s *Server) Hold(method string) (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.holds[method] = ch
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			delete(s.holds, method)
			s.mu.Unlock()
			close(ch)
		})
	}
}

// Held returns how many calls of method wait in a hold.
func (s *Server) Held(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held[method]
}

// hold waits while method is held; false when the client went away.
func (s *Server) hold(r *http.Request, method string) bool {
	s.mu.Lock()
	ch := s.holds[method]
	if ch != nil {
		s.held[method]++
	}
	s.mu.Unlock()
	if ch == nil {
		return true
	}
	select {
	case <-ch:
	case <-r.Context().Done():
	}
	s.mu.Lock()
	s.held[method]--
	s.mu.Unlock()
	return r.Context().Err() == nil
}
