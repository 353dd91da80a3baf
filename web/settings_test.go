package web_test

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
)

func TestExportAndImportTheOrgFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := f.client("zhao")
	// preview posts an org file to the settings preview as a browser's form would.
	preview := func(name string, data []byte) (int, string) {
		return f.postFile(hr, "/settings", "/settings/preview", "orgfile", name, data)
	}
	status, export := f.open(hr, "/settings/export")
	exported := []byte(export)
	if status != http.StatusOK || !bytes.Contains(exported, []byte("李爱丽 Alice Li")) {
		t.Fatalf("export: %d\n%s", status, exported)
	}

	// The export, imported back: nothing to change.
	status, page := preview("shop.yaml", exported)
	if status != http.StatusOK || !strings.Contains(page, "不会带来任何更改") {
		t.Errorf("re-importing the export: %d\n%s", status, page)
	}

	// A renamed team: previewed, then applied.
	renamed := bytes.Replace(exported, []byte("运营组 Operations"), []byte("仓储组 Warehouse"), 1)
	status, page = preview("shop.yaml", renamed)
	if status != http.StatusOK || !strings.Contains(page, "仓储组 Warehouse") || !strings.Contains(page, "应用这些更改") {
		t.Fatalf("preview of a rename: %d\n%s", status, page)
	}
	if f.count(`SELECT count(*) FROM teams WHERE name = '仓储组 Warehouse'`) != 0 {
		t.Fatal("the preview changed the database")
	}
	file := html.UnescapeString(regexp.MustCompile(`name="file" value="([^"]+)"`).FindStringSubmatch(page)[1])
	status, got := f.post(hr, "/settings", "/settings/import", url.Values{"file": {file}, "name": {"shop.yaml"}})
	if !strings.Contains(got, "已导入") {
		t.Errorf("after the import: %d\n%s", status, got)
	}
	if f.count(`SELECT count(*) FROM teams WHERE name = '仓储组 Warehouse'`) != 1 {
		t.Error("the import did not rename the team")
	}
	if f.count(`SELECT count(*) FROM audit_log WHERE channel = 'web' AND entity_type = 'team' AND outcome = 'ok'`) == 0 {
		t.Error("the import was not audited with channel web")
	}

	// A broken file: every problem with its line, nothing changed.
	status, page = preview("broken.yaml", []byte("orgs:\n  - key: shop\n    name: [oops\n"))
	if status != http.StatusBadRequest || !strings.Contains(page, "未做任何更改") || !strings.Contains(page, "broken.yaml") {
		t.Errorf("a broken file: %d\n%s", status, page)
	}

	// An employee may neither export nor import.
	alice := f.client("alice")
	if status, _ := f.open(alice, "/settings/export"); status != http.StatusForbidden {
		t.Errorf("an employee's export: %d", status)
	}
	if f.count(`SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = 'denied'`, string(core.ActionOrgSetup)) == 0 {
		t.Error("the refusal was not audited")
	}
}
