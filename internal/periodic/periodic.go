// Package periodic runs background work at an interval, one pass at a
// time, each pass bounded by a timeout, until its context ends.
package periodic

import (
	"context"
	"time"
)

// Option changes how Every runs.
type Option func(*options)

type options struct {
	passed chan<- error
}

// Passed reports each finished pass's error (nil for a good pass) on ch, so
// a test can wait for a pass instead of sleeping. Every blocks until the
// report is taken or ctx ends: give a buffered channel, or read it.
func Passed(ch chan<- error) Option {
	return func(o *options) { o.passed = ch }
}

// Every calls fn at once and then every interval until ctx ends. Passes
// never overlap: one that takes longer than interval is followed at once
// by the next. Each pass gets a context of its own that ends after timeout
// (interval when timeout is 0), keeping ctx's values but not its
// cancellation: a pass under way when ctx ends is finished, up to its
// timeout, and Every returns after it. What fn does with its errors (log
// them, count them) is up to fn; Every only passes them to Passed.
func Every(ctx context.Context, interval, timeout time.Duration, fn func(ctx context.Context) error, opts ...Option) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if timeout <= 0 {
		timeout = interval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if ctx.Err() != nil {
			return
		}
		err := pass(ctx, timeout, fn)
		if o.passed != nil {
			select {
			case o.passed <- err:
			case <-ctx.Done():
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func pass(ctx context.Context, timeout time.Duration, fn func(ctx context.Context) error) error {
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	return fn(pctx)
}
