package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/knowledge"
	"github.com/hrbot/hrbot/store"
)

func kbOrg(t *testing.T, db *store.DB) (orgID, alice, hr int64) {
	t.Helper()
	if _, err := apply(t, db, `
orgs:
  - key: shop
    name: Shop
    employees:
      - {key: alice, name: Alice}
      - {key: zhao, name: Zhao, role: hr}
      - {key: amy, name: Amy, role: admin}
`); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := db.Pool().QueryRow(ctx, `SELECT org_id, id FROM employees WHERE key = 'alice'`).Scan(&orgID, &alice); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM employees WHERE key = 'zhao'`).Scan(&hr); err != nil {
		t.Fatal(err)
	}
	return orgID, alice, hr
}

func doc(name, hash string, sections ...string) knowledge.Document {
	d := knowledge.Document{Name: name, Title: name, Hash: hash}
	for _, s := range sections {
		d.Chunks = append(d.Chunks, knowledge.Chunk{Section: s, Path: []string{s}, Text: s + " text"})
	}
	return d
}

// A re-import touches only what changed: unchanged files keep their
// chunks, changed ones are replaced, missing ones removed; the revision
// moves only when something changed.
func TestImportKBReplacesOnlyWhatChanged(t *testing.T) {
	db := openDB(t)
	org, _, _ := kbOrg(t, db)
	ctx := context.Background()
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

	res, err := store.NewKnowledge(db).ImportKB(ctx, org, []knowledge.Document{doc("a.md", "h1", "A1", "A2"), doc("b.md", "h1", "B1")}, "test", at)
	if err != nil {
		t.Fatal(err)
	}
	if want := (knowledge.Import{Added: 2, Chunks: 3, Revision: 1}); res != want {
		t.Fatalf("first import: %+v, want %+v", res, want)
	}
	first, _, err := store.NewKnowledge(db).KBPassages(ctx, org)
	if err != nil {
		t.Fatal(err)
	}

	res, err = store.NewKnowledge(db).ImportKB(ctx, org, []knowledge.Document{doc("a.md", "h1", "A1", "A2"), doc("b.md", "h1", "B1")}, "test", at)
	if err != nil {
		t.Fatal(err)
	}
	if want := (knowledge.Import{Unchanged: 2, Revision: 1}); res != want {
		t.Fatalf("same import: %+v, want %+v", res, want)
	}

	vec := doc("c.md", "h1", "C1")
	vec.Model, vec.Chunks[0].Vector = "emb", []float32{0.5, -1, 2}
	res, err = store.NewKnowledge(db).ImportKB(ctx, org, []knowledge.Document{doc("a.md", "h1", "A1", "A2"), doc("b.md", "h2", "B1", "B2"), vec}, "test", at)
	if err != nil {
		t.Fatal(err)
	}
	if want := (knowledge.Import{Added: 1, Updated: 1, Unchanged: 1, Chunks: 3, Revision: 2}); res != want {
		t.Fatalf("changed import: %+v, want %+v", res, want)
	}
	passages, rev, err := store.NewKnowledge(db).KBPassages(ctx, org)
	if err != nil || rev != 2 {
		t.Fatalf("passages at %d: %v", rev, err)
	}
	var sections []string
	for _, p := range passages {
		sections = append(sections, p.Doc+"/"+p.Section)
		if p.Doc == "a.md" && p.ID != first[0].ID && p.Section == "A1" {
			t.Errorf("unchanged a.md was rewritten: id %d, was %d", p.ID, first[0].ID)
		}
		if p.Doc == "c.md" && !reflect.DeepEqual(p.Vector, []float32{0.5, -1, 2}) {
			t.Errorf("vector of c.md: %v", p.Vector)
		}
	}
	if want := []string{"a.md/A1", "a.md/A2", "b.md/B1", "b.md/B2", "c.md/C1"}; !reflect.DeepEqual(sections, want) {
		t.Errorf("sections %v, want %v", sections, want)
	}

	res, err = store.NewKnowledge(db).ImportKB(ctx, org, []knowledge.Document{doc("c.md", "h1", "C1")}, "test", at)
	if err != nil {
		t.Fatal(err)
	}
	if want := (knowledge.Import{Removed: 2, Updated: 1, Chunks: 1, Revision: 3}); res != want {
		t.Fatalf("import with files gone: %+v, want %+v", res, want)
	}
	var audits int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'kb.import'`).Scan(&audits); err != nil || audits != 3 {
		t.Errorf("%d kb.import audit rows (%v), want 3: one per import that changed something", audits, err)
	}
}

