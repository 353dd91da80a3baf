package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/knowledge"
)

// Knowledge is the handbook's storage: each org's documents and their
// chunks (with embeddings), the revision replicas reload at, and the
// questions asked with how they were answered, voted on and forwarded to
// HR. It is knowledgebase's Store.
type Knowledge struct{ db *DB }

// NewKnowledge returns the handbook's storage over db.
func NewKnowledge(db *DB) Knowledge { return Knowledge{db: db} }

// KBDocStates returns the hash and embeddings model of each document an
// org has imported, by name.
func (s Knowledge) KBDocStates(ctx context.Context, orgID int64) (map[string]knowledge.DocState, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT name, hash, embedding_model FROM kb_documents WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("kb documents of org %d: %w", orgID, interpret(err))
	}
	out := map[string]knowledge.DocState{}
	var name string
	var st knowledge.DocState
	_, err = pgx.ForEachRow(rows, []any{&name, &st.Hash, &st.Model}, func() error {
		out[name] = st
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("kb documents of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// ImportKB makes docs an org's whole handbook: new files are added,
// changed ones (hash or embeddings model) replaced, files no longer there
// removed, and the rest left alone. One transaction, one audit row.
func (s Knowledge) ImportKB(ctx context.Context, orgID int64, docs []knowledge.Document, actor string, at time.Time) (knowledge.Import, error) {
	var res knowledge.Import
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		// Imports of one org run one at a time, so two replicas or two
		// operators cannot interleave their deletes and inserts.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7220421, $1::int)`, orgID); err != nil {
			return err
		}
		existing, err := kbDocuments(ctx, tx, orgID)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, d := range docs {
			if seen[d.Name] {
				return core.Errorf(core.EInvalid, "kb.duplicate_doc", "document %s given twice", d.Name).With("doc", d.Name)
			}
			seen[d.Name] = true
			if err := importKBDoc(ctx, tx, orgID, existing, d, at, &res); err != nil {
				return err
			}
		}
		var removed []string
		for name, k := range existing {
			if seen[name] {
				continue
			}
			if _, err := tx.Exec(ctx, `DELETE FROM kb_documents WHERE id = $1`, k.id); err != nil {
				return err
			}
			removed = append(removed, name)
		}
		sort.Strings(removed)
		res.Removed = len(removed)
		if res.Added+res.Updated+res.Removed == 0 {
			return tx.QueryRow(ctx, `SELECT coalesce((SELECT revision FROM kb_state WHERE org_id = $1), 0)`, orgID).Scan(&res.Revision)
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO kb_state (org_id, revision) VALUES ($1, 1)
			ON CONFLICT (org_id) DO UPDATE SET revision = kb_state.revision + 1
			RETURNING revision`, orgID).Scan(&res.Revision); err != nil {
			return err
		}
		return recordAudit(ctx, tx, core.AuditEntry{OrgID: orgID, At: at, ActorLabel: actor, Action: core.AuditKBImport,
			EntityType: "knowledge_base", EntityID: strconv.FormatInt(orgID, 10),
			After:   map[string]any{"added": res.Added, "updated": res.Updated, "removed": removed, "revision": res.Revision},
			Channel: "cli", Outcome: "ok"})
	})
	if err != nil {
		return knowledge.Import{}, fmt.Errorf("import knowledge base of org %d: %w", orgID, interpret(err))
	}
	return res, nil
}

// kbDoc is a stored handbook document: its id and state.
type kbDoc struct {
	id int64
	knowledge.DocState
}

// kbDocuments returns an org's stored documents by name.
func kbDocuments(ctx context.Context, tx pgx.Tx, orgID int64) (map[string]kbDoc, error) {
	existing := map[string]kbDoc{}
	rows, err := tx.Query(ctx, `SELECT id, name, hash, embedding_model FROM kb_documents WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, err
	}
	var k kbDoc
	var name string
	_, err = pgx.ForEachRow(rows, []any{&k.id, &name, &k.Hash, &k.Model}, func() error {
		existing[name] = k
		return nil
	})
	return existing, err
}

// importKBDoc adds d, replaces it when its hash or embeddings model
// changed, or leaves it alone, and counts what it did in res.
func importKBDoc(ctx context.Context, tx pgx.Tx, orgID int64, existing map[string]kbDoc, d knowledge.Document, at time.Time, res *knowledge.Import) error {
	old, ok := existing[d.Name]
	switch {
	case ok && old.Hash == d.Hash && old.Model == d.Model:
		res.Unchanged++
		return nil
	case ok:
		res.Updated++
		if _, err := tx.Exec(ctx, `DELETE FROM kb_chunks WHERE document_id = $1`, old.id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE kb_documents SET title = $2, hash = $3, embedding_model = $4, imported_at = $5 WHERE id = $1`,
			old.id, d.Title, d.Hash, d.Model, at); err != nil {
			return err
		}
		if err := insertChunks(ctx, tx, orgID, old.id, d.Chunks); err != nil {
			return err
		}
	default:
		res.Added++
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO kb_documents (org_id, name, title, hash, embedding_model, imported_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, orgID, d.Name, d.Title, d.Hash, d.Model, at).Scan(&id); err != nil {
			return err
		}
		if err := insertChunks(ctx, tx, orgID, id, d.Chunks); err != nil {
			return err
		}
	}
	res.Chunks += len(d.Chunks)
	return nil
}

func insertChunks(ctx context.Context, tx pgx.Tx, orgID, docID int64, chunks []knowledge.Chunk) error {
	rows := make([][]any, len(chunks))
	for i, c := range chunks {
		var vec any
		if c.Vector != nil {
			vec = c.Vector
		}
		path := c.Path
		if path == nil {
			path = []string{}
		}
		rows[i] = []any{docID, orgID, i, c.Section, path, c.Text, vec}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"kb_chunks"},
		[]string{"document_id", "org_id", "ord", "section", "path", "body", "embedding"}, pgx.CopyFromRows(rows))
	return err
}

// KBRevision returns the org's knowledge-base revision, 0 before any import.
func (s Knowledge) KBRevision(ctx context.Context, orgID int64) (int64, error) {
	var rev int64
	err := s.db.q(ctx).QueryRow(ctx, `SELECT coalesce((SELECT revision FROM kb_state WHERE org_id = $1), 0)`, orgID).Scan(&rev)
	if err != nil {
		return 0, fmt.Errorf("kb revision of org %d: %w", orgID, interpret(err))
	}
	return rev, nil
}

// KBPassages returns every chunk of an org's handbook and the revision
// they are at least as new as: the revision is read first, so an import
// committing in between only makes the next reload happen sooner.
func (s Knowledge) KBPassages(ctx context.Context, orgID int64) ([]knowledge.Passage, int64, error) {
	rev, err := s.KBRevision(ctx, orgID)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT c.id, d.name, d.title, c.section, c.path, c.body, c.embedding
		FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
		WHERE c.org_id = $1 ORDER BY d.name, c.ord`, orgID)
	if err != nil {
		return nil, 0, fmt.Errorf("kb passages of org %d: %w", orgID, interpret(err))
	}
	var out []knowledge.Passage
	var p knowledge.Passage
	_, err = pgx.ForEachRow(rows, []any{&p.ID, &p.Doc, &p.DocTitle, &p.Section, &p.Path, &p.Text, &p.Vector}, func() error {
		out = append(out, p)
		p = knowledge.Passage{}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("kb passages of org %d: %w", orgID, interpret(err))
	}
	return out, rev, nil
}

// RecordQuestion keeps a question and how it was answered.
func (s Knowledge) RecordQuestion(ctx context.Context, q knowledge.Question) (int64, error) {
	sources, err := json.Marshal(nonNil(q.Sources))
	if err != nil {
		return 0, fmt.Errorf("record question: %w", err)
	}
	var id int64
	err = s.db.q(ctx).QueryRow(ctx, `
		INSERT INTO kb_questions (org_id, employee_id, question, locale, outcome, intent, answer, sources, relevance, by_model, asked_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		q.OrgID, q.EmployeeID, q.Text, string(q.Locale), string(q.Outcome), q.Intent, q.Answer, sources, q.Relevance, q.ByModel, q.AskedAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record question: %w", interpret(err))
	}
	return id, nil
}

func nonNil(s []knowledge.Source) []knowledge.Source {
	if s == nil {
		return []knowledge.Source{}
	}
	return s
}

const questionColumns = `q.id, q.org_id, q.employee_id, e.name, q.question, q.locale, q.outcome, q.intent, q.answer, q.sources,
	q.relevance, q.by_model, q.vote, q.forwarded_at, coalesce(q.hr_answer, ''), q.asked_at
	FROM kb_questions q JOIN employees e ON e.id = q.employee_id`

func scanQuestion(row pgx.Row) (knowledge.Question, error) {
	var q knowledge.Question
	var locale, outcome string
	var sources []byte
	var rel float32
	var fwd *time.Time
	err := row.Scan(&q.ID, &q.OrgID, &q.EmployeeID, &q.EmployeeName, &q.Text, &locale, &outcome, &q.Intent, &q.Answer, &sources,
		&rel, &q.ByModel, &q.Vote, &fwd, &q.HRAnswer, &q.AskedAt)
	if err != nil {
		return q, err
	}
	q.Locale, q.Outcome, q.Relevance = core.Locale(locale), knowledge.Outcome(outcome), float64(rel)
	if fwd != nil {
		q.ForwardedAt = *fwd
	}
	if err := json.Unmarshal(sources, &q.Sources); err != nil {
		return q, fmt.Errorf("question %d sources: %w", q.ID, err)
	}
	return q, nil
}

// KBQuestion returns one question of an org.
func (s Knowledge) KBQuestion(ctx context.Context, orgID, id int64) (knowledge.Question, error) {
	q, err := scanQuestion(s.db.q(ctx).QueryRow(ctx, `SELECT `+questionColumns+` WHERE q.org_id = $1 AND q.id = $2`, orgID, id))
	if err != nil {
		return q, fmt.Errorf("question %d: %w", id, interpret(err))
	}
	return q, nil
}

// VoteQuestion records the asker's 👍 (+1) or 👎 (-1) on an answer. It
// returns ENotFound when the question is not theirs.
func (s Knowledge) VoteQuestion(ctx context.Context, orgID, id, employeeID int64, vote int, at time.Time) error {
	tag, err := s.db.q(ctx).Exec(ctx, `UPDATE kb_questions SET vote = $4, voted_at = $5 WHERE org_id = $1 AND id = $2 AND employee_id = $3`,
		orgID, id, employeeID, vote, at)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return fmt.Errorf("vote on question %d: %w", id, interpret(err))
	}
	return nil
}

// ForwardQuestion hands an unanswered question to the org's HR people (as
// notifications). It reports false when it had been forwarded already, so
// a double click tells HR once.
func (s Knowledge) ForwardQuestion(ctx context.Context, orgID, id, employeeID int64, at time.Time) (bool, error) {
	var forwarded bool
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE kb_questions SET forwarded_at = $4 WHERE org_id = $1 AND id = $2 AND employee_id = $3 AND forwarded_at IS NULL`,
			orgID, id, employeeID, at)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		forwarded = true
		rows, err := tx.Query(ctx, `SELECT id FROM employees WHERE org_id = $1 AND status = 'active' AND role IN ('hr', 'admin') AND id <> $2 ORDER BY role = 'hr' DESC, id`,
			orgID, employeeID)
		if err != nil {
			return err
		}
		hr, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for _, r := range hr {
			if err := notify(ctx, tx, core.Notification{OrgID: orgID, RecipientID: r, Kind: core.NotifyKBForwarded,
				Params: map[string]string{"id": strconv.FormatInt(id, 10)}, CreatedAt: at}); err != nil {
				return err
			}
		}
		return recordAudit(ctx, tx, core.AuditEntry{OrgID: orgID, At: at, ActorID: employeeID, Action: core.AuditKBForward,
			EntityType: "kb_question", EntityID: strconv.FormatInt(id, 10), After: map[string]any{"hr": len(hr)}, Outcome: "ok"})
	})
	if err != nil {
		return false, fmt.Errorf("forward question %d: %w", id, interpret(err))
	}
	return forwarded, nil
}

// AnswerQuestion stores HR's answer to a question and tells the asker.
func (s Knowledge) AnswerQuestion(ctx context.Context, orgID, id, by int64, text, channel string, at time.Time) (knowledge.Question, error) {
	var q knowledge.Question
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		q, err = scanQuestion(tx.QueryRow(ctx, `SELECT `+questionColumns+` WHERE q.org_id = $1 AND q.id = $2 FOR UPDATE OF q`, orgID, id))
		if err != nil {
			return err
		}
		before := q.HRAnswer
		if _, err := tx.Exec(ctx, `UPDATE kb_questions SET hr_answer = $2, hr_answered_by = $3, hr_answered_at = $4 WHERE id = $1`,
			id, text, by, at); err != nil {
			return err
		}
		q.HRAnswer = text
		if err := notify(ctx, tx, core.Notification{OrgID: orgID, RecipientID: q.EmployeeID, Kind: core.NotifyKBAnswered,
			Params: map[string]string{"id": strconv.FormatInt(id, 10)}, CreatedAt: at}); err != nil {
			return err
		}
		return recordAudit(ctx, tx, core.AuditEntry{OrgID: orgID, At: at, ActorID: by, Action: core.AuditKBAnswer,
			EntityType: "kb_question", EntityID: strconv.FormatInt(id, 10),
			Before: map[string]any{"hr_answer": before}, After: map[string]any{"hr_answer": text}, Channel: channel, Outcome: "ok"})
	})
	if err != nil {
		return q, fmt.Errorf("answer question %d: %w", id, interpret(err))
	}
	return q, nil
}

