package console_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/adapters/console"
)

// "/attach PATH caption" sends the file with the caption as its text; a
// path that is not there is said on the console and reaches nobody.
func TestAttach(t *testing.T) {
	dir := t.TempDir()
	note := filepath.Join(dir, "note.pdf")
	if err := os.WriteFile(note, []byte("%PDF-1.7 a note"), 0o600); err != nil {
		t.Fatal(err)
	}
	b := &echoBot{}
	var out bytes.Buffer
	in := "/attach " + note + " 病假条\n/attach " + filepath.Join(dir, "missing.jpg") + "\n"
	chat := &console.Chat{Handler: b, UserID: "shop/alice", In: strings.NewReader(in), Out: &out}
	if err := chat.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(b.seen) != 1 || b.seen[0].Text != "病假条" || len(b.seen[0].Files) != 1 || b.seen[0].Files[0].Name != "note.pdf" || b.seen[0].Files[0].Size != 15 {
		t.Fatalf("incoming: %+v", b.seen)
	}
	rc, err := b.seen[0].Files[0].Fetch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(rc)
	rc.Close()
	if string(data) != "%PDF-1.7 a note" || !strings.Contains(out.String(), "missing.jpg: no such file") {
		t.Errorf("fetched %q; console said %q", data, out.String())
	}
}
