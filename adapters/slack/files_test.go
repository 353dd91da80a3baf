package slack_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/bot"
)

// chart is a small PNG, as a report's chart would be.
func chart(t *testing.T) bot.Attachment {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, 29-x*3/4, color.RGBA{B: 200, A: 255})
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

// waitShare waits for files shared in channel and returns the shares.
func (h *harness) waitShare(channel string, n int) []slackfake.Call {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if got := h.fake.FilesIn(channel); len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, c := range h.fake.Calls("") {
				seen = append(seen, c.Method+" "+c.Channel+": "+c.Text)
			}
			h.t.Fatalf("no files shared in %s; calls:\n%s", channel, strings.Join(seen, "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// mustHaveFiles checks that a share carried want, bytes and all, and that
// its picture decodes.
func mustHaveFiles(t *testing.T, share slackfake.Call, want ...bot.Attachment) {
	t.Helper()
	if len(share.Files) != len(want) {
		t.Fatalf("shared %d files, want %d", len(share.Files), len(want))
	}
	for i, f := range share.Files {
		w := want[i]
		if f.Name != w.Name || f.Title != w.Name || f.Size != len(w.Data) || !bytes.Equal(f.Data, w.Data) {
			t.Errorf("file %d: %s %q (%d bytes), want %s (%d bytes)", i, f.Name, f.Title, len(f.Data), w.Name, len(w.Data))
		}
		if w.Image() {
			img, err := png.Decode(bytes.NewReader(f.Data))
			if err != nil || img.Bounds().Dx() != 40 {
				t.Errorf("file %d is not the chart: %v", i, err)
			}
		}
	}
}

// order lists the methods of the calls that sent something, in order.
func order(fake *slackfake.Server) string {
	var out []string
	for _, c := range fake.Calls("") {
		switch c.Method {
		case "chat.postMessage", "chat.postEphemeral", "chat.update", "files.completeUploadExternal", "response_url":
			out = append(out, c.Method)
		}
	}
	return strings.Join(out, ",")
}

func TestReplyWithFiles(t *testing.T) {
	buttons := [][]bot.Button{{{Label: "Approve", ActionID: "payroll.approve", Value: "r7"}}}

	t.Run("TextIsTheComment", func(t *testing.T) {
		h := newHarness(t, "")
		img, csv := chart(t), sheet()
		h.bot.replies = func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "Attendance, November", Attachments: []bot.Attachment{img, csv}}}
		}
		h.event("EvF1", dm("U42", "report attendance"))
		share := h.waitShare("D42", 1)[0]
		if share.Text != "Attendance, November" || share.TS == "" {
			t.Errorf("share %+v: the text is the comment", share)
		}
		mustHaveFiles(t, share, img, csv)
		if got := order(h.fake); got != "files.completeUploadExternal" {
			t.Errorf("sent %s, want one message of files", got)
		}
		if n := len(h.fake.Calls("upload_url")); n != 2 {
			t.Errorf("%d uploads, want 2", n)
		}
	})

	t.Run("ButtonsFollowTheFiles", func(t *testing.T) {
		h := newHarness(t, "")
		csv := sheet()
		h.bot.replies = func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "Payroll draft for November", Buttons: buttons, Attachments: []bot.Attachment{csv}}}
		}
		h.event("EvF2", dm("U42", "payroll"))
		post := h.waitCall("chat.postMessage", "Payroll draft")
		share := h.waitShare("D42", 1)[0]
		if share.Text != "" {
			t.Errorf("comment %q: the text goes with its buttons", share.Text)
		}
		mustHaveFiles(t, share, csv)
		if got := order(h.fake); got != "files.completeUploadExternal,chat.postMessage" {
			t.Errorf("sent %s, want the files, then the buttons", got)
		}
		if b := post.Buttons(); len(b) != 1 || b[0].Value != "r7" || post.Channel != "D42" {
			t.Errorf("message %+v", post)
		}
	})

	t.Run("InTheMentionsThread", func(t *testing.T) {
		h := newHarness(t, "")
		h.bot.replies = func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "team chart", Attachments: []bot.Attachment{chart(t)}}}
		}
		h.event("EvF3", map[string]any{"type": "app_mention", "channel": "C100", "user": "U5",
			"text": "<@" + slackfake.BotUserID + "> chart", "ts": "1700000000.000300"})
		share := h.waitShare("C100", 1)[0]
		if share.ThreadTS != "1700000000.000300" || share.Text != "team chart" {
			t.Errorf("share %+v, want in the mention's thread", share)
		}
	})

	t.Run("EphemeralFilesGoToTheDM", func(t *testing.T) {
		h := newHarness(t, "")
		img, csv := chart(t), sheet()
		h.bot.replies = func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "your payslip", Ephemeral: true, Attachments: []bot.Attachment{img, csv}}}
		}
		h.event("EvF4", map[string]any{"type": "app_mention", "channel": "C100", "user": "U5",
			"text": "<@" + slackfake.BotUserID + "> payslip", "ts": "1700000000.000400"})
		eph := h.waitCall("chat.postEphemeral", "your payslip")
		share := h.waitShare("D5", 1)[0]
		mustHaveFiles(t, share, img, csv)
		if share.Text != "your payslip" || share.ThreadTS != "" {
			t.Errorf("DM share %+v", share)
		}
		if eph.Channel != "C100" || eph.User != "U5" || !strings.Contains(eph.Text, "sent to you in a direct message") ||
			!strings.Contains(eph.Text, "attendance-2026-11.csv") {
			t.Errorf("ephemeral %+v: must say where the files went", eph)
		}
		if n := len(h.fake.FilesIn("C100")); n != 0 {
			t.Errorf("%d shares in the channel", n)
		}
		if got := order(h.fake); got != "files.completeUploadExternal,chat.postEphemeral" {
			t.Errorf("sent %s", got)
		}
	})

	t.Run("NoDM", func(t *testing.T) {
		// The person's DM cannot be opened: the answer says so.
		h := newHarness(t, "")
		h.bot.replies = func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "your payslip", Ephemeral: true, Attachments: []bot.Attachment{sheet()}}}
		}
		h.event("EvF6", map[string]any{"type": "app_mention", "channel": "C100", "user": "X5",
			"text": "<@" + slackfake.BotUserID + "> payslip", "ts": "1700000000.000500"})
		eph := h.waitCall("chat.postEphemeral", "your payslip")
		if !strings.Contains(eph.Text, "could not send you this in a direct message") {
			t.Errorf("ephemeral %q", eph.Text)
		}
		if n := len(h.fake.Calls("files.completeUploadExternal")); n != 0 {
			t.Errorf("%d shares", n)
		}
	})

	t.Run("CommandFilesGoToTheDM", func(t *testing.T) {
		h := newHarness(t, "")
		h.bot.replies = func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "November", Attachments: []bot.Attachment{sheet()}}}
		}
		ru := h.fake.ResponseURL()
		h.command("U9", "C200", "report", ru)
		answer := h.waitCall("response_url", "November")
		if answer.ResponseType != "ephemeral" || !strings.Contains(answer.Text, "direct message") {
			t.Errorf("answer %+v", answer)
		}
		mustHaveFiles(t, h.waitShare("D9", 1)[0], sheet())
	})

	t.Run("CommandInTheDM", func(t *testing.T) {
		// In the DM the files are seen where the answer would be.
		h := newHarness(t, "")
		h.bot.replies = func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "November", Attachments: []bot.Attachment{sheet()}}}
		}
		h.command("U9", "D9", "report", h.fake.ResponseURL())
		if share := h.waitShare("D9", 1)[0]; share.Text != "November" {
			t.Errorf("share %+v", share)
		}
		time.Sleep(100 * time.Millisecond)
		if got := order(h.fake); got != "files.completeUploadExternal" {
			t.Errorf("sent %s, want only the files", got)
		}
	})

	t.Run("CommandInAnotherDM", func(t *testing.T) {
		// "/hr" typed in a DM between two people: the bot is not in it,
		// the files go to the bot's DM with the person.
		h := newHarness(t, "")
		h.bot.replies = func(bot.Incoming) []bot.Reply {
			return []bot.Reply{{Text: "November", Attachments: []bot.Attachment{sheet()}}}
		}
		h.command("U9", "D77", "report", h.fake.ResponseURL())
		answer := h.waitCall("response_url", "November")
		if !strings.Contains(answer.Text, "direct message") {
			t.Errorf("answer %q", answer.Text)
		}
		mustHaveFiles(t, h.waitShare("D9", 1)[0], sheet())
		if n := len(h.fake.FilesIn("D77")); n != 0 {
			t.Errorf("%d shares in the other DM", n)
		}
	})

	t.Run("PressReplacingWithFiles", func(t *testing.T) {
		h := newHarness(t, "")
		h.bot.replies = func(in bot.Incoming) []bot.Reply {
			if in.Action == nil {
				return []bot.Reply{{Text: "Export?", Buttons: [][]bot.Button{{{Label: "CSV", ActionID: "report.csv", Value: "11"}}}}}
			}
			return []bot.Reply{{Text: "Here it is", ReplaceMessage: true, Attachments: []bot.Attachment{sheet()}}}
		}
		h.event("EvF5", dm("U3", "export"))
		req := h.waitCall("chat.postMessage", "Export?")
		btn := req.Buttons()[0]
		h.press("U3", req.Channel, req.TS, btn.ActionID, btn.Value, h.fake.ResponseURL(), false)
		up := h.waitCall("chat.update", "Here it is")
		if up.TS != req.TS || len(up.Buttons()) != 0 {
			t.Errorf("update %+v", up)
		}
		share := h.waitShare("D3", 1)[0]
		mustHaveFiles(t, share, sheet())
		if share.Text != "" {
			t.Errorf("comment %q repeats the updated message", share.Text)
		}
	})
}

