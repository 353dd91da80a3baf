package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hrbot/hrbot/adapters/slack"
	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/web"
)

// routeProbes serves /healthz, /readyz and /metrics, and returns the
// registry /metrics reads.
func (s *server) routeProbes() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hrbot_build_info",
		Help: "Always 1; the version label says which hrbot is running.",
	}, []string{"version"})
	buildInfo.WithLabelValues(buildVersion()).Set(1)
	reg.MustRegister(buildInfo)

	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": buildVersion()})
	})
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		rctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.a.db.Ready(rctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	return reg
}

// openAdapters connects the configured chat platforms and routes their
// webhooks.
func (s *server) openAdapters(ctx context.Context) error {
	cfg, accounts := s.a.cfg, s.a.svc.store.directory
	var err error
	if cfg.Telegram.Enabled() {
		// The adapter learns the bot's username, which the bot puts in invite links.
		s.tg, err = telegram.New(ctx, telegram.Config{
			Token: cfg.Telegram.Token, APIURL: cfg.Telegram.APIURL, Mode: cfg.Telegram.Mode,
			WebhookSecret: cfg.Telegram.WebhookSecret, PublicURL: cfg.PublicURL, Accounts: accounts, Logger: s.a.log,
			Limits: telegram.Limits{PerSecond: float64(cfg.Telegram.SendPerSecond)},
		})
		if err != nil {
			return err
		}
		if cfg.Telegram.Mode == "webhook" {
			s.mux.Handle("POST /telegram/webhook", s.tg.Webhook())
		}
	}
	if cfg.Slack.Enabled() {
		s.sl, err = slack.New(ctx, slack.Config{
			BotToken: cfg.Slack.BotToken, SigningSecret: cfg.Slack.SigningSecret, AppToken: cfg.Slack.AppToken,
			APIURL: cfg.Slack.APIURL, Accounts: accounts, Intake: s.a.svc.store.intake, Logger: s.a.log,
			Limits: slack.Limits{PostPerMinute: float64(cfg.Slack.PostPerMinute)}, Workers: cfg.Slack.IntakeWorkers,
		})
		if err != nil {
			return err
		}
		if !cfg.Slack.SocketMode() {
			s.mux.Handle("POST /slack/events", s.sl.Events())
			s.mux.Handle("POST /slack/commands", s.sl.Commands())
			s.mux.Handle("POST /slack/interactive", s.sl.Interactive())
		}
	}
	if w := cfg.WeCom; w.Enabled() {
		s.wc, err = wecom.New(ctx, wecom.Config{CorpID: w.CorpID, AgentID: w.AgentID, Secret: w.Secret, Token: w.Token,
			AESKey: w.AESKey, APIURL: w.APIURL, Accounts: accounts, Intake: s.a.svc.store.intake,
			Tokens: s.a.svc.store.tokens, Logger: s.a.log})
		if err != nil {
			return err
		}
		s.mux.Handle("GET /wecom/callback", s.wc.Callback())
		s.mux.Handle("POST /wecom/callback", s.wc.Callback())
	}
	return nil
}

// routeConsole serves the web console under / (every path the webhooks,
// probes and metrics do not take).
func (s *server) routeConsole() error {
	svc := s.a.svc
	cfg := web.Config{SignIn: svc.signIn, Directory: svc.directory, Attendance: svc.attendance, Leave: svc.leave,
		Staff: svc.staff, PerfMetrics: svc.perfMetrics,
		Files: svc.files, Contracts: svc.contracts, Transfers: svc.transfers, Leaving: svc.leaving, Jobs: svc.jobs,
		Certificates: svc.certificates, Letters: svc.reportRenderer(), Recruiting: s.chat.recruiting, Perf: svc.perf,
		Knowledge: svc.knowledge, Training: svc.training, Cover: s.chat.covers, Documents: svc.documents, Onboarding: s.chat.onboarding,
		Payroll: svc.payroll, Reports: svc.reports, Charts: svc.reportRenderer(), Audit: core.NewAuditLog(svc.db, svc.directory), Setup: svc.setup.WithAuthorizer(svc.directory), Words: s.chat.bot, PublicURL: consoleURL(s.a.cfg), Clock: svc.clock, Logger: s.a.log}
	if s.tg != nil {
		cfg.TelegramWebApp = s.tg.VerifyWebApp
	}
	if s.wc != nil {
		cfg.WeCom = s.wc.OAuth(s.a.cfg.WeCom.OAuthURL)
	}
	if s.wsync != nil {
		cfg.WeComSync, cfg.WeComDaily = s.wsync.sync, s.wsync.daily
	}
	cfg.HasOrgs = func(ctx context.Context) (bool, error) {
		keys, err := svc.store.orgs.Keys(ctx)
		return len(keys) > 0, err
	}
	if has, err := cfg.HasOrgs(context.Background()); err == nil && !has {
		// A new hrbot: its first shop is set up on the console, from a link
		// only whoever sees hrbot's output has. The link is a credential, so
		// it is written there once and kept out of the structured logs.
		cfg.SetupToken = rand.Text()
		s.a.log.Info("no shop yet: the setup link is on standard error")
		fmt.Fprintf(s.a.stderr, "\nNo shop yet. Set up the first shop at:\n\n    %s/setup/%s\n\n", consoleURL(s.a.cfg), cfg.SetupToken)
	}
	console, err := web.New(cfg)
	if err != nil {
		return err
	}
	s.mux.Handle("/", console)
	return nil
}

// senders are the delivery queue's way out to each platform served.
func (s *server) senders() map[core.Platform]delivery.Sender {
	out := map[core.Platform]delivery.Sender{}
	if s.tg != nil {
		out[core.PlatformTelegram] = platformSender{push: s.tg.Push, edit: s.tg.EditPushed, reply: s.tg.Reply, refused: telegram.ErrBlocked}
	}
	if s.sl != nil {
		out[core.PlatformSlack] = verifyingSender{platformSender{push: s.sl.Push, edit: s.sl.EditPushed, reply: s.sl.Reply, refused: slack.ErrBlocked}, s.sl.Delivered}
	}
	if s.wc != nil {
		out[core.PlatformWeCom] = deduplicatingSender{platformSender{push: s.wc.Push, edit: s.wc.EditPushed, reply: s.wc.Reply, refused: wecom.ErrBlocked}, wecom.DuplicateWindow}
	}
	return out
}

// maxRequestBytes bounds every request: the console's largest upload (a
// 2 MiB handbook document; a staff list sent back from its preview, base64
// and all) with room to spare. The webhooks bound theirs far lower.
const maxRequestBytes = 4 << 20

// newHTTPServer serves handler with bounds on request size and time.
func newHTTPServer(handler http.Handler) *http.Server {
	return &http.Server{
		Handler:           http.MaxBytesHandler(handler, maxRequestBytes),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