// KBGaps returns an org's questions the handbook could not answer and HR
// has not answered yet, newest first.
func (s Knowledge) KBGaps(ctx context.Context, orgID int64, limit int) ([]knowledge.Question, error) {
	return s.questions(ctx, `q.org_id = $1 AND q.outcome = 'unknown' AND q.hr_answer IS NULL`, orgID, limit)
}

// KBMarkedWrong returns answers their askers marked wrong, newest first.
func (s Knowledge) KBMarkedWrong(ctx context.Context, orgID int64, limit int) ([]knowledge.Question, error) {
	return s.questions(ctx, `q.org_id = $1 AND q.vote = -1`, orgID, limit)
}

func (s Knowledge) questions(ctx context.Context, where string, orgID int64, limit int) ([]knowledge.Question, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+questionColumns+` WHERE `+where+` ORDER BY q.asked_at DESC, q.id DESC LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, fmt.Errorf("questions of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (knowledge.Question, error) { return scanQuestion(r) })
	if err != nil {
		return nil, fmt.Errorf("questions of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// UpsertKBDoc adds or replaces one document of an org's handbook, leaving
// the others, and moves the revision when it changed anything; the audit
// row is written with it.
func (s Knowledge) UpsertKBDoc(ctx context.Context, orgID int64, d knowledge.Document, audit core.AuditEntry) (knowledge.Import, error) {
	var res knowledge.Import
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		// One import of an org at a time, as ImportKB.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7220421, $1::int)`, orgID); err != nil {
			return err
		}
		existing, err := kbDocuments(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if err := importKBDoc(ctx, tx, orgID, existing, d, audit.At, &res); err != nil {
			return err
		}
		if res.Unchanged > 0 {
			return tx.QueryRow(ctx, `SELECT coalesce((SELECT revision FROM kb_state WHERE org_id = $1), 0)`, orgID).Scan(&res.Revision)
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO kb_state (org_id, revision) VALUES ($1, 1)
			ON CONFLICT (org_id) DO UPDATE SET revision = kb_state.revision + 1
			RETURNING revision`, orgID).Scan(&res.Revision); err != nil {
			return err
		}
		audit.After = map[string]any{"doc": d.Name, "added": res.Added, "updated": res.Updated, "chunks": res.Chunks, "revision": res.Revision}
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return knowledge.Import{}, fmt.Errorf("upload to the knowledge base of org %d: %w", orgID, interpret(err))
	}
	return res, nil
}

// KBDocuments lists an org's handbook documents with their chunk counts.
func (s Knowledge) KBDocuments(ctx context.Context, orgID int64) ([]knowledge.DocInfo, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT d.name, d.title, d.imported_at, (SELECT count(*) FROM kb_chunks c WHERE c.document_id = d.id)
		FROM kb_documents d WHERE d.org_id = $1 ORDER BY d.name`, orgID)
	if err != nil {
		return nil, fmt.Errorf("handbook documents: %w", interpret(err))
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (knowledge.DocInfo, error) {
		var d knowledge.DocInfo
		err := r.Scan(&d.Name, &d.Title, &d.ImportedAt, &d.Chunks)
		return d, err
	})
}
