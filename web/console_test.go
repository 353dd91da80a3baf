package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
)

func TestSignInFromAChatLink(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	link := f.link("zhao")
	b := newBrowser(t)
	b.signIn(link)
	if got := b.location(); got != "/today" {
		t.Errorf("HR landed on %s, want /today", got)
	}
	b.mustSee("今日", "人员状态")
	if f.audited("console.sign_in", core.OutcomeOK) != 1 {
		t.Error("the sign-in was not audited")
	}

	// The same link a second time, in another browser: refused, audited,
	// and no session.
	other := newBrowser(t)
	other.open(link)
	other.mustSee("used already")
	if strings.Contains(other.text("body"), "人员状态") {
		t.Error("a used link showed the console")
	}
	if f.audited("console.sign_in", core.OutcomeDenied) != 1 {
		t.Error("the used link's refusal was not audited")
	}
	// A forged one.
	other.open(f.srv.URL + "/signin/forged-token")
	other.mustSee("not valid")
	// An expired one.
	late := f.link("wang")
	f.clock.Add(11 * time.Minute)
	other.open(late)
	other.mustSee("has expired")
}

func TestApproveLeaveOnTheWeb(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.askLeave("alice", core.NewDate(2026, 12, 10))
	manager, hr := newBrowser(t), newBrowser(t)
	manager.signIn(f.link("wang"))
	hr.signIn(f.link("zhao"))
	manager.mustSee("李爱丽", "年假")
	hr.mustSee("李爱丽")
	manager.screenshot("today-phone")

	card := `li.card[data-kind="leave"] button[value="approve"]`
	manager.click(card, "p.notice")
	manager.mustSee("已批准")
	if got := f.count(`SELECT count(*) FROM leave_requests WHERE id = $1 AND status = 'approved'`, id); got != 1 {
		t.Fatal("the request is not approved")
	}
	if !slices.Contains(f.notificationsTo("alice"), "leave.decided") {
		t.Errorf("alice's notifications %v: none tells her of the decision", f.notificationsTo("alice"))
	}
	if f.count(`SELECT count(*) FROM audit_log WHERE action LIKE 'leave.%' AND channel = 'web' AND outcome = 'ok'`) == 0 {
		t.Error("the decision was not audited with channel web")
	}

	// HR's page still shows the request; their click is told who decided first.
	hr.click(card, "p.error")
	if got := hr.text("p.error"); !strings.Contains(got, "王磊") {
		t.Errorf("a stale approval says %q, not who decided first", got)
	}
}

func TestEmployeeAsksForLeaveOnThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := newBrowser(t)
	b.signIn(f.link("alice"))
	if got := b.location(); got != "/me" {
		t.Errorf("an employee landed on %s, want /me", got)
	}
	b.open(f.srv.URL + "/me/leave")
	b.mustSee("Balances", "Annual leave")
	b.set(`input[name="from"]`, "2026-12-14")
	b.set(`input[name="to"]`, "2026-12-15")
	b.set(`input[name="reason"]`, "family visit")
	b.click(`#leave-form button[type="submit"]`, ".preview")
	b.mustSee("2 working day", "It goes to") // the preview chat shows
	b.click(`#leave-form button.ok`, "p.notice")
	b.mustSee("Approve and Reject")
	if f.count(`SELECT count(*) FROM leave_requests r JOIN employees e ON e.id = r.employee_id
		WHERE e.key = 'alice' AND r.status = 'pending'`) != 1 {
		t.Fatal("no pending request after sending it on the page")
	}
	// The manager gets chat's buttons.
	replies := f.renderLatestNotification("wang")
	if !strings.Contains(replies.text, "李爱丽") || !slices.Contains(replies.actions, "leave.approve") {
		t.Errorf("the manager's notification reads %q with buttons %v", replies.text, replies.actions)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := newBrowser(t)
	b.signIn(f.link("alice"))

	// An employee opening an HR page: refused and audited.
	b.open(f.srv.URL + "/today")
	b.mustSee("managers")
	if f.count(`SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = 'denied' AND channel = 'web'`,
		string(core.ActionAttendanceTeam)) != 1 {
		t.Error("the refusal was not audited")
	}
	if nav := b.text("nav"); strings.Contains(nav, "Today") {
		t.Errorf("an employee's menu offers %q", nav)
	}

	// A form without its CSRF token: refused, audited, nothing changed.
	id := f.askLeave("alice", core.NewDate(2026, 12, 11))
	b.open(f.srv.URL + "/me/leave")
	b.eval(`document.querySelectorAll('input[name=csrf]').forEach(i => i.value = 'wrong')`)
	b.click(`ul.cards form button.no`, "p.error")
	b.mustSee("nothing was changed")
	if f.count(`SELECT count(*) FROM leave_requests WHERE id = $1 AND status = 'pending'`, id) != 1 {
		t.Error("a form without its token changed the request")
	}
	if f.audited("console.csrf", core.OutcomeDenied) != 1 {
		t.Error("the missing token was not audited")
	}
}

// TestHeaders checks what every page carries, and that leaving signs out.
func TestHeadersAndLeaving(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	jar := newJar(t)
	client := &http.Client{Jar: jar}
	resp, err := client.Get(f.link("sun"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	// The link page does not sign in by itself (a chat app's preview must not use it up).
	if f.audited("console.sign_in", core.OutcomeOK) != 0 {
		t.Error("fetching a link signed in")
	}
	u, _ := url.Parse(f.link("sun"))
	token := u.Path[len("/signin/"):]
	resp, err = client.PostForm(f.srv.URL+"/signin", url.Values{"token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/me" {
		t.Fatalf("signed in to %s", resp.Request.URL.Path)
	}
	var ck *http.Cookie
	for _, c := range jar.Cookies(resp.Request.URL) {
		ck = c
	}
	if ck == nil {
		t.Fatal("no session cookie")
	}
	// Sun leaves: the session ends at once.
	if _, err := f.db.Pool().Exec(t.Context(), `UPDATE employees SET status = 'left' WHERE key = 'sun'`); err != nil {
		t.Fatal(err)
	}
	resp, err = client.Get(f.srv.URL + "/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("someone who left still gets %d", resp.StatusCode)
	}
	if f.count(`SELECT count(*) FROM web_sessions ws JOIN employees e ON e.id = ws.employee_id WHERE e.key = 'sun'`) != 0 {
		t.Error("the session of someone who left was kept")
	}
}
