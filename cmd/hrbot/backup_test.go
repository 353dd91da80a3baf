package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/hrbot/hrbot/store/pgtest"
)

const backupProfiles = `key,kind,salary,allowances,social_base,special_additional,bank_name,bank_account
alice,monthly,8000,,8000,0,ICBC Hangzhou,6222 0212 3456 7890
`

// seedBackup fills a database the way some use would: the example org with
// its handbook, a check-in, a sealed bank account, an approved payroll run.
func seedBackup(t *testing.T, vars map[string]string) {
	t.Helper()
	if r := hrbot(t, vars, "", "apply", "-f", "../../examples/org.yaml"); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	if r := hrbot(t, vars, "/checkin\n", "chat", "--as", "alice"); r.code != 0 {
		t.Fatalf("chat: %+v", r)
	}
	if r := hrbot(t, vars, "", "kb", "import", "--org", "shop", "../../examples/handbook"); r.code != 0 {
		t.Fatalf("kb import: %+v", r)
	}
	profiles := filepath.Join(t.TempDir(), "pay.csv")
	if err := os.WriteFile(profiles, []byte(backupProfiles), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, vars, "", "payroll", "profiles", profiles); r.code != 0 {
		t.Fatalf("profiles: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "run", "--period", "2026-10"); r.code != 0 {
		t.Fatalf("payroll run: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "approve", "--period", "2026-10", "--as", "zhao"); r.code != 0 {
		t.Fatalf("payroll approve: %+v", r)
	}
}

// tableStats gives every table of the public schema its row count and a
// fingerprint of its rows.
func tableStats(t *testing.T, dbURL string) map[string]string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT quote_ident(table_name) FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	stats := map[string]string{}
	for _, tbl := range tables {
		var n int64
		var sum string
		err := conn.QueryRow(ctx, `SELECT count(*), md5(coalesce(string_agg(x::text, E'\n' ORDER BY x::text), '')) FROM `+tbl+` x`).Scan(&n, &sum)
		if err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
		stats[tbl] = fmt.Sprintf("%d rows, md5 %s", n, sum)
	}
	return stats
}

func compareStats(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	if len(want) < 40 {
		t.Errorf("%s: only %d tables: %v", what, len(want), want)
	}
	for tbl, w := range want {
		if g, ok := got[tbl]; !ok {
			t.Errorf("%s: table %s is missing", what, tbl)
		} else if g != w {
			t.Errorf("%s: table %s: %s, want %s", what, tbl, g, w)
		}
	}
	for tbl := range got {
		if _, ok := want[tbl]; !ok {
			t.Errorf("%s: unexpected table %s", what, tbl)
		}
	}
}

// countLines are the table counts a backup or restore prints.
func countLines(out string) []string {
	var lines []string
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "  ") {
			lines = append(lines, strings.TrimSpace(line))
		}
	}
	return lines
}

