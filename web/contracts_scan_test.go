package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/store/sealed"
)

// HR uploads the signed scan of Alice's contract on the contract's page:
// a Word file is refused with the reason and nothing kept; a PDF is kept
// in her documents, linked to the contract and downloadable from it. Her
// page lists her documents with downloads for HR and for her; Wang, her
// manager, sees her page without them and is not refused for it.
func TestContractScanAndPersonDocuments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	key, err := sealed.NewKey(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	f.db.SetSealKey(key)
	k, err := f.cfg.Contracts.Create(context.Background(), f.member("zhao"), "alice", contracts.Terms{Kind: contracts.FixedTerm,
		Start: core.NewDate(2026, 11, 1), End: core.NewDate(2029, 10, 31), Signed: core.NewDate(2026, 11, 1)}, "test")
	if err != nil {
		t.Fatal(err)
	}
	page := "/contracts/" + strconv.FormatInt(k.ID, 10)
	zhao := f.client("zhao")
	if _, body := f.open(zhao, page); !strings.Contains(body, "尚未保存签署扫描件。") || !strings.Contains(body, `id="scan-form"`) {
		t.Fatalf("the contract page has no scan section")
	}
	status, body := f.postFile(zhao, page, page+"/scan", "scan", "contract.docx", []byte("PK\x03\x04 a Word file"))
	if status != http.StatusBadRequest || !strings.Contains(body, "我只接收照片（JPEG、PNG、HEIC）和 PDF 文件") || f.count(`SELECT count(*) FROM documents`) != 0 {
		t.Fatalf("a Word file: %d, %d documents kept", status, f.count(`SELECT count(*) FROM documents`))
	}
	scan := []byte("%PDF-1.7 signed by Alice and Fresh Fruit")
	status, body = f.postFile(zhao, page, page+"/scan", "scan", "劳动合同.pdf", scan)
	if status != http.StatusOK || !strings.Contains(body, "签署扫描件已保存。") || !strings.Contains(body, "劳动合同.pdf") {
		t.Fatalf("the scan: %d %s", status, body)
	}
	docID := f.count(`SELECT document_id FROM contracts WHERE id = $1`, k.ID)
	if !strings.Contains(body, fmt.Sprintf(`href="/documents/%d"`, docID)) {
		t.Errorf("the contract page does not link the scan %d", docID)
	}
	if n := f.count(`SELECT count(*) FROM documents WHERE id = $1 AND kind = 'contract' AND channel = 'web'`, docID); n != 1 {
		t.Errorf("the scan is not a contract document added on the web")
	}
	resp, err := zhao.Get(fmt.Sprintf("%s/documents/%d", f.srv.URL, docID))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, scan) || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("download: %s %q", resp.Status, got)
	}

	link := fmt.Sprintf(`href="/documents/%d"`, docID)
	for _, who := range []string{"zhao", "alice"} {
		if _, body := f.open(f.client(who), "/people/alice"); !strings.Contains(body, `id="document-list"`) || !strings.Contains(body, link) {
			t.Errorf("%s does not see Alice's documents on her page", who)
		}
	}
	before := f.audited("document.read", "denied")
	if status, body := f.open(f.client("wang"), "/people/alice"); status != http.StatusOK || strings.Contains(body, `id="documents"`) {
		t.Errorf("Wang's view of Alice's page: %d, documents shown: %v", status, strings.Contains(body, `id="documents"`))
	}
	if after := f.audited("document.read", "denied"); after != before {
		t.Errorf("Wang opening Alice's page audited %d refusals of her documents", after-before)
	}
	// Only HR uploads a scan: Alice may not, for her own contract either.
	if status, _ := f.postFile(f.client("alice"), "/me/resign", page+"/scan", "scan", "x.pdf", scan); status != http.StatusForbidden {
		t.Errorf("Alice uploading a scan: %d", status)
	}
}
