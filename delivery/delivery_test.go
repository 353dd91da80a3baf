package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const shopOrg = `
orgs:
  - key: shop
    name: Test Shop
    time_zone: Asia/Shanghai
    teams:
      - {key: cs, name: Customer service}
    employees:
      - {key: boss, name: Boss Wang, role: manager, telegram: "100"}
      - {key: amy, name: Amy Li, team: cs, manager: boss, telegram: "101"}
      - {key: bo, name: Bo Chen, team: cs, manager: boss, telegram: "102"}
      - {key: cy, name: Cy Wu, manager: boss}
    reminders:
      late_after: 1h
      rules:
        - key: hello
          cron: "0 9 * * *"
          audience: everyone
          working_days_only: false
          text: {en: "Good morning", zh-CN: 早上好}
        - key: checkin
          kind: checkin
          minutes_before: 15
        - key: digest
          kind: digest
          cron: "30 9 * * *"
`

// fixture is a migrated database with shopOrg applied at appliedAt.
type fixture struct {
	t   *testing.T
	db  *store.DB
	att *attendance.Service
}

// Monday 2026-11-23, 08:00 in Shanghai.
var appliedAt = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, shopOrg)
}

func newFixtureWith(t *testing.T, orgYAML string) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	file, err := orgfile.Parse("org.yaml", []byte(orgYAML))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.NewSetup(db).ApplyOrgFile(ctx, file, "test", appliedAt); err != nil {
		t.Fatal(err)
	}
	dir := core.NewDirectory(store.NewDirectory(db), core.SystemClock{})
	return &fixture{t: t, db: db, att: attendance.NewService(store.NewAttendance(db), dir, core.SystemClock{})}
}

// textRenderer writes a message as its kind and parameters, so tests see
// exactly what was queued.
type textRenderer struct{}

func (textRenderer) Render(_ context.Context, _ core.Platform, _ string, m delivery.Message) ([]bot.Reply, error) {
	return []bot.Reply{{Text: m.Kind + " " + m.Params["text"] + m.Params["text.en"] + m.Params["clock"]}}, nil
}

// phone is a platform that records what each account received. fail, when
// set, decides the outcome of each call from the account and the number of
// calls it has had.
type phone struct {
	mu    sync.Mutex
	got   map[string][]string
	calls map[string]int
	fail  func(account string, call int) error
}

func newPhone() *phone { return &phone{got: map[string][]string{}, calls: map[string]int{}} }

func (p *phone) Send(_ context.Context, account, _ string, replies []bot.Reply) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls[account]++
	if p.fail != nil {
		if err := p.fail(account, p.calls[account]); err != nil {
			return "", err
		}
	}
	for _, r := range replies {
		p.got[account] = append(p.got[account], r.Text)
	}
	return fmt.Sprintf("%s#%d", account, len(p.got[account])), nil
}

// Edit replaces message ref (account#n) of an account.
func (p *phone) Edit(_ context.Context, account, ref string, r bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var n int
	if _, err := fmt.Sscanf(ref, account+"#%d", &n); err != nil || n < 1 || n > len(p.got[account]) {
		return fmt.Errorf("no message %s", ref)
	}
	p.got[account][n-1] = r.Text
	return nil
}

func (p *phone) received(account string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.got[account]...)
}

// verifyingPhone can also say whether a delivery arrived.
type verifyingPhone struct {
	*phone
	arrived map[string]bool
}

func (v verifyingPhone) Delivered(_ context.Context, _, key string) (bool, error) {
	return v.arrived[key], nil
}

