package onboarding_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/onboarding"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/staff"
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
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.now = t; c.mu.Unlock() }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// shanghai is a moment on a day in the org's zone.
func shanghai(day string, hour, minute int) time.Time {
	d, _ := core.ParseDate(day)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	return d.At(hour*60+minute, loc)
}

// keptOutbox keeps what training sends instead of queueing it.
type keptOutbox struct {
	mu   sync.Mutex
	sent []core.Outgoing
}

func (o *keptOutbox) Send(_ context.Context, m core.Outgoing) (core.Reach, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m)
	return core.Reach{}, nil
}

const org = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    teams: [{key: kf, name: 客服组}]
    employees:
      - {key: boss, name: Boss, role: manager, job: ops}
      - {key: hr, name: Helen, role: hr}
      - {key: mei, name: Mei, job: cs, team: kf, hire_date: 2019-03-01}
      - {key: li, name: Li, job: cs, hire_date: 2021-06-01}
      - {key: zed, name: Zed, job: cs}
    onboarding:
      checklists:
        - job: cs
          buddy: most_tenured
          tasks:
            - {title: {zh-CN: 准备工位, en: Prepare a desk}, owner: hr, day: -2}
            - {title: {zh-CN: 介绍团队, en: Introduce the team}, owner: manager, day: 0}
            - {title: {zh-CN: 一起值班, en: First shift together}, owner: buddy, day: 1}
            - {title: {zh-CN: 客服测验, en: CS quiz}, owner: person, day: 3, quiz: cs-1}
