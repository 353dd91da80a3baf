package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/hrbot/hrbot/adapters/slack"
	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/conversation"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/internal/periodic"
)

const (
	// shutdownTimeout bounds stopping HTTP and draining the delivery queue.
	shutdownTimeout = 15 * time.Second
	// housekeepingEvery is how often the orgs' time rules are applied;
	// housekeepingTimeout bounds one pass (and so how long stopping waits
	// for it).
	housekeepingEvery   = time.Minute
	housekeepingTimeout = 30 * time.Second
	// pruneBatch is how many delivery ids one statement deletes: small
	// enough that the turns claiming new ids never wait long on it.
	pruneBatch = 1000
	// relayEvery is how often notifications are handed to the queue.
	relayEvery = 500 * time.Millisecond
	// passTimeout bounds one pass of the relay, the scheduler, the cover
	// pool and the quiz reminders.
	passTimeout = 30 * time.Second
)

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve", "serve\n\nRuns hrbot: migrates the database, then serves the chat platforms and\nHTTP on HRBOT_HTTP_ADDR (/healthz, /readyz, /metrics) until interrupted.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close() // the pool closes last: run returns once every part has stopped
	s, err := newServer(ctx, a)
	if err != nil {
		return err
	}
	return s.run(ctx)
}

// server is what `hrbot serve` runs: HTTP (webhooks, health, metrics), the
// chat platforms' adapters, the bot with its delivery queue, and the
// periodic work.
type server struct {
	a         *app
	mux       *http.ServeMux
	tg        *telegram.Adapter // nil when Telegram is not configured
	sl        *slack.Adapter    // nil when Slack is not configured
	wc        *wecom.Adapter    // nil when WeCom is not configured
	wsync     *wecomSync        // nil when WeCom is not configured
	platforms []core.Platform
	chat      *chat
}

// newServer builds the parts; nothing runs yet.
func newServer(ctx context.Context, a *app) (*server, error) {
	s := &server{a: a, mux: http.NewServeMux(), platforms: configuredPlatforms(a.cfg)}
	reg := s.routeProbes()
	if err := s.openAdapters(ctx); err != nil {
		return nil, err
	}
	if err := s.openWeComSync(); err != nil {
		return nil, err
	}
	metrics := delivery.NewMetrics()
	metrics.Register(reg, a.svc.store.deliveries)
	metrics.Start(s.platforms)
	// One bot serves every platform; Telegram's username goes into invite links.
	var tgUsername string
	if s.tg != nil {
		tgUsername = s.tg.Username()
	}
	var err error
	s.chat, err = a.svc.newChat(delivery.Config{Senders: s.senders(), Metrics: metrics, Workers: a.cfg.DeliveryWorkers}, s.platforms, tgUsername)
	if err != nil {
		return nil, err
	}
	a.svc.warnNoCharts()
	if err := s.routeConsole(); err != nil {
		return nil, err
	}
	if s.tg != nil {
		s.tg.SetHandler(s.chat.bot)
	}
	if s.sl != nil {
		s.sl.SetHandler(s.chat.bot)
	}
	if s.wc != nil {
		s.wc.SetHandler(s.chat.bot)
	}
	return s, nil
}

// stage is a group of parts that stop together: shutdown waits for one
// stage to finish before it stops the next.
type stage struct{ wg sync.WaitGroup }

// Go runs fn in g as part of the stage.
func (st *stage) Go(g *errgroup.Group, fn func() error) {
	st.wg.Add(1)
	g.Go(func() error {
		defer st.wg.Done()
		return fn()
	})
}

// Wait waits for the stage's parts to return.
func (st *stage) Wait() { st.wg.Wait() }

// running is a server's parts once started, with what stops them.
type running struct {
	http         *http.Server
	stopAdapters context.CancelFunc
	intake       stage // HTTP and the chat adapters: what takes work in
	loops        stage // the periodic work
	hardStop     context.CancelFunc
}

