package telegram_test

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/bot"
)

// A photo reaches the bot as its largest size, a PDF as a document, each
// fetched with getFile and the download through the real client; a photo
// in a group without a command does not reach the bot.
func TestInboundFiles(t *testing.T) {
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	got := map[string][]byte{}
	h := &fakeBot{replies: func(in bot.Incoming) []bot.Reply {
		for _, f := range in.Files {
			rc, err := f.Fetch(context.Background())
			if err != nil {
				t.Errorf("fetch %q: %v", f.Name, err)
				continue
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			got[in.Text+"|"+f.Name+"|"+f.MIME] = data
		}
		return []bot.Reply{{Text: "ok"}}
	}}
	a, _ := newAdapter(t, "webhook", h, fake, telegram.Limits{})
	srv := httptest.NewServer(a.Webhook())
	defer srv.Close()

	photo := []byte("\xff\xd8\xff\xe0 the largest size")
	pdf := []byte("%PDF-1.7 a scan")
	m1 := telegramtest.Photo(42, fake.UserFile(photo), len(photo), "病假条")
	m2 := telegramtest.Document(42, fake.UserFile(pdf), "scan.pdf", "application/pdf", int64(len(pdf)), "")
	m3 := telegramtest.Photo(-100, fake.UserFile(photo), len(photo), "")
	m3.Chat.Type = models.ChatTypeSupergroup
	for i, m := range []models.Message{m1, m2, m3} {
		if status, _, err := fake.Deliver(srv.URL, "s3cret", models.Update{ID: int64(i + 1), Message: &m}); err != nil || status != 200 {
			t.Fatalf("update %d: %d %v", i+1, status, err)
		}
	}
	if !bytes.Equal(got["病假条||image/jpeg"], photo) || !bytes.Equal(got["|scan.pdf|application/pdf"], pdf) || len(got) != 2 {
		t.Errorf("the bot got %q", got)
	}
	if in := h.incoming(); len(in) != 2 || in[0].Files[0].Size != int64(len(photo)) || in[0].Files[0].Ref == "" {
		t.Errorf("incoming %+v", in)
	}
	if n := len(fake.Calls("getFile")); n != 2 {
		t.Errorf("%d getFile calls", n)
	}
}
