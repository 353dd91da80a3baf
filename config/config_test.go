package config_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/config"
)

// load runs config.Load in a fresh temporary directory. files are written
// there first, and "{dir}" in env values and files is replaced by its path,
// so cases can point HRBOT_CONFIG and the _FILE variables at real files.
func load(t *testing.T, env, files map[string]string) (config.Config, string, error) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		content = strings.ReplaceAll(content, "{dir}", dir)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(func(key string) string {
		return strings.ReplaceAll(env[key], "{dir}", dir)
	})
	return cfg, dir, err
}

// problemKeys returns the keys of the problems in err, in order.
func problemKeys(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var probs config.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("Load error is %T, want config.Problems: %v", err, err)
	}
	keys := make([]string, len(probs))
	for i, p := range probs {
		keys[i] = p.Key
	}
	return keys
}

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	cfg, _, err := load(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := config.Config{
		DataDir:           "./var",
		HTTPAddr:          ":8080",
		LogLevel:          slog.LevelInfo,
		LogFormat:         "text",
		SchedulerInterval: 15 * time.Second,
		DeliveryWorkers:   10,
		Telegram:          config.Telegram{APIURL: "https://api.telegram.org", Mode: "webhook", SendPerSecond: 30},
		Slack:             config.Slack{APIURL: "https://slack.com/api/", PostPerMinute: 300, IntakeWorkers: 8},
		WeCom:             config.WeCom{APIURL: "https://qyapi.weixin.qq.com", OAuthURL: "https://open.weixin.qq.com/connect/oauth2/authorize"},
		OpenAI:            config.OpenAI{BaseURL: "https://api.openai.com/v1", Model: "gpt-4o-mini", Timeout: 20 * time.Second},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("Load(empty env) =\n%+v\nwant\n%+v", cfg, want)
	}
	if cfg.Telegram.Enabled() || cfg.Slack.Enabled() || cfg.OpenAI.Enabled() {
		t.Errorf("adapters enabled by default: telegram %v, slack %v, openai %v",
			cfg.Telegram.Enabled(), cfg.Slack.Enabled(), cfg.OpenAI.Enabled())
	}
}

func TestLoadFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		env   map[string]string
		file  string
		check func(*testing.T, config.Config)
	}{
		{
			name: "file values used when env unset",
			file: "HRBOT_HTTP_ADDR: \":9090\"\nHRBOT_LOG_LEVEL: debug\nHRBOT_SLACK_API_URL: http://localhost:3000/api\n",
			check: func(t *testing.T, c config.Config) {
				if c.HTTPAddr != ":9090" || c.LogLevel != slog.LevelDebug || c.Slack.APIURL != "http://localhost:3000/api/" {
					t.Errorf("got addr %q, level %v, slack url %q", c.HTTPAddr, c.LogLevel, c.Slack.APIURL)
				}
			},
		},
		{
			name: "env overrides file",
			env:  map[string]string{"HRBOT_HTTP_ADDR": ":7070"},
			file: "HRBOT_HTTP_ADDR: \":9090\"\nHRBOT_DATA_DIR: /srv/hrbot\n",
			check: func(t *testing.T, c config.Config) {
				if c.HTTPAddr != ":7070" || c.DataDir != "/srv/hrbot" {
					t.Errorf("got addr %q, data dir %q", c.HTTPAddr, c.DataDir)
				}
			},
		},
		{
			name: "blank env value falls through to file",
			env:  map[string]string{"HRBOT_HTTP_ADDR": "  "},
			file: "HRBOT_HTTP_ADDR: \":9090\"\n",
			check: func(t *testing.T, c config.Config) {
				if c.HTTPAddr != ":9090" {
					t.Errorf("got addr %q", c.HTTPAddr)
				}
			},
		},
		{
			name: "env _FILE overrides file value",
			env:  map[string]string{"HRBOT_OPENAI_API_KEY_FILE": "{dir}/key"},
			file: "HRBOT_OPENAI_API_KEY: from-config-file\n",
			check: func(t *testing.T, c config.Config) {
				if c.OpenAI.APIKey != "from-secret-file" {
					t.Errorf("got key %q", c.OpenAI.APIKey)
				}
			},
		},
		{
			name: "numbers and bools become strings, null is unset",
			file: "HRBOT_OPENAI_MODEL: 4\nHRBOT_DATA_DIR: true\nHRBOT_LOG_LEVEL: ~\nHRBOT_LOG_FORMAT:\n",
			check: func(t *testing.T, c config.Config) {
				if c.OpenAI.Model != "4" || c.DataDir != "true" || c.LogLevel != slog.LevelInfo || c.LogFormat != "text" {
					t.Errorf("got model %q, data dir %q, level %v, format %q", c.OpenAI.Model, c.DataDir, c.LogLevel, c.LogFormat)
				}
			},
		},
		{
			name: "empty file sets nothing",
			file: "# nothing yet\n",
			check: func(t *testing.T, c config.Config) {
				if c.HTTPAddr != ":8080" {
					t.Errorf("got addr %q", c.HTTPAddr)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"HRBOT_CONFIG": "{dir}/hrbot.yaml"}
			for k, v := range tt.env {
				env[k] = v
			}
			files := map[string]string{"hrbot.yaml": tt.file, "key": "from-secret-file\n"}
			cfg, dir, err := load(t, env, files)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, "hrbot.yaml"); cfg.File != want {
				t.Errorf("File = %q, want %q", cfg.File, want)
			}
			tt.check(t, cfg)
		})
	}
}

func TestLoadFileProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		env      map[string]string
		file     string // not written when empty
		keys     []string
		contains []string // lines of Error(); "{path}" is the config file
		excludes string
	}{
		{
			name: "unknown key with suggestion",
			file: "DATABASE_URL: postgres://localhost/hrbot\nHRBOT_LOG_LEVEL: info\nHRBOT_HTTP_ADR: \":9090\"\n",
			keys: []string{"HRBOT_HTTP_ADR"},
			contains: []string{
				"\n  HRBOT_HTTP_ADR: unknown setting in {path} line 3 (did you mean HRBOT_HTTP_ADDR?)",
			},
		},
		{
			name:     "unknown key in lower case",
			file:     "hrbot_log_level: debug\n",
			keys:     []string{"hrbot_log_level"},
			contains: []string{"unknown setting in {path} line 1 (did you mean HRBOT_LOG_LEVEL?)"},
		},
		{
			name:     "unknown key without suggestion",
			file:     "COLOR: blue\n",
			keys:     []string{"COLOR"},
			contains: []string{"COLOR: unknown setting in {path} line 1"},
			excludes: "did you mean",
		},
		{
			name:     "_FILE variant in file",
			file:     "HRBOT_SLACK_BOT_TOKEN_FILE: /run/secrets/slack\n",
			keys:     []string{"HRBOT_SLACK_BOT_TOKEN_FILE"},
			contains: []string{"environment only"},
		},
		{
			name: "HRBOT_CONFIG in file",
			file: "HRBOT_CONFIG: other.yaml\n",
			keys: []string{"HRBOT_CONFIG"},
		},
		{
			name:     "key set twice",
			file:     "HRBOT_LOG_LEVEL: info\nHRBOT_DATA_DIR: /x\nHRBOT_LOG_LEVEL: debug\n",
			keys:     []string{"HRBOT_LOG_LEVEL"},
			contains: []string{"set twice in {path}, lines 1 and 3"},
		},
		{
			name:     "list value",
			file:     "HRBOT_HTTP_ADDR:\n  - \":1\"\n  - \":2\"\n",
			keys:     []string{"HRBOT_HTTP_ADDR"},
			contains: []string{"not a list or mapping"},
		},
		{
			name:     "bad value from file is validated",
			file:     "HRBOT_LOG_LEVEL: loud\n",
			keys:     []string{"HRBOT_LOG_LEVEL"},
			contains: []string{`got "loud"`},
		},
		{
			name:     "invalid YAML",
			file:     "HRBOT_HTTP_ADDR: [\n",
			keys:     []string{"HRBOT_CONFIG"},
			contains: []string{"HRBOT_CONFIG: {path} is not valid YAML: yaml: line "},
		},
		{
			name:     "not a mapping",
			file:     "- HRBOT_HTTP_ADDR\n",
			keys:     []string{"HRBOT_CONFIG"},
			contains: []string{"must be a mapping"},
		},
		{
			name:     "missing file, other problems still reported",
			env:      map[string]string{"HRBOT_HTTP_ADDR": "abc"},
			keys:     []string{"HRBOT_CONFIG", "HRBOT_HTTP_ADDR"},
			contains: []string{"HRBOT_CONFIG: cannot read config file: open {path}: no such file or directory"},
		},
		{
			name: "unknown keys come after known ones, in file order",
			file: "ZZZ: 1\nHRBOT_LOG_FORMAT: xml\nAAA: 2\n",
			keys: []string{"HRBOT_LOG_FORMAT", "ZZZ", "AAA"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"HRBOT_CONFIG": "{dir}/hrbot.yaml"}
			for k, v := range tt.env {
				env[k] = v
			}
			var files map[string]string
			if tt.file != "" {
				files = map[string]string{"hrbot.yaml": tt.file}
			}
			_, dir, err := load(t, env, files)
			if got := problemKeys(t, err); !slices.Equal(got, tt.keys) {
				t.Fatalf("problem keys = %q, want %q\n%v", got, tt.keys, err)
			}
			msg := err.Error()
			for _, want := range tt.contains {
				want = strings.ReplaceAll(want, "{path}", filepath.Join(dir, "hrbot.yaml"))
				if !strings.Contains(msg, want) {
					t.Errorf("error does not contain %q:\n%s", want, msg)
				}
			}
			if tt.excludes != "" && strings.Contains(msg, tt.excludes) {
				t.Errorf("error contains %q:\n%s", tt.excludes, msg)
			}
		})
	}
}

