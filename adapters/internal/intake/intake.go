// Package intake is the chat adapters' durable intake: what a platform
// delivers is kept in the database (through a Store the caller provides)
// before the platform is acknowledged, and a pool of workers processes it
// from there, so a process killed right after the acknowledgement loses
// nothing. One person's items (one key's) are processed one at a time and
// in the order they came; different people's in parallel, by every
// replica sharing the store. An item is leased while it is worked; a lease
// that runs out (its process died) is taken again by any replica.
package intake

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Store keeps the items (store.Intake). Leases are judged by the store's
// clock, the one clock every replica shares.
type Store interface {
	// Put keeps an item unless one with the same platform and delivery id
	// is kept already, and reports whether it kept it.
	Put(ctx context.Context, it core.IntakeItem) (bool, error)
	// Claim leases up to n items of platform to owner for lease, oldest
	// first, counting an attempt on each: only a key's oldest open item,
	// and only when it is not leased (or its lease ran out and was not
	// owner's).
	Claim(ctx context.Context, platform core.Platform, owner string, n int, lease time.Duration) ([]core.IntakeItem, error)
	// Extend renews the leases owner holds.
	Extend(ctx context.Context, owner string, lease time.Duration) (int64, error)
	// Done, Release and SetAside settle an item owner holds: processed,
	// given back for anyone to take, or taken out of processing with a
	// reason. Each returns core.ENotFound when owner no longer holds it.
	Done(ctx context.Context, id int64, owner string) error
	Release(ctx context.Context, id int64, owner string) error
	SetAside(ctx context.Context, id int64, owner, reason string) error
	// Prune deletes items done before doneBefore and set aside before
	// asideBefore.
	Prune(ctx context.Context, platform core.Platform, doneBefore, asideBefore time.Time, batch int) (int64, error)
}

// Work processes one item. It returns an error only when the item can
// never be processed (its payload does not decode): the item is then set
// aside. When its context ends before it returns, the item is given back.
type Work func(ctx context.Context, it core.IntakeItem) error

// Config sets a Queue up; zero values take the defaults.
type Config struct {
	Platform core.Platform
	Store    Store
	Work     Work
	// Workers process items at once in this process; default 8.
	Workers int
	// Lease is how long an item is held without renewal; renewed every
	// third of it while worked; default 30 s. It is how long a dead
	// process's items wait before another takes them.
	Lease time.Duration
	// Poll is how often the store is looked at for items put by other
	// replicas or left by dead ones; default 1 s. Items put here wake the
	// workers at once.
	Poll time.Duration
	// MaxAttempts is how often an item is taken before it is set aside:
	// each attempt after the first means a process stopped while working
	// it (a crash, a kill, a shutdown past its grace); default 5.
	MaxAttempts int
	// Grace bounds how long shutdown waits for the items being worked;
	// those cut off are given back; default 10 s.
	Grace time.Duration
	// Owner names this process in leases; default host/pid/random.
	Owner  string
	Logger *slog.Logger
}

const (
	// keepDone is how long processed items are remembered (without their
	// payload): longer than any platform's retry schedule, so a retry of
	// an item already processed is recognised and not kept again.
	keepDone = time.Hour
	// keepAside is how long items set aside are kept for a look.
	keepAside = 7 * 24 * time.Hour
	// pruneEvery is how often this process prunes; pruneBatch bounds one
	// statement.
	pruneEvery = time.Minute
	pruneBatch = 1000
	// settleFor is how long finishing an item is tried while the store
	// fails (the database restarting): given up, its lease runs out and it
	// is processed again.
	settleFor = 90 * time.Second
	// callTimeout bounds one store call of the loop.
	callTimeout = 10 * time.Second
)

// Queue is a platform's durable intake in this process.
type Queue struct {
	cfg    Config
	log    *slog.Logger
	wake   chan struct{}
	active atomic.Int64 // items claimed here and not settled
}

