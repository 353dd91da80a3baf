package bot_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leaving/certificate"
	"github.com/hrbot/hrbot/store"
)

// newCertificateHarness is the test org in which Gao Feng left on 31
// October 2026 after five and a half years in finance, on an open-ended
// contract, with /certificate on.
func newCertificateHarness(t *testing.T) *harness {
	t.Helper()
	org := strings.Replace(testOrg, "{key: gone, name: Gone Guy, status: left}",
		"{key: gone, name: 高峰 Gao Feng, status: left, job: finance, hire_date: 2021-03-01, left_on: 2026-10-31}", 1)
	h := newHarnessWith(t, org)
	if _, err := h.db.Pool().Exec(context.Background(), `INSERT INTO contracts (org_id, employee_id, kind, start_on, created_at, updated_at)
		SELECT org_id, id, 'open_ended', '2021-03-01', now(), now() FROM employees WHERE key = 'gone'`); err != nil {
		t.Fatal(err)
	}
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	h.bot = bot.New(bot.Config{Directory: dir, Inbox: store.NewOutbox(h.db), Conversations: store.NewConversations(h.db), Clock: h.clock,
		Desks: bot.Desks{Certificates: certificate.NewService(store.NewCertificates(h.db), dir, h.clock), Letters: chartRenderer(t)}})
	return h
}

// HR's /离职证明 sends the PDF privately, marked sealed so that it is
// never written down on the way; in a group it is refused.
func TestCertificateCommand(t *testing.T) {
	t.Parallel()
	h := newCertificateHarness(t)
	replies := h.dm("hr", "/离职证明 gone")
	if len(replies) != 1 || len(replies[0].Files()) != 1 {
		t.Fatalf("replies: %+v", replies)
	}
	r := replies[0]
	f := r.Files()[0]
	if f.MIME != "application/pdf" || !f.Sealed || !r.Ephemeral || !bytes.HasPrefix(f.Data, []byte("%PDF-")) {
		t.Errorf("file %s %s sealed %v ephemeral %v: %q", f.Name, f.MIME, f.Sealed, r.Ephemeral, f.Data[:min(8, len(f.Data))])
	}
	if !strings.HasPrefix(f.Name, "termination-certificate-") || strings.Contains(f.Name, "gone") {
		t.Errorf("file name %q", f.Name)
	}
	if !strings.Contains(r.Text, "离职证明") || !strings.Contains(r.Text, "公章") {
		t.Errorf("caption: %q", r.Text)
	}
	if n := h.n(`SELECT count(*) FROM audit_log WHERE action = 'leaving.certificate' AND entity_id = 'gone' AND channel = 'console'`); n != 1 {
		t.Errorf("%d issuances audited, want 1", n)
	}

	if got := joined(h.dm("hr", "/certificate bob")); !strings.Contains(got, "仍在职") {
		t.Errorf("someone still employed: %q", got)
	}
	if got := h.dm("alice", "/certificate gone"); len(got) != 1 || len(got[0].Files()) != 0 || !strings.Contains(got[0].Text, "HR") {
		t.Errorf("an employee asking: %+v", got)
	}

	in := bot.Incoming{Platform: core.PlatformConsole, ChatID: "group", UserID: "shop/hr", Text: "/certificate gone"}
	if got, err := h.bot.Handle(context.Background(), in); err != nil || len(got) != 1 || len(got[0].Files()) != 0 ||
		!strings.Contains(got[0].Text, "私聊") {
		t.Errorf("in a group: %+v, %v", got, err)
	}
}

// The certificate is worded in the org's language whoever asks: the
// built-in text with the legal facts and no reason.
func TestCertificateWords(t *testing.T) {
	t.Parallel()
	h := newCertificateHarness(t)
	org := core.Org{Name: "测试商店 Test Shop", DefaultLocale: core.LocaleZH}
	c := certificate.Certificate{Org: org, Locale: core.LocaleZH, LegalName: "高峰", IDType: "resident_id", IDNumber: "11010519491231002X",
		Hired: core.NewDate(2021, 3, 1), LastDay: core.NewDate(2026, 10, 31), Job: core.Job{Key: "finance"},
		Service: certificate.Served(core.NewDate(2021, 3, 1), core.NewDate(2026, 10, 31)), Issued: core.NewDate(2026, 11, 25)}
	c.Contract.Kind, c.Contract.Start = "open_ended", core.NewDate(2021, 3, 1)
	hr := core.Member{Employee: core.Employee{Name: "Helen"}, Org: org}
	l := h.bot.WordsFor(hr, core.LocaleEN).Certificate(c)
	body := strings.Join(l.Paragraphs, "\n")
	for _, want := range []string{"兹证明高峰（居民身份证号码：11010519491231002X）自2021年3月1日起在测试商店工作",
		"劳动合同期限为无固定期限，自2021年3月1日起", "担任财务一职", "工作年限为5年8个月", "已于2026年10月31日解除", "特此证明。"} {
		if !strings.Contains(body, want) {
			t.Errorf("the certificate lacks %q:\n%s", want, body)
		}
	}
	if l.Title != "离职证明" || strings.Join(l.Closing, "|") != "测试商店（盖章）|日期：2026年11月25日" {
		t.Errorf("title %q closing %q", l.Title, l.Closing)
	}

	c.Locale, c.IDNumber, c.Body = core.LocaleEN, "", "{name} worked as {job} from {hire_date} to {last_day} ({years}).\n\nSigned, {org}."
	l = h.bot.WordsFor(hr, core.LocaleZH).Certificate(c)
	if got := strings.Join(l.Paragraphs, "|"); got != "高峰 worked as finance from 1 March 2021 to 31 October 2026 (5 years and 8 months).|Signed, Test Shop.|Hereby certified." {
		t.Errorf("the org's own English text: %q", got)
	}
}
