package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// turn is the transaction of a chat turn, carried in its context, with the
// writes it leaves for its commit.
type turn struct {
	tx pgx.Tx
	// atCommit are writes whose outcome nothing in the turn reads (the
	// replies kept for a platform retry): they are sent with COMMIT, in its
	// round trip, ahead of it.
	atCommit []commitWrite
	// ended is set once the transaction is over on the server.
	ended bool
}

// commitWrite is a statement sent with a turn's COMMIT. It cannot be
// checked in Go before the COMMIT runs, so a statement that must not
// commit without its effect fails in SQL, and wrap words its error.
type commitWrite struct {
	sql  string
	args []any
	wrap func(error) error
}

// txKey carries a turn in a context.
type txKey struct{}

func turnOf(ctx context.Context) (*turn, bool) {
	t, ok := ctx.Value(txKey{}).(*turn)
	return t, ok
}

// q returns the transaction of the turn ctx belongs to, or the pool.
func (db *DB) q(ctx context.Context) dbtx {
	if t, ok := turnOf(ctx); ok {
		return t.tx
	}
	return db.pool
}

// TurnTx returns the transaction of the chat turn ctx belongs to, if
// any: what other packages queue during a turn goes into it.
func TurnTx(ctx context.Context) (pgx.Tx, bool) {
	if t, ok := turnOf(ctx); ok {
		return t.tx, true
	}
	return nil, false
}

// InTurn runs fn in one transaction: everything a chat message causes —
// its delivery id, the state it changes, the audit rows, the notifications
// it hands over — commits together or not at all. So a platform retry of a
// message whose processing failed (a crash, a lost connection) is processed
// afresh, and one that succeeded is recognised as a duplicate.
func (db *DB) InTurn(ctx context.Context, fn func(ctx context.Context) error) error {
	return db.openTurn(ctx, nil, nil, fn)
}

// openTurn is InTurn whose transaction begins in one round trip with the
// statements queue adds: read gets their results (and must read them all)
// before fn runs. Inside a turn already, they run in that turn's
// transaction and fn is part of it.
func (db *DB) openTurn(ctx context.Context, queue func(b *pgx.Batch), read func(br pgx.BatchResults) error, fn func(ctx context.Context) error) error {
	if outer, ok := turnOf(ctx); ok {
		if queue != nil {
			b := &pgx.Batch{}
			queue(b)
			if err := readBatch(outer.tx.SendBatch(ctx, b), read); err != nil {
				return err
			}
		}
		return fn(ctx)
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("begin turn: %w", interpret(err))
	}
	// Released once the transaction is over; a connection left inside one
	// (a commit that never reached the server) is closed, not reused.
	defer conn.Release()
	b := &pgx.Batch{}
	b.BeginTx(pgx.TxOptions{})
	if queue != nil {
		queue(b)
	}
	br := conn.Conn().SendBatch(ctx, b)
	t := &turn{tx: br.Tx()}
	defer t.rollback(ctx)
	err = readBatch(br, func(br pgx.BatchResults) error {
		if _, err := br.Exec(); err != nil {
			return err
		}
		if read == nil {
			return nil
		}
		return read(br)
	})
	if err != nil {
		return fmt.Errorf("begin turn: %w", err)
	}
	if err := fn(context.WithValue(ctx, txKey{}, t)); err != nil {
		return err
	}
	return t.commit(ctx)
}

// readBatch reads br's results with read and closes it.
func readBatch(br pgx.BatchResults, read func(br pgx.BatchResults) error) error {
	err := read(br)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return interpret(err)
}

// atCommit leaves a write for the commit of the turn ctx belongs to, and
// reports whether it could: outside a turn the caller runs it itself.
// Writes left here are the turn's own: a savepoint rolled back (inTx)
// does not take them back, so only code at the turn's top level leaves
// any.
func (db *DB) atCommit(ctx context.Context, w commitWrite) bool {
	t, ok := turnOf(ctx)
	if ok {
		t.atCommit = append(t.atCommit, w)
	}
	return ok
}

// commit ends the turn: its left writes and COMMIT go in one round trip.
func (t *turn) commit(ctx context.Context) error {
	if len(t.atCommit) == 0 {
		err := t.tx.Commit(ctx)
		t.ended = true // the transaction is closed either way
		if err != nil {
			return fmt.Errorf("commit turn: %w", interpret(err))
		}
		return nil
	}
	b := &pgx.Batch{}
	for _, w := range t.atCommit {
		b.Queue(w.sql, w.args...)
	}
	b.Queue("commit")
	br := t.tx.SendBatch(ctx, b)
	var failed error // a left write's, already worded
	err := readBatch(br, func(br pgx.BatchResults) error {
		for _, w := range t.atCommit {
			if _, err := br.Exec(); err != nil {
				failed = w.wrap(interpret(err))
				return err
			}
		}
		tag, err := br.Exec()
		if err == nil && tag.String() != "COMMIT" {
			err = pgx.ErrTxCommitRollback
		}
		return err
	})
	// A statement that failed stopped the batch before COMMIT: the
	// transaction is still open, aborted, and rollback ends it.
	t.ended = t.tx.Conn().PgConn().TxStatus() == 'I'
	switch {
	case failed != nil:
		return failed
	case err != nil:
		return fmt.Errorf("commit turn: %w", err)
	}
	return nil
}

// rollback ends the turn's transaction unless it is over already.
func (t *turn) rollback(ctx context.Context) {
	if t.ended {
		return
	}
	// An error here (the connection is gone) leaves the connection in a
	// transaction, and Release closes it.
	_ = t.tx.Rollback(context.WithoutCancel(ctx))
}

// isCode reports whether err is a PostgreSQL error with SQLSTATE code.
func isCode(err error, code string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == code
}
