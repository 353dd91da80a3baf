package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// perfOrg is jobsOrg (customer service has KPIs: punctuality on late
// arrivals, teamwork a judgement) with a second manager, Li, and his
// report Zhou, live since September so October's records count.
var perfOrg = strings.Replace(strings.Replace(jobsOrg, "      - {key: gone,", `      - {key: li, name: 李强 Li Qiang, role: manager, job: ops, team: ops}
      - {key: zhou, name: 周杰 Zhou Jie, role: employee, job: ops, team: ops, manager: li}
      - {key: gone,`, 1), "    time_zone: Asia/Shanghai\n", "    time_zone: Asia/Shanghai\n    go_live: 2026-09-01\n", 1)

// perfBands gives the org result bands (the org file's performance
// section, written straight into its table here).
func (f *fixture) perfBands() {
	f.t.Helper()
	_, err := f.db.Pool().Exec(context.Background(), `INSERT INTO perf_policies (org_id, bands, pay_offset)
		SELECT id, '[{"band":"A","min":"4","coefficient":"1.2"},{"band":"B","min":"3","coefficient":"1"},{"band":"C","min":"1","coefficient":"0.5"}]', 1 FROM orgs`)
	if err != nil {
		f.t.Fatal(err)
	}
}

// perfFacts gives Alice October's records her review computes facts
// from: late by 10 minutes on the 14th, a CSAT of 4.8 imported.
func (f *fixture) perfFacts() {
	f.t.Helper()
	for _, sql := range []string{
		`INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, planned_start, planned_end, break_minutes,
		     check_in, check_out, worked_minutes, late_minutes)
		 SELECT org_id, id, '2026-10-14', 'workday', '2026-10-14 01:00+00', '2026-10-14 10:00+00', 60,
		     '2026-10-14 01:10+00', '2026-10-14 10:00+00', 470, 10 FROM employees WHERE key = 'alice'`,
		`INSERT INTO perf_metrics (org_id, employee_id, metric, period_from, period_to, value, imported_by, imported_at)
		 SELECT org_id, id, 'csat', '2026-10-01', '2026-10-31', 4.8, id, now() FROM employees WHERE key = 'alice'`,
	} {
		if _, err := f.db.Pool().Exec(context.Background(), sql); err != nil {
			f.t.Fatal(err)
		}
	}
}

// reviewOf is the id of person's latest review.
func (f *fixture) reviewOf(person string) int {
	f.t.Helper()
	return f.count(`SELECT max(r.id) FROM perf_reviews r JOIN employees e ON e.id = r.employee_id WHERE e.key = $1`, person)
}

// A team's monthly cycle on the web, end to end: HR previews and opens
// it, Alice does her self-review, Wang scores her beside it, HR is told
// who has no score when publishing too soon, adjusts with reasons and
// publishes; Alice sees her result (not HR's reasoning) and appeals.
func TestPerfCycleOnTheWeb(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, perfOrg)
	f.perfBands()
	f.perfFacts()
	b := newBrowser(t)
	cycle := perfOpenOnTheWeb(t, f, b)
	alice := perfSelfOnTheWeb(f, b)
	perfManagerOnTheWeb(f, b)
	perfPublishOnTheWeb(t, f, b, cycle, alice)
	perfSeeResult(t, f, b, alice)
}

// perfOpenOnTheWeb: HR previews a cycle for the customer-service team
// and opens it; it returns the cycle page's path.
func perfOpenOnTheWeb(t *testing.T, f *fixture, b *browser) string {
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/perf")
	b.set("#perf-scope", "team:cs")
	b.click("#perf-preview-button", "#perf-plan")
	b.screenshot("perf-preview")
	b.mustSee("将考核 2 人", "李爱丽", "孙悦", "准时、协作", "2026-10-01 – 2026-10-31", "自评至 2026-12-02")
	b.click("#perf-open button", "#perf-progress")
	b.mustSee("考核已发起", "2026-10 cs", "自评 0/2，经理评分 0/2")
	b.screenshot("perf-cycle-opened")
	if n := f.count(`SELECT count(*) FROM notifications WHERE kind = 'perf.self_open'`); n != 2 {
		t.Errorf("%d told their self-review is open, want 2", n)
	}
	return b.location()
}