func (f *fixture) queue(sender delivery.Sender) *delivery.Queue {
	f.t.Helper()
	q, err := delivery.New(delivery.Config{
		Pool: f.db.Pool(), Ledger: store.NewDeliveries(f.db), Renderer: textRenderer{}, Senders: map[core.Platform]delivery.Sender{core.PlatformTelegram: sender},
		PollEvery: 50 * time.Millisecond, Backoff: func(int) time.Duration { return 50 * time.Millisecond }, MaxAttempts: 4,
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return q
}

func (f *fixture) start(q *delivery.Queue) {
	f.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if err := q.Start(ctx); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() {
		cancel()
		stop, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		_ = q.Stop(stop)
	})
}

// states counts ledger rows by state.
func (f *fixture) states() map[string]int {
	f.t.Helper()
	rows, err := f.db.Pool().Query(context.Background(), `SELECT state, count(*) FROM deliveries GROUP BY state`)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		_ = rows.Scan(&s, &n)
		out[s] = n
	}
	return out
}

// waitSettled waits until nothing is queued or being sent.
func (f *fixture) waitSettled() map[string]int {
	f.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		s := f.states()
		if s["queued"]+s["sending"] == 0 {
			return s
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("deliveries not settled: %v", s)
		}
	}
}

func (f *fixture) orgID() int64 {
	var id int64
	if err := f.db.Pool().QueryRow(context.Background(), `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&id); err != nil {
		f.t.Fatal(err)
	}
	return id
}

func items(orgID int64, keys ...string) []delivery.Item {
	var out []delivery.Item
	for i, k := range keys {
		out = append(out, delivery.Item{Key: k, OrgID: orgID, Platform: core.PlatformTelegram, ExternalID: fmt.Sprint(100 + i),
			Source: "broadcast", SourceID: 1, Message: bot.Notice{Kind: bot.NoticeBroadcast, Params: map[string]string{"text": k}}})
	}
	return out
}

func TestEachItemIsQueuedAndSentOnce(t *testing.T) {
	f := newFixture(t)
	ph := newPhone()
	q := f.queue(ph)
	ctx := context.Background()
	batch := items(f.orgID(), "a", "b", "c")
	if n, err := q.EnqueueNow(ctx, batch); err != nil || n != 3 {
		t.Fatalf("first enqueue: %d, %v", n, err)
	}
	// A caller that crashed after enqueueing and does it again queues nothing.
	if n, err := q.EnqueueNow(ctx, append(batch, batch[0])); err != nil || n != 0 {
		t.Fatalf("second enqueue: %d, %v", n, err)
	}
	f.start(q)
	if s := f.waitSettled(); s["sent"] != 3 {
		t.Fatalf("states %v", s)
	}
	for i, k := range []string{"a", "b", "c"} {
		if got := ph.received(fmt.Sprint(100 + i)); len(got) != 1 || got[0] != "broadcast "+k {
			t.Errorf("account %d got %q", 100+i, got)
		}
	}
}

func TestFailuresAreRetriedThenRecorded(t *testing.T) {
	f := newFixture(t)
	ph := newPhone()
	ph.fail = func(account string, call int) error {
		switch {
		case account == "100" && call <= 2:
			return errors.New("timeout")
		case account == "101":
			return fmt.Errorf("%w: chat not found", delivery.ErrPermanent)
		case account == "102":
			return errors.New("500 internal error")
		}
		return nil
	}
	q := f.queue(ph)
	if _, err := q.EnqueueNow(context.Background(), items(f.orgID(), "a", "b", "c")); err != nil {
		t.Fatal(err)
	}
	f.start(q)
	s := f.waitSettled()
	if s["sent"] != 1 || s["failed"] != 2 {
		t.Fatalf("states %v, want 1 sent and 2 failed", s)
	}
	if got := ph.received("100"); len(got) != 1 {
		t.Errorf("retried account got %q, want one message", got)
	}
	ph.mu.Lock()
	if ph.calls["101"] != 1 || ph.calls["102"] != 4 {
		t.Errorf("calls %v: a permanent failure is tried once, others up to MaxAttempts (4)", ph.calls)
	}
	ph.mu.Unlock()
	failed, err := store.NewDeliveries(f.db).Failed(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, fl := range failed {
		reasons[fl.ExternalID] = fl.Reason
	}
	if !strings.Contains(reasons["101"], "chat not found") || !strings.Contains(reasons["102"], "500") || len(failed) != 2 {
		t.Errorf("failed list %+v", failed)
	}
}

func TestNotificationsAreRelayedOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, err := f.db.Pool().Exec(ctx, `
		INSERT INTO notifications (org_id, recipient_id, kind, params, created_at)
		SELECT org_id, id, 'leave.request', '{"id": "1"}', now() FROM employees WHERE key IN ('boss', 'cy')`)
	if err != nil {
		t.Fatal(err)
	}
	q := f.queue(newPhone())
	platforms := []core.Platform{core.PlatformSlack, core.PlatformTelegram}
	if n, err := q.RelayNotifications(ctx, platforms); err != nil || n != 1 {
		t.Fatalf("relayed %d, %v: want boss only (cy has no chat account)", n, err)
	}
	if n, err := q.RelayNotifications(ctx, platforms); err != nil || n != 0 {
		t.Fatalf("relayed again: %d, %v", n, err)
	}
	var account string
	if err := f.db.Pool().QueryRow(ctx, `SELECT external_id FROM deliveries WHERE source = 'notification'`).Scan(&account); err != nil || account != "100" {
		t.Errorf("delivery to %q, %v", account, err)
	}
	// Cy's stays for the console.
	cy, err := f.db.Pool().Query(ctx, `SELECT 1 FROM notifications n JOIN employees e ON e.id = n.recipient_id WHERE e.key = 'cy' AND n.enqueued_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	if !cy.Next() {
		t.Error("cy's notification was taken off the console")
	}
	cy.Close()
}

// fakeClock is the scheduler's clock, moved by the test.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

func (f *fixture) scheduler(clock core.Clock) *delivery.Scheduler {
	return &delivery.Scheduler{Queue: f.queue(newPhone()), Reminders: store.NewReminders(f.db), Audience: store.NewAudience(f.db), Roster: f.att, Clock: clock, Platforms: []core.Platform{core.PlatformTelegram}}
}

// occurrences lists rule:status:recipients, oldest first.
func (f *fixture) occurrences() []string {
	f.t.Helper()
	rows, err := f.db.Pool().Query(context.Background(), `SELECT rule_key, status, recipients, due_at FROM reminder_occurrences ORDER BY due_at, rule_key`)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var key, status string
		var n int
		var at time.Time
		_ = rows.Scan(&key, &status, &n, &at)
		out = append(out, fmt.Sprintf("%s %s %s:%d", at.In(shanghai).Format("01-02 15:04"), key, status, n))
	}
	return out
}

