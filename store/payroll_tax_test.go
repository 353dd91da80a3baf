package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/store"
)

// payrollDB is a database with the example install, its payroll store, and
// a payroll service of org shop at now with the members zhao (HR) and
// alice.
func payrollDB(t *testing.T, now time.Time) (*store.DB, store.Payroll, *payroll.Service, core.Org, map[string]core.Member) {
	t.Helper()
	db := openDB(t)
	if _, err := apply(t, db, newInstall); err != nil {
		t.Fatal(err)
	}
	svc, org, members := payrollAt(t, db, now)
	return db, store.NewPayroll(db), svc, org, members
}

// A December with a year-end bonus, then January under the 60,000 rule,
// detected from the year hrbot holds (opening balances of eleven months
// and December's approved run).
func TestPayrollBonusAndSixtyRule(t *testing.T) {
	ctx := context.Background()
	db, st, svc, org, hr := payrollDB(t, time.Date(2027, 1, 5, 3, 0, 0, 0, time.UTC))
	svc.WithTax(st)
	payMonth(t, db, org.ID, "2026-12-01", "2026-12-31")
	if _, err := st.SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "alice", Profile: monthlyProfile(4000)}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	// Eleven months of 4,000 with 900 a month of social insurance and
	// housing fund (22.5% of 4,000): nothing withheld.
	opening := pay.YearToDate{Months: 11, Income: decimal.NewFromInt(44000), Deductions: decimal.NewFromInt(9900)}
	if _, err := st.SaveOpenings(ctx, org.ID, 2026, []payroll.OpeningInput{{Key: "alice", YTD: opening}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	bonus := func(amount int64, method string) payroll.Run {
		t.Helper()
		if err := st.SetYearEndBonus(ctx, org.ID, "alice", "2026-12", pay.YearEndBonus{Amount: decimal.NewFromInt(amount), Method: method}, "test", time.Now()); err != nil {
			t.Fatal(err)
		}
		run, _, err := svc.DraftOrg(ctx, org, "2026-12", "test")
		if err != nil {
			t.Fatal(err)
		}
		return run
	}
	// 37,000 on its own is in the dead zone above 36,000: the draft warns.
	run := bonus(37000, pay.BonusSeparate)
	if w := warningsOf(run); !slices.Contains(w, payroll.WarnBonusDeadZone+":alice") {
		t.Errorf("warnings %v, want %s", w, payroll.WarnBonusDeadZone)
	}
	s := slipOf(t, run, "alice")
	if l, ok := lineOf(s, pay.CodeIITBonus); !ok || l.Amount.StringFixed(2) != "-3490.00" { // 37,000 × 10% − 210
		t.Errorf("bonus tax line %+v", l)
	}
	// 10,000 left to hrbot: with the wages the year stays under the basic
	// deduction (58,000 − 60,000 − 10,800), nothing; on its own 300.
	run = bonus(10000, pay.BonusAuto)
	s = slipOf(t, run, "alice")
	l, ok := lineOf(s, pay.CodeYearEndBonus)
	if !ok || l.Params["method"] != pay.BonusCombined || l.Params["separate_tax"] != "300.00" || l.Params["combined_tax"] != "0.00" {
		t.Errorf("bonus line %+v", l)
	}
	if slices.Contains(warningsOf(run), payroll.WarnBonusDeadZone+":alice") {
		t.Errorf("a dead-zone warning for 10,000")
	}
	if _, err := svc.Approve(ctx, hr["zhao"], "2026-12", "test", ""); err != nil {
		t.Fatal(err)
	}
	if err := st.SetYearEndBonus(ctx, org.ID, "alice", "2026-12", pay.YearEndBonus{Amount: decimal.NewFromInt(1), Method: pay.BonusAuto}, "test", time.Now()); core.ErrorCodeOf(err) != core.EConflict {
		t.Errorf("bonus in an approved run: %v", err)
	}
	if err := st.SetYearEndBonus(ctx, org.ID, "alice", "2026-11", pay.YearEndBonus{Amount: decimal.NewFromInt(1), Method: pay.BonusAuto}, "test", time.Now()); core.ErrorCodeOf(err) != core.EConflict {
		t.Errorf("a second bonus in 2026: %v", err)
	}
	// 2026: twelve months, 58,000: the rule applies in 2027.
	sixty := func() bool {
		t.Helper()
		m, err := st.PriorYearUnder60k(ctx, org.ID, 2027)
		if err != nil {
			t.Fatal(err)
		}
		return m[s.EmployeeID]
	}
	if !sixty() {
		t.Fatal("the 60,000 rule is not detected from 2026")
	}
	// A raise to 12,000 in January: 12,000 − 2,700 − 5,000 = 4,300 × 3% =
	// 129 without the rule; under it 12,000 − 2,700 − 60,000 < 0: nothing.
	payMonth(t, db, org.ID, "2027-01-01", "2027-01-31")
	if _, err := st.SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "alice", Profile: monthlyProfile(12000)}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	january := func() string {
		t.Helper()
		jan, _, err := svc.DraftOrg(ctx, org, "2027-01", "test")
		if err != nil {
			t.Fatal(err)
		}
		return slipOf(t, jan, "alice").Tax.Withhold.StringFixed(2)
	}
	if got := january(); got != "0.00" {
		t.Errorf("january under the rule withholds %s", got)
	}
	off, on := false, true
	for _, c := range []struct {
		applies  *bool
		want     bool
		withhold string
	}{{&off, false, "129.00"}, {nil, true, "0.00"}, {&on, true, "0.00"}} {
		if err := st.SetSixty(ctx, org.ID, "alice", 2027, c.applies, "test", time.Now()); err != nil {
			t.Fatal(err)
		}
		if got := sixty(); got != c.want {
			t.Errorf("after setting %v: %v", c.applies, got)
		}
		if got := january(); got != c.withhold {
			t.Errorf("after setting %v january withholds %s, want %s", c.applies, got, c.withhold)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action IN ('payroll.bonus', 'payroll.sixty') AND entity_id = 'alice'`); n != 5 {
		t.Errorf("%d audit rows, want 5", n)
	}
}

// A part-time helper on labour remuneration: an agreed 3,000 a month and a
// task of 1,000 paid as an adjustment: 4,000 less 800 = 3,200 × 20% = 640;
// no social insurance, no cumulative figures carried.
func TestPayrollPaysLabourRemuneration(t *testing.T) {
	ctx := context.Background()
	db, st, svc, org, _ := payrollDB(t, time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC))
	payMonth(t, db, org.ID, "2026-11-01", "2026-11-30")
	p := pay.Profile{Kind: pay.Labour, Salary: decimal.NewFromInt(3000)}
	p.PensionRate, p.MedicalRate, p.UnemploymentRate, p.HousingRate = pay.DefaultRates()
	if _, err := st.SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "alice", Profile: p}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := st.AddAdjustment(ctx, org.ID, "alice", "2026-11", pay.Adjustment{Description: "stocktake", Amount: decimal.NewFromInt(1000), Taxable: true}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	run, _, err := svc.DraftOrg(ctx, org, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	s := slipOf(t, run, "alice")
	l, ok := lineOf(s, pay.CodeIITLabour)
	if !ok || l.Amount.StringFixed(2) != "-640.00" || l.Params["deduction_rule"] != "800" {
		t.Errorf("labour tax line %+v", l)
	}
	if !s.Social.IsZero() || s.Net.StringFixed(2) != "3360.00" || s.YTD.Months != 0 {
		t.Errorf("social %s net %s ytd %+v", s.Social, s.Net, s.YTD)
	}
}
