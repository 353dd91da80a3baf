package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// HR adds two adjustments to October's draft on its page: 1,200.50 of
// overtime underpaid, taxable, and 80.00 of expenses, not. The page
// lists them, says they are not in the draft yet, and asks for a
// redraft; redrafted, Alice's payslip has both lines and her gross the
// taxable one. Each is audited on the web as HR.
func TestPayrollAdjustmentOnThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.payProfiles(map[string]pay.Profile{"alice": monthly(7000), "sun": monthly(6000)})
	if _, _, err := f.payroll.DraftVia(context.Background(), f.member("zhao"), "2026-10", "console"); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(time.Minute)
	hr := f.client("zhao")
	status, body := f.open(hr, "/payroll/2026-10")
	for _, want := range []string{`id="adjust-form"`, "2026-10 没有调整项", `<option value="alice">`} {
		if status != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("the run's page (%d) lacks %q", status, want)
		}
	}

	status, body = f.post(hr, "/payroll/2026-10", "/payroll/2026-10/adjustments",
		url.Values{"person": {"alice"}, "amount": {"1,200.50"}, "description": {"十月加班补发"}})
	if status != http.StatusOK || !strings.Contains(body, "调整项已记录") {
		t.Fatalf("adding an adjustment: %d\n%s", status, body)
	}
	status, body = f.post(hr, "/payroll/2026-10", "/payroll/2026-10/adjustments",
		url.Values{"person": {"alice"}, "amount": {"80"}, "description": {"差旅报销"}, "not_taxable": {"1"}})
	if status != http.StatusOK {
		t.Fatalf("adding a second adjustment: %d", status)
	}
	for _, want := range []string{"十月加班补发", "1,200.50", "差旅报销", "80.00", "不计税", "重新生成草稿后才会计入"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q after adding", want)
		}
	}
	if n := f.count(`SELECT count(*) FROM payroll_adjustments WHERE period = '2026-10' AND created_by = 'web:zhao'`); n != 2 {
		t.Errorf("%d adjustments kept as by web:zhao", n)
	}
	if n := f.count(`SELECT count(*) FROM payroll_adjustments WHERE amount = 80 AND NOT taxable`); n != 1 {
		t.Errorf("%d untaxed adjustments of 80", n)
	}
	if n := f.count(`SELECT count(*) FROM audit_log a JOIN employees e ON e.id = a.actor_id
		WHERE a.action = 'payroll.adjust' AND a.channel = 'web' AND e.key = 'zhao'`); n != 2 {
		t.Errorf("%d adjustments audited on the web as zhao", n)
	}

	// Approved before a redraft, the run would never pay them: refused,
	// with or without a reason.
	for _, form := range []url.Values{{}, {"override": {"我确认"}}} {
		_, body = f.post(hr, "/payroll/2026-10", "/payroll/2026-10/approve", form)
		if !strings.Contains(body, "草稿之后录入的，草稿里没有它") {
			t.Errorf("approving with adjustments not in the draft: %s", body)
		}
	}
	if n := f.count(`SELECT count(*) FROM payroll_runs WHERE period = '2026-10' AND status = 'approved'`); n != 0 {
		t.Fatalf("the run was approved without its adjustments")
	}

	status, body = f.post(hr, "/payroll/2026-10", "/payroll/draft", url.Values{"period": {"2026-10"}})
	if status != http.StatusOK {
		t.Fatalf("redrafting: %d", status)
	}
	for _, want := range []string{"调整（十月加班补发）", "调整（差旅报销）", "8,200.50"} {
		if !strings.Contains(body, want) {
			t.Errorf("the redrafted run lacks %q", want)
		}
	}
	if strings.Contains(body, "重新生成草稿后才会计入") {
		t.Error("the redrafted run still says an adjustment is not in it")
	}
}

// A bad amount, zero, too much or no description is refused in Chinese
// for Zhao, with what she typed kept and nothing stored; an employee is
// refused (403, audited); an approved month refuses in Chinese.
func TestPayrollAdjustmentRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.payProfiles(map[string]pay.Profile{"alice": monthly(7000)})
	if _, _, err := f.payroll.DraftVia(context.Background(), f.member("zhao"), "2026-10", "console"); err != nil {
		t.Fatal(err)
	}
	hr := f.client("zhao")
	for _, c := range []struct {
		name, amount, description, want string
	}{
		{"NotAnAmount", "lots", "十月加班补发", "“lots”不是金额"},
		{"Zero", "0.001", "十月加班补发", "调整金额为零"},
		{"TooLarge", "-1e12", "十月加班补发", "超出 hrbot 可记录的范围"},
		{"NoDescription", "150", "   ", "请写明调整事由"},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, body := f.post(hr, "/payroll/2026-10", "/payroll/2026-10/adjustments",
				url.Values{"person": {"alice"}, "amount": {c.amount}, "description": {c.description}})
			if status != http.StatusBadRequest || !strings.Contains(body, c.want) {
				t.Errorf("%d, want 400 saying %q:\n%s", status, c.want, body)
			}
			if !strings.Contains(body, `value="`+c.amount+`"`) {
				t.Errorf("the form does not keep the amount %q", c.amount)
			}
		})
	}
	status, body := f.post(hr, "/payroll/2026-10", "/payroll/2026-10/adjustments",
		url.Values{"person": {"nobody"}, "amount": {"150"}, "description": {"补发"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "本公司没有工号为“nobody”的人") {
		t.Errorf("an unknown person: %d", status)
	}
	status, body = f.post(hr, "/payroll/2026-10", "/payroll/2026-10/adjustments",
		url.Values{"person": {"sun"}, "amount": {"150"}, "description": {"补发"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "没有薪资档案") {
		t.Errorf("a person without a pay profile: %d", status)
	}

	before := f.audited(string(core.ActionPayrollManage), core.OutcomeDenied)
	alice := f.client("alice")
	if status, _ := f.post(alice, "/me", "/payroll/2026-10/adjustments",
		url.Values{"person": {"alice"}, "amount": {"5000"}, "description": {"raise"}}); status != http.StatusForbidden {
		t.Errorf("an employee adding an adjustment: %d", status)
	}
	if f.audited(string(core.ActionPayrollManage), core.OutcomeDenied) != before+1 {
		t.Error("the employee's refusal is not audited")
	}

	if _, err := f.payroll.Approve(context.Background(), f.member("zhao"), "2026-10", "console", ""); err != nil {
		t.Fatal(err)
	}
	status, body = f.post(hr, "/payroll/2026-10", "/payroll/2026-10/adjustments",
		url.Values{"person": {"alice"}, "amount": {"150"}, "description": {"补发"}})
	if status != http.StatusConflict || !strings.Contains(body, "2026-10 工资表已批准，不能再改") {
		t.Errorf("an adjustment to an approved month: %d", status)
	}
	if _, body := f.open(hr, "/payroll/2026-10"); strings.Contains(body, `id="adjust-form"`) || !strings.Contains(body, `id="adjust-closed"`) {
		t.Error("an approved run's page offers the adjustment form")
	}
	if n := f.count(`SELECT count(*) FROM payroll_adjustments`); n != 0 {
		t.Errorf("%d adjustments kept", n)
	}
}