`

type fixture struct {
	db    *store.DB
	clock *clock
	dir   *core.Directory
	staff *staff.Service
	svc   *onboarding.Service
	desk  *training.Desk
	neo   core.Employee
}

// newFixture applies org, imports quiz cs-1 and hires Neo (customer
// service, reporting to boss, day one 2026-12-01) at the staff desk on
// 2026-11-25, as HR.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	spec, err := orgfile.Parse("org.yaml", []byte(org))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{now: shanghai("2026-11-25", 10, 0)}
	if _, err := orgfile.NewSetup(store.NewSetup(db), c).Apply(ctx, spec, "org.yaml"); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, clock: c, dir: core.NewDirectory(store.NewDirectory(db), c)}
	f.staff = staff.NewService(store.NewStaff(db), f.dir, c)
	f.desk = &training.Desk{Service: training.NewService(store.NewTraining(db), f.dir, c), Store: store.NewTraining(db),
		Audience: store.NewAudience(db), Outbox: &keptOutbox{}, Clock: c}
	f.restart()
	hr := f.member(t, "hr")
	both := func(s string) map[core.Locale]string {
		return map[core.Locale]string{core.LocaleEN: s, core.LocaleZH: s}
	}
	if _, _, err := f.desk.Service.Import(ctx, hr.Org.ID, quiz.Bank{Code: "cs-1", Title: both("CS"), Skill: "cs", Level: 1, PassMark: 60,
		Questions: []quiz.Question{{ID: "q", Text: both("?"), Choices: []quiz.Choice{{ID: "a", Text: both("a"), Correct: true}, {ID: "b", Text: both("b")}}}}}); err != nil {
		t.Fatal(err)
	}
	f.neo, _, err = f.staff.Hire(ctx, hr, staff.NewPerson{Key: "neo", Name: "Neo", Job: "cs", Manager: "boss",
		HireDate: core.NewDate(2026, 12, 1)}, "web")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// restart replaces the service with a new one over the same database, as
// a process restart would.
func (f *fixture) restart() {
	f.svc = onboarding.NewService(store.NewOnboarding(f.db), store.NewEvents(f.db), f.desk, f.dir, f.clock)
}

func (f *fixture) member(t *testing.T, key string) core.Member {
	t.Helper()
	m, err := f.dir.Identify(context.Background(), core.PlatformConsole, "shop/"+key)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (f *fixture) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// notes counts the notifications of kind written for person.
func (f *fixture) notes(t *testing.T, kind, person string) int {
	t.Helper()
	return f.count(t, `SELECT count(*) FROM notifications n JOIN employees e ON e.id = n.recipient_id WHERE n.kind = $1 AND e.key = $2`,
		kind, person)
}

func (f *fixture) tick(t *testing.T) {
	t.Helper()
	if err := f.svc.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestHireMakesChecklist(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	if n, err := f.svc.TakeHires(ctx); err != nil || n != 6 {
		t.Fatalf("took %d hires (%v), want 6: the org file's five and Neo", n, err)
	}
	if n, err := f.svc.TakeHires(ctx); err != nil || n != 0 {
		t.Fatalf("took hires again: %d, %v", n, err)
	}
	c, err := f.svc.Progress(ctx, f.member(t, "hr"), f.neo, "web")
	if err != nil {
		t.Fatal(err)
	}
	if c.Anchor != core.NewDate(2026, 12, 1) || c.CreatedOn != core.NewDate(2026, 11, 25) || len(c.Tasks) != 4 {
		t.Fatalf("checklist %+v", c)
	}
	boss := f.member(t, "boss").Employee
	want := []struct {
		due, owner string
	}{{"2026-11-29", ""}, {"2026-12-01", "Boss"}, {"2026-12-02", "Mei"}, {"2026-12-04", "Neo"}}
	for i, w := range want {
		if got := c.Tasks[i]; got.Due.String() != w.due || got.OwnerName != w.owner {
			t.Errorf("task %d %q: due %s owner %q, want %s %q", i, got.Title.In(core.LocaleEN), got.Due, got.OwnerName, w.due, w.owner)
		}
	}
	if c.Tasks[1].OwnerID != boss.ID {
		t.Errorf("the manager's task is %d's, want boss %d", c.Tasks[1].OwnerID, boss.ID)
	}
	// Mei has been here longest of customer service (Zed's tenure is unknown).
	if c.Buddy == nil || c.Buddy.BuddyKey != "mei" || c.Buddy.Since != c.Anchor || c.Buddy.Rule != onboarding.BuddyMostTenured {
		t.Errorf("buddy %+v, want mei since day one", c.Buddy)
	}
	if n := f.count(t, `SELECT count(*) FROM buddies b JOIN employees e ON e.id = b.buddy_id WHERE e.key = 'mei' AND b.since = '2026-12-01'`); n != 1 {
		t.Errorf("%d buddy records for mei", n)
	}
	var deadline time.Time
	if err := f.db.Pool().QueryRow(ctx, `SELECT a.deadline FROM quiz_assignments a JOIN quiz_banks b ON b.id = a.bank_id
		WHERE b.code = 'cs-1' AND a.employee_id = $1`, f.neo.ID).Scan(&deadline); err != nil {
		t.Fatalf("quiz cs-1 not assigned to neo: %v", err)
	}
	if want := shanghai("2026-12-04", 23, 59); !deadline.Equal(want) {
		t.Errorf("quiz due %s, want %s (the task's day)", deadline, want)
	}
	if n := len(f.desk.Outbox.(*keptOutbox).sent); n != 1 {
		t.Errorf("%d quiz notices sent, want 1", n)
	}
	if n := f.count(t, `SELECT count(*) FROM audit_log WHERE action = 'onboarding.start' AND entity_id = 'neo'`); n != 1 {
		t.Errorf("%d onboarding.start audit rows", n)
	}
	// The org file's people were judged too: none is new (mei and li long
	// there, zed without a hire date, boss and hr of jobs without one).
	if n := f.count(t, `SELECT count(*) FROM checklists`); n != 1 {
		t.Errorf("%d checklists, want Neo's only", n)
	}
	if n := f.count(t, `SELECT count(*) FROM audit_log WHERE action = 'onboarding.skip'`); n != 5 {
		t.Errorf("%d skips audited, want 5", n)
	}
}

// TestRemindersOnceAtTheLocalDay: each task is reminded once, to its
// owner, on its day at 09:00 in the org's zone, across a restart; day
// one brings the welcome and the buddy's note; a task done before its day
// is not reminded.
func TestRemindersOnceAtTheLocalDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	f.tick(t) // takes the hires
	total := func() int { return f.count(t, `SELECT count(*) FROM notifications WHERE kind LIKE 'onboarding.%'`) }
	if n := total(); n != 0 {
		t.Fatalf("%d notifications on the day of the hire", n)
	}
	// The day before HR's task, and its morning before 09:00: nothing.
	f.clock.Set(shanghai("2026-11-28", 23, 0))
	f.tick(t)
	f.clock.Set(shanghai("2026-11-29", 8, 59))
	f.tick(t)
	if n := total(); n != 0 {
		t.Fatalf("%d notifications before their time", n)
	}
	f.clock.Set(shanghai("2026-11-29", 9, 0))
	f.tick(t)
	f.tick(t)
	f.restart()
	f.tick(t)
	if n := f.notes(t, core.NotifyOnboardingTask, "hr"); n != 1 || total() != 1 {
		t.Fatalf("HR's task reminded %d times (%d notifications), want once", n, total())
	}
	// Neo ticks his quiz off early: it is not reminded on its day.
	c, err := f.svc.Progress(ctx, f.member(t, "hr"), f.neo, "web")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetDone(ctx, f.member(t, "neo"), c.Tasks[3].ID, true, "telegram"); err != nil {
		t.Fatal(err)
	}
	// hrbot is down on day one until the afternoon: it catches up then.
	f.clock.Set(shanghai("2026-12-01", 15, 30))
	f.restart()
	f.tick(t)
	f.tick(t)
	for _, w := range []struct {
		kind, person string
	}{{core.NotifyOnboardingTask, "boss"}, {core.NotifyOnboardingWelcome, "neo"}, {core.NotifyOnboardingBuddy, "mei"}} {
		if n := f.notes(t, w.kind, w.person); n != 1 {
			t.Errorf("%s to %s: %d, want 1", w.kind, w.person, n)
		}
	}
	for _, day := range []string{"2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"} {
		f.clock.Set(shanghai(day, 9, 1))
		f.tick(t)
	}
	if n := f.notes(t, core.NotifyOnboardingTask, "mei"); n != 1 {
		t.Errorf("the buddy's task reminded %d times, want once", n)
	}
	if n := f.notes(t, core.NotifyOnboardingTask, "neo"); n != 0 {
		t.Errorf("a task done early was reminded %d times", n)
	}
	if n := total(); n != 5 {
		t.Errorf("%d onboarding notifications in all, want 5", n)
	}
}

func TestTicking(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	f.tick(t)
	c, err := f.svc.Progress(ctx, f.member(t, "neo"), f.neo, "telegram")
	if err != nil {
		t.Fatal(err)
	}
	bossTask := c.Tasks[1]
	// Li is neither its owner nor HR: refused, audited.
	_, err = f.svc.SetDone(ctx, f.member(t, "li"), bossTask.ID, true, "telegram")
	if e, ok := core.AsError(err); !ok || e.Code != core.EForbidden || e.Key != "forbidden.onboarding_task" {
		t.Fatalf("li ticking boss's task: %v", err)
	}
	if n := f.count(t, `SELECT count(*) FROM audit_log WHERE action = 'onboarding.tick' AND outcome = 'denied' AND channel = 'telegram'`); n != 1 {
		t.Errorf("%d refusals audited", n)
	}
	// Nor may a manager tick HR's task.
	if _, err := f.svc.SetDone(ctx, f.member(t, "boss"), c.Tasks[0].ID, true, "telegram"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("boss ticking HR's task: %v", err)
	}
	done, err := f.svc.SetDone(ctx, f.member(t, "boss"), bossTask.ID, true, "telegram")
	if err != nil || !done.Done() || done.DoneBy != "Boss" {
		t.Fatalf("the owner ticking: %+v, %v", done, err)
	}
	// Twice is once; HR may take the tick back and tick HR's own task.
	if _, err := f.svc.SetDone(ctx, f.member(t, "boss"), bossTask.ID, true, "telegram"); err != nil {
		t.Fatal(err)
	}
	if t2, err := f.svc.SetDone(ctx, f.member(t, "hr"), bossTask.ID, false, "web"); err != nil || t2.Done() {
		t.Fatalf("HR taking the tick back: %+v, %v", t2, err)
	}
	if _, err := f.svc.SetDone(ctx, f.member(t, "hr"), c.Tasks[0].ID, true, "web"); err != nil {
		t.Fatal(err)
	}
	for action, want := range map[string]int{onboarding.AuditTick: 2, onboarding.AuditUntick: 1} {
		if n := f.count(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = 'ok'`, action); n != want {
			t.Errorf("%d %s rows, want %d", n, action, want)
		}
	}
	mine, err := f.svc.Mine(ctx, f.member(t, "hr"))
	if err != nil || len(mine.Tasks) != 0 || mine.Own != nil {
		t.Errorf("HR's open tasks: %+v, %v", mine, err)
	}
	mine, err = f.svc.Mine(ctx, f.member(t, "neo"))
	if err != nil || len(mine.Tasks) != 1 || mine.Own == nil || mine.Own.Done() != 1 {
		t.Errorf("Neo's: %+v, %v", mine, err)
	}
	if _, err := f.svc.Progress(ctx, f.member(t, "li"), f.neo, "telegram"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("li seeing neo's checklist: %v", err)
	}
	open, err := f.svc.Current(ctx, f.member(t, "hr"), "web")
	if err != nil || len(open) != 1 || open[0].Person.Key != "neo" || open[0].Done() != 1 {
		t.Errorf("onboarding now: %+v, %v", open, err)
	}
}
