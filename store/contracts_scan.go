package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

// LinkScan links a document to a contract as its signed scan, if the
// contract's scan is still before (0: none) and the document is a
// contract of the same person, with the audit row.
func (s Contracts) LinkScan(ctx context.Context, orgID, id, before, documentID int64, audit core.AuditEntry) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE contracts c SET document_id = $4, updated_at = $5
			WHERE c.org_id = $1 AND c.id = $2 AND coalesce(c.document_id, 0) = $3
			  AND EXISTS (SELECT 1 FROM documents d WHERE d.org_id = c.org_id AND d.id = $4
			              AND d.employee_id = c.employee_id AND d.kind = 'contract')`,
			orgID, id, before, documentID, audit.At)
		if err != nil {
			return fmt.Errorf("link scan to contract %d: %w", id, interpret(err))
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "contract.changed", "contract %d changed meanwhile", id)
		}
		return recordAudit(ctx, tx, audit)
	})
}
