package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/store/sealed"
)

// sealFiles gives the fixture's store an encryption key, and alice a file
// HR filled in chat.
func sealFiles(t *testing.T, f *fixture) {
	t.Helper()
	key, err := sealed.NewKey(bytes.Repeat([]byte{5}, 32))
	if err != nil {
		t.Fatal(err)
	}
	f.db.SetSealKey(key)
	for _, line := range []string{"/file alice set id 11010119950307123X reason 入职登记", "/file alice set phone 13812345678 reason 入职登记",
		"/file alice set address 北京市朝阳区建国路88号 原因 入职登记"} {
		if got := f.chat("zhao", line); !strings.Contains(got, "已保存") {
			t.Fatalf("%s: %q", line, got)
		}
	}
}

// HR sees the file in full on the person page and edits it with a reason;
// a birth date in the future is refused on the page and changes nothing.
func TestPersonPageFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sealFiles(t, f)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/people/alice")
	b.mustSee("个人档案", "11010119950307123X", "13812345678", "北京市朝阳区建国路88号", "居民身份证")

	b.click(`details:has(#file-form) > summary`, "#file-form")
	b.set(`#file-form input[name="phone"]`, "139 1234 5678")
	b.set(`#file-form input[name="reason"]`, "换了手机号")
	b.click(`#file-form button[type="submit"]`, "p.notice")
	b.mustSee("档案已保存", "13912345678")
	if n := f.audited("personfile.update", core.OutcomeOK); n != 1 {
		t.Errorf("%d edits audited on the web, want 1", n)
	}
	if n := f.count(`SELECT count(*) FROM audit_log WHERE action = 'personfile.update' AND channel = 'web' AND reason = '换了手机号'
		AND after->'fields' = '["phone"]'`); n != 1 {
		t.Error("the audit row lacks the reason or the field")
	}

	b.click(`details:has(#file-form) > summary`, "#file-form")
	b.set(`#file-form input[name="birth_date"]`, "2030-01-01")
	b.set(`#file-form input[name="reason"]`, "录入")
	b.click(`#file-form button[type="submit"]`, "p.error")
	b.mustSee("出生日期 2030-01-01 在未来", "未保存任何内容")
	b.screenshot("person-file-refused")
	if n := f.count(`SELECT count(*) FROM person_files WHERE birth_date = '1995-03-07'`); n != 1 {
		t.Error("the refused birth date changed the file")
	}
	if n := f.count(`SELECT count(*) FROM audit_log WHERE action = 'personfile.read' AND channel = 'web' AND entity_id = 'alice'`); n < 2 {
		t.Errorf("HR's reads on the page are not audited (%d)", n)
	}
}

// A manager sees their report's file masked and no edit form; an
// employee is refused someone else's page and its forms, audited.
func TestFileMaskedForManagerRefusedForEmployee(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sealFiles(t, f)
	status, body := f.open(f.client("wang"), "/people/alice")
	if status != http.StatusOK {
		t.Fatalf("manager: %d", status)
	}
	for _, want := range []string{"1101**********123X", "138****5678", "北京市朝阳区****", "敏感信息已脱敏"} {
		if !strings.Contains(body, want) {
			t.Errorf("the manager's page lacks %q", want)
		}
	}
	for _, secret := range []string{"11010119950307123X", "13812345678", "建国路", `id="file-form"`, `id="their-data"`} {
		if strings.Contains(body, secret) {
			t.Errorf("the manager's page shows %q", secret)
		}
	}
	if status, _ := f.post(f.client("wang"), "/me/file", "/people/alice/file", url.Values{"phone": {"13700000000"}, "reason": {"x"}}); status != http.StatusForbidden {
		t.Errorf("a manager edited a file: %d", status)
	}
	sun := f.client("sun")
	if status, body := f.open(sun, "/people/alice"); status != http.StatusForbidden || strings.Contains(body, "138") {
		t.Errorf("an employee opened someone's page: %d", status)
	}
	if status, _ := f.post(sun, "/me/file", "/people/alice/data", nil); status != http.StatusForbidden {
		t.Errorf("an employee downloaded someone's data: %d", status)
	}
	if n := f.audited(string(core.ActionFileManage), core.OutcomeDenied); n != 2 {
		t.Errorf("%d refusals audited, want 2", n)
	}
	if n := f.count(`SELECT count(*) FROM person_files WHERE phone IS NOT NULL`); n != 1 {
		t.Errorf("files: %d", n)
	}
}

