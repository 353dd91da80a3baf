package web_test

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/store"
)

// monthly is a monthly pay profile with China's usual employee shares.
func monthly(salary int64) pay.Profile {
	p := pay.Profile{Kind: pay.Monthly, Salary: decimal.NewFromInt(salary), SocialBase: decimal.NewFromInt(salary)}
	p.PensionRate, p.MedicalRate, p.UnemploymentRate, p.HousingRate = pay.DefaultRates()
	return p
}

// payProfiles gives people pay profiles, as `hrbot payroll profiles` does.
func (f *fixture) payProfiles(profiles map[string]pay.Profile) {
	f.t.Helper()
	var in []payroll.ProfileInput
	for key, p := range profiles {
		in = append(in, payroll.ProfileInput{Key: key, Profile: p})
	}
	if _, err := store.NewPayroll(f.db).SaveProfiles(context.Background(), f.member("zhao").Org.ID, in, "test", f.clock.Now()); err != nil {
		f.t.Fatal(err)
	}
}

// approvedRun drafts and approves period as HR, through the services
// chat uses.
func (f *fixture) approvedRun(period string) {
	f.t.Helper()
	ctx := context.Background()
	if _, _, err := f.payroll.DraftVia(ctx, f.member("zhao"), period, "console"); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.payroll.Approve(ctx, f.member("zhao"), period, "console", ""); err != nil {
		f.t.Fatal(err)
	}
}

// HR drafts October on the page, is refused approval for a net pay below
// zero, approves with a reason; everyone's payslip is queued as chat's
// approval queues it. Alice then reads hers on her phone, and is refused
// HR's payroll page — audited.
func TestPayrollDraftedAndApprovedOnThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hourly := monthly(0)
	hourly.Kind, hourly.HourlyRate, hourly.SocialBase = pay.Hourly, decimal.NewFromInt(30), decimal.NewFromInt(6500)
	f.payProfiles(map[string]pay.Profile{"alice": monthly(7000), "sun": hourly})

	hr := newBrowser(t)
	hr.signIn(f.link("zhao"))
	hr.open(f.srv.URL + "/payroll")
	hr.set(`#draft-form input[name="period"]`, "2026-10")
	hr.click(`#draft-form button`, "p.notice")
	if got := hr.location(); got != "/payroll/2026-10" {
		t.Fatalf("after drafting HR is on %s", got)
	}
	hr.mustSee("李爱丽", "7,000.00", "孙悦", "低于零")

	// A meal allowance paid twice in September is taken back: added on the
	// page, it is in the payslip once the month is drafted again.
	f.clock.Add(time.Minute)
	hr.open(f.srv.URL + "/payroll/2026-10") // no notice yet: the click below waits for one
	hr.set("#adjust-person", "alice")
	hr.set("#adjust-amount", "-200")
	hr.set("#adjust-description", "九月餐补多发扣回")
	hr.click("#adjust-add", "p.notice")
	hr.mustSee("调整项已记录", "九月餐补多发扣回", "-200.00", "重新生成草稿后才会计入")
	hr.open(f.srv.URL + "/payroll/2026-10")
	hr.click("#redraft", "p.notice")
	hr.mustSee("6,800.00")
	if strings.Contains(hr.text("main"), "重新生成草稿后才会计入") {
		t.Error("the redrafted run still says the adjustment is not in it")
	}

	hr.click("#approve", "p.error")
	hr.mustSee("未批准", "孙悦")
	if n := f.count(`SELECT count(*) FROM payroll_runs WHERE period = '2026-10' AND status = 'approved'`); n != 0 {
		t.Fatal("a run with a net pay below zero was approved without a reason")
	}
	hr.set(`input[name="override"]`, "孙悦 is paid by hand")
	hr.click("#approve", "p.notice")
	hr.mustSee("已批准", "孙悦 is paid by hand")
	hr.screenshot("payroll-run-phone")
	if n := f.count(`SELECT count(*) FROM payroll_runs WHERE period = '2026-10' AND status = 'approved' AND override_reason <> ''`); n != 1 {
		t.Fatal("the run is not approved with its reason")
	}
	for _, who := range []string{"alice", "sun"} {
		if !slices.Contains(f.notificationsTo(who), core.NotifyPayslip) {
			t.Errorf("%s's notifications %v: no payslip", who, f.notificationsTo(who))
		}
	}
	if f.audited("payroll.approve", core.OutcomeOK) != 1 || f.audited("payroll.draft", core.OutcomeOK) != 2 || f.audited("payroll.adjust", core.OutcomeOK) != 1 {
		t.Error("the drafts, the adjustment and the approval are not audited with channel web")
	}

	alice := newBrowser(t)
	alice.signIn(f.link("alice"))
	alice.open(f.srv.URL + "/me/payslips")
	alice.click(`a[href="/me/payslips/2026-10"]`, "article.payslip")
	alice.mustSee("Payslip", "Base pay", "7,000.00", "Net pay")
	if strings.Contains(alice.text("main"), "孙悦") || strings.Contains(alice.text("main"), "Sun Yue") {
		t.Error("alice's payslip shows someone else")
	}
	alice.screenshot("payslip-phone")

	before := f.audited(string(core.ActionPayrollManage), core.OutcomeDenied)
	alice.open(f.srv.URL + "/payroll")
	if strings.Contains(alice.text("main"), "7,000.00") {
		t.Error("an employee sees HR's payroll")
	}
	if f.audited(string(core.ActionPayrollManage), core.OutcomeDenied) != before+1 {
		t.Error("the employee's refusal is not audited")
	}
}

