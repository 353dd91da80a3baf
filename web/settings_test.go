package web_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
)

// upload posts an org file to the settings preview as a browser's form would.
func upload(t *testing.T, f *fixture, c *http.Client, name string, data []byte) (int, string) {
	t.Helper()
	csrf := csrfOf(t, c, f.srv.URL+"/settings")
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("csrf", csrf)
	part, _ := w.CreateFormFile("orgfile", name)
	part.Write(data)
	w.Close()
	resp, err := c.Post(f.srv.URL+"/settings/preview", w.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf reads the CSRF token of a page's forms.
func csrfOf(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	m := csrfField.FindSubmatch(page)
	if m == nil {
		t.Fatalf("%s has no form token (status %d)", url, resp.StatusCode)
	}
	return string(m[1])
}

func TestExportAndImportTheOrgFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hr := f.client("zhao")
	resp, err := hr.Get(f.srv.URL + "/settings/export")
	if err != nil {
		t.Fatal(err)
	}
	exported, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(exported, []byte("李爱丽 Alice Li")) {
		t.Fatalf("export: %d\n%s", resp.StatusCode, exported)
	}

	// The export, imported back: nothing to change.
	status, page := upload(t, f, hr, "shop.yaml", exported)
	if status != http.StatusOK || !strings.Contains(page, "不会带来任何更改") {
		t.Errorf("re-importing the export: %d\n%s", status, page)
	}

	// A renamed team: previewed, then applied.
	renamed := bytes.Replace(exported, []byte("运营组 Operations"), []byte("仓储组 Warehouse"), 1)
	status, page = upload(t, f, hr, "shop.yaml", renamed)
	if status != http.StatusOK || !strings.Contains(page, "仓储组 Warehouse") || !strings.Contains(page, "应用这些更改") {
		t.Fatalf("preview of a rename: %d\n%s", status, page)
	}
	if f.count(`SELECT count(*) FROM teams WHERE name = '仓储组 Warehouse'`) != 0 {
		t.Fatal("the preview changed the database")
	}
	file := html.UnescapeString(regexp.MustCompile(`name="file" value="([^"]+)"`).FindStringSubmatch(page)[1])
	resp, err = hr.PostForm(f.srv.URL+"/settings/import", url.Values{"csrf": {csrfOf(t, hr, f.srv.URL+"/settings")},
		"file": {file}, "name": {"shop.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(got), "已导入") {
		t.Errorf("after the import: %d\n%s", resp.StatusCode, got)
	}
	if f.count(`SELECT count(*) FROM teams WHERE name = '仓储组 Warehouse'`) != 1 {
		t.Error("the import did not rename the team")
	}
	if f.count(`SELECT count(*) FROM audit_log WHERE channel = 'web' AND entity_type = 'team' AND outcome = 'ok'`) == 0 {
		t.Error("the import was not audited with channel web")
	}

	// A broken file: every problem with its line, nothing changed.
	status, page = upload(t, f, hr, "broken.yaml", []byte("orgs:\n  - key: shop\n    name: [oops\n"))
	if status != http.StatusBadRequest || !strings.Contains(page, "未做任何更改") || !strings.Contains(page, "broken.yaml") {
		t.Errorf("a broken file: %d\n%s", status, page)
	}

	// An employee may neither export nor import.
	alice := f.client("alice")
	resp, err = alice.Get(f.srv.URL + "/settings/export")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("an employee's export: %d", resp.StatusCode)
	}
	if f.count(`SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = 'denied'`, string(core.ActionOrgSetup)) == 0 {
		t.Error("the refusal was not audited")
	}
}
