package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// HR records Alice's year-end bonus on a phone: the page shows the tax
// both ways, which is lower, and that 37,000 is in a dead zone — one yuan
// above 36,000.00 costs 2,310.10 more tax; the draft follows, and the
// change is audited on the web.
func TestYearEndBonusOnThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.payProfiles(map[string]pay.Profile{"alice": monthly(7000), "sun": monthly(6000)})
	if _, _, err := f.payroll.DraftVia(context.Background(), f.member("zhao"), "2026-10", "console"); err != nil {
		t.Fatal(err)
	}
	hr := newBrowser(t)
	hr.signIn(f.link("zhao"))
	hr.open(f.srv.URL + "/payroll/2026-10")
	hr.click(`a[href="/payroll/2026-10/bonus"]`, "#bonus-form")
	hr.set("#bonus-person", "alice")
	hr.set("#bonus-amount", "37000")
	hr.click("#bonus-save", "p.notice")
	hr.mustSee("全年一次性奖金已记录", "李爱丽", "37,000.00", "本月个人所得税合计：单独计税", "较低", "比 36,000.00 多 1 元，税多 2,310.10")
	hr.screenshot("payroll-bonus-phone")
	if n := f.count(`SELECT count(*) FROM payroll_bonuses WHERE amount = 37000 AND method = 'auto'`); n != 1 {
		t.Errorf("%d bonuses of 37000 kept", n)
	}
	if f.audited("payroll.bonus", core.OutcomeOK) != 1 {
		t.Error("the bonus is not audited on the web")
	}
	// Taxed with the wages, the lower here, the bonus is in Alice's gross.
	hr.open(f.srv.URL + "/payroll/2026-10")
	hr.mustSee("44,000.00")
}

// An employee may not open or post the bonus form (refused, audited); a
// bad amount is said so; once the run is approved a bonus is refused, in
// the reader's language.
func TestYearEndBonusRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.payProfiles(map[string]pay.Profile{"alice": monthly(7000)})
	alice, hr := f.client("alice"), f.client("zhao")
	before := f.audited(string(core.ActionPayrollManage), core.OutcomeDenied)
	if status, body := f.open(alice, "/payroll/2026-10/bonus"); status != http.StatusForbidden || strings.Contains(body, "bonus-form") {
		t.Errorf("an employee opening the bonus form: %d", status)
	}
	if f.audited(string(core.ActionPayrollManage), core.OutcomeDenied) != before+1 {
		t.Error("the employee's refusal is not audited")
	}
	if status, body := f.post(hr, "/payroll/2026-10/bonus", "/payroll/2026-10/bonus", url.Values{"person": {"alice"}, "amount": {"lots"}}); status != http.StatusBadRequest || !strings.Contains(body, "“lots”不是金额") {
		t.Errorf("a bad amount: %d", status)
	}
	f.approvedRun("2026-10")
	status, body := f.post(hr, "/payroll/2026-10/bonus", "/payroll/2026-10/bonus", url.Values{"person": {"alice"}, "amount": {"5000"}, "method": {"separate"}})
	if status != http.StatusConflict || !strings.Contains(body, "2026-10 工资表已批准，不能再改") {
		t.Errorf("a bonus after approval: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM payroll_bonuses`); n != 0 {
		t.Errorf("%d bonuses kept", n)
	}
}

// employerOrg is testOrg paying the employer's contributions.
var employerOrg = strings.Replace(testOrg, "    employees:\n",
	"    payroll:\n      employer_rates: {pension: 0.16, medical: 0.095, unemployment: 0.005, injury: 0.002, housing: 0.12}\n    employees:\n", 1)

