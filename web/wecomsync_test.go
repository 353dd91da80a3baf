package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/adapters/wecom/wecomsync"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/web"
)

// newWeComSyncFixture is the console with the WeCom sync over a fake
// WeCom whose directory has testOrg's Wang and Alice in two departments
// and a newcomer, Zhou Qi.
func newWeComSyncFixture(t *testing.T) (*fixture, *wecomfake.Server) {
	t.Helper()
	f := newFixture(t)
	fake := wecomfake.New(t, wecomfake.TestApp())
	fake.SetDirectory([]wecomfake.Department{{ID: 1, Name: "鲜果小铺"}, {ID: 2, Name: "客服部", ParentID: 1}}, wecomMembers(false))
	api := wecom.NewAPI(fake.URL, fake.App.CorpID, fake.App.Secret, nil)
	api.ShareTokens(store.NewTokens(f.db))
	sync, err := wecomsync.New(wecomsync.Config{Source: api, Staff: f.cfg.Staff, Accounts: store.NewDirectory(f.db),
		Attendance: f.cfg.Attendance, Members: store.NewDirectory(f.db), Auth: f.dir, Jobs: store.NewWeComDaily(f.db), Clock: f.clock})
	if err != nil {
		t.Fatal(err)
	}
	console, err := web.New(f.consoleConfig(func(c *web.Config) {
		c.WeComSync, c.WeComDaily = sync, dirsync.NewService(store.NewWeComDaily(f.db), f.dir, f.clock)
	}))
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Config.Handler = console
	return f, fake
}

// wecomMembers is the fake's directory; with sun, Sun Yue joins it too.
func wecomMembers(sun bool) []wecomfake.Member {
	ms := []wecomfake.Member{
		{UserID: "wang", Name: "王磊 Wang Lei", Departments: []int64{1}, IsLeaderInDept: []int{1}, MainDepartment: 1, Status: 1},
		{UserID: "alice", Name: "李爱丽 Alice Li", Departments: []int64{2}, MainDepartment: 2, Status: 1},
		{UserID: "ZhouQi", Name: "周琪", Departments: []int64{2}, MainDepartment: 2, Status: 1},
	}
	if sun {
		ms = append(ms, wecomfake.Member{UserID: "sun", Name: "孙悦 Sun Yue", Departments: []int64{2}, MainDepartment: 2, Status: 1})
	}
	return ms
}

// TestWeComSyncPage: HR opens the WeCom sync from the People page on a
// phone, previews the directory (two new teams, a newcomer, two people
// moved, the people WeCom lacks) and applies it; the newcomer is linked
// to their WeCom account.
func TestWeComSyncPage(t *testing.T) {
	t.Parallel()
	f, fake := newWeComSyncFixture(t)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/people")
	b.click(`a[href="/people/wecom"]`, "#daily-form")
	b.mustSee("每日同步", "每日同步未开启。")
	b.click("#preview", "#sync-summary")
	b.mustSee("2 个部门，3 名成员", "新建 1 人，修改 2 人", "新部门：鲜果小铺、客服部", "孙悦 (sun)", "赵敏 (zhao)")
	if got := b.text("#creates"); !strings.Contains(got, "周琪") || !strings.Contains(got, "客服部") || !strings.Contains(got, "王磊") {
		t.Errorf("people to create: %q", got)
	}
	if got := b.text("#changes"); !strings.Contains(got, "李爱丽") || !strings.Contains(got, "客服组 → 客服部") ||
		!strings.Contains(got, "运营组 → 鲜果小铺") {
		t.Errorf("changes: %q", got)
	}
	if n := f.count(`SELECT count(*) FROM employees WHERE key = 'zhouqi'`); n != 0 {
		t.Fatal("a preview created someone")
	}
	b.screenshot("wecomsync-preview-phone")
	// The applied page has no Apply button; the preview's #sync-summary
	// is there before it too, so waiting for that alone raced the load.
	b.run(chromedp.Click(chromedp.CSS("#apply")), chromedp.WaitNotPresent(chromedp.CSS("#apply")),
		chromedp.WaitVisible(chromedp.CSS("#sync-summary")))
	b.mustSee("已应用：新建 1 人，修改 2 人，新部门 2 个。")
	if n := f.count(`SELECT count(*) FROM employees e JOIN chat_identities ci ON ci.employee_id = e.id
		WHERE e.key = 'zhouqi' AND ci.platform = 'wecom' AND ci.external_id = 'ZhouQi' AND ci.linked_via = 'directory'`); n != 1 {
		t.Error("the newcomer was not created and linked to WeCom")
	}
	if n := f.count(`SELECT count(*) FROM employees e JOIN teams t ON t.id = e.team_id WHERE e.key = 'alice' AND t.key = 'wecom-2'`); n != 1 {
		t.Error("Alice was not moved to her WeCom department")
	}
	if n := f.count(`SELECT count(*) FROM audit_log WHERE channel = 'web' AND action = 'employee.hire' AND entity_id = 'zhouqi'`); n != 1 {
		t.Errorf("%d hires of the newcomer audited, want 1", n)
	}
	if n := len(fake.Calls("/cgi-bin/department/list")); n != 2 {
		t.Errorf("the directory was read %d times, want twice (preview, apply)", n)
	}
}

