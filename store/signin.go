package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/signin"
)

// SignIns keeps the web console's one-time links and sessions.
type SignIns struct{ db *DB }

// NewSignIns returns the sign-in store over db.
func NewSignIns(db *DB) SignIns { return SignIns{db: db} }

var _ signin.Store = SignIns{}

// CreateLink implements signin.Store.
func (s SignIns) CreateLink(ctx context.Context, l signin.Link, tokenHash []byte, audit core.AuditEntry) (signin.Link, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO signin_links (org_id, employee_id, token_hash, via, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			l.OrgID, l.EmployeeID, tokenHash, l.Via, l.CreatedAt, l.ExpiresAt).Scan(&l.ID)
		if err != nil {
			return fmt.Errorf("insert sign-in link: %w", interpret(err))
		}
		return recordAudit(ctx, tx, audit)
	})
	return l, err
}

// RedeemLink implements signin.Store.
func (s SignIns) RedeemLink(ctx context.Context, tokenHash []byte, check func(signin.Link, core.Member) error, sess signin.Session,
	sessionHash []byte, audit func(signin.Link, error) core.AuditEntry) (signin.Session, core.Member, error) {
	var m core.Member
	var refused error
	var link signin.Link
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var used *time.Time
		err := tx.QueryRow(ctx, `
			SELECT id, org_id, employee_id, via, created_at, expires_at, used_at
			FROM signin_links WHERE token_hash = $1 FOR UPDATE`, tokenHash).
			Scan(&link.ID, &link.OrgID, &link.EmployeeID, &link.Via, &link.CreatedAt, &link.ExpiresAt, &used)
		if err != nil {
			return interpret(err)
		}
		if used != nil {
			link.UsedAt = *used
		}
		m, err = scanMember(tx.QueryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.id = $1`, link.EmployeeID))
		if err != nil {
			return fmt.Errorf("sign-in link's person: %w", err)
		}
		if refused = check(link, m); refused != nil {
			return refused
		}
		if _, err := tx.Exec(ctx, `UPDATE signin_links SET used_at = $2 WHERE id = $1`, link.ID, sess.CreatedAt); err != nil {
			return fmt.Errorf("mark sign-in link used: %w", interpret(err))
		}
		sess.OrgID, sess.EmployeeID = link.OrgID, link.EmployeeID
		if sess, err = insertSession(ctx, tx, sess, sessionHash); err != nil {
			return err
		}
		return recordAudit(ctx, tx, audit(link, nil))
	})
	if refused != nil && errors.Is(err, refused) {
		// The refusal rolled the transaction back; its audit row stands alone.
		if aerr := recordAudit(ctx, s.db.q(ctx), audit(link, refused)); aerr != nil {
			return signin.Session{}, core.Member{}, errors.Join(err, aerr)
		}
	}
	if err != nil {
		return signin.Session{}, core.Member{}, err
	}
	return sess, m, nil
}

// CreateSession implements signin.Store.
func (s SignIns) CreateSession(ctx context.Context, sess signin.Session, hash []byte, audit core.AuditEntry) (signin.Session, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if sess, err = insertSession(ctx, tx, sess, hash); err != nil {
			return err
		}
		return recordAudit(ctx, tx, audit)
	})
	return sess, err
}

func insertSession(ctx context.Context, tx dbtx, sess signin.Session, hash []byte) (signin.Session, error) {
	err := tx.QueryRow(ctx, `
		INSERT INTO web_sessions (org_id, employee_id, token_hash, csrf_token, via, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		sess.OrgID, sess.EmployeeID, hash, sess.CSRF, sess.Via, sess.CreatedAt, sess.LastSeenAt, sess.ExpiresAt).Scan(&sess.ID)
	if err != nil {
		return signin.Session{}, fmt.Errorf("insert session: %w", interpret(err))
	}
	return sess, nil
}

// FindSession implements signin.Store.
func (s SignIns) FindSession(ctx context.Context, hash []byte) (signin.Session, core.Member, error) {
	var sess signin.Session
	var loc *string
	m, err := scanMember(s.db.q(ctx).QueryRow(ctx, `
		SELECT ws.id, ws.org_id, ws.employee_id, ws.csrf_token, ws.via, ws.locale, ws.created_at, ws.last_seen_at, ws.expires_at,
			`+memberColumns+`
		FROM web_sessions ws
		JOIN employees e ON e.id = ws.employee_id
		JOIN orgs o ON o.id = e.org_id
		LEFT JOIN teams t ON t.id = e.team_id
		LEFT JOIN employees m ON m.id = e.manager_id
		LEFT JOIN schedules sc ON sc.id = e.schedule_id
		WHERE ws.token_hash = $1`, hash),
		&sess.ID, &sess.OrgID, &sess.EmployeeID, &sess.CSRF, &sess.Via, &loc, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt)
	if err != nil {
		return signin.Session{}, core.Member{}, err
	}
	if loc != nil {
		sess.Locale = core.Locale(*loc)
	}
	return sess, m, nil
}

// TouchSession implements signin.Store.
func (s SignIns) TouchSession(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.q(ctx).Exec(ctx, `UPDATE web_sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2`, id, at)
	return interpret(err)
}

// SetSessionLocale implements signin.Store.
func (s SignIns) SetSessionLocale(ctx context.Context, id int64, loc core.Locale) error {
	_, err := s.db.q(ctx).Exec(ctx, `UPDATE web_sessions SET locale = nullif($2, '') WHERE id = $1`, id, string(loc))
	return interpret(err)
}

// DeleteSession implements signin.Store.
func (s SignIns) DeleteSession(ctx context.Context, id int64, audit *core.AuditEntry) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM web_sessions WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete session: %w", interpret(err))
		}
		if audit == nil {
			return nil
		}
		return recordAudit(ctx, tx, *audit)
	})
}

// PruneSignIns implements signin.Store.
func (s SignIns) PruneSignIns(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		// Links are kept a day past expiry: one opened late still says it
		// expired rather than that it never existed.
		a, err := tx.Exec(ctx, `DELETE FROM signin_links WHERE expires_at < $1::timestamptz - interval '1 day'`, before)
		if err != nil {
			return interpret(err)
		}
		b, err := tx.Exec(ctx, `DELETE FROM web_sessions WHERE expires_at < $1::timestamptz OR last_seen_at < $1::timestamptz - $2::interval`,
			before, fmt.Sprintf("%d seconds", int(signin.IdleTimeout.Seconds())))
		if err != nil {
			return interpret(err)
		}
		n = a.RowsAffected() + b.RowsAffected()
		return nil
	})
	return n, err
}