func TestRemindersAreDecidedOnceAndCaughtUpOnlyWhileUseful(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 11, 23, 8, 50, 0, 0, shanghai)}

	// Three replicas tick together just after 09:00: each occurrence is
	// decided once, whoever gets there.
	clock.Set(time.Date(2026, 11, 23, 9, 0, 20, 0, shanghai))
	var wg sync.WaitGroup
	total := make([]int, 3)
	for i := range total {
		s := f.scheduler(clock)
		wg.Go(func() {
			n, err := s.Tick(ctx)
			if err != nil {
				t.Error(err)
			}
			total[i] = n
		})
	}
	wg.Wait()
	// 08:45 check-in reminder: boss, amy, bo work standard hours (cy has
	// no account). 09:00 hello: the same three.
	if sum := total[0] + total[1] + total[2]; sum != 6 {
		t.Errorf("queued %v deliveries, want 6 in all", total)
	}
	want := []string{"11-23 08:45 checkin sent:3", "11-23 09:00 hello sent:3"}
	if got := f.occurrences(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("occurrences\n%q\nwant\n%q", got, want)
	}
	var clocks string
	_ = f.db.Pool().QueryRow(ctx, `SELECT string_agg(DISTINCT args->'message'->'params'->>'clock', ',') FROM river_job`).Scan(&clocks)
	if clocks != "09:00" {
		t.Errorf("check-in reminders carry clock %q, want 09:00", clocks)
	}

	// hrbot was down until Tuesday 12:00: Tuesday's 08:45 and 09:00 are
	// more than an hour late and only recorded.
	clock.Set(time.Date(2026, 11, 24, 12, 0, 0, 0, shanghai))
	if n, err := f.scheduler(clock).Tick(ctx); err != nil || n != 0 {
		t.Fatalf("catch-up queued %d, %v", n, err)
	}
	want = append(want, "11-23 09:30 digest late:0", "11-24 08:45 checkin late:0", "11-24 09:00 hello late:0", "11-24 09:30 digest late:0")
	if got := f.occurrences(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("occurrences\n%q\nwant\n%q", got, want)
	}

	// Down again from 08:30 to 09:20 on Wednesday: still useful, sent.
	clock.Set(time.Date(2026, 11, 25, 9, 20, 0, 0, shanghai))
	if n, err := f.scheduler(clock).Tick(ctx); err != nil || n != 6 {
		t.Fatalf("catch-up within the hour queued %d, %v", n, err)
	}
}

