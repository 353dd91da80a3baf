package knowledgebase

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/knowledge"
)

// Store keeps each org's handbook and the questions asked about it.
type Store interface {
	KBDocStates(ctx context.Context, orgID int64) (map[string]knowledge.DocState, error)
	ImportKB(ctx context.Context, orgID int64, docs []knowledge.Document, actor string, at time.Time) (knowledge.Import, error)
	KBRevision(ctx context.Context, orgID int64) (int64, error)
	KBPassages(ctx context.Context, orgID int64) ([]knowledge.Passage, int64, error)
	// UpsertKBDoc adds or replaces one document, leaving the others, with
	// its audit row.
	UpsertKBDoc(ctx context.Context, orgID int64, d knowledge.Document, audit core.AuditEntry) (knowledge.Import, error)
	// KBDocuments lists the org's documents by name.
	KBDocuments(ctx context.Context, orgID int64) ([]knowledge.DocInfo, error)

	RecordQuestion(ctx context.Context, q knowledge.Question) (int64, error)
	KBQuestion(ctx context.Context, orgID, id int64) (knowledge.Question, error)
	VoteQuestion(ctx context.Context, orgID, id, employeeID int64, vote int, at time.Time) error
	ForwardQuestion(ctx context.Context, orgID, id, employeeID int64, at time.Time) (bool, error)
	AnswerQuestion(ctx context.Context, orgID, id, by int64, text, channel string, at time.Time) (knowledge.Question, error)
	KBGaps(ctx context.Context, orgID int64, limit int) ([]knowledge.Question, error)
	KBMarkedWrong(ctx context.Context, orgID int64, limit int) ([]knowledge.Question, error)
}

// Embedder turns texts into vectors; Model names the model, stored with
// the vectors so a change of model re-embeds.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Model() string
}

// Writer writes an answer from passages, or recognises a personal question.
type Writer interface {
	Write(ctx context.Context, p Prompt) (Written, error)
}

// Config wires a Service.
type Config struct {
	Store Store
	// Embedder, when set, adds semantic ranking to lexical retrieval.
	Embedder Embedder
	// Writer, when set, writes answers from the passages.
	Writer Writer
	// Translator, when set, rewrites a question into the other language
	// when part of the handbook is not written in the question's.
	Translator Translator
	// MinRelevance is the relevance under which the best passage does not
	// count as an answer; default DefaultMinRelevance.
	MinRelevance float64
	// RecheckEvery is how often a replica asks whether the handbook
	// changed; default one second.
	RecheckEvery time.Duration
	Clock        core.Clock
	Logger       *slog.Logger
	// Auth, when set, audits refusals of HR's commands (core.Directory).
	Auth interface {
		Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
	}
}

// Service answers questions from each org's handbook.
type Service struct {
	cfg Config
	log *slog.Logger

	mu      sync.Mutex
	indexes map[int64]*orgIndex
}

// orgIndex is an org's handbook in memory. Its own lock serialises
// reloads, so a burst of questions after an import loads it once.
type orgIndex struct {
	mu        sync.Mutex
	index     *Index
	revision  int64
	checkedAt time.Time
}

