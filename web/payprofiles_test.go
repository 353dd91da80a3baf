package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/core"
)

// A new shop's pay profiles, on the console only: the first draft leaves
// everyone out for want of one; a file with one bad row is refused with
// its row and column and saves nothing; fixed, it saves everyone's, and
// the month drafted again leaves nobody out.
func TestPayProfilesUploadedOnThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := newBrowser(t)
	hr.signIn(f.link("zhao"))
	hr.open(f.srv.URL + "/payroll")
	hr.mustSee("4 人没有薪资档案", "王磊", "李爱丽", "孙悦", "赵敏")
	hr.set(`#draft-form input[name="period"]`, "2026-10")
	hr.click(`#draft-form button`, "#slips-h") // the run's page: the notice of the page before is visible too
	if got := hr.text("#missing"); !strings.Contains(got, "李爱丽") || !strings.Contains(got, "孙悦") {
		t.Fatalf("the first draft does not name who it leaves out: %q", got)
	}

	dir := t.TempDir()
	write := func(name, data string) string {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return file
	}
	const head = "工号 key,姓名 name,计薪方式 kind,月薪 salary,时薪 hourly_rate,社保基数 social_base\n"
	bad := write("pay.csv", head+"wang,王磊,月薪,9000,,9000\nzhao,赵敏,月薪,8000,,8000\nalice,李爱丽,月薪,abc,,7000\nsun,孙悦,时薪,,30,6500\n")
	hr.open(f.srv.URL + "/payroll")
	hr.run(chromedp.SetUploadFiles(chromedp.CSS(`#profiles-form input[type="file"]`), []string{bad}))
	hr.click(`#profiles-form button[type="submit"]`, "p.error")
	hr.mustSee("没有保存", "1 个问题")
	if row, got := hr.text("#profile-problems tbody td:first-child"), hr.text("#profile-problems tbody"); row != "4" ||
		!strings.Contains(got, "月薪 salary") || !strings.Contains(got, "“abc”") {
		t.Errorf("the problem is not shown by row and column: row %q, %q", row, got)
	}
	if n := f.count(`SELECT count(*) FROM pay_profiles`); n != 0 {
		t.Fatalf("a refused file saved %d profiles", n)
	}

	good := write("pay-fixed.csv", strings.Replace(mustRead(t, bad), "月薪,abc", "月薪,7000", 1))
	hr.run(chromedp.SetUploadFiles(chromedp.CSS(`#profiles-form input[type="file"]`), []string{good}))
	hr.click(`#profiles-form button[type="submit"]`, "p.notice")
	hr.mustSee("薪资档案已保存", "每个人都有薪资档案")
	if n := f.count(`SELECT count(*) FROM pay_profiles`); n != 4 {
		t.Fatalf("%d profiles saved, want 4", n)
	}
	if n := f.audited(core.AuditPayrollProfile, core.OutcomeOK); n != 4 {
		t.Errorf("%d profiles audited with channel web, want 4", n)
	}
	hr.screenshot("payroll-profiles-phone")

	hr.set(`#draft-form input[name="period"]`, "2026-10")
	hr.click(`#draft-form button`, "#slips-h") // the run's page: the notice of the page before is visible too
	hr.mustSee("李爱丽", "7,000.00", "孙悦")
	if main := hr.text("main"); strings.Contains(main, "没有薪资档案") {
		t.Errorf("the draft still names people without a profile:\n%s", main)
	}
	if n := f.count(`SELECT count(*) FROM payroll_lines l JOIN payroll_runs r ON r.id = l.run_id WHERE r.period = '2026-10'`); n != 4 {
		t.Errorf("the redraft pays %d people, want 4", n)
	}
}

func mustRead(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The template has both languages' headers and a row for each person who
// lacks a profile, salary empty; what it says, uploaded back as it is, is
// refused for the missing salaries. A bank account is refused with the
// reason when hrbot has no encryption key; an employee may neither
// download the template nor upload — refused and audited.
func TestPayProfilesTemplateKeyAndRefusal(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := f.client("zhao")
	if _, _, err := f.payroll.ImportProfiles(t.Context(), f.member("zhao"), "p.csv", []byte("key,kind,salary\nwang,monthly,9000\n"), "test"); err != nil {
		t.Fatal(err)
	}
	resp, body := f.get(hr, "/payroll/profiles/template.csv")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "pay-profiles-shop.csv") {
		t.Fatalf("template: %s %q %q", resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(body, "\ufeff")), "\n")
	if !strings.HasPrefix(lines[0], "工号 key,姓名 name,计薪方式 kind,月薪 salary,") || !strings.Contains(lines[0], "银行账号 bank_account") {
		t.Errorf("template header: %q", lines[0])
	}
	if len(lines) != 4 || !strings.HasPrefix(lines[1], "alice,李爱丽 Alice Li,月薪,,") || strings.Contains(body, "wang,") || strings.Contains(body, "gone,") {
		t.Errorf("template rows, want alice, sun and zhao only:\n%s", body)
	}
	status, page := f.postFile(hr, "/me", "/payroll/profiles", "profiles", "template.csv", []byte(body))
	if status != http.StatusBadRequest || strings.Count(page, "月薪制必须填写月薪") != 3 {
		t.Errorf("the template uploaded unfilled: %d\n%s", status, page)
	}

	status, page = f.postFile(hr, "/me", "/payroll/profiles", "profiles", "pay.csv", []byte("key,kind,salary,bank_account\nalice,monthly,7000,6222 0212 3456 7890\n"))
	if status != http.StatusBadRequest || !strings.Contains(page, "HRBOT_ENCRYPTION_KEY") || !strings.Contains(page, `id="profiles-no-key"`) {
		t.Errorf("a bank account without the key: %d\n%s", status, page)
	}
	if n := f.count(`SELECT count(*) FROM pay_profiles`); n != 1 {
		t.Errorf("%d profiles after refused files, want wang's only", n)
	}

	alice := f.client("alice")
	before := f.audited(string(core.ActionPayrollManage), core.OutcomeDenied)
	if status, _ := f.postFile(alice, "/me", "/payroll/profiles", "profiles", "pay.csv", []byte("key,kind,salary\nalice,monthly,99999\n")); status != http.StatusForbidden {
		t.Errorf("alice uploading pay profiles: %d", status)
	}
	if resp, _ := f.get(alice, "/payroll/profiles/template.csv"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("alice downloading the template: %s", resp.Status)
	}
	if got := f.audited(string(core.ActionPayrollManage), core.OutcomeDenied); got != before+2 {
		t.Errorf("%d refusals audited, want 2", got-before)
	}
	if n := f.count(`SELECT count(*) FROM pay_profiles p JOIN employees e ON e.id = p.employee_id WHERE e.key = 'alice'`); n != 0 {
		t.Error("alice saved her own pay profile")
	}
}
