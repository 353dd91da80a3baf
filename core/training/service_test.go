package training_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/training"
	"github.com/hrbot/hrbot/core/training/quiz"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }
func both(s string) map[core.Locale]string {
	return map[core.Locale]string{core.LocaleEN: s, core.LocaleZH: s}
}

// bank: q1 single (b right), q2 multiple (a and c right), q3 single (a right).
func testBank() quiz.Bank {
	choice := func(id string, right bool) quiz.Choice {
		return quiz.Choice{ID: id, Text: both("choice " + id), Correct: right}
	}
	return quiz.Bank{Code: "cs-1", Title: both("Customer service 1"), Skill: "customer-service", Level: 1, PassMark: 60,
		TimeLimit: 10 * time.Minute, Questions: []quiz.Question{
			{ID: "q1", Text: both("one"), Choices: []quiz.Choice{choice("a", false), choice("b", true)}},
			{ID: "q2", Text: both("two"), Choices: []quiz.Choice{choice("a", true), choice("b", false), choice("c", true)}},
			{ID: "q3", Text: both("three"), Choices: []quiz.Choice{choice("a", true), choice("b", false)}},
		}}
}

type fixture struct {
	db    *store.DB
	svc   *training.Service
	clock *clock
	amy   core.Member
	bo    core.Member
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	spec, err := orgfile.Parse("org.yaml", []byte(`
orgs:
  - key: shop
    name: Shop
    training: {certificate_months: 6, retake_hours: 24}
    employees:
      - {key: amy, name: Amy, telegram: "1"}
      - {key: bo, name: Bo, telegram: "2"}
`))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	if _, err := store.NewSetup(db).ApplyOrgFile(ctx, spec, "test", c.Now()); err != nil {
		t.Fatal(err)
	}
	dir := core.NewDirectory(store.NewDirectory(db), c)
	f := &fixture{db: db, svc: training.NewService(store.NewTraining(db), dir, c), clock: c}
	if f.amy, err = dir.Identify(ctx, core.PlatformTelegram, "1"); err != nil {
		t.Fatal(err)
	}
	if f.bo, err = dir.Identify(ctx, core.PlatformTelegram, "2"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Import(ctx, f.amy.Org.ID, testBank()); err != nil {
		t.Fatal(err)
	}
	return f
}

// answer answers the current question of a with the given choices.
func (f *fixture) answer(t *testing.T, m core.Member, a training.Attempt, choices ...string) training.Attempt {
	t.Helper()
	ctx := context.Background()
	q, _, ok := a.Current()
	if !ok {
		t.Fatal("no current question")
	}
	var err error
	if !q.Multiple() {
		a, err = f.svc.Press(ctx, m, training.Answer{AttemptID: a.ID, Position: a.Position, Choice: choices[0]})
	} else {
		pos := a.Position
		for _, c := range choices {
			if a, err = f.svc.Press(ctx, m, training.Answer{AttemptID: a.ID, Position: pos, Choice: c}); err != nil {
				t.Fatal(err)
			}
		}
		a, err = f.svc.Press(ctx, m, training.Answer{AttemptID: a.ID, Position: pos, Submit: true})
	}
	if err != nil {
		t.Fatalf("answer %v: %v", choices, err)
	}
	return a
}

var right = map[string][]string{"q1": {"b"}, "q2": {"a", "c"}, "q3": {"a"}}

func key(err error) string {
	if e, ok := core.AsError(err); ok {
		return e.Key
	}
	return ""
}

func TestPassCertifiesAndRetakesWait(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, err := f.svc.Start(ctx, f.amy, "cs-1")
	if err != nil {
		t.Fatal(err)
	}
	// Resuming (another device) continues the same attempt.
	if again, err := f.svc.Start(ctx, f.amy, "cs-1"); err != nil || again.ID != a.ID {
		t.Fatalf("resume: %d vs %d, %v", again.ID, a.ID, err)
	}
	// Multiple choice: a subset is wrong; everything else right → 2/3 = 66% ≥ 60.
	for range 3 {
		q, _, _ := a.Current()
		choices := right[q.ID]
		if q.ID == "q2" {
			choices = []string{"a"}
		}
		a = f.answer(t, f.amy, a, choices...)
	}
	if a.Status != training.AttemptSubmitted || a.Result.Correct != 2 || a.Result.Percent != 66 || !a.Result.Passed {
		t.Fatalf("result %+v", a.Result)
	}
	// Certified for six months.
	skills, err := f.svc.Skills(ctx, f.amy)
	if err != nil || len(skills) != 1 || skills[0].Level != 1 || !skills[0].ExpiresAt.Equal(f.clock.Now().AddDate(0, 6, 0)) {
		t.Fatalf("skills %+v, %v", skills, err)
	}
	// A stale button of the finished attempt changes nothing.
	if _, err := f.svc.Press(ctx, f.amy, training.Answer{AttemptID: a.ID, Position: 0, Choice: "a"}); key(err) != "quiz.finished" {
		t.Errorf("press on a finished attempt: %v", err)
	}

	// Bo fails; he must wait a day to retake.
	b, err := f.svc.Start(ctx, f.bo, "cs-1")
	if err != nil {
		t.Fatal(err)
	}
	// Amy's button on Bo's attempt does nothing.
	if _, err := f.svc.Press(ctx, f.amy, training.Answer{AttemptID: b.ID, Position: 0, Choice: "a"}); key(err) != "quiz.not_yours" {
		t.Errorf("someone else's press: %v", err)
	}
	for range 3 {
		b = f.answer(t, f.bo, b, "b")
	}
	if b.Result.Passed {
		t.Fatalf("Bo passed with %+v", b.Result)
	}
	f.clock.Add(23 * time.Hour)
	if _, err := f.svc.Start(ctx, f.bo, "cs-1"); key(err) != "quiz.cooldown" {
		t.Errorf("retake after 23h: %v", err)
	}
	f.clock.Add(2 * time.Hour)
	if _, err := f.svc.Start(ctx, f.bo, "cs-1"); err != nil {
		t.Errorf("retake after 25h: %v", err)
	}
}

func TestTimeLimitIsKeptByTheServer(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, err := f.svc.Start(ctx, f.amy, "cs-1")
	if err != nil {
		t.Fatal(err)
	}
	q, _, _ := a.Current()
	a = f.answer(t, f.amy, a, right[q.ID]...)
	// Eleven minutes later the next press finds time up: scored as it stands.
	f.clock.Add(11 * time.Minute)
	q, _, _ = a.Current()
	a, err = f.svc.Press(ctx, f.amy, training.Answer{AttemptID: a.ID, Position: a.Position, Choice: right[q.ID][0]})
	if err != nil {
		t.Fatal(err)
	}
	if !a.TimedOut || a.Status != training.AttemptSubmitted || a.Result.Correct != 1 || a.Result.Passed {
		t.Errorf("after the limit: timed out %v, %+v", a.TimedOut, a.Result)
	}
}

func TestExpiredCertificateNoLongerQualifies(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, err := f.svc.Start(ctx, f.amy, "cs-1")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		q, _, _ := a.Current()
		a = f.answer(t, f.amy, a, right[q.ID]...)
	}
	window := func(at time.Time) map[string]int {
		people, err := store.NewCovers(f.db).Candidates(ctx, []int64{f.amy.Org.ID}, at, at.Add(time.Hour), at)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range people {
			if p.Key == "amy" {
				return p.Skills
			}
		}
		return nil
	}
	if got := window(f.clock.Now().AddDate(0, 5, 0)); got["customer-service"] != 1 {
		t.Errorf("skills in five months: %v", got)
	}
	if got := window(f.clock.Now().AddDate(0, 7, 0)); got["customer-service"] != 0 {
		t.Errorf("skills in seven months (certificate expired): %v", got)
	}
}
