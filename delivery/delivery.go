// Package delivery is the one path for everything hrbot sends on its own:
// approval requests and decisions, reminders, broadcasts. Each message to
// each person is a row in the deliveries ledger, keyed so it exists once,
// and a River job on PostgreSQL that sends it with retries and backoff —
// across restarts and across replicas sharing the database.
package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// Message says what to send: a kind and parameters, written in the
// recipient's language only when sent, from the state of things then.
type Message = bot.Notice

// Item is one message for one person on one platform.
type Item struct {
	// Key is the uniqueness key: an item whose key was queued before is
	// dropped, so whoever enqueues may do so again after a crash.
	Key        string
	OrgID      int64
	EmployeeID int64 // 0 for a group or channel
	Platform   core.Platform
	ExternalID string
	Source     string // notification, reminder, broadcast, cover
	SourceID   int64
	Message    Message
	// EditOf, when set, is the key of an earlier delivery whose message
	// this one replaces (on platforms that can edit) instead of sending a
	// new one.
	EditOf string
	// SenderID is the person it is sent for (who asked for cover, who
	// broadcast); they are told if it cannot be delivered. 0 for none.
	SenderID int64
	// ReplyTo, for the replies to a person's own message (SourceReply),
	// is the adapter's address for them (bot.Answer.To), and Replies are
	// what to send: written by the turn, not rendered again.
	ReplyTo string
	Replies []bot.Reply
}

// Renderer writes a message for its recipient. No replies means there is
// nothing to say any more (recorded as skipped).
type Renderer interface {
	Render(ctx context.Context, platform core.Platform, externalID string, m Message) ([]bot.Reply, error)
}

// Sender sends replies to one account of a platform and returns a
// reference to the message sent, for Editor.
type Sender interface {
	Send(ctx context.Context, externalID, key string, replies []bot.Reply) (ref string, err error)
}

// Editor is a Sender that can replace a message it sent.
type Editor interface {
	Edit(ctx context.Context, externalID, ref string, reply bot.Reply) error
}

// Verifier is a Sender that can tell whether a delivery reached the
// account, by its key. A job that died between calling the platform and
// recording the outcome is checked with it instead of sent blindly again.
type Verifier interface {
	Delivered(ctx context.Context, externalID, key string) (bool, error)
}

// ErrPermanent marks a send that cannot succeed by retrying (the person
// blocked the bot, the account is gone). Senders wrap it.
var ErrPermanent = errors.New("delivery: permanent failure")

// Config sets a Queue up.
type Config struct {
	Pool     *pgxpool.Pool
	Renderer Renderer
	// Senders by platform; a Queue with none only enqueues (CLI tools).
	Senders map[core.Platform]Sender
	Logger  *slog.Logger
	// Workers per platform queue in this process; default 10.
	Workers int
	// JobTimeout bounds one attempt; default 10s. A send is one or a few
	// HTTP calls of a few hundred milliseconds, plus at most a short wait
	// for a 429's Retry-After inside the job; a platform that keeps us
	// longer is tried again later rather than holding a worker. River's
	// defaults (a minute, and an hour before rescue) are sized for batch
	// work, not for a message someone is waiting for.
	JobTimeout time.Duration
	// RescueAfter is River's own rescue of a job still running after it
	// (default twice JobTimeout; River's rescuer looks every 30s on the
	// leader only). It is the backstop: a dead replica's jobs are taken
	// over by the others much sooner, when its beat is older than Alive.
	// A row held "sending" longer than it by a live replica is stale (its
	// worker died inside the process) and may be claimed again.
	RescueAfter time.Duration
	// BeatEvery is how often a sending replica says it is alive and looks
	// for a dead one's jobs; default 1s. Alive is how old its last beat
	// may be before it counts as dead; default 5s — a few beats missed,
	// so a slow transaction or a GC pause does not look like a death, yet
	// a killed replica's messages go out within about 6s plus the time to
	// send them.
	BeatEvery time.Duration
	Alive     time.Duration
	// MaxAttempts before a delivery is recorded as failed; default 12
	// (River's backoff waits attempt⁴ seconds: about 11 hours in all).
	MaxAttempts int
	// PollEvery is how often idle workers look for jobs besides being
	// notified by PostgreSQL; default 1s.
	PollEvery time.Duration
	// Backoff says how long to wait before retry number attempt (1, 2, …);
	// default River's, attempt⁴ seconds with jitter.
	Backoff func(attempt int) time.Duration
	Metrics *Metrics
	// Ledger keeps the deliveries (store.Deliveries). What is queued during
	// a chat turn is queued in the turn's transaction (Ledger.InTx), so no
	// worker renders it before the turn's own changes are visible, and
	// nothing is sent for a turn that was undone.
	Ledger Ledger
}