func TestDigestGoesToThoseWithRequestsWaiting(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, err := f.db.Pool().Exec(ctx, `
		INSERT INTO attendance_corrections (org_id, employee_id, work_date, kind, requested_at, reason, status, approver_id, created_at)
		SELECT a.org_id, a.id, '2026-11-20', 'check_in', '2026-11-20 08:55+08', 'forgot', 'pending', b.id, now()
		FROM employees a, employees b WHERE a.key = 'amy' AND b.key = 'boss'`)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 11, 23, 9, 30, 5, 0, shanghai)}
	if _, err := f.scheduler(clock).Tick(ctx); err != nil {
		t.Fatal(err)
	}
	var to []string
	rows, err := f.db.Pool().Query(ctx, `SELECT e.key FROM deliveries d JOIN employees e ON e.id = d.employee_id WHERE d.key LIKE 'reminder:%' AND d.source_id IN (SELECT id FROM reminder_occurrences WHERE rule_key = 'digest')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		_ = rows.Scan(&k)
		to = append(to, k)
	}
	if strings.Join(to, ",") != "boss" {
		t.Errorf("digest to %v, want the boss only", to)
	}
}

func TestCheckedInPeopleAreNotReminded(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// Amy checked in early on Monday.
	_, err := f.db.Pool().Exec(ctx, `
		INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in)
		SELECT org_id, id, '2026-11-23', 'workday', '2026-11-23 08:30+08' FROM employees WHERE key = 'amy'`)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 11, 23, 8, 46, 0, 0, shanghai)}
	if n, err := f.scheduler(clock).Tick(ctx); err != nil || n != 2 {
		t.Fatalf("queued %d, %v: want boss and bo", n, err)
	}
}

// An edit queued together with the message it replaces waits for that
// message to be sent, then replaces it.
func TestEditsReplaceTheirMessage(t *testing.T) {
	f := newFixture(t)
	ph := newPhone()
	q := f.queue(ph)
	batch := items(f.orgID(), "offer")
	edit := batch[0]
	edit.Key, edit.EditOf = "offer-taken", "offer"
	edit.Message = bot.Notice{Kind: bot.NoticeBroadcast, Params: map[string]string{"text": "taken"}}
	gone := edit
	gone.Key, gone.EditOf = "never-edit", "never-sent"
	if _, err := q.EnqueueNow(context.Background(), []delivery.Item{edit, batch[0], gone}); err != nil {
		t.Fatal(err)
	}
	f.start(q)
	if s := f.waitSettled(); s["sent"] != 2 || s["skipped"] != 1 {
		t.Fatalf("states %v: want the offer and its edit sent, the edit of nothing skipped", s)
	}
	if got := ph.received("100"); len(got) != 1 || got[0] != "broadcast taken" {
		t.Errorf("account holds %q, want the one message, edited", got)
	}
}
