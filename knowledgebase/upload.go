package knowledgebase

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/knowledge"
)

// MaxUploadBytes bounds a handbook document uploaded from the console:
// a handbook chapter is tens of kilobytes; megabytes are a wrong file.
const MaxUploadBytes = 2 << 20

// Upload adds or replaces one handbook document from the console, leaving
// the org's other documents alone (unlike Import, which makes a directory
// the whole handbook). name is the file's name as uploaded; only its base
// is kept. The same file uploaded again changes nothing. Only HR and
// admins. Errors: EForbidden (audited), EInvalid ("kb.bad_type" for a
// file Import would not read, "kb.too_big", "kb.empty_file").
func (s *Service) Upload(ctx context.Context, m core.Member, name string, data []byte, channel string) (knowledge.Import, error) {
	if err := s.authorizeOn(ctx, m, channel); err != nil {
		return knowledge.Import{}, err
	}
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), "\\", "/"))
	if len(data) > MaxUploadBytes {
		return knowledge.Import{}, core.Errorf(core.EInvalid, "kb.too_big", "%s is %d bytes", name, len(data)).
			With("max", fmt.Sprintf("%d MiB", MaxUploadBytes>>20))
	}
	if name == "" || name == "." || name == "/" || strings.HasPrefix(name, ".") || !supported(name) {
		return knowledge.Import{}, core.Errorf(core.EInvalid, "kb.bad_type", "cannot read %q", name).With("name", name)
	}
	d, err := ParseFile(name, data)
	if errors.Is(err, ErrUnsupported) {
		return knowledge.Import{}, core.Errorf(core.EInvalid, "kb.bad_type", "cannot read %q", name).With("name", name)
	}
	if err != nil {
		return knowledge.Import{}, fmt.Errorf("upload %s: %w", name, err)
	}
	if len(d.Chunks) == 0 {
		return knowledge.Import{}, core.Errorf(core.EInvalid, "kb.empty_file", "%s has no text", name).With("name", name)
	}
	model := ""
	if s.cfg.Embedder != nil {
		model = s.cfg.Embedder.Model()
	}
	cd := knowledge.Document{Name: d.Name, Title: d.Title, Hash: d.Hash, Model: model, Chunks: make([]knowledge.Chunk, len(d.Chunks))}
	for j, c := range d.Chunks {
		cd.Chunks[j] = knowledge.Chunk{Section: c.Section, Path: c.Path, Text: c.Text}
	}
	states, err := s.cfg.Store.KBDocStates(ctx, m.Org.ID)
	if err != nil {
		return knowledge.Import{}, err
	}
	if st, ok := states[cd.Name]; ok && st == (knowledge.DocState{Hash: cd.Hash, Model: model}) {
		return knowledge.Import{Unchanged: 1}, nil
	}
	if s.cfg.Embedder != nil {
		if err := s.embedChunks(ctx, cd); err != nil {
			return knowledge.Import{}, fmt.Errorf("upload %s: %w", name, err)
		}
	}
	res, err := s.cfg.Store.UpsertKBDoc(ctx, m.Org.ID, cd, core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID,
		Action: core.AuditKBImport, EntityType: "kb_document", EntityID: cd.Name, Channel: channel, Outcome: core.OutcomeOK,
		At: s.cfg.Clock.Now()})
	if err != nil {
		return knowledge.Import{}, err
	}
	s.forget(m.Org.ID)
	return res, nil
}

// Documents lists the org's handbook documents, for HR.
func (s *Service) Documents(ctx context.Context, m core.Member, channel string) ([]knowledge.DocInfo, error) {
	if err := s.authorizeOn(ctx, m, channel); err != nil {
		return nil, err
	}
	return s.cfg.Store.KBDocuments(ctx, m.Org.ID)
}

// forget drops this replica's index of the org, so the next question here
// reads the handbook just changed (other replicas see the revision move).
func (s *Service) forget(orgID int64) {
	s.mu.Lock()
	delete(s.indexes, orgID)
	s.mu.Unlock()
}

// authorizeOn lets HR and admins manage the handbook, auditing refusals
// with the channel they came from.
func (s *Service) authorizeOn(ctx context.Context, m core.Member, channel string) error {
	if s.cfg.Auth != nil {
		return s.cfg.Auth.Authorize(ctx, m, core.ActionKnowledgeManage, nil, channel)
	}
	return core.Authorize(m, core.ActionKnowledgeManage, nil)
}
