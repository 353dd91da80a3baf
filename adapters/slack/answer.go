package slack

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hrbot/hrbot/bot"
)

// QueuedHandler is a Handler that can queue its replies for hrbot's
// delivery queue instead of handing them back (bot.Bot). With one, intake
// workers go on to the next message as soon as a turn commits; the
// answers follow at Slack's limits (Adapter.Reply sends them).
type QueuedHandler interface {
	HandleQueued(ctx context.Context, in bot.Incoming, a bot.Answer) (bot.Answered, error)
}

// turn runs the bot on a job once. It returns what the adapter is to send
// itself: everything with a plain Handler; with a QueuedHandler only what
// the bot could not queue (an invitation, say).
func (a *Adapter) turn(ctx context.Context, j job) ([]bot.Reply, error) {
	q, ok := a.cfg.Handler.(QueuedHandler)
	if !ok {
		return a.cfg.Handler.Handle(ctx, j.in)
	}
	to, err := json.Marshal(j.to.stored())
	if err != nil {
		return nil, errorf("reply address: %w", err)
	}
	out, err := q.HandleQueued(ctx, j.in, bot.Answer{To: string(to)})
	return append(out.Now, out.Send...), err
}

// Reply sends a turn's queued replies where its message came from, as
// they would have been sent at once: the delivery queue's Replier.
func (a *Adapter) Reply(ctx context.Context, to string, replies []bot.Reply) error {
	var d destinationJSON
	if err := json.Unmarshal([]byte(to), &d); err != nil || d.Channel == "" && d.ResponseURL == "" {
		return fmt.Errorf("%w: reply address %q", ErrBlocked, to)
	}
	return a.respond(ctx, d.destination(), replies)
}
