// Package pglocal runs a private PostgreSQL cluster from the binaries installed
// on the machine. It backs hrbot's embedded default (no DATABASE_URL) and the
// throwaway clusters the tests use.
//
// The cluster lives in a directory of its own: initdb runs on first use, later
// runs reuse it. A cluster already started by another hrbot process (say
// `hrbot serve` while `hrbot chat` runs in another terminal) is joined, not
// started twice, and only the process that started it stops it.
package pglocal

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNoBinaries is returned when no PostgreSQL server binaries can be found.
var ErrNoBinaries = errors.New("PostgreSQL server binaries (initdb, pg_ctl) not found: " +
	"install them (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@15) " +
	"or set DATABASE_URL to an existing server")

// Options says where the cluster lives and how it behaves.
type Options struct {
	// Dir holds the cluster: Dir/pgdata, Dir/postgres.log, Dir/password.
	Dir string
	// Database is created on start when missing; default "hrbot".
	Database string
	// BinDir overrides the search for initdb/pg_ctl.
	BinDir string
	// Durable false turns off fsync: right for tests, wrong for real data.
	Durable bool
	Logger  *slog.Logger
}

// Cluster is a running local PostgreSQL.
type Cluster struct {
	opts    Options
	bin     string
	port    int
	pass    string
	owned   bool // this process started the server and stops it on Close
	runAs   *syscall.Credential
	dataDir string
}

// Start initialises the cluster when needed and starts it, or joins it when
// another process already runs it.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Database == "" {
		opts.Database = "hrbot"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("pglocal: data dir: %w", err)
	}
	opts.Dir = dir
	bin, err := findBinaries(opts.BinDir)
	if err != nil {
		return nil, err
	}
	c := &Cluster{opts: opts, bin: bin, dataDir: filepath.Join(dir, "pgdata")}
	if c.runAs, err = unprivilegedUser(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pglocal: create %s: %w", dir, err)
	}
	if c.runAs != nil {
		// PostgreSQL runs as another user and must reach its data directory.
		if err := os.Chmod(dir, 0o755); err != nil {
			return nil, fmt.Errorf("pglocal: open %s to the postgres user: %w", dir, err)
		}
		if err := checkReachable(dir, c.runAs); err != nil {
			return nil, err
		}
	}
	if err := c.initOnce(ctx); err != nil {
		return nil, err
	}
	if c.pass, err = c.readPassword(); err != nil {
		return nil, err
	}
	if port, ok := c.runningPort(); ok {
		c.port = port
		if c.ownerAlive() {
			opts.Logger.Info("joined running local PostgreSQL", "dir", c.dataDir, "port", port)
		} else {
			// Its starter was killed without stopping it: adopt it, so that
			// this process stops it on exit.
			c.owned = true
			c.writeOwner()
			opts.Logger.Info("adopted local PostgreSQL left running", "dir", c.dataDir, "port", port)
		}
	} else if err := c.start(ctx); err != nil {
		return nil, err
	}
	if err := c.ensureDatabase(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// URL is the connection URL for database db, or the cluster's default database when db is empty.
func (c *Cluster) URL(db string) string {
	if db == "" {
		db = c.opts.Database
	}
	u := url.URL{
		Scheme: "postgres",
		User:   url.UserPassword("hrbot", c.pass),
		Host:   net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:   "/" + db,
	}
	q := u.Query()
	q.Set("sslmode", "disable")
	u.RawQuery = q.Encode()
	return u.String()
}

// Owned reports whether this process started the server (and will stop it).
func (c *Cluster) Owned() bool { return c.owned }

// Close stops the server if this process started it.
func (c *Cluster) Close() error {
	if !c.owned {
		return nil
	}
	c.owned = false
	os.Remove(c.ownerFile())
	out, err := c.command(context.Background(), "pg_ctl", "-D", c.dataDir, "-m", "fast", "-w", "-t", "60", "stop").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pglocal: stop: %w: %s", err, strings.TrimSpace(string(out)))
	}
	c.opts.Logger.Info("stopped local PostgreSQL", "dir", c.dataDir)
	return nil
}

