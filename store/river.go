package store

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// migrateQueue brings River's tables (the delivery queue) up to date.
// River's migrator takes no lock of its own and needs a transaction per
// version, so replicas starting together serialise on a session advisory
// lock held on a connection of its own while it runs.
func migrateQueue(ctx context.Context, url string, logger *slog.Logger) error {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return fmt.Errorf("migrate queue: %w", err)
	}
	defer pool.Close()
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("migrate queue: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate queue: %w", err)
	}
	defer conn.Release()
	const lockSQL = `SELECT pg_advisory_lock(hashtext('hrbot: river migrate'))`
	if _, err := conn.Exec(ctx, lockSQL); err != nil {
		return fmt.Errorf("migrate queue: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext('hrbot: river migrate'))`)
	res, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("migrate queue: %w", err)
	}
	for _, v := range res.Versions {
		logger.Info("applied queue migration", "river_version", v.Version, "duration", v.Duration)
	}
	return nil
}
