package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

// Directory is who is who: people found by chat account or key, invites
// that link chat accounts, accounts linked by e-mail or blocked, each
// person's language. It is core.Directory's store and the adapters'
// Accounts.
type Directory struct {
	db *DB
	People
}

// NewDirectory returns the directory over db.
func NewDirectory(db *DB) Directory { return Directory{db: db, People: People{db: db}} }

var _ core.DirectoryStore = Directory{}

// RecordAudit writes an audit row on its own, for refusals that change
// nothing else.
func (s Directory) RecordAudit(ctx context.Context, e core.AuditEntry) error {
	return s.db.RecordAudit(ctx, e)
}

// FindMemberByIdentity returns the member linked to a chat account. Console
// accounts are "org/person" and need no link: the console is local and trusted.
func (s Directory) FindMemberByIdentity(ctx context.Context, platform core.Platform, externalID string) (core.Member, error) {
	sql, args, ok := memberByIdentity(platform, externalID)
	if !ok {
		return core.Member{}, unlinked(platform, externalID)
	}
	m, err := scanMember(s.db.q(ctx).QueryRow(ctx, sql, args...))
	return identified(m, err, platform, externalID)
}

// memberByIdentity is the query for the member linked to a chat account;
// ok is false for a console account that names no one.
func memberByIdentity(platform core.Platform, externalID string) (sql string, args []any, ok bool) {
	if platform == core.PlatformConsole {
		orgKey, key, ok := strings.Cut(externalID, "/")
		if !ok {
			return "", nil, false
		}
		return `SELECT ` + memberColumns + memberFrom + ` WHERE o.key = $1 AND e.key = $2`, []any{orgKey, key}, true
	}
	return `SELECT ` + memberColumns + memberFrom + `
		JOIN chat_identities ci ON ci.org_id = e.org_id AND ci.employee_id = e.id
		WHERE ci.platform = $1 AND ci.external_id = $2`, []any{platform, externalID}, true
}

// identified words a failed memberByIdentity read.
func identified(m core.Member, err error, platform core.Platform, externalID string) (core.Member, error) {
	if core.ErrorCodeOf(err) == core.ENotFound {
		return core.Member{}, unlinked(platform, externalID)
	}
	return m, err
}

func unlinked(platform core.Platform, externalID string) error {
	return core.Errorf(core.ENotFound, "identity.unknown", "chat account %s:%s is not linked", platform, externalID)
}

// FindEmployee returns the employee with key in org.
func (s Directory) FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error) {
	m, err := scanMember(s.db.q(ctx).QueryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.org_id = $1 AND e.key = $2`, orgID, key))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return core.Employee{}, core.Errorf(core.ENotFound, "employee.not_found", "no employee %q", key).With("key", key)
	}
	return m.Employee, err
}

// FindMembersByKey returns every employee with key, across orgs, for
// resolving `hrbot chat --as PERSON`.
func (s Directory) FindMembersByKey(ctx context.Context, key string) ([]core.Member, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.key = $1 ORDER BY o.key`, key)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []core.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, interpret(rows.Err())
}

// CreateInvite stores an invite by its code's hash.
func (s Directory) CreateInvite(ctx context.Context, inv core.Invite, codeHash []byte, audit core.AuditEntry) (core.Invite, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO invite_codes (org_id, employee_id, code_hash, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			inv.OrgID, inv.EmployeeID, codeHash, inv.CreatedBy, inv.CreatedAt, inv.ExpiresAt).Scan(&inv.ID)
		if err != nil {
			return fmt.Errorf("insert invite: %w", interpret(err))
		}
		return recordAudit(ctx, tx, audit)
	})
	return inv, err
}