// The run's cost of labour on its page and in its files: Alice's 7,000.00
// costs the employer 1,120.00 of pension, 665.00 of medical, 35.00 of
// unemployment, 14.00 of injury and 840.00 of housing fund: 2,674.00, so
// 9,674.00 in all. No maternity column: the org pays none.
func TestPayrollCostPageAndFiles(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, employerOrg)
	f.payProfiles(map[string]pay.Profile{"alice": monthly(7000)})
	f.approvedRun("2026-10")
	hr := f.client("zhao")
	status, body := f.open(hr, "/payroll/2026-10/cost")
	for _, want := range []string{"养老保险（单位）", "1,120.00", "665.00", "35.00", "14.00", "840.00", "2,674.00", "9,674.00", `id="cost-total"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the cost page (%d) lacks %q", status, want)
		}
	}
	if status, _ := f.open(f.client("alice"), "/payroll/2026-10/cost"); status != http.StatusForbidden {
		t.Errorf("an employee opening the cost page: %d", status)
	}

	want := map[string]string{"employer_pension": "1120.00", "employer_medical": "665.00", "employer_unemployment": "35.00",
		"employer_injury": "14.00", "employer_housing_fund": "840.00", "employer_total": "2674.00", "total_cost": "9674.00"}
	_, csvBody := f.get(hr, "/payroll/2026-10/csv")
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(csvBody, "\ufeff")), "\n")
	checkColumns(t, "csv", strings.Split(strings.TrimSpace(lines[0]), ","), strings.Split(strings.TrimSpace(lines[1]), ","), want)
	if !strings.HasSuffix(strings.TrimSpace(lines[len(lines)-1]), ",2674.00,9674.00") {
		t.Errorf("csv total row %q", lines[len(lines)-1])
	}

	_, xlsx := f.get(hr, "/payroll/2026-10/xlsx")
	book, err := excelize.OpenReader(bytes.NewReader([]byte(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("Payroll 2026-10")
	if err != nil || len(rows) < 3 {
		t.Fatalf("xlsx rows %v %v", rows, err)
	}
	xwant := map[string]string{}
	for k, v := range want { // numbers, shown with thousands separators
		xwant[k] = strings.Replace(strings.Replace(v, "9674", "9,674", 1), "2674", "2,674", 1)
	}
	xwant["employer_pension"] = "1,120.00"
	checkColumns(t, "xlsx", rows[0], rows[1], xwant)
}

// checkColumns finds each wanted column in header and checks row's value;
// there is no maternity column.
func checkColumns(t *testing.T, what string, header, row []string, want map[string]string) {
	t.Helper()
	col := map[string]string{}
	for i, h := range header {
		if i < len(row) {
			col[h] = row[i]
		}
		if h == "employer_maternity" {
			t.Errorf("%s: a maternity column though the org pays none", what)
		}
	}
	for k, v := range want {
		if col[k] != v {
			t.Errorf("%s %s = %q, want %q (header %v)", what, k, col[k], v, header)
		}
	}
}

// HR sets the 60,000 rule for Alice on the page; it reads back as set by
// HR, then as hrbot's records say; an employee is refused.
func TestSixtyRuleOnThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.payProfiles(map[string]pay.Profile{"alice": monthly(7000), "sun": monthly(6000)})
	hr := f.client("zhao")
	if status, body := f.open(hr, "/payroll/sixty?year=2027"); status != http.StatusOK || !strings.Contains(body, "李爱丽（alice）：2027 年不适用——hrbot 的记录") {
		t.Fatalf("the 60,000 rule of 2027: %d\n%s", status, body)
	}
	page := "/payroll/sixty?year=2027"
	if status, body := f.post(hr, page, "/payroll/sixty", url.Values{"person": {"alice"}, "year": {"2027"}, "set": {"on"}}); status != http.StatusOK ||
		!strings.Contains(body, "6万元规定已设置") || !strings.Contains(body, "李爱丽（alice）：2027 年适用——人事设置") {
		t.Errorf("set on: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM payroll_sixty WHERE applies AND year = 2027`); n != 1 {
		t.Errorf("%d settings kept", n)
	}
	if _, body := f.post(hr, page, "/payroll/sixty", url.Values{"person": {"alice"}, "year": {"2027"}, "set": {"auto"}}); !strings.Contains(body, "李爱丽（alice）：2027 年不适用——hrbot 的记录") {
		t.Error("back to hrbot's records: not said so")
	}
	if f.audited("payroll.sixty", core.OutcomeOK) != 2 {
		t.Error("the settings are not audited on the web")
	}
	if status, _ := f.post(f.client("alice"), "/me", "/payroll/sixty", url.Values{"person": {"alice"}, "year": {"2027"}, "set": {"on"}}); status != http.StatusForbidden {
		t.Errorf("an employee setting the rule: %d", status)
	}
}

// HR marks Sun's first wages of 2026 on the page (a link from the 60,000
// rule's page leads there), sees it marked, removes the mark; each change
// audited on the web; an employee is refused.
func TestFirstWagesOnThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.payProfiles(map[string]pay.Profile{"alice": monthly(7000), "sun": monthly(6000)})
	hr := f.client("zhao")
	if _, body := f.open(hr, "/payroll/sixty?year=2026"); !strings.Contains(body, `href="/payroll/first-wages?year=2026"`) {
		t.Error("no link from the 60,000 rule's page")
	}
	page := "/payroll/first-wages?year=2026"
	if status, body := f.open(hr, page); status != http.StatusOK || !strings.Contains(body, "2026 年首次取得工资（国家税务总局公告2020年第13号") ||
		!strings.Contains(body, "孙悦（sun）：2026 年未标记") {
		t.Fatalf("first wages of 2026: %d\n%s", status, body)
	}
	if status, body := f.post(hr, page, "/payroll/first-wages", url.Values{"person": {"sun"}, "year": {"2026"}, "set": {"on"}}); status != http.StatusOK ||
		!strings.Contains(body, "已设置；当年下一次计算工资表起生效") || !strings.Contains(body, "孙悦（sun）：已标记 2026 年首次取薪") || !strings.Contains(body, "取消标记") {
		t.Errorf("mark: %d\n%s", status, body)
	}
	if n := f.count(`SELECT count(*) FROM payroll_first_wages WHERE year = 2026`); n != 1 {
		t.Errorf("%d marks kept", n)
	}
	if _, body := f.post(hr, page, "/payroll/first-wages", url.Values{"person": {"sun"}, "year": {"2026"}, "set": {"off"}}); !strings.Contains(body, "孙悦（sun）：2026 年未标记") {
		t.Error("unmarked: not said so")
	}
	if f.audited("payroll.first_wages", core.OutcomeOK) != 2 {
		t.Error("the marks are not audited on the web")
	}
	if status, _ := f.post(f.client("alice"), "/me", "/payroll/first-wages", url.Values{"person": {"alice"}, "year": {"2026"}, "set": {"on"}}); status != http.StatusForbidden {
		t.Errorf("an employee marking: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM payroll_first_wages`); n != 0 {
		t.Errorf("%d marks after the refusal", n)
	}
}
