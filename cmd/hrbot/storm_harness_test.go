package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/store/pglocal"
)

var pgbenchTPS = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// pgbenchInserts runs pgbench on the cluster: clients connections each
// repeating a single-row INSERT (its own transaction, so its own commit
// and WAL flush) for d. It returns the transactions a second.
func pgbenchInserts(tb testing.TB, c *pglocal.Cluster, clients int, d time.Duration) float64 {
	tb.Helper()
	ctx := context.Background()
	bin, err := pglocal.FindTool(ctx, "pgbench", c.BinDir(), 0)
	if err != nil {
		tb.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, c.URL(""))
	if err != nil {
		tb.Fatal(err)
	}
	_, err = conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS storm_baseline (id bigserial PRIMARY KEY, employee_id bigint, at timestamptz, note text)`)
	conn.Close(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	script := filepath.Join(tb.TempDir(), "insert.sql")
	err = os.WriteFile(script, []byte("\\set id random(1, 100000)\n"+
		"INSERT INTO storm_baseline (employee_id, at, note) VALUES (:id, now(), 'x');\n"), 0o644)
	if err != nil {
		tb.Fatal(err)
	}
	u, err := url.Parse(c.URL(""))
	if err != nil {
		tb.Fatal(err)
	}
	pass, _ := u.User.Password()
	cmd := exec.Command(bin, "-h", u.Hostname(), "-p", u.Port(), "-U", u.User.Username(), "-n",
		"-c", strconv.Itoa(clients), "-j", "2", "-T", strconv.Itoa(int(d.Seconds())), "-f", script, "hrbot")
	cmd.Env = append(os.Environ(), "PGPASSWORD="+pass, "PGSSLMODE=disable") // not on the command line
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("pgbench: %v\n%s", err, out)
	}
	m := pgbenchTPS.FindSubmatch(out)
	if m == nil {
		tb.Fatalf("no tps in pgbench's output:\n%s", out)
	}
	tps, _ := strconv.ParseFloat(string(m[1]), 64)
	return tps
}

// startReplicas runs n `hrbot serve` processes of bin with env, each on
// its own address, and returns their base URLs once all are ready.
func startReplicas(tb testing.TB, bin string, env []string, n int) (bases []string, pids []int) {
	tb.Helper()
	bases = make([]string, n)
	logs := make([]*bytes.Buffer, n)
	for i := range n {
		addr := freeAddr(tb)
		bases[i] = "http://" + addr
		logs[i] = &bytes.Buffer{}
		cmd := exec.Command(bin, "serve")
		cmd.Env = append(append([]string{}, env...), "HRBOT_HTTP_ADDR="+addr)
		cmd.Stdout, cmd.Stderr = logs[i], logs[i]
		if err := cmd.Start(); err != nil {
			tb.Fatal(err)
		}
		pids = append(pids, cmd.Process.Pid)
		tb.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			if tb.Failed() {
				tb.Logf("replica %d said:\n%s", i, logs[i].String())
			}
		})
	}
	for i, base := range bases {
		for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if res, err := http.Get(base + "/readyz"); err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					break
				}
			}
			if time.Now().After(deadline) {
				tb.Fatalf("replica %d not ready:\n%s", i, logs[i].String())
			}
		}
	}
	return bases, pids
}

// roundRobin is one address in front of several replicas, as a load
// balancer would be: each request goes to the next one.
func roundRobin(tb testing.TB, bases []string, conns int) string {
	tb.Helper()
	targets := make([]*url.URL, len(bases))
	for i, b := range bases {
		u, err := url.Parse(b)
		if err != nil {
			tb.Fatal(err)
		}
		targets[i] = u
	}
	var next atomic.Uint64
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(targets[(next.Add(1)-1)%uint64(len(targets))])
		},
		Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxIdleConns: conns * len(bases)},
	}
	srv := httptest.NewServer(proxy)
	tb.Cleanup(srv.Close)
	return srv.URL
}

// statusCounter sits in front of the fake Telegram API and counts its
// answers by status, to see the 429s the fake does not record.
type statusCounter struct {
	next http.Handler
	mu   sync.Mutex
	byCo map[int]int
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *statusCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
	s.next.ServeHTTP(sw, r)
	s.mu.Lock()
	s.byCo[sw.code]++
	s.mu.Unlock()
}

func (s *statusCounter) count(code int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byCo[code]
}

// counted puts a statusCounter in front of h and returns its URL.
func counted(tb testing.TB, h http.Handler) (*statusCounter, string) {
	sc := &statusCounter{next: h, byCo: map[int]int{}}
	srv := httptest.NewServer(sc)
	tb.Cleanup(srv.Close)
	return sc, srv.URL
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fmtRate(n int, d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f/s", float64(n)/d.Seconds())
}

// cpuSeconds is the CPU time pid has used (user and system), with its
// reaped children's when children is set; 0 when it cannot be read.
func cpuSeconds(pid int, children bool) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields after it do not.
	rest := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(rest) < 15 {
		return 0
	}
	fields := rest[11:13] // utime, stime
	if children {
		fields = rest[11:15] // and cutime, cstime
	}
	var ticks float64
	for _, f := range fields {
		v, _ := strconv.ParseFloat(f, 64)
		ticks += v
	}
	return ticks / 100 // USER_HZ
}

// postgresCPU is the CPU time the cluster in dir has used: the postmaster
// with the backends it reaped, and the live ones.
func postgresCPU(dir string) float64 {
	data, err := os.ReadFile(filepath.Join(dir, "pgdata", "postmaster.pid"))
	if err != nil {
		return 0
	}
	pm, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0]))
	total := cpuSeconds(pm, true)
	procs, _ := os.ReadDir("/proc")
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		rest := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(rest) > 1 && rest[1] == strconv.Itoa(pm) {
			total += cpuSeconds(pid, false)
		}
	}
	return total
}

// cpuUse samples the CPU time of hrbot's processes, PostgreSQL's and the
// harness's own (senders, proxy, fake Telegram).
type cpuUse struct{ hrbot, postgres, harness float64 }

func sampleCPU(pids []int, pgDir string) cpuUse {
	var u cpuUse
	for _, pid := range pids {
		u.hrbot += cpuSeconds(pid, false)
	}
	u.postgres = postgresCPU(pgDir)
	u.harness = cpuSeconds(os.Getpid(), false)
	return u
}

func (u cpuUse) minus(v cpuUse) cpuUse {
	return cpuUse{u.hrbot - v.hrbot, u.postgres - v.postgres, u.harness - v.harness}
}

// withStatements loads pg_stat_statements into the cluster (a restart)
// and creates it in its database, to see which statements a storm costs.
func withStatements(tb testing.TB, c *pglocal.Cluster) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL(""))
	if err != nil {
		tb.Fatal(err)
	}
	_, err = conn.Exec(ctx, `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`)
	conn.Close(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.Stop(ctx); err != nil {
		tb.Fatal(err)
	}
	if err := c.Resume(ctx); err != nil {
		tb.Fatal(err)
	}
	if conn, err = pgx.Connect(ctx, c.URL("")); err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE EXTENSION pg_stat_statements`); err != nil {
		tb.Fatal(err)
	}
}