// RedeemInvite links a chat account through a one-time invite.
func (s Directory) RedeemInvite(ctx context.Context, codeHash []byte, id core.Identity, check func(core.Invite) error, channel string) (core.Member, error) {
	var m core.Member
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var inv core.Invite
		var used *time.Time
		err := tx.QueryRow(ctx, `
			SELECT i.id, i.org_id, i.employee_id, e.key, i.created_by, i.created_at, i.expires_at, i.used_at
			FROM invite_codes i JOIN employees e ON e.id = i.employee_id
			WHERE i.code_hash = $1 FOR UPDATE OF i`, codeHash).
			Scan(&inv.ID, &inv.OrgID, &inv.EmployeeID, &inv.EmployeeKey, &inv.CreatedBy, &inv.CreatedAt, &inv.ExpiresAt, &used)
		if err != nil {
			return interpret(err)
		}
		if used != nil {
			inv.UsedAt = *used
		}
		// The same account sending the same code twice (a double tap, a
		// platform retry) is already linked: answer as if it were new.
		var linkedTo int64
		err = tx.QueryRow(ctx, `SELECT employee_id FROM chat_identities WHERE platform = $1 AND external_id = $2`,
			id.Platform, id.ExternalID).Scan(&linkedTo)
		switch {
		case err == nil && linkedTo == inv.EmployeeID:
			m, err = scanMember(tx.QueryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.id = $1`, inv.EmployeeID))
			return err
		case err == nil:
			return core.Errorf(core.EConflict, "invite.account_taken", "this chat account is already linked to someone else")
		case core.ErrorCodeOf(interpret(err)) != core.ENotFound:
			return interpret(err)
		}
		if err := check(inv); err != nil {
			return err
		}
		var before *string
		var prev string
		if err := tx.QueryRow(ctx, `SELECT external_id FROM chat_identities WHERE org_id = $1 AND employee_id = $2 AND platform = $3`,
			inv.OrgID, inv.EmployeeID, id.Platform).Scan(&prev); err == nil {
			before = &prev
		}
		// A new account replaces the old one: people change phones.
		if _, err := tx.Exec(ctx, `
			INSERT INTO chat_identities (org_id, employee_id, platform, external_id, linked_via, linked_at)
			VALUES ($1, $2, $3, $4, 'invite', now())
			ON CONFLICT (org_id, employee_id, platform) DO UPDATE
			SET external_id = EXCLUDED.external_id, linked_via = 'invite', linked_at = now()`,
			inv.OrgID, inv.EmployeeID, id.Platform, id.ExternalID); err != nil {
			return fmt.Errorf("link %s: %w", id, interpret(err))
		}
		if _, err := tx.Exec(ctx, `UPDATE invite_codes SET used_at = now(), used_by = $2 WHERE id = $1`, inv.ID, id.String()); err != nil {
			return fmt.Errorf("mark invite used: %w", interpret(err))
		}
		m, err = scanMember(tx.QueryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.id = $1`, inv.EmployeeID))
		if err != nil {
			return err
		}
		var beforeSnap any
		if before != nil {
			beforeSnap = map[string]any{string(id.Platform): *before}
		}
		return recordAudit(ctx, tx, core.AuditEntry{
			OrgID: inv.OrgID, ActorID: inv.EmployeeID, Action: core.AuditIdentityLink,
			EntityType: "employee", EntityID: inv.EmployeeKey,
			Before: beforeSnap, After: map[string]any{string(id.Platform): id.ExternalID, "via": "invite"},
			Channel: channel, Outcome: core.OutcomeOK, At: time.Now(),
		})
	})
	return m, err
}

// InviteFailures implements core.DirectoryStore.
func (s Directory) InviteFailures(ctx context.Context, id core.Identity, since time.Time) (int, time.Time, error) {
	var n int
	var last *time.Time
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT count(*), max(at) FROM invite_attempts WHERE platform = $1 AND external_id = $2 AND at >= $3`,
		id.Platform, id.ExternalID, since).Scan(&n, &last)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("count invite failures of %s: %w", id, interpret(err))
	}
	if last == nil {
		return n, time.Time{}, nil
	}
	return n, *last, nil
}

// RecordInviteFailure implements core.DirectoryStore. Within a turn it
// commits with the turn, whose wrong code is answered, not undone.
func (s Directory) RecordInviteFailure(ctx context.Context, id core.Identity, orgID int64, reason string, at time.Time) error {
	var org *int64
	if orgID != 0 {
		org = &orgID
	}
	_, err := s.db.q(ctx).Exec(ctx, `
		INSERT INTO invite_attempts (platform, external_id, org_id, reason, at) VALUES ($1, $2, $3, $4, $5)`,
		id.Platform, id.ExternalID, org, reason, at)
	if err != nil {
		return fmt.Errorf("record invite failure of %s: %w", id, interpret(err))
	}
	return nil
}

// PruneInviteFailures deletes the failed redemptions made before before,
// which no lockout looks at any more (lockouts are audited on their own).
func (s Directory) PruneInviteFailures(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.db.q(ctx).Exec(ctx, `DELETE FROM invite_attempts WHERE at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("prune invite failures before %s: %w", before.Format(time.RFC3339), interpret(err))
	}
	return tag.RowsAffected(), nil
}

// SetEmployeeLocale changes an employee's language.
func (s Directory) SetEmployeeLocale(ctx context.Context, e core.Employee, locale core.Locale, audit core.AuditEntry) (core.Employee, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE employees SET chosen_locale = $3, updated_at = now() WHERE org_id = $1 AND id = $2`,
			e.OrgID, e.ID, string(locale)); err != nil {
			return fmt.Errorf("update locale: %w", interpret(err))
		}
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return core.Employee{}, err
	}
	e.Locale = locale
	return e, nil
}