func TestLoadValidation(t *testing.T) {
	t.Parallel()
	const (
		tgToken = "123456789:AAE-x_Yz09"
		hexKey  = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	)
	b64Key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	tests := []struct {
		name     string
		env      map[string]string
		files    map[string]string
		keys     []string // problem keys in order; nil means valid
		contains string   // in Error()
		check    func(*testing.T, config.Config)
	}{
		// HRBOT_HTTP_ADDR
		{name: "addr host:port", env: map[string]string{"HRBOT_HTTP_ADDR": "127.0.0.1:80"}},
		{name: "addr IPv6", env: map[string]string{"HRBOT_HTTP_ADDR": "[::1]:8080"}},
		{name: "addr port 0", env: map[string]string{"HRBOT_HTTP_ADDR": "localhost:0"}},
		{name: "addr trimmed", env: map[string]string{"HRBOT_HTTP_ADDR": " :9090\n"}, check: func(t *testing.T, c config.Config) {
			if c.HTTPAddr != ":9090" {
				t.Errorf("HTTPAddr = %q", c.HTTPAddr)
			}
		}},
		{name: "addr no port", env: map[string]string{"HRBOT_HTTP_ADDR": "abc"}, keys: []string{"HRBOT_HTTP_ADDR"},
			contains: `HRBOT_HTTP_ADDR: must be host:port such as ":8080", got "abc"`},
		{name: "addr port too big", env: map[string]string{"HRBOT_HTTP_ADDR": ":65536"}, keys: []string{"HRBOT_HTTP_ADDR"}},
		{name: "addr service name", env: map[string]string{"HRBOT_HTTP_ADDR": ":http"}, keys: []string{"HRBOT_HTTP_ADDR"}},
		{name: "addr empty port", env: map[string]string{"HRBOT_HTTP_ADDR": "localhost:"}, keys: []string{"HRBOT_HTTP_ADDR"}},

		// DATABASE_URL
		{name: "db postgres URL", env: map[string]string{"DATABASE_URL": "postgres://hr:pw@db:5432/hrbot?sslmode=disable"}},
		{name: "db postgresql URL without host", env: map[string]string{"DATABASE_URL": "postgresql:///hrbot?host=/tmp"}},
		{name: "db keyword/value", env: map[string]string{"DATABASE_URL": "host=localhost dbname=hrbot"}},
		{name: "db other scheme", env: map[string]string{"DATABASE_URL": "mysql://u@h/db?x=y"}, keys: []string{"DATABASE_URL"}},
		{name: "db bare word", env: map[string]string{"DATABASE_URL": "localhost"}, keys: []string{"DATABASE_URL"}},

		// HRBOT_PG_BIN_DIR
		{name: "pg bin dir exists", env: map[string]string{"HRBOT_PG_BIN_DIR": "{dir}"}},
		{name: "pg bin dir missing", env: map[string]string{"HRBOT_PG_BIN_DIR": "{dir}/nope"}, keys: []string{"HRBOT_PG_BIN_DIR"}},
		{name: "pg bin dir is a file", env: map[string]string{"HRBOT_PG_BIN_DIR": "{dir}/f"}, files: map[string]string{"f": ""},
			keys: []string{"HRBOT_PG_BIN_DIR"}},

		// logging
		{name: "log level upper case", env: map[string]string{"HRBOT_LOG_LEVEL": "DEBUG"}, check: func(t *testing.T, c config.Config) {
			if c.LogLevel != slog.LevelDebug {
				t.Errorf("LogLevel = %v", c.LogLevel)
			}
		}},
		{name: "log level warn", env: map[string]string{"HRBOT_LOG_LEVEL": "warn"}, check: func(t *testing.T, c config.Config) {
			if c.LogLevel != slog.LevelWarn {
				t.Errorf("LogLevel = %v", c.LogLevel)
			}
		}},
		{name: "log level unknown", env: map[string]string{"HRBOT_LOG_LEVEL": "verbose"}, keys: []string{"HRBOT_LOG_LEVEL"},
			contains: `HRBOT_LOG_LEVEL: must be debug, info, warn or error, got "verbose"`},
		{name: "log format json", env: map[string]string{"HRBOT_LOG_FORMAT": "JSON"}, check: func(t *testing.T, c config.Config) {
			if c.LogFormat != "json" {
				t.Errorf("LogFormat = %q", c.LogFormat)
			}
		}},
		{name: "log format unknown", env: map[string]string{"HRBOT_LOG_FORMAT": "xml"}, keys: []string{"HRBOT_LOG_FORMAT"}},

		// WeCom
		{name: "wecom complete", env: wecomEnv(nil), check: func(t *testing.T, c config.Config) {
			if !c.WeCom.Enabled() || c.WeCom.AgentID != 1000002 || c.WeCom.CorpID != "ww0123456789abcdef" || c.WeCom.APIURL != "http://127.0.0.1:9/x" {
				t.Errorf("WeCom = %+v", c.WeCom)
			}
		}},
		{name: "wecom oauth url", env: wecomEnv(map[string]string{"HRBOT_WECOM_OAUTH_URL": "http://127.0.0.1:9/connect/oauth2/authorize"}),
			check: func(t *testing.T, c config.Config) {
				if c.WeCom.OAuthURL != "http://127.0.0.1:9/connect/oauth2/authorize" {
					t.Errorf("OAuthURL = %q", c.WeCom.OAuthURL)
				}
			}},
		{name: "wecom oauth url relative", env: wecomEnv(map[string]string{"HRBOT_WECOM_OAUTH_URL": "/connect/oauth2/authorize"}),
			keys: []string{"HRBOT_WECOM_OAUTH_URL"}, contains: "absolute http or https URL"},
		{name: "wecom oauth url not http", env: wecomEnv(map[string]string{"HRBOT_WECOM_OAUTH_URL": "weixin://authorize"}),
			keys: []string{"HRBOT_WECOM_OAUTH_URL"}},
		{name: "wecom oauth url with fragment", env: wecomEnv(map[string]string{"HRBOT_WECOM_OAUTH_URL": "https://open.weixin.qq.com/a#wechat_redirect"}),
			keys: []string{"HRBOT_WECOM_OAUTH_URL"}, contains: "#fragment"},
		{name: "wecom corp id alone", env: map[string]string{"HRBOT_WECOM_CORP_ID": "ww1"},
			keys: []string{"HRBOT_WECOM_AGENT_ID", "HRBOT_WECOM_SECRET", "HRBOT_WECOM_TOKEN", "HRBOT_WECOM_AES_KEY"}},
		{name: "wecom every value wrong at once",
			env:  wecomEnv(map[string]string{"HRBOT_WECOM_AGENT_ID": "agent", "HRBOT_WECOM_TOKEN": "to ken", "HRBOT_WECOM_AES_KEY": "short", "HRBOT_WECOM_API_URL": "qyapi"}),
			keys: []string{"HRBOT_WECOM_AGENT_ID", "HRBOT_WECOM_TOKEN", "HRBOT_WECOM_AES_KEY", "HRBOT_WECOM_API_URL"}},
		{name: "wecom AES key 44 chars", env: wecomEnv(map[string]string{"HRBOT_WECOM_AES_KEY": strings.Repeat("a", 43) + "="}),
			keys: []string{"HRBOT_WECOM_AES_KEY"}, contains: "43 characters"},
		{name: "wecom AES key not base64", env: wecomEnv(map[string]string{"HRBOT_WECOM_AES_KEY": strings.Repeat("a", 42) + "!"}),
			keys: []string{"HRBOT_WECOM_AES_KEY"}},
		{name: "wecom secret from file", env: wecomEnv(map[string]string{"HRBOT_WECOM_SECRET": "", "HRBOT_WECOM_SECRET_FILE": "{dir}/s"}),
			files: map[string]string{"s": "sekret\n"}, check: func(t *testing.T, c config.Config) {
				if c.WeCom.Secret != "sekret" {
					t.Errorf("Secret = %q", c.WeCom.Secret)
				}
			}},

		// Telegram
		{name: "telegram webhook", env: map[string]string{"HRBOT_TELEGRAM_TOKEN": tgToken, "HRBOT_TELEGRAM_WEBHOOK_SECRET": "s3cr3t_-X"},
			check: func(t *testing.T, c config.Config) {
				if !c.Telegram.Enabled() || c.Telegram.Mode != "webhook" {
					t.Errorf("Telegram = %+v", c.Telegram)
				}
			}},
		{name: "telegram token bad", env: map[string]string{"HRBOT_TELEGRAM_TOKEN": "abc", "HRBOT_TELEGRAM_MODE": "polling"},
			keys: []string{"HRBOT_TELEGRAM_TOKEN"}},
		{name: "telegram token no secret part", env: map[string]string{"HRBOT_TELEGRAM_TOKEN": "123:", "HRBOT_TELEGRAM_MODE": "polling"},
			keys: []string{"HRBOT_TELEGRAM_TOKEN"}},
		{name: "telegram token letters in id", env: map[string]string{"HRBOT_TELEGRAM_TOKEN": "12a:abc", "HRBOT_TELEGRAM_MODE": "polling"},
			keys: []string{"HRBOT_TELEGRAM_TOKEN"}},
		{name: "telegram webhook secret missing", env: map[string]string{"HRBOT_TELEGRAM_TOKEN": tgToken},
			keys: []string{"HRBOT_TELEGRAM_WEBHOOK_SECRET"}, contains: "required when HRBOT_TELEGRAM_TOKEN is set"},
		{name: "telegram polling needs no secret", env: map[string]string{"HRBOT_TELEGRAM_TOKEN": tgToken, "HRBOT_TELEGRAM_MODE": "Polling"},
			check: func(t *testing.T, c config.Config) {
				if c.Telegram.Mode != "polling" {
					t.Errorf("Mode = %q", c.Telegram.Mode)
				}
			}},
		{name: "telegram mode unknown", env: map[string]string{"HRBOT_TELEGRAM_MODE": "push"}, keys: []string{"HRBOT_TELEGRAM_MODE"}},
		{name: "telegram webhook secret bad chars", env: map[string]string{"HRBOT_TELEGRAM_WEBHOOK_SECRET": "a b!"},
			keys: []string{"HRBOT_TELEGRAM_WEBHOOK_SECRET"}},
		{name: "telegram webhook secret 256 chars", env: map[string]string{"HRBOT_TELEGRAM_WEBHOOK_SECRET": strings.Repeat("a", 256)}},
		{name: "telegram webhook secret 257 chars", env: map[string]string{"HRBOT_TELEGRAM_WEBHOOK_SECRET": strings.Repeat("a", 257)},
			keys: []string{"HRBOT_TELEGRAM_WEBHOOK_SECRET"}},
		{name: "telegram API URL trailing slash dropped", env: map[string]string{"HRBOT_TELEGRAM_API_URL": "http://localhost:8081/"},
			check: func(t *testing.T, c config.Config) {
				if c.Telegram.APIURL != "http://localhost:8081" {
					t.Errorf("APIURL = %q", c.Telegram.APIURL)
				}
			}},
		{name: "telegram API URL not http", env: map[string]string{"HRBOT_TELEGRAM_API_URL": "ftp://example.com"},
			keys: []string{"HRBOT_TELEGRAM_API_URL"}, contains: `must be an absolute http or https URL such as "https://api.telegram.org", got "ftp://example.com"`},
		{name: "telegram API URL relative", env: map[string]string{"HRBOT_TELEGRAM_API_URL": "/bot"}, keys: []string{"HRBOT_TELEGRAM_API_URL"}},

		// Slack
		{name: "slack intake workers", env: map[string]string{"HRBOT_SLACK_INTAKE_WORKERS": "32"}, check: func(t *testing.T, c config.Config) {
			if c.Slack.IntakeWorkers != 32 {
				t.Errorf("IntakeWorkers = %d", c.Slack.IntakeWorkers)
			}
		}},
		{name: "slack intake workers zero", env: map[string]string{"HRBOT_SLACK_INTAKE_WORKERS": "0"}, keys: []string{"HRBOT_SLACK_INTAKE_WORKERS"}},
		{name: "slack intake workers too many", env: map[string]string{"HRBOT_SLACK_INTAKE_WORKERS": "257"}, keys: []string{"HRBOT_SLACK_INTAKE_WORKERS"}},
		{name: "slack events API", env: map[string]string{"HRBOT_SLACK_BOT_TOKEN": "xoxb-1", "HRBOT_SLACK_SIGNING_SECRET": "abc"},
			check: func(t *testing.T, c config.Config) {
				if !c.Slack.Enabled() || c.Slack.SocketMode() {
					t.Errorf("Enabled %v, SocketMode %v", c.Slack.Enabled(), c.Slack.SocketMode())
				}
			}},
		{name: "slack socket mode needs no signing secret", env: map[string]string{"HRBOT_SLACK_BOT_TOKEN": "xoxb-1", "HRBOT_SLACK_APP_TOKEN": "xapp-1"},
			check: func(t *testing.T, c config.Config) {
				if !c.Slack.Enabled() || !c.Slack.SocketMode() {
					t.Errorf("Enabled %v, SocketMode %v", c.Slack.Enabled(), c.Slack.SocketMode())
				}
			}},
		{name: "slack bot token prefix", env: map[string]string{"HRBOT_SLACK_BOT_TOKEN": "xoxp-1", "HRBOT_SLACK_SIGNING_SECRET": "abc"},
			keys: []string{"HRBOT_SLACK_BOT_TOKEN"}, contains: "HRBOT_SLACK_BOT_TOKEN: must start with xoxb-"},
		{name: "slack app token prefix", env: map[string]string{"HRBOT_SLACK_BOT_TOKEN": "xoxb-1", "HRBOT_SLACK_APP_TOKEN": "xoxb-2"},
			keys: []string{"HRBOT_SLACK_APP_TOKEN"}, contains: "HRBOT_SLACK_APP_TOKEN: must start with xapp-"},
		{name: "slack app token needs bot token", env: map[string]string{"HRBOT_SLACK_APP_TOKEN": "xapp-1"},
			keys: []string{"HRBOT_SLACK_BOT_TOKEN"}, contains: "required when HRBOT_SLACK_APP_TOKEN is set"},
		{name: "slack signing secret needed without app token", env: map[string]string{"HRBOT_SLACK_BOT_TOKEN": "xoxb-1"},
			keys: []string{"HRBOT_SLACK_SIGNING_SECRET"}},
		{name: "slack API URL gets trailing slash", env: map[string]string{"HRBOT_SLACK_API_URL": "http://localhost:9000/api"},
			check: func(t *testing.T, c config.Config) {
				if c.Slack.APIURL != "http://localhost:9000/api/" {
					t.Errorf("APIURL = %q", c.Slack.APIURL)
				}
			}},
		{name: "slack API URL keeps one trailing slash", env: map[string]string{"HRBOT_SLACK_API_URL": "http://localhost:9000/api/"},
			check: func(t *testing.T, c config.Config) {
				if c.Slack.APIURL != "http://localhost:9000/api/" {
					t.Errorf("APIURL = %q", c.Slack.APIURL)
				}
			}},
		{name: "slack API URL bad", env: map[string]string{"HRBOT_SLACK_API_URL": "slack.com/api"}, keys: []string{"HRBOT_SLACK_API_URL"}},

		// OpenAI
		{name: "openai key enables", env: map[string]string{"HRBOT_OPENAI_API_KEY": "sk-1"}, check: func(t *testing.T, c config.Config) {
			if !c.OpenAI.Enabled() {
				t.Error("OpenAI not enabled")
			}
		}},
		{name: "openai local server needs no key", env: map[string]string{"HRBOT_OPENAI_BASE_URL": "http://localhost:11434/v1/"},
			check: func(t *testing.T, c config.Config) {
				if !c.OpenAI.Enabled() || c.OpenAI.BaseURL != "http://localhost:11434/v1" {
					t.Errorf("Enabled %v, BaseURL %q", c.OpenAI.Enabled(), c.OpenAI.BaseURL)
				}
			}},
		{name: "openai default URL alone does not enable", env: map[string]string{"HRBOT_OPENAI_BASE_URL": "https://api.openai.com/v1/"},
			check: func(t *testing.T, c config.Config) {
				if c.OpenAI.Enabled() {
					t.Error("OpenAI enabled without key")
				}
			}},
		{name: "openai base URL bad", env: map[string]string{"HRBOT_OPENAI_BASE_URL": "localhost:11434"}, keys: []string{"HRBOT_OPENAI_BASE_URL"}},

		// HRBOT_ENCRYPTION_KEY
		{name: "encryption key hex", env: map[string]string{"HRBOT_ENCRYPTION_KEY": hexKey}, check: func(t *testing.T, c config.Config) {
			if len(c.EncryptionKey) != 32 || c.EncryptionKey[31] != 0x1f {
				t.Errorf("EncryptionKey = %x", c.EncryptionKey)
			}
		}},
		{name: "encryption key base64", env: map[string]string{"HRBOT_ENCRYPTION_KEY": b64Key}, check: func(t *testing.T, c config.Config) {
			if !bytes.Equal(c.EncryptionKey, bytes.Repeat([]byte{7}, 32)) {
				t.Errorf("EncryptionKey = %x", c.EncryptionKey)
			}
		}},
		{name: "encryption key short hex", env: map[string]string{"HRBOT_ENCRYPTION_KEY": hexKey[:62]}, keys: []string{"HRBOT_ENCRYPTION_KEY"}},
		{name: "encryption key short base64", env: map[string]string{"HRBOT_ENCRYPTION_KEY": base64.StdEncoding.EncodeToString(make([]byte, 16))},
			keys: []string{"HRBOT_ENCRYPTION_KEY"}},
		{name: "encryption key garbage", env: map[string]string{"HRBOT_ENCRYPTION_KEY": "not a key"}, keys: []string{"HRBOT_ENCRYPTION_KEY"}},

		// _FILE variants
		{name: "secret from file, trimmed",
			env: map[string]string{
				"HRBOT_SLACK_BOT_TOKEN_FILE": "{dir}/bot", "HRBOT_SLACK_SIGNING_SECRET": "abc",
				"DATABASE_URL_FILE": "{dir}/db", "HRBOT_ENCRYPTION_KEY_FILE": "{dir}/key",
			},
			files: map[string]string{"bot": "  xoxb-123\n", "db": "postgres://db/hrbot\n", "key": hexKey + "\n"},
			check: func(t *testing.T, c config.Config) {
				if c.Slack.BotToken != "xoxb-123" || c.DatabaseURL != "postgres://db/hrbot" || len(c.EncryptionKey) != 32 {
					t.Errorf("BotToken %q, DatabaseURL %q, EncryptionKey %x", c.Slack.BotToken, c.DatabaseURL, c.EncryptionKey)
				}
			}},
		{name: "secret and _FILE both set", env: map[string]string{"HRBOT_OPENAI_API_KEY": "sk-1", "HRBOT_OPENAI_API_KEY_FILE": "{dir}/key"},
			files: map[string]string{"key": "sk-2"}, keys: []string{"HRBOT_OPENAI_API_KEY"}, contains: "set only one"},
		{name: "secret file unreadable", env: map[string]string{"HRBOT_TELEGRAM_TOKEN_FILE": "{dir}/nope"},
			keys: []string{"HRBOT_TELEGRAM_TOKEN_FILE"}, contains: "cannot read secret file"},
		{name: "secret file unreadable is not also required",
			env:  map[string]string{"HRBOT_TELEGRAM_TOKEN": tgToken, "HRBOT_TELEGRAM_WEBHOOK_SECRET_FILE": "{dir}/nope"},
			keys: []string{"HRBOT_TELEGRAM_WEBHOOK_SECRET_FILE"}},
		{name: "secret file empty", env: map[string]string{"HRBOT_SLACK_SIGNING_SECRET_FILE": "{dir}/empty"},
			files: map[string]string{"empty": "\n"}, keys: []string{"HRBOT_SLACK_SIGNING_SECRET_FILE"}},
		{name: "_FILE ignored for non-secrets", env: map[string]string{"HRBOT_HTTP_ADDR_FILE": "{dir}/nope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, _, err := load(t, tt.env, tt.files)
			if got := problemKeys(t, err); !slices.Equal(got, tt.keys) {
				t.Fatalf("problem keys = %q, want %q\n%v", got, tt.keys, err)
			}
			if tt.contains != "" && !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error does not contain %q:\n%v", tt.contains, err)
			}
			if tt.check != nil {
				tt.check(t, cfg)
			}
		})
	}
}

