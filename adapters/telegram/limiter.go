package telegram

import (
	"context"
	"time"

	"golang.org/x/time/rate"

	"github.com/hrbot/hrbot/adapters/internal/throttle"
)

// Limits are Telegram's sending limits. The defaults are the published
// ones: about 30 messages a second in all, one a second per chat (short
// bursts allowed), 20 a minute per group.
type Limits struct {
	PerSecond      float64
	PerChatSecond  float64
	ChatBurst      int
	PerGroupMinute float64
}

func (l Limits) withDefaults() Limits {
	if l.PerSecond == 0 {
		l.PerSecond = 30
	}
	if l.PerChatSecond == 0 {
		l.PerChatSecond = 1
	}
	if l.ChatBurst == 0 {
		l.ChatBurst = 3
	}
	if l.PerGroupMinute == 0 {
		l.PerGroupMinute = 20
	}
	return l
}

// limiter spaces out sends: one bucket for the bot, one per chat. Groups
// have negative chat ids in Telegram.
type limiter struct {
	all   *rate.Limiter
	chats *throttle.Keyed[int64]
}

func newLimiter(l Limits) *limiter {
	return &limiter{
		// A burst of a thirtieth of a second's worth: one at Telegram's
		// own 30 a second; at a lifted limit, the concurrent answers of a
		// storm that arrive within the same instant.
		all: rate.NewLimiter(rate.Limit(l.PerSecond), max(1, int(l.PerSecond/30))),
		chats: throttle.New(func(id int64) *rate.Limiter {
			if id < 0 {
				return rate.NewLimiter(rate.Limit(l.PerGroupMinute/60), l.ChatBurst)
			}
			return rate.NewLimiter(rate.Limit(l.PerChatSecond), l.ChatBurst)
		}),
	}
}

// wait blocks until a message to chat may go.
func (l *limiter) wait(ctx context.Context, chat int64) error {
	if err := l.chats.Wait(ctx, chat); err != nil {
		return err
	}
	return l.all.Wait(ctx)
}

// pause holds a chat back after Telegram answered 429 with retry_after.
func (l *limiter) pause(chat int64, d time.Duration) { l.chats.Pause(chat, d) }

// allow takes a send to chat if the limits let it go now, without waiting.
func (l *limiter) allow(chat int64) bool {
	giveBack, ok := l.chats.TryTake(chat)
	if !ok {
		return false
	}
	if !l.all.Allow() {
		giveBack()
		return false
	}
	return true
}