// A question forwarded twice (a double click) tells HR once; HR's answer
// reaches the asker; only the asker votes on their answer.
func TestQuestionsForHR(t *testing.T) {
	db := openDB(t)
	org, alice, hr := kbOrg(t, db)
	ctx := context.Background()
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

	unknown, err := store.NewKnowledge(db).RecordQuestion(ctx, knowledge.Question{OrgID: org, EmployeeID: alice, Text: "Wi-Fi password?", Locale: core.LocaleEN,
		Outcome: knowledge.Unknown, Relevance: 0.1, AskedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	answered, err := store.NewKnowledge(db).RecordQuestion(ctx, knowledge.Question{OrgID: org, EmployeeID: alice, Text: "sick leave?", Locale: core.LocaleEN,
		Outcome: knowledge.Answered, Answer: "12 days", Sources: []knowledge.Source{{Doc: "leave.md", Section: "Sick leave"}}, AskedAt: at.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}

	for i, want := range []bool{true, false} {
		sent, err := store.NewKnowledge(db).ForwardQuestion(ctx, org, unknown, alice, at.Add(2*time.Minute))
		if err != nil || sent != want {
			t.Fatalf("forward #%d: %v %v, want %v", i+1, sent, err, want)
		}
	}
	var notes int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM notifications WHERE kind = 'kb.forwarded'`).Scan(&notes); err != nil || notes != 2 {
		t.Errorf("%d forwarded notifications (%v), want 2: HR and the admin, once each", notes, err)
	}
	if _, err := store.NewKnowledge(db).ForwardQuestion(ctx, org, answered, hr, at); err != nil {
		t.Fatal(err)
	}
	if err := store.NewKnowledge(db).VoteQuestion(ctx, org, answered, hr, -1, at); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("someone else's vote: %v, want not found", err)
	}
	if err := store.NewKnowledge(db).VoteQuestion(ctx, org, answered, alice, -1, at); err != nil {
		t.Fatal(err)
	}

	gaps, err := store.NewKnowledge(db).KBGaps(ctx, org, 10)
	if err != nil || len(gaps) != 1 || gaps[0].ID != unknown || gaps[0].EmployeeName != "Alice" || gaps[0].ForwardedAt.IsZero() {
		t.Fatalf("gaps: %+v %v", gaps, err)
	}
	wrong, err := store.NewKnowledge(db).KBMarkedWrong(ctx, org, 10)
	if err != nil || len(wrong) != 1 || wrong[0].ID != answered || wrong[0].Sources[0].Section != "Sick leave" {
		t.Fatalf("marked wrong: %+v %v", wrong, err)
	}

	q, err := store.NewKnowledge(db).AnswerQuestion(ctx, org, unknown, hr, "On the kitchen board.", "console", at.Add(time.Hour))
	if err != nil || q.HRAnswer != "On the kitchen board." {
		t.Fatalf("answer: %+v %v", q, err)
	}
	if gaps, _ := store.NewKnowledge(db).KBGaps(ctx, org, 10); len(gaps) != 0 {
		t.Errorf("an answered question is still a gap: %+v", gaps)
	}
	var told int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM notifications WHERE kind = 'kb.answered' AND recipient_id = $1`, alice).Scan(&told); err != nil || told != 1 {
		t.Errorf("asker told %d times (%v), want 1", told, err)
	}
}