func TestLoadReportsAllProblems(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"HRBOT_CONFIG":           "{dir}/hrbot.yaml",
		"HRBOT_HTTP_ADDR":        "abc",
		"HRBOT_LOG_LEVEL":        "loud",
		"HRBOT_TELEGRAM_TOKEN":   "123456789:AAE-x",
		"HRBOT_SLACK_BOT_TOKEN":  "xoxp-123",
		"HRBOT_OPENAI_BASE_URL":  "localhost:11434",
		"HRBOT_ENCRYPTION_KEY":   "c2hvcnQ=",
		"HRBOT_SLACK_APP_TOKEN":  "",
		"HRBOT_TELEGRAM_API_URL": "",
	}
	files := map[string]string{"hrbot.yaml": "HRBOT_LOG_FORMAT: json\nHRBOT_TELEGRAM_MOD: polling\n"}
	_, dir, err := load(t, env, files)
	wantKeys := []string{
		"HRBOT_HTTP_ADDR",
		"HRBOT_LOG_LEVEL",
		"HRBOT_TELEGRAM_WEBHOOK_SECRET",
		"HRBOT_SLACK_BOT_TOKEN",
		"HRBOT_SLACK_SIGNING_SECRET",
		"HRBOT_OPENAI_BASE_URL",
		"HRBOT_ENCRYPTION_KEY",
		"HRBOT_TELEGRAM_MOD",
	}
	if got := problemKeys(t, err); !slices.Equal(got, wantKeys) {
		t.Fatalf("problem keys = %q, want %q\n%v", got, wantKeys, err)
	}
	want := `invalid configuration:
  HRBOT_HTTP_ADDR: must be host:port such as ":8080", got "abc"
  HRBOT_LOG_LEVEL: must be debug, info, warn or error, got "loud"
  HRBOT_TELEGRAM_WEBHOOK_SECRET: required when HRBOT_TELEGRAM_TOKEN is set in webhook mode (or set HRBOT_TELEGRAM_MODE=polling)
  HRBOT_SLACK_BOT_TOKEN: must start with xoxb- (the Bot User OAuth Token)
  HRBOT_SLACK_SIGNING_SECRET: required when HRBOT_SLACK_BOT_TOKEN is set without HRBOT_SLACK_APP_TOKEN, to verify that HTTP events come from Slack
  HRBOT_OPENAI_BASE_URL: must be an absolute http or https URL such as "https://api.openai.com/v1", got "localhost:11434"
  HRBOT_ENCRYPTION_KEY: must be 32 bytes written as 64 hex characters or standard base64 (try: openssl rand -hex 32)
  HRBOT_TELEGRAM_MOD: unknown setting in {dir}/hrbot.yaml line 2 (did you mean HRBOT_TELEGRAM_MODE?)`
	want = strings.ReplaceAll(want, "{dir}", dir)
	if got := err.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}

