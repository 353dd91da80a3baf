package web_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// certificateOrg is the test org in which Gao Yuan, in customer service
// since 1 March 2022, left on 27 November 2026.
var certificateOrg = strings.Replace(testOrg, "{key: gone, name: 离职 Gone, status: left}",
	"{key: gone, name: 高远 Gao Yuan, status: left, job: customer-service, hire_date: 2022-03-01, left_on: 2026-11-27}", 1)

// newCertificateFixture is certificateOrg with Gao Yuan's fixed-term
// contract on record.
func newCertificateFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixtureWith(t, certificateOrg)
	if _, err := f.db.Pool().Exec(context.Background(), `INSERT INTO contracts (org_id, employee_id, kind, start_on, end_on, created_at, updated_at)
		SELECT org_id, id, 'fixed_term', '2025-03-01', '2028-02-29', now(), now() FROM employees WHERE key = 'gone'`); err != nil {
		t.Fatal(err)
	}
	return f
}

// HR (zhao, in Chinese) follows the person page's link to the printable
// certificate: it states the name, the dates, the job and the years of
// service; printed, the page is the letter alone.
func TestCertificatePage(t *testing.T) {
	t.Parallel()
	f := newCertificateFixture(t)
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/people/gone")
	b.click("#certificate-link", "#certificate")
	letter := b.text("#certificate")
	for _, want := range []string{"离职证明", "兹证明高远自2022年3月1日起在鲜果小铺工作", "固定期限，自2025年3月1日至2028年2月29日",
		"担任客服一职", "工作年限为4年8个月", "已于2026年11月27日解除", "特此证明。", "鲜果小铺（盖章）", "日期：2026年11月30日"} {
		if !strings.Contains(letter, want) {
			t.Errorf("the certificate lacks %q:\n%s", want, letter)
		}
	}
	b.mustSee("打印", "下载 PDF")
	b.screenshot("certificate")
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`["header.top", "main > h1", ".noprint", "#certificate"].map(
		s => getComputedStyle(document.querySelector(s)).display).join(" ")`))
	if err != nil {
		t.Fatal(err)
	}
	if hidden != "none none none block" {
		t.Errorf("printed, the menu, title, buttons and letter show as %q; want only the letter", hidden)
	}
	if n := f.audited("leaving.certificate", "ok"); n != 1 {
		t.Errorf("%d issuances audited, want 1", n)
	}
}

// The PDF downloads under a name without the person's; an employee is
// refused it and the page (and audited), and HR is told someone still
// employed has none — their page offers no link.
func TestCertificateDownload(t *testing.T) {
	t.Parallel()
	f := newCertificateFixture(t)
	hr := f.client("zhao")
	resp, err := hr.Get(f.srv.URL + "/people/gone/certificate.pdf")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	id := strconv.Itoa(f.count(`SELECT id FROM employees WHERE key = 'gone'`))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="termination-certificate-`+id+`.pdf"` ||
		resp.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(string(body), "%PDF-") {
		t.Fatalf("PDF: %s %q %q %q %q", resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"),
			resp.Header.Get("Cache-Control"), body[:min(len(body), 8)])
	}
	if n := f.audited("leaving.certificate", "ok"); n != 1 {
		t.Errorf("%d issuances audited, want 1", n)
	}

	alice := f.client("alice")
	for _, path := range []string{"/people/gone/certificate.pdf", "/people/gone/certificate"} {
		resp, err := alice.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || strings.Contains(string(body), "%PDF") || strings.Contains(string(body), "2022") {
			t.Errorf("alice GET %s: %s", path, resp.Status)
		}
	}
	if n := f.audited("people.manage", "denied"); n != 2 {
		t.Errorf("%d refusals audited, want 2", n)
	}

	for path, want := range map[string]string{"/people/sun/certificate": "仍在职", "/people/sun": "孙悦"} {
		resp, err := hr.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), want) || strings.Contains(string(body), `id="certificate-link"`) {
			t.Errorf("GET %s: %s, want %q and no link:\n%s", path, resp.Status, want, body)
		}
	}
	if n := f.audited("leaving.certificate", "ok"); n != 1 {
		t.Errorf("%d issuances audited after the refusals, want still 1", n)
	}
}
