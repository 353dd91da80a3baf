package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/sealed"
)

// HR keeps the signed scan of Carl's contract: it is a sealed document of
// kind contract in Carl's documents, linked to the contract and audited;
// a second scan replaces the link and the first stays in his documents.
// A file that is not a PDF or an image is refused and nothing is kept;
// a manager may not add one (refused, audited); and a document whose
// link fails is not kept either (one transaction).
func TestContractScan(t *testing.T) {
	t.Parallel()
	f := newContractsFixture(t)
	key, err := sealed.NewKey(bytes.Repeat([]byte{5}, 32))
	if err != nil {
		t.Fatal(err)
	}
	f.db.SetSealKey(key)
	ctx := context.Background()
	dir := core.NewDirectory(store.NewDirectory(f.db), f.clock)
	docs := documents.NewService(store.NewDocuments(f.db), nil, dir, f.clock)
	hr, boss := f.member(t, "shop", "hr"), f.member(t, "shop", "boss")
	c, err := f.svc.Create(ctx, hr, "carl", contracts.Terms{Kind: contracts.FixedTerm, Start: cday("2026-02-01"),
		End: cday("2029-01-31"), Signed: cday("2026-02-01")}, "test")
	if err != nil {
		t.Fatal(err)
	}
	scan := []byte("%PDF-1.7 signed by both sides")
	got, err := f.svc.AddScan(ctx, hr, c.ID, "合同扫描件.pdf", scan, docs, "web")
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.Find(ctx, hr, c.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	if v.Contract.Scan.DocumentID == 0 || v.Contract.Scan.DocumentID != got.Scan.DocumentID || !v.Contract.Scan.AddedAt.Equal(got.Scan.AddedAt) || v.Contract.Scan.Name != "合同扫描件.pdf" ||
		v.Contract.Scan.Size != int64(len(scan)) {
		t.Fatalf("scan read back %+v, added %+v", v.Contract.Scan, got.Scan)
	}
	first := got.Scan.DocumentID
	if n := count(t, f.db, `SELECT count(*) FROM documents d JOIN employees e ON e.id = d.employee_id
		WHERE d.id = $1 AND d.kind = 'contract' AND e.key = 'carl' AND d.added_by = $2`, first, hr.Employee.ID); n != 1 {
		t.Error("the scan is not a contract document of Carl's added by HR")
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'contract.scan' AND channel = 'web'`); n != 1 {
		t.Errorf("%d contract.scan audit rows", n)
	}
	_, data, err := docs.Read(ctx, hr, first, "test")
	if err != nil || !bytes.Equal(data, scan) {
		t.Fatalf("read back %q, %v", data, err)
	}

	second, err := f.svc.AddScan(ctx, hr, c.ID, "scan.jpg", []byte("\xFF\xD8\xFF\xE0 photo"), docs, "web")
	if err != nil {
		t.Fatal(err)
	}
	carl, err := store.NewDirectory(f.db).FindEmployee(ctx, hr.Org.ID, "carl")
	if err != nil {
		t.Fatal(err)
	}
	list, err := docs.OfPerson(ctx, hr, carl, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != second.Scan.DocumentID || list[1].ID != first {
		t.Errorf("Carl's documents %+v: want the new scan, then the first", list)
	}

	_, err = f.svc.AddScan(ctx, hr, c.ID, "scan.docx", []byte("PK\x03\x04 word"), docs, "web")
	if errKey(err) != "documents.bad_type" {
		t.Errorf("a Word file: %v, want documents.bad_type", err)
	}
	_, err = f.svc.AddScan(ctx, boss, c.ID, "scan.pdf", scan, docs, "web")
	if core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("the manager: %v, want forbidden", err)
	}
	if _, err := docs.OfPerson(ctx, boss, carl, "web"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("the manager listing Carl's documents: %v, want forbidden", err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND actor_id = $1`, boss.Employee.ID); n != 2 {
		t.Errorf("%d refusals of the manager audited, want 2", n)
	}
	failed := errors.New("link failed")
	_, err = docs.AddFor(ctx, hr, carl, documents.Addition{Kind: documents.KindContract, Name: "x.pdf", Data: scan}, "test",
		func(context.Context, documents.Document) error { return failed })
	if !errors.Is(err, failed) {
		t.Errorf("a failing link: %v", err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM documents WHERE employee_id = $1`, carl.ID); n != 2 {
		t.Errorf("Carl has %d documents, want the 2 scans only", n)
	}
}