// An employee asks for a correction on their page, HR approves it on the
// person page, and the employee downloads their data: their leave, and
// nobody else's.
func TestMyFilePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sealFiles(t, f)
	alice := f.client("alice")
	status, body := f.open(alice, "/me/file")
	if status != http.StatusOK || !strings.Contains(body, "11010119950307123X") || !strings.Contains(body, `id="fix-form"`) {
		t.Fatalf("my file: %d %s", status, body)
	}
	status, body = f.post(alice, "/me/file", "/me/file/fix", url.Values{"field": {"birth_date"}, "value": {"2030-01-01"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "is in the future") {
		t.Errorf("a birth date in the future: %d", status)
	}
	status, body = f.post(alice, "/me/file", "/me/file/fix", url.Values{"field": {"school"}, "value": {"北京大学"}, "reason": {"missing"}})
	if status != http.StatusOK || !strings.Contains(body, "Sent to HR") {
		t.Fatalf("correction: %d", status)
	}
	if n := f.count(`SELECT count(*) FROM person_file_corrections`); n != 1 {
		t.Fatalf("%d corrections stored, want 1", n)
	}
	note := f.renderLatestNotification("zhao")
	if !strings.Contains(note.text, "毕业院校 → 北京大学") || !strings.Contains(strings.Join(note.actions, " "), "pfile.fix.approve") {
		t.Errorf("HR's notification: %+v", note)
	}
	var id int64
	if err := f.db.Pool().QueryRow(t.Context(), `SELECT id FROM person_file_corrections`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	status, body = f.post(f.client("zhao"), "/people/alice", "/people/alice/file/fix/"+strconv.FormatInt(id, 10), url.Values{"decision": {"approve"}})
	if status != http.StatusOK || !strings.Contains(body, "已批准更正") || !strings.Contains(body, "北京大学") {
		t.Errorf("approve: %d", status)
	}

	f.askLeave("alice", core.NewDate(2026, 12, 7))
	f.askLeave("sun", core.NewDate(2026, 12, 8))
	files := f.download(alice, "/me/file", "/me/file/data")
	if !strings.Contains(files["leave_requests.csv"], "2026-12-07") || strings.Contains(files["leave_requests.csv"], "2026-12-08") {
		t.Errorf("alice's leave: %q", files["leave_requests.csv"])
	}
	if !strings.Contains(files["file.csv"], "school,北京大学") || !strings.Contains(files["README.txt"], "Alice Li") {
		t.Errorf("file.csv %q", files["file.csv"])
	}
	for name, body := range files {
		if strings.Contains(body, "孙悦") || strings.Contains(body, "Sun Yue") {
			t.Errorf("%s holds sun's data", name)
		}
	}
	if n := f.audited("personfile.export", core.OutcomeOK); n != 1 {
		t.Errorf("%d exports audited, want 1", n)
	}
}

// download posts a download form and returns the ZIP's files.
func (f *fixture) download(c *http.Client, page, action string) map[string]string {
	f.t.Helper()
	resp, err := c.PostForm(f.srv.URL+action, url.Values{"csrf": {f.csrf(c, page)}})
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("Content-Type") != "application/zip" || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		f.t.Fatalf("%s: %s %v", action, resp.Status, resp.Header)
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]string{}
	for _, zf := range z.File {
		rc, err := zf.Open()
		if err != nil {
			f.t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[zf.Name] = string(b)
	}
	return out
}
