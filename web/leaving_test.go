package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
)

// The whole of a resignation on the console. Alice, at phone width, finds
// the form's last day at the earliest her 30 days' notice allows; a
// sooner day is refused with that earliest day; she resigns. Wang, her
// manager, sees it waiting on him with the notice she gave and approves
// on an earlier agreed day; Zhao (HR) approves. Once the last day is over
// the last-day pass makes her left: her chat account unlinked, her
// console sessions ended, and her page says so.
func TestResignationOnTheConsole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := newBrowser(t)
	b.signIn(f.link("alice"))
	b.open(f.srv.URL + "/me/resign")
	b.mustSee("Notice of 30 days (3 while in probation, 30 after): your last day can be 2026-12-30 at the earliest.")
	picked, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('#resign-form input[name="last_day"]').value`))
	if err != nil || picked != "2026-12-30" {
		t.Fatalf("the date picker starts at %q (%v), want the earliest day 2026-12-30", picked, err)
	}
	b.set(`#resign-form input[name="last_day"]`, "2026-12-10")
	b.set(`#resign-form input[name="reason"]`, "moving to Chengdu")
	b.click(`#resign-form button[type="submit"]`, ".error")
	b.mustSee("Resigning needs 30 days' notice: the last day can be 2026-12-30 at the earliest.")
	b.screenshot("resign-refused-phone")
	if n := f.count(`SELECT count(*) FROM resignations`); n != 0 {
		t.Fatalf("a short notice stored %d resignations", n)
	}
	b.set(`#resign-form input[name="last_day"]`, "2026-12-30")
	b.click(`#resign-form button[type="submit"]`, ".notice")
	b.mustSee("Your resignation was sent for approval.", "Waiting for Wang Lei (manager).", "Last day: 2026-12-30", "moving to Chengdu")
	b.screenshot("resign-phone")
	id := strconv.Itoa(f.count(`SELECT max(id) FROM resignations`))

	wang := f.client("wang")
	_, page := f.open(wang, "/resignations")
	for _, want := range []string{"李爱丽", "已提前 30 天通知（应提前 30 天）", "等待 王磊 审批（上级）", `value="approve"`, `name="earlier"`} {
		if !strings.Contains(page, want) {
			t.Errorf("Wang's list lacks %q", want)
		}
	}
	if status, _ := f.post(wang, "/resignations", "/resignations/"+id, url.Values{"decision": {"approve"}, "earlier": {"2026-12-18"}}); status != http.StatusOK {
		t.Fatalf("Wang approves: %d", status)
	}
	zhao := f.client("zhao")
	_, page = f.open(zhao, "/resignations")
	if !strings.Contains(page, "等待 赵敏 审批（HR）") || !strings.Contains(page, "最后工作日：2026-12-18") {
		t.Errorf("at HR's step on the agreed day:\n%s", page)
	}
	if status, _ := f.post(zhao, "/resignations", "/resignations/"+id, url.Values{"decision": {"approve"}}); status != http.StatusOK {
		t.Fatalf("Zhao approves: %d", status)
	}
	_, page = f.open(zhao, "/people/alice")
	if !strings.Contains(page, "赵敏 已批准：最后工作日 2026-12-18。") || !strings.Contains(page, `id="leaving-cancel"`) {
		t.Errorf("Alice's page after approval lacks the approval or HR's cancel")
	}

	// The day after the last day, in Shanghai.
	f.clock.Add(time.Date(2026, 12, 18, 16, 30, 0, 0, time.UTC).Sub(f.clock.Now()))
	if n, err := f.leaving.ApplyDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("last-day pass: %d, %v", n, err)
	}
	alice := `(SELECT id FROM employees WHERE key = 'alice')`
	if n := f.count(`SELECT count(*) FROM chat_identities WHERE employee_id = ` + alice); n != 0 {
		t.Errorf("Alice still has %d chat accounts", n)
	}
	if n := f.count(`SELECT count(*) FROM web_sessions WHERE employee_id = ` + alice); n != 0 {
		t.Errorf("Alice still has %d console sessions", n)
	}
	_, page = f.open(f.client("zhao"), "/people/alice")
	for _, want := range []string{"已离职：最后工作日 2026-12-18。", ">已离职<"} {
		if !strings.Contains(page, want) {
			t.Errorf("Alice's page after her last day lacks %q", want)
		}
	}
	if strings.Contains(page, `id="end-form"`) || strings.Contains(page, `id="offboard-form"`) {
		t.Error("Alice's page still offers to end her employment")
	}
}

