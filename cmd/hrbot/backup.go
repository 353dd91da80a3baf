package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hrbot/hrbot/store"
	"github.com/hrbot/hrbot/store/pglocal"
)

const backupSynopsis = `backup [--out FILE]

Writes a consistent copy of hrbot's whole database (orgs, people, attendance,
leave, cover, training, the handbook, payroll, the delivery queue) to FILE in
pg_dump's custom format, for "hrbot restore". Works on the database at
DATABASE_URL and on the embedded one, also while hrbot serve runs.

The file holds personal data and is written with mode 0600: keep it private.
Bank accounts inside it stay sealed with HRBOT_ENCRYPTION_KEY: keep that key
too, stored apart from the backups; without it they cannot be read after a
restore.

pg_dump comes from HRBOT_PG_BIN_DIR (or the embedded PostgreSQL's
installation), else PATH, else /usr/lib/postgresql/*/bin.`

const restoreSynopsis = `restore [--force] FILE

Replaces what is in the configured database (DATABASE_URL, or the embedded
one) with a backup made by "hrbot backup", with pg_restore in one transaction,
then applies the migrations, so a backup made by an older hrbot is brought up
to date. A database that already holds hrbot data is refused unless --force
is given. Stop hrbot serve first. Sealed bank accounts need the
HRBOT_ENCRYPTION_KEY they were sealed with.`

// mainTables are the tables whose rows backup and restore count, and whose
// rows mean a database already holds hrbot data.
var mainTables = []string{
	"orgs", "teams", "employees", "chat_identities", "attendance_records", "leave_requests",
	"cover_requests", "quiz_attempts", "certifications", "kb_documents", "kb_chunks",
	"pay_profiles", "payroll_runs", "payroll_lines", "deliveries", "audit_log",
}

// lockWait bounds how long a restore waits for a table someone else uses
// (hrbot serve, typically) before giving up with nothing changed.
const lockWait = "60s"