// Queue enqueues deliveries and, when it has senders, works them.
type Queue struct {
	cfg    Config
	client *river.Client[pgx.Tx]
	log    *slog.Logger
	// id names this replica: River's client id, recorded in its jobs'
	// attempted_by and in the rows it claims.
	id string
	// stopBeat ends the beat and rescue loop; beatDone closes when it has.
	stopBeat context.CancelFunc
	beatDone chan struct{}

	mu       sync.Mutex
	active   map[*call]struct{} // sends under way, for Stop to hand back
	stopping bool
}

// New prepares a queue; Start begins working it.
func New(cfg Config) (*Queue, error) {
	if cfg.Pool == nil || cfg.Ledger == nil {
		return nil, errors.New("delivery: no database pool or ledger")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 10
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = 10 * time.Second
	}
	if cfg.RescueAfter <= cfg.JobTimeout {
		cfg.RescueAfter = 2 * cfg.JobTimeout
	}
	if cfg.BeatEvery <= 0 {
		cfg.BeatEvery = time.Second
	}
	if cfg.Alive <= cfg.BeatEvery {
		cfg.Alive = 5 * cfg.BeatEvery
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 12
	}
	if cfg.PollEvery <= 0 {
		cfg.PollEvery = time.Second
	}
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics()
	}
	host, _ := os.Hostname()
	// Says which replica holds a job: host, process and start time.
	q := &Queue{cfg: cfg, log: cfg.Logger, id: fmt.Sprintf("%s_pid%d_%d", host, os.Getpid(), time.Now().UnixNano())}
	workers := river.NewWorkers()
	river.AddWorker(workers, &worker{q: q})
	rc := &river.Config{
		ID:                   q.id,
		Logger:               quietRiver(cfg.Logger),
		Workers:              workers,
		JobTimeout:           cfg.JobTimeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		MaxAttempts:          cfg.MaxAttempts,
		FetchPollInterval:    cfg.PollEvery,
		FetchCooldown:        50 * time.Millisecond,
	}
	if cfg.Backoff != nil {
		rc.RetryPolicy = backoffPolicy(cfg.Backoff)
	}
	if len(cfg.Senders) > 0 {
		rc.Queues = map[string]river.QueueConfig{}
		for p := range cfg.Senders {
			rc.Queues[string(p)] = river.QueueConfig{MaxWorkers: cfg.Workers}
		}
	}
	client, err := river.NewClient(riverpgxv5.New(cfg.Pool), rc)
	if err != nil {
		return nil, fmt.Errorf("delivery queue: %w", err)
	}
	q.client = client
	return q, nil
}

type backoffPolicy func(attempt int) time.Duration

func (b backoffPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(b(job.Attempt))
}

// quietRiver keeps River's own chatter at warnings and above.
func quietRiver(l *slog.Logger) *slog.Logger {
	return slog.New(levelFloor{l.Handler(), slog.LevelWarn}).With("component", "river")
}

type levelFloor struct {
	slog.Handler
	min slog.Level
}

func (h levelFloor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}
func (h levelFloor) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFloor{h.Handler.WithAttrs(a), h.min}
}
func (h levelFloor) WithGroup(n string) slog.Handler {
	return levelFloor{h.Handler.WithGroup(n), h.min}
}

// Start works the queue until Stop or until ctx ends, beating as a live
// replica and taking over dead ones' jobs.
func (q *Queue) Start(ctx context.Context) error {
	if len(q.cfg.Senders) == 0 {
		return nil
	}
	// Alive before the first claim, so no other replica takes this one's
	// rows for a dead one's.
	if err := q.cfg.Ledger.Beat(ctx, q.id); err != nil {
		return fmt.Errorf("start delivery queue: %w", err)
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("start delivery queue: %w", err)
	}
	bctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	q.stopBeat, q.beatDone = stop, make(chan struct{})
	go q.beat(bctx)
	return nil
}

