package bot_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/sealed"
)

// newFileHarness is the test org with people's files, sealed with a key
// unless keyless.
func newFileHarness(t *testing.T, keyless bool) *harness {
	t.Helper()
	// testOrg with a leave type, for leave in my data.
	org := strings.Replace(testOrg, "    locale: zh-CN\n", "    locale: zh-CN\n    leave_types:\n      - {key: annual, name: 年假 Annual leave, accrual: fixed, entitlement_days: 5}\n", 1)
	h := newHarnessWith(t, org)
	if !keyless {
		key, err := sealed.NewKey(bytes.Repeat([]byte{9}, 32))
		if err != nil {
			t.Fatal(err)
		}
		h.db.SetSealKey(key)
	}
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	att := attendance.NewService(store.NewAttendance(h.db), dir, h.clock)
	lv := leave.NewService(store.NewLeaves(h.db), att, dir, h.clock)
	files := personfile.NewService(store.NewPersonFiles(h.db), dir, h.clock).WithBalances(lv)
	h.bot = bot.New(bot.Config{Directory: dir, Attendance: att, Leave: lv, Inbox: store.NewOutbox(h.db),
		Conversations: store.NewConversations(h.db), Clock: h.clock, Desks: bot.Desks{Files: files}})
	return h
}

// dm sends text to the bot in person's private chat.
func (h *harness) dm(person, text string) []bot.Reply {
	h.t.Helper()
	return h.dmIn(bot.Incoming{Text: text}, person)
}

func (h *harness) dmIn(in bot.Incoming, person string) []bot.Reply {
	h.t.Helper()
	in.Platform, in.ChatID, in.UserID, in.Private = core.PlatformConsole, "dm:"+person, "shop/"+person, true
	replies, err := h.bot.Handle(context.Background(), in)
	if err != nil {
		h.t.Fatalf("%s: %q: %v", person, in.Text, err)
	}
	return replies
}

func joined(replies []bot.Reply) string {
	var out []string
	for _, r := range replies {
		out = append(out, r.Text)
	}
	return strings.Join(out, "\n")
}

