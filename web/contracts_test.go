package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestContractOnThePersonPage has HR enter a contract on a phone-sized
// page: a probation past the legal maximum is refused with the maximum
// named and the form kept; corrected, the contract shows on the person's
// page and in the list of probations.
func TestContractOnThePersonPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/people/sun")
	b.mustSee("劳动合同", "没有合同记录。")
	b.click("#contract-add", "#contract-form")
	b.set(`#contract-form select[name="kind"]`, "fixed_term")
	b.set(`#contract-form input[name="start"]`, "2026-12-01")
	b.set(`#contract-form input[name="end"]`, "2027-11-30")
	b.set(`#contract-form input[name="probation"]`, "2027-03-31")
	b.click(`#contract-form button[type="submit"]`, "p.error")
	b.mustSee("期限一年以上不满三年的劳动合同，试用期不得超过2个月，最晚至 2027-01-31（《劳动合同法》第十九条）")
	if got := f.count(`SELECT count(*) FROM contracts`); got != 0 {
		t.Fatalf("%d contracts stored from a refused form", got)
	}
	b.screenshot("contract-form-refused")
	b.set(`#contract-form input[name="probation"]`, "2027-01-31")
	b.click(`#contract-form button[type="submit"]`, "#contracts")
	b.mustSee("合同已保存。", "固定期限", "2026-12-01 – 2027-11-30", "试用期至 2027-01-31", "尚未签订")
	b.open(f.srv.URL + "/contracts")
	b.mustSee("试用期中", "孙悦", "未签订书面劳动合同")
	b.screenshot("contracts-list")
	if got := f.count(`SELECT count(*) FROM audit_log WHERE action = 'contract.create' AND channel = 'web'`); got != 1 {
		t.Errorf("%d audit rows for the contract", got)
	}
}

func TestContractFormRefusesBadInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := f.client("zhao")
	form := func(kind, start, end, probation string) url.Values {
		return url.Values{"kind": {kind}, "start": {start}, "end": {end}, "probation": {probation}}
	}
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{form("fixed_term", "2026-02-30", "2027-01-01", ""), "“2026-02-30”不是日期"},
		{form("fixed_term", "2026-12-01", "2026-11-01", ""), "合同终止日（2026-11-01）不能早于起始日（2026-12-01）"},
		{form("fixed_term", "2026-12-01", "2029-11-30", "2027-06-30"), "试用期不得超过6个月，最晚至 2027-05-31"},
		{form("part_time", "2026-12-01", "", "2026-12-15"), "非全日制用工不得约定试用期"},
	} {
		status, body := f.post(hr, "/people/alice/contracts/new", "/people/alice/contracts/new", c.form)
		if status != http.StatusBadRequest || !strings.Contains(body, c.want) {
			t.Errorf("%v: %d, want 400 with %q", c.form, status, c.want)
		}
		if !strings.Contains(body, `value="`+c.form.Get("start")+`"`) {
			t.Errorf("%v: the form lost what was typed", c.form)
		}
	}
	if got := f.count(`SELECT count(*) FROM contracts`); got != 0 {
		t.Fatalf("%d contracts stored from bad input", got)
	}
	// An employee may not open HR's pages: refused and audited.
	alice := f.client("alice")
	if status, _ := f.open(alice, "/contracts"); status != http.StatusForbidden {
		t.Errorf("an employee opening /contracts: %d", status)
	}
	if status, _ := f.open(alice, "/people/alice/contracts/new"); status != http.StatusForbidden {
		t.Errorf("an employee opening the form: %d", status)
	}
	if got := f.audited("contract.manage", "denied"); got != 2 {
		t.Errorf("%d refusals audited", got)
	}
}

func TestContractDecisionsOnTheList(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := f.client("zhao")
	// Alice's probation (a one-year term: at most two months) ends within
	// the week; she sees her contract, her manager too.
	if got := f.chat("zhao", "合同 alice 固定期限 2026-10-08 2027-10-07 试用期至 2026-12-04 签订 2026-10-08"); !strings.Contains(got, "已保存") {
		t.Fatalf("chat: %q", got)
	}
	id := strconv.Itoa(f.count(`SELECT id::int FROM contracts`))
	_, page := f.open(f.client("alice"), "/people/alice")
	if !strings.Contains(page, "2026-10-08 – 2027-10-07") || strings.Contains(page, `href="/contracts/`+id+`"`) {
		t.Errorf("alice's own page: the contract missing or editable")
	}
	_, page = f.open(f.client("wang"), "/people/alice")
	if !strings.Contains(page, "2026-10-08 – 2027-10-07") {
		t.Errorf("the manager does not see the report's contract")
	}
	decide := func(form url.Values) (int, string) {
		return f.post(hr, "/contracts", "/contracts/"+id+"/decide", form)
	}
	status, body := decide(url.Values{"what": {"extend"}, "until": {"2026-12-31"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "试用期不得超过2个月，最晚至 2026-12-07") {
		t.Errorf("extension past the maximum: %d", status)
	}
	if status, _ := decide(url.Values{"what": {"extend"}, "until": {"2026-12-07"}}); status != http.StatusOK {
		t.Errorf("extension: %d", status)
	}
	if status, body := decide(url.Values{"what": {"confirm"}}); status != http.StatusOK || !strings.Contains(body, "已记录决定。") {
		t.Errorf("confirm: %d", status)
	}
	if status, body := decide(url.Values{"what": {"end"}}); status != http.StatusConflict || !strings.Contains(body, "已于 2026-11-30 办理转正") {
		t.Errorf("a second decision: %d", status)
	}
	if got := f.count(`SELECT count(*) FROM contracts WHERE probation_outcome = 'confirmed' AND probation_end = '2026-12-07'`); got != 1 {
		t.Errorf("the decisions were not kept")
	}
	if got := f.audited("contract.probation_extend", "ok") + f.audited("contract.probation_confirm", "ok"); got != 2 {
		t.Errorf("%d decisions audited", got)
	}
}
