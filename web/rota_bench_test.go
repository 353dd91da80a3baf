package web_test

import (
	"context"
	"testing"
)

// BenchmarkRota500 renders HR's December schedule of a 500-person org
// (one team of 499 on the weekly CS schedule, 1,000 days changed on the
// rota, 150 approved leave requests) against the plain SELECTs of its
// data — the rota's own reads (config version, teams, people, leave,
// covers) and the setup's overrides and calendar — in the same run, and
// reports the page's size.
//
//	go test -run XXX -bench Rota500 ./web/
func BenchmarkRota500(b *testing.B) {
	f := newFixtureWith(b, bigOrg(500))
	ctx := context.Background()
	pool := f.db.Pool()
	var orgID int64
	if err := pool.QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&orgID); err != nil {
		b.Fatal(err)
	}
	for _, sql := range []string{
		`INSERT INTO shift_overrides (org_id, employee_id, work_date, shift_id)
		 SELECT $1, e.id, date '2026-12-01' + (e.id % 29 + k)::int, CASE WHEN k = 0 THEN (SELECT id FROM shifts WHERE org_id = $1 AND key = 'cs-late') END
		 FROM employees e, generate_series(0, 1) k WHERE e.org_id = $1 AND e.key LIKE 'p%'`,
		`INSERT INTO leave_requests (org_id, employee_id, type_key, from_date, to_date, from_part, to_part, period, minutes, status, created_at, sent_at)
		 SELECT $1, e.id, 'annual', date '2026-12-07' + (e.id % 20)::int, date '2026-12-08' + (e.id % 20)::int, 'full', 'afternoon',
		        tstzrange((date '2026-12-07' + (e.id % 20)::int)::timestamptz, (date '2026-12-09' + (e.id % 20)::int)::timestamptz), 720, 'approved', now(), now()
		 FROM employees e WHERE e.org_id = $1 AND e.key LIKE 'p%' AND e.id % 10 < 3`,
		`UPDATE orgs SET config_version = config_version + 1 WHERE id = $1`,
	} {
		if _, err := pool.Exec(ctx, sql, orgID); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	client := f.client("zhao")
	queries := []string{
		`SELECT config_version FROM orgs WHERE id = $1`,
		`SELECT id, org_id, key, name FROM teams WHERE org_id = $1 ORDER BY key`,
		`SELECT e.id, e.key, e.name, e.role, e.job, coalesce(e.team_id, 0), coalesce(t.key, ''), coalesce(t.name, ''),
		        coalesce(e.manager_id, 0), e.hire_date, coalesce(sc.key, ''), e.rotation_offset
		 FROM employees e LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN schedules sc ON sc.id = e.schedule_id
		 WHERE e.org_id = $1 AND e.status = 'active' ORDER BY e.key`,
		`SELECT e.key, o.work_date, coalesce(s.key, '')
		 FROM shift_overrides o JOIN employees e ON e.id = o.employee_id LEFT JOIN shifts s ON s.id = o.shift_id
		 WHERE o.org_id = $1`,
		`SELECT r.employee_id, d::date, r.type_key, t.name, r.from_part, r.to_part
		 FROM leave_requests r JOIN leave_types t ON t.org_id = r.org_id AND t.key = r.type_key,
		      generate_series(greatest(r.from_date, date '2026-12-01'), least(r.to_date, date '2026-12-31'), interval '1 day') d
		 WHERE r.org_id = $1 AND r.status = 'approved' AND r.from_date <= '2026-12-31' AND r.to_date >= '2026-12-01'`,
		`SELECT a.employee_id, a.job, a.starts_at, a.ends_at FROM cover_assignments a JOIN cover_requests r ON r.id = a.request_id
		 WHERE a.employee_org_id = $1 AND r.status <> 'cancelled'
		   AND a.starts_at >= timestamptz '2026-12-01 00:00+08' AND a.starts_at < timestamptz '2027-01-01 00:00+08'`,
		`SELECT day, holiday, name, statutory FROM calendar_days WHERE org_id = $1 ORDER BY day`,
	}
	selects := func(ctx context.Context) error {
		for _, q := range queries {
			rows, err := pool.Query(ctx, q, orgID)
			if err != nil {
				return err
			}
			for rows.Next() {
				if _, err := rows.Values(); err != nil {
					rows.Close()
					return err
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	pageVsSelects(b, f, client, f.srv.URL+"/rota?team=cs&month=2026-12", selects)
}
