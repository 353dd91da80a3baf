// Package knowledge holds the handbook types that knowledgebase (import,
// retrieval, answers) and store share: documents and their chunks, stored
// passages, and the questions people asked with how each was answered. They
// sit under core so store can implement knowledgebase's interfaces without
// importing it.
package knowledge

import (
	"time"

	"github.com/hrbot/hrbot/core"
)

// Document is one handbook file as imported into an org's knowledge
// base. Model names the embeddings model its chunks' vectors come from, ""
// when they have none.
type Document struct {
	Name   string // path under the imported directory, e.g. "leave-policy.md"
	Title  string
	Hash   string // SHA-256 of the file: a re-import skips files whose hash and model are unchanged
	Model  string
	Chunks []Chunk
}

// DocInfo is a stored document as HR's list shows it.
type DocInfo struct {
	Name, Title string
	Chunks      int
	ImportedAt  time.Time
}

// Chunk is a document's text under one heading.
type Chunk struct {
	Section string
	Path    []string
	Text    string
	Vector  []float32
}

// DocState is what a re-import compares a file with.
type DocState struct {
	Hash  string
	Model string
}

// Passage is a stored chunk, as retrieval reads it.
type Passage struct {
	ID       int64
	Doc      string
	DocTitle string
	Section  string
	Path     []string
	Text     string
	Vector   []float32
}

// Import counts what an import changed. Revision grows with every
// import that changed something, so replicas know to reload.
type Import struct {
	Added, Updated, Removed, Unchanged int
	Chunks                             int // chunks written
	Revision                           int64
}

// Outcome is how a question was answered.
type Outcome string

// Outcomes of a question.
const (
	Answered Outcome = "answered" // from the handbook
	Unknown  Outcome = "unknown"  // nothing relevant: a gap for HR
	Personal Outcome = "personal" // from the person's own HR records
)

// Source is a cited handbook section.
type Source struct {
	Doc     string `json:"doc"`
	Section string `json:"section"`
}

// Question is a question someone asked the bot, kept so HR sees what
// the handbook does not answer and which answers were marked wrong.
type Question struct {
	ID           int64
	OrgID        int64
	EmployeeID   int64
	EmployeeName string
	Text         string
	Locale       core.Locale
	Outcome      Outcome
	Intent       string // the personal question answered, for Personal
	Answer       string
	Sources      []Source
	Relevance    float64
	ByModel      bool // written by the language model
	Vote         int  // -1, 0 or +1, by the asker
	ForwardedAt  time.Time
	HRAnswer     string
	AskedAt      time.Time
}
