package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/sealed"
)

const recruitingOrg = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    employees:
      - {key: boss, name: Boss, role: manager, job: cs}
      - {key: hr, name: Hui, role: hr}
      - {key: li, name: Li, manager: boss, job: cs}
`

// The opening's questions: evenings (a "no" knocks out, a "yes" scores
// 10), years of experience (5 a year, up to 15), and why.
const recruitingQuestions = `{"cs": [
  {"key": "evenings", "text": {"zh-CN": "能上晚班吗？", "en": "Can you work evenings?"}, "kind": "yesno", "knock_out": "no", "score": "10"},
  {"key": "years", "text": {"en": "Years of experience?"}, "kind": "number", "score": "5", "max_score": "15"},
  {"key": "why", "text": {"en": "Why us?"}, "kind": "text"}]}`

// A candidate knocked out on an answer ends there; another answers every
// question (a wrong kind of answer asked again), sends a CV and a phone
// number, and reaches the hiring manager as applied with the score; the
// manager advances it, the candidate withdraws; nobody reaches another
// candidate's application, and a second start resumes the first.
func TestApplicationThroughThePipeline(t *testing.T) {
	t.Parallel()
	db, boss, li := openAsking(t, recruitingOrg)
	ctx := context.Background()
	clock := &movableClock{now: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	svc := recruiting.NewService(store.NewRecruiting(db), dir, nil, clock)

	if _, err := svc.Open(ctx, li, recruiting.OpenAsk{Job: "cs", Headcount: 2}, "test"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Fatalf("an employee opening a position: %v", err)
	}
	o, err := svc.Open(ctx, boss, recruiting.OpenAsk{Job: "cs", Headcount: 2}, "test")
	if err != nil || len(o.Questions) != 3 || len(o.Code) != 10 {
		t.Fatalf("open: %+v %v", o, err)
	}

	ann := recruiting.Account{Platform: core.PlatformTelegram, UserID: "9001", ChatID: "9001"}
	if _, _, err := svc.Start(ctx, recruiting.StartAsk{Code: o.Code, Account: ann, Name: "Ann"}); err != nil {
		t.Fatal(err)
	}
	p, err := svc.Consent(ctx, ann)
	if err != nil || p.Next == nil || p.Next.Key != "evenings" {
		t.Fatalf("after consent: %+v %v", p, err)
	}
	if _, err := svc.Answer(ctx, ann, "maybe"); !isKey(err, "recruiting.answer_yesno") {
		t.Fatalf("a maybe: %v", err)
	}
	if p, err = svc.Answer(ctx, ann, "不行"); err != nil || !p.KnockedOut {
		t.Fatalf("knocked out: %+v %v", p, err)
	}
	if a, err := svc.Latest(ctx, ann); err != nil || a.Reason != "evenings" {
		t.Fatalf("the question that knocked Ann out, read back: %q %v", a.Reason, err)
	}
	if _, err := svc.Answer(ctx, ann, "yes"); core.ErrorCodeOf(err) != core.ENotFound {
		t.Fatalf("answering after the knock-out: %v", err)
	}

	bo := recruiting.Account{Platform: core.PlatformTelegram, UserID: "9002", ChatID: "9002"}
	if _, _, err := svc.Start(ctx, recruiting.StartAsk{Code: o.Code, Account: bo, Name: "Bo", ReferrerID: li.Employee.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Consent(ctx, bo); err != nil {
		t.Fatal(err)
	}
	for _, answer := range []string{"可以", "4 年", "I like helping people"} {
		if p, err = svc.Answer(ctx, bo, answer); err != nil {
			t.Fatalf("%q: %v", answer, err)
		}
	}
	if !p.NeedCV || !p.NeedContact || p.Done {
		t.Fatalf("after the questions: %+v", p)
	}
	if _, err := svc.AddCV(ctx, bo, recruiting.File{Name: "cv.pdf", MIME: "application/pdf", Data: []byte("%PDF-1.4 cv")}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Contact(ctx, bo, "call me"); !isKey(err, "recruiting.bad_contact") {
		t.Fatalf("a contact that is none: %v", err)
	}
	if p, err = svc.Contact(ctx, bo, "+86 138-0013-8000"); err != nil || !p.Done {
		t.Fatalf("contact: %+v %v", p, err)
	}
	a := p.Application
	if a.Stage != recruiting.Applied || a.Score.String() != "25" || a.Source != recruiting.FromReferral {
		t.Fatalf("submitted: stage %s score %s source %s", a.Stage, a.Score, a.Source)
	}
	if n := count(t, db, `SELECT count(*) FROM notifications WHERE kind = 'recruiting.applied' AND recipient_id = $1`, boss.Employee.ID); n != 1 {
		t.Errorf("the hiring manager told %d times", n)
	}
	if n := count(t, db, `SELECT count(*) FROM candidates WHERE position('\x3133383030313338303030'::bytea in contact_sealed) > 0`); n != 0 {
		t.Error("the phone number is stored in clear")
	}
	// Starting again resumes the same application.
	if again, _, err := svc.Start(ctx, recruiting.StartAsk{Code: o.Code, Account: bo}); !isKey(err, "recruiting.applied_before") || again.ID != a.ID {
		t.Fatalf("second start: %d %v", again.ID, err)
	}

	if _, err := svc.Advance(ctx, li, a.ID, recruiting.Applied, "test"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Fatalf("someone else's candidate advanced: %v", err)
	}
	if a, err = svc.Advance(ctx, boss, a.ID, recruiting.Applied, "test"); err != nil || a.Stage != recruiting.Screened {
		t.Fatalf("advance: %s %v", a.Stage, err)
	}
	if _, err := svc.Withdraw(ctx, ann, a.ID); !isKey(err, "recruiting.no_application") {
		t.Fatalf("Ann withdrawing Bo's application: %v", err)
	}
	if a, err = svc.Withdraw(ctx, bo, a.ID); err != nil || a.Stage != recruiting.Withdrawn {
		t.Fatalf("withdraw: %s %v", a.Stage, err)
	}
	if _, err := svc.Reject(ctx, boss, a.ID, "too late", "test"); !isKey(err, "recruiting.moved_meanwhile") {
		t.Fatalf("rejecting a withdrawn application: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM application_moves WHERE application_id = $1`, a.ID); n != 4 {
		t.Errorf("moves recorded: %d, want 4 (applying, applied, screened, withdrawn)", n)
	}
}