func (c *Cluster) initOnce(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); err == nil {
		return nil
	}
	// A half-made directory from an interrupted initdb is useless; start over.
	if err := os.RemoveAll(c.dataDir); err != nil {
		return fmt.Errorf("pglocal: clean %s: %w", c.dataDir, err)
	}
	pass := randomHex(24)
	pwfile := filepath.Join(c.opts.Dir, ".initdb-pw")
	if err := os.WriteFile(pwfile, []byte(pass+"\n"), 0o600); err != nil {
		return fmt.Errorf("pglocal: write password: %w", err)
	}
	defer os.Remove(pwfile)
	if err := os.Mkdir(c.dataDir, 0o700); err != nil {
		return fmt.Errorf("pglocal: create %s: %w", c.dataDir, err)
	}
	if err := c.chown(c.dataDir, pwfile); err != nil {
		return err
	}
	c.opts.Logger.Info("initialising local PostgreSQL (first run)", "dir", c.dataDir)
	cmd := c.command(ctx, "initdb", "-D", c.dataDir, "-U", "hrbot", "--pwfile", pwfile,
		"--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync")
	if out, err := cmd.CombinedOutput(); err != nil {
		// C.UTF-8 is missing on some systems; plain C works everywhere.
		cmd = c.command(ctx, "initdb", "-D", c.dataDir, "-U", "hrbot", "--pwfile", pwfile,
			"--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C", "--no-sync")
		if out2, err2 := cmd.CombinedOutput(); err2 != nil {
			os.RemoveAll(c.dataDir)
			return fmt.Errorf("pglocal: initdb: %w: %s / %s", err2, lastLine(out), lastLine(out2))
		}
	}
	conf := "\n# hrbot embedded cluster\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\n"
	if !c.opts.Durable {
		conf += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
	}
	f, err := os.OpenFile(filepath.Join(c.dataDir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("pglocal: open postgresql.conf: %w", err)
	}
	_, werr := f.WriteString(conf)
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("pglocal: write postgresql.conf: %w", err)
	}
	// The password is kept beside, not inside, the data directory so that the
	// hrbot process can read it even when PostgreSQL runs as another user.
	if err := os.WriteFile(c.passwordFile(), []byte(pass+"\n"), 0o600); err != nil {
		return fmt.Errorf("pglocal: save password: %w", err)
	}
	return nil
}

func (c *Cluster) ownerFile() string { return filepath.Join(c.opts.Dir, "owner.pid") }

func (c *Cluster) writeOwner() {
	_ = os.WriteFile(c.ownerFile(), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644)
}

// ownerAlive reports whether the process that started the server still runs.
func (c *Cluster) ownerAlive() bool {
	b, err := os.ReadFile(c.ownerFile())
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return false
	}
	err = syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func (c *Cluster) passwordFile() string { return filepath.Join(c.opts.Dir, "password") }

