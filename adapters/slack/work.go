package slack

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// job is one message or press to handle and where its answers go. It is
// kept in the intake as JSON between its acknowledgement and its handling.
type job struct {
	in bot.Incoming
	to destination
}

// jobJSON is a job as the intake keeps it.
type jobJSON struct {
	In bot.Incoming    `json:"in"`
	To destinationJSON `json:"to"`
}

// destinationJSON is a destination as the intake keeps it; the names are
// the stored format, kept when destination's fields are renamed.
type destinationJSON struct {
	Channel     string `json:"channel"`
	User        string `json:"user"`
	Private     bool   `json:"private,omitempty"`
	ThreadTS    string `json:"thread_ts,omitempty"`
	ResponseURL string `json:"response_url,omitempty"`
	Command     bool   `json:"command,omitempty"`
	Pressed     bool   `json:"pressed,omitempty"`
	PressedTS   string `json:"pressed_ts,omitempty"`
	Ephemeral   bool   `json:"ephemeral,omitempty"`
	Home        bool   `json:"home,omitempty"`
}

func (d destination) stored() destinationJSON {
	return destinationJSON{
		Channel: d.channel, User: d.user, Private: d.private, ThreadTS: d.threadTS, ResponseURL: d.responseURL,
		Command: d.command, Pressed: d.pressed, PressedTS: d.pressedTS, Ephemeral: d.ephemeral, Home: d.home,
	}
}

func (d destinationJSON) destination() destination {
	return destination{
		channel: d.Channel, user: d.User, private: d.Private, threadTS: d.ThreadTS, responseURL: d.ResponseURL,
		command: d.Command, pressed: d.Pressed, pressedTS: d.PressedTS, ephemeral: d.Ephemeral, home: d.Home,
	}
}

func (j job) MarshalJSON() ([]byte, error) {
	return json.Marshal(jobJSON{In: j.in, To: j.to.stored()})
}

func (j *job) UnmarshalJSON(b []byte) error {
	var v jobJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*j = job{in: v.In, to: v.To.destination()}
	return nil
}

// putTimeout bounds keeping a job before Slack is answered: Slack gives up
// on an answer after three seconds and sends the event again.
const putTimeout = 2500 * time.Millisecond

// keep writes a job to the intake, one person's in the order they came,
// and wakes the workers. When it returns nil the job is committed and
// Slack may be acknowledged; a delivery id kept already (a retry of an
// event that is waiting or was handled lately) is not kept again.
func (a *Adapter) keep(ctx context.Context, j job) error {
	ctx, cancel := context.WithTimeout(ctx, putTimeout)
	defer cancel()
	return a.intake.Put(ctx, j.in.UserID, j.in.DeliveryID, j)
}

// workItem handles a job the intake handed over. An item taken again after
// an attempt was cut off (a process killed, a shutdown past its grace) is
// answered even when it is a Slack retry: the cut-off attempt may have
// committed the turn without answering, and the bot then answers with the
// replies it kept. A Slack retry of an event kept before never reaches
// here: the intake recognises its delivery id.
func (a *Adapter) workItem(ctx context.Context, it core.IntakeItem) error {
	var j job
	if err := json.Unmarshal(it.Payload, &j); err != nil {
		return errorf("decode kept job: %w", err)
	}
	if it.Attempts > 1 {
		j.in.QuietRepeat = false
	}
	a.work(ctx, j)
	return nil
}

// work processes one job: the bot's turn, then its answers. The Home tab
// opened is published; a press on it is a turn answered in the DM, and
// the Home is published again to show what changed.
func (a *Adapter) work(ctx context.Context, j job) {
	if j.to.home {
		if j.in.Action == nil {
			a.showHome(ctx, j.in.UserID)
			return
		}
		j = a.toDM(ctx, j)
		defer a.showHome(ctx, j.in.UserID)
	}
	if j.in.Private && j.in.Action == nil {
		// Writing to the bot is the way back after its messages failed.
		if err := a.cfg.Accounts.SetBlocked(ctx, core.PlatformSlack, j.in.UserID, false, time.Now()); err != nil {
			a.log.Warn("slack unblock", "err", err)
		}
	}
	a.withFetch(&j.in)
	replies, err := a.handle(ctx, j)
	if err != nil {
		// The bot kept nothing and its replies carry the apology: Slack
		// was answered already and will not send this again.
		a.log.Error("slack message", "delivery", j.in.DeliveryID, "err", err)
	}
	if err := a.respond(ctx, j.to, replies); err != nil {
		a.log.Error("slack reply", "delivery", j.in.DeliveryID, "err", err)
	}
}

// handleRetryFor is how long an acknowledged message is tried again when
// the bot fails for reasons of ours (the database restarting, say): Slack
// was answered already and will not send it again, so hrbot does.
const handleRetryFor = 90 * time.Second

// handle runs the bot, trying again with backoff while it fails for
// reasons of ours. Each failed attempt kept nothing (the bot undoes the
// turn, delivery id included), so trying again is safe.
func (a *Adapter) handle(ctx context.Context, j job) ([]bot.Reply, error) {
	in := j.in
	deadline := time.Now().Add(handleRetryFor)
	wait := 250 * time.Millisecond
	for {
		replies, err := a.turn(ctx, j)
		if err == nil || time.Now().Add(wait).After(deadline) {
			return replies, err
		}
		a.log.Warn("slack message failed; trying again", "delivery", in.DeliveryID, "in", wait, "err", err)
		select {
		case <-ctx.Done():
			return replies, err
		case <-time.After(wait):
		}
		wait = min(2*wait, 8*time.Second)
	}
}
