package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

// UnlinkedEmails lists active employees who have an e-mail address but no
// account on platform, oldest first, at most limit of them.
func (s Directory) UnlinkedEmails(ctx context.Context, platform core.Platform, limit int) ([]core.EmailContact, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT e.org_id, e.id, e.email FROM employees e
		WHERE e.status = 'active' AND e.email <> ''
		  AND NOT EXISTS (SELECT 1 FROM chat_identities ci
		                  WHERE ci.org_id = e.org_id AND ci.employee_id = e.id AND ci.platform = $1)
		ORDER BY e.id LIMIT $2`, platform, limit)
	if err != nil {
		return nil, interpret(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (core.EmailContact, error) {
		var c core.EmailContact
		err := row.Scan(&c.OrgID, &c.EmployeeID, &c.Email)
		return c, err
	})
	return out, interpret(err)
}

// LinkByEmail links a chat account found by an employee's e-mail address.
// It links nothing, and says so, when the employee got an account in the
// meantime or the account already belongs to someone.
func (s Directory) LinkByEmail(ctx context.Context, c core.EmailContact, platform core.Platform, externalID string) (bool, error) {
	linked := false
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			INSERT INTO chat_identities (org_id, employee_id, platform, external_id, linked_via)
			SELECT $1, $2, $3, $4, 'email' FROM employees
			WHERE org_id = $1 AND id = $2 AND status = 'active' AND lower(email) = lower($5)
			ON CONFLICT DO NOTHING`, c.OrgID, c.EmployeeID, platform, externalID, c.Email)
		if err != nil {
			return fmt.Errorf("link %s:%s by e-mail: %w", platform, externalID, interpret(err))
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		linked = true
		var key string
		if err := tx.QueryRow(ctx, `SELECT key FROM employees WHERE id = $1`, c.EmployeeID).Scan(&key); err != nil {
			return interpret(err)
		}
		return recordAudit(ctx, tx, core.AuditEntry{
			OrgID: c.OrgID, ActorLabel: "system", Action: core.AuditIdentityLink,
			EntityType: "employee", EntityID: key,
			After: map[string]string{string(platform): externalID, "via": "email"}, Channel: string(platform), Outcome: core.OutcomeOK,
		})
	})
	return linked, err
}

// SetBlocked records that a chat account refuses messages (blocked true)
// or takes them again.
func (s Directory) SetBlocked(ctx context.Context, platform core.Platform, externalID string, blocked bool, at time.Time) error {
	var when *time.Time
	if blocked {
		when = &at
	}
	_, err := s.db.q(ctx).Exec(ctx, `UPDATE chat_identities SET blocked_at = $3 WHERE platform = $1 AND external_id = $2 AND (blocked_at IS NULL) = $4`,
		platform, externalID, when, blocked)
	return interpret(err)
}
