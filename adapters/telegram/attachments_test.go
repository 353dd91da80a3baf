package telegram_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/bot"
)

// chart is a small PNG, as a report's chart would be.
func chart(t *testing.T) bot.Attachment {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, 29-x*3/4, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return bot.Attachment{Name: "attendance-2026-11.png", MIME: "image/png", Data: buf.Bytes()}
}

func sheet() bot.Attachment {
	return bot.Attachment{Name: "attendance-2026-11.csv", MIME: "text/csv", Data: []byte("name,days\nLi,21\nWang,19\n")}
}

// webhook delivers one update the way Telegram does and wants 200.
func webhook(t *testing.T, a *telegram.Adapter, u models.Update) {
	t.Helper()
	body, _ := json.Marshal(u)
	req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", bytes.NewReader(body))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret")
	rec := httptest.NewRecorder()
	a.Webhook().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("webhook: %d %s", rec.Code, rec.Body)
	}
}

// sent lists the messages the bot sent, in order: sendMessage, sendPhoto
// and sendDocument calls.
func sent(fake *telegramtest.Server) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range fake.Calls("") {
		switch c.Method {
		case "sendMessage", "sendPhoto", "sendDocument":
			out = append(out, c)
		}
	}
	return out
}

func methods(calls []telegramtest.Call) string {
	var m []string
	for _, c := range calls {
		m = append(m, c.Method)
	}
	return strings.Join(m, ",")
}

// mustBePicture checks that a call uploaded want, a PNG that decodes.
func mustBePicture(t *testing.T, c telegramtest.Call, want bot.Attachment) {
	t.Helper()
	f, ok := c.File()
	if !ok || f.Field != "photo" || f.Name != want.Name || f.Size != int64(len(want.Data)) || !bytes.Equal(f.Data, want.Data) {
		t.Fatalf("%s uploaded %+v, want %s (%d bytes)", c.Method, f, want.Name, len(want.Data))
	}
	img, err := png.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("the photo is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 40 || b.Dy() != 30 {
		t.Errorf("photo %v, want 40x30", b)
	}
}

func mustBeDocument(t *testing.T, c telegramtest.Call, want bot.Attachment) {
	t.Helper()
	f, ok := c.File()
	if !ok || c.Method != "sendDocument" || f.Field != "document" || f.Name != want.Name || !bytes.Equal(f.Data, want.Data) {
		t.Fatalf("%s uploaded %+v, want the document %s", c.Method, f, want.Name)
	}
}