func TestPayrollDownloads(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.payProfiles(map[string]pay.Profile{"alice": monthly(7000)})
	f.approvedRun("2026-10")
	hr := f.client("zhao")
	if _, body := f.get(hr, "/payroll"); !strings.Contains(body, `href="/payroll/2026-10"`) || !strings.Contains(body, "7,000.00") ||
		!strings.Contains(body, "已批准") {
		t.Errorf("the list of runs does not show October's, approved, with its gross:\n%s", body)
	}

	resp, body := f.get(hr, "/payroll/2026-10/csv")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "payroll-shop-2026-10.csv") {
		t.Fatalf("csv: %s %q %q", resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	if !strings.Contains(body, "\nalice,") || !strings.Contains(body, "7000.00") {
		t.Errorf("csv has no row for alice's 7000.00:\n%s", body)
	}

	resp, body = f.get(hr, "/payroll/2026-10/xlsx")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("xlsx: %s %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	book, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("Payroll 2026-10")
	if err != nil || len(rows) < 2 || rows[1][0] != "alice" {
		t.Errorf("xlsx rows %v %v, want alice's on the second", rows, err)
	}

	// An employee may not download the run; a period without one is not found.
	if resp, _ := f.get(f.client("alice"), "/payroll/2026-10/csv"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("alice downloading the run: %s", resp.Status)
	}
	if resp, _ := f.get(hr, "/payroll/2026-09/csv"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a period without a run: %s", resp.Status)
	}
}

// A payslip is only ever the reader's own: Sun, who has none for
// October, is told there is none — never shown Alice's — and a draft is
// nobody's payslip yet.
func TestPayslipIsOnlyTheReaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.payProfiles(map[string]pay.Profile{"alice": monthly(7000)})
	f.approvedRun("2026-10")
	f.clock.Add(time.Hour)
	if _, _, err := f.payroll.DraftVia(context.Background(), f.member("zhao"), "2026-09", "console"); err != nil {
		t.Fatal(err)
	}

	alice := f.client("alice")
	if resp, body := f.get(alice, "/me/payslips/2026-10"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "7,000.00") {
		t.Fatalf("alice's own payslip: %s", resp.Status)
	}
	resp, body := f.get(alice, "/me/payslips/2026-10/csv")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(body, "Net pay") {
		t.Errorf("alice's payslip as CSV: %s %q\n%s", resp.Status, resp.Header.Get("Content-Type"), body)
	}
	if resp, _ := f.get(alice, "/me/payslips/2026-09"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a draft's payslip: %s", resp.Status)
	}

	sun := f.client("sun")
	for _, path := range []string{"/me/payslips/2026-10", "/me/payslips/2026-10/csv", "/me/payslips/2026-10?person=alice"} {
		resp, body := f.get(sun, path)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("sun opening %s: %s", path, resp.Status)
		}
		for _, leak := range []string{"7,000.00", "7000.00", "李爱丽", "Alice"} {
			if strings.Contains(body, leak) {
				t.Errorf("sun opening %s sees %q", path, leak)
			}
		}
	}
	if _, body := f.get(sun, "/me/payslips"); strings.Contains(body, "2026-10") {
		t.Error("sun's list of payslips has October")
	}
}
