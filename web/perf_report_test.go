package web_test

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// seedPerfCycle publishes October 2026's review of Alice (4.00 calibrated
// to 4.60, band A) and Sun (3.20, band C), both Wang's reports, and leaves
// Sun's November review in an open cycle; Alice worked a late shift and
// covered a Saturday in October.
func seedPerfCycle(t *testing.T, f *fixture) {
	t.Helper()
	for _, sql := range []string{
		`INSERT INTO perf_policies (org_id, bands) SELECT id, '[{"band": "A", "min": "4.5", "coefficient": "1.5"}, {"band": "B", "min": "3.5", "coefficient": "1"}, {"band": "C", "min": "0", "coefficient": "0.5"}]' FROM orgs`,
		`INSERT INTO perf_cycles (org_id, name, kind, scope, period_from, period_to, self_due, manager_due, calibration_due, status, created_by, created_at, published_at)
		 SELECT id, c.name, 'monthly', 'org', c.f, c.t, c.t + 3, c.t + 6, c.t + 9, c.status, 1, c.f, CASE WHEN c.status = 'published' THEN c.t + 10 END
		 FROM orgs, (VALUES ('十月 October', date '2026-10-01', date '2026-10-31', 'published'), ('十一月 November', '2026-11-01', '2026-11-30', 'open')) AS c(name, f, t, status)`,
		`INSERT INTO perf_reviews (org_id, cycle_id, employee_id, manager_id, job, team_id, score, calibrated_score, band, published_at)
		 SELECT e.org_id, c.id, e.id, e.manager_id, e.job, e.team_id, r.score, r.cal, r.band, c.period_to + 10
		 FROM (VALUES ('十月 October', 'alice', 4.00, 4.60::numeric, 'A'), ('十月 October', 'sun', 3.20, NULL, 'C'), ('十一月 November', 'sun', 5.00, NULL, 'A'))
		      AS r(cycle, who, score, cal, band)
		 JOIN employees e ON e.key = r.who JOIN perf_cycles c ON c.name = r.cycle`,
		`INSERT INTO cover_requests (org_id, job, starts_at, ends_at, needed, filled, source, status, created_at)
		 SELECT id, 'customer-service', '2026-10-10 02:00Z', '2026-10-10 06:00Z', 1, 1, 'manual', 'filled', '2026-10-01' FROM orgs`,
		`INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at)
		 SELECT q.id, q.org_id, e.id, e.org_id, q.job, q.starts_at, q.ends_at, q.created_at FROM cover_requests q, employees e WHERE e.key = 'alice'`,
		`INSERT INTO attendance_records (org_id, employee_id, work_date, shift_key, day_kind, planned_start, planned_end, check_in, check_out, worked_minutes, overtime_minutes, overtime_kind)
		 SELECT org_id, id, '2026-10-10', 'cover', 'rest_day', '2026-10-10 02:00Z', '2026-10-10 06:00Z', '2026-10-10 02:00Z', '2026-10-10 06:00Z', 240, 240, 'rest_day'
		 FROM employees WHERE key = 'alice'`,
	} {
		if _, err := f.db.Pool().Exec(context.Background(), sql); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
}

// /perf/report: HR sees the latest published cycle's distribution, trend
// and cover table with charts and files, and the role load of a month;
// the open cycle's review never shows; an employee is refused, audited;
// chat's /报告 绩效 says the same numbers.
func TestPerfReportPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	seedPerfCycle(t, f)
	hr := f.client("zhao")
	resp, page := f.get(hr, "/perf/report?cycle=latest&month=2026-10")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("perf report page: %s\n%s", resp.Status, page)
	}
	for _, want := range []string{"十月 October", "<td>客服组 Customer service</td><td>2</td><td>3.90</td><td>1</td><td>0</td><td>1</td>",
		"<td>4.60</td>", "<td>1</td><td>4.0</td><td>4.60</td>", "id=\"report-roleload\""} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "5.00") {
		t.Error("a review of an open cycle shows")
	}
	charts := regexp.MustCompile(`<img class="chart" src="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(charts) != 5 { // per team, per job, trend, cover; role load
		t.Errorf("%d charts, want 5", len(charts))
	}
	for _, m := range charts {
		src := strings.ReplaceAll(m[1], "&amp;", "&")
		if resp, png := f.get(hr, src); resp.StatusCode != http.StatusOK || !strings.HasPrefix(png, "\x89PNG") {
			t.Errorf("chart %s: %s", src, resp.Status)
		}
	}
	img := regexp.MustCompile(`<img class="chart" src="(/reports/chart\?[^"]*part=2)"`).FindStringSubmatch(page)
	if img == nil {
		t.Fatalf("no chart of cover vs. score (is fonts-wqy-microhei installed?):\n%s", page)
	}
	src := strings.ReplaceAll(img[1], "&amp;", "&")
	if resp, png := f.get(hr, src); resp.StatusCode != http.StatusOK || !strings.HasPrefix(png, "\x89PNG") {
		t.Errorf("chart %s: %s", src, resp.Status)
	}
	query := strings.TrimSuffix(strings.TrimPrefix(src, "/reports/chart?"), "&part=2")
	resp, csv := f.get(hr, "/reports/csv?"+query)
	if resp.StatusCode != http.StatusOK || !strings.Contains(csv, "顶班贡献与最终得分") || !strings.Contains(csv, "李爱丽 Alice Li,1,4.0,4.60") {
		t.Errorf("performance csv: %s\n%s", resp.Status, csv)
	}
	if resp, xlsx := f.get(hr, "/reports/xlsx?"+query); resp.StatusCode != http.StatusOK || !bytes.HasPrefix([]byte(xlsx), []byte("PK")) {
		t.Errorf("performance xlsx: %s", resp.Status)
	}

	// /reports offers it too: the cycles that ended in the month picked.
	if resp, body := f.get(hr, "/reports?kind=performance&month=2026-10"); resp.StatusCode != http.StatusOK ||
		!strings.Contains(body, "<td>3.90</td>") || !strings.Contains(body, "个人趋势") {
		t.Errorf("/reports?kind=performance: %s", resp.Status)
	}
	if resp, body := f.get(hr, "/reports?kind=performance&month=2026-11"); resp.StatusCode != http.StatusOK || strings.Contains(body, "5.00") {
		t.Errorf("/reports?kind=performance of November (only an open cycle): %s", resp.Status)
	}
	if resp, body := f.get(f.client("alice"), "/perf/report"); resp.StatusCode != http.StatusForbidden || strings.Contains(body, "3.90") {
		t.Errorf("an employee opens the performance report: %s", resp.Status)
	}
	if n := f.audited("report.org", "denied"); n < 1 {
		t.Errorf("%d refusals audited", n)
	}

	reply := f.chat("zhao", "/报告 绩效")
	if !strings.Contains(reply, "3.90") || !strings.Contains(reply, "顶班贡献与最终得分") {
		t.Errorf("/报告 绩效:\n%s", reply)
	}
	reply = f.chat("zhao", "/report roleload 2026-10")
	if !strings.Contains(reply, "客服: 人数 2") || !strings.Contains(reply, "获顶班小时 4.0") {
		t.Errorf("/report roleload:\n%s", reply)
	}
}