// New prepares a queue; nothing runs until Run.
func New(cfg Config) (*Queue, error) {
	if cfg.Store == nil || cfg.Work == nil || cfg.Platform == "" {
		return nil, errors.New("intake: platform, store and work are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 30 * time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 10 * time.Second
	}
	if cfg.Owner == "" {
		cfg.Owner = defaultOwner()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Queue{cfg: cfg, log: cfg.Logger.With("intake", string(cfg.Platform)), wake: make(chan struct{}, 1)}, nil
}

func defaultOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Put keeps an item with its payload (marshalled to JSON) for the workers
// and wakes them. When it returns nil the item is committed: the platform
// may be acknowledged. A delivery id kept already (the platform sending
// it again) is not kept twice, and that is no error.
func (q *Queue) Put(ctx context.Context, key, deliveryID string, payload any) error {
	raw, err := marshal(payload)
	if err != nil {
		return fmt.Errorf("intake: encode %s delivery: %w", q.cfg.Platform, err)
	}
	stored, err := q.cfg.Store.Put(ctx, core.IntakeItem{Platform: q.cfg.Platform, DeliveryID: deliveryID, Key: key, Payload: raw})
	if err != nil {
		return fmt.Errorf("intake: %w", err)
	}
	if stored {
		select {
		case q.wake <- struct{}{}:
		default:
		}
	}
	return nil
}

// marshal encodes v as JSON a PostgreSQL jsonb can hold: jsonb refuses the
// character U+0000, which platforms do not send in earnest, so it is
// dropped from strings. Numbers keep every digit.
func marshal(v any) (json.RawMessage, error) {
	raw, err := json.Marshal(v)
	if err != nil || !bytes.Contains(raw, []byte(`\u0000`)) {
		return raw, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	return json.Marshal(withoutNUL(tree))
}

func withoutNUL(v any) any {
	switch v := v.(type) {
	case string:
		return strings.ReplaceAll(v, "\x00", "")
	case []any:
		for i := range v {
			v[i] = withoutNUL(v[i])
		}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[strings.ReplaceAll(k, "\x00", "")] = withoutNUL(e)
		}
		return out
	}
	return v
}

// Run works the items until ctx ends, then waits up to Grace for those
// being worked and gives back the ones it cut off. It also renews the
// leases of what it works and prunes old items.
func (q *Queue) Run(ctx context.Context) {
	// Work goes on for Grace after ctx ends: the platform was answered
	// already and will not send it again.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	stopGrace := context.AfterFunc(ctx, func() { time.AfterFunc(q.cfg.Grace, stopWork) })
	defer stopGrace()

	items := make(chan core.IntakeItem, q.cfg.Workers)
	settled := make(chan struct{}, q.cfg.Workers)
	var workers sync.WaitGroup
	for range q.cfg.Workers {
		workers.Go(func() {
			for it := range items {
				q.one(workCtx, it)
				q.active.Add(-1)
				select {
				case settled <- struct{}{}:
				default:
				}
			}
		})
	}
	keeperCtx, stopKeeper := context.WithCancel(workCtx)
	var keeper sync.WaitGroup
	keeper.Go(func() { q.keep(keeperCtx) })

	q.dispatch(ctx, items, settled)
	close(items)
	workers.Wait()
	stopKeeper()
	keeper.Wait()
}

// dispatch claims as many items as there are idle workers whenever there
// may be work: an item was put here, a worker finished one, or Poll
// passed.
func (q *Queue) dispatch(ctx context.Context, items chan<- core.IntakeItem, settled <-chan struct{}) {
	tick := time.NewTicker(q.cfg.Poll)
	defer tick.Stop()
	failing := false
	for {
		if idle := q.cfg.Workers - int(q.active.Load()); idle > 0 {
			cctx, cancel := context.WithTimeout(ctx, callTimeout)
			claimed, err := q.cfg.Store.Claim(cctx, q.cfg.Platform, q.cfg.Owner, idle, q.cfg.Lease)
			cancel()
			switch {
			case err != nil && ctx.Err() == nil && !failing:
				q.log.Error("intake claim failed; trying again", "err", err)
				failing = true
			case err == nil && failing:
				q.log.Info("intake claims again")
				failing = false
			}
			q.active.Add(int64(len(claimed)))
			for _, it := range claimed {
				items <- it // never blocks: at most Workers items are active
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-q.wake:
		case <-settled:
		case <-tick.C:
		}
	}
}

// one works an item and settles it: done when Work returned, given back
// when shutdown cut Work off, set aside when it can never be processed or
// was tried too often.
func (q *Queue) one(ctx context.Context, it core.IntakeItem) {
	log := q.log.With("item", it.ID, "delivery", it.DeliveryID, "attempt", it.Attempts)
	if it.Attempts > q.cfg.MaxAttempts {
		reason := fmt.Sprintf("taken %d times: each attempt was cut off", it.Attempts-1)
		log.Error("intake item set aside", "reason", reason)
		q.settle(ctx, log, "set aside", func(ctx context.Context) error { return q.cfg.Store.SetAside(ctx, it.ID, q.cfg.Owner, reason) })
		return
	}
	if it.Attempts > 1 {
		log.Warn("intake item taken again: an earlier attempt was cut off")
	}
	err := q.work(ctx, log, it)
	switch {
	case ctx.Err() != nil:
		// Shutdown's grace ran out: whoever takes it next finishes it.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if err := q.cfg.Store.Release(rctx, it.ID, q.cfg.Owner); err != nil {
			log.Warn("intake release", "err", err)
		}
	case err != nil:
		log.Error("intake item set aside", "reason", err.Error())
		q.settle(ctx, log, "set aside", func(ctx context.Context) error { return q.cfg.Store.SetAside(ctx, it.ID, q.cfg.Owner, err.Error()) })
	default:
		q.settle(ctx, log, "done", func(ctx context.Context) error { return q.cfg.Store.Done(ctx, it.ID, q.cfg.Owner) })
	}
}

// work runs Work on it. A panic is this item's failure, not the
// process's: the item is set aside with it (taking the process down would
// only have it taken again, five times, before the same end) and the
// person's later messages go on.
func (q *Queue) work(ctx context.Context, log *slog.Logger, it core.IntakeItem) (err error) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("intake item panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("panicked: %v", p)
		}
	}()
	return q.cfg.Work(ctx, it)
}