func cmdBackup(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "backup", backupSynopsis)
	out := fs.String("out", "", "file to write (default hrbot-YYYYMMDD-HHMMSS.dump here; given a directory, that name in it)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	path := backupPath(*out, time.Now())
	a, err := open(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()

	// pg_dump reads the snapshot this transaction exports, so the counts
	// printed are those of the file.
	tx, err := a.db.Pool().BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	db, err := describeDB(ctx, tx)
	if err != nil {
		return err
	}
	if !db.hasSchema {
		return errors.New("the database has no hrbot tables: nothing to back up (is DATABASE_URL the right database?)")
	}
	counts, err := countRows(ctx, tx, mainTables)
	if err != nil {
		return err
	}
	var snapshot string
	if err := tx.QueryRow(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot); err != nil {
		return fmt.Errorf("export snapshot: %w", err)
	}
	tool, err := newPGTool(ctx, a, "pg_dump", db, "")
	if err != nil {
		return err
	}
	a.log.Info("backing up", "database", db.name, "host", hostOf(a.dbURL), "pg_dump", tool.path, "file", path)
	size, err := writeAtomically(path, func(f *os.File) error {
		return tool.run(ctx, f, "--format=custom", "--snapshot="+snapshot, "--no-password")
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%s, schema version %d)\n", path, humanSize(size), db.version)
	printCounts(e.stdout, counts)
	fmt.Fprintln(e.stdout, "It holds personal data: keep it private. Bank accounts in it stay sealed with HRBOT_ENCRYPTION_KEY: keep the key too, apart from the file.")
	return nil
}

func cmdRestore(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "restore", restoreSynopsis)
	force := fs.Bool("force", false, "replace the hrbot data already in the database")
	file, err := parseWithOperand(fs, args)
	if err != nil {
		return err
	}
	if err := checkArchiveFile(file); err != nil {
		return err
	}
	a, err := open(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()
	pool := a.db.Pool()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	target, err := describeDB(ctx, conn)
	var before map[string]int64
	if err == nil && target.hasSchema {
		before, err = countRows(ctx, conn, mainTables)
	}
	conn.Release()
	if err != nil {
		return err
	}
	tool, err := newPGTool(ctx, a, "pg_restore", target, "-c lock_timeout="+lockWait)
	if err != nil {
		return err
	}
	arch, err := readArchive(ctx, tool, file)
	if err != nil {
		return err
	}
	if !target.hasSchema && len(target.tables) > 0 {
		return fmt.Errorf("refused: database %s holds tables that are not hrbot's (%s): restore into an empty database or hrbot's own",
			target.name, strings.Join(firstN(target.tables, 5), ", "))
	}
	if held := nonZero(before); len(held) > 0 && !*force {
		return fmt.Errorf("refused: database %s already holds hrbot data (%s); restoring %s would replace all of it. "+
			"Run hrbot restore --force %s to replace it, or point DATABASE_URL at an empty database",
			target.name, strings.Join(held, ", "), file, file)
	}
	if target.hasSchema {
		_, known, err := store.MigrationStatus(ctx, a.dbURL)
		if err != nil {
			return err
		}
		if arch.version > known {
			return fmt.Errorf("%s comes from a newer hrbot (schema version %d; this one knows up to %d): restore it with that version or later", file, arch.version, known)
		}
	}
	// pg_restore --clean replaces what the backup holds; anything else (the
	// tables of a newer schema, say) would stay and trip the migrations.
	// Such a database is emptied first, once the whole file has been read.
	emptied := false
	if extra := missingFrom(target.tables, arch.tables); len(extra) > 0 || (len(target.tables) > 0 && target.version != arch.version) {
		if err := tool.run(ctx, io.Discard, "--file=-", file); err != nil {
			return fmt.Errorf("%s is damaged: %w", file, err)
		}
		a.log.Info("emptying the database first: its schema differs from the backup's",
			"database", target.name, "schema_version", target.version, "backup_schema_version", arch.version,
			"tables_not_in_backup", strings.Join(extra, ","))
		if err := dropSchemaObjects(ctx, pool); err != nil {
			return err
		}
		emptied = true
	}
	a.log.Info("restoring", "database", target.name, "host", hostOf(a.dbURL), "pg_restore", tool.path, "file", file)
	err = tool.run(ctx, nil, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
		"--exit-on-error", "--no-password", "--dbname="+conninfoDBName(target.name), file)
	if err != nil && emptied {
		return fmt.Errorf("restoring %s failed after the database was emptied for it; restore again once the cause is fixed: %w", file, err)
	} else if err != nil {
		return fmt.Errorf("restoring %s failed; the database is as it was: %w", file, err)
	}
	// Connections opened before the restore may hold plans of dropped tables.
	pool.Reset()
	if err := store.Migrate(ctx, a.dbURL, a.log); err != nil {
		return fmt.Errorf("restored %s, but migrating it failed: %w", file, err)
	}
	current, known, err := store.MigrationStatus(ctx, a.dbURL)
	if err != nil {
		return err
	}
	if current > known {
		return fmt.Errorf("restored %s, but it comes from a newer hrbot (schema version %d; this one knows up to %d): run that version or later on it", file, current, known)
	}
	counts, err := countRows(ctx, pool, mainTables)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s into %s (backup at schema version %d, now %d)\n", file, target.name, arch.version, current)
	printCounts(e.stdout, counts)
	return nil
}

// querier is what reading the database needs: a pool, a connection or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// dbInfo is what backup and restore need to know about a database.
type dbInfo struct {
	name        string
	serverMajor int
	hasSchema   bool  // hrbot's migrations have run here
	version     int64 // the schema version, when hasSchema
	tables      []string
}

func describeDB(ctx context.Context, q querier) (dbInfo, error) {
	var d dbInfo
	var num int
	err := q.QueryRow(ctx, `SELECT current_database(), current_setting('server_version_num')::int,
		to_regclass('goose_db_version') IS NOT NULL`).Scan(&d.name, &num, &d.hasSchema)
	if err != nil {
		return d, fmt.Errorf("look at the database: %w", err)
	}
	d.serverMajor = num / 10000
	if d.hasSchema {
		err := q.QueryRow(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&d.version)
		if err != nil {
			return d, fmt.Errorf("read the schema version: %w", err)
		}
	}
	rows, err := q.Query(ctx, `SELECT c.relname FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
		  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
		ORDER BY 1`)
	if err != nil {
		return d, fmt.Errorf("list tables: %w", err)
	}
	d.tables, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return d, fmt.Errorf("list tables: %w", err)
	}
	return d, nil
}

// countRows counts the rows of those of tables that exist, in order.
func countRows(ctx context.Context, q querier, tables []string) (map[string]int64, error) {
	counts := map[string]int64{}
	for _, t := range tables {
		var exists bool
		if err := q.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, t).Scan(&exists); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		if !exists {
			continue
		}
		var n int64
		if err := q.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{t}.Sanitize()).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		counts[t] = n
	}
	return counts, nil
}

