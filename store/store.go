// Package store is hrbot's PostgreSQL storage, with pgx v5, raw SQL and
// migrations embedded in the binary.
//
// DB holds the pool and the transactions: a chat turn's (InTurn), the
// savepoints inside it, and interpret, the one place that knows
// PostgreSQL's error codes. Each feature has a small type over the DB
// that implements the store interface its consumer declares — Leaves,
// Attendance, Covers, Training, Knowledge, Payroll, Reports, Directory,
// Conversations, Setup — and what several features share has a file of
// its own: People (employee reads), Outbox (notifications), Events
// (domain events), Orgs, the audit log.
package store

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/store/sealed"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the PostgreSQL store.
type DB struct {
	pool *pgxpool.Pool
	// seal encrypts sensitive fields; nil when HRBOT_ENCRYPTION_KEY is unset.
	seal *sealed.Key
}

// Open connects to PostgreSQL. It does not migrate.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to %s: %w", cfg.ConnConfig.Host, err)
	}
	return &DB{pool: pool}, nil
}

// New wraps an existing pool.
func New(pool *pgxpool.Pool) *DB { return &DB{pool: pool} }

// Close closes the pool.
func (db *DB) Close() { db.pool.Close() }

// SetSealKey gives the store the key for sensitive fields (bank accounts);
// without one they can be neither written nor read.
func (db *DB) SetSealKey(k *sealed.Key) { db.seal = k }

// Pool exposes the pool to tests and tools in this module.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Migrate applies pending migrations to the database at url. An advisory
// lock lets several replicas start at once: one migrates, the others wait.
func Migrate(ctx context.Context, url string, logger *slog.Logger) error {
	p, closeFn, err := provider(url, logger)
	if err != nil {
		return err
	}
	defer closeFn()
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if logger != nil {
		for _, r := range results {
			logger.Info("applied migration", "version", r.Source.Version, "duration", r.Duration)
		}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return migrateQueue(ctx, url, logger)
}

// MigrationStatus reports the database's schema version and whether
// migrations are pending.
func MigrationStatus(ctx context.Context, url string) (current, target int64, err error) {
	p, closeFn, err := provider(url, nil)
	if err != nil {
		return 0, 0, err
	}
	defer closeFn()
	return p.GetVersions(ctx)
}

func provider(url string, logger *slog.Logger) (*goose.Provider, func(), error) {
	// Parsed as the pool parses it, so that pool settings in the URL
	// (pool_max_conns…) are taken out instead of sent to PostgreSQL as
	// unknown run-time parameters.
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, nil, fmt.Errorf("parse database url: %w", err)
	}
	sqlDB := stdlib.OpenDB(*cfg.ConnConfig)
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 600))
	if err != nil {
		sqlDB.Close()
		return nil, nil, fmt.Errorf("migration lock: %w", err)
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		sqlDB.Close()
		return nil, nil, err
	}
	opts := []goose.ProviderOption{goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true)}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	opts = append(opts, goose.WithSlog(logger))
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, sub, opts...)
	if err != nil {
		sqlDB.Close()
		return nil, nil, fmt.Errorf("migrations: %w", err)
	}
	return p, func() { sqlDB.Close() }, nil
}

// MigrationsHash identifies the embedded migrations; tests use it to reuse a
// migrated template database until the migrations change.
func MigrationsHash() (string, error) {
	entries, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return "", err
	}
	sort.Strings(entries)
	h := sha256.New()
	for _, name := range entries {
		b, err := migrations.ReadFile(name)
		if err != nil {
			return "", err
		}
		h.Write([]byte(name))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.pool.Ping(ctx) }

// dbtx is what the unexported helpers need: a pool or a transaction alike.
type dbtx interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// inTx runs fn in a transaction, committing when it returns nil; inside a
// turn it is a savepoint of the turn's transaction.
func (db *DB) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var tx pgx.Tx
	var err error
	if outer, ok := turnOf(ctx); ok {
		tx, err = outer.tx.Begin(ctx)
	} else {
		tx, err = db.pool.Begin(ctx)
	}
	if err != nil {
		return interpret(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // harmless after commit
	if err := fn(tx); err != nil {
		return err
	}
	return interpret(tx.Commit(ctx))
}

// interpret turns driver errors into core errors: the one place that knows
// PostgreSQL's error codes.
func interpret(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return &core.Error{Code: core.ENotFound, Key: "error.not_found", Message: "not found"}
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505": // unique_violation
			return fmt.Errorf("%w: %s", core.Errorf(core.EConflict, "error.conflict", "already exists (%s)", pgErr.ConstraintName), pgErr.Detail)
		case "23P01": // exclusion_violation
			return fmt.Errorf("%w: %s", core.Errorf(core.EConflict, "error.conflict", "overlaps an existing record (%s)", pgErr.ConstraintName), pgErr.Detail)
		case "23503", "23514", "23502": // foreign key, check, not null
			return fmt.Errorf("%w: %s", core.Errorf(core.EInvalid, "error.invalid", "violates %s", pgErr.ConstraintName), pgErr.Message)
		case "22003": // numeric_value_out_of_range: an amount past its column's digits
			return fmt.Errorf("%w: %s", core.Errorf(core.EInvalid, "error.too_large", "a number is too large"), pgErr.Message)
		}
	}
	return err
}

// Ready reports whether the database answers and its schema is the one this
// binary expects: the readiness probe of `hrbot serve`.
func (db *DB) Ready(ctx context.Context) error {
	want, err := latestMigration()
	if err != nil {
		return err
	}
	var have int64
	err = db.q(ctx).QueryRow(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&have)
	if err != nil {
		return fmt.Errorf("read schema version: %w", interpret(err))
	}
	if have != want {
		return fmt.Errorf("schema version %d, this binary needs %d: run hrbot migrate", have, want)
	}
	return nil
}

func latestMigration() (int64, error) {
	entries, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, name := range entries {
		var v int64
		if _, err := fmt.Sscanf(path.Base(name), "%d_", &v); err == nil && v > latest {
			latest = v
		}
	}
	return latest, nil
}
