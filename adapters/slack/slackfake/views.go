package slackfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"unicode/utf8"
)

// Limits Slack puts on a Home tab view, which views.publish refuses past.
const (
	MaxViewBlocks  = 100
	MaxHeaderText  = 150
	MaxSectionText = 3000
	MaxButtonText  = 75
)

// viewsPublish takes a Home tab view for a user (views.publish), checks
// it the way Slack does for what hrbot sends — a home view, at most 100
// blocks, block ids unique, texts within their limits — and records it as
// a Call with Method "views.publish", User the user and Blocks the view's.
func (s *Server) viewsPublish(w http.ResponseWriter, form url.Values) {
	user := form.Get("user_id")
	var view struct {
		Type   string  `json:"type"`
		Blocks []Block `json:"blocks"`
	}
	if user == "" {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	if err := json.Unmarshal([]byte(form.Get("view")), &view); err != nil || view.Type != "home" {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	if !validView(view.Blocks) {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_blocks"})
		return
	}
	s.record(Call{Method: "views.publish", User: user, Blocks: view.Blocks})
	writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "V" + user, "type": "home", "team_id": TeamID}})
}

func validView(blocks []Block) bool {
	if len(blocks) > MaxViewBlocks {
		return false
	}
	ids := map[string]bool{}
	for _, b := range blocks {
		if b.BlockID != "" {
			if ids[b.BlockID] {
				return false
			}
			ids[b.BlockID] = true
		}
		switch {
		case b.Type == "header" && (b.Text == nil || b.Text.Type != "plain_text" || utf8.RuneCountInString(b.Text.Text) > MaxHeaderText):
			return false
		case b.Type == "section" && (b.Text == nil || b.Text.Text == "" || utf8.RuneCountInString(b.Text.Text) > MaxSectionText):
			return false
		}
		for _, e := range b.Elements {
			if e.Type == "button" && (e.Text == nil || e.ActionID == "" || utf8.RuneCountInString(e.Text.Text) > MaxButtonText) {
				return false
			}
		}
	}
	return true
}

// HomeView returns the last Home tab view published for user.
func (s *Server) HomeView(user string) (Call, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.calls) - 1; i >= 0; i-- {
		if c := s.calls[i]; c.Method == "views.publish" && c.User == user {
			return c, true
		}
	}
	return Call{}, false
}

// UnmarshalJSON reads a text object, and also the text of a context
// block's elements, which Slack gives as text objects too.
func (t *Text) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*t = Text{Text: s}
		return nil
	}
	var v struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*t = Text{Type: v.Type, Text: v.Text}
	return nil
}