// HR picks October's cycle and the role load of October on a phone: the
// distribution, the trend, cover beside the score and the role load, no
// wider than the screen.
func TestPerfReportInBrowser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	seedPerfCycle(t, f)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/perf/report")
	b.mustSee("绩效", "个人趋势", "顶班贡献与最终得分", "岗位负荷")
	october := f.count(`SELECT id FROM perf_cycles WHERE status = 'published'`)
	b.set(`select[name="cycle"]`, "#"+strconv.Itoa(october))
	b.set(`input[name="month"]`, "2026-10")
	b.eval(`document.body.dataset.before = "1"`) // the next page has no mark
	b.click(`#perf-report-form button[type="submit"]`, `body:not([data-before])`)
	b.mustSee("十月 October", "3.90", "获顶班小时", "李爱丽 Alice Li")
	if got := b.text("#report-roleload tbody"); !strings.Contains(got, "4.0") {
		t.Errorf("October's role load: %q", got)
	}
	wide, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || wide {
		t.Errorf("the page is wider than the phone (%v)", err)
	}
	b.screenshot("perf-report-phone")
}

// In chat, /报告 → 绩效 offers the latest published cycle first and no
// group view; its 📎 files hold every table, the trend and the cover table
// under the first.
func TestPerfReportButtonsInChat(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	seedPerfCycle(t, f)
	press := func(id, value string) []bot.Reply {
		t.Helper()
		replies, err := f.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:zhao", UserID: "shop/zhao",
			Private: true, Action: &bot.Action{ID: id, Value: value}})
		if err != nil || len(replies) == 0 {
			t.Fatalf("%s %s: %v", id, value, err)
		}
		return replies
	}
	periods := press("report.kind", "performance")[0]
	if len(periods.Buttons) != 2 || periods.Buttons[0][0].Label != "最近公布的一期" || periods.Buttons[0][0].Value != "performance|" {
		t.Errorf("the performance report's buttons: %+v", periods.Buttons)
	}
	shown := press("report.show", "performance|")[0]
	if !strings.Contains(shown.Text, "3.90") || len(shown.Attachments) < 2 {
		t.Errorf("the latest cycle: %d charts\n%s", len(shown.Attachments), shown.Text)
	}
	files := press("report.files", "performance|")[0]
	var csv string
	for _, a := range files.Attachments {
		if strings.HasSuffix(a.Name, ".csv") {
			csv = string(a.Data)
		}
	}
	for _, want := range []string{"客服组 Customer service,2,3.90,1,0,1", "个人趋势（各期最终得分）", "孙悦 Sun Yue,3.20", "李爱丽 Alice Li,1,4.0,4.60"} {
		if !strings.Contains(csv, want) {
			t.Errorf("the csv lacks %q:\n%s", want, csv)
		}
	}
	if len(files.Attachments) != 2 {
		t.Errorf("%d files, want CSV and XLSX", len(files.Attachments))
	}
}
