package wecom

import (
	"context"

	"golang.org/x/time/rate"

	"github.com/hrbot/hrbot/adapters/internal/throttle"
)

// Limits are WeCom's limits on app messages (应用消息频率): WeCom drops,
// without an error, what an app sends one member beyond 30 a minute, and
// answers 45009 when the company calls one API more than 10,000 times a
// minute.
type Limits struct {
	PerMinute       float64 // message calls a minute in all
	PerMemberMinute float64 // messages a minute to one member
	MemberBurst     int
}

func (l Limits) withDefaults() Limits {
	if l.PerMinute == 0 {
		l.PerMinute = 10000
	}
	if l.PerMemberMinute == 0 {
		l.PerMemberMinute = 30
	}
	if l.MemberBurst == 0 {
		l.MemberBurst = 5
	}
	return l
}

// limiter spaces out message calls: one bucket for the app, one per member.
type limiter struct {
	all     *rate.Limiter
	members *throttle.Keyed[string]
}

func newLimiter(l Limits) *limiter {
	return &limiter{
		all: rate.NewLimiter(rate.Limit(l.PerMinute/60), max(1, int(l.PerMinute/600))),
		members: throttle.New(func(string) *rate.Limiter {
			return rate.NewLimiter(rate.Limit(l.PerMemberMinute/60), l.MemberBurst)
		}),
	}
}

// wait blocks until a message to member may go.
func (l *limiter) wait(ctx context.Context, member string) error {
	if err := l.members.Wait(ctx, member); err != nil {
		return err
	}
	return l.all.Wait(ctx)
}