var digestField = regexp.MustCompile(`name="digest" value="([0-9a-f]+)"`)

// TestWeComSyncApplyAsPreviewed: a preview applied after the directory
// changed applies nothing and shows the new preview; that one applies.
func TestWeComSyncApplyAsPreviewed(t *testing.T) {
	t.Parallel()
	f, fake := newWeComSyncFixture(t)
	c := f.client("zhao")
	status, body := f.open(c, "/people/wecom/preview")
	m := digestField.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("preview: %d, no digest", status)
	}
	fake.SetDirectory([]wecomfake.Department{{ID: 1, Name: "鲜果小铺"}, {ID: 2, Name: "客服部", ParentID: 1}}, wecomMembers(true))
	status, body = f.post(c, "/people/wecom", "/people/wecom/apply", url.Values{"digest": {m[1]}})
	if status != http.StatusConflict || !strings.Contains(body, "未应用任何改动") || !strings.Contains(body, "修改 3 人") {
		t.Fatalf("applying a preview of a directory since changed: %d %s", status, body)
	}
	if n := f.count(`SELECT count(*) FROM employees WHERE key = 'zhouqi'`); n != 0 {
		t.Fatal("a preview of a directory since changed was applied")
	}
	again := digestField.FindStringSubmatch(body)
	if again == nil || again[1] == m[1] {
		t.Fatalf("the new preview offers no new digest: %v", again)
	}
	status, body = f.post(c, "/people/wecom", "/people/wecom/apply", url.Values{"digest": {again[1]}})
	if status != http.StatusOK || !strings.Contains(body, "已应用：新建 1 人，修改 3 人") {
		t.Fatalf("applying the new preview: %d %s", status, body)
	}

	// Check-ins of the month so far: Alice (linked by the sync) punched
	// in WeCom, and went out once (a field punch, skipped).
	day := func(d, hh, mm int) int64 {
		return time.Date(2026, 11, d, hh, mm, 0, 0, time.FixedZone("CST", 8*3600)).Unix()
	}
	fake.SetPunches([]wecomfake.Punch{
		{UserID: "alice", CheckinType: "上班打卡", CheckinTime: day(27, 8, 58)},
		{UserID: "alice", CheckinType: "下班打卡", CheckinTime: day(27, 18, 2)},
		{UserID: "alice", CheckinType: "外出打卡", CheckinTime: day(27, 12, 0)},
	})
	if status, body := f.open(c, "/people/wecom"); status != http.StatusOK || !strings.Contains(body, `name="from" value="2026-11-01"`) ||
		!strings.Contains(body, `name="to" value="2026-11-30"`) {
		t.Errorf("the check-in form does not offer this month so far: %d", status)
	}
	form := url.Values{"from": {"2026-11-01"}, "to": {"2026-11-30"}}
	status, body = f.post(c, "/people/wecom", "/people/wecom/checkins", form)
	if status != http.StatusOK || !strings.Contains(body, "导入 2 条，已存在 0 条") || !strings.Contains(body, "外出或未打卡 1 条") {
		t.Fatalf("import check-ins: %d %s", status, body)
	}
	if status, body = f.post(c, "/people/wecom", "/people/wecom/checkins", form); !strings.Contains(body, "导入 0 条，已存在 2 条") {
		t.Errorf("a second import: %d %s", status, body)
	}
	if n := f.count(`SELECT count(*) FROM attendance_records r JOIN employees e ON e.id = r.employee_id
		WHERE e.key = 'alice' AND r.work_date = '2026-11-27' AND r.check_in IS NOT NULL AND r.check_out IS NOT NULL`); n != 1 {
		t.Error("Alice's WeCom day is not in her attendance")
	}
}