func TestBackupRestore(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("cd", 32)
	src := pgtest.URL(t)
	vars := map[string]string{"DATABASE_URL": src, "HRBOT_ENCRYPTION_KEY": key}
	seedBackup(t, vars)
	want := tableStats(t, src)

	dir := t.TempDir()
	file := filepath.Join(dir, "hrbot.dump")
	r := hrbot(t, vars, "", "backup", "--out", file)
	if r.code != 0 || !strings.Contains(r.stdout, "wrote "+file+" (") || !strings.Contains(r.stdout, "keep it private") {
		t.Fatalf("backup: %+v", r)
	}
	if pw := passwordOf(t, src); pw != "" && strings.Contains(r.stdout+r.stderr, pw) {
		t.Errorf("the password shows: %s", r.stderr)
	}
	backupCounts := countLines(r.stdout)
	for _, want := range []string{"orgs", "employees", "attendance_records", "leave_requests", "kb_chunks", "payroll_runs", "deliveries"} {
		if !slices.ContainsFunc(backupCounts, func(l string) bool { return strings.HasPrefix(l, want+" ") }) {
			t.Errorf("backup does not count %s: %q", want, r.stdout)
		}
	}
	if !slices.Contains(backupCounts, "orgs                        1") {
		t.Errorf("backup counts: %q", backupCounts)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode %v, want 0600", st.Mode().Perm())
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
	// The source is unchanged by the backup.
	compareStats(t, "source after backup", want, tableStats(t, src))

	// Into a database with nothing in it, and into a freshly migrated one.
	for name, dst := range map[string]string{"empty": pgtest.EmptyURL(t), "migrated": pgtest.URL(t)} {
		dvars := map[string]string{"DATABASE_URL": dst, "HRBOT_ENCRYPTION_KEY": key}
		r := hrbot(t, dvars, "", "restore", file)
		if r.code != 0 || !strings.Contains(r.stdout, "restored "+file) {
			t.Fatalf("restore into %s database: %+v", name, r)
		}
		if got := countLines(r.stdout); !slices.Equal(got, backupCounts) {
			t.Errorf("restore into %s database counts %q, backup counted %q", name, got, backupCounts)
		}
		compareStats(t, "restored into "+name, want, tableStats(t, dst))
	}

	dst := pgtest.URL(t)
	dvars := map[string]string{"DATABASE_URL": dst, "HRBOT_ENCRYPTION_KEY": key}
	if r := hrbot(t, dvars, "", "restore", file); r.code != 0 {
		t.Fatalf("restore: %+v", r)
	}
	// The sealed bank account opens with the same key after the restore.
	out := t.TempDir()
	if r := hrbot(t, dvars, "", "payroll", "export", "--period", "2026-10", "--out", out); r.code != 0 {
		t.Fatalf("export from the restored database: %+v", r)
	}
	bank, err := os.ReadFile(filepath.Join(out, "bank-shop-2026-10.csv"))
	if err != nil || !strings.Contains(string(bank), "6222 0212 3456 7890") {
		t.Errorf("bank file from the restored database: %q %v", bank, err)
	}
	if r := hrbot(t, dvars, "/whoami\n", "chat", "--as", "alice"); r.code != 0 || !strings.Contains(r.stdout, "李爱丽 Alice Li") {
		t.Errorf("chat on the restored database: %+v", r)
	}

	t.Run("RefusedWithoutForce", func(t *testing.T) {
		// The restored database now holds data of its own.
		if _, err := pgxExec(dst, `UPDATE employees SET name = 'Changed' WHERE key = 'sun'`); err != nil {
			t.Fatal(err)
		}
		before := tableStats(t, dst)
		r := hrbot(t, dvars, "", "restore", file)
		if r.code != 1 || !strings.Contains(r.stderr, "refused") || !strings.Contains(r.stderr, "already holds hrbot data") ||
			!strings.Contains(r.stderr, "--force") || !strings.Contains(r.stderr, "employees") {
			t.Fatalf("restore over data without --force: %+v", r)
		}
		compareStats(t, "after a refused restore", before, tableStats(t, dst))

		r = hrbot(t, dvars, "", "restore", "--force", file)
		if r.code != 0 {
			t.Fatalf("restore --force: %+v", r)
		}
		compareStats(t, "after restore --force", want, tableStats(t, dst))
	})

	t.Run("CorruptFile", func(t *testing.T) {
		empty := pgtest.EmptyURL(t)
		evars := map[string]string{"DATABASE_URL": empty}
		garbage := filepath.Join(dir, "garbage.dump")
		os.WriteFile(garbage, []byte("this is not a backup\n"), 0o600)
		if r := hrbot(t, evars, "", "restore", garbage); r.code != 1 || !strings.Contains(r.stderr, "is not a backup made by hrbot backup") {
			t.Errorf("garbage: %+v", r)
		}
		if r := hrbot(t, evars, "", "restore", filepath.Join(dir, "nope.dump")); r.code != 1 || !strings.Contains(r.stderr, "cannot read the backup") {
			t.Errorf("missing file: %+v", r)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, cut := range []int{200, len(data) / 2, len(data) - 100} {
			short := filepath.Join(dir, fmt.Sprintf("cut-%d.dump", cut))
			os.WriteFile(short, data[:cut], 0o600)
			r := hrbot(t, evars, "", "restore", short)
			if r.code != 1 || !strings.Contains(r.stderr, "pg_restore failed") || !strings.Contains(r.stderr, "pg_restore: error:") {
				t.Errorf("file cut at %d of %d: %+v", cut, len(data), r)
			}
			if got := tableStats(t, empty); len(got) != 0 {
				t.Errorf("file cut at %d: a failed restore left tables behind: %v", cut, got)
			}
		}
	})

	t.Run("NewerBackup", func(t *testing.T) {
		newer := pgtest.URL(t)
		if _, err := pgxExec(newer, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, true)`); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "newer.dump")
		if r := hrbot(t, map[string]string{"DATABASE_URL": newer}, "", "backup", "--out", file); r.code != 0 {
			t.Fatalf("backup: %+v", r)
		}
		r := hrbot(t, map[string]string{"DATABASE_URL": pgtest.URL(t)}, "", "restore", file)
		if r.code != 1 || !strings.Contains(r.stderr, "comes from a newer hrbot (schema version 9999; this one knows up to") {
			t.Errorf("restore of a newer backup into a migrated database: %+v", r)
		}
		r = hrbot(t, map[string]string{"DATABASE_URL": pgtest.EmptyURL(t)}, "", "restore", file)
		if r.code != 1 || !strings.Contains(r.stderr, "restored "+file+", but it comes from a newer hrbot") {
			t.Errorf("restore of a newer backup into an empty database: %+v", r)
		}
	})

	t.Run("NotHrbotDatabase", func(t *testing.T) {
		other := pgtest.EmptyURL(t)
		if _, err := pgxExec(other, `CREATE TABLE customers (id int)`); err != nil {
			t.Fatal(err)
		}
		ovars := map[string]string{"DATABASE_URL": other}
		if r := hrbot(t, ovars, "", "restore", "--force", file); r.code != 1 || !strings.Contains(r.stderr, "not hrbot's (customers)") {
			t.Errorf("restore into another program's database: %+v", r)
		}
		if r := hrbot(t, ovars, "", "backup", "--out", filepath.Join(dir, "other.dump")); r.code != 1 || !strings.Contains(r.stderr, "no hrbot tables") {
			t.Errorf("backup of another program's database: %+v", r)
		}
	})
}

// A backup made by an older hrbot is restored into a database the current
// one has migrated (say, by hrbot serve on a new machine) and brought up to
// date.
func TestRestoreOlderBackup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := pgtest.URL(t)
	vars := map[string]string{"DATABASE_URL": src, "HRBOT_ENCRYPTION_KEY": strings.Repeat("cd", 32)}
	seedBackup(t, vars)
	// Take the source back one schema version.
	cfg, err := pgx.ParseConfig(src)
	if err != nil {
		t.Fatal(err)
	}
	sqlDB := stdlib.OpenDB(*cfg)
	defer sqlDB.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, os.DirFS("../../store/migrations"), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	latest, _, err := p.GetVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Down(ctx); err != nil {
		t.Fatal(err)
	}
	older, err := p.GetDBVersion(ctx) // the one before the latest, whatever its number
	if err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(t.TempDir(), "old.dump")
	if r := hrbot(t, vars, "", "backup", "--out", file); r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("schema version %d)", older)) {
		t.Fatalf("backup: %+v", r)
	}
	dst := pgtest.URL(t)
	dvars := map[string]string{"DATABASE_URL": dst}
	r := hrbot(t, dvars, "", "restore", file)
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("backup at schema version %d, now %d", older, latest)) ||
		!strings.Contains(r.stderr, "emptying the database first") {
		t.Fatalf("restore: %+v", r)
	}
	// Migrated the same way, the source and the restored copy are the same.
	if r := hrbot(t, vars, "", "migrate"); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	want, got := tableStats(t, src), tableStats(t, dst)
	// goose_db_version rows carry the time each migration was applied.
	delete(want, "goose_db_version")
	delete(got, "goose_db_version")
	compareStats(t, "older backup restored", want, got)
	if r := hrbot(t, dvars, "/whoami\n", "chat", "--as", "alice"); r.code != 0 || !strings.Contains(r.stdout, "李爱丽 Alice Li") {
		t.Errorf("chat on the restored database: %+v", r)
	}
}

// The embedded default: back it up, restore the file into a server at
// DATABASE_URL and back into the embedded database.
func TestBackupEmbedded(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("", "hrbot-backup-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// Reachable by the postgres user when the tests run as root.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"HRBOT_DATA_DIR": filepath.Join(dir, "var")}
	if r := hrbot(t, vars, "", "apply", "-f", "../../examples/org.yaml"); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	if r := hrbot(t, vars, "/checkin\n", "chat", "--as", "alice"); r.code != 0 {
		t.Fatalf("chat: %+v", r)
	}
	file := filepath.Join(dir, "embedded.dump")
	r := hrbot(t, vars, "", "backup", "--out", file)
	if r.code != 0 || !strings.Contains(r.stdout, "wrote "+file) {
		t.Fatalf("backup of the embedded database: %+v", r)
	}
	counts := countLines(r.stdout)
	if !slices.Contains(counts, "employees                   6") {
		t.Errorf("backup counts: %q", counts)
	}
	// Without HRBOT_ENCRYPTION_KEY the embedded hrbot made its own key,
	// private, and the backup says to keep it.
	keyFile := filepath.Join(dir, "var", keyFileName)
	if st, err := os.Stat(keyFile); err != nil || st.Mode().Perm() != 0o600 || !strings.Contains(r.stdout, "sealed with the key hrbot made in "+keyFile) {
		t.Errorf("the made key: %v, %v; backup said %q", st, err, r.stdout)
	}

	dst := pgtest.URL(t)
	r = hrbot(t, map[string]string{"DATABASE_URL": dst}, "", "restore", file)
	if r.code != 0 || !slices.Equal(countLines(r.stdout), counts) {
		t.Fatalf("restore into DATABASE_URL: %+v", r)
	}
	if r := hrbot(t, vars, "", "restore", file); r.code != 1 || !strings.Contains(r.stderr, "--force") {
		t.Errorf("restore over the embedded data without --force: %+v", r)
	}
	r = hrbot(t, vars, "", "restore", "--force", file)
	if r.code != 0 || !slices.Equal(countLines(r.stdout), counts) {
		t.Fatalf("restore --force into the embedded database: %+v", r)
	}
	if r := hrbot(t, vars, "/whoami\n", "chat", "--as", "alice"); r.code != 0 || !strings.Contains(r.stdout, "李爱丽 Alice Li") {
		t.Errorf("chat after the restore: %+v", r)
	}
}

// pg_dump's own errors come through with advice, the password stays off
// its command line, and a failed backup leaves no file.
func TestBackupToolFails(t *testing.T) {
	// Written before t.Parallel: a fork elsewhere while the script is open
	// for writing would make running it fail with "text file busy".
	bin := t.TempDir()
	script := `#!/bin/sh
echo "$@" > "$(dirname "$0")/args"
env | grep '^PG' | sort > "$(dirname "$0")/env"
echo 'pg_dump: error: aborting because of server version mismatch' >&2
echo 'pg_dump: detail: server version: 99.1; pg_dump version: 15.18' >&2
exit 1
`
	if err := os.WriteFile(filepath.Join(bin, "pg_dump"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Parallel()
	dbURL := pgtest.URL(t)
	out := t.TempDir()
	file := filepath.Join(out, "x.dump")
	r := hrbot(t, map[string]string{"DATABASE_URL": dbURL, "HRBOT_PG_BIN_DIR": bin}, "", "backup", "--out", file)
	if r.code != 1 || !strings.Contains(r.stderr, "pg_dump: error: aborting because of server version mismatch") ||
		!strings.Contains(r.stderr, "server version: 99.1; pg_dump version: 15.18") ||
		!strings.Contains(r.stderr, "pg_dump must be from PostgreSQL") || !strings.Contains(r.stderr, "apt-get install postgresql-client-") {
		t.Errorf("version mismatch: %+v", r)
	}
	if files, _ := os.ReadDir(out); len(files) > 0 {
		t.Errorf("a failed backup left %v", files)
	}
	args, err := os.ReadFile(filepath.Join(bin, "args"))
	if err != nil {
		t.Fatal(err)
	}
	pw := passwordOf(t, dbURL)
	if (pw != "" && strings.Contains(string(args), pw)) || !strings.Contains(string(args), "--format=custom") {
		t.Errorf("pg_dump arguments: %s", args)
	}
	env, err := os.ReadFile(filepath.Join(bin, "env"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	wants := []string{"PGHOST=" + cfg.Host, fmt.Sprintf("PGPORT=%d", cfg.Port), "PGUSER=" + cfg.User,
		"PGDATABASE=" + cfg.Database, "PGAPPNAME=hrbot backup"}
	if pw != "" {
		wants = append(wants, "PGPASSWORD="+pw)
	}
	if strings.Contains(dbURL, "sslmode=disable") {
		wants = append(wants, "PGSSLMODE=disable")
	}
	for _, want := range wants {
		if !strings.Contains(string(env), want+"\n") {
			t.Errorf("pg_dump's environment lacks %s", want)
		}
	}
}

func passwordOf(t *testing.T, dbURL string) string {
	t.Helper()
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Password
}

func pgxExec(dbURL, sql string) (int64, error) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	tag, err := conn.Exec(ctx, sql)
	return tag.RowsAffected(), err
}