func TestSecretsNotEchoed(t *testing.T) {
	t.Parallel()
	const secret = "Sup3rSecret"
	env := map[string]string{
		"DATABASE_URL":                    secret,
		"HRBOT_TELEGRAM_TOKEN":            secret,
		"HRBOT_TELEGRAM_WEBHOOK_SECRET":   secret + "!",
		"HRBOT_SLACK_BOT_TOKEN":           secret,
		"HRBOT_SLACK_SIGNING_SECRET":      secret,
		"HRBOT_SLACK_SIGNING_SECRET_FILE": "{dir}/signing",
		"HRBOT_SLACK_APP_TOKEN":           secret,
		"HRBOT_OPENAI_API_KEY":            secret,
		"HRBOT_OPENAI_API_KEY_FILE":       "{dir}/key",
		"HRBOT_ENCRYPTION_KEY":            secret,
	}
	files := map[string]string{"signing": secret, "key": secret}
	// The WeCom ids have no form to break: set twice, they are reported.
	for _, k := range []string{"CORP_ID", "AGENT_ID", "SECRET", "TOKEN", "AES_KEY"} {
		env["HRBOT_WECOM_"+k], env["HRBOT_WECOM_"+k+"_FILE"] = secret+"!", "{dir}/key"
	}
	_, _, err := load(t, env, files)
	keys := problemKeys(t, err)
	for _, k := range config.Keys() {
		if k.Secret && !slices.Contains(keys, k.Name) {
			t.Errorf("no problem reported for secret %s", k.Name)
		}
	}
	if strings.Contains(strings.ToLower(err.Error()), strings.ToLower(secret)) {
		t.Errorf("error echoes a secret:\n%v", err)
	}
}

