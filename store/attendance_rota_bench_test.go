package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/store"
)

// BenchmarkRota500 builds the October 2026 rota of a 500-person org (ten
// teams, a weekly A/B rotation, a four-day cycle and the standard hours,
// 1,000 overrides, 150 approved leave requests, 50 covers) as HR sees it:
// every person, every day. In the same run it reads the same rows with
// plain SELECTs, one statement after the other, and reports both and
// their ratio. rota_s has the org's setup cached (as it is between
// changes); cold_s reads the setup too, as the first view after a change.
//
//	go test -run XXX -bench Rota500 -benchtime 20x ./store/
func BenchmarkRota500(b *testing.B) {
	const people = 500
	ctx := context.Background()
	db, hr := rota500(b, people)
	clock := core.ClockFunc(func() time.Time { return time.Date(2026, 10, 15, 10, 0, 0, 0, shanghai) })
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	warm := attendance.NewService(store.NewAttendance(db), dir, clock)
	month := core.NewDate(2026, 10, 1)
	if _, err := warm.Rota(ctx, hr, "", month); err != nil {
		b.Fatal(err)
	}

	var selectTime, rotaTime, coldTime time.Duration
	var cells int
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		plainSelects(b, db, hr.Org.ID)
		selectTime += time.Since(start)

		start = time.Now()
		r, err := warm.Rota(ctx, hr, "", month)
		if err != nil || len(r.Rows) != people {
			b.Fatalf("rota: %d rows, %v", len(r.Rows), err)
		}
		rotaTime += time.Since(start)
		cells = len(r.Rows) * len(r.Days)

		start = time.Now()
		cold := attendance.NewService(store.NewAttendance(db), dir, clock)
		if _, err := cold.Rota(ctx, hr, "", month); err != nil {
			b.Fatal(err)
		}
		coldTime += time.Since(start)
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(cells), "cells")
	b.ReportMetric(selectTime.Seconds()/n*1000, "select_ms")
	b.ReportMetric(rotaTime.Seconds()/n*1000, "rota_ms")
	b.ReportMetric(coldTime.Seconds()/n*1000, "cold_ms")
	b.ReportMetric(rotaTime.Seconds()/selectTime.Seconds(), "rota/select")
	b.ReportMetric(coldTime.Seconds()/selectTime.Seconds(), "cold/select")
}

// rota500 builds the benchmark's org and returns its HR person.
func rota500(b *testing.B, people int) (*store.DB, core.Member) {
	b.Helper()
	ctx := context.Background()
	db := openDB(b)
	if _, err := apply(b, db, rota500YAML()); err != nil {
		b.Fatal(err)
	}
	var orgID int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'big'`).Scan(&orgID); err != nil {
		b.Fatal(err)
	}
	for _, sql := range []string{
		`INSERT INTO employees (org_id, key, name, role, hire_date, team_id, schedule_id, rotation_offset)
		 SELECT $1, 'p' || i, 'Person ' || i, 'employee', '2024-01-01',
		        (SELECT id FROM teams WHERE org_id = $1 AND key = 't' || (i % 10)),
		        CASE i % 3 WHEN 0 THEN (SELECT id FROM schedules WHERE org_id = $1 AND key = 'ab')
		                   WHEN 1 THEN (SELECT id FROM schedules WHERE org_id = $1 AND key = 'nights') END,
		        CASE WHEN i % 3 = 0 THEN i % 2 ELSE 0 END
		 FROM generate_series(1, ` + fmt.Sprint(people-1) + `) i`,
		`INSERT INTO shift_overrides (org_id, employee_id, work_date, shift_id)
		 SELECT $1, e.id, date '2026-10-01' + (e.id % 28 + k)::int, CASE WHEN k = 0 THEN (SELECT id FROM shifts WHERE org_id = $1 AND key = 'late') END
		 FROM employees e, generate_series(0, 1) k WHERE e.org_id = $1`,
		`INSERT INTO leave_requests (org_id, employee_id, type_key, from_date, to_date, from_part, to_part, period, minutes, status, created_at, sent_at)
		 SELECT $1, e.id, 'annual', date '2026-10-05' + (e.id % 20)::int, date '2026-10-07' + (e.id % 20)::int, 'full', 'full',
		        tstzrange((date '2026-10-05' + (e.id % 20)::int)::timestamptz, (date '2026-10-08' + (e.id % 20)::int)::timestamptz), 1440, 'approved', now(), now()
		 FROM employees e WHERE e.org_id = $1 AND e.id % 10 < 3`,
		`WITH r AS (INSERT INTO cover_requests (org_id, job, starts_at, ends_at, needed, filled, source, status, created_at)
		            SELECT $1, 'cs', timestamptz '2026-10-03 18:00+08' + i * interval '13 hours', timestamptz '2026-10-03 22:00+08' + i * interval '13 hours',
		                   1, 1, 'manual', 'filled', now() FROM generate_series(1, 50) i RETURNING id, starts_at, ends_at)
		 INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at)
		 SELECT r.id, $1, (SELECT id FROM employees WHERE org_id = $1 AND key = 'p' || (r.id % 400 + 1)), $1, 'cs', r.starts_at, r.ends_at, now() FROM r`,
		`UPDATE orgs SET config_version = config_version + 1 WHERE id = $1`,
		`ANALYZE`,
	} {
		args := []any{orgID}
		if sql == `ANALYZE` {
			args = nil
		}
		if _, err := db.Pool().Exec(ctx, sql, args...); err != nil {
			b.Fatal(err)
		}
	}
	org, err := store.NewOrgs(db).Find(ctx, "big")
	if err != nil {
		b.Fatal(err)
	}
	hrEmp, err := store.NewDirectory(db).FindEmployee(ctx, orgID, "hr")
	if err != nil {
		b.Fatal(err)
	}
	return db, core.Member{Employee: hrEmp, Org: org}
}

// rota500YAML is the benchmark org's file: ten teams, three shifts, two schedules.
func rota500YAML() string {
	var teams strings.Builder
	for i := range 10 {
		fmt.Fprintf(&teams, "      - {key: t%d, name: Team %d}\n", i, i)
	}
	return `
