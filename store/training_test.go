package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training"
	"github.com/hrbot/hrbot/core/training/quiz"
	"github.com/hrbot/hrbot/store"
)

// csBank is a two-question quiz certifying customer-service at level 2.
func csBank() quiz.Bank {
	q := func(id string) quiz.Question {
		return quiz.Question{ID: id, Text: map[core.Locale]string{core.LocaleEN: "Question " + id},
			Choices: []quiz.Choice{{ID: "a", Text: map[core.Locale]string{core.LocaleEN: "right"}, Correct: true},
				{ID: "b", Text: map[core.Locale]string{core.LocaleEN: "wrong"}}}}
	}
	return quiz.Bank{Code: "cs-2", Title: map[core.Locale]string{core.LocaleEN: "Customer service"}, Skill: "customer-service",
		Level: 2, PassMark: 50, Questions: []quiz.Question{q("q1"), q("q2")}}
}

// trainingShop is the shop with csBank imported.
func trainingShop(t *testing.T) (*shopFixture, store.Training, training.StoredBank) {
	t.Helper()
	f := newShop(t)
	tr := store.NewTraining(f.db)
	bank, changed, err := tr.SaveBank(context.Background(), f.org, csBank(), at(t, "03-01", 9, 0), training.Importer{Channel: "cli"})
	if err != nil || !changed || bank.Version != 1 {
		t.Fatalf("import: %+v changed %v, %v", bank, changed, err)
	}
	return f, tr, bank
}

func (f *shopFixture) attempt(t *testing.T, who string, b training.StoredBank, started time.Time) training.Attempt {
	t.Helper()
	return training.Attempt{OrgID: f.org, BankID: b.ID, BankVersion: b.Version, EmployeeID: f.people[who].ID, Bank: b.Bank,
		Paper: quiz.Draw(b.Bank, 1), Answers: map[string][]string{}, StartedAt: started, Status: training.AttemptOpen}
}

