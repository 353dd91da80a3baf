package wecomfake

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Limits of message/send, as WeCom documents them.
const (
	MaxTextBytes  = 2048 // text and markdown content
	MaxButtons    = 6    // a button_interaction card's button_list
	MaxButtonKey  = 1024 // bytes of a button's key
	MaxTaskID     = 128  // bytes of a card's task_id
	MaxImageBytes = 2 << 20
	MaxFileBytes  = 20 << 20
)

// Error codes for malformed sends.
const (
	errInvalidMedia   = 40007
	errContentTooLong = 45002
	errInvalidParam   = 40058
)

func num(v any) int64 {
	switch n := v.(type) {
	case float64:
		return int64(n)
	case string:
		i, _ := strconv.ParseInt(n, 10, 64)
		return i
	}
	return 0
}

func (s *Server) send(r *http.Request, c *Call) (map[string]any, int) {
	b := c.Body
	if num(b["agentid"]) != s.App.AgentID || c.ToUser() == "" {
		return nil, errInvalidParam
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if code, ok := s.gone[c.ToUser()]; ok {
		return map[string]any{"invaliduser": c.ToUser()}, code
	}
	t := c.MsgType()
	content, _ := b[t].(map[string]any)
	switch t {
	case "text", "markdown":
		text, _ := content["content"].(string)
		if text == "" || len(text) > MaxTextBytes {
			return nil, errContentTooLong
		}
	case "image", "file":
		id, _ := content["media_id"].(string)
		if _, ok := s.media[id]; !ok {
			return nil, errInvalidMedia
		}
	case "template_card":
		if code := s.checkCard(content); code != 0 {
			return nil, code
		}
	default:
		return nil, errInvalidParam
	}
	out := map[string]any{}
	if num(b["enable_duplicate_check"]) == 1 {
		// WeCom answers a duplicate as sent and delivers nothing.
		interval := time.Duration(num(b["duplicate_check_interval"])) * time.Second
		if interval == 0 {
			interval = 1800 * time.Second
		}
		raw, _ := json.Marshal(content)
		key := c.ToUser() + "\x00" + t + "\x00" + string(raw)
		if at, ok := s.recent[key]; ok && time.Since(at) < interval {
			c.Duplicate = true
		} else {
			s.recent[key] = time.Now()
		}
	}
	if _, used := s.cards[c.TaskID()]; used && t == "template_card" && !c.Duplicate {
		return nil, errInvalidParam // a task id names one card of the app
	}
	c.MsgID = s.next("msg")
	out["msgid"] = c.MsgID
	if t == "template_card" && !c.Duplicate {
		c.ResponseCode = s.next("rc")
		s.codes[c.ResponseCode] = c.TaskID()
		s.cards[c.TaskID()] = *c
		out["response_code"] = c.ResponseCode
	}
	return out, 0
}

// checkCard checks a button_interaction card as WeCom would.
func (s *Server) checkCard(card map[string]any) int {
	if card["card_type"] != "button_interaction" {
		return errInvalidParam
	}
	task, _ := card["task_id"].(string)
	if task == "" || len(task) > MaxTaskID {
		return errInvalidParam
	}
	main, _ := card["main_title"].(map[string]any)
	if title, _ := main["title"].(string); title == "" {
		return errInvalidParam
	}
	list, _ := card["button_list"].([]any)
	if len(list) == 0 || len(list) > MaxButtons {
		return errInvalidParam
	}
	for _, b := range list {
		bm, _ := b.(map[string]any)
		key, _ := bm["key"].(string)
		text, _ := bm["text"].(string)
		if key == "" || len(key) > MaxButtonKey || text == "" {
			return errInvalidParam
		}
	}
	return 0
}

func (s *Server) updateCard(r *http.Request, c *Call) (map[string]any, int) {
	b := c.Body
	if num(b["agentid"]) != s.App.AgentID {
		return nil, errInvalidParam
	}
	rc, _ := b["response_code"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	task, ok := s.codes[rc]
	if !ok {
		return nil, errInvalidParam
	}
	_, button := b["button"].(map[string]any)
	card, hasCard := b["template_card"].(map[string]any)
	switch {
	case button:
	case hasCard:
		if card["card_type"] != "button_interaction" {
			return nil, errInvalidParam
		}
		// The card keeps its task id: WeCom replaces the card in place.
		card["task_id"] = task
		s.cards[task] = Call{Path: c.Path, Body: map[string]any{"msgtype": "template_card", "template_card": card}, At: c.At}
	default:
		return nil, errInvalidParam
	}
	delete(s.codes, rc) // a response code updates once
	return map[string]any{"invaliduser": []string{}}, 0
}

func (s *Server) upload(r *http.Request, c *Call) (map[string]any, int) {
	typ := r.URL.Query().Get("type")
	limit := map[string]int64{"image": MaxImageBytes, "file": MaxFileBytes}[typ]
	if limit == 0 {
		return nil, errInvalidParam
	}
	f, h, err := r.FormFile("media")
	if err != nil {
		return nil, errInvalidParam
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil || len(data) == 0 || int64(len(data)) > limit {
		return nil, 40006 // invalid media size
	}
	c.Body = map[string]any{"type": typ, "filename": h.Filename, "size": len(data)}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.next("media")
	s.media[id] = Media{ID: id, Type: typ, Name: h.Filename, Data: data}
	return map[string]any{"type": typ, "media_id": id, "created_at": strconv.FormatInt(time.Now().Unix(), 10)}, 0
}

// Card returns the card sent with a task id, as last sent or updated.
func (s *Server) Card(taskID string) (Call, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cards[taskID]
	return c, ok
}

// Updates returns the update_template_card calls for a task id's card.
func (s *Server) Updates(taskID string) []Call {
	var out []Call
	for _, c := range s.Calls("/cgi-bin/message/update_template_card") {
		if c.ErrCode != 0 {
			continue
		}
		if card, ok := c.Body["template_card"].(map[string]any); ok && card["task_id"] == taskID {
			out = append(out, c)
		}
	}
	return out
}
