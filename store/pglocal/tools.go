package pglocal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"time"
)

// ErrNoClientTool is returned by FindTool when a PostgreSQL client program
// (pg_dump, pg_restore) cannot be found.
var ErrNoClientTool = errors.New("PostgreSQL client program not found")

// BinDir is the directory of the PostgreSQL binaries the cluster was started
// with; its pg_dump and pg_restore match the server's version.
func (c *Cluster) BinDir() string { return c.bin }

// FindTool returns the path of the PostgreSQL client program name (pg_dump,
// pg_restore, psql) to use with a server of major version serverMajor (0 when
// unknown).
//
// binDir, when set (HRBOT_PG_BIN_DIR, or the embedded cluster's BinDir), is
// the installation the server runs from and is used when it holds the
// program. Otherwise PATH comes first, then /usr/lib/postgresql/*/bin (newest
// first) and the usual Homebrew and source-build places. A program older than
// the server is passed over while a new enough one exists elsewhere: pg_dump
// refuses servers newer than itself. When only older ones exist the newest is
// returned and the program itself reports the mismatch.
func FindTool(ctx context.Context, name, binDir string, serverMajor int) (string, error) {
	if binDir != "" && isFile(filepath.Join(binDir, name)) {
		return filepath.Join(binDir, name), nil
	}
	var candidates []string
	if p, err := exec.LookPath(name); err == nil {
		candidates = append(candidates, p)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	brew, _ := filepath.Glob("/opt/homebrew/opt/postgresql@*/bin")
	dirs = append(dirs, "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/opt/homebrew/opt/libpq/bin", "/usr/local/bin")
	dirs = append(dirs, brew...)
	for _, d := range dirs {
		if p := filepath.Join(d, name); isFile(p) {
			candidates = append(candidates, p)
		}
	}
	if len(candidates) == 0 {
		return "", fmt.Errorf("%w: %s: install the PostgreSQL client tools (%s) or set HRBOT_PG_BIN_DIR to the directory that holds %s",
			ErrNoClientTool, name, ClientPackageHint(serverMajor), name)
	}
	if serverMajor == 0 {
		return candidates[0], nil
	}
	best, bestMajor := "", -1
	for _, p := range candidates {
		major := ToolMajor(ctx, p)
		if major == 0 || major >= serverMajor {
			return p, nil
		}
		if major > bestMajor {
			best, bestMajor = p, major
		}
	}
	return best, nil
}

var toolVersion = regexp.MustCompile(`\(PostgreSQL\)\s+(\d+)`)

// ToolMajor is the major version a PostgreSQL program reports with
// --version, or 0 when it cannot tell.
func ToolMajor(ctx context.Context, path string) int {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return 0
	}
	m := toolVersion.FindSubmatch(out)
	if m == nil {
		return 0
	}
	v, _ := strconv.Atoi(string(m[1]))
	return v
}

// ClientPackageHint says which package to install for pg_dump and pg_restore
// of major version major (0: any).
func ClientPackageHint(major int) string {
	deb, brew := "postgresql-client", "libpq"
	if major > 0 {
		deb = fmt.Sprintf("postgresql-client-%d", major)
		brew = fmt.Sprintf("postgresql@%d", major)
	}
	return fmt.Sprintf("Debian/Ubuntu: apt-get install %s; Alpine: apk add postgresql-client; Fedora/RHEL: dnf install postgresql; macOS: brew install %s", deb, brew)
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
