package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/sealed"
)

// docFixture is the shop with a key, the documents service over the real
// store, and members to act as.
type docFixture struct {
	*shopFixture
	docs    *documents.Service
	store   store.Documents
	members map[string]core.Member
}

func newDocFixture(t *testing.T, withKey bool) *docFixture {
	t.Helper()
	f := newShop(t)
	if withKey {
		key, err := sealed.NewKey(bytes.Repeat([]byte{7}, 32))
		if err != nil {
			t.Fatal(err)
		}
		f.db.SetSealKey(key)
	}
	clock := fixedClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	dir := core.NewDirectory(store.NewDirectory(f.db), clock)
	lv := leave.NewService(f.leaves, attendance.NewService(store.NewAttendance(f.db), dir, clock), dir, clock)
	d := &docFixture{shopFixture: f, store: store.NewDocuments(f.db), members: map[string]core.Member{}}
	d.docs = documents.NewService(d.store, lv, dir, clock)
	org, err := store.NewOrgs(f.db).Find(context.Background(), "shop")
	if err != nil {
		t.Fatal(err)
	}
	for key, e := range f.people {
		d.members[key] = core.Member{Org: org, Employee: e}
	}
	return d
}

// A note is kept sealed: the table holds neither the file nor anything
// that opens without the key; it reads back whole with its checksum, and
// sealed bytes moved to another document's row do not open there.
func TestDocumentSealedAtRest(t *testing.T) {
	t.Parallel()
	f := newDocFixture(t, true)
	ctx := context.Background()
	note := []byte("%PDF-1.7\nDiagnosis: influenza A; rest for three days. Dr. Zhang, Hangzhou First Hospital\n%%EOF")
	d, err := f.docs.Add(ctx, f.members["amy"], documents.Addition{Kind: documents.KindDoctorNote, Name: "note.pdf", Data: note}, "test")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(note)
	if d.MIME != documents.MIMEPDF || d.Size != int64(len(note)) || !bytes.Equal(d.SHA256, sum[:]) {
		t.Errorf("kept as %+v", d)
	}
	var raw, rowSum []byte
	if err := f.db.Pool().QueryRow(ctx, `SELECT c.sealed, d.sha256 FROM document_contents c JOIN documents d ON d.id = c.document_id
		WHERE d.id = $1`, d.ID).Scan(&raw, &rowSum); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rowSum, sum[:]) {
		t.Errorf("checksum in the table %x, want %x", rowSum, sum)
	}
	if bytes.Equal(raw, note) || bytes.Contains(raw, []byte("influenza")) || bytes.Contains(raw, []byte("%PDF")) {
		t.Fatalf("the file is readable in the table: %q", raw)
	}
	if len(raw) != len(note)+12+16 { // nonce and tag
		t.Errorf("sealed %d bytes for a %d-byte file", len(raw), len(note))
	}

	_, got, err := f.docs.Read(ctx, f.members["amy"], d.ID, "test")
	if err != nil || !bytes.Equal(got, note) {
		t.Fatalf("read back %q, %v", got, err)
	}

	// Another document's row with amy's note's sealed bytes: bound to its
	// row, they do not open there.
	other, err := f.docs.Add(ctx, f.members["amy"], documents.Addition{Kind: documents.KindOther, Data: []byte("\x89PNG\r\n\x1a\nsomething")}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Pool().Exec(ctx, `UPDATE document_contents SET sealed = $1 WHERE document_id = $2`, raw, other.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.docs.Read(ctx, f.members["amy"], other.ID, "test"); err == nil || core.ErrorCodeOf(err) != core.EInternal {
		t.Errorf("moved sealed bytes opened: %v", err)
	}
	// A changed checksum does not open either.
	if _, err := f.db.Pool().Exec(ctx, `UPDATE documents SET sha256 = $1 WHERE id = $2`, bytes.Repeat([]byte{1}, 32), d.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.docs.Read(ctx, f.members["amy"], d.ID, "test"); core.ErrorCodeOf(err) != core.EInternal {
		t.Errorf("a tampered row opened: %v", err)
	}
}

// Who may open a document: amy (hers), HR, the boss only once it is
// attached to a request of amy's he approves; Ben never. Each read and
// each refusal is audited.
func TestDocumentReaders(t *testing.T) {
	t.Parallel()
	f := newDocFixture(t, true)
	ctx := context.Background()
	jpeg := []byte("\xff\xd8\xff\xe0 a photo of a note")
	loose, err := f.docs.Add(ctx, f.members["amy"], documents.Addition{Kind: documents.KindIDCopy, Data: jpeg}, "test")
	if err != nil {
		t.Fatal(err)
	}
	r := f.mustCreate(t, f.request(t, "amy", "annual", "03-10", "03-11"))
	attached, err := f.docs.Add(ctx, f.members["amy"], documents.Addition{Kind: documents.KindCertificate, Name: "cert.jpg", Data: jpeg,
		LeaveRequestID: r.ID}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if ns := takeNotifications(t, f.db, f.people["boss"].ID); len(ns) != 2 || ns[1].Kind != core.NotifyLeaveDocument ||
		ns[1].Params["id"] != strconv.FormatInt(r.ID, 10) {
		t.Errorf("the approver was told %+v", ns)
	}
	cases := []struct {
		who  string
		doc  documents.Document
		want bool
	}{
		{"amy", loose, true}, {"hr", loose, true}, {"boss", loose, false}, {"ben", loose, false},
		{"boss", attached, true}, {"ben", attached, false},
	}
	for _, c := range cases {
		_, data, err := f.docs.Read(ctx, f.members[c.who], c.doc.ID, "test")
		if c.want && (err != nil || !bytes.Equal(data, jpeg)) {
			t.Errorf("%s reading %s: %v", c.who, c.doc.Kind, err)
		}
		if !c.want && (core.ErrorCodeOf(err) != core.EForbidden || data != nil) {
			t.Errorf("%s reading %s: %v, %d bytes", c.who, c.doc.Kind, err, len(data))
		}
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'document.read' AND outcome = 'ok'`); n != 3 {
		t.Errorf("%d reads audited, want 3", n)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'document.read' AND outcome = 'denied'`); n != 3 {
		t.Errorf("%d refusals audited, want 3", n)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'document.add' AND after->>'sha256' <> ''`); n != 2 {
		t.Errorf("%d additions audited, want 2", n)
	}
	// Listing a request's documents shows them to its approver only.
	if ds, _ := f.docs.ForRequest(ctx, f.members["boss"], r); len(ds) != 1 || ds[0].ID != attached.ID {
		t.Errorf("the boss sees %+v", ds)
	}
	if ds, _ := f.docs.ForRequest(ctx, f.members["ben"], r); len(ds) != 0 {
		t.Errorf("ben sees %+v", ds)
	}
}

// Refused, nothing stored: a file of the wrong type, one too large, one
// that would pass a person's limit, anything without a key.
func TestDocumentRefusals(t *testing.T) {
	t.Parallel()
	f := newDocFixture(t, true)
	ctx := context.Background()
	amy := f.members["amy"]
	add := func(data []byte) error {
		_, err := f.docs.Add(ctx, amy, documents.Addition{Kind: documents.KindDoctorNote, Name: "x.jpg", Data: data}, "test")
		return err
	}
	if err := add([]byte("MZ\x90\x00 an executable named x.jpg")); !isKey(err, "documents.bad_type") {
		t.Errorf("executable: %v", err)
	}
	big := append([]byte("%PDF-1.4\n"), make([]byte, documents.MaxFileBytes)...)
	if err := add(big); !isKey(err, "documents.too_big") {
		t.Errorf("over 10 MB: %v", err)
	}
	// Fill amy's file up to just under her limit, then one more is refused.
	if _, err := f.db.Pool().Exec(ctx, `
		INSERT INTO documents (org_id, employee_id, kind, name, mime, size, sha256, created_at)
		SELECT $1, $2, 'other', 'filler.pdf', 'application/pdf', 10485760, $3, now() FROM generate_series(1, 19)`,
		f.org, f.people["amy"].ID, make([]byte, 32)); err != nil {
		t.Fatal(err)
	}
	if err := add(append([]byte("%PDF-1.4\n"), make([]byte, 9<<20)...)); err != nil {
		t.Errorf("9 MB more within 200 MB: %v", err)
	}
	if err := add(append([]byte("%PDF-1.4\n"), make([]byte, 2<<20)...)); !isKey(err, "documents.quota") {
		t.Errorf("past 200 MB: %v", err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM document_contents`); n != 1 {
		t.Errorf("%d files stored, want the one accepted", n)
	}

	nokey := newDocFixture(t, false)
	_, err := nokey.docs.Add(ctx, nokey.members["amy"], documents.Addition{Kind: documents.KindDoctorNote, Data: []byte("%PDF-1.4")}, "test")
	if !isKey(err, "documents.no_key") || !strings.Contains(err.Error(), "HRBOT_ENCRYPTION_KEY") {
		t.Errorf("without a key: %v", err)
	}
	if n := count(t, nokey.db, `SELECT count(*) FROM documents`); n != 0 {
		t.Errorf("%d documents stored without a key", n)
	}
}