func printCounts(w io.Writer, counts map[string]int64) {
	for _, t := range mainTables {
		if n, ok := counts[t]; ok {
			fmt.Fprintf(w, "  %-20s %8d\n", t, n)
		}
	}
}

// nonZero lists "table N" for the main tables that have rows.
func nonZero(counts map[string]int64) []string {
	var out []string
	for _, t := range mainTables {
		if counts[t] > 0 {
			out = append(out, fmt.Sprintf("%s %d", t, counts[t]))
		}
	}
	return out
}

func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(s[:n:n], "…")
}

// missingFrom lists the names in have that are not in want.
func missingFrom(have, want []string) []string {
	in := map[string]bool{}
	for _, w := range want {
		in[w] = true
	}
	var out []string
	for _, h := range have {
		if !in[h] {
			out = append(out, h)
		}
	}
	return out
}

// dropSchemaObjects empties the schema hrbot lives in (its tables, views,
// sequences, functions and types; extensions stay) in one transaction.
func dropSchemaObjects(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL lock_timeout = '"+lockWait+"'"); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			WITH ns AS (SELECT current_schema()::regnamespace AS oid)
			SELECT kind, name FROM (
				SELECT 1 AS ord, CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
				       WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind,
				       c.oid::regclass::text AS name
				FROM pg_class c, ns
				WHERE c.relnamespace = ns.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
				  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
				UNION ALL
				SELECT 2, 'ROUTINE', p.oid::regprocedure::text
				FROM pg_proc p, ns
				WHERE p.pronamespace = ns.oid AND p.prokind IN ('f', 'p')
				  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
				UNION ALL
				SELECT 3, 'TYPE', t.oid::regtype::text
				FROM pg_type t, ns
				WHERE t.typnamespace = ns.oid
				  AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
				  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
			) o ORDER BY ord, name`)
		if err != nil {
			return fmt.Errorf("list what to drop: %w", err)
		}
		var drops []string
		var kind, name string
		_, err = pgx.ForEachRow(rows, []any{&kind, &name}, func() error {
			// The names are regclass/regprocedure/regtype output: quoted as needed.
			drops = append(drops, "DROP "+kind+" IF EXISTS "+name+" CASCADE")
			return nil
		})
		if err != nil {
			return fmt.Errorf("list what to drop: %w", err)
		}
		for _, d := range drops {
			if _, err := tx.Exec(ctx, d); err != nil {
				return fmt.Errorf("empty the database: %s: %w", d, err)
			}
		}
		return nil
	})
}

// archive is what restore learns from a backup file before touching the database.
type archive struct {
	version int64    // hrbot's schema version in the backup
	tables  []string // the tables in hrbot's schema
}

// checkArchiveFile fails clearly on a file that is missing, unreadable or
// not a pg_dump custom-format archive.
func checkArchiveFile(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("cannot read the backup: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("%s is a directory, not a backup file", file)
	}
	magic := make([]byte, 5)
	if _, err := io.ReadFull(f, magic); err != nil || string(magic) != "PGDMP" {
		return fmt.Errorf("%s is not a backup made by hrbot backup (not a pg_dump custom-format file)", file)
	}
	return nil
}

// readArchive reads the backup's table of contents and its schema version.
func readArchive(ctx context.Context, tool *pgTool, file string) (archive, error) {
	var a archive
	var list bytes.Buffer
	if err := tool.run(ctx, &list, "--list", file); err != nil {
		return a, fmt.Errorf("cannot read %s (damaged or incomplete?): %w", file, err)
	}
	// Lines look like "215; 1259 16385 TABLE public orgs hrbot".
	schema := ""
	var tables [][2]string
	for line := range strings.Lines(list.String()) {
		if strings.HasPrefix(line, ";") {
			continue
		}
		_, rest, ok := strings.Cut(line, ";")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) < 5 || f[2] != "TABLE" || f[3] == "DATA" {
			continue
		}
		tables = append(tables, [2]string{f[3], f[4]})
		if f[4] == "goose_db_version" {
			schema = f[3]
		}
	}
	if schema == "" {
		return a, fmt.Errorf("%s is a PostgreSQL backup but not of an hrbot database (it has no goose_db_version table)", file)
	}
	for _, t := range tables {
		if t[0] == schema {
			a.tables = append(a.tables, t[1])
		}
	}
	sort.Strings(a.tables)
	var data bytes.Buffer
	if err := tool.run(ctx, &data, "--data-only", "--schema="+schema, "--table=goose_db_version", "--file=-", file); err != nil {
		return a, fmt.Errorf("cannot read %s: %w", file, err)
	}
	v, err := copyMaxVersion(data.String())
	if err != nil {
		return a, fmt.Errorf("%s: %w", file, err)
	}
	a.version = v
	return a, nil
}

// copyMaxVersion reads the highest applied version from the COPY block of
// goose_db_version in a pg_restore script.
func copyMaxVersion(script string) (int64, error) {
	sc := bufio.NewScanner(strings.NewReader(script))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	verCol, appliedCol := -1, -1
	var highest int64
	inCopy := false
	for sc.Scan() {
		line := sc.Text()
		if !inCopy {
			if !strings.HasPrefix(line, "COPY ") || !strings.Contains(line, "goose_db_version") {
				continue
			}
			open, close := strings.Index(line, "("), strings.Index(line, ")")
			if open < 0 || close < open {
				break
			}
			for i, c := range strings.Split(line[open+1:close], ",") {
				switch strings.TrimSpace(c) {
				case "version_id":
					verCol = i
				case "is_applied":
					appliedCol = i
				}
			}
			inCopy = true
			continue
		}
		if line == `\.` {
			break
		}
		f := strings.Split(line, "\t")
		if verCol < 0 || verCol >= len(f) {
			break
		}
		if appliedCol >= 0 && appliedCol < len(f) && f[appliedCol] != "t" {
			continue
		}
		v, err := strconv.ParseInt(f[verCol], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("bad schema version %q in the backup", f[verCol])
		}
		highest = max(highest, v)
	}
	if !inCopy || verCol < 0 {
		return 0, errors.New("the backup has no schema version (goose_db_version is empty)")
	}
	return highest, nil
}

// pgTool runs one PostgreSQL client program against hrbot's database.
type pgTool struct {
	name, path  string
	env         []string
	serverMajor int
}

// newPGTool finds the program and sets the connection up through libpq's
// environment variables, so the password never shows on a command line.
// options are extra server settings for the session (PGOPTIONS).
func newPGTool(ctx context.Context, a *app, name string, db dbInfo, options string) (*pgTool, error) {
	binDir := a.cfg.PGBinDir
	if a.cluster != nil {
		binDir = a.cluster.BinDir()
	}
	path, err := pglocal.FindTool(ctx, name, binDir, db.serverMajor)
	if err != nil {
		return nil, err
	}
	params, err := connParams(a.dbURL)
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

// libpqParams maps connection-string keywords to libpq's environment
// variables. Keywords only pgx knows (pool_max_conns and the like) are left out.
var libpqParams = map[string]string{
	"host": "PGHOST", "hostaddr": "PGHOSTADDR", "port": "PGPORT", "dbname": "PGDATABASE",
	"user": "PGUSER", "password": "PGPASSWORD", "passfile": "PGPASSFILE", "service": "PGSERVICE",
	"options": "PGOPTIONS", "application_name": "PGAPPNAME", "connect_timeout": "PGCONNECT_TIMEOUT",
	"sslmode": "PGSSLMODE", "requiressl": "PGREQUIRESSL", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
	"sslrootcert": "PGSSLROOTCERT", "sslcrl": "PGSSLCRL", "sslcrldir": "PGSSLCRLDIR", "sslsni": "PGSSLSNI",
	"ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION", "ssl_max_protocol_version": "PGSSLMAXPROTOCOLVERSION",
	"channel_binding": "PGCHANNELBINDING", "gssencmode": "PGGSSENCMODE", "krbsrvname": "PGKRBSRVNAME",
	"gsslib": "PGGSSLIB", "target_session_attrs": "PGTARGETSESSIONATTRS", "load_balance_hosts": "PGLOADBALANCEHOSTS",
}

// libpqEnv returns base with the connection parameters set as libpq
// environment variables (replacing any already there).
func libpqEnv(base []string, params map[string]string) []string {
	set := map[string]string{}
	for k, v := range params {
		if name, ok := libpqParams[k]; ok {
			set[name] = v
		}
	}
	env := make([]string, 0, len(base)+len(set))
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; !ok {
			env = append(env, kv)
		}
	}
	names := make([]string, 0, len(set))
	for k := range set {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		env = append(env, k+"="+set[k])
	}
	return env
}

// connParams splits a postgres:// URL or a keyword/value string into
// libpq's keywords. Errors never quote the string: it may hold a password.
func connParams(conn string) (map[string]string, error) {
	if scheme, _, ok := strings.Cut(conn, "://"); ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql")) {
		return urlParams(conn)
	}
	return keywordParams(conn)
}

// urlParams reads a postgres:// URL the way libpq does, including its
// several-hosts form postgres://h1:5432,h2:5433/db that net/url rejects.
func urlParams(conn string) (map[string]string, error) {
	bad := errors.New("DATABASE_URL is not a valid postgres:// URL")
	unescape := func(s string) (string, error) {
		v, err := url.PathUnescape(s)
		if err != nil {
			return "", bad
		}
		return v, nil
	}
	_, rest, _ := strings.Cut(conn, "://")
	p := map[string]string{}
	if i := strings.IndexAny(rest, "@/"); i >= 0 && rest[i] == '@' {
		user, pass, hasPass := strings.Cut(rest[:i], ":")
		rest = rest[i+1:]
		var err error
		if user != "" {
			if p["user"], err = unescape(user); err != nil {
				return nil, err
			}
		}
		if hasPass && pass != "" {
			if p["password"], err = unescape(pass); err != nil {
				return nil, err
			}
		}
	}
	netloc, path, query := rest, "", ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		netloc, rest = rest[:i], rest[i:]
		if after, ok := strings.CutPrefix(rest, "/"); ok {
			path, query, _ = strings.Cut(after, "?")
		} else {
			query = rest[1:]
		}
	}
	if netloc != "" {
		var hosts, ports []string
		anyPort := strings.Contains(netloc, ",")
		for _, hp := range strings.Split(netloc, ",") {
			host, port := hp, ""
			if strings.HasPrefix(hp, "[") {
				end := strings.IndexByte(hp, ']')
				if end < 0 {
					return nil, bad
				}
				host = hp[1:end]
				if after := hp[end+1:]; after != "" {
					var ok bool
					if port, ok = strings.CutPrefix(after, ":"); !ok {
						return nil, bad
					}
					anyPort = true
				}
			} else {
				var ok bool
				host, port, ok = strings.Cut(hp, ":")
				anyPort = anyPort || ok
			}
			h, err := unescape(host)
			if err != nil {
				return nil, err
			}
			pt, err := unescape(port)
			if err != nil {
				return nil, err
			}
			hosts, ports = append(hosts, h), append(ports, pt)
		}
		p["host"] = strings.Join(hosts, ",")
		if anyPort {
			p["port"] = strings.Join(ports, ",")
		}
	}
	if path != "" {
		db, err := unescape(path)
		if err != nil {
			return nil, err
		}
		p["dbname"] = db
	}
	for _, kv := range strings.Split(query, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		k, err := unescape(k)
		if err != nil {
			return nil, err
		}
		if p[k], err = unescape(v); err != nil {
			return nil, err
		}
	}
	if p["ssl"] == "true" {
		p["sslmode"] = "require"
	}
	return p, nil
}

// keywordParams parses libpq's keyword/value form: host=db user='a b'.
func keywordParams(s string) (map[string]string, error) {
	bad := errors.New("DATABASE_URL: cannot read its keyword/value settings")
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' }
	p := map[string]string{}
	for {
		for len(s) > 0 && isSpace(s[0]) {
			s = s[1:]
		}
		if s == "" {
			return p, nil
		}
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			return nil, bad
		}
		key := strings.TrimSpace(s[:eq])
		s = s[eq+1:]
		for len(s) > 0 && isSpace(s[0]) {
			s = s[1:]
		}
		var val strings.Builder
		if strings.HasPrefix(s, "'") {
			s = s[1:]
			closed := false
			for len(s) > 0 && !closed {
				switch {
				case s[0] == '\\' && len(s) > 1:
					val.WriteByte(s[1])
					s = s[2:]
				case s[0] == '\'':
					closed = true
					s = s[1:]
				default:
					val.WriteByte(s[0])
					s = s[1:]
				}
			}
			if !closed {
				return nil, bad
			}
		} else {
			for len(s) > 0 && !isSpace(s[0]) {
				if s[0] == '\\' && len(s) > 1 {
					val.WriteByte(s[1])
					s = s[2:]
					continue
				}
				val.WriteByte(s[0])
				s = s[1:]
			}
		}
		p[key] = val.String()
	}
}

// conninfoDBName is a libpq connection string naming only the database:
// pg_restore needs --dbname to restore into a database rather than print SQL.
func conninfoDBName(db string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	return "dbname='" + r.Replace(db) + "'"
}

// hostOf names the server for the log, without user or password.
func hostOf(conn string) string {
	p, err := connParams(conn)
	if err != nil || p["host"] == "" {
		return "localhost"
	}
	if p["port"] != "" {
		return p["host"] + ":" + p["port"]
	}
	return p["host"]
}

// backupPath is where the backup goes: out, or the default name (in out
// when out is a directory).
func backupPath(out string, now time.Time) string {
	name := "hrbot-" + now.Format("20060102-150405") + ".dump"
	if out == "" {
		return name
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return filepath.Join(out, name)
	}
	return out
}

// writeAtomically has write fill a private temporary file beside path and
// renames it to path only when write succeeds; it returns the file's size.
func writeAtomically(path string, write func(f *os.File) error) (int64, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("create the backup file: %w", err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return 0, fmt.Errorf("create the backup file: %w", err)
	}
	if err := write(f); err != nil {
		return 0, err
	}
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return st.Size(), nil
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