// perfSelfOnTheWeb: Alice saves part of her self-review, is told what
// is missing, and sends it; it returns her review's id.
func perfSelfOnTheWeb(f *fixture, b *browser) int {
	alice := f.reviewOf("alice")
	b.signIn(f.link("alice"))
	b.open(f.srv.URL + "/me/reviews")
	b.mustSee("your self-review, until 2026-12-02")
	b.click("#perf-mine a", "#perf-score-form")
	b.mustSee("Late arrivals", "Fact: 1", "csat (imported)", "Punctuality: late arrivals; target at most 2")
	b.set("#score-punctual", "4")
	b.set("#comment-punctual", "Late once, in the snow")
	b.click(`button[value="save"]`, ".notice")
	b.mustSee("Saved. Send when every item is scored.")
	b.click("#perf-send", ".error")
	b.mustSee("“Teamwork” has no score yet")
	b.set("#score-team", "5")
	b.click("#perf-send", ".notice")
	b.mustSee("Your self-review was sent to your manager.", "The self-review was sent.", "Late once, in the snow")
	b.screenshot("perf-self-sent")
	return alice
}

// perfManagerOnTheWeb: Wang scores Alice beside her self-review.
func perfManagerOnTheWeb(f *fixture, b *browser) {
	b.signIn(f.link("wang"))
	b.open(f.srv.URL + "/me/reviews")
	b.click("#perf-to-review a", "#perf-score-form")
	b.mustSee("自评：4", "Late once, in the snow", "自评：5")
	b.screenshot("perf-manager-form")
	b.set("#score-punctual", "4")
	b.set("#score-team", "4")
	b.set(`textarea[name="note"]`, "稳定可靠")
	b.click("#perf-send", ".notice")
	b.mustSee("评分已提交。", "经理评分已提交：4.00。")
}

// perfPublishOnTheWeb: HR publishes too soon and is told who has no
// score, adjusts Alice's and Sun's with reasons, and publishes.
func perfPublishOnTheWeb(t *testing.T, f *fixture, b *browser, cycle string, alice int) {
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + cycle)
	b.mustSee("自评 1/2，经理评分 1/2")
	b.click("#perf-publish button", ".error")
	b.mustSee("未发布：还有 1 份考核没有得分（孙悦）")
	b.eval(`document.querySelectorAll('#perf-adjust details').forEach(d => d.open = true)`)
	b.set(fmt.Sprintf("#adjust-%d input[name=score]", alice), "4.5")
	b.set(fmt.Sprintf("#adjust-%d input[name=reason]", alice), "Covered the Double 11 peak")
	b.click(fmt.Sprintf("#adjust-%d button", alice), ".notice")
	b.mustSee("得分已调整", "Covered the Double 11 peak")
	sun := f.reviewOf("sun")
	b.eval(`document.querySelectorAll('#perf-adjust details').forEach(d => d.open = true)`)
	b.set(fmt.Sprintf("#adjust-%d input[name=score]", sun), "3")
	b.set(fmt.Sprintf("#adjust-%d input[name=reason]", sun), "Manager on leave; HR's judgement")
	// The page already shows a notice: wait for what only the next one has.
	b.click(fmt.Sprintf("#adjust-%d button", sun), "#perf-adjusted li:nth-child(2)")
	b.click("#perf-publish button", "#perf-progress th:nth-child(6)")
	b.mustSee("结果已发布", "A ×1.2", "B ×1")
	b.screenshot("perf-published")
	if n := f.audited("perf.calibrate", "ok"); n != 2 {
		t.Errorf("%d adjustments audited, want 2", n)
	}
}

// perfSeeResult: Alice reads her result, not HR's reasoning, and
// appeals; HR answers.
func perfSeeResult(t *testing.T, f *fixture, b *browser, alice int) {
	b.signIn(f.link("alice"))
	b.open(fmt.Sprintf("%s/perf/reviews/%d", f.srv.URL, alice))
	b.mustSee("Final score", "4.50", "A · coefficient 1.2", "稳定可靠")
	if got := b.text("main"); strings.Contains(got, "Double 11") {
		t.Error("Alice reads HR's calibration reason")
	}
	b.set(`#appeal-form textarea`, "I covered every weekend")
	b.click("#appeal-form button", ".notice")
	b.mustSee("Your appeal was sent to HR.", "I covered every weekend", "HR has not answered yet.")
	b.screenshot("perf-result")

	// HR sees the appeal on /perf and answers it.
	zhao := f.client("zhao")
	if _, page := f.open(zhao, "/perf"); !strings.Contains(page, fmt.Sprintf(`href="/perf/reviews/%d"`, alice)) {
		t.Error("the appeal is not on HR's list")
	}
	page := fmt.Sprintf("/perf/reviews/%d", alice)
	if status, body := f.post(zhao, page, page+"/answer", url.Values{"answer": {"周末代班已计入"}}); status != http.StatusOK ||
		!strings.Contains(body, "周末代班已计入") {
		t.Errorf("answer: %d", status)
	}
	if _, page := f.open(zhao, "/perf"); strings.Contains(page, `id="perf-appeals"`) {
		t.Error("an answered appeal is still on HR's list")
	}
}