// run serves until ctx ends or a part fails, then stops in order (see
// shutdown). Every part runs in one errgroup: run returns after all of
// them have, and the first failure is its error.
func (s *server) run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.a.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s (HRBOT_HTTP_ADDR): %w", s.a.cfg.HTTPAddr, err)
	}
	r := &running{http: newHTTPServer(s.mux)}
	// The queue and the adapters stop when shutdown says so, not when ctx
	// ends: the queue finishes the sends it has started, and the adapters
	// finish the messages they are handling (Slack's wait in the intake
	// table for the next process).
	var qctx, actx context.Context
	qctx, r.hardStop = context.WithCancel(context.WithoutCancel(ctx))
	defer r.hardStop()
	actx, r.stopAdapters = context.WithCancel(context.WithoutCancel(ctx))
	defer r.stopAdapters()
	if err := s.chat.queue.Start(qctx); err != nil {
		ln.Close()
		return err
	}
	s.logServing(ln.Addr())

	g, gctx := errgroup.WithContext(ctx)
	r.intake.Go(g, func() error {
		if err := r.http.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("http server: %w", err)
		}
		return nil
	})
	s.runAdapters(actx, g, &r.intake)
	s.runLoops(gctx, g, &r.loops)
	g.Go(func() error {
		<-gctx.Done()
		return s.shutdown(ctx, r)
	})
	return g.Wait()
}

// runAdapters runs the chat platforms' adapters (Telegram's long polling,
// Slack's Socket Mode and intake workers) until ctx ends; each finishes
// what it is handling before it returns.
func (s *server) runAdapters(ctx context.Context, g *errgroup.Group, intake *stage) {
	if s.tg != nil {
		intake.Go(g, func() error {
			if err := s.tg.Run(ctx); err != nil {
				s.a.log.Error("telegram", "err", err)
			}
			return nil
		})
	}
	if s.sl != nil {
		intake.Go(g, func() error {
			_ = s.sl.Run(ctx)
			return nil
		})
	}
	if s.wc != nil {
		intake.Go(g, func() error {
			_ = s.wc.Run(ctx)
			return nil
		})
	}
}

// runLoops runs the periodic work until ctx ends: the notification relay,
// reminders, the cover pool's waves and ratings, quiz deadlines, new
// hires' checklists with their reminders, contract deadlines, stale
// applications, the housekeeping of time rules, the retention rules,
// transfers' effective-day pass, leavers' last-day pass and performance
// reviews' reminders.
func (s *server) runLoops(ctx context.Context, g *errgroup.Group, loops *stage) {
	svc, every := s.a.svc, s.a.cfg.SchedulerInterval
	sched := &delivery.Scheduler{Queue: s.chat.queue, Reminders: svc.store.reminders, Audience: svc.store.audience,
		Roster: svc.attendance, Clock: svc.clock, Platforms: s.platforms}
	logged := func(what string, fn func(context.Context) error) func(context.Context) error {
		return func(ctx context.Context) error {
			err := fn(ctx)
			if err != nil && ctx.Err() == nil {
				s.a.log.Error(what, "err", err)
			}
			return err
		}
	}
	transfers := logged("transfers", s.applyTransfers)
	leavers := logged("leaving", s.applyLastDays)
	loopFuncs := []func(){
		func() { periodic.Every(ctx, relayEvery, passTimeout, s.chat.queue.Relay(s.platforms)) },
		func() { periodic.Every(ctx, every, passTimeout, sched.Pass) },
		func() { periodic.Every(ctx, every, passTimeout, logged("cover pool", s.chat.covers.Tick)) },
		func() { periodic.Every(ctx, every, passTimeout, logged("quiz reminders", s.chat.trainings.Tick)) },
		func() { periodic.Every(ctx, every, passTimeout, logged("onboarding", s.chat.onboarding.Tick)) },
		func() { periodic.Every(ctx, every, passTimeout, logged("contract reminders", svc.contracts.Tick)) },
		func() { periodic.Every(ctx, every, passTimeout, logged("recruiting reminders", svc.recruiting.Tick)) },
		func() {
			periodic.Every(ctx, every, passTimeout, logged("interview reminders", s.chat.recruiting.InterviewTick))
		},
		func() { periodic.Every(ctx, housekeepingEvery, housekeepingTimeout, s.housekeeping) },
		func() { periodic.Every(ctx, retentionEvery, passTimeout, logged("retention", svc.purgeDue)) },
		func() { periodic.Every(ctx, housekeepingEvery, housekeepingTimeout, transfers) },
		func() { periodic.Every(ctx, housekeepingEvery, housekeepingTimeout, leavers) },
		func() { periodic.Every(ctx, every, passTimeout, logged("perf reminders", s.perfReminders)) },
	}
	if s.wsync != nil {
		loopFuncs = append(loopFuncs, func() {
			periodic.Every(ctx, wecomDailyEvery, wecomDailyTimeout, logged("wecom daily", s.wsync.sync.Daily))
		})
	}
	for _, loop := range loopFuncs {
		loops.Go(g, func() error {
			loop()
			return nil
		})
	}
}

