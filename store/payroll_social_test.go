package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/store"
)

const socialOrg = `
orgs:
  - key: shop
    name: Shop
    time_zone: UTC
    payroll:
      social_city: 杭州
      social_bases:
        - {city: 杭州, year: 2026, social: {floor: 4812, ceiling: 24930}, housing: {floor: 2490, ceiling: 38390}}
        - {city: 杭州, year: 2026, from: 2026-07, social: {floor: 5000, ceiling: 26000}, housing: {floor: 2600, ceiling: 40000}}
        - {city: 上海, year: 2026, social: {floor: 7310, ceiling: 36549}, housing: {floor: 2690, ceiling: 36549}}
      employer_rates: {pension: 0.14, medical: 0.095, unemployment: 0.005, injury: 0.002, maternity: 0, housing: 0.12}
    employees:
      - {key: hr, name: HR, role: hr}
      - {key: low, name: Low, hire_date: 2020-01-01}
      - {key: high, name: High, hire_date: 2020-01-01}
      - {key: sh, name: Sh, hire_date: 2020-01-01}
`

// Three people on declared bases of 3000, 30000 and 6000: low's is held
// up to Hangzhou's floor (4812), high's down to its ceiling (24930), sh's
// file names Shanghai, whose floor 7310 holds 6000 up. The employer's
// part is kept with the run and adds up in PayrollCost.
func TestPayrollSocialBasesClampedAndEmployerCost(t *testing.T) {
	db, org, pr, svc := socialShop(t)
	ctx, orgID := context.Background(), org.ID
	run, err := pr.FindRun(ctx, orgID, "2026-03")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ base, clamped, city, employer string }{
		// employer: base × 24.2 % + housing base × 12 %
		"high": {"24930.00", "ceiling", "杭州", "9633.06"}, // 24930 × 0.242 = 6033.06; 30000 × 0.12 = 3600 (inside 38390)
		"low":  {"4812.00", "floor", "杭州", "1524.50"},    // 1164.50 + 3000 × 0.12 = 360
		"sh":   {"7310.00", "floor", "上海市", "2489.02"},   // 7310 × 0.242 = 1769.02; 6000 × 0.12 = 720
	}
	for _, s := range run.Slips {
		w := want[s.Key]
		var pension pay.Line
		for _, l := range s.Lines {
			if l.Code == pay.CodePension {
				pension = l
			}
		}
		if pension.Params["base"] != w.base || pension.Params["clamped"] != w.clamped || !strings.HasPrefix(w.city, pension.Params["city"]) {
			t.Errorf("%s: pension %v, want base %s clamped to the %s of %s", s.Key, pension.Params, w.base, w.clamped, w.city)
		}
		if got := s.EmployerTotal.StringFixed(2); got != w.employer {
			t.Errorf("%s: employer %s, want %s (%+v)", s.Key, got, w.employer, s.Employer)
		}
	}
	rows, total, err := pr.PayrollCost(ctx, orgID, "2026-03")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || total.Gross.StringFixed(2) != "24000.00" || total.Employer.StringFixed(2) != "13646.58" ||
		total.Total.StringFixed(2) != "37646.58" {
		t.Errorf("cost %+v total %+v", rows, total)
	}
	if _, _, err := pr.PayrollCost(ctx, orgID, "2026-04"); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("cost of a period without a run: %v", err)
	}

	// A city the table lacks: declared bases as they are, and a warning.
	if _, err := db.Pool().Exec(ctx, `UPDATE person_files SET insurance_city = '成都'`); err != nil {
		t.Fatal(err)
	}
	redrafted, _, err := svc.DraftOrg(ctx, org, "2026-03", "test")
	if err != nil {
		t.Fatal(err)
	}
	var warned []string
	for _, w := range redrafted.Warnings {
		if w.Code == payroll.WarnNoBases {
			warned = append(warned, w.Person+" "+w.Params["city"]+" "+w.Params["period"])
		}
	}
	if len(warned) != 1 || warned[0] != "sh 成都 2026-03" {
		t.Errorf("no_bases warnings %v in %+v", warned, redrafted.Warnings)
	}
	for _, s := range redrafted.Slips {
		if s.Key == "sh" && s.Lines[1].Params["base"] != "6000.00" {
			t.Errorf("sh in 成都: %v", s.Lines[1])
		}
	}

	checkSocialExport(t, db)
}

