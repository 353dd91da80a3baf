package bot_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"sync/atomic"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/sealed"
)

// newDocHarness is the leave harness with documents on (and, withKey, a
// key to seal them with).
func newDocHarness(t *testing.T, withKey bool) *harness {
	t.Helper()
	h := newLeaveHarness(t)
	if withKey {
		key, err := sealed.NewKey(bytes.Repeat([]byte{9}, 32))
		if err != nil {
			t.Fatal(err)
		}
		h.db.SetSealKey(key)
	}
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	att := attendance.NewService(store.NewAttendance(h.db), dir, h.clock)
	lv := leave.NewService(store.NewLeaves(h.db), att, dir, h.clock)
	h.bot = bot.New(bot.Config{
		Directory: dir, Attendance: att, Leave: lv, Inbox: store.NewOutbox(h.db),
		Conversations: store.NewConversations(h.db), Clock: h.clock,
		Desks: bot.Desks{Documents: documents.NewService(store.NewDocuments(h.db), lv, dir, h.clock)},
	})
	return h
}

// file is a file sent from a phone; fetches counts the bytes read of it.
func file(name string, data []byte, declared int64, fetches *atomic.Int64) bot.InboundFile {
	return bot.InboundFile{Name: name, Size: declared, Fetch: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(&countingReader{r: bytes.NewReader(data), n: fetches}), nil
	}}
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n != nil {
		c.n.Add(int64(n))
	}
	return n, err
}

// as sends what person types or sends, privately on the console, and
// returns the replies.
func (h *harness) as(person, text string, files ...bot.InboundFile) []bot.Reply {
	h.t.Helper()
	h.seq++
	replies, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person,
		UserID: "shop/" + person, Private: true, Text: text, Files: files})
	if err != nil {
		h.t.Fatalf("%s %q: %v", person, text, err)
	}
	return replies
}

func (h *harness) press(person string, b bot.Button) []bot.Reply {
	h.t.Helper()
	replies, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person,
		UserID: "shop/" + person, Private: true, Action: &bot.Action{ID: b.ActionID, Value: b.Value}})
	if err != nil {
		h.t.Fatalf("%s presses %s: %v", person, b.ActionID, err)
	}
	return replies
}

// button finds the button whose action is id among replies.
func button(t *testing.T, rs []bot.Reply, id string) bot.Button {
	t.Helper()
	for _, r := range rs {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.ActionID == id {
					return b
				}
			}
		}
	}
	t.Fatalf("no %s button in %q", id, texts(rs))
	return bot.Button{}
}

var notePhoto = []byte("\xff\xd8\xff\xe0\x00\x10JFIF a photo of a doctor's note")

// Sick leave asked for, then the note sent: it is attached, the boss's
// card says so and sends him the file, and he approves. Bea, a colleague,
// cannot get it with the same button.
func TestDocumentAfterTheRequest(t *testing.T) {
	t.Parallel()
	h := newDocHarness(t, true)
	preview := h.as("amy", "leave sick tomorrow")
	mustContain(t, texts(preview), "Sick needs a doctor's note: send it here as a photo or a PDF")
	sent := texts(h.press("amy", button(t, preview, "leave.submit")))
	mustContain(t, sent, "Sent: Sick", "Sick needs a doctor's note: send it here as a photo or a PDF, and it is attached to this request.")

	card := h.as("boss", "/pending")
	mustContain(t, texts(card), "Amy asks for Sick", "No doctor's note yet: Amy was asked to send one here.")

	got := texts(h.as("amy", "", file("", notePhoto, int64(len(notePhoto)), nil)))
	mustContain(t, got, "The doctor's note is attached to your Sick (2026-11-26)")
	if n := h.count(`SELECT count(*) FROM documents WHERE kind = 'doctor_note' AND leave_request_id IS NOT NULL`); n != 1 {
		t.Fatalf("%d notes attached", n)
	}

	// The boss is told, with the card again; the file comes to him alone.
	card = h.as("boss", "/whoami")
	mustContain(t, texts(card), "Amy sent the doctor's note for this request.", "doctor's note attached: doctor_note.jpg")
	get := button(t, card, "doc.send")
	// Pressed as a platform delivers it, with a delivery id: the replies
	// are kept for a retry, without the file.
	got1, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:boss", UserID: "shop/boss",
		Private: true, Action: &bot.Action{ID: get.ActionID, Value: get.Value}, DeliveryID: "press-doc-1"})
	if err != nil {
		t.Fatal(err)
	}
	if n := h.count(`SELECT count(*) FROM inbound_deliveries WHERE delivery_id = 'press-doc-1' AND replies IS NOT NULL
		AND replies::text NOT LIKE '%' || $1 || '%'`, base64.StdEncoding.EncodeToString(notePhoto)); n != 1 {
		t.Errorf("the press's replies were kept with the file in them, or not at all (%d)", n)
	}
	if len(got1) != 1 || len(got1[0].Attachments) != 1 || !bytes.Equal(got1[0].Attachments[0].Data, notePhoto) ||
		!got1[0].Attachments[0].Sealed || !got1[0].Ephemeral || got1[0].Attachments[0].MIME != "image/jpeg" {
		t.Fatalf("the boss got %+v", got1)
	}
	mustContain(t, texts(h.press("bea", get)), "Only the person, HR and whoever approves the request")
	mustContain(t, texts(h.press("boss", button(t, card, "leave.approve"))), "Approved: Amy")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'document.read' AND outcome = 'ok'`); n != 1 {
		t.Errorf("%d reads audited", n)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'document.read' AND outcome = 'denied'`); n != 1 {
		t.Errorf("%d refusals audited", n)
	}
	// Approved within the day, the request still takes another page.
	mustContain(t, texts(h.as("amy", "", file("page2.pdf", []byte("%PDF-1.4 page two"), 0, nil))), "is attached to your Sick")
}

