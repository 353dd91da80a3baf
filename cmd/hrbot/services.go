package main

import (
	"context"
	"log/slog"
	"net"

	"github.com/hrbot/hrbot/adapters/slack"
	"github.com/hrbot/hrbot/adapters/telegram"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/config"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/broadcast"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/core/leaving/certificate"
	"github.com/hrbot/hrbot/core/onboarding"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/core/personfile"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/core/reports"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/core/staff"
	"github.com/hrbot/hrbot/core/training"
	"github.com/hrbot/hrbot/core/transfer"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/knowledgebase"
	"github.com/hrbot/hrbot/render"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/web"
)

// The store's feature types meet the interfaces the packages outside core
// declare; store may not import those packages, so the checks live here.
var (
	_ knowledgebase.Store    = store.Knowledge{}
	_ bot.Conversations      = store.Conversations{}
	_ bot.CheckInGroups      = store.CheckInGroups{}
	_ bot.Inbox              = store.Outbox{}
	_ bot.NotificationSource = store.Outbox{}
	_ delivery.Ledger        = store.Deliveries{}
	_ delivery.Reminders     = store.Reminders{}
	_ telegram.Accounts      = store.Directory{}
	_ slack.Accounts         = store.Directory{}
	_ slack.IntakeStore      = store.Intake{}
	_ onboarding.Quizzes     = (*training.Desk)(nil)
)

// stores are the database's feature stores, for the services and for the
// commands that read or write around a service (imports, exports).
type stores struct {
	orgs          store.Orgs
	directory     store.Directory
	conversations store.Conversations
	checkIns      store.CheckInGroups
	outbox        store.Outbox
	events        store.Events
	attendance    store.Attendance
	leaves        store.Leaves
	covers        store.Covers
	training      store.Training
	knowledge     store.Knowledge
	payroll       store.Payroll
	reports       store.Reports
	setup         store.Setup
	deliveries    store.Deliveries
	reminders     store.Reminders
	broadcasts    store.Broadcasts
	audience      store.Audience
	intake        store.Intake
	signIns       store.SignIns
	staff         store.Staff
	tokens        store.Tokens
	onboarding    store.Onboarding
	personFiles   store.PersonFiles
	contracts     store.Contracts
	transfers     store.Transfers
	leavings      store.Leavings
	jobs          store.Jobs
	perf          store.Perf
}

func newStores(db *store.DB) stores {
	return stores{
		orgs: store.NewOrgs(db), directory: store.NewDirectory(db), conversations: store.NewConversations(db),
		checkIns: store.NewCheckInGroups(db),
		outbox:   store.NewOutbox(db), events: store.NewEvents(db), attendance: store.NewAttendance(db),
		leaves: store.NewLeaves(db), covers: store.NewCovers(db), training: store.NewTraining(db),
		knowledge: store.NewKnowledge(db), payroll: store.NewPayroll(db), reports: store.NewReports(db), setup: store.NewSetup(db),
		deliveries: store.NewDeliveries(db), reminders: store.NewReminders(db), broadcasts: store.NewBroadcasts(db),
		audience: store.NewAudience(db), intake: store.NewIntake(db), signIns: store.NewSignIns(db),
		staff: store.NewStaff(db), tokens: store.NewTokens(db), onboarding: store.NewOnboarding(db), personFiles: store.NewPersonFiles(db), contracts: store.NewContracts(db), transfers: store.NewTransfers(db),
		leavings: store.NewLeavings(db), jobs: store.NewJobs(db), perf: store.NewPerf(db),
	}
}