// Who may see what: a person never another's review, a manager only his
// team's, an employee no cycle; every refusal audited.
func TestPerfRefusals(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, perfOrg)
	zhao := f.client("zhao")
	if status, body := f.post(zhao, "/perf", "/perf/open", url.Values{"kind": {"monthly"}, "scope": {"team:cs"}}); status != http.StatusOK ||
		!strings.Contains(body, "perf-progress") {
		t.Fatalf("open: %d", status)
	}
	cycle := f.count(`SELECT max(id) FROM perf_cycles`)
	alice, sun := f.reviewOf("alice"), f.reviewOf("sun")

	a := f.client("alice")
	if status, _ := f.open(a, fmt.Sprintf("/perf/reviews/%d", alice)); status != http.StatusOK {
		t.Errorf("Alice opens her own review: %d", status)
	}
	if status, body := f.open(a, fmt.Sprintf("/perf/reviews/%d", sun)); status != http.StatusForbidden || strings.Contains(body, "孙悦") {
		t.Errorf("Alice opens Sun's review: %d", status)
	}
	if n := f.audited("perf.review", "denied"); n != 1 {
		t.Errorf("%d refusals of perf.review audited, want 1", n)
	}
	if status, _ := f.post(a, "/me/reviews", fmt.Sprintf("/perf/reviews/%d/self", sun), url.Values{"score.team": {"1"}, "action": {"send"}}); status != http.StatusForbidden {
		t.Errorf("Alice scores Sun's self-review: %d", status)
	}
	if status, _ := f.open(a, fmt.Sprintf("/perf/cycles/%d", cycle)); status != http.StatusForbidden {
		t.Errorf("Alice opens the cycle: %d", status)
	}
	if status, _ := f.open(a, "/perf"); status != http.StatusForbidden {
		t.Errorf("Alice opens /perf: %d", status)
	}
	if n := f.audited("perf.manage", "denied"); n != 2 {
		t.Errorf("%d refusals of perf.manage audited, want 2", n)
	}

	// Li manages Zhou, not Alice: her review is refused, the cycle shows
	// him none of it.
	li := f.client("li")
	if status, body := f.open(li, fmt.Sprintf("/perf/reviews/%d", alice)); status != http.StatusForbidden || strings.Contains(body, "李爱丽") {
		t.Errorf("Li opens Alice's review: %d", status)
	}
	if n := f.audited("perf.review", "denied"); n != 3 {
		t.Errorf("%d refusals of perf.review audited, want 3", n)
	}
	if status, body := f.open(li, fmt.Sprintf("/perf/cycles/%d", cycle)); status != http.StatusOK || strings.Contains(body, "李爱丽") ||
		strings.Contains(body, "perf-adjust") || !strings.Contains(body, "这里没有你可查看的考核") {
		t.Errorf("Li's view of the cycle: %d\n%s", status, body)
	}
	// Wang, their manager, cannot score Alice before her self-review is
	// in (the page says until when) but sees her progress.
	w := f.client("wang")
	if _, body := f.open(w, fmt.Sprintf("/perf/reviews/%d", alice)); !strings.Contains(body, "自评开放至 2026-12-02") ||
		strings.Contains(body, "perf-score-form") {
		t.Error("Wang is offered the review before the self-review")
	}

}