func (h *harness) n(sql string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

// An employee (in English) asks for a correction; HR (in Chinese) gets it
// with buttons, the new phone masked, and approves; the employee is told
// and sees it. Nothing personal reaches the audit log or the notifications.
func TestFileCorrectionApprovedByHR(t *testing.T) {
	t.Parallel()
	h := newFileHarness(t, false)
	got := h.dm("alice", "/myfile")
	mustContain(t, joined(got), "Personal file of Alice Li (alice)", "Phone: —", "/myfile fix phone")
	button(t, got, "pfile.fix.start")

	mustContain(t, joined(h.dm("alice", "/myfile fix phone 139 1234 5678 new number")), "Sent to HR", "Phone")
	mustContain(t, joined(h.dm("alice", "/myfile fix 手机 13912345678")), "already waiting for HR")
	mustContain(t, joined(h.dm("alice", "/myfile fix phone 010-1234567")), "not a phone number I can use")

	note := h.dm("hr", "/whoami")
	mustContain(t, joined(note), "Alice Li（alice）请 HR 更正档案：手机号 → 139****5678（new number）")
	if strings.Contains(joined(note), "13912345678") {
		t.Errorf("the notification shows the new phone in full: %q", joined(note))
	}
	mustContain(t, joined(h.dmIn(bot.Incoming{Action: &bot.Action{ID: "pfile.fix.approve", Value: button(t, note, "pfile.fix.approve").Value}}, "hr")),
		"已批准：Alice Li的手机号已更正")
	mustContain(t, joined(h.dm("alice", "/myfile")), "Helen HR corrected your Phone as you asked.", "Phone: 13912345678")

	// The same button again: decided already, nothing changes.
	mustContain(t, joined(h.dmIn(bot.Incoming{Action: &bot.Action{ID: "pfile.fix.reject", Value: button(t, note, "pfile.fix.reject").Value}}, "hr")),
		"已由 Helen HR 处理")
	for _, action := range []string{"personfile.fix_request", "personfile.fix_decide", "personfile.update"} {
		if h.n(`SELECT count(*) FROM audit_log WHERE action = $1 AND entity_id = 'alice' AND outcome = 'ok'`, action) != 1 {
			t.Errorf("no %s audit row", action)
		}
	}
	if n := h.n(`SELECT count(*) FROM audit_log WHERE concat(before::text, after::text, reason) LIKE '%5678%'`); n != 0 {
		t.Errorf("%d audit rows hold the phone", n)
	}
	if n := h.n(`SELECT count(*) FROM notifications WHERE params::text LIKE '%5678%'`); n != 0 {
		t.Errorf("%d notifications hold the phone", n)
	}
	if n := h.n(`SELECT count(*) FROM person_file_corrections WHERE value <> '' OR sealed_value IS NULL`); n != 0 {
		t.Errorf("a correction of a phone is stored in clear")
	}
}

// HR sees and edits anyone's file in full (each read audited); a manager
// sees their report's with every sensitive field masked; an employee is
// refused someone else's. Bad values are refused, clearly, and nothing is
// stored.
func TestFileForHRManagerAndEmployee(t *testing.T) {
	t.Parallel()
	h := newFileHarness(t, false)
	mustContain(t, joined(h.dm("hr", "/file alice set id 11010119950307123X reason 入职登记")), "已保存：证件类型、证件号码、出生日期、性别。")
	mustContain(t, joined(h.dm("hr", "/file alice set phone 13812345678 reason 入职登记")), "已保存：手机号。")
	mustContain(t, joined(h.dm("hr", "/file alice set address 北京市朝阳区建国路88号 原因 入职登记")), "已保存：住址。")
	mustContain(t, joined(h.dm("hr", "/file alice set phone 13812345678 reason again")), "没有变化")

	full := joined(h.dm("hr", "/file alice"))
	mustContain(t, full, "证件号码：11010119950307123X", "手机号：13812345678", "出生日期：1995-03-07", "性别：男", "住址：北京市朝阳区建国路88号")
	if h.n(`SELECT count(*) FROM audit_log WHERE action = 'personfile.read' AND entity_id = 'alice'`) != 1 {
		t.Error("HR's read of the file is not audited")
	}

	masked := joined(h.dm("boss", "/file alice"))
	mustContain(t, masked, "证件号码：1101**********123X", "手机号：138****5678", "住址：北京市朝阳区****", "敏感信息已脱敏")
	for _, secret := range []string{"11010119950307123X", "13812345678", "建国路"} {
		if strings.Contains(masked, secret) {
			t.Errorf("the manager sees %q: %q", secret, masked)
		}
	}
	if h.n(`SELECT count(*) FROM audit_log WHERE action = 'personfile.read'`) != 1 {
		t.Error("a masked read was audited as a read of sensitive fields")
	}

	refused := joined(h.dm("bob", "/file alice"))
	if strings.Contains(refused, "138") || strings.Contains(refused, "Alice Li") && strings.Contains(refused, "档案") {
		t.Errorf("an employee got someone else's file: %q", refused)
	}
	if h.n(`SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND entity_id = 'alice'`) == 0 {
		t.Error("the refusal is not audited")
	}
	h.dm("bob", "/file alice set phone 13700000000 reason x")
	mustContain(t, joined(h.dm("hr", "/file alice")), "手机号：13812345678")

	// Bad input: clear errors, nothing stored for bob.
	for text, want := range map[string]string{
		"/file bob set birth_date 2030-01-01 reason 入职": "在未来",
		"/file bob set id 110101199503071231 reason 入职": "校验码",
		"/file bob set birth 2012-05-01 reason 入职":      "《劳动法》第十五条",
		"/file bob set phone 13912345678":               "请说明修改原因",
		"/file bob set salary 100 reason x":             "不是档案里的项目",
		"/file bob set id E12345678 reason passport":    "请先说明证件类型",
		"/file bob set emergency_phone 12345 reason 入职": "不是可用的电话号码",
	} {
		mustContain(t, joined(h.dm("hr", text)), want)
	}
	if n := h.n(`SELECT count(*) FROM person_files f JOIN employees e ON e.id = f.employee_id WHERE e.key = 'bob'`); n != 0 {
		t.Errorf("refused values stored a file for bob")
	}

	// Not in a group chat.
	group := h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "group", UserID: "shop/hr", Text: "/file alice"})
	mustContain(t, group, "私聊")
	if strings.Contains(group, "138") {
		t.Errorf("the file was shown in a group: %q", group)
	}
}

