package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/store"
)

const perfShop = `
orgs:
  - key: shop
    name: Shop
    time_zone: UTC
    employees:
      - {key: hr, name: HR, role: hr}
      - {key: alice, name: Alice, hire_date: 2020-01-01}
      - {key: bob, name: Bob, hire_date: 2020-01-01}
      - {key: carol, name: Carol, hire_date: 2020-01-01, status: left, left_on: 2026-10-15}
`

// perfCycle seeds a review cycle of the shop for October 2026 and
// returns its id.
func perfCycle(t *testing.T, db *store.DB, orgID int64, name, status, payMonth string) int64 {
	t.Helper()
	var id int64
	err := db.Pool().QueryRow(context.Background(), `
		INSERT INTO perf_cycles (org_id, name, kind, scope, period_from, period_to, self_due, manager_due, calibration_due,
		                         pay_month, status, created_by, created_at, published_at)
		VALUES ($1, $2, 'monthly', 'org', '2026-10-01', '2026-10-31', '2026-11-03', '2026-11-06', '2026-11-08',
		        $3, $4, 0, now(), CASE WHEN $4 = 'published' THEN now() END)
		RETURNING id`, orgID, name, payMonth, status).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// perfReview seeds key's review in a cycle with its band and
// coefficient; published says whether its result is out.
func perfReview(t *testing.T, db *store.DB, orgID, cycleID int64, key, band, coefficient string, published bool) {
	t.Helper()
	_, err := db.Pool().Exec(context.Background(), `
		INSERT INTO perf_reviews (org_id, cycle_id, employee_id, score, band, coefficient, published_at)
		SELECT $1, $2, id, 4, $4, $5::numeric, CASE WHEN $6 THEN now() END FROM employees WHERE org_id = $1 AND key = $3`,
		orgID, cycleID, key, band, coefficient, published)
	if err != nil {
		t.Fatal(err)
	}
}

// A cycle paid in November puts Alice's A (1.2) and Bob's C (0.8) on
// November's draft as bonus lines of 1.2 and 0.8 × the performance pay of
// 1000, taxed with the month's wage; Carol, who left in October, is not
// paid. An open cycle and a cycle paid in December add nothing.
func TestPayrollPaysPerformance(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	if _, err := apply(t, db, perfShop+perfPolicySection); err != nil { // performance pay 1000
		t.Fatal(err)
	}
	org, err := store.NewOrgs(db).Find(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	payMonth(t, db, org.ID, "2026-11-01", "2026-11-30")
	if _, err := store.NewPayroll(db).SaveProfiles(ctx, org.ID, []payroll.ProfileInput{
		{Key: "alice", Profile: monthlyProfile(10000)}, {Key: "bob", Profile: monthlyProfile(8000)},
		{Key: "carol", Profile: monthlyProfile(9000)},
	}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	oct := perfCycle(t, db, org.ID, "2026年10月绩效", "published", "2026-11-01")
	perfReview(t, db, org.ID, oct, "alice", "A", "1.2", true)
	perfReview(t, db, org.ID, oct, "bob", "C", "0.8", true)
	perfReview(t, db, org.ID, oct, "carol", "B", "1.0", true)
	open := perfCycle(t, db, org.ID, "试用期", "open", "2026-11-01")
	perfReview(t, db, org.ID, open, "alice", "A", "1.2", false)
	later := perfCycle(t, db, org.ID, "四季度", "published", "2026-12-01")
	perfReview(t, db, org.ID, later, "bob", "A", "1.2", true)

	clock := core.ClockFunc(func() time.Time { return time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC) })
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	att := attendance.NewService(store.NewAttendance(db), dir, clock)
	without, _, err := payroll.NewService(store.NewPayroll(db), att, dir, clock).DraftOrg(ctx, org, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	run, _, err := payroll.NewService(store.NewPayroll(db), att, dir, clock).WithPerformance(store.NewPayroll(db)).
		DraftOrg(ctx, org, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Slips) != 2 {
		t.Fatalf("%d payslips, want alice's and bob's: %+v", len(run.Slips), run.Slips)
	}
	for _, c := range []struct {
		key, amount, band, coefficient, tax string
	}{
		// Alice: 10000 − 2250 social − 5000 = 2750 taxable at 3%; the bonus adds 1200 → 36.00 more.
		{"alice", "1200.00", "A", "1.2", "36"},
		// Bob: 8000 − 1800 − 5000 = 1200; the bonus adds 800 → 24.00 more.
		{"bob", "800.00", "C", "0.8", "24"},
	} {
		s, before := slipOf(t, run, c.key), slipOf(t, without, c.key)
		var bonuses []pay.Line
		for _, l := range s.Lines {
			if l.Code == pay.CodePerfBonus {
				bonuses = append(bonuses, l)
			}
		}
		if len(bonuses) != 1 {
			t.Errorf("%s: %d perf_bonus lines, want 1 (not the open cycle's, not December's): %+v", c.key, len(bonuses), bonuses)
			continue
		}
		l := bonuses[0]
		if l.Amount.StringFixed(2) != c.amount || l.Params["band"] != c.band || l.Params["coefficient"] != c.coefficient ||
			l.Params["base"] != "1000.00" || l.Params["cycle"] != "2026年10月绩效" {
			t.Errorf("%s: line %s %v, want %s band %s × %s × 1000.00", c.key, l.Amount, l.Params, c.amount, c.band, c.coefficient)
		}
		if diff := s.Gross.Sub(before.Gross); !diff.Equal(l.Amount) {
			t.Errorf("%s: gross grew by %s, want %s", c.key, diff, l.Amount)
		}
		if diff := s.Tax.Withhold.Sub(before.Tax.Withhold); !diff.Equal(decimal.RequireFromString(c.tax)) {
			t.Errorf("%s: tax grew by %s, want %s", c.key, diff, c.tax)
		}
	}

	// The same results paid as 10% of the salary.
	if _, err := apply(t, db, perfShop+strings.Replace(perfPolicySection, "{base: 1000}", "{percent: 10}", 1)); err != nil {
		t.Fatal(err)
	}
	run, _, err = payroll.NewService(store.NewPayroll(db), att, dir, clock).WithPerformance(store.NewPayroll(db)).
		DraftOrg(ctx, org, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := lineOf(slipOf(t, run, "bob"), pay.CodePerfBonus); l.Amount.StringFixed(2) != "640.00" || l.Params["percent"] != "10" {
		t.Errorf("bob at 10%% of 8000 × 0.8: %s %v, want 640.00", l.Amount, l.Params)
	}
	// Bands without performance pay pay no line at all.
	if _, err := apply(t, db, perfShop+strings.Replace(perfPolicySection, "      bonus: {base: 1000}\n", "", 1)); err != nil {
		t.Fatal(err)
	}
	run, _, err = payroll.NewService(store.NewPayroll(db), att, dir, clock).WithPerformance(store.NewPayroll(db)).
		DraftOrg(ctx, org, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := lineOf(slipOf(t, run, "alice"), pay.CodePerfBonus); ok {
		t.Errorf("no performance pay, yet %v", l)
	}
	// December pays the fourth quarter's.
	dec, err := store.NewPayroll(db).PerfPay(ctx, org.ID, core.Date{Year: 2026, Month: 12, Day: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(dec.Results) != 1 || len(dec.Results[slipOf(t, run, "bob").EmployeeID]) != 1 {
		t.Errorf("December's results: %+v, want bob's fourth quarter", dec.Results)
	}
}
