package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core/documents"
)

// A person's documents are listed for their file, and the retention rule's
// erasure drops their bytes and names, keeping that they were there.
func TestDocumentsOfAPersonErased(t *testing.T) {
	t.Parallel()
	f := newDocFixture(t, true)
	ctx := context.Background()
	amy := f.members["amy"]
	note := []byte("%PDF-1.7\nDiagnosis: influenza A. Dr. Zhang\n%%EOF")
	if _, err := f.docs.Add(ctx, amy, documents.Addition{Kind: documents.KindDoctorNote, Name: "张医生病假条.pdf", Data: note}, "test"); err != nil {
		t.Fatal(err)
	}
	list, err := f.store.Of(ctx, amy.Org.ID, amy.Employee.ID)
	if err != nil || len(list) != 1 || list[0].Name != "张医生病假条.pdf" || list[0].Kind != string(documents.KindDoctorNote) || list[0].Size != int64(len(note)) {
		t.Fatalf("amy's documents: %+v, %v", list, err)
	}
	n, err := f.store.Erase(ctx, amy.Org.ID, amy.Employee.ID, time.Now())
	if err != nil || n != 1 {
		t.Fatalf("erased %d, %v; want 1", n, err)
	}
	var contents, named int
	if err := f.db.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM document_contents WHERE org_id = $1),
		(SELECT count(*) FROM documents WHERE org_id = $1 AND name LIKE '%病假条%')`, amy.Org.ID).Scan(&contents, &named); err != nil {
		t.Fatal(err)
	}
	if contents != 0 || named != 0 {
		t.Errorf("after the erasure %d files and %d names are left, want none", contents, named)
	}
	if list, err := f.store.Of(ctx, amy.Org.ID, amy.Employee.ID); err != nil || len(list) != 0 {
		t.Errorf("erased documents still listed: %+v, %v", list, err)
	}
}
