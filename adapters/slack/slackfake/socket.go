package slackfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

func (s *Server) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	if s.AppToken == "" || r.Header.Get("Authorization") != "Bearer "+s.AppToken {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "url": "ws://" + r.Host + "/socket"})
}

// upgrader takes any origin: slack-go sends Slack's own, not ours.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// socket is the Socket Mode endpoint: it says hello, pings like Slack
// does, and records the envelopes the client acknowledges.
func (s *Server) socket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.socketMu.Lock()
	s.sockets = append(s.sockets, conn)
	err = conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "AHRBOT"}, "debug_info": map[string]any{"host": "fake"}})
	s.socketMu.Unlock()
	if err != nil {
		return
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		t := time.NewTicker(2 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				s.socketMu.Lock()
				err := conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
				s.socketMu.Unlock()
				if err != nil {
					return
				}
			}
		}
	}()
	for {
		var ack struct {
			EnvelopeID string `json:"envelope_id"`
		}
		if err := conn.ReadJSON(&ack); err != nil {
			s.socketMu.Lock()
			for i, c := range s.sockets {
				if c == conn {
					s.sockets = append(s.sockets[:i], s.sockets[i+1:]...)
					break
				}
			}
			s.socketMu.Unlock()
			return
		}
		s.socketMu.Lock()
		s.acks[ack.EnvelopeID] = true
		s.socketMu.Unlock()
	}
}

// SendSocket sends an envelope of type ("events_api", "slash_commands",
// "interactive") over the Socket Mode connection, waiting up to ten
// seconds for the bot to connect, and returns its envelope id.
func (s *Server) SendSocket(typ string, payload any, retryAttempt int) (string, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return "", err
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		s.socketMu.Lock()
		if len(s.sockets) > 0 {
			s.envelope++
			id := fmt.Sprintf("env-%d", s.envelope)
			err := s.sockets[0].WriteJSON(map[string]any{"envelope_id": id, "type": typ, "payload": json.RawMessage(raw),
				"accepts_response_payload": false, "retry_attempt": retryAttempt})
			s.socketMu.Unlock()
			return id, err
		}
		s.socketMu.Unlock()
		if time.Now().After(deadline) {
			return "", errors.New("slackfake: no Socket Mode connection")
		}
	}
}

// Acked reports whether the bot acknowledged an envelope.
func (s *Server) Acked(envelopeID string) bool {
	s.socketMu.Lock()
	defer s.socketMu.Unlock()
	return s.acks[envelopeID]
}
