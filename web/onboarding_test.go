package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/staff"
)

// onboardingOrg is testOrg with a checklist for customer service, Alice
// the buddy.
var onboardingOrg = strings.Replace(testOrg, "    employees:\n", `    onboarding:
      checklists:
        - job: customer-service
          buddy: alice
          tasks:
            - {title: {zh-CN: 准备工位和电脑, en: Prepare a desk and a laptop}, owner: hr, day: -2}
            - {title: {zh-CN: 介绍团队, en: Introduce the team}, owner: manager, day: 0}
            - {title: {zh-CN: 一起值第一个班, en: Work the first shift together}, owner: buddy, day: 0}
    employees:
`, 1)

// newOnboardingFixture is the console with Neo hired at the staff desk
// (customer service, reporting to Wang, day one Wednesday 2026-12-02)
// and onboarding's pass run.
func newOnboardingFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixtureWith(t, onboardingOrg)
	ctx := context.Background()
	if _, _, err := f.cfg.Staff.Hire(ctx, f.member("zhao"), staff.NewPerson{Key: "neo", Name: "倪奥 Neo", Job: "customer-service",
		Team: "cs", Manager: "wang", HireDate: core.NewDate(2026, 12, 2)}, "web"); err != nil {
		t.Fatal(err)
	}
	if err := f.onboard.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestOnboardingPersonPageTicks: HR opens the new person's page, ticks two
// tasks and saves; the page shows them done, the database and the audit
// log agree.
func TestOnboardingPersonPageTicks(t *testing.T) {
	t.Parallel()
	f := newOnboardingFixture(t)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/people/neo")
	b.mustSee("入职清单", "入职日 2026-12-02 · 带教导师 李爱丽 · 已完成 0/3", "准备工位和电脑", "介绍团队", "2026-11-30 · HR", "2026-12-02 · 王磊")
	b.click(`#onboarding li:nth-child(1) input[type=checkbox]`, "#onboarding-form")
	b.click(`#onboarding li:nth-child(3) input[type=checkbox]`, "#onboarding-form")
	b.click(`#onboarding-form button[type=submit]`, ".notice")
	b.mustSee("清单已保存", "已完成 2/3", "赵敏 于 2026-11-30")
	b.screenshot("onboarding_person")
	if n := f.count(`SELECT count(*) FROM checklist_tasks WHERE done_at IS NOT NULL`); n != 2 {
		t.Errorf("%d tasks done, want 2", n)
	}
	if n := f.audited("onboarding.tick", "ok"); n != 2 {
		t.Errorf("%d ticks audited on the web, want 2", n)
	}
	// Untick one: the same form, its box cleared (from the page afresh,
	// so the notice waited for is the new one).
	b.open(f.srv.URL + "/people/neo")
	b.click(`#onboarding li:nth-child(1) input[type=checkbox]`, "#onboarding-form")
	b.click(`#onboarding-form button[type=submit]`, ".notice")
	b.mustSee("已完成 1/3")
	if n := f.audited("onboarding.untick", "ok"); n != 1 {
		t.Errorf("%d unticks audited, want 1", n)
	}
}

// TestOnboardingListAndRefusals: HR's list shows Neo's progress; an
// employee is refused the list, a manager HR's task, a form without its
// token is refused — each audited.
func TestOnboardingListAndRefusals(t *testing.T) {
	t.Parallel()
	f := newOnboardingFixture(t)
	hr := f.client("zhao")
	status, body := f.open(hr, "/onboarding")
	if status != http.StatusOK || !strings.Contains(body, `data-person="neo"`) || !strings.Contains(body, "0/3") ||
		!strings.Contains(body, "李爱丽") {
		t.Fatalf("HR's onboarding list (%d):\n%s", status, body)
	}
	if status, _ := f.open(f.client("alice"), "/onboarding"); status != http.StatusForbidden {
		t.Errorf("an employee opened the onboarding list: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM audit_log WHERE action = 'people.manage' AND outcome = 'denied'`); n != 1 {
		t.Errorf("%d refusals of the list audited", n)
	}
	var hrTask, wangTask string
	if err := f.db.Pool().QueryRow(context.Background(), `SELECT
		(SELECT id::text FROM checklist_tasks WHERE owner = 'hr'), (SELECT id::text FROM checklist_tasks WHERE owner = 'manager')`).
		Scan(&hrTask, &wangTask); err != nil {
		t.Fatal(err)
	}
	wang := f.client("wang")
	// Wang's page of Neo offers his own task only.
	if _, page := f.open(wang, "/people/neo"); strings.Count(page, `name="task"`) != 1 || !strings.Contains(page, `name="task" value="`+wangTask+`"`) {
		t.Errorf("Wang's tick boxes:\n%s", page)
	}
	status, body = f.post(wang, "/people/neo", "/people/neo/onboarding", url.Values{"task": {hrTask}, "done": {hrTask}})
	if status != http.StatusForbidden || !strings.Contains(body, "只有该任务的负责人或 HR 可以勾选完成") {
		t.Errorf("the manager ticking HR's task: %d\n%s", status, body)
	}
	if n := f.audited("onboarding.tick", "denied"); n != 1 {
		t.Errorf("%d refused ticks audited", n)
	}
	if status, _ := f.post(wang, "/people/neo", "/people/neo/onboarding", url.Values{"task": {wangTask}, "done": {wangTask}}); status != http.StatusOK {
		t.Errorf("the manager ticking his own task: %d", status)
	}
	resp, err := wang.PostForm(f.srv.URL+"/people/neo/onboarding", url.Values{"task": {wangTask}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a form without its CSRF token: %d", resp.StatusCode)
	}
	if n := f.count(`SELECT count(*) FROM checklist_tasks WHERE done_at IS NOT NULL`); n != 1 {
		t.Errorf("%d tasks done, want Wang's only", n)
	}
}