// New returns a Service.
func New(cfg Config) *Service {
	if cfg.MinRelevance == 0 {
		cfg.MinRelevance = DefaultMinRelevance
	}
	if cfg.RecheckEvery == 0 {
		cfg.RecheckEvery = time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = core.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{cfg: cfg, log: cfg.Logger, indexes: map[int64]*orgIndex{}}
}

// Import makes the files under dir the org's handbook: changed files are
// parsed, embedded (when an embeddings model is set) and replaced, files
// gone are removed, the rest is left alone.
func (s *Service) Import(ctx context.Context, orgID int64, dir, actor string) (knowledge.Import, error) {
	docs, err := ReadDir(dir)
	if err != nil {
		return knowledge.Import{}, err
	}
	if len(docs) == 0 {
		return knowledge.Import{}, core.Errorf(core.EInvalid, "kb.empty_dir", "%s holds no Markdown, text or HTML files", dir).With("dir", dir)
	}
	states, err := s.cfg.Store.KBDocStates(ctx, orgID)
	if err != nil {
		return knowledge.Import{}, err
	}
	model := ""
	if s.cfg.Embedder != nil {
		model = s.cfg.Embedder.Model()
	}
	out := make([]knowledge.Document, len(docs))
	for i, d := range docs {
		cd := knowledge.Document{Name: d.Name, Title: d.Title, Hash: d.Hash, Model: model, Chunks: make([]knowledge.Chunk, len(d.Chunks))}
		for j, c := range d.Chunks {
			cd.Chunks[j] = knowledge.Chunk{Section: c.Section, Path: c.Path, Text: c.Text}
		}
		if st, ok := states[d.Name]; (!ok || st != knowledge.DocState{Hash: d.Hash, Model: model}) && s.cfg.Embedder != nil {
			if err := s.embedChunks(ctx, cd); err != nil {
				return knowledge.Import{}, fmt.Errorf("import %s: %w", d.Name, err)
			}
		}
		out[i] = cd
	}
	return s.cfg.Store.ImportKB(ctx, orgID, out, actor, s.cfg.Clock.Now())
}

func (s *Service) embedChunks(ctx context.Context, d knowledge.Document) error {
	texts := make([]string, len(d.Chunks))
	for i, c := range d.Chunks {
		texts[i] = d.Title + " › " + strings.Join(c.Path, " › ") + "\n" + c.Text
	}
	vecs, err := s.cfg.Embedder.Embed(ctx, texts)
	if err != nil {
		return err
	}
	for i := range d.Chunks {
		d.Chunks[i].Vector = vecs[i]
	}
	return nil
}

// index returns the org's search index, reloading it when an import
// (here or on another replica) moved the revision.
func (s *Service) index(ctx context.Context, orgID int64) (*Index, error) {
	s.mu.Lock()
	oi := s.indexes[orgID]
	if oi == nil {
		oi = &orgIndex{revision: -1}
		s.indexes[orgID] = oi
	}
	s.mu.Unlock()

	oi.mu.Lock()
	defer oi.mu.Unlock()
	now := time.Now()
	if oi.index != nil && now.Sub(oi.checkedAt) < s.cfg.RecheckEvery {
		return oi.index, nil
	}
	rev, err := s.cfg.Store.KBRevision(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if oi.index == nil || rev != oi.revision {
		stored, rev, err := s.cfg.Store.KBPassages(ctx, orgID)
		if err != nil {
			return nil, err
		}
		passages := make([]Passage, len(stored))
		for i, p := range stored {
			passages[i] = Passage{ID: p.ID, Doc: p.Doc, DocTitle: p.DocTitle, Section: p.Section, Path: p.Path, Text: p.Text, Vector: p.Vector}
		}
		oi.index, oi.revision = NewIndex(passages), rev
		s.log.Info("knowledge base loaded", "org", orgID, "revision", rev, "passages", len(passages))
	}
	oi.checkedAt = now
	return oi.index, nil
}

// Search returns the k passages that best answer q in the org's handbook.
// With a Translator, a question is searched in the other language too when
// some of the handbook is not written in its own, and the two searches are
// merged; a failing translation leaves the question's own search.
func (s *Service) Search(ctx context.Context, orgID int64, q string, k int) ([]Hit, error) {
	ix, err := s.index(ctx, orgID)
	if err != nil {
		return nil, fmt.Errorf("search knowledge base of org %d: %w", orgID, err)
	}
	hits := s.search(ctx, ix, orgID, q, k)
	from, to := core.LocaleEN, core.LocaleZH
	if isChinese(q) {
		from, to = core.LocaleZH, core.LocaleEN
	}
	if s.cfg.Translator == nil || !ix.Lacks(from) {
		return hits, nil
	}
	tq, err := s.cfg.Translator.Translate(ctx, q, to)
	if err != nil {
		s.log.Warn("question not translated; searched in its own language only", "org", orgID, "err", err)
		return hits, nil
	}
	return mergeHits(hits, s.search(ctx, ix, orgID, tq, k), k), nil
}

// search is Search in one language: lexical, fused with the embeddings
// when there are.
func (s *Service) search(ctx context.Context, ix *Index, orgID int64, q string, k int) []Hit {
	var vec []float32
	if s.cfg.Embedder != nil && ix.Len() > 0 {
		vecs, err := s.cfg.Embedder.Embed(ctx, []string{q})
		if err != nil {
			// Lexical retrieval alone still answers well; say so and go on.
			s.log.Warn("question not embedded; lexical retrieval only", "org", orgID, "err", err)
		} else {
			vec = vecs[0]
		}
	}
	return ix.Search(q, vec, k)
}

// Answer is how a question gets answered.
type Answer struct {
	Outcome knowledge.Outcome
	// Intent and Args, for a personal question: which records to show.
	Intent Intent
	Args   map[string]string
	// Text is the model's answer, citing Sources by number; "" when the
	// passages answer alone.
	Text string
	// Passages back the answer: cited by the model, or shown as they are.
	Passages  []Hit
	Relevance float64
	ByModel   bool
}

// Sources returns the answer's cited sections.
func (a Answer) Sources() []knowledge.Source {
	out := make([]knowledge.Source, len(a.Passages))
	for i, h := range a.Passages {
		out[i] = knowledge.Source{Doc: h.Passage.Doc, Section: h.Passage.Section}
	}
	return out
}

// maxPassages is how many passages the model sees.
const maxPassages = 4

// Answer answers a question of m's. It only reads: the bot records the
// question in its own turn. With a model, the answer is written from the
// passages and personal questions come back as tool calls; when the model
// is slow or failing, the keyword rules and the passages answer instead.
func (s *Service) Answer(ctx context.Context, m core.Member, question string) (Answer, error) {
	hits, err := s.Search(ctx, m.Org.ID, question, maxPassages*2)
	if err != nil {
		return Answer{}, err
	}
	var relevant []Hit
	for _, h := range hits {
		if h.Relevance >= s.cfg.MinRelevance && len(relevant) < maxPassages {
			relevant = append(relevant, h)
		}
	}
	var best float64
	if len(hits) > 0 {
		best = hits[0].Relevance
	}
	if s.cfg.Writer != nil {
		w, err := s.cfg.Writer.Write(ctx, Prompt{Question: question, Locale: m.Locale(), OrgName: m.Org.Name, Passages: relevant})
		switch {
		case err != nil:
			s.log.Warn("model did not answer; answering from passages", "org", m.Org.ID, "err", err)
		case w.Intent != "":
			return Answer{Outcome: knowledge.Personal, Intent: w.Intent, Args: w.Args, Relevance: best, ByModel: true}, nil
		case w.NoAnswer || len(relevant) == 0:
			// Nothing retrieved means nothing to ground an answer in,
			// whatever the model wrote.
			return Answer{Outcome: knowledge.Unknown, Relevance: best, ByModel: true}, nil
		default:
			cited := make([]Hit, 0, len(w.Cited))
			for _, n := range w.Cited {
				cited = append(cited, relevant[n-1])
			}
			if len(cited) == 0 {
				cited = relevant[:1]
			}
			return Answer{Outcome: knowledge.Answered, Text: w.Text, Passages: cited, Relevance: best, ByModel: true}, nil
		}
	}
	if intent, ok := DetectIntent(question); ok {
		return Answer{Outcome: knowledge.Personal, Intent: intent, Relevance: best}, nil
	}
	if len(relevant) == 0 {
		return Answer{Outcome: knowledge.Unknown, Relevance: best}, nil
	}
	shown := relevant[:1]
	// A second passage helps when it scores close to the first and is
	// about something else.
	if len(relevant) > 1 && relevant[1].Score >= 0.85*relevant[0].Score && relevant[1].Passage.Section != relevant[0].Passage.Section {
		shown = relevant[:2]
	}
	return Answer{Outcome: knowledge.Answered, Passages: shown, Relevance: best}, nil
}

// Record keeps a question and its answer for HR; it returns the id the
// answer's buttons carry.
func (s *Service) Record(ctx context.Context, m core.Member, question string, a Answer) (int64, error) {
	text := a.Text
	if text == "" && len(a.Passages) > 0 {
		text = a.Passages[0].Passage.Text
	}
	return s.cfg.Store.RecordQuestion(ctx, knowledge.Question{
		OrgID: m.Org.ID, EmployeeID: m.Employee.ID, Text: question, Locale: m.Locale(), Outcome: a.Outcome,
		Intent: string(a.Intent), Answer: text, Sources: a.Sources(), Relevance: a.Relevance, ByModel: a.ByModel,
		AskedAt: s.cfg.Clock.Now(),
	})
}

// Vote records m's 👍 or 👎 on the answer to their question id.
func (s *Service) Vote(ctx context.Context, m core.Member, id int64, up bool) error {
	vote := -1
	if up {
		vote = 1
	}
	return s.cfg.Store.VoteQuestion(ctx, m.Org.ID, id, m.Employee.ID, vote, s.cfg.Clock.Now())
}

// Forward sends m's unanswered question id to HR; false when it was sent
// already.
func (s *Service) Forward(ctx context.Context, m core.Member, id int64) (bool, error) {
	return s.cfg.Store.ForwardQuestion(ctx, m.Org.ID, id, m.Employee.ID, s.cfg.Clock.Now())
}

// Question returns a question of m's org.
func (s *Service) Question(ctx context.Context, m core.Member, id int64) (knowledge.Question, error) {
	return s.cfg.Store.KBQuestion(ctx, m.Org.ID, id)
}

// Reply stores HR's answer to question id and tells the asker.
func (s *Service) Reply(ctx context.Context, m core.Member, id int64, text, channel string) (knowledge.Question, error) {
	if err := s.authorizeOn(ctx, m, channel); err != nil {
		return knowledge.Question{}, err
	}
	return s.cfg.Store.AnswerQuestion(ctx, m.Org.ID, id, m.Employee.ID, text, channel, s.cfg.Clock.Now())
}

// authorize lets HR and admins manage questions, auditing refusals when
// an auditor is wired.
func (s *Service) authorize(ctx context.Context, m core.Member) error {
	if s.cfg.Auth != nil {
		return s.cfg.Auth.Authorize(ctx, m, core.ActionKnowledgeManage, nil, "chat")
	}
	return core.Authorize(m, core.ActionKnowledgeManage, nil)
}

// Gaps returns the questions the handbook did not answer, for HR.
func (s *Service) Gaps(ctx context.Context, m core.Member, limit int) ([]knowledge.Question, error) {
	if err := s.authorize(ctx, m); err != nil {
		return nil, err
	}
	return s.cfg.Store.KBGaps(ctx, m.Org.ID, limit)
}

// MarkedWrong returns the answers their askers marked wrong, for HR.
func (s *Service) MarkedWrong(ctx context.Context, m core.Member, limit int) ([]knowledge.Question, error) {
	if err := s.authorize(ctx, m); err != nil {
		return nil, err
	}
	return s.cfg.Store.KBMarkedWrong(ctx, m.Org.ID, limit)
}

// Excerpt trims a passage for a chat message: in a bilingual section only
// the lines in the reader's language, at most max runes, cut at a sentence
// or line end.
func Excerpt(text string, loc core.Locale, max int) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	var mine []string
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if isChinese(l) == (loc == core.LocaleZH) {
			mine = append(mine, l)
		}
	}
	if len(mine) == 0 {
		mine = lines
	}
	out := strings.Join(mine, "\n")
	if utf8.RuneCountInString(out) <= max {
		return out
	}
	r := []rune(out)[:max]
	cut := -1
	for i := len(r) - 1; i > max/2; i-- {
		if strings.ContainsRune("。！？.!?\n；;", r[i]) {
			cut = i + 1
			break
		}
	}
	if cut < 0 {
		cut = len(r)
	}
	return strings.TrimSpace(string(r[:cut])) + " …"
}

// SectionIn returns the part of a bilingual heading ("Annual leave｜年假")
// in the reader's language, else the whole heading.
func SectionIn(section string, loc core.Locale) string {
	parts := HeadingParts(section)
	for _, p := range parts[1:] {
		if isChinese(p) == (loc == core.LocaleZH) {
			return p
		}
	}
	return section
}

// isChinese reports whether a line is mostly Chinese: more Han characters
// than Latin letters.
func isChinese(s string) bool {
	han, latin := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			latin++
		}
	}
	return han*3 > latin
}