orgs:
  - key: big
    name: Big Shop
    time_zone: Asia/Shanghai
    go_live: 2026-01-01
    calendar:
      holidays:
        - {date: 2026-10-01, name: National Day, statutory: true}
        - {date: 2026-10-02, name: National Day, statutory: true}
      workdays:
        - {date: 2026-10-10, name: Make-up day}
    leave_types:
      - {key: annual, name: Annual leave, accrual: fixed, entitlement_days: 10}
    teams:
` + teams.String() + `    shifts:
      - {key: early, name: Early, start: "08:00", end: "16:00", break_minutes: 30}
      - {key: late, name: Late, start: "14:00", end: "22:00", break_minutes: 30}
      - {key: night, name: Night, start: "22:00", end: "06:00", break_minutes: 30}
    schedules:
      - key: ab
        start: 2026-09-28
        weeks:
          - {mon: early, tue: early, wed: early, thu: early, fri: early}
          - {mon: late, tue: late, wed: late, thu: late, fri: late}
      - {key: nights, start: 2026-10-01, cycle: [night, night, off, off]}
    employees:
      - {key: hr, name: HR, role: hr}
`
}

// plainSelects reads what a rota reads, as plainly as it can be: the
// statements one after the other, the rows scanned into bare values.
func plainSelects(b *testing.B, db *store.DB, orgID int64) {
	ctx := context.Background()
	for _, q := range []struct {
		sql  string
		args []any
		cols int
	}{
		{`SELECT config_version FROM orgs WHERE id = $1`, []any{orgID}, 1},
		{`SELECT id, org_id, key, name FROM teams WHERE org_id = $1 ORDER BY key`, []any{orgID}, 4},
		{`SELECT e.id, e.key, e.name, e.role, e.job, coalesce(e.team_id, 0), coalesce(t.key, ''), coalesce(t.name, ''),
		         coalesce(e.manager_id, 0), e.hire_date, coalesce(sc.key, ''), e.rotation_offset
		  FROM employees e LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN schedules sc ON sc.id = e.schedule_id
		  WHERE e.org_id = $1 AND e.status = 'active' ORDER BY e.key`, []any{orgID}, 12},
		{`SELECT r.employee_id, d::date, r.type_key, t.name, r.from_part
		  FROM leave_requests r JOIN leave_types t ON t.org_id = r.org_id AND t.key = r.type_key,
		       generate_series(greatest(r.from_date, '2026-10-01'::date), least(r.to_date, '2026-10-31'::date), interval '1 day') d
		  WHERE r.org_id = $1 AND r.status = 'approved' AND r.from_date <= '2026-10-31' AND r.to_date >= '2026-10-01'`, []any{orgID}, 5},
		{`SELECT a.employee_id, a.job, a.starts_at, a.ends_at FROM cover_assignments a JOIN cover_requests r ON r.id = a.request_id
		  WHERE a.employee_org_id = $1 AND r.status <> 'cancelled' AND a.starts_at >= '2026-10-01 00:00+08' AND a.starts_at < '2026-11-01 00:00+08'`,
			[]any{orgID}, 4},
	} {
		rows, err := db.Pool().Query(ctx, q.sql, q.args...)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			if _, err := rows.Values(); err != nil {
				b.Fatal(err)
			}
		}
		if rows.Err() != nil {
			b.Fatal(rows.Err())
		}
	}
}
