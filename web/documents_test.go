package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/store/sealed"
)

// A document attached to Alice's request: Wang, who approves it, sees its
// link on Today and downloads it; Sun, a colleague, is refused and the
// refusal audited; the download is audited on channel web.
func TestDocumentDownload(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	key, err := sealed.NewKey(bytes.Repeat([]byte{3}, 32))
	if err != nil {
		t.Fatal(err)
	}
	f.db.SetSealKey(key)
	id := f.askLeave("alice", core.Date{Year: 2026, Month: 12, Day: 3})
	note := []byte("%PDF-1.7 certificate of Alice's marriage")
	d, err := f.docs.Add(context.Background(), f.member("alice"),
		documents.Addition{Kind: documents.KindCertificate, Name: "结婚证.pdf", Data: note, LeaveRequestID: id}, "test")
	if err != nil {
		t.Fatal(err)
	}

	wang := f.client("wang")
	_, today := f.get(wang, "/today")
	href := fmt.Sprintf(`href="/documents/%d"`, d.ID)
	if !strings.Contains(today, href) || !strings.Contains(today, "下载证明材料") || !strings.Contains(today, "结婚证.pdf") {
		t.Errorf("Today has no link to the document:\n%s", today)
	}
	resp, err := wang.Get(fmt.Sprintf("%s/documents/%d", f.srv.URL, d.ID))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, note) || resp.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "UTF-8''%E7%BB%93%E5%A9%9A%E8%AF%81.pdf") ||
		resp.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("download: %s %q %v", resp.Status, body, resp.Header)
	}

	resp, err = f.client("sun").Get(fmt.Sprintf("%s/documents/%d", f.srv.URL, d.ID))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || bytes.Contains(body, note) {
		t.Errorf("a colleague's download: %s", resp.Status)
	}
	if n := f.count(`SELECT count(*) FROM audit_log WHERE action = 'document.read' AND outcome = 'ok' AND channel = 'web'`); n != 1 {
		t.Errorf("%d downloads audited", n)
	}
	if n := f.count(`SELECT count(*) FROM audit_log WHERE action = 'document.read' AND outcome = 'denied' AND channel = 'web'`); n != 1 {
		t.Errorf("%d refusals audited", n)
	}
}
