package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/store"
)

// BenchmarkPayrollRun10k drafts October 2026 for 10,000 people with a
// month of attendance each (22 working days: 220,000 records), and reads
// the same records with a plain SELECT in the same run. It reports both
// and their ratio (target: the run costs at most 3× reading its input).
//
//	go test -run XXX -bench PayrollRun10k -benchtime 3x ./store/
func BenchmarkPayrollRun10k(b *testing.B) {
	const people = 10_000
	ctx := context.Background()
	db := openDB(b)
	if _, err := apply(b, db, "orgs:\n  - key: shop\n    name: Shop\n    time_zone: UTC\n    employees:\n      - {key: hr, name: HR, role: hr}\n"); err != nil {
		b.Fatal(err)
	}
	var orgID int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&orgID); err != nil {
		b.Fatal(err)
	}
	for _, sql := range []string{
		`INSERT INTO employees (org_id, key, name, role, hire_date)
		 SELECT $1, 'p' || i, 'Person ' || i, 'employee', '2024-01-01' FROM generate_series(1, ` + strconv.Itoa(people) + `) i`,
		`INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, planned_start, planned_end, break_minutes,
		                                 check_in, check_out, late_minutes, worked_minutes, overtime_minutes, overtime_kind)
		 SELECT $1, e.id, d::date, 'workday', d + time '09:00', d + time '18:00', 60,
		        d + time '09:00' + (e.id % 7) * interval '1 minute', d + time '18:30', greatest(0, e.id % 7 - 5), 480,
		        CASE WHEN e.id % 3 = 0 THEN 30 ELSE 0 END, CASE WHEN e.id % 3 = 0 THEN 'workday' ELSE '' END
		 FROM employees e, generate_series(timestamp '2026-10-01', timestamp '2026-10-31', interval '1 day') d
		 WHERE e.org_id = $1 AND e.key <> 'hr' AND extract(isodow FROM d) < 6`,
		`INSERT INTO pay_profiles (employee_id, org_id, kind, salary, social_base, housing_base, pension_rate, medical_rate,
		                           unemployment_rate, housing_rate, special_additional, updated_at)
		 SELECT id, org_id, 'monthly', 6000 + (id % 50) * 100, 6000, 6000, 0.08, 0.02, 0.005, 0.12, 1000, now()
		 FROM employees WHERE org_id = $1 AND key <> 'hr'`,
	} {
		if _, err := db.Pool().Exec(ctx, sql, orgID); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.Pool().Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	var records int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM attendance_records WHERE org_id = $1`, orgID).Scan(&records); err != nil {
		b.Fatal(err)
	}
	org := core.Org{ID: orgID, Key: "shop", Name: "Shop", TimeZone: "UTC"}
	dir := core.NewDirectory(store.NewDirectory(db), core.SystemClock{})
	svc := payroll.NewService(store.NewPayroll(db), attendance.NewService(store.NewAttendance(db), dir, core.SystemClock{}), dir, core.SystemClock{})
	from, to := core.Date{Year: 2026, Month: 10, Day: 1}, core.Date{Year: 2026, Month: 10, Day: 31}

	var selectTime, runTime time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		recs, err := store.NewAttendance(db).ListRecords(ctx, orgID, nil, from, to)
		if err != nil || len(recs) != records {
			b.Fatalf("select: %d of %d, %v", len(recs), records, err)
		}
		selectTime += time.Since(start)

		start = time.Now()
		run, _, err := svc.DraftOrg(ctx, org, "2026-10", "bench")
		if err != nil || len(run.Slips) != people {
			b.Fatalf("run: %d slips, %v", len(run.Slips), err)
		}
		runTime += time.Since(start)
	}
	b.StopTimer()
	b.ReportMetric(float64(records), "records")
	b.ReportMetric(selectTime.Seconds()/float64(b.N), "select_s")
	b.ReportMetric(runTime.Seconds()/float64(b.N), "run_s")
	b.ReportMetric(runTime.Seconds()/selectTime.Seconds(), "run/select")
}
