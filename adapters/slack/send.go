package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// destination is where the answers to one message or press go.
type destination struct {
	channel string
	user    string
	private bool // the bot's DM with user
	// threadTS answers a mention in a thread under it.
	threadTS string
	// responseURL answers commands and presses on ephemeral messages,
	// which the Web API cannot reach.
	responseURL string
	command     bool
	pressed     bool   // the answer to a button press
	pressedTS   string // the message whose button was pressed
	ephemeral   bool   // ... and it was ephemeral
	// home is set for the Home tab: opened (no message, the Home is
	// published) or a button on it pressed (answered in the DM).
	home bool
}

// respond sends the bot's replies:
//   - a refusal after a press is shown only to the presser and leaves the
//     message as it was;
//   - a reply replacing the pressed message updates it (chat.update, or the
//     response_url for an ephemeral message), buttons gone;
//   - answers to /hr are ephemeral, through the response_url;
//   - private answers in a channel are ephemeral; the rest is posted.
//
// Files go with the message where it is one everybody there sees (see
// share); after an update, as a message of their own below. What only
// the person sees cannot carry files: those go to their DM (see privately).
func (a *Adapter) respond(ctx context.Context, to destination, replies []bot.Reply) error {
	pressed := to.pressed
	for _, r := range replies {
		eph := func(r bot.Reply) error { return a.ephemeral(ctx, to, r) }
		var err error
		switch {
		case pressed && r.Error:
			err = a.privately(ctx, to, r, eph)
		case pressed && r.ReplaceMessage && to.ephemeral && to.responseURL != "":
			err = a.privately(ctx, to, r, func(r bot.Reply) error { return a.webhook(ctx, to.responseURL, r, "", true) })
		case pressed && r.ReplaceMessage && to.pressedTS != "":
			err = a.update(ctx, to.channel, to.pressedTS, r)
			if files := r.Files(); err == nil && len(files) > 0 {
				err = a.upload(ctx, to.channel, to.channel, "", "", files)
			}
		case to.command || (pressed && to.ephemeral):
			err = a.privately(ctx, to, r, eph)
		case r.Ephemeral && !to.private:
			err = a.privately(ctx, to, r, eph)
		default:
			_, _, err = a.send(ctx, to.channel, to.threadTS, r)
		}
		if err != nil && !errors.Is(err, ErrBlocked) {
			return err
		}
	}
	return nil
}

// send posts r to a conversation everybody in it sees, in a thread under
// threadTS when set; its files are shared with it.
func (a *Adapter) send(ctx context.Context, channel, threadTS string, r bot.Reply) (string, string, error) {
	if len(r.Files()) > 0 {
		return a.share(ctx, channel, channel, threadTS, r, false)
	}
	var extra []slackapi.MsgOption
	if threadTS != "" {
		extra = append(extra, slackapi.MsgOptionTS(threadTS))
	}
	return a.post(ctx, channel, r, extra...)
}

// ephemeral shows r to the person alone: through the response_url when
// there is one (it also reaches where the bot is not a member), else with
// chat.postEphemeral.
func (a *Adapter) ephemeral(ctx context.Context, to destination, r bot.Reply) error {
	if to.responseURL != "" {
		return a.webhook(ctx, to.responseURL, r, slackapi.ResponseTypeEphemeral, false)
	}
	return a.call(ctx, "chat.postEphemeral", to.channel, func() error {
		_, err := a.api.PostEphemeralContext(ctx, to.channel, to.user, message(r)...)
		return err
	})
}

// post sends r to a channel, or to a user id (the bot's DM with them), and
// returns the channel and timestamp Slack gave it.
func (a *Adapter) post(ctx context.Context, channel string, r bot.Reply, extra ...slackapi.MsgOption) (string, string, error) {
	var gotChannel, ts string
	err := a.call(ctx, "chat.postMessage", channel, func() error {
		var err error
		gotChannel, ts, err = a.api.PostMessageContext(ctx, channel, append(message(r), extra...)...)
		return err
	})
	return gotChannel, ts, err
}

// update replaces a message the bot sent; without buttons in r, the old
// ones disappear.
func (a *Adapter) update(ctx context.Context, channel, ts string, r bot.Reply) error {
	return a.call(ctx, "chat.update", channel, func() error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, channel, ts, message(r)...)
		return err
	})
}