// services are hrbot's features, built once over one database, one clock
// and one configuration: serve, chat and every subcommand take theirs from
// here, so each feature is wired the same way wherever it runs.
type services struct {
	db    *store.DB
	cfg   config.Config
	log   *slog.Logger
	clock core.Clock
	store stores

	directory  *core.Directory
	setup      *orgfile.Setup
	attendance *attendance.Service
	leave      *leave.Service
	cover      *cover.Service
	training   *training.Service
	payroll    *payroll.Service
	reports    *reports.Service
	knowledge  *knowledgebase.Service
	signIn     *signin.Service
	staff      *staff.Service // hiring, editing, offboarding, staff-list import (the web console's)
	documents  *documents.Service
	files      *personfile.Service
	contracts  *contracts.Service
	transfers  *transfer.Service
	leaving    *leaving.Service // resignations, their chain and the last-day pass
	// certificates issues termination certificates (离职证明), drawn as PDF
	// with the charts' font.
	certificates *certificate.Service
	// recruiting runs the candidates' retention and the stale
	// applications' reminders; it sends candidates nothing (no outbox).
	recruiting *recruiting.Service
	jobs       *jobs.Service // the org's jobs and their descriptions (岗位说明书)
	// perf runs performance reviews (绩效): cycles, reviews, calibration,
	// results, and its reminders pass.
	perf *perf.Service
	// perfMetrics imports business numbers (CSAT, response time) for
	// performance reviews: hrbot perf import and /perf/import.
	perfMetrics *perf.Metrics

	charts *render.Renderer // loaded on first use (reportRenderer)
}

func newServices(db *store.DB, clock core.Clock, cfg config.Config, log *slog.Logger) *services {
	st := newStores(db)
	s := &services{db: db, cfg: cfg, log: log, clock: clock, store: st}
	s.directory = core.NewDirectory(st.directory, clock)
	s.setup = orgfile.NewSetup(st.setup, clock)
	s.attendance = attendance.NewService(st.attendance, s.directory, clock)
	s.leave = leave.NewService(st.leaves, s.attendance, s.directory, clock)
	s.cover = cover.NewService(st.covers, s.attendance, s.directory, clock)
	s.training = training.NewService(st.training, s.directory, clock)
	s.payroll = payroll.NewService(st.payroll, s.attendance, s.directory, clock).WithAnnualLeave(s.leave).WithPerformance(st.payroll).WithTax(st.payroll)
	s.reports = reports.NewService(st.reports, s.attendance, s.leave, s.directory, reports.WithClock(clock))
	s.knowledge = newKnowledge(st.knowledge, s.directory, clock, cfg.OpenAI, log)
	s.signIn = signin.NewService(st.signIns, clock)
	s.staff = staff.NewService(st.staff, s.directory, clock).WithBuiltinJobs(i18n.New().BuiltinJobs())
	s.documents = documents.NewService(store.NewDocuments(db), s.leave, s.directory, clock)
	s.files = personfile.NewService(st.personFiles, s.directory, clock).WithBalances(s.leave).
		WithDocuments(store.NewDocuments(db))
	s.contracts = contracts.NewService(st.contracts, s.directory, clock)
	s.transfers = transfer.NewService(st.transfers, s.attendance, s.directory, clock).WithBuiltinJobs(i18n.New().BuiltinJobs())
	s.leaving = leaving.NewService(st.leavings, s.attendance, st.leavings, s.directory, clock)
	s.certificates = certificate.NewService(store.NewCertificates(db), s.directory, clock)
	s.recruiting = recruiting.NewService(store.NewRecruiting(db), s.directory, nil, clock)
	s.jobs = jobs.NewService(st.jobs, s.directory, clock).WithBuiltinJobs(i18n.New().BuiltinJobs())
	s.perf = perf.NewService(st.perf, st.jobs, perf.NewFacter(store.NewPerfFacts(db), s.attendance, s.leave, clock), st.perf, s.directory, perf.ContractProbations{Contracts: s.contracts, Store: st.contracts}, clock)
	s.perfMetrics = perf.NewMetrics(store.NewPerfMetrics(db), s.directory, clock)
	return s
}

// chat is the bot and the features that reach people through the delivery
// queue, wired to each other: the queue renders with the bot, and the bot
// queues offers, quiz notices and broadcasts on it.
type chat struct {
	queue      *delivery.Queue
	bot        *bot.Bot
	covers     *cover.Pool
	trainings  *training.Desk
	broadcasts *broadcast.Service
	onboarding *onboarding.Service // checklists: made on hire, reminded, ticked (its quizzes through trainings)
	recruiting *recruiting.Service // openings and candidates; it messages candidates through the queue
}

