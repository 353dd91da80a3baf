package store_test

import (
	"context"
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

const perfReportOrg = `
orgs:
  - key: shop
    name: Shop
    time_zone: UTC
    go_live: 2026-01-01
    teams:
      - {key: cs, name: Customer service}
      - {key: fin, name: Finance}
    shifts:
      - {key: cs-day, name: CS day, start: "09:00", end: "17:00", job: customer-service}
    schedules:
      - key: csweek
        start: 2026-01-05
        weeks:
          - {mon: cs-day, tue: cs-day, wed: cs-day, thu: cs-day, fri: cs-day}
    employees:
      - {key: hui, name: Hui, role: hr, job: hr}
      - {key: boss, name: Boss, role: manager, job: ops, team: cs}
      - {key: fay, name: Fay, role: manager, job: ops, team: fin}
      - {key: alice, name: Alice, job: customer-service, team: cs, manager: boss, schedule: csweek}
      - {key: bob, name: Bob, job: customer-service, team: cs, manager: boss, schedule: csweek}
      - {key: dan, name: Dan, job: finance, team: fin, manager: fay}
      - {key: eve, name: Eve, job: finance, team: fin, manager: fay}
`

// seedPerfReport writes the week of 5–11 October 2026 and two published
// monthly review cycles (September, October) and an open one (November):
//   - Alice and Bob (customer service, shift CS day 8 h) and Dan and Eve
//     (finance, standard hours 8 h) work Monday to Friday; Alice 2 h over
//     time on Tuesday, Dan 1 h on Wednesday; Eve is absent on Friday.
//   - Dan covers customer service on Saturday 10:00–14:00 (4 h of rest-day
//     overtime); two more places for Sunday are still open; a finance
//     request for Eve's Friday was cancelled. In September Dan covered 3 h.
//   - Results, October: Alice 4.00 calibrated to 4.60 (A), Bob 3.20 (C),
//     Dan 4.00 (B), Eve 3.80 not published. September: Alice 3.50 (B),
//     Bob 3.00 (C), Dan 4.50 (A), Eve 4.00 (B). November (open): Alice 5.
func seedPerfReport(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	for _, sql := range []string{
		`INSERT INTO attendance_records (org_id, employee_id, work_date, shift_key, day_kind, planned_start, planned_end, check_in, check_out, worked_minutes, overtime_minutes, overtime_kind)
		 SELECT e.org_id, e.id, d::date, CASE WHEN e.key IN ('alice', 'bob') THEN 'cs-day' ELSE '' END, 'workday', d + time '09:00', d + time '18:00',
		        d + time '09:00', d + time '18:00' + make_interval(mins => l.ot), 480 + l.ot, l.ot, CASE WHEN l.ot > 0 THEN 'workday' ELSE '' END
		 FROM employees e CROSS JOIN generate_series(timestamp '2026-10-05', timestamp '2026-10-09', interval '1 day') d
		 CROSS JOIN LATERAL (SELECT CASE WHEN e.key = 'alice' AND d::date = '2026-10-06' THEN 120
		                                 WHEN e.key = 'dan' AND d::date = '2026-10-07' THEN 60 ELSE 0 END AS ot) l
		 WHERE e.key IN ('alice', 'bob', 'dan', 'eve') AND NOT (e.key = 'eve' AND d::date = '2026-10-09')`,
		`INSERT INTO cover_requests (org_id, job, starts_at, ends_at, needed, filled, source, status, created_at)
		 SELECT id, j.job, j.s, j.e, j.needed, j.filled, 'manual', j.status, '2026-09-01' FROM orgs,
		 (VALUES ('customer-service', timestamptz '2026-09-12 10:00Z', timestamptz '2026-09-12 13:00Z', 1, 1, 'filled'),
		         ('customer-service', '2026-10-10 10:00Z', '2026-10-10 14:00Z', 1, 1, 'filled'),
		         ('customer-service', '2026-10-11 10:00Z', '2026-10-11 14:00Z', 2, 0, 'open'),
		         ('finance', '2026-10-09 09:00Z', '2026-10-09 18:00Z', 1, 0, 'cancelled')) AS j(job, s, e, needed, filled, status)
		 WHERE key = 'shop'`,
		`INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at, rating)
		 SELECT q.id, q.org_id, e.id, e.org_id, q.job, q.starts_at, q.ends_at, q.created_at, 5
		 FROM cover_requests q, employees e WHERE e.key = 'dan' AND q.status = 'filled'`,
		`INSERT INTO attendance_records (org_id, employee_id, work_date, shift_key, day_kind, planned_start, planned_end, check_in, check_out, worked_minutes, overtime_minutes, overtime_kind)
		 SELECT e.org_id, e.id, a.starts_at::date, 'cover', 'rest_day', a.starts_at, a.ends_at, a.starts_at, a.ends_at,
		        extract(epoch FROM a.ends_at - a.starts_at)::int / 60, extract(epoch FROM a.ends_at - a.starts_at)::int / 60, 'rest_day'
		 FROM cover_assignments a JOIN employees e ON e.id = a.employee_id`,
		`INSERT INTO perf_policies (org_id, bands)
		 SELECT id, '[{"band": "A", "min": "4.5", "coefficient": "1.5"}, {"band": "B", "min": "3.5", "coefficient": "1"}, {"band": "C", "min": "0", "coefficient": "0.5"}]'
		 FROM orgs WHERE key = 'shop'`,
		`INSERT INTO perf_cycles (org_id, name, kind, scope, period_from, period_to, self_due, manager_due, calibration_due, status, created_by, created_at, published_at)
		 SELECT o.id, c.name, 'monthly', 'org', c.f, c.t, c.t + 3, c.t + 6, c.t + 9, c.status, 1, c.f, CASE WHEN c.status = 'published' THEN c.t + 10 END
		 FROM orgs o, (VALUES ('Sep 2026', date '2026-09-01', date '2026-09-30', 'published'), ('Oct 2026', '2026-10-01', '2026-10-31', 'published'),
		                      ('Nov 2026', '2026-11-01', '2026-11-30', 'open')) AS c(name, f, t, status)
		 WHERE o.key = 'shop'`,
		`INSERT INTO perf_reviews (org_id, cycle_id, employee_id, manager_id, job, team_id, score, calibrated_score, band, published_at)
		 SELECT e.org_id, c.id, e.id, e.manager_id, e.job, e.team_id, r.score, r.cal, r.band, CASE WHEN r.published THEN c.period_to + 10 END
		 FROM (VALUES ('Sep 2026', 'alice', 3.50, NULL::numeric, 'B', true), ('Sep 2026', 'bob', 3.00, NULL, 'C', true),
		              ('Sep 2026', 'dan', 4.50, NULL, 'A', true), ('Sep 2026', 'eve', 4.00, NULL, 'B', true),
		              ('Oct 2026', 'alice', 4.00, 4.60, 'A', true), ('Oct 2026', 'bob', 3.20, NULL, 'C', true),
		              ('Oct 2026', 'dan', 4.00, NULL, 'B', true), ('Oct 2026', 'eve', 3.80, NULL, '', false),
		              ('Nov 2026', 'alice', 5.00, NULL, 'A', true)) AS r(cycle, who, score, cal, band, published)
		 JOIN employees e ON e.key = r.who JOIN perf_cycles c ON c.name = r.cycle`,
	} {
		if _, err := db.Pool().Exec(ctx, sql); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
}

// renderParts writes a report's further tables as renderResult writes
// its first: headings (or the column's own heading, or its job), rows,
// flags and tags.
func renderParts(r reports.Result) string {
	var b strings.Builder
	for i, p := range r.Parts {
		cols := make([]string, len(p.Columns))
		for j, c := range p.Columns {
			cols[j] = c.Key
			if c.Heading != "" || c.Job != "" {
				cols[j] = c.Key + "=" + c.Heading + c.Job
			}
		}
		fmt.Fprintf(&b, "### part %d %s: %s | %s\n", i, p.TitleKey, p.LabelKey, strings.Join(cols, " | "))
		for _, row := range p.Rows {
			vals := make([]string, len(row.Values))
			for j, v := range row.Values {
				vals[j] = strconv.FormatFloat(v, 'f', -1, 64)
			}
			label := row.Label
			if row.Flag {
				label = "⚠ " + label
			}
			if row.Tag != "" {
				label += " [" + row.Tag + "]"
			}
			fmt.Fprintf(&b, "%s: %s\n", label, strings.Join(vals, " | "))
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note %s %v\n", n.Key, n.Args)
	}
	return b.String()
}

// The performance and role-load reports on a fixed October, compared with
// testdata/perf_reports.golden (-update rewrites it): the latest
// published cycle by default, a cycle by name, the cycles of a period;
// HR sees everyone, each manager their own team, an employee nothing
// (refused and audited); an unpublished review and an open cycle never
// count.
func TestPerfReportsGolden(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := apply(t, db, perfReportOrg); err != nil {
		t.Fatal(err)
	}
	seedPerfReport(t, db)
	ctx := context.Background()
	clock := fixedClock(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	att := attendance.NewService(store.NewAttendance(db), dir, clock)
	svc := reports.NewService(store.NewReports(db), att, leave.NewService(store.NewLeaves(db), att, dir, clock), dir, reports.WithClock(clock))
	hui, boss, fay, alice := memberIn(t, db, "shop", "hui"), memberIn(t, db, "shop", "boss"), memberIn(t, db, "shop", "fay"), memberIn(t, db, "shop", "alice")
	today := core.NewDate(2026, 11, 20)

	if _, err := svc.Performance(ctx, alice, "", today, "test"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("an employee reads the performance report: %v", err)
	}
	if _, err := svc.Report(ctx, alice, reports.RoleLoad, reports.Period{From: today, To: today}, false, "test"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("an employee reads the role-load report: %v", err)
	}
	var refusals int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'report.org' AND outcome <> 'ok' AND channel = 'test'`).Scan(&refusals); err != nil || refusals != 2 {
		t.Errorf("%d refusals audited (%v), want 2", refusals, err)
	}
	if _, err := svc.Performance(ctx, hui, "no such cycle", today, "test"); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("an unknown cycle: %v", err)
	}

	var out strings.Builder
	show := func(title string, r reports.Result, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", title, err)
		}
		fmt.Fprintf(&out, "# %s\n%s%s", title, renderResult(r), renderParts(r))
	}
	latest, err := svc.Performance(ctx, hui, "", today, "test")
	show("HR, latest cycle", latest, err)
	byName, err := svc.Performance(ctx, hui, "oct 2026", today, "test")
	if err == nil && renderResult(byName)+renderParts(byName) != renderResult(latest)+renderParts(latest) {
		t.Errorf("the October cycle by name differs from the latest")
	}
	r, err := svc.Performance(ctx, hui, "2026-09-01..2026-10-31", today, "test")
	show("HR, cycles ending in September and October", r, err)
	r, err = svc.Performance(ctx, boss, "", today, "test")
	show("Boss (customer service's manager)", r, err)
	r, err = svc.Performance(ctx, fay, "", today, "test")
	show("Fay (finance's manager)", r, err)
	r, err = svc.Report(ctx, hui, reports.Performance, reports.Period{From: core.NewDate(2026, 11, 1), To: core.NewDate(2026, 11, 30)}, false, "test")
	show("HR, November: only an open cycle", r, err)
	r, err = svc.Report(ctx, hui, reports.RoleLoad, reports.Period{From: core.NewDate(2026, 10, 5), To: core.NewDate(2026, 10, 11)}, false, "test")
	show("Role load, 5–11 October", r, err)

	const golden = "testdata/perf_reports.golden"
	if *update {
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
