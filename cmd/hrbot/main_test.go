package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

type result struct {
	code           int
	stdout, stderr string
}

// applyOrg writes an org file and applies it to dbURL; it returns the
// environment for further hrbot commands on that database.
func applyOrg(t testing.TB, dbURL, orgYAML string) map[string]string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(orgYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"DATABASE_URL": dbURL}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	return vars
}

func hrbot(t testing.TB, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	// Without a database of its own, a command that reaches for one would
	// start the embedded PostgreSQL in ./var, the package directory: a
	// test's database once ended up committed that way.
	dataDir := ""
	if vars["HRBOT_DATA_DIR"] == "" && vars["DATABASE_URL"] == "" {
		dataDir = filepath.Join(t.TempDir(), "var")
	}
	getenv := func(k string) string {
		if k == "HRBOT_DATA_DIR" && dataDir != "" {
			return dataDir
		}
		return vars[k]
	}
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut, getenv)
	return result{code, out.String(), errOut.String()}
}

func TestEmbeddedDefaultFromScratch(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("", "hrbot-cmd-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// Reachable by the postgres user when the tests run as root.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"HRBOT_DATA_DIR": filepath.Join(dir, "var")}

	r := hrbot(t, vars, "", "apply", "-f", "../../examples/org.yaml")
	if r.code != 0 || !strings.Contains(r.stdout, "59 created") || !strings.Contains(r.stdout, "handbook of shop: 8 added") {
		t.Fatalf("apply: %+v", r)
	}
	if !strings.Contains(r.stderr, "embedded local PostgreSQL") {
		t.Errorf("the log does not say the embedded database is used: %s", r.stderr)
	}
	r = hrbot(t, vars, "/whoami\n", "chat", "--as", "alice")
	if r.code != 0 {
		t.Fatalf("chat: %+v", r)
	}
	for _, want := range []string{"李爱丽 Alice Li", "employee", "鲜果小铺 Xianguo Shop"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("whoami answer %q lacks %q", r.stdout, want)
		}
	}
	// The org file's handbook was imported: policy questions are answered.
	r = hrbot(t, vars, "can I take my annual leave in several parts?\n", "chat", "--as", "alice")
	if r.code != 0 || !strings.Contains(r.stdout, "leave-policy.md › Annual leave") {
		t.Errorf("policy question: %+v", r)
	}
	r = hrbot(t, vars, "我是谁\n", "chat", "--as", "shop/wang")
	if r.code != 0 || !strings.Contains(r.stdout, "你是 王磊 Wang Lei（wang），鲜果小铺 Xianguo Shop 的经理。") {
		t.Errorf("wang: %+v", r)
	}
	// Applying again changes nothing and reuses the cluster.
	r = hrbot(t, vars, "", "apply", "-f", "../../examples/org.yaml")
	if r.code != 0 || !strings.Contains(r.stdout, "0 created, 0 updated, 59 unchanged") || !strings.Contains(r.stdout, "8 unchanged") || strings.Contains(r.stderr, "first run") {
		t.Errorf("second apply: %+v", r)
	}
}

func TestApplyBadFileIsRejectedWhole(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": pgtest.URL(t)}
	bad := filepath.Join(t.TempDir(), "org.yaml")
	os.WriteFile(bad, []byte("orgs:\n  - key: shop\n    name: Shop\n    employees:\n      - {key: amy, name: Amy, role: boss}\n      - {key: amy, name: Amy again}\n"), 0o644)
	r := hrbot(t, vars, "", "apply", "-f", bad)
	if r.code != 1 || !strings.Contains(r.stderr, bad+":5: orgs[0].employees[0].role: must be one of") ||
		!strings.Contains(r.stderr, bad+":6: orgs[0].employees[1].key: person \"amy\" is declared twice") {
		t.Fatalf("apply bad file: %+v", r)
	}
	r = hrbot(t, vars, "/whoami\n", "chat", "--as", "amy")
	if r.code != 1 || !strings.Contains(r.stderr, `no person "amy"`) {
		t.Errorf("a rejected file left amy behind: %+v", r)
	}
}

func TestConfigProblemsAllAtOnce(t *testing.T) {
	t.Parallel()
	vars := map[string]string{
		"HRBOT_HTTP_ADDR":       "eighty",
		"HRBOT_SLACK_BOT_TOKEN": "not-a-token",
		"HRBOT_LOG_LEVEL":       "loud",
	}
	r := hrbot(t, vars, "", "migrate")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1", r.code)
	}
	for _, key := range []string{"HRBOT_HTTP_ADDR", "HRBOT_SLACK_BOT_TOKEN", "HRBOT_LOG_LEVEL", "HRBOT_SLACK_SIGNING_SECRET"} {
		if !strings.Contains(r.stderr, key) {
			t.Errorf("stderr does not name %s:\n%s", key, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "not-a-token") {
		t.Error("a secret was echoed")
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	if r := hrbot(t, nil, "", "--help"); r.code != 0 || !strings.Contains(r.stdout, "chat --as PERSON") || !strings.Contains(r.stdout, "DATABASE_URL") {
		t.Errorf("--help: %+v", r)
	}
	if r := hrbot(t, nil, ""); r.code != 2 {
		t.Errorf("no args: exit %d", r.code)
	}
	if r := hrbot(t, nil, "", "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %+v", r)
	}
	if r := hrbot(t, nil, "", "chat"); r.code != 2 || !strings.Contains(r.stderr, "Usage: hrbot chat --as PERSON") {
		t.Errorf("chat without --as: %+v", r)
	}
	if r := hrbot(t, nil, "", "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "hrbot ") {
		t.Errorf("version: %+v", r)
	}
}

func TestServeHealthReadyMetrics(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	s := serveOn(t, freeAddr(t), map[string]string{"DATABASE_URL": dbURL}, nil)
	get := func(path string) (int, string) {
		resp, err := http.Get(s.base + path)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/readyz"); code != http.StatusOK || !strings.Contains(body, "ready") {
		t.Errorf("/readyz: %d %s", code, body)
	}
	if code, body := get("/metrics"); code != http.StatusOK || !strings.Contains(body, "hrbot_build_info") || !strings.Contains(body, "go_goroutines") {
		t.Errorf("/metrics: %d %.200s", code, body)
	}
	if code, _ := get("/nope"); code != http.StatusNotFound {
		t.Errorf("/nope: %d", code)
	}
	// A schema older than the binary is not ready.
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)`); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	if code, body := get("/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "hrbot migrate") {
		t.Errorf("/readyz on an old schema: %d %s", code, body)
	}
	if code := s.stop(t, 20*time.Second); code != 0 {
		t.Errorf("serve exited %d: %s", code, s.logs.String())
	}
}
