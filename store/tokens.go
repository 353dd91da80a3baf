package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Tokens keeps platforms' short-lived access tokens for every replica
// (table platform_tokens). Its methods use the pool, never a turn's
// transaction: a token is the app's, not one conversation's.
type Tokens struct{ db *DB }

// NewTokens returns the token store over db.
func NewTokens(db *DB) Tokens { return Tokens{db: db} }

// Shared returns the token kept under key if it lasts until at least
// freshUntil. Otherwise it calls fetch while holding a lock on key that
// other replicas wait on, keeps what fetch returns and returns it: when a
// token runs out, one replica asks the platform and the others read its
// answer. The lock is PostgreSQL's, held for fetch's duration only.
func (s Tokens) Shared(ctx context.Context, key string, freshUntil time.Time,
	fetch func(ctx context.Context) (string, time.Time, error)) (string, time.Time, error) {
	if tok, exp, err := s.read(ctx, s.db.pool, key); err != nil || (tok != "" && exp.After(freshUntil)) {
		return tok, exp, err
	}
	var tok string
	var exp time.Time
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('platform_tokens:' || $1, 0))`, key); err != nil {
			return fmt.Errorf("lock token %s: %w", key, interpret(err))
		}
		var err error
		if tok, exp, err = s.read(ctx, tx, key); err != nil || (tok != "" && exp.After(freshUntil)) {
			return err // another replica renewed it while this one waited
		}
		if tok, exp, err = fetch(ctx); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO platform_tokens (key, token, expires_at) VALUES ($1, $2, $3)
			ON CONFLICT (key) DO UPDATE SET token = $2, expires_at = $3, fetched_at = now()`, key, tok, exp)
		if err != nil {
			return fmt.Errorf("keep token %s: %w", key, interpret(err))
		}
		return nil
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return tok, exp, nil
}

func (s Tokens) read(ctx context.Context, q dbtx, key string) (string, time.Time, error) {
	var tok string
	var exp time.Time
	err := q.QueryRow(ctx, `SELECT token, expires_at FROM platform_tokens WHERE key = $1`, key).Scan(&tok, &exp)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("read token %s: %w", key, interpret(err))
	}
	return tok, exp, nil
}

// Forget drops key's token if it is still tok: the platform refused it,
// and the next caller is to ask for a new one. A token another replica
// has renewed meanwhile stays.
func (s Tokens) Forget(ctx context.Context, key, tok string) error {
	if _, err := s.db.pool.Exec(ctx, `DELETE FROM platform_tokens WHERE key = $1 AND token = $2`, key, tok); err != nil {
		return fmt.Errorf("forget token %s: %w", key, interpret(err))
	}
	return nil
}
