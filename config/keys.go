package config

// KeyInfo describes one setting for `hrbot --help` and the operator docs.
type KeyInfo struct {
	Name        string // environment variable, and key in the config file
	Default     string // "" when the setting has no default
	Description string
	// Secret settings are never echoed in problem messages and may also be
	// read from the file named by Name+"_FILE", which keeps them out of the
	// process environment shown by ps or docker inspect.
	Secret bool
}

const keyConfig = "HRBOT_CONFIG"

// Keys lists every setting in a fixed order, which is also the order in
// which Load reports problems. Load takes its defaults from here, so this is
// the single source of truth for them.
func Keys() []KeyInfo {
	return []KeyInfo{
		{Name: keyConfig, Description: "path of an optional YAML config file; environment variables override it"},
		{Name: "DATABASE_URL", Secret: true, Description: "PostgreSQL connection as a postgres:// URL or keyword/value string; unset runs an embedded local PostgreSQL"},
		{Name: "HRBOT_DATA_DIR", Default: "./var", Description: "directory for local state such as the embedded PostgreSQL cluster"},
		{Name: "HRBOT_HTTP_ADDR", Default: ":8080", Description: "host:port the HTTP server listens on (webhooks, health checks)"},
		{Name: "HRBOT_PUBLIC_URL", Description: "public https URL that reaches HRBOT_HTTP_ADDR; set, hrbot registers its Telegram webhook there"},
		{Name: "HRBOT_PG_BIN_DIR", Description: "directory holding initdb and pg_ctl for the embedded PostgreSQL, and pg_dump and pg_restore for hrbot backup and restore; unset searches the usual places"},
		{Name: "HRBOT_LOG_LEVEL", Default: "info", Description: "log level: debug, info, warn or error"},
		{Name: "HRBOT_LOG_FORMAT", Default: "text", Description: "log format: text or json"},
		{Name: "HRBOT_SCHEDULER_INTERVAL", Default: "15s", Description: "how often reminder rules are checked for occurrences due (1s to 5m)"},
		{Name: "HRBOT_DELIVERY_WORKERS", Default: "10", Description: "messages sent at once per platform by this process (1 to 200)"},
		{Name: "HRBOT_TELEGRAM_TOKEN", Secret: true, Description: "Telegram bot token from @BotFather; unset disables Telegram"},
		{Name: "HRBOT_TELEGRAM_API_URL", Default: "https://api.telegram.org", Description: "Telegram Bot API base URL"},
		{Name: "HRBOT_TELEGRAM_MODE", Default: "webhook", Description: "how Telegram updates arrive: webhook or polling"},
		{Name: "HRBOT_TELEGRAM_WEBHOOK_SECRET", Secret: true, Description: "secret Telegram sends with each webhook call (1-256 of A-Z a-z 0-9 _ -); required in webhook mode"},
		{Name: "HRBOT_TELEGRAM_SEND_PER_SECOND", Default: "30", Description: "messages a second this process sends to Telegram in all (1 to 10000); Telegram allows about 30, more with paid broadcasts"},
		{Name: "HRBOT_SLACK_BOT_TOKEN", Secret: true, Description: "Slack bot token (xoxb-...); unset disables Slack"},
		{Name: "HRBOT_SLACK_SIGNING_SECRET", Secret: true, Description: "Slack signing secret; required unless HRBOT_SLACK_APP_TOKEN is set"},
		{Name: "HRBOT_SLACK_APP_TOKEN", Secret: true, Description: "Slack app-level token (xapp-...); set to use Socket Mode instead of HTTP events"},
		{Name: "HRBOT_SLACK_API_URL", Default: "https://slack.com/api/", Description: "Slack Web API base URL"},
		{Name: "HRBOT_SLACK_POST_PER_MINUTE", Default: "300", Description: "chat.postMessage calls a minute this process makes (1 to 60000); Slack allows about one a second per channel"},
		{Name: "HRBOT_SLACK_INTAKE_WORKERS", Default: "8", Description: "Slack messages this process handles at once, one person's in order (1 to 256)"},
		{Name: "HRBOT_WECOM_CORP_ID", Secret: true, Description: "WeCom (企业微信) company id (企业ID); unset disables WeCom"},
		{Name: "HRBOT_WECOM_AGENT_ID", Secret: true, Description: "AgentId of hrbot's self-built app in WeCom; required with HRBOT_WECOM_CORP_ID"},
		{Name: "HRBOT_WECOM_SECRET", Secret: true, Description: "Secret of hrbot's self-built WeCom app; required with HRBOT_WECOM_CORP_ID"},
		{Name: "HRBOT_WECOM_TOKEN", Secret: true, Description: "Token of the app's callback settings (1-32 letters and digits); required with HRBOT_WECOM_CORP_ID"},
		{Name: "HRBOT_WECOM_AES_KEY", Secret: true, Description: "EncodingAESKey of the app's callback settings (43 characters); required with HRBOT_WECOM_CORP_ID"},
		{Name: "HRBOT_WECOM_API_URL", Default: "https://qyapi.weixin.qq.com", Description: "WeCom API base URL (tests, private deployments)"},
		{Name: "HRBOT_WECOM_OAUTH_URL", Default: "https://open.weixin.qq.com/connect/oauth2/authorize", Description: "WeCom's OAuth authorize page, which signs members in to the console opened inside WeCom (tests, private deployments)"},
		{Name: "HRBOT_OPENAI_API_KEY", Secret: true, Description: "API key for the OpenAI-compatible model server"},
		{Name: "HRBOT_OPENAI_BASE_URL", Default: defaultOpenAIBaseURL, Description: "base URL of the OpenAI-compatible model server"},
		{Name: "HRBOT_OPENAI_MODEL", Default: "gpt-4o-mini", Description: "model name"},
		{Name: "HRBOT_OPENAI_EMBEDDING_MODEL", Description: "embeddings model for the knowledge base (optional; lexical retrieval alone without it)"},
		{Name: "HRBOT_OPENAI_TIMEOUT", Default: "20s", Description: "how long one model call may take before hrbot answers from the handbook passages alone (1s to 5m)"},
		{Name: "HRBOT_FONT", Description: "font file for chart text (TTF, OTF or TTC with Chinese glyphs); unset: the system's CJK fonts are searched"},
		{Name: "HRBOT_ENCRYPTION_KEY", Secret: true, Description: "32-byte encryption key as 64 hex characters or standard base64 (optional)"},
	}
}