// Notes: Wang writes one shared and one private and sets a goal; Alice
// reads the shared note and her goal only, Sun's are not hers, Li (not
// her manager) may not read hers; the person page links them.
func TestPerfNotes(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, perfOrg)
	w, a, li, zhao := f.client("wang"), f.client("alice"), f.client("li"), f.client("zhao")
	notes := "/people/alice/notes"
	for _, n := range []url.Values{{"body": {"Great cover on Sunday"}, "shared": {"1"}}, {"body": {"Watch the late arrivals"}}} {
		if status, _ := f.post(w, notes, notes, n); status != http.StatusOK {
			t.Fatalf("Wang's note: %d", status)
		}
	}
	if status, body := f.post(w, notes, "/people/alice/goals", url.Values{"name": {"Reply within 60 s"}, "measure": {"import"},
		"target": {"60"}, "lower": {"1"}, "from": {"2026-12-01"}, "to": {"2026-12-31"}}); status != http.StatusOK ||
		!strings.Contains(body, "Reply within 60 s") {
		t.Errorf("Wang's goal for Alice: %d", status)
	}
	if status, body := f.post(w, notes, notes, url.Values{"body": {" "}}); status != http.StatusBadRequest || !strings.Contains(body, `id="note-form"`) {
		t.Errorf("an empty note: %d", status)
	}
	status, body := f.open(a, notes)
	if status != http.StatusOK || !strings.Contains(body, "Great cover on Sunday") || strings.Contains(body, "Watch the late arrivals") ||
		strings.Contains(body, `id="note-form"`) || !strings.Contains(body, "Reply within 60 s") {
		t.Errorf("Alice's notes page: %d\n%s", status, body)
	}
	if status, _ := f.open(a, "/people/sun/notes"); status != http.StatusForbidden {
		t.Errorf("Alice reads Sun's notes: %d", status)
	}
	if status, _ := f.open(li, notes); status != http.StatusForbidden {
		t.Errorf("Li reads Alice's notes: %d", status)
	}
	if _, body := f.open(zhao, "/people/alice"); !strings.Contains(body, `href="/people/alice/notes"`) {
		t.Error("the person page does not link the notes")
	}
}

// A probation review of one person over http: the manager must choose an
// outcome; nobody scores their own review as a manager; HR cancels a
// cycle, after which nothing takes scores.
func TestPerfProbationAndCancel(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, perfOrg)
	zhao := f.client("zhao")
	if status, body := f.post(zhao, "/perf", "/perf/preview", url.Values{"kind": {"probation"}, "scope": {"team:cs"}}); status != http.StatusBadRequest ||
		!strings.Contains(body, `id="perf-form"`) {
		t.Errorf("a probation review of a team: %d", status)
	}
	if status, body := f.post(zhao, "/perf", "/perf/open", url.Values{"kind": {"probation"}, "scope": {"person:sun"}, "from": {""}, "to": {""}}); status != http.StatusOK ||
		!strings.Contains(body, "probation 2026-11-30 sun") {
		t.Fatalf("open a probation review: %d", status)
	}
	id := f.reviewOf("sun")
	page := fmt.Sprintf("/perf/reviews/%d", id)
	sun := f.client("sun")
	if status, body := f.post(sun, page, page+"/self", url.Values{"score.team": {"4"}, "score.punctual": {"3"}, "action": {"send"}}); status != http.StatusOK ||
		!strings.Contains(body, "你的自评已提交给经理。") {
		t.Fatalf("Sun's self-review: %d", status)
	}
	if status, _ := f.post(sun, page, page+"/manager", url.Values{"score.team": {"5"}, "score.punctual": {"5"}, "action": {"send"}}); status != http.StatusForbidden {
		t.Errorf("Sun scores herself as her manager: %d", status)
	}
	w := f.client("wang")
	if _, body := f.open(w, page); !strings.Contains(body, `id="perf-outcome"`) {
		t.Error("the probation review's form has no outcome")
	}
	form := url.Values{"score.team": {"4"}, "score.punctual": {"4"}, "action": {"send"}}
	if status, body := f.post(w, page, page+"/manager", form); status != http.StatusBadRequest || !strings.Contains(body, `<option value="4" selected>`) {
		t.Errorf("no outcome: %d", status)
	}
	form.Set("outcome", "confirm")
	if status, body := f.post(w, page, page+"/manager", form); status != http.StatusOK || !strings.Contains(body, "经理评分已提交：4.00。") {
		t.Errorf("with an outcome: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM perf_reviews WHERE outcome = 'confirm'`); n != 1 {
		t.Errorf("%d outcomes kept, want 1", n)
	}

	cycle := fmt.Sprintf("/perf/cycles/%d", f.count(`SELECT max(id) FROM perf_cycles`))
	if status, body := f.post(zhao, cycle, cycle+"/cancel", nil); status != http.StatusOK || !strings.Contains(body, "本周期已取消。") ||
		strings.Contains(body, `id="perf-publish"`) {
		t.Errorf("cancel: %d", status)
	}
	adjust := url.Values{"score": {"2"}, "reason": {"too late"}, "cycle": {strings.TrimPrefix(cycle, "/perf/cycles/")}}
	if status, _ := f.post(zhao, cycle, page+"/adjust", adjust); status != http.StatusBadRequest ||
		f.count(`SELECT count(*) FROM perf_reviews WHERE calibrated_score IS NOT NULL`) != 0 {
		t.Errorf("a cancelled cycle's score adjusted: %d", status)
	}
	if _, body := f.open(sun, "/me/reviews"); strings.Contains(body, page) {
		t.Error("a cancelled review is still on Sun's list")
	}
}