// The photo sent with the request (its caption is the request) is held
// with the preview and attached on Submit.
func TestDocumentWithTheRequest(t *testing.T) {
	t.Parallel()
	h := newDocHarness(t, true)
	replies := h.as("amy", "请假 病假 明天", file("IMG_0042.JPG", notePhoto, 0, nil))
	mustContain(t, texts(replies), "Sick: 2026-11-26", "Got the doctor's note: it goes with the request when you press Submit.")
	if n := h.count(`SELECT count(*) FROM documents WHERE leave_request_id IS NULL`); n != 1 {
		t.Fatalf("%d notes held", n)
	}
	sent := texts(h.press("amy", button(t, replies, "leave.submit")))
	mustContain(t, sent, "Sent: Sick", "The doctor's note is attached.")
	mustContain(t, texts(h.as("boss", "/pending")), "doctor's note attached: IMG_0042.JPG")
}

// Refused, nothing kept: a file for no request, one declared too big (not
// fetched at all), one too big that did not say so (read no further than
// the limit), an executable named .jpg; and no key at all.
func TestDocumentRefusedInChat(t *testing.T) {
	t.Parallel()
	h := newDocHarness(t, true)
	mustContain(t, texts(h.as("zoe", "", file("", notePhoto, 0, nil))), "you have no such request waiting, so I did not keep this file")
	h.ask("amy", "leave sick tomorrow")
	var read atomic.Int64
	huge := make([]byte, 50<<20)
	copy(huge, "%PDF-1.4")
	mustContain(t, texts(h.as("amy", "", file("scan.pdf", huge, int64(len(huge)), &read))), "That file is too big: I take files up to 10 MB.")
	if read.Load() != 0 {
		t.Errorf("a file declared 50 MB was read (%d bytes)", read.Load())
	}
	mustContain(t, texts(h.as("amy", "", file("scan.pdf", huge, 0, &read))), "That file is too big")
	if n := read.Load(); n > documents.MaxFileBytes+64<<10 {
		t.Errorf("%d bytes read of an undeclared 50 MB file", n)
	}
	mustContain(t, texts(h.as("amy", "", file("note.jpg", []byte("MZ\x90\x00\x03 this program cannot be run in DOS mode"), 0, nil))),
		"I take photos (JPEG, PNG, HEIC) and PDF files only")
	mustContain(t, texts(h.as("amy", "/leave sick today", file("", notePhoto, 0, nil))), "Got the doctor's note")
	if n := h.count(`SELECT count(*) FROM documents`); n != 1 {
		t.Errorf("%d documents kept, want only the last note", n)
	}

	nokey := newDocHarness(t, false)
	nokey.ask("amy", "leave sick tomorrow")
	mustContain(t, texts(nokey.as("amy", "", file("", notePhoto, 0, nil))), "set HRBOT_ENCRYPTION_KEY")
	if n := nokey.count(`SELECT count(*) FROM documents`); n != 0 {
		t.Errorf("%d documents kept without a key", n)
	}
}

func (h *harness) count(sql string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}
