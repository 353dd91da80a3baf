// Package config builds hrbot's one typed, validated configuration from
// environment variables and an optional YAML file, so that the rest of the
// program never reads the environment itself and an operator learns about
// every mistake in the setup at startup, all at once.
package config

import (
	"log/slog"
	"time"
)

// Config is the whole runtime configuration of hrbot.
type Config struct {
	DatabaseURL string     // DATABASE_URL; empty means the embedded local PostgreSQL
	DataDir     string     // HRBOT_DATA_DIR
	HTTPAddr    string     // HRBOT_HTTP_ADDR, host:port; the host may be empty
	PublicURL   string     // HRBOT_PUBLIC_URL, where the world reaches HTTPAddr; "" when not public
	PGBinDir    string     // HRBOT_PG_BIN_DIR; an existing directory, or empty to search the usual places
	LogLevel    slog.Level // HRBOT_LOG_LEVEL
	LogFormat   string     // HRBOT_LOG_FORMAT: "text" or "json"

	SchedulerInterval time.Duration // HRBOT_SCHEDULER_INTERVAL: how often reminder rules are checked
	DeliveryWorkers   int           // HRBOT_DELIVERY_WORKERS: concurrent sends per platform in this process

	Telegram Telegram
	Slack    Slack
	WeCom    WeCom
	OpenAI   OpenAI

	EncryptionKey []byte // HRBOT_ENCRYPTION_KEY, exactly 32 bytes; nil when unset
	Font          string // HRBOT_FONT: a font with Chinese glyphs for charts; "" searches the system

	File string // path of the config file used, "" if none
}

// Telegram configures the Telegram bot adapter.
type Telegram struct {
	Token         string // HRBOT_TELEGRAM_TOKEN, "<bot id>:<secret>"; empty disables Telegram
	APIURL        string // HRBOT_TELEGRAM_API_URL, stored without a trailing slash
	Mode          string // HRBOT_TELEGRAM_MODE: "webhook" or "polling"
	WebhookSecret string // HRBOT_TELEGRAM_WEBHOOK_SECRET; always set when Token is set in webhook mode
	// SendPerSecond is HRBOT_TELEGRAM_SEND_PER_SECOND: messages a second in
	// all (Telegram allows about 30; more with paid broadcasts).
	SendPerSecond int
}

// Enabled reports whether the Telegram adapter should run.
func (t Telegram) Enabled() bool { return t.Token != "" }

// Slack configures the Slack bot adapter.
type Slack struct {
	BotToken      string // HRBOT_SLACK_BOT_TOKEN, "xoxb-..."; empty disables Slack
	SigningSecret string // HRBOT_SLACK_SIGNING_SECRET; always set when events arrive over HTTP
	AppToken      string // HRBOT_SLACK_APP_TOKEN, "xapp-..."; set for Socket Mode
	APIURL        string // HRBOT_SLACK_API_URL, always with a trailing slash because slack-go appends method names to it
	// PostPerMinute is HRBOT_SLACK_POST_PER_MINUTE: chat.postMessage calls
	// a minute across the workspace, for this process.
	PostPerMinute int
	// IntakeWorkers is HRBOT_SLACK_INTAKE_WORKERS: Slack messages handled
	// at once by this process, each person's in order.
	IntakeWorkers int
}

// Enabled reports whether the Slack adapter should run.
func (s Slack) Enabled() bool { return s.BotToken != "" }

// SocketMode reports whether Slack events arrive over a Socket Mode
// connection rather than as HTTP requests to hrbot.
func (s Slack) SocketMode() bool { return s.AppToken != "" }

// OpenAI configures the language model behind the assistant. Any
// OpenAI-compatible server works.
type OpenAI struct {
	APIKey  string // HRBOT_OPENAI_API_KEY
	BaseURL string // HRBOT_OPENAI_BASE_URL, stored without a trailing slash
	Model   string // HRBOT_OPENAI_MODEL
	// EmbeddingModel turns on embeddings for the knowledge base; "" keeps
	// retrieval lexical.
	EmbeddingModel string        // HRBOT_OPENAI_EMBEDDING_MODEL
	Timeout        time.Duration // HRBOT_OPENAI_TIMEOUT: one model call, after which the passages answer alone
}

const defaultOpenAIBaseURL = "https://api.openai.com/v1"

// Enabled reports whether a model is configured: either a key is set or the
// base URL points somewhere other than api.openai.com, since a local
// OpenAI-compatible server may need no key while OpenAI itself always does.
func (o OpenAI) Enabled() bool {
	return o.APIKey != "" || (o.BaseURL != "" && o.BaseURL != defaultOpenAIBaseURL)
}

// Load builds the configuration. getenv is os.Getenv in production; tests
// pass a map lookup. The optional config file is named by HRBOT_CONFIG.
// Precedence is defaults < file < environment, and an empty value counts as
// unset. When the setup is invalid, Load returns a zero Config and Problems.
func Load(getenv func(string) string) (Config, error) {
	l := newLoader(getenv)
	cfg := l.load()
	if len(l.problems) > 0 {
		l.sortProblems()
		return Config{}, l.problems
	}
	return cfg, nil
}
