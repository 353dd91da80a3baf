package slackfake_test

import (
	"testing"

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
