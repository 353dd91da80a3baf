package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/hrbot/hrbot/store/pglocal"
)

// pgTool runs one PostgreSQL client program against hrbot's database.
type pgTool struct {
	name, path  string
	env         []string
	serverMajor int
}

// newPGTool finds the program and sets the connection up through libpq's
// environment variables, so the password never shows on a command line.
// options are extra server settings for the session (PGOPTIONS).
func newPGTool(ctx context.Context, cfg Config, name string, db dbInfo, options string) (*pgTool, error) {
	path, err := pglocal.FindTool(ctx, name, cfg.BinDir, db.serverMajor)
	if err != nil {
		return nil, err
	}
	params, err := connParams(cfg.URL)
	if err != nil {
		return nil, err
	}
	params["dbname"] = db.name
	if _, ok := params["application_name"]; !ok {
		params["application_name"] = "hrbot " + map[string]string{"pg_dump": "backup", "pg_restore": "restore"}[name]
	}
	if options != "" {
		params["options"] = strings.TrimSpace(params["options"] + " " + options)
	}
	return &pgTool{name: name, path: path, env: libpqEnv(os.Environ(), params), serverMajor: db.serverMajor}, nil
}

func (t *pgTool) run(ctx context.Context, stdout io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, t.path, args...)
	cmd.Env = t.env
	cmd.Stdout = stdout
	var stderr tailBuffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	msg := strings.TrimSpace(stderr.String())
	if msg == "" {
		msg = err.Error()
	}
	var hint string
	switch {
	case strings.Contains(msg, "server version mismatch"):
		hint = fmt.Sprintf("%s must be from PostgreSQL %d or newer: install it (%s) or set HRBOT_PG_BIN_DIR to its bin directory",
			t.name, t.serverMajor, pglocal.ClientPackageHint(t.serverMajor))
	case strings.Contains(msg, "unsupported version") && strings.Contains(msg, "file header"):
		hint = fmt.Sprintf("the file was written by a newer pg_dump than %s (PostgreSQL %d): use a newer pg_restore (set HRBOT_PG_BIN_DIR)",
			t.path, pglocal.ToolMajor(context.WithoutCancel(ctx), t.path))
	case strings.Contains(msg, "lock timeout"):
		hint = "another program is using hrbot's tables (is hrbot serve running?): stop it and try again"
	}
	text := fmt.Sprintf("%s failed (%v):\n  %s", t.name, err, strings.ReplaceAll(msg, "\n", "\n  "))
	if hint != "" {
		text += "\n" + hint
	}
	return errors.New(text)
}

// tailBuffer keeps the last 16 KiB written to it.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	const limit = 16 << 10
	t.b = append(t.b, p...)
	if len(t.b) > limit {
		t.b = t.b[len(t.b)-limit:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }
