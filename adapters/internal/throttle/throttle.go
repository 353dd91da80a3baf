// Package throttle spaces out what the chat adapters send: a token bucket
// per key (a chat, an API method), created on first use and forgotten when
// idle, that a platform's "429, retry after" can pause.
package throttle

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Keyed holds one bucket per key.
type Keyed[K comparable] struct {
	newLimiter func(K) *rate.Limiter

	mu    sync.Mutex
	keys  map[K]*bucket
	swept time.Time
}

type bucket struct {
	*rate.Limiter
	pausedUntil time.Time
	used        time.Time
}

// New returns buckets made by newLimiter, which decides each key's rate.
func New[K comparable](newLimiter func(K) *rate.Limiter) *Keyed[K] {
	return &Keyed[K]{newLimiter: newLimiter, keys: map[K]*bucket{}}
}

// idleAfter is how long an unused bucket is kept: longer than any pause.
const idleAfter = 5 * time.Minute

func (k *Keyed[K]) bucket(key K, now time.Time) *bucket {
	if now.Sub(k.swept) > time.Minute {
		for id, b := range k.keys {
			if now.Sub(b.used) > idleAfter && now.After(b.pausedUntil) {
				delete(k.keys, id)
			}
		}
		k.swept = now
	}
	b, ok := k.keys[key]
	if !ok {
		b = &bucket{Limiter: k.newLimiter(key)}
		k.keys[key] = b
	}
	b.used = now
	return b
}

// Wait blocks until one more send for key may go, or ctx ends.
func (k *Keyed[K]) Wait(ctx context.Context, key K) error {
	k.mu.Lock()
	b := k.bucket(key, time.Now())
	until := b.pausedUntil
	k.mu.Unlock()
	if d := time.Until(until); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return b.Wait(ctx)
}

// Pause holds key back for d, as the platform asked.
func (k *Keyed[K]) Pause(key K, d time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	b := k.bucket(key, time.Now())
	if until := time.Now().Add(d); until.After(b.pausedUntil) {
		b.pausedUntil = until
	}
}

// TryTake takes one send for key if it may go now, without waiting. The
// returned func gives it back, for a caller whose other bucket says no.
func (k *Keyed[K]) TryTake(key K) (giveBack func(), ok bool) {
	now := time.Now()
	k.mu.Lock()
	b := k.bucket(key, now)
	paused := now.Before(b.pausedUntil)
	k.mu.Unlock()
	if paused {
		return nil, false
	}
	r := b.ReserveN(now, 1)
	if !r.OK() || r.DelayFrom(now) > 0 {
		r.CancelAt(now)
		return nil, false
	}
	return func() { r.CancelAt(time.Now()) }, true
}
