package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
)

// csatFile is a month of CSAT for the customer-service team, its third
// row naming nobody of the org.
const csatFile = "\ufeff工号,指标,期间,数值\nalice,csat,2026-11,4.8\nnobody,csat,2026-11,4.9\n孙悦,csat,2026-11,4.6\n"

// HR uploads a CSAT file with one bad row on a phone: the preview shows
// the bad row's number and reason and imports nothing; importing lands
// the good rows, and the page lists the import.
func TestPerfImportInTheBrowser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	file := filepath.Join(t.TempDir(), "csat-2026-11.csv")
	if err := os.WriteFile(file, []byte(csatFile), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.signIn(f.link("zhao"))
	b.open(f.srv.URL + "/perf/import")
	b.mustSee("导入业务数据", "还没有导入过数据")
	b.run(chromedp.SetUploadFiles(chromedp.CSS(`#perf-import-form input[type="file"]`), []string{file}))
	b.click(`#perf-import-form button[type="submit"]`, "#problems")
	b.mustSee("本组织没有“nobody”这个人", "可为 2 人导入 2 个数值", "拒绝 1 行")
	if got := b.text("#problems tbody td"); got != "3" {
		t.Errorf("the refused row is %q, want 3", got)
	}
	if n := f.count(`SELECT count(*) FROM perf_metrics`); n != 0 {
		t.Fatalf("the preview stored %d numbers", n)
	}
	b.screenshot("perf-import-preview-phone")
	b.click("#apply-perf-import", "#perf-imports")
	b.mustSee("已为 2 人导入 2 个数值", "csat", "2026-11", "赵敏")
	if n := f.count(`SELECT count(*) FROM perf_metrics WHERE metric = 'csat' AND value IN (4.8, 4.6)`); n != 2 {
		t.Errorf("%d good numbers stored, want 2", n)
	}
	if n := f.audited(perf.AuditImport, core.OutcomeOK); n != 1 {
		t.Errorf("%d imports audited, want 1", n)
	}
}

var sentFile = regexp.MustCompile(`name="file" value="([^"]+)"`)

// Over plain HTTP: the preview, then the import of the file it sends
// back; a file that cannot be read says why; an employee is refused and
// audited.
func TestPerfImportPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := f.client("zhao")
	status, body := f.postFile(hr, "/perf/import", "/perf/import", "metrics", "cs.csv",
		[]byte("person,period,csat,response_time\nalice,2026-Q4,4.7,31\nAlice Li,2026-Q4,4.2,\nsun,2026-Q4,high,40\n"))
	if status != http.StatusOK || !strings.Contains(body, "与第 2 行的人员、指标和考核期相同") ||
		!strings.Contains(body, "“high”不是数字") {
		t.Fatalf("preview: %d\n%s", status, body)
	}
	m := sentFile.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the preview offers no import")
	}
	status, body = f.post(hr, "/perf/import", "/perf/import", url.Values{"apply": {"1"}, "file": {m[1]}, "name": {"cs.csv"}})
	if status != http.StatusOK || !strings.Contains(body, "已为 1 人导入 2 个数值；拒绝 2 行") {
		t.Fatalf("import: %d\n%s", status, body)
	}
	if n := f.count(`SELECT count(*) FROM perf_metrics WHERE period_from = '2026-10-01' AND period_to = '2026-12-31'`); n != 2 {
		t.Errorf("%d numbers of Q4 stored, want 2", n)
	}
	if !strings.Contains(body, "没有考核会读取 csat, response_time") {
		t.Errorf("no notice that no KPI reads the metrics:\n%s", body)
	}
	if _, body := f.open(hr, "/perf/import"); !strings.Contains(body, "csat, response_time") || !strings.Contains(body, "2026-10-01 ~ 2026-12-31") {
		t.Errorf("the page lists no import:\n%s", body)
	}

	status, body = f.postFile(hr, "/perf/import", "/perf/import", "metrics", "cs.pdf", []byte("%PDF"))
	if status != http.StatusBadRequest || !strings.Contains(body, "cs.pdf 不是 .xlsx 或 .csv 文件") {
		t.Errorf("a PDF: %d\n%s", status, body)
	}

	alice := f.client("alice")
	if status, _ := f.open(alice, "/perf/import"); status != http.StatusForbidden {
		t.Errorf("Alice opening the import: %d", status)
	}
	if status, _ := f.postFile(alice, "/me", "/perf/import", "metrics", "cs.csv", []byte(csatFile)); status != http.StatusForbidden {
		t.Errorf("Alice importing: %d", status)
	}
	if n := f.audited(string(perf.ActionImport), core.OutcomeDenied); n != 2 {
		t.Errorf("%d refusals audited, want 2", n)
	}
	if n := f.count(`SELECT count(*) FROM perf_metrics`); n != 2 {
		t.Errorf("%d numbers stored after the refusals, want 2", n)
	}
}