// /mydata sends a ZIP with the reader's leave and nobody else's; HR gets
// someone's on request; an employee gets no one else's.
func TestMyDataHoldsTheirOwnOnly(t *testing.T) {
	t.Parallel()
	h := newFileHarness(t, false)
	if _, err := h.db.Pool().Exec(context.Background(), `
		INSERT INTO leave_requests (org_id, employee_id, type_key, from_date, to_date, from_part, to_part, period, minutes, reason, created_at, sent_at)
		SELECT e.org_id, e.id, (SELECT key FROM leave_types t WHERE t.org_id = e.org_id ORDER BY key LIMIT 1), '2026-12-01', '2026-12-01',
		       'full', 'full', tstzrange('2026-12-01 01:00Z', '2026-12-01 10:00Z'), 480, e.key || '-own-reason', now(), now()
		FROM employees e JOIN orgs o ON o.id = e.org_id WHERE o.key = 'shop' AND e.key IN ('alice', 'bob')`); err != nil {
		t.Fatal(err)
	}
	mustContain(t, joined(h.dm("hr", "/file alice set school 北京大学 reason 入职")), "已保存")

	files := unzip(t, h.dm("alice", "/mydata"))
	for _, name := range []string{"README.txt", "data.json", "file.csv", "employee.csv", "leave_requests.csv", "leave_balances.csv",
		"attendance.csv", "cover_given.csv", "quiz_attempts.csv", "payslips.csv", "audit.csv"} {
		if _, ok := files[name]; !ok {
			t.Errorf("the bundle lacks %s", name)
		}
	}
	mustContain(t, files["leave_requests.csv"], "alice-own-reason")
	mustContain(t, files["file.csv"], "school,北京大学")
	mustContain(t, files["README.txt"], "Everything hrbot holds about Alice Li (alice)", "leave_requests.csv")
	for name, body := range files {
		if strings.Contains(body, "bob-own-reason") || strings.Contains(body, "Bob Chen") {
			t.Errorf("%s holds bob's data", name)
		}
	}
	if h.n(`SELECT count(*) FROM audit_log WHERE action = 'personfile.export' AND entity_id = 'alice' AND after->>'by' = 'self'`) != 1 {
		t.Error("the export is not audited")
	}

	theirs := unzip(t, h.dm("hr", "/mydata bob"))
	mustContain(t, theirs["leave_requests.csv"], "bob-own-reason")
	refused := h.dm("bob", "/mydata alice")
	for _, r := range refused {
		if len(r.Attachments) > 0 {
			t.Fatal("an employee got someone else's data")
		}
	}
}

func unzip(t *testing.T, replies []bot.Reply) map[string]string {
	t.Helper()
	for _, r := range replies {
		for _, a := range r.Attachments {
			if a.MIME != "application/zip" {
				continue
			}
			if !a.Sealed {
				t.Error("the my-data bundle is not marked Sealed: it would be written down in the delivery queue")
			}
			z, err := zip.NewReader(bytes.NewReader(a.Data), int64(len(a.Data)))
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]string{}
			for _, f := range z.File {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(rc)
				rc.Close()
				out[f.Name] = string(b)
			}
			return out
		}
	}
	t.Fatalf("no ZIP in %q", joined(replies))
	return nil
}

// Without HRBOT_ENCRYPTION_KEY nothing sensitive is written, and the
// person is told why.
func TestFileWithoutAKey(t *testing.T) {
	t.Parallel()
	h := newFileHarness(t, true)
	mustContain(t, joined(h.dm("alice", "/myfile fix phone 13912345678")), "HRBOT_ENCRYPTION_KEY")
	mustContain(t, joined(h.dm("hr", "/file alice set phone 13912345678 reason 入职")), "HRBOT_ENCRYPTION_KEY", "没有读取或保存任何内容")
	if n := h.n(`SELECT count(*) FROM person_files`) + h.n(`SELECT count(*) FROM person_file_corrections`); n != 0 {
		t.Errorf("%d rows stored without a key", n)
	}
	// Fields that are not sealed are kept without one.
	mustContain(t, joined(h.dm("hr", "/file alice set school 北京大学 reason 入职")), "已保存：毕业院校。")
}