func TestReplyWithAttachments(t *testing.T) {
	buttons := [][]bot.Button{{{Label: "Approve", ActionID: "payroll.approve", Value: "r7"}}}

	t.Run("CaptionOnTheFirstFile", func(t *testing.T) {
		fake := telegramtest.New("123:ABC")
		defer fake.Close()
		img, csv := chart(t), sheet()
		h := &fakeBot{replies: func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "Attendance, November", Buttons: buttons, Attachments: []bot.Attachment{img, csv}}}
		}}
		a, _ := newAdapter(t, "webhook", h, fake, telegram.Limits{})
		webhook(t, a, privateMsg(1, 42, "/report attendance"))

		calls := sent(fake)
		if methods(calls) != "sendPhoto,sendDocument" {
			t.Fatalf("sent %s, want a photo then a document", methods(calls))
		}
		photo, doc := calls[0], calls[1]
		mustBePicture(t, photo, img)
		mustBeDocument(t, doc, csv)
		if photo.Params["chat_id"] != "42" || doc.Params["chat_id"] != "42" {
			t.Errorf("sent to %s and %s", photo.Params["chat_id"], doc.Params["chat_id"])
		}
		if photo.Params["caption"] != "Attendance, November" || doc.Params["caption"] != "" {
			t.Errorf("captions %q, %q: the text belongs on the first file only", photo.Params["caption"], doc.Params["caption"])
		}
		if telegramtest.Keyboard(photo) != nil || len(telegramtest.Keyboard(doc)) != 1 {
			t.Errorf("keyboards %v, %v: the buttons belong on the last message", telegramtest.Keyboard(photo), telegramtest.Keyboard(doc))
		}
	})

	t.Run("LongTextFirst", func(t *testing.T) {
		fake := telegramtest.New("123:ABC")
		defer fake.Close()
		// 513 characters but 1,026 UTF-16 units, as Telegram counts: over
		// the caption limit.
		long := strings.Repeat("📊", 513)
		h := &fakeBot{replies: func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: long, Buttons: buttons, Attachments: []bot.Attachment{sheet()}}}
		}}
		a, _ := newAdapter(t, "webhook", h, fake, telegram.Limits{})
		webhook(t, a, privateMsg(1, 42, "/report attendance"))

		calls := sent(fake)
		if methods(calls) != "sendMessage,sendDocument" {
			t.Fatalf("sent %s, want the text then the document", methods(calls))
		}
		if calls[0].Params["text"] != long || telegramtest.Keyboard(calls[0]) != nil {
			t.Errorf("text message %+v: the whole text, no buttons", calls[0].Params)
		}
		if calls[1].Params["caption"] != "" || len(telegramtest.Keyboard(calls[1])) != 1 {
			t.Errorf("document %+v: no caption, the buttons", calls[1].Params)
		}
	})

	t.Run("CaptionUpToTheLimit", func(t *testing.T) {
		fake := telegramtest.New("123:ABC")
		defer fake.Close()
		full := strings.Repeat("考勤", 512) // 1,024 characters
		h := &fakeBot{replies: func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: full, Attachments: []bot.Attachment{sheet()}}}
		}}
		a, _ := newAdapter(t, "webhook", h, fake, telegram.Limits{})
		webhook(t, a, privateMsg(1, 42, "/report attendance"))
		if calls := sent(fake); methods(calls) != "sendDocument" || calls[0].Params["caption"] != full {
			t.Errorf("sent %s: a text of 1,024 characters is the caption", methods(calls))
		}
	})

	t.Run("WidePictureGoesAsDocument", func(t *testing.T) {
		// Telegram refuses photos more than 20 times as wide as high.
		fake := telegramtest.New("123:ABC")
		defer fake.Close()
		var buf bytes.Buffer
		if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2100, 100))); err != nil {
			t.Fatal(err)
		}
		wide := bot.Attachment{Name: "timeline.png", MIME: "image/png", Data: buf.Bytes()}
		h := &fakeBot{replies: func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "timeline", Attachments: []bot.Attachment{wide}}}
		}}
		a, _ := newAdapter(t, "webhook", h, fake, telegram.Limits{})
		webhook(t, a, privateMsg(1, 42, "/report timeline"))
		calls := sent(fake)
		if methods(calls) != "sendDocument" {
			t.Fatalf("sent %s, want a document", methods(calls))
		}
		mustBeDocument(t, calls[0], wide)
	})

	t.Run("GroupGetsPointerFilesGoPrivately", func(t *testing.T) {
		fake := telegramtest.New("123:ABC")
		defer fake.Close()
		img := chart(t)
		h := &fakeBot{replies: func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "your payslip", Ephemeral: true, Attachments: []bot.Attachment{img, sheet()}}}
		}}
		a, _ := newAdapter(t, "webhook", h, fake, telegram.Limits{})
		group := models.Chat{ID: -1001, Type: models.ChatTypeSupergroup}
		webhook(t, a, models.Update{ID: 5, Message: &models.Message{ID: 5, Text: "/payslip", From: &models.User{ID: 42}, Chat: group}})

		calls := sent(fake)
		if methods(calls) != "sendPhoto,sendDocument,sendMessage" {
			t.Fatalf("sent %s", methods(calls))
		}
		for _, c := range calls[:2] {
			if c.Params["chat_id"] != "42" {
				t.Errorf("%s went to %s, want the private chat", c.Method, c.Params["chat_id"])
			}
		}
		mustBePicture(t, calls[0], img)
		if p := calls[2]; p.Params["chat_id"] != "-1001" || !strings.Contains(p.Params["text"], "Sent to you privately") || len(p.Files) != 0 {
			t.Errorf("group got %+v, want only the pointer", p)
		}
	})

	t.Run("RateLimitedUploadIsRetriedOnce", func(t *testing.T) {
		fake := telegramtest.New("123:ABC")
		defer fake.Close()
		img := chart(t)
		h := &fakeBot{replies: func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "chart", Attachments: []bot.Attachment{img}}}
		}}
		a, _ := newAdapter(t, "webhook", h, fake, telegram.Limits{})
		fake.Fail429(1)
		start := time.Now()
		webhook(t, a, privateMsg(1, 42, "/report"))
		if waited := time.Since(start); waited < time.Second {
			t.Errorf("answered after %v: a 429 with retry_after 1 must hold the upload back", waited)
		}
		calls := sent(fake)
		if methods(calls) != "sendPhoto" {
			t.Fatalf("sent %s, want the photo exactly once", methods(calls))
		}
		mustBePicture(t, calls[0], img)
	})

	t.Run("PressReplacesPhotoCaption", func(t *testing.T) {
		fake := telegramtest.New("123:ABC")
		defer fake.Close()
		h := &fakeBot{replies: func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "Approved by you", ReplaceMessage: true}}
		}}
		a, _ := newAdapter(t, "webhook", h, fake, telegram.Limits{})
		ref, err := a.Push(context.Background(), "42", "", []bot.Reply{{Text: "Payroll draft", Buttons: buttons, Attachments: []bot.Attachment{chart(t)}}})
		if err != nil {
			t.Fatal(err)
		}
		photo := fake.Calls("sendPhoto")[0]
		if ref != photo.Params["message_id"]+":media" {
			t.Errorf("ref %q for message %s", ref, photo.Params["message_id"])
		}
		msgID, _ := strconv.Atoi(photo.Params["message_id"])
		msg := &models.Message{ID: msgID, Date: int(time.Now().Unix()), Chat: models.Chat{ID: 42, Type: models.ChatTypePrivate},
			Photo: []models.PhotoSize{{FileID: "p", Width: 40, Height: 30}}, Caption: "Payroll draft"}
		webhook(t, a, models.Update{ID: 9, CallbackQuery: &models.CallbackQuery{ID: "cb1", From: models.User{ID: 42},
			Message: models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: msg}, Data: "payroll.approve|r7"}})
		edits := fake.Calls("editMessageCaption")
		if len(edits) != 1 || edits[0].Params["caption"] != "Approved by you" || edits[0].Params["message_id"] != photo.Params["message_id"] {
			t.Fatalf("caption edits %+v", edits)
		}
		if kb := telegramtest.Keyboard(edits[0]); len(kb) != 0 {
			t.Errorf("buttons %v left on the approved draft", kb)
		}
		if n := len(fake.Calls("editMessageText")); n != 0 {
			t.Errorf("%d text edits of a photo", n)
		}
		// The delivery queue's edit of the pushed photo does the same.
		if err := a.EditPushed(context.Background(), "42", ref, bot.Reply{Text: "Paid"}); err != nil {
			t.Fatal(err)
		}
		if edits := fake.Calls("editMessageCaption"); len(edits) != 2 || edits[1].Params["caption"] != "Paid" {
			t.Errorf("caption edits %+v", edits)
		}
	})
}

