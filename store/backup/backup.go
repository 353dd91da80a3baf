// Package backup writes a consistent copy of hrbot's database with
// pg_dump (on a snapshot exported by a read-only transaction, so the
// counts reported are the file's) and restores one with pg_restore in one
// transaction, then migrates it. It finds the PostgreSQL client programs,
// hands them the connection through libpq's environment (never on a
// command line) and refuses, with the reason, what would lose data.
package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hrbot/hrbot/store"
)

// Config says which database to copy or fill, and with which programs.
type Config struct {
	Pool *pgxpool.Pool
	// URL is the database's connection string (postgres:// or keyword/value).
	URL string
	// BinDir is where pg_dump and pg_restore are; "" looks in PATH and
	// /usr/lib/postgresql/*/bin.
	BinDir string
	Log    *slog.Logger
}

// Tables are the tables whose rows backup and restore count, in the order
// they are shown, and whose rows mean a database already holds hrbot data.
var Tables = []string{
	"orgs", "teams", "employees", "chat_identities", "attendance_records", "leave_requests", "documents",
	"cover_requests", "quiz_attempts", "certifications", "kb_documents", "kb_chunks",
	"pay_profiles", "payroll_runs", "payroll_lines", "deliveries", "audit_log",
}

// lockWait bounds how long a restore waits for a table someone else uses
// (hrbot serve, typically) before giving up with nothing changed.
const lockWait = "60s"

// Dumped is what Dump wrote.
type Dumped struct {
	Path    string
	Size    int64
	Version int64            // the schema version in the file
	Counts  map[string]int64 // rows of Tables in the file
}

// Dump writes the database to path in pg_dump's custom format: to a
// private temporary file beside it, renamed to path once complete.
func Dump(ctx context.Context, cfg Config, path string) (Dumped, error) {
	tx, err := cfg.Pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return Dumped{}, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	db, err := describeDB(ctx, tx)
	if err != nil {
		return Dumped{}, err
	}
	if !db.hasSchema {
		return Dumped{}, errors.New("the database has no hrbot tables: nothing to back up (is DATABASE_URL the right database?)")
	}
	counts, err := countRows(ctx, tx, Tables)
	if err != nil {
		return Dumped{}, err
	}
	// pg_dump reads the snapshot this transaction exports, so the counts
	// are those of the file.
	var snapshot string
	if err := tx.QueryRow(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot); err != nil {
		return Dumped{}, fmt.Errorf("export snapshot: %w", err)
	}
	tool, err := newPGTool(ctx, cfg, "pg_dump", db, "")
	if err != nil {
		return Dumped{}, err
	}
	cfg.Log.Info("backing up", "database", db.name, "host", HostOf(cfg.URL), "pg_dump", tool.path, "file", path)
	size, err := writeAtomically(path, func(f *os.File) error {
		return tool.run(ctx, f, "--format=custom", "--snapshot="+snapshot, "--no-password")
	})
	if err != nil {
		return Dumped{}, err
	}
	return Dumped{Path: path, Size: size, Version: db.version, Counts: counts}, nil
}

// Restored is what Restore put in the database.
type Restored struct {
	Database string
	From, To int64            // the backup's schema version, and the database's after migrating
	Counts   map[string]int64 // rows of Tables now
}

