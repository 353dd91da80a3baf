package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// HR moves Alice to operations from next Monday on her page, at phone
// width; Wang, her manager, approves on the transfers page; her page then
// shows the transfer to come in her job history.
func TestTransferFormOnThePersonPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/people/alice")
	b.mustSee("岗位履历", "客服组")
	b.click(`#transfer-details > summary`, `#transfer-form input[name="effective"]`)
	b.set(`#transfer-form input[name="effective"]`, "2026-12-07")
	b.run(chromedp.SetValue(chromedp.CSS(`#transfer-form select[name="team"]`), "ops"))
	b.run(chromedp.SetValue(chromedp.CSS(`#transfer-form select[name="schedule"]`), "standard"))
	b.set(`#transfer-form input[name="reason"]`, "运营旺季")
	b.click(`#transfer-form button[type="submit"]`, ".notice")
	b.mustSee("调岗申请已提交审批。")
	if n := f.count(`SELECT count(*) FROM transfers WHERE status = 'pending' AND effective_date = '2026-12-07'`); n != 1 {
		t.Fatalf("pending transfers: %d", n)
	}

	// Wang sees it waiting on him and approves it.
	wang := f.client("wang")
	_, page := f.open(wang, "/transfers")
	for _, want := range []string{"李爱丽", "客服组 → 运营组", "运营旺季", `value="approve"`} {
		if !strings.Contains(page, want) {
			t.Errorf("Wang's transfers page lacks %q", want)
		}
	}
	id := strconv.Itoa(f.count(`SELECT max(id) FROM transfers`))
	if status, _ := f.post(wang, "/transfers", "/transfers/"+id, url.Values{"decision": {"approve"}}); status != http.StatusOK {
		t.Fatalf("approve: %d", status)
	}
	b.open(f.srv.URL + "/people/alice")
	b.mustSee("2026-12-07", "已批准，待生效", "运营组")
	history := b.text("#job-history")
	if !strings.Contains(history, "客服组") || !strings.Contains(history, "标准工时") {
		t.Errorf("job history %q: want the present team and the standard hours to come", history)
	}
	b.screenshot("transfer-person-phone")
}

// A team the org does not have is refused with the reason in the
// reader's language, the form kept as typed and nothing stored; someone
// who is neither the person, their manager nor HR is refused and audited.
func TestTransferFormRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	zhao := f.client("zhao")
	status, body := f.post(zhao, "/people/alice", "/people/alice/transfer", url.Values{
		"effective": {"2026-12-07"}, "team": {"moon"}, "reason": {"试试"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "没有“moon”这个团队。现有团队：cs, ops。") || !strings.Contains(body, `value="试试"`) {
		t.Errorf("unknown team: %d %s", status, body)
	}
	status, body = f.post(zhao, "/people/alice", "/people/alice/transfer", url.Values{
		"effective": {"2026-11-01"}, "job": {"ops"}, "reason": {"x"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "2026-11-01 已经过去") {
		t.Errorf("a day gone by: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM transfers`); n != 0 {
		t.Fatalf("refused transfers stored: %d", n)
	}
	// Alice may ask for her own, not for Sun's.
	alice := f.client("alice")
	if _, page := f.open(alice, "/people/alice"); !strings.Contains(page, `id="transfer-form"`) {
		t.Error("Alice's own page has no transfer form")
	}
	before := f.audited("transfer.request", "denied")
	status, _ = f.post(alice, "/people/alice", "/people/sun/transfer", url.Values{"effective": {"2026-12-07"}, "team": {"ops"}, "reason": {"x"}})
	if status != http.StatusForbidden || f.audited("transfer.request", "denied") != before+1 {
		t.Errorf("Alice asking for Sun's transfer: %d, denials %d → %d", status, before, f.audited("transfer.request", "denied"))
	}
	// Pay is HR's: a manager's form has no pay fields.
	if _, page := f.open(f.client("wang"), "/people/alice"); strings.Contains(page, `name="pay_kind"`) || !strings.Contains(page, `id="transfer-form"`) {
		t.Error("Wang's view of Alice's page: want the form without pay")
	}
}
