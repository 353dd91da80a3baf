package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/hrbot/hrbot/bot"
)

// deliveryEvent is the metadata event type on pushed messages. Its payload
// is {"key": delivery key, "part": i, "parts": n}: part i of the n
// messages of one push.
const deliveryEvent = "hrbot_delivery"

// historyLimit is how many of a DM's latest messages Delivered reads.
const historyLimit = 100

// Push sends replies to a person's direct messages with the bot: what the
// delivery queue calls for approval requests, reminders and broadcasts.
// An account that refuses is recorded and ErrBlocked returned.
//
// With a key (the delivery's), every message carries it in its metadata,
// so that Delivered can tell afterwards whether the push went out.
//
// A reply with attachments is shared in the DM (opened with
// conversations.open) as one message of files, its text their comment —
// except when a message must follow the files: for the reply's buttons, or
// to carry the key when it is the push's last reply (a file share cannot
// carry metadata, and Delivered looks for the key on the last message).
// Then the files go without a comment and the text and buttons follow.
//
// It returns a reference to the last message ("channel|ts") for
// EditPushed; "" when the push ended in a file share, which cannot be
// edited (only without a key).
func (a *Adapter) Push(ctx context.Context, userID, key string, replies []bot.Reply) (string, error) {
	var ref string
	for i, r := range replies {
		metadata := deliveryMetadata(key, i, len(replies))
		var channel, ts string
		var err error
		if len(r.Files()) == 0 {
			// Posting to a user id lands in the bot's DM with them.
			channel, ts, err = a.post(ctx, userID, r, metadata...)
		} else {
			var dm string
			if dm, err = a.dm(ctx, userID); err == nil {
				last := key != "" && i == len(replies)-1
				channel, ts, err = a.share(ctx, userID, dm, "", r, last, metadata...)
			}
		}
		if err != nil {
			return "", err
		}
		ref = ""
		if ts != "" {
			ref = channel + "|" + ts
		}
	}
	return ref, nil
}

// EditPushed replaces a pushed message (ref from Push) with r, buttons and
// all: an offer someone else took becomes "taken, thanks".
func (a *Adapter) EditPushed(ctx context.Context, _ string, ref string, r bot.Reply) error {
	channel, ts, ok := strings.Cut(ref, "|")
	if !ok {
		return fmt.Errorf("slack: bad message reference %q", ref)
	}
	return a.update(ctx, channel, ts, r)
}

// deliveryMetadata marks part i of a push of n messages with its key;
// nothing without a key.
func deliveryMetadata(key string, i, n int) []slackapi.MsgOption {
	if key == "" {
		return nil
	}
	return []slackapi.MsgOption{slackapi.MsgOptionMetadata(slackapi.SlackMetadata{
		EventType:    deliveryEvent,
		EventPayload: map[string]any{"key": key, "part": i, "parts": n},
	})}
}

// Delivered reports whether the push with key reached the person: whether
// the last message of it is among the latest 100 of their DM with the bot.
// The delivery queue asks when an attempt died between Slack accepting
// the messages and the outcome being recorded. A push cut off before its
// last message counts as not delivered and is sent again whole.
//
// It opens the DM (conversations.open, scope im:write) and reads its
// history with metadata (conversations.history, scope im:history). An
// account that refuses is recorded and ErrBlocked returned.
func (a *Adapter) Delivered(ctx context.Context, userID, key string) (bool, error) {
	if key == "" {
		return false, nil // pushes without a key carry nothing to find
	}
	channel, err := a.dm(ctx, userID)
	if err != nil {
		return false, err
	}
	var history *slackapi.GetConversationHistoryResponse
	err = a.call(ctx, "conversations.history", channel, func() error {
		var err error
		history, err = a.api.GetConversationHistoryContext(ctx, &slackapi.GetConversationHistoryParameters{
			ChannelID: channel, Limit: historyLimit, IncludeAllMetadata: true,
		})
		return err
	})
	if err != nil {
		return false, err
	}
	for _, m := range history.Messages {
		if isLastPart(m.Metadata, key) {
			return true, nil
		}
	}
	return false, nil
}

// dm returns the channel of the bot's DM with a person, opening it
// (conversations.open, scope im:write) the first time. An account that
// refuses is recorded and ErrBlocked returned.
func (a *Adapter) dm(ctx context.Context, userID string) (string, error) {
	a.mu.Lock()
	channel, ok := a.dms[userID]
	a.mu.Unlock()
	if ok {
		return channel, nil
	}
	err := a.call(ctx, "conversations.open", userID, func() error {
		ch, _, _, err := a.api.OpenConversationContext(ctx, &slackapi.OpenConversationParameters{Users: []string{userID}})
		if err != nil {
			return err
		}
		if ch == nil || ch.ID == "" {
			return errors.New("no channel in the answer")
		}
		channel = ch.ID
		return nil
	})
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	a.dms[userID] = channel
	a.mu.Unlock()
	return channel, nil
}

// isLastPart reports whether md marks the last message of the push with key.
func isLastPart(md slackapi.SlackMetadata, key string) bool {
	if md.EventType != deliveryEvent {
		return false
	}
	got, _ := md.EventPayload["key"].(string)
	// JSON numbers decode as float64.
	part, ok1 := md.EventPayload["part"].(float64)
	parts, ok2 := md.EventPayload["parts"].(float64)
	return got == key && ok1 && ok2 && part == parts-1
}