// Restore replaces the database's contents with the backup in file, then
// migrates it. A database already holding hrbot data is refused unless
// force; one holding other tables, or a backup from a newer hrbot, always.
func Restore(ctx context.Context, cfg Config, file string, force bool) (Restored, error) {
	if err := checkArchiveFile(file); err != nil {
		return Restored{}, err
	}
	conn, err := cfg.Pool.Acquire(ctx)
	if err != nil {
		return Restored{}, err
	}
	target, err := describeDB(ctx, conn)
	var before map[string]int64
	if err == nil && target.hasSchema {
		before, err = countRows(ctx, conn, Tables)
	}
	conn.Release()
	if err != nil {
		return Restored{}, err
	}
	tool, err := newPGTool(ctx, cfg, "pg_restore", target, "-c lock_timeout="+lockWait)
	if err != nil {
		return Restored{}, err
	}
	arch, err := readArchive(ctx, tool, file)
	if err != nil {
		return Restored{}, err
	}
	if err := mayRestore(ctx, cfg, target, before, arch, file, force); err != nil {
		return Restored{}, err
	}
	emptied, err := emptyIfDifferent(ctx, cfg, tool, target, arch, file)
	if err != nil {
		return Restored{}, err
	}
	cfg.Log.Info("restoring", "database", target.name, "host", HostOf(cfg.URL), "pg_restore", tool.path, "file", file)
	err = tool.run(ctx, nil, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
		"--exit-on-error", "--no-password", "--dbname="+conninfoDBName(target.name), file)
	if err != nil && emptied {
		return Restored{}, fmt.Errorf("restoring %s failed after the database was emptied for it; restore again once the cause is fixed: %w", file, err)
	} else if err != nil {
		return Restored{}, fmt.Errorf("restoring %s failed; the database is as it was: %w", file, err)
	}
	// Connections opened before the restore may hold plans of dropped tables.
	cfg.Pool.Reset()
	if err := store.Migrate(ctx, cfg.URL, cfg.Log); err != nil {
		return Restored{}, fmt.Errorf("restored %s, but migrating it failed: %w", file, err)
	}
	current, known, err := store.MigrationStatus(ctx, cfg.URL)
	if err != nil {
		return Restored{}, err
	}
	if current > known {
		return Restored{}, fmt.Errorf("restored %s, but it comes from a newer hrbot (schema version %d; this one knows up to %d): run that version or later on it", file, current, known)
	}
	counts, err := countRows(ctx, cfg.Pool, Tables)
	if err != nil {
		return Restored{}, err
	}
	return Restored{Database: target.name, From: arch.version, To: current, Counts: counts}, nil
}

// mayRestore refuses what a restore would lose or could not use.
func mayRestore(ctx context.Context, cfg Config, target dbInfo, before map[string]int64, arch archive, file string, force bool) error {
	if !target.hasSchema && len(target.tables) > 0 {
		return fmt.Errorf("refused: database %s holds tables that are not hrbot's (%s): restore into an empty database or hrbot's own",
			target.name, strings.Join(firstN(target.tables, 5), ", "))
	}
	if held := nonZero(before); len(held) > 0 && !force {
		return fmt.Errorf("refused: database %s already holds hrbot data (%s); restoring %s would replace all of it. "+
			"Run hrbot restore --force %s to replace it, or point DATABASE_URL at an empty database",
			target.name, strings.Join(held, ", "), file, file)
	}
	if target.hasSchema {
		_, known, err := store.MigrationStatus(ctx, cfg.URL)
		if err != nil {
			return err
		}
		if arch.version > known {
			return fmt.Errorf("%s comes from a newer hrbot (schema version %d; this one knows up to %d): restore it with that version or later", file, arch.version, known)
		}
	}
	return nil
}

// emptyIfDifferent empties a database whose schema differs from the
// backup's, once the whole file has been read: pg_restore --clean replaces
// what the backup holds, and anything else (the tables of a newer schema,
// say) would stay and trip the migrations.
func emptyIfDifferent(ctx context.Context, cfg Config, tool *pgTool, target dbInfo, arch archive, file string) (bool, error) {
	extra := missingFrom(target.tables, arch.tables)
	if len(extra) == 0 && (len(target.tables) == 0 || target.version == arch.version) {
		return false, nil
	}
	if err := tool.run(ctx, io.Discard, "--file=-", file); err != nil {
		return false, fmt.Errorf("%s is damaged: %w", file, err)
	}
	cfg.Log.Info("emptying the database first: its schema differs from the backup's",
		"database", target.name, "schema_version", target.version, "backup_schema_version", arch.version,
		"tables_not_in_backup", strings.Join(extra, ","))
	if err := dropSchemaObjects(ctx, cfg.Pool); err != nil {
		return false, err
	}
	return true, nil
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

// nonZero lists "table N" for the main tables that have rows.
func nonZero(counts map[string]int64) []string {
	var out []string
	for _, t := range Tables {
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

// Path is where a backup goes: out, or the default name (in out when
// out is a directory).
func Path(out string, now time.Time) string {
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

// HumanSize writes a file size for people: "184.9 KiB".
func HumanSize(n int64) string {
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
