package core

import "time"

// KBDocument is one handbook file as imported into an org's knowledge
// base. Model names the embeddings model its chunks' vectors come from, ""
// when they have none.
type KBDocument struct {
	Name   string // path under the imported directory, e.g. "leave-policy.md"
	Title  string
	Hash   string // SHA-256 of the file: a re-import skips files whose hash and model are unchanged
	Model  string
	Chunks []KBChunk
}

// KBChunk is a document's text under one heading.
type KBChunk struct {
	Section string
	Path    []string
	Text    string
	Vector  []float32
}

// KBDocState is what a re-import compares a file with.
type KBDocState struct {
	Hash  string
	Model string
}

// KBPassage is a stored chunk, as retrieval reads it.
type KBPassage struct {
	ID       int64
	Doc      string
	DocTitle string
	Section  string
	Path     []string
	Text     string
	Vector   []float32
}

// KBImport counts what an import changed. Revision grows with every
// import that changed something, so replicas know to reload.
type KBImport struct {
	Added, Updated, Removed, Unchanged int
	Chunks                             int // chunks written
	Revision                           int64
}

// KBOutcome is how a question was answered.
type KBOutcome string

// Outcomes of a question.
const (
	KBAnswered KBOutcome = "answered" // from the handbook
	KBUnknown  KBOutcome = "unknown"  // nothing relevant: a gap for HR
	KBPersonal KBOutcome = "personal" // from the person's own HR records
)

// KBSource is a cited handbook section.
type KBSource struct {
	Doc     string `json:"doc"`
	Section string `json:"section"`
}

// KBQuestion is a question someone asked the bot, kept so HR sees what
// the handbook does not answer and which answers were marked wrong.
type KBQuestion struct {
	ID           int64
	OrgID        int64
	EmployeeID   int64
	EmployeeName string
	Text         string
	Locale       Locale
	Outcome      KBOutcome
	Intent       string // the personal question answered, for KBPersonal
	Answer       string
	Sources      []KBSource
	Relevance    float64
	ByModel      bool // written by the language model
	Vote         int  // -1, 0 or +1, by the asker
	ForwardedAt  time.Time
	HRAnswer     string
	AskedAt      time.Time
}