// socialShop applies socialOrg, works March for everyone, saves the
// three profiles, names Shanghai in sh's file and drafts March.
func socialShop(t *testing.T) (*store.DB, core.Org, store.Payroll, *payroll.Service) {
	t.Helper()
	db := openDB(t)
	if _, err := apply(t, db, socialOrg); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var orgID int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&orgID); err != nil {
		t.Fatal(err)
	}
	payMonth(t, db, orgID, "2026-03-01", "2026-03-31")
	d := decimal.RequireFromString
	var in []payroll.ProfileInput
	for key, base := range map[string]string{"low": "3000", "high": "30000", "sh": "6000"} {
		in = append(in, payroll.ProfileInput{Key: key, Profile: pay.Profile{Kind: pay.Monthly, Salary: d("8000"), SocialBase: d(base),
			PensionRate: d("0.08"), MedicalRate: d("0.02"), UnemploymentRate: d("0.005"), HousingRate: d("0.12")}})
	}
	pr := store.NewPayroll(db)
	if _, err := pr.SaveProfiles(ctx, orgID, in, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `
		INSERT INTO person_files (employee_id, org_id, insurance_city, updated_at)
		SELECT id, org_id, '上海市', now() FROM employees WHERE key = 'sh'`); err != nil {
		t.Fatal(err)
	}
	org := core.Org{ID: orgID, Key: "shop", Name: "Shop", TimeZone: "UTC"}
	dir := core.NewDirectory(store.NewDirectory(db), core.SystemClock{})
	svc := payroll.NewService(pr, attendance.NewService(store.NewAttendance(db), dir, core.SystemClock{}), dir, core.SystemClock{})
	if _, _, err := svc.DraftOrg(ctx, org, "2026-03", "test"); err != nil {
		t.Fatal(err)
	}
	return db, org, pr, svc
}

// checkSocialExport exports the org, re-applies it (no change) and
// previews a changed July floor.
func checkSocialExport(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	// Exported, the section is the file's; applied again, nothing changes.
	f, err := store.NewSetup(db).ExportOrgFile(ctx, []string{"shop"})
	if err != nil {
		t.Fatal(err)
	}
	pol := f.Orgs[0].Payroll
	if pol == nil || pol.SocialCity != "杭州" || len(pol.SocialBases) != 3 || pol.EmployerRates.Medical.String() != "0.095" {
		t.Fatalf("exported %+v", pol)
	}
	out, err := orgfile.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	res, err := apply(t, db, string(out))
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 0 || res.Updated != 0 {
		t.Errorf("re-applying the export changed something: %+v\n%s", res, out)
	}

	// A new floor from July is previewed as that one record's change.
	changed, err := orgfile.Parse("org.yaml", []byte(strings.Replace(socialOrg, "floor: 5000,", "floor: 5100,", 1)))
	if err != nil {
		t.Fatal(err)
	}
	changes, err := orgfile.NewSetup(store.NewSetup(db), core.SystemClock{}).Preview(ctx, changed, "org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(changes.Records) != 1 || changes.Records[0].Entity != "payroll_social_base" || changes.Records[0].Key != "杭州 2026-07" {
		t.Fatalf("preview: %+v", changes.Records)
	}
	if f := changes.Records[0].Fields; len(f) != 1 || f[0].Field != "social.floor" || f[0].Before != "5000.00" || f[0].After != "5100.00" {
		t.Errorf("preview fields: %+v", f)
	}
}
