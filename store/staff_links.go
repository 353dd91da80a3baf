package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/staff"
)

// writeLink links a person of a staff batch to a chat account: nothing
// when they already have it, the account replaced (and audited) when they
// had another one on that platform, EConflict staff.link_taken when the
// account is someone else's.
func writeLink(ctx context.Context, tx pgx.Tx, orgID int64, ids map[string]int64, l staff.LinkWrite) error {
	id, ok := ids[l.Key]
	if !ok {
		return fmt.Errorf("link %s: %w", l.Key, core.Errorf(core.ENotFound, "employee.not_found", "no person %s", l.Key))
	}
	var owner int64
	var ownerKey string
	err := tx.QueryRow(ctx, `
		SELECT ci.employee_id, e.key FROM chat_identities ci JOIN employees e ON e.id = ci.employee_id
		WHERE ci.platform = $1 AND ci.external_id = $2`, l.Identity.Platform, l.Identity.ExternalID).Scan(&owner, &ownerKey)
	switch {
	case err == nil && owner == id:
		return nil
	case err == nil:
		return core.Errorf(core.EConflict, "staff.link_taken", "%s account %s already belongs to %s", l.Identity.Platform, l.Identity.ExternalID, ownerKey).
			With("account", l.Identity.ExternalID).With("key", ownerKey)
	case core.ErrorCodeOf(interpret(err)) != core.ENotFound:
		return interpret(err)
	}
	var prev string
	err = tx.QueryRow(ctx, `SELECT external_id FROM chat_identities WHERE org_id = $1 AND employee_id = $2 AND platform = $3`,
		orgID, id, l.Identity.Platform).Scan(&prev)
	if err != nil && core.ErrorCodeOf(interpret(err)) != core.ENotFound {
		return interpret(err)
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO chat_identities (org_id, employee_id, platform, external_id, linked_via)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (org_id, employee_id, platform) DO UPDATE SET external_id = EXCLUDED.external_id, linked_via = EXCLUDED.linked_via, linked_at = now()`,
		orgID, id, l.Identity.Platform, l.Identity.ExternalID, l.Identity.LinkedVia); err != nil {
		return fmt.Errorf("link %s: %w", l.Key, interpret(err))
	}
	a := l.Audit
	if prev != "" {
		a.Before = map[string]string{string(l.Identity.Platform): prev}
	}
	return recordAudit(ctx, tx, a)
}

// Accounts returns the org's chat accounts on platform: each account's
// external id with its person's key.
func (s Directory) Accounts(ctx context.Context, orgID int64, platform core.Platform) (map[string]string, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT ci.external_id, e.key FROM chat_identities ci JOIN employees e ON e.id = ci.employee_id
		WHERE ci.org_id = $1 AND ci.platform = $2`, orgID, platform)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var ext, key string
		if err := rows.Scan(&ext, &key); err != nil {
			return nil, interpret(err)
		}
		out[ext] = key
	}
	return out, interpret(rows.Err())
}
