package store_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/reports"
	"github.com/hrbot/hrbot/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

const reportGroup = `
group: {key: fruit, name: Fruit Group}
orgs:
  - key: shop
    name: Shop
    time_zone: UTC
    go_live: 2026-01-01
    leave_types:
      - {key: annual, name: Annual leave, accrual: fixed, entitlement_days: 10}
      - {key: personal, name: Personal leave, paid: false, unit: hour}
    teams:
      - {key: cs, name: Customer service}
      - {key: fin, name: Finance}
    employees:
      - {key: gadmin, name: Group Admin, role: admin, job: admin}
      - {key: boss, name: Boss, role: manager, job: ops, team: cs}
      - {key: alice, name: Alice, job: customer-service, team: cs, manager: boss, hire_date: 2022-01-01}
      - {key: bob, name: Bob, job: customer-service, team: cs, manager: boss, hire_date: 2026-10-12}
      - {key: carol, name: Carol, job: finance, team: fin, hire_date: 2020-01-01, status: left, left_on: 2026-10-20}
      - {key: dan, name: Dan, job: finance, team: fin, manager: boss, hire_date: 2021-01-01}
  - key: branch
    name: Branch
    time_zone: UTC
    go_live: 2026-01-01
    teams:
      - {key: cs, name: Customer service}
    employees:
      - {key: bm, name: Branch Manager, role: manager, job: ops, team: cs}
      - {key: erin, name: Erin, job: customer-service, team: cs, manager: bm, hire_date: 2023-01-01}
      - {key: finn, name: Finn, job: customer-service, team: cs, hire_date: 2025-01-01, status: left, left_on: 2026-10-09}
`

