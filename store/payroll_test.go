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
	"github.com/hrbot/hrbot/core/payrun"
	"github.com/hrbot/hrbot/store"
)

// payMonth seeds a full month of on-time attendance for everyone but hr.
func payMonth(t *testing.T, db *store.DB, orgID int64, first, last string) {
	t.Helper()
	_, err := db.Pool().Exec(context.Background(), `
		INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, planned_start, planned_end, break_minutes, check_in, check_out, worked_minutes)
		SELECT $1, e.id, d::date, 'workday', d + time '09:00', d + time '18:00', 60, d + time '09:00', d + time '18:00', 480
		FROM employees e, generate_series($2::timestamp, $3::timestamp, interval '1 day') d
		WHERE e.org_id = $1 AND e.key <> 'hr' AND extract(isodow FROM d) < 6`, orgID, first, last)
	if err != nil {
		t.Fatal(err)
	}
}

// The tax authority's example through the whole engine: 30,000 a month,
// 4,500 of social insurance, 2,000 of special additional deductions.
// October (the first month paid here) withholds 555.00; with October
// approved, November carries its year to date and withholds 625.00 — plus
// 10.00 for the 100.00 of cover Li worked in November, paid at the
// profile's rate.
func TestPayrollCarriesTheYearAndPaysCover(t *testing.T) {
	db := openDB(t)
	if _, err := apply(t, db, `
orgs:
  - key: shop
    name: Shop
    time_zone: UTC
    employees:
      - {key: hr, name: HR, role: hr}
      - {key: li, name: Li, job: finance, hire_date: 2020-01-01}
`); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var orgID int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&orgID); err != nil {
		t.Fatal(err)
	}
	payMonth(t, db, orgID, "2026-10-01", "2026-10-31")
	payMonth(t, db, orgID, "2026-11-01", "2026-11-30")
	zero := decimal.Zero
	if _, err := db.SavePayProfiles(ctx, orgID, []store.PayProfileInput{{Key: "li", Profile: payroll.Profile{
		Kind: payroll.Monthly, Salary: decimal.NewFromInt(30000), SocialBase: decimal.NewFromInt(30000), CoverRate: decimal.NewFromInt(25),
		PensionRate: decimal.RequireFromString("0.15"), MedicalRate: zero, UnemploymentRate: zero, HousingRate: zero,
		SpecialAdditional: decimal.NewFromInt(2000),
	}}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	// Li covers customer service on Saturday 7 November, 10:00–14:00, and
	// checks in and out for it.
	start := time.Date(2026, 11, 7, 10, 0, 0, 0, time.UTC)
	req, _, err := db.OpenCoverRequest(ctx, core.CoverRequest{OrgID: orgID, Job: "cs", Start: start, End: start.Add(4 * time.Hour),
		Needed: 1, Source: "manual", CreatedAt: start.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `
		INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at)
		SELECT $1, org_id, id, org_id, 'cs', $2, $3, $2 FROM employees WHERE key = 'li'`, req.ID, start, start.Add(4*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `
		INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in, check_out, worked_minutes)
		SELECT org_id, id, '2026-11-07', 'rest_day', $1, $2, 240 FROM employees WHERE key = 'li'`, start, start.Add(4*time.Hour)); err != nil {
		t.Fatal(err)
	}

	org := core.Org{ID: orgID, Key: "shop", Name: "Shop", TimeZone: "UTC"}
	dir := core.NewDirectory(db, core.SystemClock{})
	svc := payrun.NewService(db, attendance.NewService(db, dir, core.SystemClock{}), dir, core.SystemClock{})
	hr, err := db.FindMembersByKey(ctx, "hr")
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(s payrun.Slip, code string) payroll.Line {
		for _, l := range s.Lines {
			if l.Code == code {
				return l
			}
		}
		return payroll.Line{}
	}

	oct, _, err := svc.DraftOrg(ctx, org, "2026-10", "test")
	if err != nil {
		t.Fatal(err)
	}
	if got := oct.Slips[0].Tax.Withhold.StringFixed(2); got != "555.00" {
		t.Errorf("October withholds %s, want 555.00", got)
	}
	// A draft of November before October is approved knows nothing of it.
	nov, _, err := svc.DraftOrg(ctx, org, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	if got := nov.Slips[0].Tax.Withhold.StringFixed(2); got != "558.00" {
		t.Errorf("November before October's approval withholds %s, want 558.00 (a first month, 100.00 of cover)", got)
	}
	if _, err := svc.Approve(ctx, hr[0], "2026-10", "test", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Approve(ctx, hr[0], "2026-10", "test", ""); core.ErrorCodeOf(err) != core.EConflict {
		t.Errorf("approving twice: %v", err)
	}
	nov, _, err = svc.DraftOrg(ctx, org, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	iit := lineOf(nov.Slips[0], payroll.CodeIIT)
	if got := nov.Slips[0].Tax.Withhold.StringFixed(2); got != "635.00" {
		t.Errorf("November withholds %s, want 635.00: 625.00 and 10%% of the 100.00 of cover", got)
	}
	if c := lineOf(nov.Slips[0], payroll.CodeCover); c.Amount.StringFixed(2) != "100.00" || c.Params["hours"] != "4" {
		t.Errorf("cover line %+v, want 4 h × 25 = 100.00", c)
	}
	if !strings.HasPrefix(iit.Params["withheld"], "555") {
		t.Errorf("November's tax line does not count October's 555.00: %+v", iit.Params)
	}
	if ytd := nov.Slips[0].YTD; ytd.Months != 2 {
		t.Errorf("year to date after November: %+v", ytd)
	}
}
