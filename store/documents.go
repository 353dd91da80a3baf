package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/documents"
)

// Documents is people's documents: each row describes a file, its bytes
// are in document_contents sealed with the DB's key. It is
// core/documents' Store.
type Documents struct {
	db *DB
	People
}

// NewDocuments returns the documents over db.
func NewDocuments(db *DB) Documents { return Documents{db: db, People: People{db: db}} }

var _ documents.Store = Documents{}

// InTurn runs fn in one transaction, joining the turn's: see DB.InTurn.
func (s Documents) InTurn(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.InTurn(ctx, fn)
}

// RecordAudit writes an audit row: a document read, a refusal.
func (s Documents) RecordAudit(ctx context.Context, e core.AuditEntry) error {
	return s.db.RecordAudit(ctx, e)
}

// errNoKey is what adding or opening a document says without a key.
func errNoKey() error {
	return core.Errorf(core.EInvalid, "documents.no_key", "documents are sealed with HRBOT_ENCRYPTION_KEY, which is not set")
}

// Sealing is nil when the DB has a key to seal documents with.
func (s Documents) Sealing() error {
	if s.db.seal == nil {
		return errNoKey()
	}
	return nil
}

// LockPerson serialises additions to one person's documents until the
// transaction of ctx ends.
func (s Documents) LockPerson(ctx context.Context, employeeID int64) error {
	if _, ok := turnOf(ctx); !ok {
		return errors.New("lock person's documents: not in a transaction")
	}
	_, err := s.db.q(ctx).Exec(ctx, `SELECT pg_advisory_xact_lock(7220426, $1::int)`, employeeID)
	return interpret(err)
}

// UsedBytes sums the sizes of a person's documents.
func (s Documents) UsedBytes(ctx context.Context, orgID, employeeID int64) (int64, error) {
	var n int64
	err := s.db.q(ctx).QueryRow(ctx, `SELECT coalesce(sum(size), 0) FROM documents WHERE org_id = $1 AND employee_id = $2`,
		orgID, employeeID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("documents' size: %w", interpret(err))
	}
	return n, nil
}

// sealContext binds a document's sealed bytes to its row: the org, the id
// and the checksum. Bytes copied to another row, or a row whose checksum
// was changed, do not open.
func sealContext(d documents.Document) []byte {
	return fmt.Appendf(nil, "hrbot/document/%d/%d/%x", d.OrgID, d.ID, d.SHA256)
}

// Create stores a document and its bytes sealed, with its audit row and
// notifications, in one transaction.
func (s Documents) Create(ctx context.Context, d documents.Document, data []byte, audit core.AuditEntry, ns []core.Notification) (documents.Document, error) {
	if s.db.seal == nil {
		return documents.Document{}, errNoKey()
	}
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var request *int64
		if d.LeaveRequestID != 0 {
			request = &d.LeaveRequestID
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO documents (org_id, employee_id, kind, name, mime, size, sha256, leave_request_id, added_by, channel, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			d.OrgID, d.EmployeeID, d.Kind, d.Name, d.MIME, d.Size, d.SHA256, request, d.AddedBy, d.Channel, d.CreatedAt).Scan(&d.ID); err != nil {
			return fmt.Errorf("add document: %w", interpret(err))
		}
		sealed, err := s.db.seal.SealBytes(data, sealContext(d))
		if err != nil {
			return fmt.Errorf("add document: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO document_contents (document_id, org_id, sealed) VALUES ($1, $2, $3)`, d.ID, d.OrgID, sealed); err != nil {
			return fmt.Errorf("add document: %w", interpret(err))
		}
		audit.EntityID = strconv.FormatInt(d.ID, 10)
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		for _, n := range ns {
			if err := notify(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return documents.Document{}, err
	}
	return d, nil
}

// Attach attaches the person's documents among ids that are attached to
// nothing yet to requestID, with the audit row.
func (s Documents) Attach(ctx context.Context, orgID, employeeID, requestID int64, ids []int64, audit core.AuditEntry) (int, error) {
	var n int
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE documents SET leave_request_id = $3
			WHERE org_id = $1 AND employee_id = $2 AND leave_request_id IS NULL AND id = ANY($4)`,
			orgID, employeeID, requestID, ids)
		if err != nil {
			return fmt.Errorf("attach documents: %w", interpret(err))
		}
		n = int(tag.RowsAffected())
		if n == 0 {
			return nil
		}
		return recordAudit(ctx, tx, audit)
	})
	return n, err
}

const documentColumns = `d.id, d.org_id, d.employee_id, e.key, e.name, d.kind, d.name, d.mime, d.size, d.sha256,
	coalesce(d.leave_request_id, 0), coalesce(d.added_by, 0), d.channel, d.created_at`

const documentFrom = ` FROM documents d JOIN employees e ON e.id = d.employee_id`

func scanDocument(row pgx.Row) (documents.Document, error) {
	var d documents.Document
	err := row.Scan(&d.ID, &d.OrgID, &d.EmployeeID, &d.EmployeeKey, &d.EmployeeName, &d.Kind, &d.Name, &d.MIME, &d.Size,
		&d.SHA256, &d.LeaveRequestID, &d.AddedBy, &d.Channel, &d.CreatedAt)
	return d, err
}

// Find returns one of the org's documents, without its bytes.
func (s Documents) Find(ctx context.Context, orgID, id int64) (documents.Document, error) {
	d, err := scanDocument(s.db.q(ctx).QueryRow(ctx, `SELECT `+documentColumns+documentFrom+` WHERE d.org_id = $1 AND d.id = $2`, orgID, id))
	if err != nil {
		return documents.Document{}, fmt.Errorf("find document %d: %w", id, interpret(err))
	}
	return d, nil
}

// ListForRequest returns the documents attached to a leave request.
func (s Documents) ListForRequest(ctx context.Context, orgID, requestID int64) ([]documents.Document, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+documentColumns+documentFrom+`
		WHERE d.org_id = $1 AND d.leave_request_id = $2 ORDER BY d.id`, orgID, requestID)
	if err != nil {
		return nil, interpret(err)
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

// Open reads a document's bytes and unseals them; they must match the
// checksum the row keeps.
func (s Documents) Open(ctx context.Context, d documents.Document) ([]byte, error) {
	if s.db.seal == nil {
		return nil, errNoKey()
	}
	var sealed []byte
	if err := s.db.q(ctx).QueryRow(ctx, `SELECT sealed FROM document_contents WHERE org_id = $1 AND document_id = $2`, d.OrgID, d.ID).Scan(&sealed); err != nil {
		return nil, fmt.Errorf("open document %d: %w", d.ID, interpret(err))
	}
	plain, err := s.db.seal.OpenBytes(sealed, sealContext(d))
	if err != nil {
		// Another key than the one it was sealed with, or tampering.
		return nil, fmt.Errorf("open document %d: %w", d.ID, err)
	}
	if sum := sha256.Sum256(plain); !bytes.Equal(sum[:], d.SHA256) {
		return nil, fmt.Errorf("open document %d: checksum does not match", d.ID)
	}
	return plain, nil
}