// seedReports writes October 2026: everyone works every weekday on time,
// except Alice (late 10, 20 and 30 minutes on the 5th–7th, absent on the
// 8th, on annual leave the 12th–13th), Dan (2 h overtime on the 9th, and a
// Saturday cover of customer service) and Erin (late 15 minutes on the
// 14th); Finn left on the 9th, Carol on the 20th. Two quiz attempts, one
// passed.
func seedReports(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	for _, sql := range []string{
		`INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, planned_start, planned_end, break_minutes, check_in, check_out, late_minutes, worked_minutes, overtime_minutes, overtime_kind)
		 SELECT e.org_id, e.id, d::date, 'workday', d + time '09:00', d + time '18:00', 60,
		        d + time '09:00' + make_interval(mins => l.late), d + time '18:00' + make_interval(mins => l.ot), l.late, 480, l.ot,
		        CASE WHEN l.ot > 0 THEN 'workday' ELSE '' END
		 FROM employees e CROSS JOIN generate_series(timestamp '2026-10-01', timestamp '2026-10-31', interval '1 day') d
		 CROSS JOIN LATERAL (SELECT
		     CASE WHEN e.key = 'alice' AND d::date = '2026-10-05' THEN 10 WHEN e.key = 'alice' AND d::date = '2026-10-06' THEN 20
		          WHEN e.key = 'alice' AND d::date = '2026-10-07' THEN 30 WHEN e.key = 'erin' AND d::date = '2026-10-14' THEN 15 ELSE 0 END AS late,
		     CASE WHEN e.key = 'dan' AND d::date = '2026-10-09' THEN 120 ELSE 0 END AS ot) l
		 WHERE e.status = 'active' AND extract(isodow FROM d) < 6 AND d::date >= coalesce(e.hire_date, '2000-01-01')
		   AND NOT (e.key = 'alice' AND d::date IN ('2026-10-08', '2026-10-12', '2026-10-13'))`,
		`INSERT INTO leave_requests (org_id, employee_id, type_key, from_date, to_date, from_part, to_part, period, minutes, status, created_at, sent_at)
		 SELECT org_id, id, 'annual', '2026-10-12', '2026-10-13', 'full', 'full', tstzrange('2026-10-12 09:00Z', '2026-10-13 18:00Z'), 960, 'approved', '2026-10-01', '2026-10-01'
		 FROM employees WHERE key = 'alice'`,
		`INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in, check_out, worked_minutes)
		 SELECT org_id, id, '2026-10-17', 'rest_day', '2026-10-17 10:00Z', '2026-10-17 14:00Z', 240 FROM employees WHERE key = 'dan'`,
		`INSERT INTO cover_requests (org_id, job, starts_at, ends_at, needed, filled, source, status, created_at)
		 SELECT id, 'customer-service', '2026-10-17 10:00Z', '2026-10-17 14:00Z', 1, 1, 'manual', 'filled', '2026-10-16' FROM orgs WHERE key = 'shop'`,
		`INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at, rating)
		 SELECT (SELECT max(id) FROM cover_requests), org_id, id, org_id, 'customer-service', '2026-10-17 10:00Z', '2026-10-17 14:00Z', '2026-10-16', 4
		 FROM employees WHERE key = 'dan'`,
		`INSERT INTO quiz_banks (org_id, code, skill, level, bank, imported_at)
		 SELECT id, 'cs-1', 'customer-service', 1, '{}', '2026-09-01' FROM orgs WHERE key = 'shop'`,
		`INSERT INTO quiz_attempts (org_id, bank_id, bank_version, employee_id, bank, paper, started_at, status, submitted_at, passed)
		 SELECT e.org_id, b.id, 1, e.id, '{}', '{}', '2026-10-20 10:00Z', 'submitted', '2026-10-20 10:10Z', e.key = 'dan'
		 FROM employees e, quiz_banks b WHERE e.key IN ('dan', 'bob') AND b.code = 'cs-1'`,
	} {
		if _, err := db.Pool().Exec(ctx, sql); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func memberIn(t *testing.T, db *store.DB, org, key string) core.Member {
	t.Helper()
	ms, err := store.NewDirectory(db).FindMembersByKey(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Org.Key == org {
			return m
		}
	}
	t.Fatalf("no %s in %s", key, org)
	return core.Member{}
}

func renderResult(r reports.Result) string {
	var b strings.Builder
	cols := make([]string, len(r.Columns))
	for i, c := range r.Columns {
		cols[i] = c.Key
	}
	fmt.Fprintf(&b, "## %s %s (%d orgs): %s | %s\n", r.Kind, r.Period, len(r.Orgs), r.LabelKey, strings.Join(cols, " | "))
	for _, row := range append(r.Rows, reports.Row{Label: "TOTAL", Values: r.Totals}) {
		vals := make([]string, len(row.Values))
		for i, v := range row.Values {
			vals[i] = strconv.FormatFloat(v, 'f', -1, 64)
		}
		org := ""
		if row.Org != "" {
			org = row.Org + " / "
		}
		label := row.Label
		if row.LabelKey != "" {
			label = row.LabelKey
		}
		fmt.Fprintf(&b, "%s%s: %s\n", org, label, strings.Join(vals, " | "))
	}
	return b.String()
}

// The numbers of every report on a fixed October, for one shop and for
// the group, compared with testdata/reports.golden (go test -run
// ReportsGolden ./store/ -update rewrites it). Who sees what is checked
// on the way: an employee nothing, a shop manager their shop only, the
// group admin every shop.
func TestReportsGolden(t *testing.T) {
	db := openDB(t)
	if _, err := apply(t, db, reportGroup); err != nil {
		t.Fatal(err)
	}
	seedReports(t, db)
	ctx := context.Background()
	// Balances and "today" as of 1 November 2026, whenever the test runs.
	clock := fixedClock(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC))
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	att := attendance.NewService(store.NewAttendance(db), dir, clock)
	svc := reports.NewService(store.NewReports(db), att, leave.NewService(store.NewLeaves(db), att, dir, clock), dir)
	october := reports.Period{From: core.Date{Year: 2026, Month: 10, Day: 1}, To: core.Date{Year: 2026, Month: 10, Day: 31}}

	gadmin, boss, bm, alice := memberIn(t, db, "shop", "gadmin"), memberIn(t, db, "shop", "boss"), memberIn(t, db, "branch", "bm"), memberIn(t, db, "shop", "alice")
	if _, err := svc.Report(ctx, alice, reports.Attendance, october, false, "test"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("an employee reads reports: %v", err)
	}
	var refusals int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'report.org' AND outcome <> 'ok'`).Scan(&refusals); err != nil || refusals != 1 {
		t.Errorf("%d refusals audited (%v), want 1", refusals, err)
	}
	for _, m := range []core.Member{boss, bm} {
		if _, err := svc.Report(ctx, m, reports.Attendance, october, true, "test"); core.ErrorCodeOf(err) != core.EForbidden {
			t.Errorf("manager %s sees the group: %v", m.Employee.Key, err)
		}
	}
	branch, err := svc.Report(ctx, bm, reports.Attendance, october, false, "test")
	if err != nil || len(branch.Orgs) != 1 || branch.Orgs[0].Key != "branch" {
		t.Fatalf("branch manager's report: %+v %v", branch.Orgs, err)
	}

	var out strings.Builder
	for _, kind := range reports.Kinds {
		r, err := svc.Report(ctx, boss, kind, october, false, "test")
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		out.WriteString(renderResult(r))
	}
	for _, kind := range []reports.Kind{reports.Attendance, reports.Turnover} {
		r, err := svc.Report(ctx, gadmin, kind, october, true, "test")
		if err != nil {
			t.Fatalf("group %s: %v", kind, err)
		}
		out.WriteString(renderResult(r))
	}
	const golden = "testdata/reports.golden"
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if out.String() != string(want) {
		t.Errorf("reports differ from %s:\n--- got\n%s\n--- want\n%s", golden, out.String(), want)
	}
}

// Days before the org went live are nobody's absences in a report either.
func TestReportsStartAtGoLive(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := apply(t, db, strings.Replace(reportGroup, "go_live: 2026-01-01", "go_live: 2026-10-26", 1)); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	clock := fixedClock(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC))
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	att := attendance.NewService(store.NewAttendance(db), dir, clock)
	svc := reports.NewService(store.NewReports(db), att, leave.NewService(store.NewLeaves(db), att, dir, clock), dir)
	october := reports.Period{From: core.Date{Year: 2026, Month: 10, Day: 1}, To: core.Date{Year: 2026, Month: 10, Day: 31}}
	if _, err := svc.Report(ctx, memberIn(t, db, "shop", "boss"), reports.Attendance, october, false, "test"); err != nil {
		t.Fatal(err)
	}
	// Nobody checked in: Monday 26 to Friday 30 October are the only
	// working days that count.
	goLive := core.Date{Year: 2026, Month: 10, Day: 26}
	_, sums, err := att.Months(ctx, memberIn(t, db, "shop", "boss").Org, october.From, october.To)
	if err != nil {
		t.Fatal(err)
	}
	most := 0
	for id, s := range sums {
		if s.From.Before(goLive) || s.AbsentDays > 5 {
			t.Errorf("employee %d: %d absent days from %v, before go-live", id, s.AbsentDays, s.From)
		}
		most = max(most, s.AbsentDays)
	}
	if most != 5 {
		t.Errorf("at most %d absent days, want 5", most)
	}
}