func (a *Adapter) webhook(ctx context.Context, responseURL string, r bot.Reply, responseType string, replace bool) error {
	blocks := blocks(r)
	msg := &slackapi.WebhookMessage{
		Text: fallback(r.Text), Blocks: &slackapi.Blocks{BlockSet: blocks},
		ResponseType: responseType, ReplaceOriginal: replace,
	}
	return a.call(ctx, "response_url", "", func() error {
		return slackapi.PostWebhookCustomHTTPContext(ctx, responseURL, a.http, msg)
	})
}

// ErrBlocked means the person cannot be written to: they left the
// workspace, or their DM with the bot is closed to it.
var ErrBlocked = errors.New("slack: account refuses messages")

// refusals are Slack's answers meaning "this account cannot be written to".
var refusals = map[string]bool{
	"user_not_found": true, "account_inactive": true, "cannot_dm_bot": true,
	"user_disabled": true, "channel_not_found": true, "is_archived": true,
	"messages_tab_disabled": true,
}

// maxRateLimitRetries bounds how often one call waits out a 429.
const maxRateLimitRetries = 10

// call runs one Web API call: it waits for the method's and the channel's
// rate limits, waits out 429s as long as Slack asks (the call failed, so
// retrying sends nothing twice), and records accounts that refuse.
func (a *Adapter) call(ctx context.Context, method, channel string, fn func() error) error {
	for attempt := 0; ; attempt++ {
		if err := a.limiter.wait(ctx, method, channel); err != nil {
			return err
		}
		err := fn()
		var limited *slackapi.RateLimitedError
		var refused slackapi.SlackErrorResponse
		switch {
		case err == nil:
			return nil
		case errors.As(err, &limited) && attempt < maxRateLimitRetries:
			wait := max(limited.RetryAfter, time.Second)
			a.log.Info("slack rate limited", "method", method, "retry_after", wait)
			a.limiter.pause(method, channel, wait)
			continue
		case errors.As(err, &refused) && refusals[refused.Err]:
			if isUserID(channel) {
				if berr := a.cfg.Accounts.SetBlocked(ctx, core.PlatformSlack, channel, true, time.Now()); berr != nil {
					a.log.Error("record refusing account", "err", berr)
				}
			}
			return fmt.Errorf("%w (%s)", ErrBlocked, refused.Err)
		}
		return errorf("%s: %w", method, err)
	}
}

func isUserID(id string) bool { return strings.HasPrefix(id, "U") || strings.HasPrefix(id, "W") }

// Limits on what Block Kit takes.
const (
	maxSectionText = 3000
	maxButtonLabel = 75
	maxBlocks      = 50
	maxRowButtons  = 25
	maxMessageText = 40000
)

// message renders a reply as a Block Kit message with a plain-text
// fallback (shown in notifications).
func message(r bot.Reply) []slackapi.MsgOption {
	return []slackapi.MsgOption{slackapi.MsgOptionText(fallback(r.Text), true), slackapi.MsgOptionBlocks(blocks(r)...)}
}

func fallback(text string) string { return truncate(text, maxMessageText) }

// blocks lays a reply out: its text in sections (plain text, so nothing a
// person typed turns into markup), each row of buttons in an actions block.
// A button's action_id is the bot's action id with "#n" added, because
// Slack wants them unique within a message; its value is the bot's opaque
// reference.
func blocks(r bot.Reply) []slackapi.Block {
	var out []slackapi.Block
	for _, part := range split(r.Text, maxSectionText) {
		out = append(out, slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, part, true, false), nil, nil))
	}
	n := 0
	for i, row := range r.Buttons {
		var elems []slackapi.BlockElement
		for _, b := range row {
			if len(elems) == maxRowButtons {
				break
			}
			n++
			elems = append(elems, slackapi.NewButtonBlockElement(fmt.Sprintf("%s#%d", b.ActionID, n), b.Value,
				slackapi.NewTextBlockObject(slackapi.PlainTextType, truncate(b.Label, maxButtonLabel), true, false)))
		}
		if len(elems) > 0 {
			out = append(out, slackapi.NewActionBlock(fmt.Sprintf("row%d", i), elems...))
		}
	}
	if len(out) > maxBlocks {
		out = out[:maxBlocks]
	}
	return out
}

// split cuts text into parts of at most n bytes, at line ends where it can.
func split(text string, n int) []string {
	if text == "" {
		return []string{" "}
	}
	var parts []string
	for len(text) > n {
		cut := strings.LastIndexByte(text[:n], '\n')
		if cut <= 0 {
			cut = len(truncate(text, n))
		}
		parts = append(parts, text[:cut])
		text = strings.TrimPrefix(text[cut:], "\n")
	}
	return append(parts, text)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