// newChat builds the delivery queue from qcfg (its pool, renderer, logger
// and turn transactions are set here) and the bot around it. Messages go
// out on platforms, in that order of preference; telegramBot is the
// Telegram username for invite links.
func (s *services) newChat(qcfg delivery.Config, platforms []core.Platform, telegramBot string) (*chat, error) {
	c := &chat{}
	qcfg.Pool, qcfg.Logger, qcfg.Ledger = s.db.Pool(), s.log, s.store.deliveries
	qcfg.Renderer = renderFunc(func(ctx context.Context, p core.Platform, id string, m delivery.Message) ([]bot.Reply, error) {
		return c.bot.Render(ctx, p, id, m)
	})
	queue, err := delivery.New(qcfg)
	if err != nil {
		return nil, err
	}
	c.queue = queue
	outbox := delivery.Outbox{Queue: queue, Platforms: platforms}
	c.covers = &cover.Pool{Service: s.cover, Reports: s.store.covers, Events: s.store.events, Outbox: outbox, Auth: s.directory,
		Clock: s.clock}
	c.trainings = &training.Desk{Service: s.training, Store: s.store.training, Audience: s.store.audience,
		Reminders: s.store.training, Outbox: outbox, Clock: s.clock}
	c.broadcasts = &broadcast.Service{Store: s.store.broadcasts, People: s.store.audience, Roster: s.attendance, Outbox: outbox,
		Clock: s.clock}
	c.onboarding = onboarding.NewService(s.store.onboarding, s.store.events, c.trainings, s.directory, s.clock)
	rec := store.NewRecruiting(s.db)
	c.recruiting = recruiting.NewService(rec, s.directory, outbox, s.clock).WithHiring(rec)
	c.bot = bot.New(bot.Config{
		Directory: s.directory, Attendance: s.attendance, Leave: s.leave,
		Desks: bot.Desks{Broadcasts: c.broadcasts, Cover: c.covers, Training: c.trainings, Knowledge: s.knowledge,
			Payroll: s.payroll, Reports: s.reports, Render: s.reportRenderer(), Documents: s.documents, Onboarding: c.onboarding, Files: s.files,
			Contracts: s.contracts, Transfers: s.transfers, Leaving: s.leaving, Perf: s.perf, Recruiting: c.recruiting, Jobs: s.jobs,
			Certificates: s.certificates, Letters: s.reportRenderer()},
		Conversations: s.store.conversations, CheckInGroups: s.store.checkIns, Inbox: s.store.outbox,
		Clock: s.clock, Logger: s.log, TelegramBot: telegramBot, Replies: queue,
		Console: web.Links{SignIn: s.signIn, PublicURL: consoleURL(s.cfg)},
	})
	return c, nil
}

// newKnowledge wires the knowledge base: lexical retrieval always, the
// embeddings and answer models when configured.
func newKnowledge(st knowledgebase.Store, auth *core.Directory, clock core.Clock, o config.OpenAI, log *slog.Logger) *knowledgebase.Service {
	cfg := knowledgebase.Config{Store: st, Clock: clock, Logger: log, Auth: auth}
	if o.Enabled() {
		client := knowledgebase.NewOpenAI(knowledgebase.OpenAIConfig{APIKey: o.APIKey, BaseURL: o.BaseURL, Model: o.Model,
			EmbeddingModel: o.EmbeddingModel, Timeout: o.Timeout})
		if o.Model != "" {
			cfg.Writer, cfg.Translator = client, client
		}
		if o.EmbeddingModel != "" {
			cfg.Embedder = client
		}
	}
	log.Debug("knowledge base", "answers", orDash(modelIf(cfg.Writer != nil, o.Model)), "embeddings", orDash(modelIf(cfg.Embedder != nil, o.EmbeddingModel)))
	return knowledgebase.New(cfg)
}

// consoleURL is where people open the web console: HRBOT_PUBLIC_URL, or
// this machine's HTTP address when hrbot is not public (a shop trying it
// on one computer).
func consoleURL(cfg config.Config) string {
	if cfg.PublicURL != "" {
		return cfg.PublicURL
	}
	host, port, err := net.SplitHostPort(cfg.HTTPAddr)
	if err != nil {
		return "http://localhost:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
