package slack_test

import (
	"bytes"
	"context"
	"io"
	"sync"
	"testing"

	"github.com/hrbot/hrbot/bot"
)

// A PDF shared in the bot's DM reaches the bot through the durable
// intake as a file it can fetch from url_private with the bot token (the
// fake sends anyone else to the sign-in page); a message with only a file
// is not read as /help.
func TestInboundFiles(t *testing.T) {
	h := newHarness(t, "")
	pdf := []byte("%PDF-1.7 a scanned note")
	var mu sync.Mutex
	var got []byte
	h.bot.replies = func(in bot.Incoming) []bot.Reply {
		for _, f := range in.Files {
			rc, err := f.Fetch(context.Background())
			if err != nil {
				t.Errorf("fetch: %v", err)
				continue
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Errorf("read: %v", err)
			}
			mu.Lock()
			got = data
			mu.Unlock()
		}
		return []bot.Reply{{Text: "got " + in.Text}}
	}
	f := h.fake.UserFile("note.pdf", "application/pdf", pdf)
	ev := dm("U0AMY001", "")
	ev["subtype"] = "file_share"
	ev["files"] = []any{f}
	if status, _ := h.event("EvFILE1", ev); status != 200 {
		t.Fatalf("event: %d", status)
	}
	h.waitCall("chat.postMessage", "got")
	mu.Lock()
	defer mu.Unlock()
	if !bytes.Equal(got, pdf) {
		t.Errorf("fetched %q", got)
	}
	in := h.bot.incoming()
	if len(in) != 1 || in[0].Text != "" || len(in[0].Files) != 1 || in[0].Files[0].Name != "note.pdf" ||
		in[0].Files[0].Size != int64(len(pdf)) || in[0].Files[0].MIME != "application/pdf" {
		t.Errorf("incoming %+v", in)
	}
	if h.fake.Downloads() != 1 {
		t.Errorf("%d downloads", h.fake.Downloads())
	}
}