// shutdown stops the parts in order: HTTP stops taking requests and
// finishes those it has; the chat adapters stop taking messages and
// finish those they are handling; the loops finish their pass; the
// delivery queue finishes the sends it has started (River's stop), and
// what is still running after shutdownTimeout is cancelled. The caller
// closes the pool after.
func (s *server) shutdown(ctx context.Context, r *running) error {
	s.a.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	var errs []error
	if err := r.http.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		errs = append(errs, fmt.Errorf("http shutdown: %w", err))
	}
	r.stopAdapters()
	r.intake.Wait()
	r.loops.Wait()
	if err := s.chat.queue.Stop(sctx); err != nil {
		errs = append(errs, err)
	}
	r.hardStop()
	return errors.Join(errs...)
}

// housekeeping is one pass of the orgs' time rules: missing check-outs are
// closed, leave requests left waiting are sent to their approvers again
// (through the delivery queue, like every notification), and the platform
// delivery ids older than conversation.DeliveryHorizon and the wrong
// invite codes older than a day are forgotten. All
// are idempotent, so every replica may run it.
func (s *server) housekeeping(ctx context.Context) error {
	svc, log := s.a.svc, s.a.log
	closed, err := svc.attendance.CloseMissingCheckouts(ctx)
	if err != nil {
		log.Error("auto check-out", "err", err)
	} else if closed > 0 {
		log.Info("closed missing check-outs", "count", closed)
	}
	resent, err2 := svc.leave.ResendStale(ctx)
	if err2 != nil {
		log.Error("resend waiting leave requests", "err", err2)
	} else if resent > 0 {
		log.Info("sent waiting leave requests again", "count", resent)
	}
	pruned, err3 := svc.store.conversations.PruneDeliveries(ctx, svc.clock.Now().Add(-conversation.DeliveryHorizon), pruneBatch)
	if err3 != nil {
		log.Error("prune delivery ids", "err", err3, "pruned", pruned)
	} else if pruned > 0 {
		log.Debug("pruned delivery ids", "count", pruned)
	}
	// Failed invite codes matter for InviteFailureWindow; a day keeps them
	// at hand for someone looking into a lockout.
	_, err4 := svc.store.directory.PruneInviteFailures(ctx, svc.clock.Now().Add(-24*time.Hour))
	if err4 != nil {
		log.Error("prune invite failures", "err", err4)
	}
	_, err5 := svc.signIn.Prune(ctx)
	if err5 != nil {
		log.Error("prune console sign-ins", "err", err5)
	}
	return errors.Join(err, err2, err3, err4, err5)
}

// applyTransfers is the effective-day pass of transfers: each approved
// transfer whose day has come in its org is put into effect, once, however
// many replicas run it.
func (s *server) applyTransfers(ctx context.Context) error {
	n, err := s.a.svc.transfers.ApplyDue(ctx)
	if n > 0 {
		s.a.log.Info("transfers in effect", "count", n)
	}
	return err
}

// applyLastDays is the last-day pass of resignations: each approved one
// whose last day is over in its org makes the person left, once, however
// many replicas run it.
func (s *server) applyLastDays(ctx context.Context) error {
	n, err := s.a.svc.leaving.ApplyDue(ctx)
	if n > 0 {
		s.a.log.Info("people left", "count", n)
	}
	return err
}

// perfReminders is performance reviews' pass: self-reviews reminded,
// reviewers given what waits, late ones escalated, each once.
func (s *server) perfReminders(ctx context.Context) error {
	return s.a.svc.perf.Tick(ctx, s.a.svc.clock.Now())
}

func (s *server) logServing(addr net.Addr) {
	cfg := s.a.cfg
	s.a.log.Info("hrbot serving", "addr", addr.String(), "version", buildVersion(),
		"telegram", cfg.Telegram.Enabled(), "slack", cfg.Slack.Enabled(), "wecom", cfg.WeCom.Enabled(), "llm", cfg.OpenAI.Enabled())
	if len(s.platforms) == 0 {
		s.a.log.Info("no chat platform configured: talk to hrbot with `hrbot chat --as PERSON`")
	}
}
