package slackfake_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
)

// TestHistoryWithSlackGo reads the fake's DMs and history back with the
// real client, as the adapter does.
func TestHistoryWithSlackGo(t *testing.T) {
	fake := slackfake.New("xoxb-test", "")
	t.Cleanup(fake.Close)
	api := slackapi.New("xoxb-test", slackapi.OptionAPIURL(fake.URL()))

	ch, _, _, err := api.OpenConversation(&slackapi.OpenConversationParameters{Users: []string{"U5"}})
	if err != nil {
		t.Fatal(err)
	}
	if ch.ID != slackfake.DMChannel("U5") {
		t.Fatalf("DM channel %q, want %q", ch.ID, slackfake.DMChannel("U5"))
	}
	meta := slackapi.SlackMetadata{EventType: "hrbot_delivery", EventPayload: map[string]any{"key": "k1", "part": 0, "parts": 1}}
	_, first, err := api.PostMessage("U5", slackapi.MsgOptionText("first", false), slackapi.MsgOptionMetadata(meta))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessage(ch.ID, slackapi.MsgOptionText("in a thread", false), slackapi.MsgOptionTS(first)); err != nil {
		t.Fatal(err)
	}
	_, second, err := api.PostMessage(ch.ID, slackapi.MsgOptionText("second", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.UpdateMessage(ch.ID, second, slackapi.MsgOptionText("second, edited", false)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessage("U6", slackapi.MsgOptionText("someone else's", false)); err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		h, err := api.GetConversationHistory(&slackapi.GetConversationHistoryParameters{ChannelID: ch.ID, Limit: 100, IncludeAllMetadata: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Messages) != 2 || h.HasMore {
			t.Fatalf("history %+v, want the two messages outside threads", h.Messages)
		}
		newest, oldest := h.Messages[0], h.Messages[1]
		if newest.Timestamp != second || newest.Text != "second, edited" || newest.Metadata.EventType != "" {
			t.Errorf("newest %+v", newest.Msg)
		}
		if oldest.Timestamp != first || oldest.Text != "first" || oldest.User != slackfake.BotUserID ||
			oldest.Metadata.EventType != "hrbot_delivery" || oldest.Metadata.EventPayload["key"] != "k1" ||
			oldest.Metadata.EventPayload["parts"] != float64(1) {
			t.Errorf("oldest %+v", oldest.Msg)
		}
	})

	t.Run("WithoutMetadata", func(t *testing.T) {
		h, err := api.GetConversationHistory(&slackapi.GetConversationHistoryParameters{ChannelID: ch.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Messages) != 2 || h.Messages[1].Metadata.EventType != "" {
			t.Errorf("history %+v: metadata only when asked for", h.Messages)
		}
	})

	t.Run("Limit", func(t *testing.T) {
		h, err := api.GetConversationHistory(&slackapi.GetConversationHistoryParameters{ChannelID: ch.ID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Messages) != 1 || h.Messages[0].Timestamp != second || !h.HasMore {
			t.Errorf("history %+v has_more %v, want the newest and more", h.Messages, h.HasMore)
		}
	})

	t.Run("ErrInvalidMetadata", func(t *testing.T) {
		_, _, err := api.PostMessage(ch.ID, slackapi.MsgOptionText("x", false), slackapi.MsgOptionMetadata(slackapi.SlackMetadata{}))
		if err == nil || err.Error() != "invalid_metadata_format" {
			t.Errorf("err %v, want invalid_metadata_format", err)
		}
	})
}

// TestUploadWithSlackGo uploads files with the real client, the way
// slack-go does it in one call and step by step.
func TestUploadWithSlackGo(t *testing.T) {
	fake := slackfake.New("xoxb-test", "")
	t.Cleanup(fake.Close)
	api := slackapi.New("xoxb-test", slackapi.OptionAPIURL(fake.URL()))
	data := []byte("name,days\nLi,21\n")

	t.Run("OK", func(t *testing.T) {
		f, err := api.UploadFile(slackapi.UploadFileParameters{Filename: "days.csv", FileSize: len(data), Reader: bytes.NewReader(data),
			Channel: "C1", InitialComment: "the days", ThreadTimestamp: "1.000001"})
		if err != nil {
			t.Fatal(err)
		}
		shared := fake.FilesIn("C1")
		if len(shared) != 1 {
			t.Fatalf("shared %+v", shared)
		}
		c := shared[0]
		if c.Text != "the days" || c.ThreadTS != "1.000001" || c.TS == "" || len(c.Files) != 1 {
			t.Fatalf("share %+v", c)
		}
		got := c.Files[0]
		if got.ID != f.ID || got.Name != "days.csv" || got.Title != "days.csv" || got.Size != len(data) || !bytes.Equal(got.Data, data) {
			t.Errorf("file %+v", got)
		}
		if n := len(fake.Calls("upload_url")); n != 1 {
			t.Errorf("%d uploads", n)
		}
	})

	t.Run("SharedInHistory", func(t *testing.T) {
		ch, _, _, err := api.OpenConversation(&slackapi.OpenConversationParameters{Users: []string{"U9"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := api.UploadFile(slackapi.UploadFileParameters{Filename: "a.csv", FileSize: len(data), Reader: bytes.NewReader(data),
			Channel: ch.ID, InitialComment: "report"}); err != nil {
			t.Fatal(err)
		}
		h, err := api.GetConversationHistory(&slackapi.GetConversationHistoryParameters{ChannelID: ch.ID, IncludeAllMetadata: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Messages) != 1 || h.Messages[0].Text != "report" || len(h.Messages[0].Files) != 1 ||
			h.Messages[0].Files[0].Name != "a.csv" || h.Messages[0].Metadata.EventType != "" {
			t.Errorf("history %+v", h.Messages)
		}
	})

	t.Run("ErrUserID", func(t *testing.T) {
		// Files are shared in a conversation; a user id is not one.
		_, err := api.UploadFile(slackapi.UploadFileParameters{Filename: "a.csv", FileSize: len(data), Reader: bytes.NewReader(data), Channel: "U9"})
		if err == nil || !strings.Contains(err.Error(), "channel_not_found") {
			t.Errorf("err %v, want channel_not_found", err)
		}
	})

	t.Run("ErrNotUploaded", func(t *testing.T) {
		u, err := api.GetUploadURLExternalContext(context.Background(), slackapi.GetUploadURLExternalParameters{FileName: "b.csv", FileSize: 3})
		if err != nil {
			t.Fatal(err)
		}
		_, err = api.CompleteUploadExternalContext(context.Background(), slackapi.CompleteUploadExternalParameters{Files: []slackapi.FileSummary{{ID: u.FileID}}, Channel: "C1"})
		if err == nil || err.Error() != "file_not_found" {
			t.Errorf("err %v, want file_not_found", err)
		}
	})

	t.Run("RateLimitedUploadURL", func(t *testing.T) {
		fake.Fail429("upload_url", 1, 2)
		u, err := api.GetUploadURLExternalContext(context.Background(), slackapi.GetUploadURLExternalParameters{FileName: "c.csv", FileSize: len(data)})
		if err != nil {
			t.Fatal(err)
		}
		err = api.UploadToURL(context.Background(), slackapi.UploadToURLParameters{UploadURL: u.UploadURL, Filename: "c.csv", Reader: bytes.NewReader(data)})
		var limited *slackapi.RateLimitedError
		if !errors.As(err, &limited) || limited.RetryAfter != 2*time.Second {
			t.Errorf("err %v, want a RateLimitedError of 2s", err)
		}
	})
}

// TestHoldWithSlackGo: a held call waits; one whose client gives up is
// never carried out, one still waiting at the release is.
func TestHoldWithSlackGo(t *testing.T) {
	fake := slackfake.New("xoxb-test", "")
	t.Cleanup(fake.Close)
	api := slackapi.New("xoxb-test", slackapi.OptionAPIURL(fake.URL()))
	release := fake.Hold("chat.postMessage")
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error, 1)
	go func() {
		_, _, err := api.PostMessageContext(ctx, "D1", slackapi.MsgOptionText("abandoned", false))
		gaveUp <- err
	}()
	waited := make(chan error, 1)
	go func() {
		_, _, err := api.PostMessage("D1", slackapi.MsgOptionText("waited", false))
		waited <- err
	}()
	for deadline := time.Now().Add(10 * time.Second); fake.Held("chat.postMessage") < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d calls held, want 2", fake.Held("chat.postMessage"))
		}
	}
	cancel()
	if err := <-gaveUp; err == nil {
		t.Fatal("the abandoned call succeeded")
	}
	for deadline := time.Now().Add(10 * time.Second); fake.Held("chat.postMessage") > 1; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the abandoned call is still held")
		}
	}
	release()
	if err := <-waited; err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls("chat.postMessage")
	if len(calls) != 1 || calls[0].Text != "waited" {
		t.Errorf("carried out %+v, want only the call that waited", calls)
	}
}
