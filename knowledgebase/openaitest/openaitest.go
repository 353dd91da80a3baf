// Package openaitest is a fake OpenAI-compatible server on loopback for
// tests: chat completions answered by a script, embeddings made by hashing
// words (so similar texts get similar vectors), and failures on demand.
// The real go-openai client talks to it.
package openaitest

import (
	"encoding/json"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/hrbot/hrbot/knowledgebase"
)

// Dimensions of the fake embeddings.
const Dimensions = 256

// Reply is a scripted chat answer: content, or a tool call; Status other
// than 0 fails the request with that HTTP status.
type Reply struct {
	Content string
	Tool    string
	Args    string
	Status  int
}

// Server is the fake.
type Server struct {
	// URL is the base URL to give go-openai, ending in /v1.
	URL string

	mu         sync.Mutex
	chat       func(req openai.ChatCompletionRequest) Reply
	delay      time.Duration
	embedFail  int
	chats      []openai.ChatCompletionRequest
	embeddings int
}

// New starts a fake closed when the test ends. Without a script, chat
// answers with the first sentence of the first passage, citing it.
func New(t testing.TB) *Server {
	s := &Server{chat: Grounded}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.handleChat)
	mux.HandleFunc("POST /v1/embeddings", s.handleEmbeddings)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.URL = srv.URL + "/v1"
	return s
}

// Script sets how chat completions are answered.
func (s *Server) Script(f func(req openai.ChatCompletionRequest) Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chat = f
}

// Delay makes every answer wait d (a slow or hung model).
func (s *Server) Delay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// FailEmbeddings makes embeddings answer with an HTTP status; 0 heals.
func (s *Server) FailEmbeddings(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.embedFail = status
}

// Chats returns the chat requests received.
func (s *Server) Chats() []openai.ChatCompletionRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]openai.ChatCompletionRequest(nil), s.chats...)
}

// Embeddings counts the texts embedded.
func (s *Server) Embeddings() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.embeddings
}

func (s *Server) wait(r *http.Request) bool {
	s.mu.Lock()
	d := s.delay
	s.mu.Unlock()
	select {
	case <-time.After(d):
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) {
	var req openai.ChatCompletionRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	s.chats = append(s.chats, req)
	script := s.chat
	s.mu.Unlock()
	if !s.wait(r) {
		return
	}
	rep := script(req)
	if rep.Status != 0 {
		apiError(w, rep.Status, "scripted failure")
		return
	}
	msg := openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: rep.Content}
	finish := openai.FinishReasonStop
	if rep.Tool != "" {
		msg.ToolCalls = []openai.ToolCall{{ID: "call_1", Type: openai.ToolTypeFunction, Function: openai.FunctionCall{Name: rep.Tool, Arguments: rep.Args}}}
		finish = openai.FinishReasonToolCalls
	}
	writeJSON(w, openai.ChatCompletionResponse{ID: "chatcmpl-1", Object: "chat.completion", Created: time.Now().Unix(), Model: req.Model,
		Choices: []openai.ChatCompletionChoice{{Message: msg, FinishReason: finish}}})
}

func (s *Server) handleEmbeddings(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Input any    `json:"input"`
		Model string `json:"model"`
	}
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &req); err != nil {
		apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	var inputs []string
	switch in := req.Input.(type) {
	case string:
		inputs = []string{in}
	case []any:
		for _, x := range in {
			s, _ := x.(string)
			inputs = append(inputs, s)
		}
	}
	s.mu.Lock()
	fail := s.embedFail
	if fail == 0 {
		s.embeddings += len(inputs)
	}
	s.mu.Unlock()
	if !s.wait(r) {
		return
	}
	if fail != 0 {
		apiError(w, fail, "scripted failure")
		return
	}
	res := openai.EmbeddingResponse{Object: "list", Model: openai.EmbeddingModel(req.Model)}
	for i, in := range inputs {
		res.Data = append(res.Data, openai.Embedding{Object: "embedding", Index: i, Embedding: Vector(in)})
	}
	writeJSON(w, res)
}

// Vector is the fake embedding of a text: its words hashed into
// Dimensions buckets, normalised.
func Vector(text string) []float32 {
	v := make([]float32, Dimensions)
	for _, tok := range knowledgebase.Tokens(text) {
		h := fnv.New32a()
		h.Write([]byte(tok))
		v[h.Sum32()%Dimensions]++
	}
	var norm float64
	for _, x := range v {
		norm += float64(x * x)
	}
	if norm > 0 {
		n := float32(math.Sqrt(norm))
		for i := range v {
			v[i] /= n
		}
	}
	return v
}

var passageRE = regexp.MustCompile(`(?s)\[1\] [^\n]*\n(.*?)(?:\n\n\[2\]|\n\n</passages>|</passages>)`)

// Grounded answers like a well-behaved model: the first sentence of
// passage [1] with its citation, or NO_ANSWER when there are no passages.
func Grounded(req openai.ChatCompletionRequest) Reply {
	user := req.Messages[len(req.Messages)-1].Content
	m := passageRE.FindStringSubmatch(user)
	if m == nil {
		return Reply{Content: "NO_ANSWER"}
	}
	text := strings.TrimSpace(m[1])
	if i := strings.IndexAny(text, ".。\n"); i > 0 {
		text = text[:i+len(string([]rune(text[i:])[0]))]
	}
	return Reply{Content: text + " [1]"}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": "fake_error"}})
}
