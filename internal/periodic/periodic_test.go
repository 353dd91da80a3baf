package periodic_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hrbot/hrbot/internal/periodic"
)

// run starts Every in the background and returns a channel closed when it
// has returned.
func run(ctx context.Context, interval, timeout time.Duration, fn func(context.Context) error, opts ...periodic.Option) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		periodic.Every(ctx, interval, timeout, fn, opts...)
	}()
	return done
}

func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("no %s after 10s", what)
	}
	var zero T
	return zero
}

func TestPassesRepeatAndReportTheirErrors(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	boom := errors.New("boom")
	n := 0
	passed := make(chan error)
	done := run(ctx, time.Millisecond, time.Second, func(context.Context) error {
		n++
		if n == 2 {
			return boom
		}
		return nil
	}, periodic.Passed(passed))
	for i, want := range []error{nil, boom, nil} {
		if got := wait(t, passed, "pass"); !errors.Is(got, want) {
			t.Errorf("pass %d: %v, want %v", i+1, got, want)
		}
	}
	cancel()
	wait(t, done, "return after cancel")
}

// A pass under way when the loop is told to stop is finished, with a
// context that is still live, and the loop returns only after it.
func TestStopFinishesThePassUnderWay(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	started, release := make(chan struct{}), make(chan struct{})
	var passErr error
	passes := 0
	done := run(ctx, time.Hour, time.Hour, func(pctx context.Context) error {
		passes++
		close(started)
		<-release
		passErr = pctx.Err()
		return nil
	})
	wait(t, started, "first pass")
	cancel()
	select {
	case <-done:
		t.Fatal("returned before the pass under way finished")
	default:
	}
	close(release)
	wait(t, done, "return after the pass")
	if passErr != nil || passes != 1 {
		t.Errorf("pass context ended (%v) or %d passes, want a live context and 1 pass", passErr, passes)
	}
}

func TestPassEndsAtItsTimeout(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	passed := make(chan error, 1)
	run(ctx, time.Hour, 5*time.Millisecond, func(pctx context.Context) error {
		<-pctx.Done()
		return pctx.Err()
	}, periodic.Passed(passed))
	if err := wait(t, passed, "pass"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("pass ended with %v, want its deadline", err)
	}
}

// Stopping between passes returns without another pass; a loop whose
// context has already ended does not start one.
func TestStopBetweenPasses(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	passed := make(chan error, 1)
	passes := 0
	done := run(ctx, time.Hour, 0, func(context.Context) error { passes++; return nil }, periodic.Passed(passed))
	wait(t, passed, "first pass")
	cancel()
	wait(t, done, "return")
	if passes != 1 {
		t.Errorf("%d passes, want 1", passes)
	}
	dead, stop := context.WithCancel(context.Background())
	stop()
	wait(t, run(dead, time.Hour, 0, func(context.Context) error { passes++; return nil }), "return")
	if passes != 1 {
		t.Errorf("a stopped loop ran a pass")
	}
}
