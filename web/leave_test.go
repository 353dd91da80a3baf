package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
)

func TestHRAdjustsABalanceOnTheLeavePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.askLeave("sun", core.NewDate(2026, 12, 10))
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/leave?month=2026-12")
	b.mustSee("李爱丽", "孙悦", "待审批")
	if got := b.text(`tr[data-person="alice"]`); !strings.Contains(got, "10 ") {
		t.Fatalf("alice's balances before: %q, want 10 days of annual leave", got)
	}
	b.set(`#adjust-form select[name="person"]`, "alice")
	b.set(`#adjust-form select[name="type"]`, "annual")
	b.set(`#adjust-form input[name="amount"]`, "1.5")
	b.set(`#adjust-form input[name="reason"]`, "agreed for the Double Eleven weekend")
	b.click(`#adjust-form button[type="submit"]`, "p.notice")
	b.screenshot("leave-team-phone")
	if got := b.text(`tr[data-person="alice"]`); !strings.Contains(got, "11.5") {
		t.Errorf("alice's balances after +1.5 days: %q", got)
	}
	if n := f.audited("leave.adjust", core.OutcomeOK); n != 1 {
		t.Errorf("%d audit rows of the adjustment with channel web, want 1", n)
	}
	if !slices.Contains(f.notificationsTo("alice"), core.NotifyLeaveAdjusted) {
		t.Fatalf("alice's notifications %v: none tells her of the adjustment", f.notificationsTo("alice"))
	}
	if got := f.renderLatestNotification("alice").text; !strings.Contains(got, "+1.5") || !strings.Contains(got, "Double Eleven") {
		t.Errorf("alice is told %q", got)
	}
}

func TestAdjustWithoutAReasonIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := f.client("zhao")
	status, body := f.post(hr, "/leave", "/leave/adjust",
		url.Values{"person": {"alice"}, "type": {"annual"}, "year": {"2026"}, "amount": {"2"}, "reason": {"  "}})
	if status != http.StatusBadRequest || !strings.Contains(body, "需要填写原因") {
		t.Errorf("an adjustment without a reason: %d\n%s", status, body)
	}
	status, _ = f.post(hr, "/leave", "/leave/adjust",
		url.Values{"person": {"alice"}, "type": {"nosuch"}, "year": {"2026"}, "amount": {"2"}, "reason": {"x"}})
	if status != http.StatusBadRequest {
		t.Errorf("an adjustment of an unknown type: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM leave_adjustments`); n != 0 {
		t.Errorf("%d adjustments stored", n)
	}

	// A manager sees the page but may not adjust: refused and audited.
	boss := f.client("wang")
	if status, _ := f.open(boss, "/leave"); status != http.StatusOK {
		t.Errorf("a manager opening /leave: %d", status)
	}
	status, _ = f.post(boss, "/leave", "/leave/adjust",
		url.Values{"person": {"alice"}, "type": {"annual"}, "year": {"2026"}, "amount": {"2"}, "reason": {"why not"}})
	if status != http.StatusForbidden || f.audited(string(core.ActionLeaveAdjust), core.OutcomeDenied) != 1 {
		t.Errorf("a manager adjusting: %d, denials audited %d", status, f.audited(string(core.ActionLeaveAdjust), core.OutcomeDenied))
	}
}

func TestEmployeesMayNotOpenTheTeamsPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	alice := f.client("alice")
	for _, page := range []string{"/leave", "/handbook", "/training", "/cover"} {
		status, body := f.open(alice, page)
		if status != http.StatusForbidden {
			t.Errorf("alice opening %s: %d", page, status)
		}
		if strings.Contains(body, "孙悦") || strings.Contains(body, "Sun Yue") {
			t.Errorf("alice's refusal at %s shows a colleague", page)
		}
	}
	if n := f.count(`SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND channel = 'web'`); n != 4 {
		t.Errorf("%d refusals audited, want 4", n)
	}
}