// pass stores a submitted, passed attempt of who on md and returns its id.
func (f *shopFixture) pass(t *testing.T, tr store.Training, who string, b training.StoredBank, md string) int64 {
	t.Helper()
	a, err := tr.CreateAttempt(context.Background(), f.attempt(t, who, b, at(t, md, 10, 0)))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range a.Paper.Items {
		a.Answers[q.QuestionID] = []string{"a"}
	}
	a.Status, a.SubmittedAt = training.AttemptSubmitted, at(t, md, 10, 5)
	a.Result = quiz.Score(a.Bank, a.Paper, a.Answers)
	if err := tr.SaveAttempt(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// An attempt is one per person and quiz while open (a second device gets
// the first), keeps its progress, and once submitted is found as the last
// one, with its score, in the quiz's results.
func TestTrainingAttempts(t *testing.T) {
	t.Parallel()
	f, tr, bank := trainingShop(t)
	ctx := context.Background()
	amy := f.people["amy"].ID
	if _, err := tr.OpenAttempt(ctx, bank.ID, amy); core.ErrorCodeOf(err) != core.ENotFound {
		t.Fatalf("no attempt yet: %v", err)
	}
	a, err := tr.CreateAttempt(ctx, f.attempt(t, "amy", bank, at(t, "03-02", 10, 0)))
	if err != nil || a.ID == 0 {
		t.Fatalf("create: %+v, %v", a, err)
	}
	twin, err := tr.CreateAttempt(ctx, f.attempt(t, "amy", bank, at(t, "03-02", 10, 1)))
	if err != nil || twin.ID != a.ID || !twin.StartedAt.Equal(a.StartedAt) {
		t.Fatalf("second start: %+v, %v; want the first attempt", twin, err)
	}

	first := a.Paper.Items[0].QuestionID
	a.Answers[first], a.Position, a.Selected = []string{"a"}, 1, []string{"b"}
	if err := tr.SaveAttempt(ctx, a); err != nil {
		t.Fatal(err)
	}
	err = f.db.InTurn(ctx, func(ctx context.Context) error {
		got, err := tr.LockAttempt(ctx, a.ID)
		if err != nil || got.Position != 1 || !slices.Equal(got.Answers[first], []string{"a"}) || !slices.Equal(got.Selected, []string{"b"}) {
			t.Errorf("progress read back: %+v, %v", got, err)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.LastSubmitted(ctx, bank.ID, amy); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("nothing submitted yet: %v", err)
	}

	for _, q := range a.Paper.Items {
		a.Answers[q.QuestionID] = []string{"a"}
	}
	a.Status, a.SubmittedAt, a.Selected = training.AttemptSubmitted, at(t, "03-02", 10, 5), nil
	a.Result = quiz.Score(a.Bank, a.Paper, a.Answers)
	if err := tr.SaveAttempt(ctx, a); err != nil {
		t.Fatal(err)
	}
	last, err := tr.LastSubmitted(ctx, bank.ID, amy)
	if err != nil || last.ID != a.ID || !last.Result.Passed || last.Result.Correct != 2 || !last.SubmittedAt.Equal(a.SubmittedAt) {
		t.Errorf("last submitted: %+v, %v", last, err)
	}
	if _, err := tr.OpenAttempt(ctx, bank.ID, amy); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("open attempt after submitting: %v", err)
	}
	next, err := tr.CreateAttempt(ctx, f.attempt(t, "amy", bank, at(t, "03-03", 10, 0)))
	if err != nil || next.ID == a.ID {
		t.Errorf("a retake is a new attempt: %+v, %v", next, err)
	}
	results, err := tr.SubmittedAttempts(ctx, bank.ID)
	if err != nil || len(results) != 1 || results[0].EmployeeName != "Amy" || results[0].Result.Percent != 100 {
		t.Errorf("results: %+v, %v", results, err)
	}
	if _, err := tr.LockAttempt(ctx, a.ID+1000); !isKey(err, "quiz.stale") {
		t.Errorf("unknown attempt: %v", err)
	}
}

// A pass certifies a skill level, once per level (a retake renews it),
// with an audit row; the person's skills list the org file's and the
// quizzes', expired ones included to say they expired.
func TestTrainingCertifications(t *testing.T) {
	t.Parallel()
	f, tr, bank := trainingShop(t)
	ctx := context.Background()
	amy := f.people["amy"].ID
	if _, err := f.db.Pool().Exec(ctx, `INSERT INTO employee_skills (org_id, employee_id, skill, level) VALUES ($1, $2, 'bookkeeping', 3)`,
		f.org, amy); err != nil {
		t.Fatal(err)
	}
	passes := []int64{f.pass(t, tr, "amy", bank, "01-02"), f.pass(t, tr, "amy", bank, "03-02"), f.pass(t, tr, "amy", bank, "04-02")}
	cert := training.Certification{OrgID: f.org, EmployeeID: amy, Skill: "customer-service", Level: 2, BankID: bank.ID, AttemptID: passes[1],
		CertifiedAt: at(t, "03-02", 10, 5), ExpiresAt: at(t, "09-02", 10, 5)}
	if err := tr.Certify(ctx, cert); err != nil {
		t.Fatal(err)
	}
	cert.AttemptID, cert.CertifiedAt, cert.ExpiresAt = passes[2], at(t, "04-02", 10, 5), at(t, "10-02", 10, 5)
	if err := tr.Certify(ctx, cert); err != nil {
		t.Fatal(err)
	}
	lower := training.Certification{OrgID: f.org, EmployeeID: amy, Skill: "customer-service", Level: 1, BankID: bank.ID, AttemptID: passes[0],
		CertifiedAt: at(t, "01-02", 10, 0), ExpiresAt: at(t, "02-02", 10, 0)}
	if err := tr.Certify(ctx, lower); err != nil {
		t.Fatal(err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM certifications WHERE employee_id = $1`, amy); n != 2 {
		t.Errorf("%d certifications, want one per level", n)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'training.certify'`); n != 3 {
		t.Errorf("%d audit rows, want one per pass", n)
	}
	skills, err := tr.Skills(ctx, amy, at(t, "05-01", 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range skills {
		expires := "never"
		if !s.ExpiresAt.IsZero() {
			expires = s.ExpiresAt.Format("01-02")
		}
		got = append(got, fmt.Sprintf("%s:%d %s %s", s.Skill, s.Level, s.Source, expires))
	}
	want := []string{"bookkeeping:3 orgfile never", "customer-service:2 cs-2 10-02", "customer-service:1 cs-2 02-02"}
	if !slices.Equal(got, want) {
		t.Errorf("skills:\n got %q\nwant %q", got, want)
	}

	// The cover pool counts a certificate valid when the cover starts.
	for _, c := range []struct {
		start time.Time
		want  int
	}{{at(t, "05-01", 9, 0), 2}, {at(t, "11-01", 9, 0), 0}} {
		people, err := store.NewCovers(f.db).Candidates(ctx, []int64{f.org}, c.start, c.start.Add(time.Hour), c.start)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range people {
			if p.ID == amy && p.Skills["customer-service"] != c.want {
				t.Errorf("cover at %s: customer-service %d, want %d", c.start.Format("01-02"), p.Skills["customer-service"], c.want)
			}
		}
	}
}

// Assigning a quiz counts only new assignees; an assignment is done once
// completed, and the quiz can be assigned again after.
func TestTrainingAssignments(t *testing.T) {
	t.Parallel()
	f, tr, bank := trainingShop(t)
	ctx := context.Background()
	amy, ben, boss := f.people["amy"].ID, f.people["ben"].ID, f.people["boss"].ID
	deadline := at(t, "03-09", 18, 0)
	for _, c := range []struct {
		who  []int64
		want int
	}{{[]int64{amy}, 1}, {[]int64{amy, ben}, 1}, {[]int64{amy, ben}, 0}} {
		if n, err := tr.AssignQuiz(ctx, f.org, bank.ID, c.who, boss, deadline, at(t, "03-02", 9, 0)); err != nil || n != c.want {
			t.Errorf("assign %v: %d new, %v; want %d", c.who, n, err, c.want)
		}
	}
	assigned, err := tr.AssignedQuizzes(ctx, amy)
	if err != nil || len(assigned) != 1 || !assigned[bank.ID].Equal(deadline) {
		t.Errorf("amy's quizzes: %v, %v", assigned, err)
	}
	if err := tr.CompleteAssignment(ctx, bank.ID, amy, at(t, "03-03", 9, 0)); err != nil {
		t.Fatal(err)
	}
	if assigned, _ := tr.AssignedQuizzes(ctx, amy); len(assigned) != 0 {
		t.Errorf("after completing: %v", assigned)
	}
	if n, err := tr.AssignQuiz(ctx, f.org, bank.ID, []int64{amy}, boss, time.Time{}, at(t, "03-04", 9, 0)); err != nil || n != 1 {
		t.Errorf("assign again after completion: %d, %v", n, err)
	}
	if assigned, _ := tr.AssignedQuizzes(ctx, amy); len(assigned) != 1 || !assigned[bank.ID].IsZero() {
		t.Errorf("no deadline: %v", assigned)
	}
}
