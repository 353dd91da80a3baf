package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// job is one message or press to handle and where its answers go, kept in
// the intake as JSON; the names are the stored format.
type job struct {
	In bot.Incoming `json:"in"`
	To destination  `json:"to"`
}

// destination is where a turn's replies go: the member, and the card
// pressed with the response code WeCom gave for updating it once.
type destination struct {
	User string `json:"u"`
	Task string `json:"t,omitempty"`
	Code string `json:"c,omitempty"`
}

// workItem handles a job the intake handed over. An item taken again
// after an attempt was cut off is answered even though WeCom's retries
// are quiet: the cut-off attempt may have committed the turn unanswered.
func (a *Adapter) workItem(ctx context.Context, it core.IntakeItem) error {
	var j job
	if err := json.Unmarshal(it.Payload, &j); err != nil {
		return fmt.Errorf("wecom: decode kept job: %w", err)
	}
	if it.Attempts > 1 {
		j.In.QuietRepeat = false
	}
	if j.In.Action == nil {
		// Writing to the app is the way back after its messages failed.
		if err := a.cfg.Accounts.SetBlocked(ctx, core.PlatformWeCom, j.In.UserID, false, time.Now()); err != nil {
			a.log.Warn("wecom unblock", "err", err)
		}
	}
	a.withFetch(&j.In)
	replies, err := a.handle(ctx, j)
	if err != nil {
		a.log.Error("wecom message", "delivery", j.In.DeliveryID, "err", err)
	}
	if err := a.respond(ctx, j.To, replies); err != nil {
		a.log.Error("wecom reply", "delivery", j.In.DeliveryID, "err", err)
	}
	return nil
}

// handleRetryFor is how long an acknowledged message is tried again when
// the bot fails for reasons of ours: WeCom will not send it again.
const handleRetryFor = 90 * time.Second

// handle runs the bot, trying again with backoff while it fails; a failed
// turn kept nothing, so trying again is safe.
func (a *Adapter) handle(ctx context.Context, j job) ([]bot.Reply, error) {
	deadline := time.Now().Add(handleRetryFor)
	wait := 250 * time.Millisecond
	for {
		replies, err := a.turn(ctx, j)
		if err == nil || time.Now().Add(wait).After(deadline) {
			return replies, err
		}
		a.log.Warn("wecom message failed; trying again", "delivery", j.In.DeliveryID, "in", wait, "err", err)
		select {
		case <-ctx.Done():
			return replies, err
		case <-time.After(wait):
		}
		wait = min(2*wait, 8*time.Second)
	}
}

// turn runs the bot once. With a QueuedHandler the replies go through the
// delivery queue (Reply) and only what it could not queue comes back.
func (a *Adapter) turn(ctx context.Context, j job) ([]bot.Reply, error) {
	if a.cfg.Handler == nil {
		return nil, errors.New("wecom: no handler")
	}
	q, ok := a.cfg.Handler.(QueuedHandler)
	if !ok {
		return a.cfg.Handler.Handle(ctx, j.In)
	}
	to, err := json.Marshal(j.To)
	if err != nil {
		return nil, fmt.Errorf("wecom: reply address: %w", err)
	}
	out, err := q.HandleQueued(ctx, j.In, bot.Answer{To: string(to)})
	return append(out.Now, out.Send...), err
}

// Reply sends a turn's queued replies where its message came from: the
// delivery queue's Replier.
func (a *Adapter) Reply(ctx context.Context, to string, replies []bot.Reply) error {
	var d destination
	if err := json.Unmarshal([]byte(to), &d); err != nil || d.User == "" {
		return fmt.Errorf("%w: reply address %q", ErrBlocked, to)
	}
	return a.respond(ctx, d, replies)
}
