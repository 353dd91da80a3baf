package store

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core/documents"
)

// ListForPerson returns a person's documents whose bytes are still kept
// (not erased by the retention rule), newest first, without the bytes.
func (s Documents) ListForPerson(ctx context.Context, orgID, employeeID int64) ([]documents.Document, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+documentColumns+documentFrom+`
		WHERE d.org_id = $1 AND d.employee_id = $2
		  AND EXISTS (SELECT 1 FROM document_contents c WHERE c.org_id = d.org_id AND c.document_id = d.id)
		ORDER BY d.created_at DESC, d.id DESC`, orgID, employeeID)
	if err != nil {
		return nil, fmt.Errorf("documents of employee %d: %w", employeeID, interpret(err))
	}
	defer rows.Close()
	var out []documents.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, interpret(err)
		}
		out = append(out, d)
	}
	return out, interpret(rows.Err())
}
