package slack

import (
	"context"
	"time"

	"golang.org/x/time/rate"

	"github.com/hrbot/hrbot/adapters/internal/throttle"
)

// Limits are Slack's sending limits. The defaults follow Slack's published
// ones: chat.postMessage about one message a second per channel (short
// bursts allowed) and a few hundred a minute per workspace; chat.update,
// users.lookupByEmail, conversations.open and conversations.history are
// tier 3 (50 a minute), chat.postEphemeral and views.publish tier 4 (100
// a minute), and so are files.getUploadURLExternal and
// files.completeUploadExternal. Files
// shared in a channel count against its per-channel limit like messages.
type Limits struct {
	PerChannelSecond float64
	ChannelBurst     int
	PostPerMinute    float64
	Tier3PerMinute   float64
	Tier4PerMinute   float64
	// FilesPerMinute limits each of the two upload methods; default
	// Tier4PerMinute.
	FilesPerMinute float64
}

func (l Limits) withDefaults() Limits {
	if l.PerChannelSecond == 0 {
		l.PerChannelSecond = 1
	}
	if l.ChannelBurst == 0 {
		l.ChannelBurst = 3
	}
	if l.PostPerMinute == 0 {
		l.PostPerMinute = 300
	}
	if l.Tier3PerMinute == 0 {
		l.Tier3PerMinute = 50
	}
	if l.Tier4PerMinute == 0 {
		l.Tier4PerMinute = 100
	}
	if l.FilesPerMinute == 0 {
		l.FilesPerMinute = l.Tier4PerMinute
	}
	return l
}

// limiter spaces out calls: a bucket per Web API method for the workspace,
// and one per channel for messages posted there.
type limiter struct {
	methods  *throttle.Keyed[string]
	channels *throttle.Keyed[string]
}

func perMinute(n float64) *rate.Limiter {
	return rate.NewLimiter(rate.Limit(n/60), max(1, int(n/10)))
}

func newLimiter(l Limits) *limiter {
	return &limiter{
		methods: throttle.New(func(method string) *rate.Limiter {
			switch method {
			case "chat.postMessage":
				return perMinute(l.PostPerMinute)
			case "chat.postEphemeral", "views.publish":
				return perMinute(l.Tier4PerMinute)
			case "chat.update", "users.lookupByEmail", "conversations.open", "conversations.history":
				return perMinute(l.Tier3PerMinute)
			case "files.getUploadURLExternal", "files.completeUploadExternal":
				return perMinute(l.FilesPerMinute)
			case "response_url", "upload_url":
				// Not Web API methods. Each response_url takes five answers
				// in half an hour, which the bot never comes near; an upload
				// URL takes one file, and getting it was limited already.
				return rate.NewLimiter(rate.Inf, 1)
			}
			// Other methods: tier 3, the most common.
			return perMinute(l.Tier3PerMinute)
		}),
		channels: throttle.New(func(string) *rate.Limiter {
			return rate.NewLimiter(rate.Limit(l.PerChannelSecond), l.ChannelBurst)
		}),
	}
}

// wait blocks until a call of method may go. A message posted to a
// channel, or files shared there, also waits for the channel.
func (l *limiter) wait(ctx context.Context, method, channel string) error {
	if channel != "" && (method == "chat.postMessage" || method == "files.completeUploadExternal") {
		if err := l.channels.Wait(ctx, channel); err != nil {
			return err
		}
	}
	return l.methods.Wait(ctx, method)
}

// pause holds a method back after Slack answered 429: its limits are per
// workspace, so every channel waits.
func (l *limiter) pause(method, channel string, d time.Duration) {
	l.methods.Pause(method, d)
	if channel != "" {
		l.channels.Pause(channel, d)
	}
}
