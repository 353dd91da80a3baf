package config

import (
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// load reads and checks every setting. Each setting is read exactly once.
func (l *loader) load() Config {
	file := l.readFile()
	return Config{
		DatabaseURL:       l.databaseURL(),
		DataDir:           l.get("HRBOT_DATA_DIR"),
		HTTPAddr:          l.httpAddr(),
		PublicURL:         l.publicURL(),
		PGBinDir:          l.pgBinDir(),
		LogLevel:          l.logLevel(),
		LogFormat:         l.oneOf("HRBOT_LOG_FORMAT", "text", "json"),
		SchedulerInterval: l.duration("HRBOT_SCHEDULER_INTERVAL", time.Second, 5*time.Minute),
		DeliveryWorkers:   l.intRange("HRBOT_DELIVERY_WORKERS", 1, 200),
		Telegram:          l.telegram(),
		Slack:             l.slack(),
		WeCom:             l.wecom(),
		OpenAI:            l.openAI(),
		EncryptionKey:     l.encryptionKey(),
		Font:              l.get("HRBOT_FONT"),
		File:              file,
	}
}

func (l *loader) databaseURL() string {
	const name = "DATABASE_URL"
	v := l.get(name)
	if v == "" {
		return ""
	}
	// Like libpq, treat it as a URL only when it starts with a scheme;
	// otherwise it is keyword/value settings. The full parse is left to the
	// driver, this only catches values that cannot be either.
	ok := strings.Contains(v, "=")
	if scheme, _, isURL := strings.Cut(v, "://"); isURL && !strings.ContainsAny(scheme, "= ") {
		_, err := url.Parse(v)
		scheme = strings.ToLower(scheme)
		ok = err == nil && (scheme == "postgres" || scheme == "postgresql")
	}
	if !ok {
		l.invalid(name, v, `must be a postgres:// or postgresql:// URL, or keyword/value settings such as "host=localhost dbname=hrbot"`)
	}
	return v
}

func (l *loader) httpAddr() string {
	const name = "HRBOT_HTTP_ADDR"
	v := l.get(name)
	_, port, err := net.SplitHostPort(v)
	if err == nil {
		// Reject service names such as ":http": they depend on /etc/services.
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		l.invalid(name, v, `must be host:port such as ":8080"`)
	}
	return v
}

func (l *loader) publicURL() string {
	if l.get("HRBOT_PUBLIC_URL") == "" {
		return ""
	}
	return l.httpURL("HRBOT_PUBLIC_URL")
}

func (l *loader) pgBinDir() string {
	const name = "HRBOT_PG_BIN_DIR"
	v := l.get(name)
	if v == "" {
		return ""
	}
	// A typo here would otherwise surface much later as a confusing
	// "initdb not found" when the embedded database starts.
	if fi, err := os.Stat(v); err != nil || !fi.IsDir() {
		l.invalid(name, v, "must be an existing directory holding initdb and pg_ctl")
	}
	return v
}

func (l *loader) logLevel() slog.Level {
	switch l.oneOf("HRBOT_LOG_LEVEL", "debug", "info", "warn", "error") {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}

// oneOf returns the lower-cased value of a setting that must be one of
// allowed.
func (l *loader) oneOf(name string, allowed ...string) string {
	raw := l.get(name)
	v := strings.ToLower(raw)
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	last := len(allowed) - 1
	l.invalid(name, raw, "must be "+strings.Join(allowed[:last], ", ")+" or "+allowed[last])
	return v
}

// httpURL returns a setting that must be an absolute http(s) URL, without
// trailing slashes so that callers can append paths uniformly.
func (l *loader) httpURL(name string) string {
	v := l.get(name)
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		l.invalid(name, v, `must be an absolute http or https URL such as "`+l.byName[name].Default+`"`)
	}
	return strings.TrimRight(v, "/")
}

func (l *loader) telegram() Telegram {
	t := Telegram{
		Token:         l.get("HRBOT_TELEGRAM_TOKEN"),
		APIURL:        l.httpURL("HRBOT_TELEGRAM_API_URL"),
		Mode:          l.oneOf("HRBOT_TELEGRAM_MODE", "webhook", "polling"),
		WebhookSecret: l.get("HRBOT_TELEGRAM_WEBHOOK_SECRET"),
		SendPerSecond: l.intRange("HRBOT_TELEGRAM_SEND_PER_SECOND", 1, 10000),
	}
	if t.Token != "" && !telegramTokenOK(t.Token) {
		l.invalid("HRBOT_TELEGRAM_TOKEN", t.Token, `must look like "123456789:AAE..." as issued by @BotFather`)
	}
	if t.WebhookSecret != "" && (len(t.WebhookSecret) > 256 || !tokenChars(t.WebhookSecret)) {
		// Telegram rejects setWebhook with any other secret.
		l.invalid("HRBOT_TELEGRAM_WEBHOOK_SECRET", t.WebhookSecret, "must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
	}
	if t.Token != "" && t.Mode == "webhook" && t.WebhookSecret == "" {
		// Without it anyone who guesses the webhook URL can impersonate Telegram.
		l.require("HRBOT_TELEGRAM_WEBHOOK_SECRET", "when HRBOT_TELEGRAM_TOKEN is set in webhook mode (or set HRBOT_TELEGRAM_MODE=polling)")
	}
	return t
}

// telegramTokenOK reports whether s looks like "<bot id>:<secret>".
func telegramTokenOK(s string) bool {
	id, secret, ok := strings.Cut(s, ":")
	return ok && id != "" && strings.Trim(id, "0123456789") == "" && secret != "" && tokenChars(secret)
}

// tokenChars reports whether s consists only of A-Z, a-z, 0-9, _ and -.
func tokenChars(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func (l *loader) slack() Slack {
	s := Slack{
		BotToken:      l.get("HRBOT_SLACK_BOT_TOKEN"),
		SigningSecret: l.get("HRBOT_SLACK_SIGNING_SECRET"),
		AppToken:      l.get("HRBOT_SLACK_APP_TOKEN"),
		APIURL:        l.httpURL("HRBOT_SLACK_API_URL") + "/",
		PostPerMinute: l.intRange("HRBOT_SLACK_POST_PER_MINUTE", 1, 60000),
		IntakeWorkers: l.intRange("HRBOT_SLACK_INTAKE_WORKERS", 1, 256),
	}
	if s.BotToken != "" && !strings.HasPrefix(s.BotToken, "xoxb-") {
		l.invalid("HRBOT_SLACK_BOT_TOKEN", s.BotToken, "must start with xoxb- (the Bot User OAuth Token)")
	}
	if s.AppToken != "" && !strings.HasPrefix(s.AppToken, "xapp-") {
		l.invalid("HRBOT_SLACK_APP_TOKEN", s.AppToken, "must start with xapp- (an app-level token)")
	}
	if s.AppToken != "" && s.BotToken == "" {
		l.require("HRBOT_SLACK_BOT_TOKEN", "when HRBOT_SLACK_APP_TOKEN is set: Socket Mode still posts messages with the bot token")
	}
	if s.BotToken != "" && s.AppToken == "" && s.SigningSecret == "" {
		l.require("HRBOT_SLACK_SIGNING_SECRET", "when HRBOT_SLACK_BOT_TOKEN is set without HRBOT_SLACK_APP_TOKEN, to verify that HTTP events come from Slack")
	}
	return s
}

func (l *loader) openAI() OpenAI {
	return OpenAI{
		APIKey:         l.get("HRBOT_OPENAI_API_KEY"),
		BaseURL:        l.httpURL("HRBOT_OPENAI_BASE_URL"),
		Model:          l.get("HRBOT_OPENAI_MODEL"),
		EmbeddingModel: l.get("HRBOT_OPENAI_EMBEDDING_MODEL"),
		Timeout:        l.duration("HRBOT_OPENAI_TIMEOUT", time.Second, 5*time.Minute),
	}
}

func (l *loader) encryptionKey() []byte {
	const name = "HRBOT_ENCRYPTION_KEY"
	v := l.get(name)
	if v == "" {
		return nil
	}
	// Hex first: 64 hex characters are also valid base64, of the wrong length.
	if len(v) == 64 {
		if key, err := hex.DecodeString(v); err == nil {
			return key
		}
	}
	if key, err := base64.StdEncoding.DecodeString(v); err == nil && len(key) == 32 {
		return key
	}
	l.invalid(name, v, "must be 32 bytes written as 64 hex characters or standard base64 (try: openssl rand -hex 32)")
	return nil
}

func (l *loader) duration(name string, lo, hi time.Duration) time.Duration {
	v := l.get(name)
	d, err := time.ParseDuration(v)
	if err != nil || d < lo || d > hi {
		l.invalid(name, v, "must be a duration from "+lo.String()+" to "+hi.String()+", such as 15s")
	}
	return d
}

func (l *loader) intRange(name string, lo, hi int) int {
	v := l.get(name)
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		l.invalid(name, v, "must be a whole number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
	}
	return n
}