func TestProblemsError(t *testing.T) {
	t.Parallel()
	p := config.Problems{{Key: "A", Message: "must be a"}, {Key: "B", Message: "must be b"}}
	if got, want := p.Error(), "invalid configuration:\n  A: must be a\n  B: must be b"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestKeysMatchLoad keeps Keys(), which documents the settings, in step with
// what Load actually reads.
func TestKeysMatchLoad(t *testing.T) {
	t.Parallel()
	keys := config.Keys()
	known := map[string]config.KeyInfo{}
	for _, k := range keys {
		if k.Name == "" || k.Description == "" {
			t.Errorf("incomplete KeyInfo %+v", k)
		}
		if _, dup := known[k.Name]; dup {
			t.Errorf("duplicate key %s", k.Name)
		}
		known[k.Name] = k
	}
	read := map[string]bool{}
	if _, err := config.Load(func(name string) string { read[name] = true; return "" }); err != nil {
		t.Fatal(err)
	}
	for name := range read {
		base, isFile := strings.CutSuffix(name, "_FILE")
		if _, ok := known[name]; !ok && !(isFile && known[base].Secret) {
			t.Errorf("Load reads %s, which Keys() does not list", name)
		}
	}
	for _, k := range keys {
		if !read[k.Name] {
			t.Errorf("Keys() lists %s, which Load never reads", k.Name)
		}
		if k.Secret && !read[k.Name+"_FILE"] {
			t.Errorf("Load does not read %s_FILE", k.Name)
		}
	}
}

// TestDocsListEveryKey keeps the settings table in docs/config.md in step
// with Keys().
func TestDocsListEveryKey(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(doc), "\n")
	for _, k := range config.Keys() {
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "| `"+k.Name+"` |") })
		if i < 0 {
			t.Errorf("docs/config.md has no table row for %s", k.Name)
			continue
		}
		if k.Default != "" && !strings.Contains(lines[i], "| `"+k.Default+"` |") {
			t.Errorf("docs/config.md row for %s does not show default %q", k.Name, k.Default)
		}
	}
}

// wecomEnv is a complete WeCom app's settings with changes.
func wecomEnv(change map[string]string) map[string]string {
	env := map[string]string{
		"HRBOT_WECOM_CORP_ID": "ww0123456789abcdef", "HRBOT_WECOM_AGENT_ID": "1000002", "HRBOT_WECOM_SECRET": "sekret",
		"HRBOT_WECOM_TOKEN": "Tok3n", "HRBOT_WECOM_AES_KEY": strings.Repeat("abcdefghij", 4) + "abc",
		"HRBOT_WECOM_API_URL": "http://127.0.0.1:9/x/",
	}
	for k, v := range change {
		if v == "" {
			delete(env, k)
		} else {
			env[k] = v
		}
	}
	return env
}
