package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/store"
)

// factsBenchPeople is how many people BenchmarkFacts reviews.
const factsBenchPeople = 300

// factsBenchSeed is October 2026 for the benchmark's shop ($1): a month
// of attendance for everyone, leave for a tenth, covers for a fifth,
// quizzes, certificates, five onboarding tasks each and two imports.
var factsBenchSeed = []string{
	`INSERT INTO employees (org_id, key, name, role, job, hire_date)
	 SELECT $1, 'p' || i, 'Person ' || i, 'employee', 'cs', '2024-01-01' FROM generate_series(1, ` + strconv.Itoa(factsBenchPeople) + `) i`,
	`INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, planned_start, planned_end, break_minutes,
	                                 check_in, check_out, late_minutes, worked_minutes, overtime_minutes, overtime_kind)
	 SELECT $1, e.id, d::date, 'workday', (d + time '09:00') AT TIME ZONE 'Asia/Shanghai', (d + time '18:00') AT TIME ZONE 'Asia/Shanghai', 60,
	        (d + time '09:00') AT TIME ZONE 'Asia/Shanghai' + (e.id % 7) * interval '1 minute', (d + time '18:30') AT TIME ZONE 'Asia/Shanghai',
	        greatest(0, e.id % 7 - 5), 480,
	        CASE WHEN e.id % 3 = 0 THEN 30 ELSE 0 END, CASE WHEN e.id % 3 = 0 THEN 'workday' ELSE '' END
	 FROM employees e, generate_series(timestamp '2026-10-01', timestamp '2026-10-31', interval '1 day') d
	 WHERE e.org_id = $1 AND e.key <> 'hr' AND extract(isodow FROM d) < 6`,
	`INSERT INTO leave_requests (org_id, employee_id, type_key, from_date, to_date, from_part, to_part, period, minutes, status, created_at, sent_at)
	 SELECT $1, id, 'annual', '2026-10-19', '2026-10-20', 'full', 'full', tstzrange('2026-10-19 01:00Z', '2026-10-20 10:00Z'), 960, 'approved', '2026-10-01', '2026-10-01'
	 FROM employees WHERE org_id = $1 AND id % 10 = 0`,
	`INSERT INTO cover_requests (org_id, job, starts_at, ends_at, needed, filled, source, absent_id, status, created_at)
	 SELECT $1, 'cs', d + time '02:00', d + time '06:00', 1, 1, 'manual', e.id, 'filled', '2026-10-01'
	 FROM employees e, generate_series(timestamp '2026-10-05', timestamp '2026-10-25', interval '5 days') d
	 WHERE e.org_id = $1 AND e.id % 5 = 0`,
	`INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at, rating)
	 SELECT q.id, q.org_id, q.absent_id + 1, q.org_id, 'cs', q.starts_at, q.ends_at, q.created_at, CASE WHEN q.id % 2 = 0 THEN 4 END
	 FROM cover_requests q WHERE q.org_id = $1 AND EXISTS (SELECT FROM employees e WHERE e.id = q.absent_id + 1 AND e.org_id = $1)`,
	`INSERT INTO quiz_banks (org_id, code, skill, level, bank, imported_at) VALUES ($1, 'cs-1', 'cs', 1, '{}', '2026-09-01')`,
	`INSERT INTO quiz_attempts (org_id, bank_id, bank_version, employee_id, bank, paper, started_at, status, submitted_at, passed)
	 SELECT $1, b.id, 1, e.id, '{}', '{}', '2026-10-20 02:00Z', 'submitted', '2026-10-20 02:10Z', e.id % 2 = 0
	 FROM employees e, quiz_banks b WHERE e.org_id = $1 AND b.org_id = $1`,
	`INSERT INTO certifications (org_id, employee_id, skill, level, bank_id, attempt_id, certified_at, expires_at)
	 SELECT $1, a.employee_id, 'cs', 1, a.bank_id, a.id, a.submitted_at, a.submitted_at + interval '1 year'
	 FROM quiz_attempts a WHERE a.org_id = $1 AND a.passed`,
	`INSERT INTO checklists (org_id, kind, employee_id, job, anchor, created_on, created_at)
	 SELECT $1, 'onboarding', id, '', '2026-09-20', '2026-09-20', '2026-09-20' FROM employees WHERE org_id = $1`,
	`INSERT INTO checklist_tasks (org_id, checklist_id, position, title, owner, due_on, done_at, done_by)
	 SELECT $1, l.id, i, '{"": "task"}', 'person', '2026-10-01', '2026-10-01 02:00Z'::timestamptz + i * interval '1 day', l.employee_id
	 FROM checklists l, generate_series(1, 5) i WHERE l.org_id = $1`,
	`INSERT INTO perf_metrics (org_id, employee_id, metric, period_from, period_to, value, imported_by, imported_at)
	 SELECT $1, e.id, m, '2026-10-01', '2026-10-31', e.id % 5, e.id, '2026-11-01'
	 FROM employees e, unnest(ARRAY['csat', 'orders']) m WHERE e.org_id = $1`,
	`ANALYZE`,
}

