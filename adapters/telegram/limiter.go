package telegram

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
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
	limits Limits
	all    *rate.Limiter

	mu     sync.Mutex
	chats  map[int64]*chatLimit
	paused time.Time // after a 429 for the whole bot
	swept  time.Time
}

type chatLimit struct {
	*rate.Limiter
	pausedUntil time.Time
	used        time.Time
}

func newLimiter(l Limits) *limiter {
	return &limiter{limits: l, all: rate.NewLimiter(rate.Limit(l.PerSecond), 1), chats: map[int64]*chatLimit{}}
}

func (l *limiter) chat(id int64) *chatLimit {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > time.Minute {
		// Forget chats idle for a while so the map does not grow forever.
		for k, c := range l.chats {
			if now.Sub(c.used) > 2*time.Minute {
				delete(l.chats, k)
			}
		}
		l.swept = now
	}
	c, ok := l.chats[id]
	if !ok {
		lim := rate.NewLimiter(rate.Limit(l.limits.PerChatSecond), l.limits.ChatBurst)
		if id < 0 {
			lim = rate.NewLimiter(rate.Limit(l.limits.PerGroupMinute/60), l.limits.ChatBurst)
		}
		c = &chatLimit{Limiter: lim}
		l.chats[id] = c
	}
	c.used = now
	return c
}

// wait blocks until a message to chat may go.
func (l *limiter) wait(ctx context.Context, chat int64) error {
	c := l.chat(chat)
	l.mu.Lock()
	until := c.pausedUntil
	if l.paused.After(until) {
		until = l.paused
	}
	l.mu.Unlock()
	if d := time.Until(until); d > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d):
		}
	}
	if err := c.Wait(ctx); err != nil {
		return err
	}
	return l.all.Wait(ctx)
}

// pause holds a chat back after Telegram answered 429 with retry_after.
func (l *limiter) pause(chat int64, d time.Duration) {
	c := l.chat(chat)
	l.mu.Lock()
	c.pausedUntil = time.Now().Add(d)
	l.mu.Unlock()
}
