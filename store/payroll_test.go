package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
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
	if _, err := store.NewPayroll(db).SaveProfiles(ctx, orgID, []payroll.ProfileInput{{Key: "li", Profile: pay.Profile{
		Kind: pay.Monthly, Salary: decimal.NewFromInt(30000), SocialBase: decimal.NewFromInt(30000), CoverRate: decimal.NewFromInt(25),
		PensionRate: decimal.RequireFromString("0.15"), MedicalRate: zero, UnemploymentRate: zero, HousingRate: zero,
		SpecialAdditional: decimal.NewFromInt(2000),
	}}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	// Li covers customer service on Saturday 7 November, 10:00–14:00, and
	// checks in and out for it.
	start := time.Date(2026, 11, 7, 10, 0, 0, 0, time.UTC)
	req, _, err := store.NewCovers(db).OpenRequest(ctx, cover.Request{OrgID: orgID, Job: "cs", Start: start, End: start.Add(4 * time.Hour),
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
	dir := core.NewDirectory(store.NewDirectory(db), core.SystemClock{})
	svc := payroll.NewService(store.NewPayroll(db), attendance.NewService(store.NewAttendance(db), dir, core.SystemClock{}), dir, core.SystemClock{})
	hr, err := store.NewDirectory(db).FindMembersByKey(ctx, "hr")
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(s payroll.Slip, code string) pay.Line {
		for _, l := range s.Lines {
			if l.Code == code {
				return l
			}
		}
		return pay.Line{}
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
	iit := lineOf(nov.Slips[0], pay.CodeIIT)
	if got := nov.Slips[0].Tax.Withhold.StringFixed(2); got != "635.00" {
		t.Errorf("November withholds %s, want 635.00: 625.00 and 10%% of the 100.00 of cover", got)
	}
	if c := lineOf(nov.Slips[0], pay.CodeCover); c.Amount.StringFixed(2) != "100.00" || c.Params["hours"] != "4" {
		t.Errorf("cover line %+v, want 4 h × 25 = 100.00", c)
	}
	if !strings.HasPrefix(iit.Params["withheld"], "555") {
		t.Errorf("November's tax line does not count October's 555.00: %+v", iit.Params)
	}
	if ytd := nov.Slips[0].YTD; ytd.Months != 2 {
		t.Errorf("year to date after November: %+v", ytd)
	}
}

// newInstall is a shop that went live on Wednesday 2 December 2026, as
// the trial's: nobody has a record before that day.
const newInstall = `
orgs:
  - key: shop
    name: Shop
    time_zone: Asia/Shanghai
    go_live: 2026-12-02
    payroll:
      minimum_wage: 2490
    employees:
      - {key: zhao, name: Zhao Min, role: hr, hire_date: 2019-09-02}
      - {key: alice, name: Alice Li, hire_date: 2022-03-01}
      - {key: tom, name: Tom, hire_date: 2026-12-02}
      - {key: liu, name: Liu Yang, hire_date: 2024-11-11}
      - {key: sun, name: Sun Yue, hire_date: 2025-06-01}
`

// payrollAt is a payroll service whose clock (and attendance's) reads now.
func payrollAt(t *testing.T, db *store.DB, now time.Time) (*payroll.Service, core.Org, map[string]core.Member) {
	t.Helper()
	ctx := context.Background()
	org, err := store.NewOrgs(db).Find(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	clock := core.ClockFunc(func() time.Time { return now })
	dir := core.NewDirectory(store.NewDirectory(db), clock)
	svc := payroll.NewService(store.NewPayroll(db), attendance.NewService(store.NewAttendance(db), dir, clock), dir, clock)
	members := map[string]core.Member{}
	for _, key := range []string{"zhao", "alice"} {
		m, err := store.NewDirectory(db).FindMembersByKey(ctx, key)
		if err != nil || len(m) != 1 {
			t.Fatalf("member %s: %v", key, err)
		}
		members[key] = m[0]
	}
	return svc, org, members
}

func monthlyProfile(salary int64) pay.Profile {
	p := pay.Profile{Kind: pay.Monthly, Salary: decimal.NewFromInt(salary), SocialBase: decimal.NewFromInt(salary)}
	p.PensionRate, p.MedicalRate, p.UnemploymentRate, p.HousingRate = pay.DefaultRates()
	return p
}

func slipOf(t *testing.T, run payroll.Run, key string) payroll.Slip {
	t.Helper()
	for _, s := range run.Slips {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("no payslip for %s in %+v", key, run.Slips)
	return payroll.Slip{}
}

func lineOf(s payroll.Slip, code string) (pay.Line, bool) {
	for _, l := range s.Lines {
		if l.Code == code {
			return l, true
		}
	}
	return pay.Line{}, false
}

func warningsOf(run payroll.Run) []string {
	var out []string
	for _, w := range run.Warnings {
		if w.Person != "" {
			out = append(out, w.Code+":"+w.Person)
		} else {
			out = append(out, w.Code)
		}
	}
	return out
}

// The first payroll of a brand-new install: profiles imported, nobody
// with a record before go-live. November (all before go-live) pays
// everyone's salary with no absence, says why, and approves; December,
// drafted on its 2nd, counts only the 2nd, lists what is unfinished and
// who has not checked in, and is not approved without a reason — which is
// kept in the run and the audit log.
func TestFirstPayrollOfANewInstall(t *testing.T) {
	db := openDB(t)
	if _, err := apply(t, db, newInstall); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	hourly := pay.Profile{Kind: pay.Hourly, HourlyRate: decimal.NewFromInt(30), SocialBase: decimal.NewFromInt(6500)}
	hourly.PensionRate, hourly.MedicalRate, hourly.UnemploymentRate, hourly.HousingRate = pay.DefaultRates()
	svc, org, hr := payrollAt(t, db, time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)) // 23:00 in Shanghai
	if _, err := store.NewPayroll(db).SaveProfiles(ctx, org.ID, []payroll.ProfileInput{
		{Key: "zhao", Profile: monthlyProfile(9000)}, {Key: "alice", Profile: monthlyProfile(7000)},
		{Key: "tom", Profile: monthlyProfile(6000)}, {Key: "liu", Profile: hourly}, {Key: "sun", Profile: monthlyProfile(2600)},
	}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	// Zhao checks in and out at 19:49 on the 2nd (shift 09:00–18:00):
	// attendance records no time worked, 1 h 49 min of overtime, and a
	// check-in far past the absence threshold.
	if _, err := db.Pool().Exec(ctx, `
		INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, planned_start, planned_end, break_minutes,
		                                check_in, check_out, late_minutes, worked_minutes, overtime_minutes, overtime_kind, flags)
		SELECT org_id, id, '2026-12-02', 'workday', '2026-12-02 09:00+08', '2026-12-02 18:00+08', 60,
		       '2026-12-02 19:49+08', '2026-12-02 19:49+08', 649, 0, 109, 'workday', ARRAY['late_beyond_absence']
		FROM employees WHERE key = 'zhao'`); err != nil {
		t.Fatal(err)
	}

	nov, _, err := svc.DraftOrg(ctx, org, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range nov.Slips {
		if l, ok := lineOf(s, pay.CodeAbsence); ok {
			t.Errorf("%s is deducted for November, before go-live: %+v", s.Key, l)
		}
	}
	if s := slipOf(t, nov, "alice"); s.Gross.StringFixed(2) != "7000.00" || !s.Net.IsPositive() {
		t.Errorf("alice's November: gross %s net %s, want her salary", s.Gross, s.Net)
	}
	// Liu is paid by the hour and has no hours: below zero, so blocked.
	// Sun's 2,600 less 22.5% of contributions is below the minimum wage.
	if got, want := warningsOf(nov), []string{"before_go_live", "negative_net:liu", "below_minimum:sun"}; !slices.Equal(got, want) {
		t.Errorf("November warnings %v, want %v", got, want)
	}
	if nov.Warnings[0].Params["days"] != "21" {
		t.Errorf("working days before go-live %+v, want all 21 of November", nov.Warnings[0].Params)
	}
	_, err = svc.Approve(ctx, hr["zhao"], "2026-11", "test", "")
	var refused *payroll.RefusedError
	if !errors.As(err, &refused) || len(refused.Blockers) != 1 || refused.Blockers[0].Person != "liu" || core.ErrorCodeOf(err) != core.EConflict {
		t.Fatalf("approving a negative net without a reason: %v", err)
	}

	dec, _, err := svc.DraftOrg(ctx, org, "2026-12", "test")
	if err != nil {
		t.Fatal(err)
	}
	zhao := slipOf(t, dec, "zhao")
	if l, ok := lineOf(zhao, pay.CodeOvertimeWorkday); ok {
		t.Errorf("Zhao is paid overtime for time not worked: %+v", l)
	}
	if l, ok := lineOf(zhao, pay.CodeAbsence); !ok || l.Params["days"] != "1" || l.Params["dates"] != "12-02" {
		t.Errorf("Zhao's absence %+v, want the 2nd only", l)
	}
	if l, ok := lineOf(slipOf(t, dec, "alice"), pay.CodeAbsence); !ok || l.Params["dates"] != "12-02" {
		t.Errorf("alice's absence %+v, want the 2nd only (the 1st is before go-live)", l)
	}
	for _, s := range dec.Slips {
		if s.Net.IsNegative() && s.Key != "liu" {
			t.Errorf("%s's December net is %s", s.Key, s.Net)
		}
	}
	want := []string{"unfinished", "before_go_live", "negative_net:liu", "below_minimum:sun", "no_records:alice", "no_records:liu", "no_records:sun", "no_records:tom"}
	if got := warningsOf(dec); !slices.Equal(got, want) {
		t.Errorf("December warnings %v, want %v", got, want)
	}
	if p := dec.Warnings[0].Params; p["drafted"] != "2026-12-02" || p["end"] != "2026-12-31" {
		t.Errorf("unfinished %+v", p)
	}
	// What the review reads back is what the draft said.
	if again, err := svc.Review(ctx, hr["zhao"], "2026-12"); err != nil || !slices.Equal(warningsOf(again), want) {
		t.Errorf("review: %v %v", warningsOf(again), err)
	}
	_, err = svc.Approve(ctx, hr["zhao"], "2026-12", "test", "  ")
	if !errors.As(err, &refused) || len(refused.Blockers) != 2 || refused.Blockers[0].Code != payroll.WarnUnfinished {
		t.Fatalf("approving an unfinished month without a reason: %v", err)
	}
	if _, err := svc.Approve(ctx, hr["alice"], "2026-12", "test", "because"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("alice approves: %v", err)
	}
	run, err := svc.Approve(ctx, hr["zhao"], "2026-12", "test", "advance before the holiday; Liu paid by hand")
	if err != nil || run.OverrideReason != "advance before the holiday; Liu paid by hand" {
		t.Fatalf("approve with a reason: %+v %v", run.OverrideReason, err)
	}
	var after string
	if err := db.Pool().QueryRow(ctx, `SELECT after::text FROM audit_log WHERE action = 'payroll.approve' AND entity_id = '2026-12'`).Scan(&after); err != nil ||
		!strings.Contains(after, "advance before the holiday") || !strings.Contains(after, "unfinished") || !strings.Contains(after, "negative_net:liu") {
		t.Errorf("audit of the override: %s %v", after, err)
	}
}

// A draft replaced after HR reviewed it is not approved unseen.
func TestApproveIsOfTheDraftReviewed(t *testing.T) {
	db := openDB(t)
	if _, err := apply(t, db, newInstall); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	svc, org, hr := payrollAt(t, db, time.Date(2027, 1, 5, 3, 0, 0, 0, time.UTC))
	if _, err := store.NewPayroll(db).SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "alice", Profile: monthlyProfile(7000)}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	first, _, err := svc.DraftOrg(ctx, org, "2026-12", "test")
	if err != nil {
		t.Fatal(err)
	}
	later, _, _ := payrollAt(t, db, time.Date(2027, 1, 5, 4, 0, 0, 0, time.UTC))
	if _, _, err := later.DraftOrg(ctx, org, "2026-12", "test"); err != nil {
		t.Fatal(err)
	}
	_, err = store.NewPayroll(db).ApproveRun(ctx, org.ID, "2026-12", first.DraftedAt, hr["zhao"], "test", "", nil, time.Now())
	if e, ok := core.AsError(err); !ok || e.Key != "payroll.redrafted" {
		t.Errorf("approving the replaced draft: %v", err)
	}
}

// An org starting mid-year imports each person's year to date; the first
// run continues the cumulative tax from it. The tax authority's example:
// 30,000 a month, 4,500 social insurance, 2,000 special additional
// deductions; after ten months 20,080.00 is withheld, and November
// withholds 3,700.00 — not the 555.00 of a first month.
func TestOpeningBalancesCarryTheYear(t *testing.T) {
	db := openDB(t)
	if _, err := apply(t, db, newInstall); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	svc, org, hr := payrollAt(t, db, time.Date(2027, 1, 5, 3, 0, 0, 0, time.UTC))
	payMonth(t, db, org.ID, "2026-12-01", "2026-12-31")
	p := monthlyProfile(30000)
	p.PensionRate, p.MedicalRate, p.UnemploymentRate, p.HousingRate = decimal.RequireFromString("0.15"), decimal.Zero, decimal.Zero, decimal.Zero
	p.SpecialAdditional = decimal.NewFromInt(2000)
	if _, err := store.NewPayroll(db).SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "alice", Profile: p}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	withhold := func() string {
		t.Helper()
		run, _, err := svc.DraftOrg(ctx, org, "2026-11", "test")
		if err != nil {
			t.Fatal(err)
		}
		return slipOf(t, run, "alice").Tax.Withhold.StringFixed(2)
	}
	if got := withhold(); got != "555.00" {
		t.Fatalf("without opening balances November withholds %s, want a first month's 555.00", got)
	}
	opening := pay.YearToDate{Months: 10, Income: decimal.NewFromInt(300000), Deductions: decimal.NewFromInt(45000),
		Additional: decimal.NewFromInt(20000), Withheld: decimal.NewFromInt(20080)}
	if _, err := store.NewPayroll(db).SaveOpenings(ctx, org.ID, 2026, []payroll.OpeningInput{{Key: "alice", YTD: opening}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := withhold(); got != "3700.00" {
		t.Errorf("with ten months brought in, November withholds %s, want 3700.00", got)
	}
	if _, err := store.NewPayroll(db).SaveOpenings(ctx, org.ID, 2026, []payroll.OpeningInput{{Key: "nobody", YTD: opening}}, "test", time.Now()); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("opening of an unknown person: %v", err)
	}
	if _, err := svc.Approve(ctx, hr["zhao"], "2026-11", "test", ""); err != nil {
		t.Fatal(err)
	}
	// December follows November's run, which carried the opening forward.
	dec, _, err := svc.DraftOrg(ctx, org, "2026-12", "test")
	if err != nil {
		t.Fatal(err)
	}
	if got := slipOf(t, dec, "alice").Tax.Withhold.StringFixed(2); got != "3700.00" {
		t.Errorf("December withholds %s, want 3700.00", got)
	}
	if _, err := store.NewPayroll(db).SaveOpenings(ctx, org.ID, 2026, []payroll.OpeningInput{{Key: "alice", YTD: opening}}, "test", time.Now()); core.ErrorCodeOf(err) != core.EConflict {
		t.Errorf("opening balances changed after the year's first approved run: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'payroll.opening' AND entity_id = 'alice'`); n != 1 {
		t.Errorf("%d audit rows for the opening balances, want 1", n)
	}
}
