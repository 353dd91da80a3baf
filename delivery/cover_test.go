package delivery_test

import (
	"context"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
)

const waveOrg = `
orgs:
  - key: shop
    name: Wave Shop
    time_zone: Asia/Shanghai
    cover:
      wave_size: 1
      wave_minutes: 30
      escalate_minutes: 60
    employees:
      - {key: boss, name: Boss Wang, role: manager, telegram: "100"}
      - {key: amy, name: Amy Li, job: cs, manager: boss, telegram: "101"}
      - {key: bo, name: Bo Chen, job: cs, manager: boss, telegram: "102"}
      - {key: cy, name: Cy Wu, job: finance, manager: boss, telegram: "103"}
`

// Offers go out one wave at a time, fairest first; a request still open
// an hour before it starts is escalated to the manager, once.
func TestCoverWavesAndEscalation(t *testing.T) {
	f := newFixtureWith(t, waveOrg)
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2026, 11, 28, 10, 0, 0, 0, shanghai)} // a Saturday: nobody works
	dir := core.NewDirectory(store.NewDirectory(f.db), clock)
	q := f.queue(newPhone())
	covers := &cover.Pool{Service: cover.NewService(store.NewCovers(f.db), f.att, dir, clock), Reports: store.NewCovers(f.db), Events: store.NewEvents(f.db),
		Outbox: delivery.Outbox{Queue: q, Platforms: []core.Platform{core.PlatformTelegram}}, Auth: dir, Clock: clock}
	boss, err := dir.Identify(ctx, core.PlatformTelegram, "100")
	if err != nil {
		t.Fatal(err)
	}
	// Bo covered last week: Amy is fairer to ask first.
	start := time.Date(2026, 11, 28, 14, 0, 0, 0, shanghai)
	_, err = f.db.Pool().Exec(ctx, `
		INSERT INTO cover_requests (org_id, job, starts_at, ends_at, needed, filled, source, status, created_at)
		SELECT org_id, 'cs', '2026-11-20 09:00+08', '2026-11-20 17:00+08', 1, 1, 'manual', 'filled', now() FROM employees WHERE key = 'bo';
		INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at)
		SELECT r.id, e.org_id, e.id, e.org_id, 'cs', r.starts_at, r.ends_at, now() FROM cover_requests r, employees e WHERE e.key = 'bo'`)
	if err != nil {
		t.Fatal(err)
	}
	_, offered, err := covers.Open(ctx, boss, cover.Manual{Job: "cs", Start: start, End: start.Add(4 * time.Hour), Needed: 1, Reason: "sale"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(offered.Sent, ",") != "Amy Li" {
		t.Fatalf("first wave %v, want Amy (least recent cover)", offered)
	}
	offersTo := func() []string {
		rows, _ := f.db.Pool().Query(ctx, `SELECT external_id FROM deliveries WHERE key LIKE 'cover:%:offer' ORDER BY external_id`)
		var out []string
		for rows.Next() {
			var s string
			_ = rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	clock.Set(clock.Now().Add(20 * time.Minute))
	if err := covers.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if got := offersTo(); strings.Join(got, ",") != "101" {
		t.Errorf("after 20 min offers to %v: the next wave waits 30 min", got)
	}
	clock.Set(clock.Now().Add(15 * time.Minute))
	if err := covers.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if got := offersTo(); strings.Join(got, ",") != "101,102" {
		t.Errorf("after 35 min offers to %v, want Bo added", got)
	}
	// Cy (finance, no skill) is never asked; at 13:00 the boss is told, once.
	clock.Set(time.Date(2026, 11, 28, 13, 1, 0, 0, shanghai))
	for range 2 {
		if err := covers.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var escalations []string
	rows, _ := f.db.Pool().Query(ctx, `SELECT external_id FROM deliveries WHERE key LIKE 'cover:%:escalate'`)
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		escalations = append(escalations, s)
	}
	sort.Strings(escalations)
	if strings.Join(escalations, ",") != "100" {
		t.Errorf("escalations to %v, want the boss once", escalations)
	}
	if got := offersTo(); strings.Contains(strings.Join(got, ","), "103") {
		t.Errorf("Cy was offered: %v", got)
	}
}

// reachOrg has Amy and Bo on Telegram (Bo blocked the bot since), Dee in
// customer service with no chat account at all, and Cy in finance.
const reachOrg = `
orgs:
  - key: shop
    name: Reach Shop
    time_zone: Asia/Shanghai
    jobs:
      - {key: cs, name: {zh-CN: 客服, en: customer service}, aliases: [客服专员]}
      - {key: finance, name: {zh-CN: 财务, en: finance}}
    cover:
      wave_minutes: 30
      escalate_minutes: 60
    employees:
      - {key: boss, name: Boss Wang, role: manager, telegram: "100"}
      - {key: amy, name: Amy Li, job: cs, manager: boss, telegram: "101"}
      - {key: bo, name: Bo Chen, job: cs, manager: boss, telegram: "102"}
      - {key: cy, name: Cy Wu, job: finance, manager: boss, telegram: "103"}
      - {key: dee, name: Dee Xu, job: cs, manager: boss}
`

// coverDesk is the cover pool on a queue for the given platforms (none:
// the console's), with the clock at now.
func coverDesk(t *testing.T, f *fixture, q *delivery.Queue, now time.Time, platforms ...core.Platform) (*cover.Pool, *fakeClock, *core.Directory) {
	t.Helper()
	clock := &fakeClock{now: now}
	dir := core.NewDirectory(store.NewDirectory(f.db), clock)
	return &cover.Pool{Service: cover.NewService(store.NewCovers(f.db), f.att, dir, clock), Reports: store.NewCovers(f.db), Events: store.NewEvents(f.db),
		Outbox: delivery.Outbox{Queue: q, Platforms: platforms}, Auth: dir, Clock: clock}, clock, dir
}

func member(t *testing.T, dir *core.Directory, telegramID string) core.Member {
	t.Helper()
	m, err := dir.Identify(context.Background(), core.PlatformTelegram, telegramID)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// ledger lists the deliveries whose key matches like, as key=platform:external.
func (f *fixture) ledger(like string) []string {
	f.t.Helper()
	rows, err := f.db.Pool().Query(context.Background(),
		`SELECT key || '=' || platform || ':' || external_id FROM deliveries WHERE key LIKE $1 ORDER BY key`, like)
	if err != nil {
		f.t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

// A manager on the console (a process serving no platform) asks for cover
// by the job's Chinese name: the offers are queued for the people's
// Telegram accounts all the same, and the answer names who no chat can
// reach and why. They get a copy on the console.
func TestCoverFromTheConsoleReachesTelegram(t *testing.T) {
	f := newFixtureWith(t, reachOrg)
	ctx := context.Background()
	// Not started: what matters is what is queued. A Saturday: nobody works.
	q := f.queue(newPhone())
	covers, _, dir := coverDesk(t, f, q, time.Date(2026, 11, 28, 10, 0, 0, 0, shanghai))
	if _, err := f.db.Pool().Exec(ctx, `UPDATE chat_identities SET blocked_at = now() WHERE external_id = '102'`); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 28, 14, 0, 0, 0, shanghai)
	r, sent, err := covers.Open(ctx, member(t, dir, "100"), cover.Manual{Job: "客服", Start: start, End: start.Add(4 * time.Hour), Needed: 1}, "console")
	if err != nil {
		t.Fatal(err)
	}
	if r.Job != "cs" {
		t.Errorf("stored job %q, want the key cs", r.Job)
	}
	if got := strings.Join(sent.Sent, ","); got != "Amy Li,Bo Chen,Dee Xu" {
		t.Errorf("offered to %s", got)
	}
	var why []string
	for _, u := range sent.Unreached {
		why = append(why, u.Key+":"+u.Reason)
	}
	if got := strings.Join(why, ","); got != "bo:blocked,dee:no_account" {
		t.Errorf("unreached %s, want bo blocked and dee without an account", got)
	}
	want := []string{"cover:1:%:offer=telegram:101", "cover:1:%:offer=console:shop/bo", "cover:1:%:offer=console:shop/dee"}
	got := f.ledger("cover:%:offer")
	for i := range got {
		got[i] = coverIDs.ReplaceAllString(got[i], "cover:1:%:")
	}
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("queued %v, want %v", got, want)
	}
}

var coverIDs = regexp.MustCompile(`cover:\d+:\d+:`)

// A job nobody in the org does, by whatever name, is refused and nothing
// is stored.
func TestCoverForAnUnknownJobIsRefused(t *testing.T) {
	f := newFixtureWith(t, reachOrg)
	ctx := context.Background()
	covers, _, dir := coverDesk(t, f, f.queue(newPhone()), time.Date(2026, 11, 28, 10, 0, 0, 0, shanghai))
	start := time.Date(2026, 11, 28, 14, 0, 0, 0, shanghai)
	_, _, err := covers.Open(ctx, member(t, dir, "100"), cover.Manual{Job: "保洁", Start: start, End: start.Add(time.Hour), Needed: 1}, "console")
	if e, ok := core.AsError(err); !ok || e.Key != "jobs.unknown" || e.Args["jobs"] != "cs, finance" {
		t.Fatalf("open for an unknown job: %v", err)
	}
	var n int
	if err := f.db.Pool().QueryRow(ctx, `SELECT count(*) FROM cover_requests`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d requests stored, %v", n, err)
	}
}

// Why someone cannot cover quotes their shift in the org's time, as its
// people read it, whatever zone the server runs in.
func TestCoverReasonsInTheOrgsZone(t *testing.T) {
	f := newFixtureWith(t, reachOrg)
	ctx := context.Background()
	covers, _, dir := coverDesk(t, f, f.queue(newPhone()), time.Date(2026, 11, 30, 8, 0, 0, 0, shanghai)) // a Monday
	boss := member(t, dir, "100")
	start := time.Date(2026, 11, 30, 14, 0, 0, 0, shanghai)
	r, _, err := covers.Open(ctx, boss, cover.Manual{Job: "cs", Start: start, End: start.Add(2 * time.Hour), Needed: 1}, "console")
	if err != nil {
		t.Fatal(err)
	}
	_, verdicts, err := covers.Judge(ctx, boss, r.ID, "console")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range verdicts {
		if v.Person.Key != "amy" {
			continue
		}
		if len(v.Reasons) == 0 || v.Reasons[0].Code != cover.ReasonOverlap {
			t.Fatalf("amy: %+v", v.Reasons)
		}
		p := v.Reasons[0].Params
		if p["date"] != "2026-11-30" || p["from"] != "09:00" || p["to"] != "18:00" {
			t.Errorf("amy's office day quoted as %s %s–%s, want 2026-11-30 09:00–18:00", p["date"], p["from"], p["to"])
		}
		return
	}
	t.Fatal("amy not judged")
}

// Declining an offer that was never made, or is no longer open, says so.
func TestDeclineSaysWhy(t *testing.T) {
	f := newFixtureWith(t, reachOrg)
	ctx := context.Background()
	covers, _, dir := coverDesk(t, f, f.queue(newPhone()), time.Date(2026, 11, 28, 10, 0, 0, 0, shanghai), core.PlatformTelegram)
	start := time.Date(2026, 11, 28, 14, 0, 0, 0, shanghai)
	r, _, err := covers.Open(ctx, member(t, dir, "100"), cover.Manual{Job: "cs", Start: start, End: start.Add(4 * time.Hour), Needed: 1}, "console")
	if err != nil {
		t.Fatal(err)
	}
	key := func(err error) string {
		if err == nil {
			return "ok"
		}
		e, _ := core.AsError(err)
		if e == nil {
			return err.Error()
		}
		return e.Key
	}
	cy, amy, bo := member(t, dir, "103"), member(t, dir, "101"), member(t, dir, "102")
	if got := key(covers.Decline(ctx, cy, r.ID)); got != "cover.not_offered" {
		t.Errorf("Cy, never offered it: %s", got)
	}
	if got := key(covers.Decline(ctx, amy, r.ID)); got != "ok" {
		t.Errorf("Amy declines: %s", got)
	}
	if got := key(covers.Decline(ctx, amy, r.ID)); got != "cover.answered" {
		t.Errorf("Amy again: %s", got)
	}
	dee, err := dir.Identify(ctx, core.PlatformConsole, "shop/dee")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := covers.Accept(ctx, dee, r.ID); err != nil {
		t.Fatal(err)
	}
	if got := key(covers.Decline(ctx, bo, r.ID)); got != "cover.closed" {
		t.Errorf("Bo, after Dee took it: %s", got)
	}
	if got := key(covers.Decline(ctx, dee, r.ID)); got != "cover.already_yours" {
		t.Errorf("Dee, who took it: %s", got)
	}
	var declines int
	_ = f.db.Pool().QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'cover.decline'`).Scan(&declines)
	if declines != 1 {
		t.Errorf("%d declines audited, want 1", declines)
	}
}

// A request made at short notice escalates only after the people asked had
// a fair chance to answer: here, asked 40 minutes ahead, after 20 minutes —
// not on the next tick because the start is under escalate_minutes away.
func TestShortNoticeEscalationWaitsForTheFirstWave(t *testing.T) {
	f := newFixtureWith(t, reachOrg)
	ctx := context.Background()
	asked := time.Date(2026, 11, 28, 13, 20, 0, 0, shanghai)
	covers, clock, dir := coverDesk(t, f, f.queue(newPhone()), asked, core.PlatformTelegram)
	start := time.Date(2026, 11, 28, 14, 0, 0, 0, shanghai)
	if _, _, err := covers.Open(ctx, member(t, dir, "100"), cover.Manual{Job: "cs", Start: start, End: start.Add(4 * time.Hour), Needed: 1}, "console"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		after time.Duration
		want  int
	}{{4 * time.Second, 0}, {19 * time.Minute, 0}, {20 * time.Minute, 1}, {30 * time.Minute, 1}} {
		clock.Set(asked.Add(tc.after))
		if err := covers.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if got := len(f.ledger("cover:%:escalate")); got != tc.want {
			t.Errorf("%s after asking: %d escalations, want %d", tc.after, got, tc.want)
		}
	}
}