func TestRateLimitedUploadIsRetriedOnce(t *testing.T) {
	for _, method := range []string{"files.getUploadURLExternal", "upload_url", "files.completeUploadExternal"} {
		t.Run(method, func(t *testing.T) {
			h := newHarness(t, "")
			img := chart(t)
			h.bot.replies = func(bot.Incoming) []bot.Reply {
				return []bot.Reply{{Text: "chart", Attachments: []bot.Attachment{img}}}
			}
			h.fake.Fail429(method, 1, 1)
			start := time.Now()
			h.event("EvR-"+method, dm("U8", "chart"))
			share := h.waitShare("D8", 1)[0]
			if waited := time.Since(start); waited < time.Second {
				t.Errorf("shared after %v: a 429 with Retry-After 1 must hold it back", waited)
			}
			mustHaveFiles(t, share, img)
			time.Sleep(200 * time.Millisecond)
			if n := len(h.fake.FilesIn("D8")); n != 1 {
				t.Errorf("%d shares, want exactly 1", n)
			}
			if n := len(h.fake.Calls("upload_url")); n != 1 {
				t.Errorf("%d uploads of the bytes, want 1", n)
			}
		})
	}
}

func TestPushWithFiles(t *testing.T) {
	ctx := context.Background()

	t.Run("Keyed", func(t *testing.T) {
		h := newHarness(t, "")
		img, csv := chart(t), sheet()
		replies := []bot.Reply{{Text: "Your November report"}, {Text: "chart and data", Attachments: []bot.Attachment{img, csv}}}
		ref, err := h.a.Push(ctx, "U12", "report:11:12", replies)
		if err != nil {
			t.Fatal(err)
		}
		if got := order(h.fake); got != "chat.postMessage,files.completeUploadExternal,chat.postMessage" {
			t.Fatalf("sent %s", got)
		}
		share := h.fake.FilesIn("D12")[0]
		mustHaveFiles(t, share, img, csv)
		posts := h.fake.Calls("chat.postMessage")
		last := posts[len(posts)-1]
		if share.Text != "" || last.Text != "chart and data" || last.Channel != "D12" {
			t.Errorf("share %q then %+v: the text follows the files, carrying the key", share.Text, last)
		}
		if last.Metadata.EventPayload["key"] != "report:11:12" || last.Metadata.EventPayload["part"] != float64(1) {
			t.Errorf("metadata %+v", last.Metadata)
		}
		if ref != "D12|"+last.TS {
			t.Errorf("ref %q", ref)
		}
		if ok, err := h.a.Delivered(ctx, "U12", "report:11:12"); err != nil || !ok {
			t.Errorf("Delivered = %v, %v", ok, err)
		}
	})

	t.Run("WithButtons", func(t *testing.T) {
		h := newHarness(t, "")
		offer := bot.Reply{Text: "Approve the payroll?", Attachments: []bot.Attachment{sheet()},
			Buttons: [][]bot.Button{{{Label: "Approve", ActionID: "payroll.approve", Value: "r7"}}}}
		ref, err := h.a.Push(ctx, "U12", "approval:7", []bot.Reply{offer})
		if err != nil {
			t.Fatal(err)
		}
		post := h.waitCall("chat.postMessage", "Approve the payroll?")
		if len(post.Buttons()) != 1 || ref != "D12|"+post.TS {
			t.Errorf("message %+v ref %q", post, ref)
		}
		// The offer can be edited like any pushed message.
		if err := h.a.EditPushed(ctx, "U12", ref, bot.Reply{Text: "Approved by Li"}); err != nil {
			t.Fatal(err)
		}
		if up := h.waitCall("chat.update", "Approved by Li"); up.TS != post.TS {
			t.Errorf("update %+v", up)
		}
	})

	t.Run("WithoutKey", func(t *testing.T) {
		h := newHarness(t, "")
		ref, err := h.a.Push(ctx, "U12", "", []bot.Reply{{Text: "the data", Attachments: []bot.Attachment{sheet()}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := order(h.fake); got != "files.completeUploadExternal" {
			t.Errorf("sent %s", got)
		}
		if share := h.fake.FilesIn("D12")[0]; share.Text != "the data" {
			t.Errorf("comment %q", share.Text)
		}
		if ref != "" {
			t.Errorf("ref %q for a file share, which cannot be edited", ref)
		}
	})

	t.Run("CutOffBeforeTheLastMessage", func(t *testing.T) {
		// The files of a keyed push went out and the process died before
		// the message carrying the key: not delivered, sent again whole.
		h := newHarness(t, "")
		api := slackapi.New("xoxb-test", slackapi.OptionAPIURL(h.fake.URL()))
		data := sheet().Data
		if _, err := api.UploadFile(slackapi.UploadFileParameters{Filename: "a.csv", FileSize: len(data), Reader: bytes.NewReader(data), Channel: "D16"}); err != nil {
			t.Fatal(err)
		}
		mustNotBeDelivered(t, h.a, "U16", "report:1:16")
	})

	t.Run("RateLimited", func(t *testing.T) {
		h := newHarness(t, "")
		h.fake.Fail429("files.completeUploadExternal", 1, 1)
		if _, err := h.a.Push(ctx, "U13", "k1", []bot.Reply{{Text: "chart", Attachments: []bot.Attachment{chart(t)}}}); err != nil {
			t.Fatal(err)
		}
		if n := len(h.fake.FilesIn("D13")); n != 1 {
			t.Errorf("%d shares, want 1", n)
		}
	})
}
