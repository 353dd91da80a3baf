// Package slack connects hrbot to Slack with github.com/slack-go/slack:
// events, the /hr command and button presses arrive over HTTP (signed) or
// Socket Mode and become the bot's neutral messages; replies go out as
// Block Kit messages, their files as uploads shared with them, buttons
// pressed are answered by updating their message, and everything sent
// keeps to Slack's rate limits.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"

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

// Accounts is what the adapter reads and records about chat accounts.
type Accounts interface {
	// SetBlocked records that an account refuses messages, or takes them again.
	SetBlocked(ctx context.Context, platform core.Platform, externalID string, blocked bool, at time.Time) error
	emaillink.Accounts
}

// IntakeStore keeps what Slack delivers from before it is acknowledged
// until it has been processed (store.Intake).
type IntakeStore = intake.Store

// Config sets the adapter up.
type Config struct {
	BotToken      string
	SigningSecret string // verifies HTTP requests; unused in Socket Mode
	AppToken      string // set for Socket Mode
	APIURL        string // any Slack-Web-API-compatible server, ending in "/"
	Handler       Handler
	Accounts      Accounts
	Logger        *slog.Logger
	Limits        Limits
	// LinkEvery is how often employees' e-mail addresses are looked up in
	// the workspace to link their accounts; default 10 minutes.
	LinkEvery  time.Duration
	HTTPClient *http.Client
	// Intake keeps every event, command and press before Slack is
	// acknowledged; required.
	Intake IntakeStore
	// Workers process messages in parallel, one person's in order; default 8
	// (HRBOT_SLACK_INTAKE_WORKERS).
	Workers int
}

// Adapter is a running Slack connection.
type Adapter struct {
	cfg     Config
	api     *slackapi.Client
	log     *slog.Logger
	limiter *limiter
	http    *http.Client
	intake  *intake.Queue
	linker  *emaillink.Linker

	mu        sync.Mutex
	botUserID string
	dms       map[string]string // user id → the bot's DM channel with them
}

// New prepares the adapter. It asks auth.test who the bot is (to ignore
// its own messages) but does not fail if Slack cannot be reached yet.
func New(ctx context.Context, cfg Config) (*Adapter, error) {
	if cfg.BotToken == "" {
		return nil, errors.New("slack: no bot token")
	}
	if cfg.Intake == nil {
		return nil, errors.New("slack: no intake store")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.LinkEvery == 0 {
		cfg.LinkEvery = 10 * time.Minute
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.APIURL == "" {
		cfg.APIURL = slackapi.APIURL
	}
	if !strings.HasSuffix(cfg.APIURL, "/") {
		cfg.APIURL += "/" // slack-go joins method names straight onto it
	}
	cfg.Limits = cfg.Limits.withDefaults()
	opts := []slackapi.Option{slackapi.OptionAPIURL(cfg.APIURL), slackapi.OptionHTTPClient(cfg.HTTPClient)}
	if cfg.AppToken != "" {
		opts = append(opts, slackapi.OptionAppLevelToken(cfg.AppToken))
	}
	a := &Adapter{
		cfg: cfg, api: slackapi.New(cfg.BotToken, opts...), log: cfg.Logger, limiter: newLimiter(cfg.Limits),
		http: cfg.HTTPClient, dms: map[string]string{},
	}
	a.linker = emaillink.New(core.PlatformSlack, cfg.Accounts, a.lookupEmail, cfg.Logger)
	var err error
	a.intake, err = intake.New(intake.Config{Platform: core.PlatformSlack, Store: cfg.Intake, Work: a.workItem,
		Workers: cfg.Workers, Logger: cfg.Logger})
	if err != nil {
		return nil, errorf("%w", err)
	}
	if err := a.whoAmI(ctx); err != nil {
		a.log.Warn("slack auth.test failed; continuing", "err", err)
	}
	return a, nil
}

func (a *Adapter) whoAmI(ctx context.Context) error {
	auth, err := a.api.AuthTestContext(ctx)
	if err != nil {
		return err
	}
	a.mu.Lock()
	a.botUserID = auth.UserID
	a.mu.Unlock()
	return nil
}

func (a *Adapter) isSelf(user string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return user != "" && user == a.botUserID
}

// SetHandler sets the bot, for wiring that builds the bot after the adapter.
func (a *Adapter) SetHandler(h Handler) { a.cfg.Handler = h }

// Run processes what was kept (by this process or another replica, or
// left by one that died), keeps the Socket Mode connection when an app
// token is set and links accounts by e-mail, until ctx ends. Messages
// being processed are finished first, within a grace period; the rest
// wait in the intake for the next process.
func (a *Adapter) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Go(func() { a.intake.Run(ctx) })
	if a.cfg.AppToken != "" {
		wg.Go(func() { a.socketMode(ctx) })
	}
	// The pass runs on ctx, not periodic's detached one: linking can wait
	// for the next start, shutting down should not wait for linking.
	periodic.Every(ctx, a.cfg.LinkEvery, a.cfg.LinkEvery, func(context.Context) error { a.LinkByEmail(ctx); return nil })
	wg.Wait()
	return nil
}

// LinkByEmail looks up employees who have an e-mail address but no Slack
// account yet and links the accounts found. It returns how many it linked.
func (a *Adapter) LinkByEmail(ctx context.Context) int { return a.linker.Pass(ctx) }

// lookupEmail finds the Slack account of an address; Slack's "users_not_found"
// (any error answer of Slack's) and bots or deactivated accounts are not found.
func (a *Adapter) lookupEmail(ctx context.Context, email string) (string, bool, error) {
	var user *slackapi.User
	err := a.call(ctx, "users.lookupByEmail", "", func() error {
		var err error
		user, err = a.api.GetUserByEmailContext(ctx, email)
		return err
	})
	var slackErr slackapi.SlackErrorResponse
	switch {
	case err != nil && !errors.As(err, &slackErr):
		return "", false, err
	case err != nil || user == nil || user.IsBot || user.Deleted:
		return "", false, nil
	}
	return user.ID, true, nil
}

func errorf(format string, args ...any) error { return fmt.Errorf("slack: "+format, args...) }