// openAsking is openSealedDB with orgs applied and shop asking
// recruitingQuestions (kept 180 days, stale after 3); it returns shop's
// boss and li.
func openAsking(t *testing.T, orgs string) (db *store.DB, boss, li core.Member) {
	t.Helper()
	db = openSealedDB(t)
	if _, err := apply(t, db, orgs); err != nil {
		t.Fatal(err)
	}
	boss, li = memberIn(t, db, "shop", "boss"), memberIn(t, db, "shop", "li")
	if _, err := db.Pool().Exec(context.Background(), `INSERT INTO recruiting_policies (org_id, retention_days, stale_days, questions)
		VALUES ($1, 180, 3, $2)`, boss.Org.ID, recruitingQuestions); err != nil {
		t.Fatal(err)
	}
	return db, boss, li
}

// openSealedDB is openDB with a key to seal candidates' contacts and
// files, which recruiting needs to open a position at all.
func openSealedDB(t testing.TB) *store.DB {
	t.Helper()
	db := openDB(t)
	key, err := sealed.NewKey(bytes.Repeat([]byte{4}, 32))
	if err != nil {
		t.Fatal(err)
	}
	db.SetSealKey(key)
	return db
}

// Without a key nobody can open a position: candidates would be asked
// for what could not be kept.
func TestOpeningNeedsAKey(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := apply(t, db, recruitingOrg); err != nil {
		t.Fatal(err)
	}
	boss := memberIn(t, db, "shop", "boss")
	clock := &movableClock{now: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	svc := recruiting.NewService(store.NewRecruiting(db), core.NewDirectory(store.NewDirectory(db), clock), nil, clock)
	if _, err := svc.Open(context.Background(), boss, recruiting.OpenAsk{Job: "cs", Headcount: 1}, "test"); !isKey(err, "recruiting.no_key") {
		t.Fatalf("open without a key: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM openings`); n != 0 {
		t.Errorf("%d openings stored", n)
	}
}

// Every private message asks whether its sender is applying, by chat
// account alone: an index serves that lookup (with sequential scans
// priced out, the plan names it).
func TestCandidateLookupByAccountIsIndexed(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	tx, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	var plan []string
	rows, err := tx.Query(ctx, `EXPLAIN SELECT id FROM candidates WHERE platform = 'telegram' AND user_id = '9001' AND erased_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if got := strings.Join(plan, "\n"); !strings.Contains(got, "candidates_by_account") {
		t.Errorf("the lookup by account uses no index:\n%s", got)
	}
}