// settle records how an item ended, trying again while the store fails
// (its lease is renewed meanwhile). An item no longer held was taken by
// another replica after its lease ran out: it may be processed twice.
func (q *Queue) settle(ctx context.Context, log *slog.Logger, what string, fn func(ctx context.Context) error) {
	deadline := time.Now().Add(settleFor)
	wait := 250 * time.Millisecond
	for {
		cctx, cancel := context.WithTimeout(ctx, callTimeout)
		err := fn(cctx)
		cancel()
		switch {
		case err == nil:
			return
		case core.ErrorCodeOf(err) == core.ENotFound:
			log.Warn("intake item was taken by another after its lease ran out", "settle", what)
			return
		case ctx.Err() != nil || time.Now().Add(wait).After(deadline):
			log.Error("intake item not settled; it will be processed again", "settle", what, "err", err)
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, 8*time.Second)
	}
}

// keep renews the leases of the items being worked here, every third of a
// lease, and prunes old items every pruneEvery, until ctx ends.
func (q *Queue) keep(ctx context.Context) {
	renew := time.NewTicker(q.cfg.Lease / 3)
	defer renew.Stop()
	prune := time.NewTicker(pruneEvery)
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-renew.C:
			if q.active.Load() == 0 {
				continue
			}
			cctx, cancel := context.WithTimeout(ctx, callTimeout)
			if _, err := q.cfg.Store.Extend(cctx, q.cfg.Owner, q.cfg.Lease); err != nil && ctx.Err() == nil {
				q.log.Warn("intake lease renewal", "err", err)
			}
			cancel()
		case <-prune.C:
			cctx, cancel := context.WithTimeout(ctx, callTimeout)
			now := time.Now()
			n, err := q.cfg.Store.Prune(cctx, q.cfg.Platform, now.Add(-keepDone), now.Add(-keepAside), pruneBatch)
			cancel()
			if err != nil && ctx.Err() == nil {
				q.log.Warn("intake prune", "err", err, "pruned", n)
			}
		}
	}
}