// TestWeComSyncSwitches: HR switches the daily sync on (audited, told
// who did it) and off; an employee may not open the page or switch it,
// and is refused and audited without WeCom being asked; a form without
// the CSRF token is refused.
func TestWeComSyncSwitches(t *testing.T) {
	t.Parallel()
	f, fake := newWeComSyncFixture(t)
	hr := f.client("zhao")
	status, body := f.post(hr, "/people/wecom", "/people/wecom/daily", url.Values{"directory": {"1"}})
	if status != http.StatusOK || !strings.Contains(body, "已保存每日同步设置。") || !strings.Contains(body, "由 赵敏 于") ||
		!regexp.MustCompile(`name="directory" value="1" checked`).MatchString(body) || strings.Contains(body, `name="checkins" value="1" checked`) {
		t.Fatalf("switching the directory on: %d %s", status, body)
	}
	if n := f.count(`SELECT count(*) FROM wecom_daily d JOIN employees e ON e.id = d.switched_by
		WHERE e.key = 'zhao' AND d.directory_daily AND NOT d.checkins_daily`); n != 1 {
		t.Error("the switches were not kept with who set them")
	}
	if n := f.audited(dirsync.AuditDaily, core.OutcomeOK); n != 1 {
		t.Errorf("%d switches audited, want 1", n)
	}

	emp := f.client("alice")
	refusedBefore := f.audited(string(core.ActionPeopleManage), core.OutcomeDenied)
	for _, path := range []string{"/people/wecom", "/people/wecom/preview"} {
		if status, _ := f.open(emp, path); status != http.StatusForbidden {
			t.Errorf("an employee opened %s: %d", path, status)
		}
	}
	form := url.Values{"csrf": {f.csrf(emp, "/me")}, "directory": {"0"}}
	for _, action := range []string{"/people/wecom/daily", "/people/wecom/apply", "/people/wecom/checkins"} {
		resp, err := emp.PostForm(f.srv.URL+action, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("an employee posted %s: %s", action, resp.Status)
		}
	}
	if n := f.audited(string(core.ActionPeopleManage), core.OutcomeDenied) - refusedBefore; n != 5 {
		t.Errorf("%d refusals audited, want 5", n)
	}
	if n := len(fake.Calls("")); n != 0 {
		t.Errorf("WeCom was asked %d times for an employee", n)
	}

	resp, err := hr.PostForm(f.srv.URL+"/people/wecom/daily", url.Values{"directory": {"0"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a form without its CSRF token: %s", resp.Status)
	}
	if status, body := f.post(hr, "/people/wecom", "/people/wecom/daily", nil); status != http.StatusOK || !strings.Contains(body, "每日同步未开启。") {
		t.Errorf("switching it off: %d %s", status, body)
	}
}

// TestWeComSyncProblemsAndOutage: a directory with a problem is shown by
// row with nothing to apply; WeCom refusing is said as such (502), not
// as hrbot's own failure.
func TestWeComSyncProblemsAndOutage(t *testing.T) {
	t.Parallel()
	f, fake := newWeComSyncFixture(t)
	members := wecomMembers(false)
	members[2].Email = "zhou qi@shop"
	fake.SetDirectory([]wecomfake.Department{{ID: 1, Name: "鲜果小铺"}, {ID: 2, Name: "客服部", ParentID: 1}}, members)
	c := f.client("zhao")
	status, body := f.open(c, "/people/wecom/preview")
	if status != http.StatusOK || !strings.Contains(body, `id="problems"`) || !strings.Contains(body, "<td>4</td><td>email</td>") ||
		!strings.Contains(body, "通讯录有 1 个问题，无法应用。") || digestField.MatchString(body) {
		t.Errorf("a directory with a problem: %d %s", status, body)
	}
	fake.Fail("/cgi-bin/department/list", 60020) // not from a trusted IP
	status, body = f.open(c, "/people/wecom/preview")
	if status != http.StatusBadGateway || !strings.Contains(body, "无法访问企业微信") || !strings.Contains(body, `id="daily-form"`) {
		t.Errorf("WeCom refusing: %d %s", status, body)
	}
}