// Stop hands back the sends that have not reached the platform (another
// replica takes them at once), lets those whose request is out finish (up
// to ctx), and stops working.
func (q *Queue) Stop(ctx context.Context) error {
	if len(q.cfg.Senders) == 0 {
		return nil
	}
	q.handBackAll()
	stopErr := q.client.Stop(ctx)
	if q.stopBeat != nil {
		q.stopBeat()
		<-q.beatDone
	}
	// Gone from the replicas: whatever River still has running in this
	// process's name (a stop that ran out of time) is taken over at once.
	leaveErr := q.cfg.Ledger.Leave(context.WithoutCancel(ctx), q.id)
	if stopErr != nil && !errors.Is(stopErr, context.Canceled) {
		return fmt.Errorf("stop delivery queue: %w", stopErr)
	}
	if leaveErr != nil {
		return fmt.Errorf("stop delivery queue: %w", leaveErr)
	}
	return nil
}

// args is the River job: which ledger row to send.
type args struct {
	Key        string        `json:"key"`
	Platform   core.Platform `json:"platform"`
	ExternalID string        `json:"external_id"`
	Message    Message       `json:"message"`
	EditOf     string        `json:"edit_of,omitempty"`
	ReplyTo    string        `json:"reply_to,omitempty"`
	Replies    []bot.Reply   `json:"replies,omitempty"`
}

func (args) Kind() string { return "hrbot_delivery" }

// Enqueue records items in the ledger and queues a job for each one not
// queued before, in tx — the transaction ctx carries, from Ledger.InTx:
// what the caller commits is what gets sent. It returns how many were new.
func (q *Queue) Enqueue(ctx context.Context, tx pgx.Tx, items []Item) (int, error) {
	if len(items) == 0 {
		return 0, nil
	}
	const batch = 5000
	total := 0
	for start := 0; start < len(items); start += batch {
		part := items[start:min(start+batch, len(items))]
		n, err := q.enqueue(ctx, tx, part)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

func (q *Queue) enqueue(ctx context.Context, tx pgx.Tx, items []Item) (int, error) {
	rows := make([]core.Delivery, len(items))
	for i, it := range items {
		msg, err := json.Marshal(it.Message)
		if err != nil {
			return 0, fmt.Errorf("enqueue %s: %w", it.Key, err)
		}
		rows[i] = core.Delivery{Key: it.Key, OrgID: it.OrgID, EmployeeID: it.EmployeeID, Platform: it.Platform, ExternalID: it.ExternalID,
			Source: it.Source, SourceID: it.SourceID, Message: msg, EditOf: it.EditOf, SenderID: it.SenderID}
	}
	fresh, err := q.cfg.Ledger.Record(ctx, rows)
	if err != nil {
		return 0, fmt.Errorf("enqueue deliveries: %w", err)
	}
	isFresh := make(map[string]bool, len(fresh))
	for _, k := range fresh {
		isFresh[k] = true
	}
	params := make([]river.InsertManyParams, 0, len(fresh))
	console := 0
	for _, it := range items {
		if !isFresh[it.Key] {
			continue
		}
		isFresh[it.Key] = false // a key twice in one call is queued once
		if it.Platform == core.PlatformConsole {
			// Kept in the ledger for `hrbot chat` to show; no process sends it.
			console++
			continue
		}
		params = append(params, river.InsertManyParams{
			Args: args{Key: it.Key, Platform: it.Platform, ExternalID: it.ExternalID, Message: it.Message, EditOf: it.EditOf,
				ReplyTo: it.ReplyTo, Replies: it.Replies},
			InsertOpts: &river.InsertOpts{Queue: string(it.Platform), MaxAttempts: q.cfg.MaxAttempts, Priority: priority(it.Source)},
		})
	}
	if len(params) == 0 {
		return console, nil
	}
	if _, err := q.client.InsertManyFastTx(ctx, tx, params); err != nil {
		return 0, fmt.Errorf("enqueue delivery jobs: %w", err)
	}
	for _, p := range params {
		q.cfg.Metrics.queued.WithLabelValues(string(p.Args.(args).Platform)).Inc()
	}
	return len(params) + console, nil
}

// EnqueueNow is Enqueue in the turn's transaction, or one of its own.
func (q *Queue) EnqueueNow(ctx context.Context, items []Item) (int, error) {
	var n int
	err := q.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		var err error
		n, err = q.Enqueue(ctx, tx, items)
		return err
	})
	return n, err
}

// inTx runs fn in the turn's transaction when ctx has one, else in a
// transaction of its own.
func (q *Queue) inTx(ctx context.Context, fn func(ctx context.Context, tx pgx.Tx) error) error {
	return q.cfg.Ledger.InTx(ctx, fn)
}
