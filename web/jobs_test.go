package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// jobsOrg is testOrg with its jobs declared: customer service described
// (three places, Alice and Sun in two), operations not.
var jobsOrg = strings.Replace(testOrg, "    shifts:\n", `    jobs:
      - key: customer-service
        name: {zh-CN: 客服, en: Customer service}
        aliases: [cs]
        description:
          summary: {zh-CN: 在淘宝、京东、抖音回复顾客。, en: "Answers shoppers on Taobao, JD and Douyin."}
          responsibilities: [{zh-CN: 处理售后, en: Handle after-sales}]
          skills: [customer-service:2, typing:1]
          kpis:
            - {key: punctual, name: {zh-CN: 准时, en: Punctuality}, measure: attendance.late_count, target: 2, weight: 40}
            - {key: team, name: {zh-CN: 协作, en: Teamwork}, measure: judgement, weight: 60}
          pay: {min: 4500, max: 6500, kind: monthly}
          shifts: [cs-early, cs-late]
          headcount: 3
      - {key: ops, name: {zh-CN: 运营, en: Operations}}
    shifts:
`, 1)

// Everyone reads the jobs and a job's description with their skills
// against it; only HR edits one, checked as the org file is, the problem
// shown with its line and nothing stored; the edit is audited.
func TestJobPages(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, jobsOrg)
	alice := f.client("alice") // reads English

	status, page := f.open(alice, "/jobs")
	for _, want := range []string{`href="/jobs/customer-service"`, "Customer service (customer-service)", "your job",
		"2 of 3 places filled (1 open)", "Pay: 4,500–6,500 a month", "Operations (ops)", "1 in the job", "no description yet"} {
		if status != http.StatusOK || !strings.Contains(page, want) {
			t.Errorf("/jobs (%d) lacks %q", status, want)
		}
	}
	status, page = f.open(alice, "/jobs/cs")
	for _, want := range []string{"Answers shoppers on Taobao, JD and Douyin.", "Handle after-sales",
		`<li class="lacking">✗ Customer service level 2 (you: none)</li>`, "You lack 2 of them",
		"Punctuality: late arrivals; target at most 2; weight 40%", "Teamwork: the reviewer&#39;s judgement; weight 60%",
		"Shifts: CS early 09:00–18:00; CS late 14:00–23:00"} {
		if status != http.StatusOK || !strings.Contains(page, want) {
			t.Errorf("/jobs/cs (%d) lacks %q", status, want)
		}
	}
	if strings.Contains(page, "/edit") {
		t.Error("Alice is offered the editor")
	}
	if status, _ := f.open(alice, "/jobs/barista"); status != http.StatusNotFound {
		t.Errorf("an unknown job: %d", status)
	}
	if status, _ := f.open(alice, "/jobs/customer-service/edit"); status != http.StatusForbidden {
		t.Errorf("Alice opens the editor: %d", status)
	}
	if status, _ := f.post(alice, "/jobs", "/jobs/customer-service/edit", url.Values{"description": {"headcount: 9"}}); status != http.StatusForbidden {
		t.Errorf("Alice saves: %d", status)
	}
	if n := f.audited("job.edit", "denied"); n != 2 {
		t.Errorf("%d refusals audited, want 2", n)
	}

	// HR opens the editor from the page: the description in the org
	// file's words.
	zhao := f.client("zhao")
	if _, page := f.open(zhao, "/jobs/customer-service"); !strings.Contains(page, `href="/jobs/customer-service/edit"`) {
		t.Error("Zhao is not offered the editor")
	}
	_, page = f.open(zhao, "/jobs/customer-service/edit")
	if !strings.Contains(page, "pay: {min: 4500, max: 6500, kind: monthly}") || !strings.Contains(page, "headcount: 3") {
		t.Errorf("the editor does not hold the description:\n%s", page)
	}
	bad := "summary: 回复顾客\nkpis:\n  - {key: a, name: A, measure: judgement, weight: 60}\n  - {key: b, name: B, measure: judgement, weight: 30}\n"
	status, page = f.post(zhao, "/jobs/customer-service/edit", "/jobs/customer-service/edit", url.Values{"description": {bad}})
	if status != http.StatusBadRequest || !strings.Contains(page, "customer-service:3: description.kpis: the weights add up to 90") ||
		!strings.Contains(page, "weight: 30}") {
		t.Errorf("weights adding up to 90: %d\n%s", status, page)
	}
	status, page = f.post(zhao, "/jobs/customer-service/edit", "/jobs/customer-service/edit",
		url.Values{"description": {"summary: 回复顾客\nshifts: [cs-late]\nheadcount: 4\n"}})
	if status != http.StatusOK || !strings.Contains(page, "岗位说明已保存。") || !strings.Contains(page, "在岗 2/4 人（缺 2 人）") ||
		strings.Contains(page, "薪资范围") {
		t.Errorf("saved: %d\n%s", status, page)
	}
	if n := f.audited("job.describe", "ok"); n != 1 {
		t.Errorf("%d edits audited, want 1", n)
	}
	// An empty text removes the description.
	if status, page := f.post(zhao, "/jobs/customer-service/edit", "/jobs/customer-service/edit", url.Values{"description": {" \n"}}); status != http.StatusOK ||
		!strings.Contains(page, "还没有岗位说明") {
		t.Errorf("removed: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM org_jobs WHERE description IS NOT NULL`); n != 0 {
		t.Errorf("%d descriptions left", n)
	}
}

// Sun reads her job at phone width: the skills she lacks stand out.
func TestJobPageAtPhoneWidth(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, jobsOrg)
	b := newBrowser(t)
	b.signIn(f.link("sun"))
	b.open(f.srv.URL + "/jobs")
	b.click(`#jobs a[href="/jobs/customer-service"]`, "#job-skills")
	b.mustSee("客服（customer-service）", "你的岗位", "✗ 客服 2 级（你：无）", "薪资范围：月薪 4,500–6,500 元", "在岗 2/3 人（缺 1 人）")
	if got := b.text("#job-kpis"); !strings.Contains(got, "准时：迟到次数；目标 ≤ 2；权重 40%") {
		t.Errorf("KPIs: %q", got)
	}
	b.screenshot("job-phone")
}
