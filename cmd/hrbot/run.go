package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/hrbot/hrbot/config"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pglocal"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = ""

const usage = `hrbot — a chat-first HR assistant for Slack, Telegram and the console.

Usage:
  hrbot <command> [flags]

Commands:
  serve              run the bot: chat platforms, HTTP (webhooks, /healthz, /readyz, /metrics)
  migrate            apply database migrations and exit
  apply -f FILE [--dry-run]
                     set up orgs, teams, people and chat accounts from an org file (idempotent);
                     --dry-run shows what it would change and the edits it would undo
  export [--org KEY] [-o FILE]
                     write the setup the database holds as an org file that apply takes unchanged
  chat --as PERSON   chat with the bot on this terminal as PERSON (key, or org/key)
  report attendance|cover [--org ORG] --month YYYY-MM
                     write the month's attendance or cover as CSV and XLSX
  deliveries --failed|--in-doubt
                     list messages hrbot gave up sending, with the reason, or those a
                     dead process may have sent twice or not at all, with what was done
  quiz import [--org ORG] [--lang en|zh-CN] FILE...
                     import training quiz banks (YAML or Markdown)
  kb import [--org ORG] DIR
                     import the handbook (Markdown, text, HTML) for policy questions
  kb eval [--org ORG | --dir DIR] FILE
                     measure handbook retrieval on a JSON Lines file of questions
  payroll iit|profiles|run|show|adjust|approve|export
                     monthly payroll: tax calculator, pay profiles, runs, payslips, files
  wecom sync --as HR_KEY [--apply]
                     import the WeCom directory (people, teams, managers), previewed first
  perf import -f FILE [--org ORG] [--dry-run]
                     import business numbers (CSAT, response time) per person and period, problems by row
  people purge [--dry-run] [--org ORG]
                     erase the personal files of people who left longer ago than the org keeps them
  backup             write a consistent copy of the database to a file (pg_dump)
  restore FILE       replace the database's contents with a backup, then migrate
  version            print the version
  help               show this help

Quick start (no setup needed: hrbot starts its own PostgreSQL under ./var):
  hrbot apply -f examples/org.yaml
  printf '/whoami\n' | hrbot chat --as alice
  hrbot serve

Settings come from environment variables (or a YAML file named by HRBOT_CONFIG):
%s
Run "hrbot <command> -h" for the flags of a command.
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		fmt.Fprintf(stderr, usage, settingsHelp())
		return 2
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "serve":
		err = cmdServe(ctx, e, rest)
	case "migrate":
		err = cmdMigrate(ctx, e, rest)
	case "apply":
		err = cmdApply(ctx, e, rest)
	case "export":
		err = cmdExport(ctx, e, rest)
	case "chat":
		err = cmdChat(ctx, e, rest)
	case "report":
		err = cmdReport(ctx, e, rest)
	case "deliveries":
		err = cmdDeliveries(ctx, e, rest)
	case "quiz":
		err = cmdQuiz(ctx, e, rest)
	case "kb":
		err = cmdKB(ctx, e, rest)
	case "payroll":
		err = cmdPayroll(ctx, e, rest)
	case "wecom":
		err = cmdWeCom(ctx, e, rest)
	case "perf":
		err = cmdPerf(ctx, e, rest)
	case "people":
		err = cmdPeople(ctx, e, rest)
	case "backup":
		err = cmdBackup(ctx, e, rest)
	case "restore":
		err = cmdRestore(ctx, e, rest)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "hrbot", buildVersion())
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprintf(stdout, usage, settingsHelp())
		return 0
	default:
		fmt.Fprintf(stderr, "hrbot: unknown command %q\n\n", cmd)
		fmt.Fprintf(stderr, usage, settingsHelp())
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(stderr, "hrbot %s: %v\n", cmd, err)
	return 1
}

// errUsage marks an error already explained to the user by the flag package.
var errUsage = errors.New("usage")

func settingsHelp() string {
	var b strings.Builder
	for _, k := range config.Keys() {
		def := k.Default
		if def == "" {
			def = "unset"
		}
		fmt.Fprintf(&b, "  %-32s %s (default: %s)\n", k.Name, k.Description, def)
	}
	return b.String()
}

// buildVersion says which hrbot this is.
func buildVersion() string {
	info, _ := debug.ReadBuildInfo()
	return versionOf(version, info)
}

// versionOf picks the version to print: the one stamped with -ldflags
// "-X main.version=v1.2.3"; else what the Go toolchain recorded — the
// module version (`go install …@v1.2.3`, or the pseudo-version Go gives a
// build from a checkout), or the checkout's commit with "+dirty" when it
// had uncommitted changes; else "dev". A stamp of "dev" (the Dockerfile's
// default) gives way to the build information.
func versionOf(stamped string, info *debug.BuildInfo) string {
	if stamped != "" && stamped != "dev" {
		return stamped
	}
	if info != nil {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		var rev, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			v := "dev-" + rev[:min(12, len(rev))]
			if modified == "true" {
				v += "+dirty"
			}
			return v
		}
	}
	return "dev"
}

// newFlags returns a flag set whose -h output fits the command.
func newFlags(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: hrbot %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}

// app is what every command that touches the database shares: the
// configuration, the database and the services built over it.
type app struct {
	cfg     config.Config
	log     *slog.Logger
	cluster *pglocal.Cluster
	db      *store.DB
	dbURL   string
	// keyFile is the key hrbot made in the data directory, when it seals
	// with that one (useKey).
	keyFile string
	svc     *services
	// stderr is where hrbot says what an operator must see outside the
	// logs: a new hrbot's one-time setup link.
	stderr io.Writer
}

// open loads the config, reaches PostgreSQL (starting the embedded one when
// DATABASE_URL is unset), migrates when asked, opens the store and builds
// the services over it.
func open(ctx context.Context, e env, migrate bool) (*app, error) {
	cfg, err := config.Load(e.getenv)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: newLogger(e.stderr, cfg), stderr: e.stderr}
	a.dbURL = cfg.DatabaseURL
	if a.dbURL == "" {
		dir := filepath.Join(cfg.DataDir, "postgres")
		a.log.Info("DATABASE_URL is not set: using the embedded local PostgreSQL", "dir", dir)
		a.cluster, err = pglocal.Start(ctx, pglocal.Options{Dir: dir, Durable: true, BinDir: cfg.PGBinDir, Logger: a.log})
		if err != nil {
			return nil, err
		}
		a.dbURL = a.cluster.URL("")
	}
	if migrate {
		// Each migration is a debug line; at info one line says the schema
		// moved, not twenty.
		quiet := &demoted{h: a.log.Handler(), n: new(int)}
		if err := store.Migrate(ctx, a.dbURL, slog.New(quiet)); err != nil {
			a.Close()
			return nil, err
		}
		if *quiet.n > 0 {
			current, _, err := store.MigrationStatus(ctx, a.dbURL)
			if err != nil {
				a.Close()
				return nil, err
			}
			a.log.Info("database migrated", "schema_version", current, "steps", *quiet.n)
		}
	}
	a.db, err = store.Open(ctx, a.dbURL)
	if err != nil {
		a.Close()
		return nil, err
	}
	if err := a.useKey(); err != nil {
		a.Close()
		return nil, err
	}
	a.svc = newServices(a.db, core.SystemClock{}, a.cfg, a.log)
	return a, nil
}

func (a *app) Close() {
	if a.db != nil {
		a.db.Close()
	}
	if a.cluster != nil {
		if err := a.cluster.Close(); err != nil {
			a.log.Error("stop embedded PostgreSQL", "err", err)
		}
	}
}

// demoted logs info records at debug level, counting them; warnings and
// errors pass as they are.
type demoted struct {
	h slog.Handler
	n *int
}

func (d *demoted) Enabled(ctx context.Context, l slog.Level) bool {
	return l == slog.LevelInfo || d.h.Enabled(ctx, l)
}

func (d *demoted) Handle(ctx context.Context, r slog.Record) error {
	if r.Level == slog.LevelInfo {
		*d.n++
		r.Level = slog.LevelDebug
	}
	if !d.h.Enabled(ctx, r.Level) {
		return nil
	}
	return d.h.Handle(ctx, r)
}

func (d *demoted) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &demoted{h: d.h.WithAttrs(attrs), n: d.n}
}
func (d *demoted) WithGroup(name string) slog.Handler {
	return &demoted{h: d.h.WithGroup(name), n: d.n}
}

func newLogger(w io.Writer, cfg config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
