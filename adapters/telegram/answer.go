package telegram

// Answering without waiting: a turn's replies go out through hrbot's
// delivery queue (Adapter.Reply sends them there), and in webhook mode one
// short reply may ride on the webhook's own HTTP answer when the send
// limits allow it then.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hrbot/hrbot/bot"
)

// QueuedHandler is a Handler that can queue its replies instead of handing
// them all back (bot.Bot). With one, updates are answered as soon as their
// turn commits, whatever the send limits.
type QueuedHandler interface {
	HandleQueued(ctx context.Context, in bot.Incoming, a bot.Answer) (bot.Answered, error)
}

// address is where the replies to one update go: Answer.To, given back to
// Reply by the delivery queue.
type address struct {
	Chat    int64 `json:"c"`
	User    int64 `json:"u"`
	Private bool  `json:"p,omitempty"`
	Pressed int   `json:"m,omitempty"` // the message whose button was pressed
	Media   bool  `json:"f,omitempty"` // ... a photo or document
}

func (ad address) String() string {
	b, _ := json.Marshal(ad) // ints and bools: cannot fail
	return string(b)
}

// Reply sends a turn's queued replies where the update came from, as they
// would have been sent at once: the delivery queue's Replier.
func (a *Adapter) Reply(ctx context.Context, to string, replies []bot.Reply) error {
	var ad address
	if err := json.Unmarshal([]byte(to), &ad); err != nil || ad.Chat == 0 {
		return fmt.Errorf("%w: reply address %q", ErrBlocked, to)
	}
	return a.respond(ctx, ad.Chat, ad.User, ad.Private, pressed{id: ad.Pressed, media: ad.Media}, replies)
}

// handle runs the bot on in. With a QueuedHandler, replies that may go
// on the webhook's answer come back as now (only when inline is set) and
// the rest are queued; otherwise, or when the bot could not queue them,
// they come back as send, for the adapter to send itself.
func (a *Adapter) handle(ctx context.Context, in bot.Incoming, to address, split func([]bot.Reply) (now, later []bot.Reply)) (now, send []bot.Reply, err error) {
	q, ok := a.cfg.Handler.(QueuedHandler)
	if !ok {
		send, err = a.cfg.Handler.Handle(ctx, in)
		return nil, send, err
	}
	out, err := q.HandleQueued(ctx, in, bot.Answer{To: to.String(), Split: split})
	return out.Now, out.Send, err
}

// textNow keeps a lone text reply for the webhook's answer when a message
// to chat may go now; anything else is queued.
func (a *Adapter) textNow(chat int64) func([]bot.Reply) (now, later []bot.Reply) {
	return func(replies []bot.Reply) (now, later []bot.Reply) {
		if len(replies) != 1 || len(replies[0].Files()) > 0 || replies[0].ReplaceMessage || !a.limiter.allow(chat) {
			return nil, replies
		}
		return replies, nil
	}
}

// refusalNow keeps a press's refusal ("already approved by Li") for the
// answer to the press; the rest is queued.
func refusalNow(replies []bot.Reply) (now, later []bot.Reply) {
	for i, r := range replies {
		if r.Error {
			later = append(append(later, replies[:i]...), replies[i+1:]...)
			return []bot.Reply{r}, later
		}
	}
	return nil, replies
}

// webhookAnswer is a Bot API method call carried by the HTTP answer to a
// webhook request, which Telegram then makes on the bot's behalf (it
// reports no result back).
type webhookAnswer map[string]any

func sendMessageAnswer(chat int64, r bot.Reply) webhookAnswer {
	out := webhookAnswer{"method": "sendMessage", "chat_id": chat, "text": truncate(r.Text, maxText)}
	if kb := keyboard(r); kb != nil {
		out["reply_markup"] = kb
	}
	return out
}

func answerCallbackAnswer(queryID, text string) webhookAnswer {
	out := webhookAnswer{"method": "answerCallbackQuery", "callback_query_id": queryID}
	if text != "" {
		out["text"] = truncate(text, 200)
	}
	return out
}
