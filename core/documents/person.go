package documents

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/hrbot/hrbot/core"
)

// prepare checks a file for owner's documents — its kind, size and type
// by its bytes — and describes it as m adds it.
func (s *Service) prepare(m core.Member, owner core.Employee, a Addition, channel string) (Document, error) {
	if !a.Kind.Valid() {
		return Document{}, core.Errorf(core.EInvalid, "documents.kind", "unknown kind of document %q", a.Kind)
	}
	if err := CheckSize(int64(len(a.Data))); err != nil {
		return Document{}, err
	}
	mime, err := Sniff(a.Data)
	if err != nil {
		return Document{}, err
	}
	sum := sha256.Sum256(a.Data)
	return Document{OrgID: m.Org.ID, EmployeeID: owner.ID, EmployeeKey: owner.Key, EmployeeName: owner.Name,
		Kind: a.Kind, Name: CleanName(a.Name, mime, a.Kind), MIME: mime, Size: int64(len(a.Data)), SHA256: sum[:],
		LeaveRequestID: a.LeaveRequestID, AddedBy: m.Employee.ID, Channel: channel, CreatedAt: s.clock.Now()}, nil
}

// keep stores d sealed within its owner's quota, audited, with ns; then,
// when given, runs in the same transaction once d is stored.
func (s *Service) keep(ctx context.Context, m core.Member, d Document, data []byte, ns []core.Notification, channel string,
	then func(ctx context.Context, d Document) error) (Document, error) {
	audit := core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditDocumentAdd, EntityType: "document",
		After: snapshot(d), Channel: channel, Outcome: core.OutcomeOK, At: d.CreatedAt}
	err := s.store.InTurn(ctx, func(ctx context.Context) error {
		if err := s.store.LockPerson(ctx, d.EmployeeID); err != nil {
			return err
		}
		used, err := s.store.UsedBytes(ctx, m.Org.ID, d.EmployeeID)
		if err != nil {
			return err
		}
		if used+d.Size > MaxPersonBytes {
			return core.Errorf(core.EInvalid, "documents.quota", "%d bytes kept, %d more would pass %d", used, d.Size, MaxPersonBytes).
				With("used", HumanSize(used)).With("max", HumanSize(MaxPersonBytes))
		}
		if d, err = s.store.Create(ctx, d, data, audit, ns); err != nil {
			return err
		}
		if then != nil {
			return then(ctx, d)
		}
		return nil
	})
	if err != nil {
		return Document{}, fmt.Errorf("add document: %w", err)
	}
	return d, nil
}

// AddFor keeps a document in person's file on HR's behalf — the scan of
// a signed contract — with Add's checks (the type by its bytes, the size,
// the person's quota) and sealed as Add's are. It is attached to no leave
// request. then, when given, runs in the same transaction once the
// document is stored (to link it to what it is for), so both are kept or
// neither. Errors: as Add's; EForbidden (audited) for anyone but the
// person, HR and admins.
func (s *Service) AddFor(ctx context.Context, m core.Member, person core.Employee, a Addition, channel string,
	then func(ctx context.Context, d Document) error) (Document, error) {
	if err := s.store.Sealing(); err != nil {
		return Document{}, err
	}
	if err := s.auth.Authorize(ctx, m, core.ActionDocumentAdd, &person, channel); err != nil {
		return Document{}, err
	}
	a.LeaveRequestID = 0
	d, err := s.prepare(m, person, a, channel)
	if err != nil {
		return Document{}, err
	}
	return s.keep(ctx, m, d, a.Data, nil, channel, then)
}

// OfPerson lists a person's documents still kept, newest first, without
// their bytes, for those who may open them: the person, HR and admins.
// Listing opens nothing (Read audits each opening). Errors: EForbidden
// (audited).
func (s *Service) OfPerson(ctx context.Context, m core.Member, person core.Employee, channel string) ([]Document, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionDocumentRead, &person, channel); err != nil {
		return nil, err
	}
	ds, err := s.store.ListForPerson(ctx, m.Org.ID, person.ID)
	if err != nil {
		return nil, fmt.Errorf("documents of %s: %w", person.Key, err)
	}
	return ds, nil
}
