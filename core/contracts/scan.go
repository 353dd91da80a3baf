package contracts

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/documents"
)

// AuditScan is the audit action of a contract's signed scan linked.
const AuditScan = "contract.scan"

// Scan is a contract's signed copy: a document of kind contract in the
// person's documents (core/documents), sealed there like any other.
type Scan struct {
	DocumentID int64
	Name       string
	Size       int64
	AddedAt    time.Time
}

// Scans keeps a file in a person's documents on HR's behalf, running
// then in the same transaction (*documents.Service).
type Scans interface {
	AddFor(ctx context.Context, m core.Member, person core.Employee, a documents.Addition, channel string,
		then func(ctx context.Context, d documents.Document) error) (documents.Document, error)
}

// AddScan keeps the signed scan of contract id (a PDF or a photo) in the
// person's documents through scans, with the documents' checks (type by
// its bytes, size, quota) and sealing, and links it to the contract, in
// one transaction. A new scan replaces the link; the old one stays in the
// person's documents. Errors: EForbidden (audited) for anyone but HR and
// admins, ENotFound contract.not_found, EConflict contract.changed (a
// scan linked meanwhile), and the documents' EInvalid refusals
// (documents.bad_type, .too_big, .quota, .no_key…).
func (s *Service) AddScan(ctx context.Context, actor core.Member, id int64, name string, data []byte, scans Scans, channel string) (Contract, error) {
	if err := s.auth.Authorize(ctx, actor, core.ActionContractManage, nil, channel); err != nil {
		return Contract{}, err
	}
	c, e, err := s.contract(ctx, actor, id, core.ActionContractManage, channel)
	if err != nil {
		return Contract{}, err
	}
	before := c.Scan.DocumentID
	d, err := scans.AddFor(ctx, actor, e, documents.Addition{Kind: documents.KindContract, Name: name, Data: data}, channel,
		func(ctx context.Context, d documents.Document) error {
			audit := s.audit(actor, AuditScan, e, id, map[string]any{"document": before},
				map[string]any{"document": d.ID, "name": d.Name, "size": d.Size}, channel)
			return s.store.LinkScan(ctx, actor.Org.ID, id, before, d.ID, audit)
		})
	if err != nil {
		return Contract{}, fmt.Errorf("scan of contract %d: %w", id, err)
	}
	c.Scan = Scan{DocumentID: d.ID, Name: d.Name, Size: d.Size, AddedAt: d.CreatedAt}
	return c, nil
}
