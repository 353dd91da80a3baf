package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core/personfile"
)

// Of lists a person's documents for their file and their data, newest
// first, without bytes; those already erased are left out.
func (s Documents) Of(ctx context.Context, orgID, employeeID int64) ([]personfile.Document, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT d.id, d.kind, d.name, d.size, d.created_at FROM documents d
		WHERE d.org_id = $1 AND d.employee_id = $2
		  AND EXISTS (SELECT 1 FROM document_contents c WHERE c.org_id = d.org_id AND c.document_id = d.id)
		ORDER BY d.created_at DESC, d.id DESC`, orgID, employeeID)
	if err != nil {
		return nil, fmt.Errorf("documents of employee %d: %w", employeeID, interpret(err))
	}
	defer rows.Close()
	var out []personfile.Document
	for rows.Next() {
		var d personfile.Document
		if err := rows.Scan(&d.ID, &d.Kind, &d.Name, &d.Size, &d.AddedAt); err != nil {
			return nil, interpret(err)
		}
		out = append(out, d)
	}
	return out, interpret(rows.Err())
}

// Erase drops the bytes of every document of a person and the names they
// were sent under, for the retention rule: the rows stay, saying that a
// document of that kind and size was there and when, as the audit trail
// does. It returns how many documents still had bytes.
func (s Documents) Erase(ctx context.Context, orgID, employeeID int64, _ time.Time) (int, error) {
	n := 0
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			DELETE FROM document_contents c USING documents d
			WHERE c.org_id = d.org_id AND c.document_id = d.id AND d.org_id = $1 AND d.employee_id = $2`, orgID, employeeID)
		if err != nil {
			return interpret(err)
		}
		n = int(tag.RowsAffected())
		_, err = tx.Exec(ctx, `UPDATE documents SET name = 'erased' WHERE org_id = $1 AND employee_id = $2`, orgID, employeeID)
		return interpret(err)
	})
	if err != nil {
		return 0, fmt.Errorf("erase documents of employee %d: %w", employeeID, err)
	}
	return n, nil
}
