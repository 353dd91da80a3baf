package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
)

// bigOrg is a 500-person shop: HR, ten teams of 49 on the weekly CS
// schedule, each with its manager.
func bigOrg(people int) string {
	var b strings.Builder
	b.WriteString(strings.SplitN(testOrg, "    employees:\n", 2)[0])
	b.WriteString("    employees:\n      - {key: zhao, name: 赵敏 Zhao Min, role: hr}\n")
	teams := 10
	for t := range teams {
		fmt.Fprintf(&b, "      - {key: m%d, name: 经理%d Manager %d, role: manager, team: cs}\n", t, t, t)
	}
	for i := range people - teams - 1 {
		fmt.Fprintf(&b, "      - {key: p%d, name: 员工%d Person %d, role: employee, job: customer-service, team: cs, manager: m%d, schedule: cs-week}\n",
			i, i, i, i%teams)
	}
	return b.String()
}

// pageVsSelects times a page against the plain SELECTs of its data, in
// turns, and reports both p99s and their ratio (target: the page at most
// 3× the SELECTs) and the page's size (target: under 100 KB).
func pageVsSelects(b *testing.B, f *fixture, client *http.Client, url string, selects func(ctx context.Context) error) {
	b.Helper()
	var page, plain []time.Duration
	size := 0
	get := func() {
		resp, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: %d %v\n%s", url, resp.StatusCode, err, body)
		}
		size = len(body)
	}
	get() // warm: templates, the org's setup, the connections
	samples := max(b.N, 200)
	b.ResetTimer()
	for range samples {
		start := time.Now()
		get()
		page = append(page, time.Since(start))
		start = time.Now()
		if err := selects(context.Background()); err != nil {
			b.Fatal(err)
		}
		plain = append(plain, time.Since(start))
	}
	b.StopTimer()
	p99 := func(d []time.Duration) float64 {
		slices.Sort(d)
		return float64(d[len(d)*99/100].Microseconds()) / 1000
	}
	pp, sp := p99(page), p99(plain)
	b.ReportMetric(pp, "page-p99-ms")
	b.ReportMetric(sp, "selects-p99-ms")
	b.ReportMetric(pp/sp, "ratio")
	b.ReportMetric(float64(size)/1024, "page-KB")
}

// BenchmarkToday500 renders HR's Today page of a 500-person org, with
// 400 check-ins and 20 requests waiting, against the plain SELECTs of the
// same people, records and requests.
//
//	go test -run XXX -bench Today500 ./web/
func BenchmarkToday500(b *testing.B) {
	f := newFixtureWith(b, bigOrg(500))
	ctx := context.Background()
	pool := f.db.Pool()
	for _, sql := range []string{
		`INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, planned_start, planned_end, break_minutes, check_in, late_minutes)
		 SELECT e.org_id, e.id, date '2026-11-30', 'workday', timestamptz '2026-11-30 09:00+08', timestamptz '2026-11-30 18:00+08', 0,
		        timestamptz '2026-11-30 08:50+08' + (e.id % 20) * interval '1 minute', greatest(0, e.id % 20 - 15)
		 FROM employees e WHERE e.key LIKE 'p%' AND e.id % 5 <> 0`,
		`ANALYZE`,
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 20 {
		f.askLeave(fmt.Sprintf("p%d", i*7), core.NewDate(2026, 12, 7+i%5))
	}
	client := f.client("zhao")
	var orgID int64
	if err := pool.QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&orgID); err != nil {
		b.Fatal(err)
	}
	selects := func(ctx context.Context) error {
		// What the page shows and nothing more: the people with their
		// team and schedule, their punches of today and yesterday (a night
		// shift starts the day before), approved leave today, and the
		// requests and corrections waiting.
		for _, q := range []string{
			`SELECT e.id, e.key, e.name, e.role, e.job, e.team_id, t.name, e.manager_id, sc.key, e.rotation_offset, e.hire_date, e.status
			 FROM employees e LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN schedules sc ON sc.id = e.schedule_id
			 WHERE e.org_id = $1 AND e.status = 'active' ORDER BY e.key`,
			`SELECT employee_id, work_date, shift_key, day_kind, planned_start, planned_end, check_in, check_out, late_minutes, early_minutes, flags
			 FROM attendance_records WHERE org_id = $1 AND work_date BETWEEN date '2026-11-29' AND date '2026-11-30'`,
			`SELECT r.employee_id, d::date FROM leave_requests r, generate_series(greatest(r.from_date, date '2026-11-30'), least(r.to_date, date '2026-11-30'), interval '1 day') d
			 WHERE r.org_id = $1 AND r.status = 'approved' AND r.from_date <= date '2026-11-30' AND r.to_date >= date '2026-11-30'`,
			`SELECT r.id, e.name, r.type_key, r.from_date, r.to_date, r.from_part, r.to_part, r.period, r.minutes, r.reason
			 FROM leave_requests r JOIN employees e ON e.id = r.employee_id WHERE r.org_id = $1 AND r.status = 'pending'`,
			`SELECT c.id, e.name, c.work_date, c.kind, c.requested_at, c.reason
			 FROM attendance_corrections c JOIN employees e ON e.id = c.employee_id WHERE c.org_id = $1 AND c.status = 'pending'`,
		} {
			rows, err := pool.Query(ctx, q, orgID)
			if err != nil {
				return err
			}
			for rows.Next() {
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	pageVsSelects(b, f, client, f.srv.URL+"/today", selects)
}

// TestBigPagesStayUnder100KB: the pages a 500-person shop's HR opens every
// day fit a phone's budget, before images.
func TestBigPagesStayUnder100KB(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, bigOrg(500))
	hr := f.client("zhao")
	for _, page := range []string{"/today", "/rota?month=2026-12", "/people", "/leave"} {
		resp, err := hr.Get(f.srv.URL + page)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", page, resp.StatusCode)
		}
		if len(body) >= 100<<10 {
			t.Errorf("%s is %d KB for 500 people, over 100 KB", page, len(body)>>10)
		}
		t.Logf("%s: %.1f KB", page, float64(len(body))/1024)
	}
}