// BenchmarkFacts computes October 2026's facts for a cycle of 300 people
// with a month of attendance each (22 working days), leave, cover,
// quizzes, certificates, onboarding tasks and imports, and reads the same
// people's attendance records with a plain SELECT in the same run. It
// reports both and their ratio.
//
//	go test -run XXX -bench Facts -benchtime 20x ./store/
func BenchmarkFacts(b *testing.B) {
	const people = factsBenchPeople
	ctx := context.Background()
	db := openDB(b)
	if _, err := apply(b, db, "orgs:\n  - key: shop\n    name: Shop\n    time_zone: Asia/Shanghai\n    go_live: 2026-01-01\n    leave_types:\n      - {key: annual, name: Annual leave, accrual: fixed, entitlement_days: 10}\n    employees:\n      - {key: hr, name: HR, role: hr}\n"); err != nil {
		b.Fatal(err)
	}
	var orgID int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&orgID); err != nil {
		b.Fatal(err)
	}
	for _, sql := range factsBenchSeed {
		args := []any{orgID}
		if sql == `ANALYZE` {
			args = nil
		}
		if _, err := db.Pool().Exec(ctx, sql, args...); err != nil {
			b.Fatalf("%v\n%s", err, sql)
		}
	}
	rows, err := db.Pool().Query(ctx, `SELECT id FROM employees WHERE org_id = $1 AND key <> 'hr' ORDER BY id`, orgID)
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil || len(ids) != people {
		b.Fatalf("%d people, %v", len(ids), err)
	}
	org, err := store.NewOrgs(db).Find(ctx, "shop")
	if err != nil {
		b.Fatal(err)
	}
	clock := fixedClock(time.Date(2026, 11, 2, 4, 0, 0, 0, time.UTC))
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	att := attendance.NewService(store.NewAttendance(db), dir, clock)
	facter := perf.NewFacter(store.NewPerfFacts(db), att, leave.NewService(store.NewLeaves(db), att, dir, clock), clock)
	october := perf.Period{From: core.NewDate(2026, 10, 1), To: core.NewDate(2026, 10, 31)}
	records := count0(b, db, `SELECT count(*) FROM attendance_records WHERE org_id = $1`, orgID)

	checkFactsBench(b, facter, org, ids, october)

	var selectTime, factsTime time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		recs, err := store.NewAttendance(db).ListRecords(ctx, orgID, ids, october.From, october.To)
		if err != nil || len(recs) != records {
			b.Fatalf("select: %d of %d, %v", len(recs), records, err)
		}
		selectTime += time.Since(start)

		start = time.Now()
		facts, err := facter.Facts(ctx, org, ids, october)
		if err != nil || len(facts) != people {
			b.Fatalf("facts: %d people, %v", len(facts), err)
		}
		factsTime += time.Since(start)
	}
	b.StopTimer()
	b.ReportMetric(float64(records), "records")
	b.ReportMetric(selectTime.Seconds()*1000/float64(b.N), "select_ms")
	b.ReportMetric(factsTime.Seconds()*1000/float64(b.N), "facts_ms")
	b.ReportMetric(factsTime.Seconds()/selectTime.Seconds(), "facts/select")
}

// count0 is count for benchmarks too.
func count0(tb testing.TB, db *store.DB, sql string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// checkFactsBench makes sure the seed is there to be counted: every kind
// of fact shows up.
func checkFactsBench(b *testing.B, facter *perf.Facter, org core.Org, ids []int64, p perf.Period) {
	b.Helper()
	facts, err := facter.Facts(context.Background(), org, ids, p)
	if err != nil {
		b.Fatal(err)
	}
	var quizzes, given, received, onboarding, leaveDays, imported int
	for _, f := range facts {
		quizzes += f.QuizzesPassed
		given += f.CoverGiven
		received += f.CoverReceived
		onboarding += f.OnboardingDone
		imported += len(f.Imported)
		if f.LeaveDays.IsPositive() {
			leaveDays++
		}
	}
	if quizzes == 0 || given == 0 || given != received || onboarding != 5*factsBenchPeople || leaveDays == 0 || imported != 2*factsBenchPeople {
		b.Fatalf("seeded facts not counted: quizzes %d, cover %d/%d, onboarding %d, on leave %d, imports %d", quizzes, given, received, onboarding, leaveDays, imported)
	}
}
