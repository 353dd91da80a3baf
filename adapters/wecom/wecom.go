// Package wecom connects hrbot to WeCom (企业微信) through a self-built app
// (自建应用): callbacks arrive signed and encrypted at one URL, are checked,
// opened and kept in the durable intake before WeCom is answered, and
// become the bot's neutral messages; replies go out through WeCom's
// server API as text, template cards with buttons (按钮交互型) that are
// updated after a press, images and files, within WeCom's rate limits.
//
// WeCom's callback crypto and its HTTP API are written here against
// WeCom's documentation with the standard library: the SDK named in the
// issue (silenceper/wechat) lacks template cards and their updates and
// keeps its API host and HTTP client in package globals, which a test
// cannot redirect without changing process-wide state. Its crypto checks
// this package's in a test.
package wecom

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/hrbot/hrbot/adapters/internal/emaillink"
	"github.com/hrbot/hrbot/adapters/internal/intake"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/internal/periodic"
)

// Handler is the part of the bot the adapter needs.
type Handler interface {
	Handle(ctx context.Context, in bot.Incoming) ([]bot.Reply, error)
}

// QueuedHandler is a Handler that can queue its replies for hrbot's
// delivery queue (bot.Bot); Adapter.Reply sends them.
type QueuedHandler interface {
	HandleQueued(ctx context.Context, in bot.Incoming, a bot.Answer) (bot.Answered, error)
}

// Accounts is what the adapter records about chat accounts.
type Accounts interface {
	// SetBlocked records that an account refuses messages, or takes them again.
	SetBlocked(ctx context.Context, platform core.Platform, externalID string, blocked bool, at time.Time) error
	emaillink.Accounts
}

// IntakeStore keeps callbacks from before WeCom is answered until they
// have been processed (store.Intake).
type IntakeStore = intake.Store

// Config sets the adapter up.
type Config struct {
	CorpID  string
	AgentID int64
	Secret  string
	Token   string // the callback Token
	AESKey  string // the callback EncodingAESKey
	APIURL  string // DefaultAPIURL when ""
	Handler Handler
	// Accounts records members the app cannot reach; required.
	Accounts Accounts
	// Intake keeps every callback before WeCom is answered; required.
	Intake IntakeStore
	// Tokens shares access tokens between replicas (store.Tokens); nil
	// keeps them in this process only.
	Tokens TokenStore
	Logger *slog.Logger
	Limits Limits
	// Workers handle callbacks in parallel, one member's in order; default 8.
	Workers int
	// LinkEvery is how often employees' e-mail addresses are looked up in
	// WeCom to link their accounts; default 10 minutes.
	LinkEvery  time.Duration
	HTTPClient *http.Client
}

// Adapter is a running WeCom app.
type Adapter struct {
	cfg     Config
	api     *API
	crypt   *crypter
	log     *slog.Logger
	intake  *intake.Queue
	limiter *limiter
	linker  *emaillink.Linker
}

// New prepares the adapter; nothing is asked of WeCom until it is needed.
func New(ctx context.Context, cfg Config) (*Adapter, error) {
	if cfg.CorpID == "" || cfg.AgentID <= 0 || cfg.Secret == "" {
		return nil, errors.New("wecom: corp id, agent id and secret are required")
	}
	if cfg.Intake == nil || cfg.Accounts == nil {
		return nil, errors.New("wecom: no intake store or accounts")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	crypt, err := newCrypter(cfg.Token, cfg.AESKey, cfg.CorpID)
	if err != nil {
		return nil, err
	}
	cfg.Limits = cfg.Limits.withDefaults()
	a := &Adapter{cfg: cfg, api: NewAPI(cfg.APIURL, cfg.CorpID, cfg.Secret, cfg.HTTPClient), crypt: crypt,
		log: cfg.Logger, limiter: newLimiter(cfg.Limits)}
	if cfg.Tokens != nil {
		a.api.ShareTokens(cfg.Tokens)
	}
	if cfg.LinkEvery == 0 {
		a.cfg.LinkEvery = 10 * time.Minute
	}
	a.linker = emaillink.New(core.PlatformWeCom, cfg.Accounts, a.api.UserIDByEmail, cfg.Logger)
	a.intake, err = intake.New(intake.Config{Platform: core.PlatformWeCom, Store: cfg.Intake, Work: a.workItem,
		Workers: cfg.Workers, Logger: cfg.Logger})
	if err != nil {
		return nil, errors.Join(errors.New("wecom"), err)
	}
	return a, nil
}

// SetHandler sets the bot, for wiring that builds the bot after the adapter.
func (a *Adapter) SetHandler(h Handler) { a.cfg.Handler = h }

// API is the adapter's client of WeCom's server API, for the directory
// sync and check-in import: one token cache for the whole app.
func (a *Adapter) API() *API { return a.api }

// AgentID is the app's AgentId, which message and card calls name.
func (a *Adapter) AgentID() int64 { return a.cfg.AgentID }

// Run works the intake and links accounts by e-mail until ctx ends.
func (a *Adapter) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Go(func() { a.intake.Run(ctx) })
	// The pass runs on ctx, not periodic's detached one: linking can wait
	// for the next start, shutting down should not wait for linking.
	periodic.Every(ctx, a.cfg.LinkEvery, a.cfg.LinkEvery, func(context.Context) error { a.LinkByEmail(ctx); return nil })
	wg.Wait()
	return nil
}