func TestPushWithAttachments(t *testing.T) {
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	a, _ := newAdapter(t, "webhook", &fakeBot{}, fake, telegram.Limits{})
	img, csv := chart(t), sheet()
	replies := []bot.Reply{
		{Text: "Monthly report"},
		{Text: "charts and data", Attachments: []bot.Attachment{img, csv},
			Buttons: [][]bot.Button{{{Label: "Details", ActionID: "report.more", Value: "11"}}}},
	}
	ref, err := a.Push(context.Background(), "42", "report:11:42", replies)
	if err != nil {
		t.Fatal(err)
	}
	calls := sent(fake)
	if methods(calls) != "sendMessage,sendPhoto,sendDocument" {
		t.Fatalf("sent %s", methods(calls))
	}
	mustBePicture(t, calls[1], img)
	mustBeDocument(t, calls[2], csv)
	if calls[1].Params["caption"] != "charts and data" || calls[1].Params["chat_id"] != "42" || calls[2].Params["chat_id"] != "42" {
		t.Errorf("photo %v, document %v", calls[1].Params, calls[2].Params)
	}
	if len(telegramtest.Keyboard(calls[2])) != 1 || telegramtest.Keyboard(calls[1]) != nil {
		t.Error("the buttons belong on the last message")
	}
	if ref != calls[2].Params["message_id"]+":media" {
		t.Errorf("ref %q, want the document's message", ref)
	}

	t.Run("Blocked", func(t *testing.T) {
		fake.Block(43)
		if _, err := a.Push(context.Background(), "43", "k", []bot.Reply{{Attachments: []bot.Attachment{csv}}}); err == nil ||
			!strings.Contains(err.Error(), "refuses") {
			t.Errorf("push to a blocked chat: %v", err)
		}
	})
}