// statements resets pg_stat_statements when reset is set, else logs the
// statements that took the most time since.
func statements(tb testing.TB, dbURL string, reset bool, checkIns int) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if reset {
		if _, err := conn.Exec(ctx, `SELECT pg_stat_statements_reset()`); err != nil {
			tb.Fatal(err)
		}
		return
	}
	rows, err := conn.Query(ctx, `
		SELECT calls, total_exec_time, rows, wal_records, left(regexp_replace(query, '\s+', ' ', 'g'), 140)
		FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out strings.Builder
	var calls, total float64
	for rows.Next() {
		var n, nrows, wal int64
		var ms float64
		var q string
		if err := rows.Scan(&n, &ms, &nrows, &wal, &q); err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintf(&out, "\n%6d calls %8.1f ms %6.2f/check-in %6d rows %6d wal  %s", n, ms, float64(n)/float64(checkIns), nrows, wal, q)
	}
	_ = conn.QueryRow(ctx, `SELECT sum(calls), sum(total_exec_time) FROM pg_stat_statements`).Scan(&calls, &total)
	tb.Logf("statements: %.0f calls (%.1f a check-in), %.0f ms executing; the costliest:%s", calls, calls/float64(checkIns), total, out.String())
}

// busyConns samples, every 50 ms until stop is closed, how many client
// connections to the database are open and how many are busy (in a
// statement or a transaction); it returns their means.
func busyConns(dbURL string, stop <-chan struct{}) (open, busy float64) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0, 0
	}
	defer conn.Close(ctx)
	var n, sumOpen, sumBusy int
	for {
		select {
		case <-stop:
			if n == 0 {
				return 0, 0
			}
			return float64(sumOpen) / float64(n), float64(sumBusy) / float64(n)
		case <-time.After(50 * time.Millisecond):
		}
		var o, b int
		if conn.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity
			WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`).Scan(&o, &b) == nil {
			n, sumOpen, sumBusy = n+1, sumOpen+o, sumBusy+b
		}
	}
}
