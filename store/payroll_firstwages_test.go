package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// A graduate hired on Wednesday 1 July 2026 on 8,000 a month (1,800 of
// social insurance and housing fund, 22.5%), drafted for July (23 working
// days, all employed). Unmarked, July is their first month here: 8,000 −
// 5,000 − 1,800 = 1,200 × 3% = 36.00. Marked as their first wages of 2026
// (国家税务总局公告2020年第13号): 8,000 − 5,000 × 7 − 1,800 < 0, nothing,
// and the iit line says why at 0.00. A mark for 2027 changes nothing in
// 2026; unmarking puts the 36.00 back. Hand-worked figures.
func TestPayrollFirstWagesOfYear(t *testing.T) {
	ctx := context.Background()
	db, st, svc, org, hr := payrollDB(t, time.Date(2026, 8, 3, 3, 0, 0, 0, time.UTC))
	svc.WithTax(st)
	if _, err := db.Pool().Exec(ctx, `UPDATE employees SET hire_date = '2026-07-01' WHERE key = 'tom'`); err != nil {
		t.Fatal(err)
	}
	payMonth(t, db, org.ID, "2026-07-01", "2026-07-31")
	if _, err := st.SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "tom", Profile: monthlyProfile(8000)}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	july := func() pay.Line {
		t.Helper()
		run, _, err := svc.DraftOrg(ctx, org, "2026-07", "test")
		if err != nil {
			t.Fatal(err)
		}
		l, ok := lineOf(slipOf(t, run, "tom"), pay.CodeIIT)
		if !ok {
			t.Fatal("no iit line")
		}
		return l
	}
	if l := july(); l.Amount.StringFixed(2) != "-36.00" || l.Params["first_wages"] != "" {
		t.Errorf("unmarked: %s %v", l.Amount, l.Params)
	}
	// Set by HR through the service, as chat and the console do.
	v, err := svc.SetFirstWagesOfYear(ctx, hr["zhao"], "tom", 2026, true, "chat")
	if err != nil || !v.On || v.Year != 2026 {
		t.Fatalf("marked: %+v %v", v, err)
	}
	if l := july(); !l.Amount.IsZero() || l.Params["first_wages"] != "true" || l.Params["basic"] != "35000.00" || l.Params["month"] != "7" {
		t.Errorf("marked: %s %v", l.Amount, l.Params)
	}
	// An employee is refused, and the refusal audited.
	if _, err := svc.SetFirstWagesOfYear(ctx, hr["alice"], "alice", 2026, true, "chat"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("alice setting it: %v", err)
	}
	if err := st.SetFirstWages(ctx, org.ID, "tom", 2026, false, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := st.SetFirstWages(ctx, org.ID, "tom", 2027, true, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	if l := july(); l.Amount.StringFixed(2) != "-36.00" {
		t.Errorf("unmarked again (marked in 2027): %s %v", l.Amount, l.Params)
	}
	vs, err := svc.FirstWagesOfYear(ctx, hr["zhao"], 2027, "", "web")
	if err != nil || len(vs) != 1 || vs[0].Key != "tom" || !vs[0].On {
		t.Errorf("2027: %+v %v", vs, err)
	}
	if err := st.SetFirstWages(ctx, org.ID, "nobody", 2026, true, "test", time.Now()); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("an unknown person: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'payroll.first_wages' AND entity_id = 'tom' AND outcome = 'ok'`); n != 3 {
		t.Errorf("%d audit rows, want 3", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'payroll.manage' AND outcome = 'denied'`); n != 1 {
		t.Errorf("%d refusals audited, want 1", n)
	}
}

// A helper on an agreed 3,000 a month who starts on Wednesday 16 December
// 2026: engaged on 12 of December's 23 working days, so the fee is 3,000 −
// 3,000 × 11/23 = 1,565.22 (a prorate line of −1,434.78, as a wage's
// partial month); 1,565.22 − 800 = 765.22 × 20% = 153.04 withheld, net
// 1,412.18. Hand-worked.
func TestPayrollLabourStartsMidMonth(t *testing.T) {
	ctx := context.Background()
	db, st, svc, org, _ := payrollDB(t, time.Date(2027, 1, 4, 3, 0, 0, 0, time.UTC))
	if _, err := db.Pool().Exec(ctx, `UPDATE employees SET hire_date = '2026-12-16' WHERE key = 'sun'`); err != nil {
		t.Fatal(err)
	}
	payMonth(t, db, org.ID, "2026-12-16", "2026-12-31")
	p := pay.Profile{Kind: pay.Labour, Salary: decimal.NewFromInt(3000)}
	if _, err := st.SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "sun", Profile: p}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	run, _, err := svc.DraftOrg(ctx, org, "2026-12", "test")
	if err != nil {
		t.Fatal(err)
	}
	s := slipOf(t, run, "sun")
	l, ok := lineOf(s, pay.CodeProrate)
	if !ok || l.Amount.StringFixed(2) != "-1434.78" || l.Params["labour"] != "true" || l.Params["employed"] != "12" || l.Params["workdays"] != "23" {
		t.Errorf("prorate line %+v", l)
	}
	if s.Gross.StringFixed(2) != "1565.22" || s.Tax.Withhold.StringFixed(2) != "153.04" || s.Net.StringFixed(2) != "1412.18" {
		t.Errorf("gross %s tax %s net %s", s.Gross, s.Tax.Withhold, s.Net)
	}
}

// A bonus or a tax-year mark for someone payroll does not pay (no pay
// profile) is refused however it is set — the CLI writes through these
// too — and so is one for nobody.
func TestPayrollMarksNeedAPayProfile(t *testing.T) {
	ctx := context.Background()
	_, st, _, org, _ := payrollDB(t, time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC))
	on := true
	for key, want := range map[string]string{"tom": "payroll.no_profile", "nobody": "payroll.unknown_person"} {
		errs := map[string]error{
			"bonus":       st.SetYearEndBonus(ctx, org.ID, key, "2026-12", pay.YearEndBonus{Amount: decimal.NewFromInt(1000), Method: pay.BonusAuto}, "test", time.Now()),
			"sixty":       st.SetSixty(ctx, org.ID, key, 2026, &on, "test", time.Now()),
			"first wages": st.SetFirstWages(ctx, org.ID, key, 2026, true, "test", time.Now()),
		}
		for what, err := range errs {
			var ce *core.Error
			if !errors.As(err, &ce) || ce.Key != want {
				t.Errorf("%s for %s: %v, want %s", what, key, err, want)
			}
		}
	}
}

// Each change to a person's 60,000-rule setting is audited with what it
// replaced: set, turned off, cleared.
func TestSixtySettingAuditedWithBefore(t *testing.T) {
	ctx := context.Background()
	db, st, _, org, _ := payrollDB(t, time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC))
	if _, err := st.SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "alice", Profile: monthlyProfile(4000)}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	on, off := true, false
	for _, v := range []*bool{&on, &off, nil} {
		if err := st.SetSixty(ctx, org.ID, "alice", 2027, v, "test", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Pool().Query(ctx, `SELECT before->>'applies', after->>'applies' FROM audit_log WHERE action = 'payroll.sixty' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var before, after *string
		if err := rows.Scan(&before, &after); err != nil {
			t.Fatal(err)
		}
		str := func(p *string) string {
			if p == nil {
				return "records"
			}
			return *p
		}
		got = append(got, str(before)+"→"+str(after))
	}
	if want := []string{"records→true", "true→false", "false→records"}; !slices.Equal(got, want) {
		t.Errorf("audit %v, want %v", got, want)
	}
}