// Refusals, over HTTP: an employee opening the approvers' list is refused
// and audited; a form without its CSRF token is refused and stores
// nothing; a rejection needs a reason; the second of two approvers is
// told who decided first; an employee withdraws her own while pending.
func TestResignationRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sun := f.client("sun")
	if status, body := f.open(sun, "/resignations"); status != http.StatusForbidden || !strings.Contains(body, "只有经理、HR 或管理员可以查看。") {
		t.Errorf("Sun opening the list: %d", status)
	}
	if n := f.audited(string(core.ActionAttendanceTeam), core.OutcomeDenied); n != 1 {
		t.Errorf("%d refusals audited, want 1", n)
	}
	if _, nav := f.open(sun, "/me/resign"); strings.Contains(nav, `href="/resignations"`) || !strings.Contains(nav, `href="/me/resign"`) {
		t.Error("Sun's menu: want her own resignation, not the approvers' list")
	}

	resp, err := sun.PostForm(f.srv.URL+"/me/resign", url.Values{"last_day": {"2026-12-30"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || f.count(`SELECT count(*) FROM resignations`) != 0 {
		t.Errorf("without a CSRF token: %s", resp.Status)
	}
	if n := f.audited("console.csrf", core.OutcomeDenied); n != 1 {
		t.Errorf("%d CSRF refusals audited", n)
	}

	// Sun is in probation: she owes 3 days, and her approvers see it.
	if _, err := f.cfg.Contracts.Create(context.Background(), f.member("zhao"), "sun", contracts.Terms{Kind: contracts.FixedTerm,
		Start: core.NewDate(2026, 11, 2), End: core.NewDate(2029, 11, 1), ProbationEnd: core.NewDate(2027, 2, 1)}, "test"); err != nil {
		t.Fatal(err)
	}
	if _, page := f.open(sun, "/me/resign"); !strings.Contains(page, "你仍在试用期：通知期 3 天（转正后为 30 天）。最后工作日最早为 2026-12-03。") ||
		!strings.Contains(page, `value="2026-12-03"`) {
		t.Errorf("Sun's notice in probation:\n%s", page)
	}
	if status, _ := f.post(sun, "/me/resign", "/me/resign", url.Values{"last_day": {"2026-12-10"}, "reason": {"study"}}); status != http.StatusOK {
		t.Fatalf("Sun resigns: %d", status)
	}
	id := strconv.Itoa(f.count(`SELECT max(id) FROM resignations`))
	wang, zhao := f.client("wang"), f.client("zhao")
	if _, page := f.open(wang, "/resignations"); !strings.Contains(page, "已提前 10 天通知（应提前 3 天）") || !strings.Contains(page, `<span class="tag">试用期</span>`) {
		t.Errorf("Wang's list does not show Sun's probation and notice")
	}
	status, body := f.post(wang, "/resignations", "/resignations/"+id, url.Values{"decision": {"reject"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "驳回需要填写原因。") {
		t.Errorf("a rejection without a reason: %d", status)
	}
	// HR approves at the manager's step; Wang, pressing after, is told.
	if status, _ := f.post(zhao, "/resignations", "/resignations/"+id, url.Values{"decision": {"approve"}}); status != http.StatusOK {
		t.Fatalf("Zhao approves: %d", status)
	}
	status, body = f.post(wang, "/people/sun", "/resignations/"+id, url.Values{"decision": {"approve"}})
	if status != http.StatusConflict || !strings.Contains(body, "赵敏 已处理过这份离职申请") {
		t.Errorf("the second approval: %d %s", status, body)
	}

	alice := f.client("alice")
	if status, _ := f.post(alice, "/me/resign", "/me/resign", url.Values{"last_day": {"2027-01-04"}}); status != http.StatusOK {
		t.Fatalf("Alice resigns: %d", status)
	}
	mine := strconv.Itoa(f.count(`SELECT max(id) FROM resignations`))
	status, body = f.post(alice, "/me/resign", "/me/resign/"+mine+"/withdraw", nil)
	if status != http.StatusOK || !strings.Contains(body, "Your resignation was withdrawn.") || !strings.Contains(body, `id="resign-form"`) {
		t.Errorf("Alice withdraws: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM resignations WHERE id = $1 AND status = 'cancelled'`, mine); n != 1 {
		t.Error("Alice's resignation is not withdrawn")
	}
}

// HR ends Sun's employment on a day to come from her page: a reason is
// needed (the form kept as typed); with one it is approved at once and
// shows with HR's cancel, which needs a reason too. The form that records
// a departure already over stays, labelled apart.
func TestEndEmploymentOnThePersonPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	zhao := f.client("zhao")
	_, page := f.open(zhao, "/people/sun")
	for _, want := range []string{`id="end-form"`, "解除劳动关系", `id="offboard-form"`, "登记已发生的离职"} {
		if !strings.Contains(page, want) {
			t.Errorf("Sun's page lacks %q", want)
		}
	}
	status, body := f.post(zhao, "/people/sun", "/people/sun/leaving", url.Values{"last_day": {"2026-12-15"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "解除劳动关系需要填写原因。") || !strings.Contains(body, `value="2026-12-15"`) {
		t.Errorf("without a reason: %d", status)
	}
	status, body = f.post(zhao, "/people/sun", "/people/sun/leaving", url.Values{"last_day": {"2026-12-15"}, "reason": {"岗位撤销，协商一致"}})
	if status != http.StatusOK || !strings.Contains(body, "已解除劳动关系") || !strings.Contains(body, "赵敏 已批准：最后工作日 2026-12-15。") {
		t.Errorf("ending: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM resignations WHERE kind = 'dismiss' AND status = 'approved' AND last_day = '2026-12-15'`); n != 1 {
		t.Fatalf("%d approved endings", n)
	}
	id := strconv.Itoa(f.count(`SELECT max(id) FROM resignations`))
	status, body = f.post(zhao, "/people/sun", "/people/sun/leaving/"+id+"/cancel", nil)
	if status != http.StatusBadRequest || !strings.Contains(body, "取消需要填写原因") {
		t.Errorf("cancel without a reason: %d", status)
	}
	status, body = f.post(zhao, "/people/sun", "/people/sun/leaving/"+id+"/cancel", url.Values{"reason": {"岗位保留"}})
	if status != http.StatusOK || !strings.Contains(body, "已由 赵敏 撤回。") || !strings.Contains(body, `id="end-form"`) {
		t.Errorf("cancel: %d", status)
	}
	// Wang sees the section of his report's page, without HR's forms.
	_, page = f.open(f.client("wang"), "/people/sun")
	if !strings.Contains(page, `id="leaving"`) || strings.Contains(page, `id="end-form"`) {
		t.Error("Wang's view of Sun's page: want the section, not HR's form")
	}
	if status, _ := f.post(f.client("wang"), "/people/sun", "/people/sun/leaving", url.Values{"last_day": {"2026-12-15"}, "reason": {"x"}}); status != http.StatusForbidden {
		t.Errorf("Wang ending Sun's employment: %d", status)
	}
}
