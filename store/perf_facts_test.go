package store_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/store"
)

// factsOrg is a shop in Shanghai working the standard hours (Monday to
// Friday 09:00–18:00); 1 October 2026 is a public holiday, so October has
// 21 working days. Carol left on 15 October.
const factsOrg = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    go_live: 2026-01-01
    calendar:
      holidays:
        - {date: 2026-10-01, name: 国庆节, statutory: true}
    leave_types:
      - {key: annual, name: Annual leave, accrual: fixed, entitlement_days: 10}
      - {key: personal, name: Personal leave, paid: false, unit: hour}
    employees:
      - {key: boss, name: Boss, role: manager, job: ops}
      - {key: alice, name: Alice, job: cs, manager: boss, hire_date: 2025-01-01}
      - {key: bob, name: Bob, job: cs, manager: boss, hire_date: 2025-01-01}
      - {key: carol, name: Carol, job: cs, manager: boss, hire_date: 2025-01-01, status: left, left_on: 2026-10-15}
`

// factsSeed is what the three did, around October 2026 (times in
// Shanghai unless marked Z). Each fact has a record just outside the
// period, or of the wrong kind, that must not count.
var factsSeed = []string{
	// A day's record for each working day of October (and 30 September),
	// except Alice's absence (8th) and leave (12th, 13th, 30th), and
	// Carol's absence (7th) and everything after her last day.
	`INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, planned_start, planned_end, break_minutes, check_in, check_out, worked_minutes)
	 SELECT e.org_id, e.id, d::date, 'workday', (d + time '09:00') AT TIME ZONE 'Asia/Shanghai', (d + time '18:00') AT TIME ZONE 'Asia/Shanghai', 60,
	        (d + time '09:00') AT TIME ZONE 'Asia/Shanghai', (d + time '18:00') AT TIME ZONE 'Asia/Shanghai', 480
	 FROM employees e CROSS JOIN generate_series(timestamp '2026-09-30', timestamp '2026-10-31', interval '1 day') d
	 WHERE e.key IN ('alice', 'bob', 'carol') AND extract(isodow FROM d) < 6 AND d::date <> '2026-10-01'
	   AND NOT (e.key = 'alice' AND d::date IN ('2026-10-08', '2026-10-12', '2026-10-13', '2026-10-30'))
	   AND NOT (e.key = 'carol' AND (d::date = '2026-10-07' OR d::date > '2026-10-15'))`,
	// Late: Alice 10 and 20 minutes on the 5th and 6th (and on 30
	// September), Bob 15 minutes on the 14th, and 150 on the 22nd, which
	// is past the absence threshold: an absence, not a late arrival.
	`UPDATE attendance_records r SET late_minutes = v.late, flags = v.flags
	 FROM employees e, (VALUES ('alice', date '2026-10-05', 10, '{}'::text[]), ('alice', '2026-10-06', 20, '{}'), ('alice', '2026-09-30', 30, '{}'),
	                           ('bob', '2026-10-14', 15, '{}'), ('bob', '2026-10-22', 150, '{late_beyond_absence}')) v(key, day, late, flags)
	 WHERE e.id = r.employee_id AND e.key = v.key AND r.work_date = v.day`,
	// Overtime: Alice 90 minutes after her shift on the 9th (and on 30
	// September).
	`UPDATE attendance_records r SET overtime_minutes = 90, overtime_kind = 'workday', check_out = check_out + interval '90 minutes'
	 FROM employees e WHERE e.id = r.employee_id AND e.key = 'alice' AND r.work_date IN ('2026-10-09', '2026-09-30')`,
	// Rest-day work, which is cover and overtime: Bob on Saturday the
	// 17th 10:00–13:30, Alice on Saturday the 24th 10:00–12:00, and Alice
	// 02:00–06:00 on 1 November (still 31 October in UTC).
	`INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in, check_out, worked_minutes, overtime_minutes, overtime_kind)
	 SELECT e.org_id, e.id, v.day, 'rest_day', (v.day + v.i) AT TIME ZONE 'Asia/Shanghai', (v.day + v.o) AT TIME ZONE 'Asia/Shanghai', v.m, v.m, 'rest_day'
	 FROM employees e, (VALUES ('bob', date '2026-10-17', time '10:00', time '13:30', 210), ('alice', '2026-10-24', '10:00', '12:00', 120),
	                           ('alice', '2026-11-01', '02:00', '06:00', 240)) v(key, day, i, o, m)
	 WHERE e.key = v.key`,
	// Leave: Alice's annual leave on the 12th–13th (2 days) and from
	// Friday the 30th to Monday 2 November (its half inside: 1 day), her
	// leave in September and a pending request in October (neither
	// counts); Bob's half day on the 16th and 2 hours on the 21st.
	`INSERT INTO leave_requests (org_id, employee_id, type_key, from_date, to_date, from_part, to_part, period, minutes, status, created_at, sent_at)
	 SELECT e.org_id, e.id, v.type, v.f, v.t, v.fp, v.tp, tstzrange((v.f + time '09:00') AT TIME ZONE 'Asia/Shanghai', (v.t + time '18:00') AT TIME ZONE 'Asia/Shanghai'),
	        v.minutes, v.status, '2026-09-01', '2026-09-01'
	 FROM employees e, (VALUES
	     ('alice', 'annual', date '2026-10-12', date '2026-10-13', 'full', 'full', 960, 'approved'),
	     ('alice', 'annual', '2026-10-30', '2026-11-02', 'full', 'full', 960, 'approved'),
	     ('alice', 'annual', '2026-09-21', '2026-09-21', 'full', 'full', 480, 'approved'),
	     ('alice', 'annual', '2026-10-20', '2026-10-20', 'full', 'full', 480, 'pending'),
	     ('bob', 'annual', '2026-10-16', '2026-10-16', 'afternoon', 'afternoon', 240, 'approved'),
	     ('bob', 'personal', '2026-10-21', '2026-10-21', 'full', 'full', 120, 'approved')) v(key, type, f, t, fp, tp, minutes, status)
	 WHERE e.key = v.key`,
	// Cover: Bob covers Alice's leave 09:00–13:00 on the 12th (rated 4)
	// and a manual request on Saturday the 17th (rated 5); Alice covers
	// Bob on Saturday the 24th (unrated) and on 1 November 02:00 (rated
	// 1: outside October in Shanghai).
	`INSERT INTO cover_requests (org_id, job, starts_at, ends_at, needed, filled, source, leave_request_id, absent_id, status, created_at)
	 SELECT o.id, 'cs', v.s AT TIME ZONE 'Asia/Shanghai', v.e AT TIME ZONE 'Asia/Shanghai', 1, 1, v.source,
	        (SELECT r.id FROM leave_requests r WHERE r.employee_id = a.id AND r.from_date = '2026-10-12' AND v.source = 'leave'),
	        a.id, 'filled', '2026-10-01'
	 FROM orgs o, (VALUES (timestamp '2026-10-12 09:00', timestamp '2026-10-12 13:00', 'leave', 'alice'),
	                      ('2026-10-17 10:00', '2026-10-17 14:00', 'manual', ''),
	                      ('2026-10-24 10:00', '2026-10-24 12:00', 'manual', 'bob'),
	                      ('2026-11-01 02:00', '2026-11-01 06:00', 'manual', 'bob')) v(s, e, source, absent)
	 LEFT JOIN employees a ON a.key = v.absent
	 WHERE o.key = 'shop'`,
	`INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at, rating)
	 SELECT q.id, q.org_id, e.id, e.org_id, 'cs', q.starts_at, q.ends_at, q.created_at, v.rating
	 FROM cover_requests q, employees e, (VALUES (timestamp '2026-10-12 09:00', 'bob', 4), ('2026-10-17 10:00', 'bob', 5),
	                                             ('2026-10-24 10:00', 'alice', NULL), ('2026-11-01 02:00', 'alice', 1)) v(s, key, rating)
	 WHERE q.starts_at = v.s AT TIME ZONE 'Asia/Shanghai' AND e.key = v.key`,
	// Quizzes: Alice passes on the 20th, fails on the 21st and passed in
	// September; Bob passes at 01:00 on 1 October (30 September in UTC).
	`INSERT INTO quiz_banks (org_id, code, skill, level, bank, imported_at)
	 SELECT id, 'cs-1', 'cs', 1, '{}', '2026-09-01' FROM orgs WHERE key = 'shop'`,
	`INSERT INTO quiz_attempts (org_id, bank_id, bank_version, employee_id, bank, paper, started_at, status, submitted_at, passed)
	 SELECT e.org_id, b.id, 1, e.id, '{}', '{}', v.at, 'submitted', v.at, v.passed
	 FROM quiz_banks b, employees e, (VALUES ('alice', timestamptz '2026-10-20 10:00+08', true), ('alice', '2026-10-21 10:00+08', false),
	                                         ('alice', '2026-09-15 10:00+08', true), ('bob', '2026-09-30 17:00Z', true)) v(key, at, passed)
	 WHERE e.key = v.key`,
	// Certifications: Alice cs 2 on the 20th, and cs 1 that expires in
	// November; Bob cs 1 on 1 October and finance 1 that expired on the
	// 10th.
	`INSERT INTO certifications (org_id, employee_id, skill, level, bank_id, attempt_id, certified_at, expires_at)
	 SELECT e.org_id, e.id, v.skill, v.level, b.id, (SELECT min(id) FROM quiz_attempts), v.at, v.expires
	 FROM quiz_banks b, employees e, (VALUES
	     ('alice', 'cs', 2, timestamptz '2026-10-20 10:00+08', timestamptz '2027-10-20 10:00+08'),
	     ('alice', 'cs', 1, '2025-11-05 10:00+08', '2026-11-05 10:00+08'),
	     ('bob', 'cs', 1, '2026-09-30 17:00Z', NULL),
	     ('bob', 'finance', 1, '2025-10-10 10:00+08', '2026-10-10 10:00+08')) v(key, skill, level, at, expires)
	 WHERE e.key = v.key`,
	// Onboarding: Alice's checklist has two tasks ticked in October (one
	// by her manager), one in September and one open; Bob's offboarding
	// checklist has a task ticked in October (not onboarding).
	`INSERT INTO checklists (org_id, kind, employee_id, job, anchor, created_on, created_at)
	 SELECT org_id, v.kind, id, '', '2026-09-20', '2026-09-20', '2026-09-20'
	 FROM employees e, (VALUES ('alice', 'onboarding'), ('bob', 'offboarding')) v(key, kind) WHERE e.key = v.key`,
	`INSERT INTO checklist_tasks (org_id, checklist_id, position, title, owner, due_on, done_at, done_by)
	 SELECT l.org_id, l.id, v.pos, '{"": "task"}', 'person', '2026-10-01', v.at, CASE WHEN v.at IS NULL THEN NULL ELSE coalesce(b.id, l.employee_id) END
	 FROM checklists l JOIN employees e ON e.id = l.employee_id
	 JOIN (VALUES ('alice', 1, timestamptz '2026-10-02 10:00+08', ''), ('alice', 2, '2026-10-09 10:00+08', 'boss'),
	              ('alice', 3, '2026-09-30 10:00+08', ''), ('alice', 4, NULL, ''), ('bob', 1, '2026-10-05 10:00+08', '')) v(key, pos, at, by) ON v.key = e.key
	 LEFT JOIN employees b ON b.key = v.by`,
	// Imports: Alice's CSAT for October (and September), orders for each
	// half of October (the later counts), a response time across the
	// period's start (not within it).
	`INSERT INTO perf_metrics (org_id, employee_id, metric, period_from, period_to, value, imported_by, imported_at)
	 SELECT e.org_id, e.id, v.metric, v.f, v.t, v.value, e.manager_id, '2026-11-01'
	 FROM employees e, (VALUES ('csat', date '2026-10-01', date '2026-10-31', 4.6), ('csat', '2026-09-01', '2026-09-30', 3.0),
	                           ('orders', '2026-10-01', '2026-10-15', 100), ('orders', '2026-10-16', '2026-10-31', 120),
	                           ('response_s', '2026-09-15', '2026-10-15', 42)) v(metric, f, t, value)
	 WHERE e.key = 'alice'`,
}

// factsWorld is the shop seeded with factsSeed and a Facter over real
// storage, its clock at noon on 2 November 2026 in Shanghai.
type factsWorld struct {
	db     *store.DB
	org    core.Org
	ids    map[string]int64
	facter *perf.Facter
}

func newFactsWorld(t testing.TB, yaml string, seed []string) factsWorld {
	t.Helper()
	db := openDB(t)
	if _, err := apply(t, db, yaml); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, sql := range seed {
		if _, err := db.Pool().Exec(ctx, sql); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	clock := fixedClock(time.Date(2026, 11, 2, 12, 0, 0, 0, shanghai))
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	att := attendance.NewService(store.NewAttendance(db), dir, clock)
	lv := leave.NewService(store.NewLeaves(db), att, dir, clock)
	w := factsWorld{db: db, ids: map[string]int64{}, facter: perf.NewFacter(store.NewPerfFacts(db), att, lv, clock)}
	rows, err := db.Pool().Query(ctx, `SELECT key, id FROM employees`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var key string
		var id int64
		if err := rows.Scan(&key, &id); err != nil {
			t.Fatal(err)
		}
		w.ids[key] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if w.org, err = store.NewOrgs(db).Find(ctx, "shop"); err != nil {
		t.Fatal(err)
	}
	return w
}

// render writes facts as one line, decimals as they read, so the golden
// numbers compare exactly whatever a decimal's exponent.
func render(f perf.Facts) string {
	skills := func(s []perf.SkillChange) string {
		out := make([]string, len(s))
		for i, c := range s {
			out[i] = fmt.Sprintf("%s:%d", c.Skill, c.Level)
		}
		return "[" + strings.Join(out, " ") + "]"
	}
	keys := make([]string, 0, len(f.Imported))
	for k := range f.Imported {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	imported := make([]string, len(keys))
	for i, k := range keys {
		imported[i] = k + "=" + f.Imported[k].String()
	}
	return fmt.Sprintf("late=%d absent=%d overtime_h=%s leave_days=%s cover_given=%d/%sh rating=%s/%d cover_received=%d/%sh quizzes=%d gained=%s expired=%s onboarding=%d imported={%s}",
		f.Late, f.AbsentDays, f.OvertimeHours, f.LeaveDays, f.CoverGiven, f.CoverGivenHours, f.CoverRating, f.CoverRated,
		f.CoverReceived, f.CoverReceivedHours, f.QuizzesPassed, skills(f.SkillsGained), skills(f.SkillsExpired), f.OnboardingDone,
		strings.Join(imported, " "))
}

// The golden numbers of October 2026 for three people, every field, from
// seeded attendance, leave, cover, quizzes, certifications, onboarding
// and imports. The boss plans the standard hours and never checked in:
// absent on each of the 21 working days, and nothing else.
//
// Alice: late on the 5th and 6th; absent on the 8th only (the 1st is a
// holiday, the 12th, 13th and 30th leave); overtime 1.5 h on the 9th and
// 2 h on Saturday the 24th; leave 2 days + 1 of the 4 calendar days of
// the request from the 30th (960 minutes × 2/4); she covered Bob 10:00–12:00
// on the 24th; Bob covered her 4 h on the 12th; one quiz passed, cs 2
// certified; two onboarding tasks; CSAT 4.6 and the later orders, 120.
//
// Bob: late on the 14th (the 22nd is an absence); rest-day overtime 3.5 h
// on the 17th; leave half a day + 2 hours of an 8-hour day; covers of 4 h
// (rated 4) and 3.5 h checked in (rated 5); his quiz at 01:00 on 1 October
// in Shanghai counts, as does the cs 1 it certified; finance 1 expired.
//
// Carol: absent on the 7th, and nothing after her last day, the 15th.
func TestFactsGolden(t *testing.T) {
	t.Parallel()
	w := newFactsWorld(t, factsOrg, factsSeed)
	october := perf.Period{From: core.NewDate(2026, 10, 1), To: core.NewDate(2026, 10, 31)}
	keys := []string{"alice", "bob", "carol", "boss"}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = w.ids[k]
	}
	got, err := w.facter.Facts(context.Background(), w.org, ids, october)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"alice": "late=2 absent=1 overtime_h=3.5 leave_days=3 cover_given=1/2h rating=0/0 cover_received=1/4h quizzes=1 gained=[cs:2] expired=[] onboarding=2 imported={csat=4.6 orders=120}",
		"bob":   "late=1 absent=1 overtime_h=3.5 leave_days=0.75 cover_given=2/7.5h rating=4.5/2 cover_received=1/2h quizzes=1 gained=[cs:1] expired=[finance:1] onboarding=0 imported={}",
		"carol": "late=0 absent=1 overtime_h=0 leave_days=0 cover_given=0/0h rating=0/0 cover_received=0/0h quizzes=0 gained=[] expired=[] onboarding=0 imported={}",
		"boss":  "late=0 absent=21 overtime_h=0 leave_days=0 cover_given=0/0h rating=0/0 cover_received=0/0h quizzes=0 gained=[] expired=[] onboarding=0 imported={}",
	}
	if len(got) != len(keys) {
		t.Errorf("facts for %d people, want %d", len(got), len(keys))
	}
	for _, k := range keys {
		f, ok := got[w.ids[k]]
		if !ok {
			t.Errorf("%s: no facts", k)
			continue
		}
		if r := render(f); r != want[k] {
			t.Errorf("%s:\n got %s\nwant %s", k, r, want[k])
		}
	}

	// A period of one day sees only that day: Alice's late arrival on the
	// 6th, nothing else of hers.
	day, err := w.facter.Facts(context.Background(), w.org, []int64{w.ids["alice"]}, perf.Period{From: core.NewDate(2026, 10, 6), To: core.NewDate(2026, 10, 6)})
	if err != nil {
		t.Fatal(err)
	}
	const wantDay = "late=1 absent=0 overtime_h=0 leave_days=0 cover_given=0/0h rating=0/0 cover_received=0/0h quizzes=0 gained=[] expired=[] onboarding=0 imported={}"
	if r := render(day[w.ids["alice"]]); r != wantDay {
		t.Errorf("alice on the 6th:\n got %s\nwant %s", r, wantDay)
	}
}
