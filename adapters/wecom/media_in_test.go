package wecom_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot"
)

// A picture and a file a member sends come in as encrypted callbacks and
// reach the bot as files it fetches with media/get (with the token
// renewed once when WeCom refuses it); a media_id WeCom no longer has is
// its errcode, not a file.
func TestInboundMedia(t *testing.T) {
	h := newHarness(t)
	photo := []byte("\xff\xd8\xff\xe0 a photo of a note")
	pdf := []byte("%PDF-1.7 a scan")
	h.bot.reply = func(in bot.Incoming) []bot.Reply {
		var got []string
		for _, f := range in.Files {
			rc, err := f.Fetch(context.Background())
			if err != nil {
				got = append(got, "error: "+err.Error())
				continue
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			got = append(got, fmt.Sprintf("%s=%x", f.Name, data))
		}
		return []bot.Reply{{Text: "files " + strings.Join(got, ";")}}
	}
	h.deliver(h.fake.Image("amy", h.fake.UserMedia("", "image/jpeg", photo), 501))
	h.waitMessage("amy", fmt.Sprintf("files =%x", photo))
	h.fake.ExpireTokens()
	h.deliver(h.fake.File("amy", h.fake.UserMedia("scan.pdf", "application/pdf", pdf), "scan.pdf", 502))
	h.waitMessage("amy", fmt.Sprintf("files scan.pdf=%x", pdf))
	h.deliver(h.fake.File("amy", "gone-media", "old.pdf", 503))
	h.waitMessage("amy", "errcode 40007")
	in := h.bot.got()
	if len(in) != 3 || in[0].Text != "" || len(in[0].Files) != 1 || in[0].Files[0].MIME != "image/jpeg" || in[1].Files[0].Name != "scan.pdf" {
		t.Errorf("incoming %+v", in)
	}
	if n := len(h.fake.Calls("/cgi-bin/media/get")); n != 4 {
		t.Errorf("%d media/get calls, want 4 (one refused token)", n)
	}
}
