package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// roster is a staff list for the test shop, in Chinese headers; bad gives
// one row an impossible hire date and an unknown manager.
func roster(bad bool) string {
	date := "2026-11-16"
	manager := "王磊"
	if bad {
		date, manager = "2026-02-30", "不存在的人"
	}
	return "工号,姓名,角色,岗位,部门,直属上级,入职日期,班次\n" +
		"alice,李爱丽 Alice Li,员工,客服,客服组,王磊,,cs-week\n" +
		"zhou,周杰 Zhou Jie,员工,客服,客服组," + manager + "," + date + ",cs-week\n" +
		"wu,吴芳 Wu Fang,员工,财务,财务组,王磊,2026-11-23,\n"
}

func TestImportTheStaffListOnThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "花名册.csv")
	if err := os.WriteFile(file, []byte(roster(true)), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/people/import")
	upload := func() {
		b.run(chromedp.SetUploadFiles(chromedp.CSS(`input[name="roster"]`), []string{file}))
		b.click(`#import-form button[type="submit"]`, "p.error, .preview")
	}
	upload()
	// Refused, with the row and the columns, and nothing saved.
	b.mustSee("2 个问题", "未保存任何内容")
	problems := b.text("#problems")
	for _, want := range []string{"3", "直属上级", "入职日期"} {
		if !strings.Contains(problems, want) {
			t.Errorf("the problems table %q does not name %q", problems, want)
		}
	}
	if n := f.count(`SELECT count(*) FROM employees WHERE key IN ('zhou', 'wu')`); n != 0 {
		t.Fatalf("a refused list saved %d people", n)
	}

	// Fixed and uploaded again: previewed, then saved in one go.
	if err := os.WriteFile(file, []byte(roster(false)), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open(f.srv.URL + "/people/import")
	upload()
	b.mustSee("新增 2 人", "财务组")
	b.click("#apply-import", ".code")
	b.mustSee("已保存", "邀请码")
	if n := f.count(`SELECT count(*) FROM employees WHERE key IN ('zhou', 'wu') AND status = 'active'`); n != 2 {
		t.Fatalf("%d of the 2 new people saved", n)
	}
	if n := f.count(`SELECT count(*) FROM audit_log WHERE action = 'employee.hire' AND channel = 'web'`); n != 2 {
		t.Errorf("%d hires audited with channel web, want 2", n)
	}
	// The new person's invite links their chat account.
	code := b.text("table .code")
	if got := f.chatAs("telegram", "777", "/start "+code); !strings.Contains(got, "周杰") {
		t.Errorf("redeeming the import's first invite: %q", got)
	}
}

func TestHireEditOffboard(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/people/new")
	b.set(`#hire-form input[name="name"]`, "钱多多 Qian Duoduo")
	b.set(`#hire-form select[name="team"]`, "cs")
	b.set(`#hire-form select[name="manager"]`, "wang")
	b.set(`#hire-form input[name="key"]`, "qian")
	b.click(`#hire-form button[type="submit"]`, "#invite-code")
	code := b.text("#invite-code")
	if got := f.chatAs("telegram", "888", "/start "+code); !strings.Contains(got, "钱多多") {
		t.Errorf("redeeming the hire's invite: %q", got)
	}

	hr := f.client("zhao")
	post := func(path string, form url.Values) int {
		status, _ := f.post(hr, "/people/qian", path, form)
		return status
	}
	if st := post("/people/qian", url.Values{"name": {"钱多多 Qian Duoduo"}, "role": {"employee"}, "team": {"ops"}, "manager": {"wang"}}); st != http.StatusOK {
		t.Errorf("edit: %d", st)
	}
	if f.count(`SELECT count(*) FROM employees e JOIN teams t ON t.id = e.team_id WHERE e.key = 'qian' AND t.key = 'ops'`) != 1 {
		t.Error("the edit did not move qian to ops")
	}
	if st := post("/people/qian/offboard", url.Values{"last_day": {"2026-11-30"}}); st != http.StatusOK {
		t.Errorf("offboard: %d", st)
	}
	if got := f.chatAs("telegram", "888", "/whoami"); strings.Contains(got, "钱多多") {
		t.Errorf("someone offboarded still talks to the bot as themselves: %q", got)
	}
	// A bad date is refused in words.
	if status, _ := f.post(hr, "/people/alice", "/people/alice/offboard", url.Values{"last_day": {"2026-13-01"}}); status != http.StatusBadRequest {
		t.Errorf("a bad last day: %d", status)
	}
	// A manager may open a direct report's page, not edit it.
	mgr := f.client("wang")
	if status, _ := f.open(mgr, "/people/alice"); status != http.StatusOK {
		t.Errorf("the manager opening a report's page: %d", status)
	}
	if status, _ := f.open(mgr, "/people"); status != http.StatusForbidden {
		t.Errorf("a manager opening the staff list: %d", status)
	}
}

// TestPersonPage shows what HR sees of someone: their skills with levels,
// balances and month, and the way to their audit trail.
func TestPersonPage(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, strings.Replace(testOrg, `telegram: "111"}`, `telegram: "111", skills: [bookkeeping:3]}`, 1))
	status, page := f.open(f.client("zhao"), "/people/alice")
	if status != http.StatusOK {
		t.Fatalf("/people/alice: %d", status)
	}
	for _, want := range []string{"bookkeeping", "技能", "假期余额", "本月考勤", `href="/audit?person=alice"`} {
		if !strings.Contains(page, want) {
			t.Errorf("alice's page lacks %q", want)
		}
	}
}
