package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hrbot/hrbot/adapters/slack"
	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
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
	defer a.Close()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hrbot_build_info",
		Help: "Always 1; the version label says which hrbot is running.",
	}, []string{"version"})
	buildInfo.WithLabelValues(buildVersion()).Set(1)
	reg.MustRegister(buildInfo)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": buildVersion()})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		rctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := a.db.Ready(rctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))

	var tg *telegram.Adapter
	if a.cfg.Telegram.Enabled() {
		// The adapter learns the bot's username, which the bot puts in invite links.
		tg, err = telegram.New(ctx, telegram.Config{
			Token: a.cfg.Telegram.Token, APIURL: a.cfg.Telegram.APIURL, Mode: a.cfg.Telegram.Mode,
			WebhookSecret: a.cfg.Telegram.WebhookSecret, PublicURL: a.cfg.PublicURL, Accounts: a.db, Logger: a.log,
			Limits: telegram.Limits{PerSecond: float64(a.cfg.Telegram.SendPerSecond)},
		})
		if err != nil {
			return err
		}
		if a.cfg.Telegram.Mode == "webhook" {
			mux.Handle("POST /telegram/webhook", tg.Webhook())
		}
	}

	var sl *slack.Adapter
	if a.cfg.Slack.Enabled() {
		sl, err = slack.New(ctx, slack.Config{
			BotToken: a.cfg.Slack.BotToken, SigningSecret: a.cfg.Slack.SigningSecret, AppToken: a.cfg.Slack.AppToken,
			APIURL: a.cfg.Slack.APIURL, Accounts: a.db, Logger: a.log,
			Limits: slack.Limits{PostPerMinute: float64(a.cfg.Slack.PostPerMinute)},
		})
		if err != nil {
			return err
		}
		if !a.cfg.Slack.SocketMode() {
			mux.Handle("POST /slack/events", sl.Events())
			mux.Handle("POST /slack/commands", sl.Commands())
			mux.Handle("POST /slack/interactive", sl.Interactive())
		}
	}
	// One bot serves every platform; Telegram's username goes into invite links.
	var tgUsername string
	if tg != nil {
		tgUsername = tg.Username()
	}
	senders := map[core.Platform]delivery.Sender{}
	if tg != nil {
		senders[core.PlatformTelegram] = platformSender{push: tg.Push, edit: tg.EditPushed, refused: telegram.ErrBlocked}
	}
	if sl != nil {
		senders[core.PlatformSlack] = verifyingSender{platformSender{push: sl.Push, edit: sl.EditPushed, refused: slack.ErrBlocked}, sl.Delivered}
	}
	platforms := configuredPlatforms(a.cfg)
	metrics := delivery.NewMetrics()
	metrics.Register(reg, a.db.Pool())
	metrics.Start(platforms)
	// The queue renders with the bot, and the bot queues broadcasts on it.
	var b *bot.Bot
	render := renderFunc(func(ctx context.Context, p core.Platform, id string, m delivery.Message) ([]bot.Reply, error) {
		return b.Render(ctx, p, id, m)
	})
	queue, err := delivery.New(delivery.Config{Pool: a.db.Pool(), Renderer: render, Senders: senders, Logger: a.log, TxOf: store.TurnTx,
		Metrics: metrics, Workers: a.cfg.DeliveryWorkers})
	if err != nil {
		return err
	}
	b = newBotFor(a, tgUsername, queue, platforms)
	warnNoCharts(a)
	if tg != nil {
		tg.SetHandler(b)
	}
	if sl != nil {
		sl.SetHandler(b)
	}
	if err := queue.Start(ctx); err != nil {
		return err
	}
	go queue.RunRelay(ctx, platforms, 500*time.Millisecond)
	dir := core.NewDirectory(a.db, core.SystemClock{})
	att := attendance.NewService(a.db, dir, core.SystemClock{})
	sched := &delivery.Scheduler{Queue: queue, Roster: att, Clock: core.SystemClock{}, Platforms: platforms}
	go sched.Run(ctx, a.cfg.SchedulerInterval)
	go newCovers(a, queue, platforms).Run(ctx, a.cfg.SchedulerInterval)
	go newTrainings(a, queue, platforms).Run(ctx, a.cfg.SchedulerInterval)
	go housekeeping(ctx, a, att, leave.NewService(a.db, att, dir, core.SystemClock{}), time.Minute)

	ln, err := net.Listen("tcp", a.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s (HRBOT_HTTP_ADDR): %w", a.cfg.HTTPAddr, err)
	}
	srv := &http.Server{
		Handler:           http.MaxBytesHandler(mux, 1<<20),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	a.log.Info("hrbot serving", "addr", ln.Addr().String(), "version", buildVersion(),
		"telegram", a.cfg.Telegram.Enabled(), "slack", a.cfg.Slack.Enabled(), "llm", a.cfg.OpenAI.Enabled())
	if !a.cfg.Telegram.Enabled() && !a.cfg.Slack.Enabled() {
		a.log.Info("no chat platform configured: talk to hrbot with `hrbot chat --as PERSON`")
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if tg != nil {
		go func() {
			if err := tg.Run(ctx); err != nil {
				a.log.Error("telegram", "err", err)
			}
		}()
	}
	slackDone := make(chan struct{})
	if sl != nil {
		go func() {
			defer close(slackDone)
			_ = sl.Run(ctx)
		}()
	} else {
		close(slackDone)
	}
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http shutdown: %w", err)
	}
	<-slackDone // Slack messages already acknowledged are finished first
	if err := queue.Stop(sctx); err != nil {
		return err
	}
	return nil
}

// housekeeping applies the orgs' time rules every interval until ctx ends:
// missing check-outs are closed, leave requests left waiting are sent to
// their approvers again (through the delivery queue, like every
// notification). Both are idempotent, so every replica may run it.
func housekeeping(ctx context.Context, a *app, att *attendance.Service, lv *leave.Service, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		pass, cancel := context.WithTimeout(ctx, every)
		if n, err := att.CloseMissingCheckouts(pass); err != nil {
			if ctx.Err() == nil {
				a.log.Error("auto check-out", "err", err)
			}
		} else if n > 0 {
			a.log.Info("closed missing check-outs", "count", n)
		}
		if n, err := lv.ResendStale(pass); err != nil {
			if ctx.Err() == nil {
				a.log.Error("resend waiting leave requests", "err", err)
			}
		} else if n > 0 {
			a.log.Info("sent waiting leave requests again", "count", n)
		}
		cancel()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
