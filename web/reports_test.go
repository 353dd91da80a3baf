package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
)

// The leave report of December: its table, its chart as a PNG from the
// page's own route, and its files; an employee may open none of it.
func TestReportPageWithChart(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.askLeave("alice", core.NewDate(2026, 12, 10))
	if _, err := f.leave.Decide(context.Background(), f.member("wang"), id, true, "", "console"); err != nil {
		t.Fatal(err)
	}
	mgr := f.client("wang")
	resp, page := f.get(mgr, "/reports?kind=leave&month=2026-12")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "年假") || !strings.Contains(page, "2026-12") {
		t.Fatalf("leave report page: %s\n%s", resp.Status, page)
	}
	img := regexp.MustCompile(`<img class="chart" src="([^"]+)"`).FindStringSubmatch(page)
	if img == nil {
		t.Fatalf("the report has no chart (is fonts-wqy-microhei installed?):\n%s", page)
	}
	src := strings.ReplaceAll(img[1], "&amp;", "&")
	resp, png := f.get(mgr, src)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(png, "\x89PNG") {
		t.Fatalf("chart %s: %s %q", src, resp.Status, resp.Header.Get("Content-Type"))
	}

	query := strings.TrimPrefix(src, "/reports/chart?")
	resp, csv := f.get(mgr, "/reports/csv?"+query)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(csv, "年假 Annual leave,1,1.0,1,") {
		t.Errorf("report csv: %s %q\n%s", resp.Status, resp.Header.Get("Content-Type"), csv)
	}
	resp, xlsx := f.get(mgr, "/reports/xlsx?"+query)
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") || !bytes.HasPrefix([]byte(xlsx), []byte("PK")) {
		t.Errorf("report xlsx: %s %q", resp.Status, resp.Header.Get("Content-Type"))
	}

	// A period chat would not take is said so, on the page.
	if resp, body := f.get(mgr, "/reports?kind=leave&from=2026-12-01&to=2025-01-01"); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "不是时间段") {
		t.Errorf("a backwards range: %s", resp.Status)
	}
	// A report of nothing to draw has no chart, and says why.
	if _, body := f.get(mgr, "/reports?kind=turnover&preset=last+month"); strings.Contains(body, `class="chart"`) || !strings.Contains(body, `<table`) {
		t.Error("the turnover report of a month nobody left draws a chart, or has no table")
	}

	alice := f.client("alice")
	for _, path := range []string{"/reports?kind=leave&month=2026-12", src, "/reports/csv?" + query} {
		if resp, body := f.get(alice, path); resp.StatusCode != http.StatusForbidden || strings.Contains(body, "Annual leave,1") {
			t.Errorf("an employee opening %s: %s", path, resp.Status)
		}
	}
}

func TestAuditFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.askLeave("alice", core.NewDate(2026, 12, 10)) // leave.request, console
	f.get(f.client("alice"), "/payroll")            // payroll.manage refused, web
	ctx := context.Background()
	org := f.member("zhao").Org.ID
	for i := range 60 {
		if err := f.db.RecordAudit(ctx, core.AuditEntry{OrgID: org, ActorLabel: "system", Action: "test.bulk", EntityType: "thing",
			EntityID: fmt.Sprintf("bulk-%02d", i), Channel: "cli", Outcome: core.OutcomeOK, At: f.clock.Now().Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	hr := f.client("zhao")
	page := func(query string) string {
		t.Helper()
		resp, body := f.get(hr, "/audit?"+query)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/audit?%s: %s", query, resp.Status)
		}
		return body
	}

	if body := page("person=alice"); !strings.Contains(body, "payroll.manage") || !strings.Contains(body, "leave.request") || strings.Contains(body, "test.bulk") {
		t.Error("person=alice is not alice's rows only")
	}
	if body := page("action=payroll"); !strings.Contains(body, "payroll.manage") || strings.Contains(body, "leave.request") {
		t.Error("action=payroll is not payroll's rows only")
	}
	if body := page("channel=web&person=alice"); !strings.Contains(body, "payroll.manage") || strings.Contains(body, "leave.request") {
		t.Error("channel=web is not the web's rows only")
	}
	if body := page("from=2026-12-01"); strings.Contains(body, "<tbody>") {
		t.Error("rows from a day to come")
	}
	if body := page("from=2026-11-30&to=2026-11-30&person=alice"); !strings.Contains(body, "payroll.manage") {
		t.Error("today's rows are not in a range of today")
	}

	// 60 rows: 50 newest first, then the 10 older ones.
	first := page("action=test.bulk")
	if n := strings.Count(first, "thing bulk-"); n != 50 || !strings.Contains(first, "bulk-59") || strings.Contains(first, "bulk-09") {
		t.Fatalf("first page: %d rows", n)
	}
	older := regexp.MustCompile(`href="/audit\?([^"]+)" id="older"`).FindStringSubmatch(first)
	if older == nil {
		t.Fatal("no link to older rows")
	}
	second := page(strings.ReplaceAll(older[1], "&amp;", "&"))
	if n := strings.Count(second, "thing bulk-"); n != 10 || !strings.Contains(second, "bulk-09") || strings.Contains(second, "bulk-10") {
		t.Errorf("second page: %d rows", n)
	}
	if strings.Contains(second, `id="older"`) {
		t.Error("the last page links to older rows")
	}

	// Employees and managers may not read it; the refusal is audited.
	if resp, _ := f.get(f.client("wang"), "/audit"); resp.StatusCode != http.StatusForbidden || f.audited("audit.view", core.OutcomeDenied) != 1 {
		t.Errorf("a manager opening the audit log: %s", resp.Status)
	}
}
