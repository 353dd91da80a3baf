package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/store"
)

// payChange writes, as an applied transfer leaves them, a person's pay
// terms before day and from it (the row from it being the present one):
// what PayHistory reads for the draft.
func payChange(t *testing.T, db *store.DB, key, day string, before, after pay.Terms) {
	t.Helper()
	b, err := json.Marshal(before)
	if err != nil {
		t.Fatal(err)
	}
	a, err := json.Marshal(after)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(context.Background(), `
		INSERT INTO assignments (org_id, employee_id, from_date, job, pay)
		SELECT org_id, id, NULL, job, $2::jsonb FROM employees WHERE key = $1
		UNION ALL SELECT org_id, id, $3::date, job, $4::jsonb FROM employees WHERE key = $1`, key, b, day, a); err != nil {
		t.Fatal(err)
	}
}

// labourTerms are a labour fee of amount a month.
func labourTerms(amount int64) pay.Terms {
	return pay.Terms{Kind: pay.Labour, Salary: decimal.NewFromInt(amount)}
}

// A part-time helper paid labour remuneration whose fee goes from 3,000 to
// 5,000 a month on Monday 16 November 2026 (November has 21 working days,
// 10 before the change and 11 from it): each fee is paid for its days,
// 3,000 × 10/21 = 1,428.57 and 5,000 × 11/21 = 2,619.05, 4,047.62 in all;
// the labour withholding is on the month's total, as one payment: above
// 4,000, so 20% off, 3,238.10 × 20% = 647.62. No social insurance, no
// cumulative method, nothing carried in the year to date.
func TestPayrollLabourFeeChangesMidMonth(t *testing.T) {
	ctx := context.Background()
	db, st, svc, org, _ := payrollDB(t, time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC))
	p := pay.Profile{Kind: pay.Labour, Salary: decimal.NewFromInt(5000), SocialBase: decimal.NewFromInt(5000)}
	p.PensionRate, p.MedicalRate, p.UnemploymentRate, p.HousingRate = pay.DefaultRates()
	if _, err := st.SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "alice", Profile: p}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	payChange(t, db, "alice", "2026-11-16", labourTerms(3000), labourTerms(5000))
	run, _, err := svc.DraftOrg(ctx, org, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	s := slipOf(t, run, "alice")
	var got []string
	for _, l := range s.Lines {
		got = append(got, l.Code+" "+l.Amount.StringFixed(2)+" "+l.Params["part_from"]+".."+l.Params["part_to"])
	}
	want := []string{
		"labour_fee 3000.00 11-01..11-15", "prorate -1571.43 11-01..11-15",
		"labour_fee 5000.00 11-16..11-30", "prorate -2380.95 11-16..11-30",
		"iit_labour -647.62 ..",
	}
	if len(got) != len(want) {
		t.Fatalf("lines %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %q, want %q", i, got[i], want[i])
		}
	}
	if l, ok := lineOf(s, pay.CodeIITLabour); !ok || l.Params["income"] != "4047.62" || l.Params["deduction"] != "809.52" ||
		l.Params["deduction_rule"] != "20%" || l.Params["taxable"] != "3238.10" {
		t.Errorf("labour tax line %+v", l)
	}
	if s.Gross.StringFixed(2) != "4047.62" || !s.Social.IsZero() || s.Tax.Withhold.StringFixed(2) != "647.62" ||
		s.Net.StringFixed(2) != "3400.00" || s.YTD.Months != 0 || !s.YTD.Income.IsZero() {
		t.Errorf("gross %s social %s tax %s net %s ytd %+v", s.Gross, s.Social, s.Tax.Withhold, s.Net, s.YTD)
	}
}

// An employee on 8,000 a month who retires and stays on as a helper for
// 3,000 a month of labour remuneration from 16 November: the wages of the
// first 10 working days, 8,000 × 10/21 = 3,809.52, are taxed by the
// cumulative method with the month's social insurance (1,800: 3,809.52 −
// 1,800 − 5,000 < 0, nothing) and counted in the year to date; the labour
// fee of the last 11, 3,000 × 11/21 = 1,571.43, is withheld on its own,
// (1,571.43 − 800) × 20% = 154.29, and is neither wages nor in the year to
// date.
func TestPayrollWagesThenLabourInOneMonth(t *testing.T) {
	ctx := context.Background()
	db, st, svc, org, _ := payrollDB(t, time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC))
	p := monthlyProfile(8000)
	p.Kind, p.Salary = pay.Labour, decimal.NewFromInt(3000)
	if _, err := st.SaveProfiles(ctx, org.ID, []payroll.ProfileInput{{Key: "alice", Profile: p}}, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	payChange(t, db, "alice", "2026-11-16", pay.Terms{Kind: pay.Monthly, Salary: decimal.NewFromInt(8000)}, labourTerms(3000))
	run, _, err := svc.DraftOrg(ctx, org, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	s := slipOf(t, run, "alice")
	fee, ok := lineOf(s, pay.CodeLabourFee)
	if !ok || fee.Params["part_from"] != "11-16" {
		t.Errorf("labour fee line %+v", fee)
	}
	l, ok := lineOf(s, pay.CodeIITLabour)
	if !ok || l.Amount.StringFixed(2) != "-154.29" || l.Params["income"] != "1571.43" || l.Params["deduction_rule"] != "800" {
		t.Errorf("labour tax line %+v", l)
	}
	if iit, ok := lineOf(s, pay.CodeIIT); ok {
		t.Errorf("wage tax line %+v, want none (nothing due)", iit)
	}
	if s.Gross.StringFixed(2) != "3809.52" || s.Social.StringFixed(2) != "1800.00" || s.Tax.Withhold.StringFixed(2) != "154.29" ||
		s.Net.StringFixed(2) != "3426.66" {
		t.Errorf("gross %s social %s tax %s net %s", s.Gross, s.Social, s.Tax.Withhold, s.Net)
	}
	if s.YTD.Months != 1 || s.YTD.Income.StringFixed(2) != "3809.52" || s.YTD.Deductions.StringFixed(2) != "1800.00" || !s.YTD.Withheld.IsZero() {
		t.Errorf("ytd %+v: want the wages only", s.YTD)
	}
}
