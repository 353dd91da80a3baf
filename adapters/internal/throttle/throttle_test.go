package throttle

import (
	"context"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestPauseHoldsOnlyItsKey(t *testing.T) {
	k := New(func(string) *rate.Limiter { return rate.NewLimiter(rate.Inf, 1) })
	k.Pause("a", time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := k.Wait(ctx, "b"); err != nil {
		t.Fatalf("b waited for a's pause: %v", err)
	}
	if err := k.Wait(ctx, "a"); err == nil {
		t.Fatal("a went through its pause")
	}
}

func TestEachKeyHasItsOwnBucket(t *testing.T) {
	k := New(func(key string) *rate.Limiter {
		if key == "slow" {
			return rate.NewLimiter(rate.Every(time.Hour), 1)
		}
		return rate.NewLimiter(rate.Inf, 1)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := k.Wait(ctx, "slow"); err != nil {
		t.Fatalf("first send on slow: %v", err)
	}
	if err := k.Wait(ctx, "slow"); err == nil {
		t.Fatal("second send on slow was not held back")
	}
	for range 100 {
		if err := k.Wait(ctx, "fast"); err != nil {
			t.Fatalf("fast: %v", err)
		}
	}
}