func (c *Cluster) readPassword() (string, error) {
	b, err := os.ReadFile(c.passwordFile())
	if err != nil {
		return "", fmt.Errorf("pglocal: read password (delete %s to start a fresh cluster): %w", c.opts.Dir, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// runningPort reads postmaster.pid: a live server there is joined, not restarted.
func (c *Cluster) runningPort() (int, bool) {
	b, err := os.ReadFile(filepath.Join(c.dataDir, "postmaster.pid"))
	if err != nil {
		return 0, false
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 4 {
		return 0, false
	}
	pid, err1 := strconv.Atoi(strings.TrimSpace(lines[0]))
	port, err2 := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err1 != nil || err2 != nil || pid <= 0 {
		return 0, false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return 0, false
	}
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
	if err != nil {
		return 0, false
	}
	conn.Close()
	return port, true
}

func (c *Cluster) start(ctx context.Context) error {
	logFile := filepath.Join(c.opts.Dir, "postgres.log")
	if f, err := os.OpenFile(logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640); err == nil {
		f.Close()
		if err := c.chown(logFile); err != nil {
			return err
		}
	}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		port, err := freePort()
		if err != nil {
			return fmt.Errorf("pglocal: find a free port: %w", err)
		}
		cmd := c.command(ctx, "pg_ctl", "-D", c.dataDir, "-l", logFile, "-w", "-t", "60",
			"-o", fmt.Sprintf("-p %d", port), "start")
		out, err := cmd.CombinedOutput()
		if err == nil {
			c.port, c.owned = port, true
			c.writeOwner()
			c.opts.Logger.Info("started local PostgreSQL", "dir", c.dataDir, "port", port)
			return nil
		}
		// Another process may have raced us to start the same cluster.
		if p, ok := c.runningPort(); ok {
			c.port = p
			return nil
		}
		lastErr = fmt.Errorf("%w: %s (see %s)", err, lastLine(out), logFile)
	}
	return fmt.Errorf("pglocal: start: %w", lastErr)
}

func (c *Cluster) ensureDatabase(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("pglocal: connect: %w", err)
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, c.opts.Database).Scan(&exists); err != nil {
		return fmt.Errorf("pglocal: look up database: %w", err)
	}
	if exists {
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{c.opts.Database}.Sanitize()); err != nil {
		var again bool
		if conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, c.opts.Database).Scan(&again) == nil && again {
			return nil
		}
		return fmt.Errorf("pglocal: create database %s: %w", c.opts.Database, err)
	}
	return nil
}

func (c *Cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	// Own process group: a Ctrl-C in the terminal reaches hrbot, which then
	// stops PostgreSQL cleanly, instead of killing the server under it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: c.runAs}
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	cmd.Dir = c.opts.Dir
	return cmd
}

func (c *Cluster) chown(paths ...string) error {
	if c.runAs == nil {
		return nil
	}
	for _, p := range paths {
		if err := os.Chown(p, int(c.runAs.Uid), int(c.runAs.Gid)); err != nil {
			return fmt.Errorf("pglocal: hand %s to uid %d: %w", p, c.runAs.Uid, err)
		}
	}
	return nil
}

// unprivilegedUser picks who runs PostgreSQL when hrbot runs as root, because
// initdb and postgres refuse to run as root.
func unprivilegedUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("pglocal: running as root and no unprivileged user (postgres or nobody) to run PostgreSQL as")
}

// checkReachable fails clearly when a parent directory (a 0700 temporary
// directory, a home directory) would stop the PostgreSQL user from reaching
// dir, instead of letting initdb fail with a bare "permission denied".
func checkReachable(dir string, as *syscall.Credential) error {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err != nil {
			return fmt.Errorf("pglocal: %w", err)
		}
		sys, _ := st.Sys().(*syscall.Stat_t)
		mode := st.Mode().Perm()
		ok := mode&0o001 != 0 ||
			(sys != nil && sys.Uid == as.Uid && mode&0o100 != 0) ||
			(sys != nil && sys.Gid == as.Gid && mode&0o010 != 0)
		if !ok {
			return fmt.Errorf("pglocal: PostgreSQL runs as uid %d (hrbot runs as root) and cannot enter %s: "+
				"run chmod o+x %s, or set HRBOT_DATA_DIR to a directory it can reach", as.Uid, d, d)
		}
		if d == filepath.Dir(d) {
			return nil
		}
	}
}

func findBinaries(override string) (string, error) {
	has := func(dir string) bool {
		for _, b := range []string{"initdb", "pg_ctl", "postgres"} {
			if st, err := os.Stat(filepath.Join(dir, b)); err != nil || st.IsDir() {
				return false
			}
		}
		return true
	}
	if override != "" {
		if has(override) {
			return override, nil
		}
		return "", fmt.Errorf("%w (looked in %s)", ErrNoBinaries, override)
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		// Follow symlinks: the server finds its share directory next to the real binary.
		if real, err := filepath.EvalSymlinks(p); err == nil && has(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
	}
	// Debian keeps the server binaries off PATH, one directory per major version.
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	dirs = append(dirs, "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin")
	for _, d := range dirs {
		if has(d) {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func lastLine(b []byte) string {
	var last string
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" {
			last = t
		}
	}
	return last
}
