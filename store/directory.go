package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

const memberColumns = `
	e.id, e.org_id, e.key, e.name, e.email, e.role, e.job,
	coalesce(e.team_id, 0), coalesce(t.key, ''), coalesce(t.name, ''),
	coalesce(e.manager_id, 0), coalesce(m.key, ''), coalesce(m.name, ''),
	e.hire_date, e.status, coalesce(e.chosen_locale, e.locale, ''), coalesce(sc.key, ''), e.rotation_offset,
	coalesce(e.delegate_id, 0), e.career_start, coalesce(e.gender, ''),
	` + orgColumns + `,
	(SELECT count(*) FROM notifications n WHERE n.recipient_id = e.id AND n.delivered_at IS NULL AND n.enqueued_at IS NULL)`

const memberFrom = `
	FROM employees e
	JOIN orgs o ON o.id = e.org_id
	LEFT JOIN teams t ON t.id = e.team_id
	LEFT JOIN employees m ON m.id = e.manager_id
	LEFT JOIN schedules sc ON sc.id = e.schedule_id`

func scanMember(row pgx.Row) (core.Member, error) {
	var m core.Member
	e, o := &m.Employee, &m.Org
	var hire, career *time.Time
	dest := []any{&e.ID, &e.OrgID, &e.Key, &e.Name, &e.Email, &e.Role, &e.Job,
		&e.TeamID, &e.TeamKey, &e.TeamName, &e.ManagerID, &e.ManagerKey, &e.ManagerName, &hire, &e.Status, &e.Locale, &e.ScheduleKey, &e.RotationOffset,
		&e.DelegateID, &career, &e.Gender}
	dest = append(append(dest, orgDest(o)...), &m.Unread)
	err := row.Scan(dest...)
	if err != nil {
		return core.Member{}, interpret(err)
	}
	if hire != nil {
		e.HireDate = *hire
	}
	if career != nil {
		e.CareerStart = *career
	}
	return m, nil
}

// FindMemberByIdentity returns the member linked to a chat account. Console
// accounts are "org/person" and need no link: the console is local and trusted.
func (db *DB) FindMemberByIdentity(ctx context.Context, platform core.Platform, externalID string) (core.Member, error) {
	var row pgx.Row
	if platform == core.PlatformConsole {
		orgKey, key, ok := strings.Cut(externalID, "/")
		if !ok {
			return core.Member{}, core.Errorf(core.ENotFound, "identity.unknown", "console user must be org/person")
		}
		row = db.q(ctx).QueryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE o.key = $1 AND e.key = $2`, orgKey, key)
	} else {
		row = db.q(ctx).QueryRow(ctx, `SELECT `+memberColumns+memberFrom+`
			JOIN chat_identities ci ON ci.org_id = e.org_id AND ci.employee_id = e.id
			WHERE ci.platform = $1 AND ci.external_id = $2`, platform, externalID)
	}
	m, err := scanMember(row)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return core.Member{}, core.Errorf(core.ENotFound, "identity.unknown", "chat account %s:%s is not linked", platform, externalID)
	}
	return m, err
}

// FindEmployee returns the employee with key in org.
func (db *DB) FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error) {
	m, err := scanMember(db.q(ctx).QueryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.org_id = $1 AND e.key = $2`, orgID, key))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return core.Employee{}, core.Errorf(core.ENotFound, "employee.not_found", "no employee %q", key).With("key", key)
	}
	return m.Employee, err
}

// FindMembersByKey returns every employee with key, across orgs, for
// resolving `hrbot chat --as PERSON`.
func (db *DB) FindMembersByKey(ctx context.Context, key string) ([]core.Member, error) {
	rows, err := db.q(ctx).Query(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.key = $1 ORDER BY o.key`, key)
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
func (db *DB) CreateInvite(ctx context.Context, inv core.Invite, codeHash []byte, audit core.AuditEntry) (core.Invite, error) {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
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
func (db *DB) RedeemInvite(ctx context.Context, codeHash []byte, id core.Identity, check func(core.Invite) error, channel string) (core.Member, error) {
	var m core.Member
	err := db.inTx(ctx, func(tx pgx.Tx) error {
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
			OrgID: inv.OrgID, ActorID: inv.EmployeeID, Action: "identity.link",
			EntityType: "employee", EntityID: inv.EmployeeKey,
			Before: beforeSnap, After: map[string]any{string(id.Platform): id.ExternalID, "via": "invite"},
			Channel: channel, Outcome: core.OutcomeOK, At: time.Now(),
		})
	})
	return m, err
}

// SetEmployeeLocale changes an employee's language.
func (db *DB) SetEmployeeLocale(ctx context.Context, e core.Employee, locale core.Locale, audit core.AuditEntry) (core.Employee, error) {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
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

// ListAudit returns an org's newest audit entries first.
func (db *DB) ListAudit(ctx context.Context, orgID int64, limit int) ([]core.AuditEntry, error) {
	rows, err := db.q(ctx).Query(ctx, `
		SELECT org_id, at, coalesce(actor_id, 0), actor_label, action, entity_type, entity_id, before, after, channel, outcome, reason
		FROM audit_log WHERE org_id = $1 ORDER BY id DESC LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []core.AuditEntry
	for rows.Next() {
		var e core.AuditEntry
		var before, after map[string]any
		if err := rows.Scan(&e.OrgID, &e.At, &e.ActorID, &e.ActorLabel, &e.Action, &e.EntityType, &e.EntityID,
			&before, &after, &e.Channel, &e.Outcome, &e.Reason); err != nil {
			return nil, interpret(err)
		}
		if before != nil {
			e.Before = before
		}
		if after != nil {
			e.After = after
		}
		out = append(out, e)
	}
	return out, interpret(rows.Err())
}

// FindOrg returns the org with key.
func (db *DB) FindOrg(ctx context.Context, key string) (core.Org, error) {
	var o core.Org
	err := db.q(ctx).QueryRow(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE o.key = $1`, key).Scan(orgDest(&o)...)
	if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
		return core.Org{}, core.Errorf(core.ENotFound, "org.not_found", "no org %q", key).With("key", key)
	}
	return o, interpret(err)
}
