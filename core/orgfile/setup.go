package orgfile

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
)

// Export writes the orgs with the given keys (every org when none) as an
// org file: applying it to the database it came from changes nothing.
// Errors: ENotFound (unknown org), EInvalid (orgs in different groups).
func (s *Setup) Export(ctx context.Context, orgKeys ...string) ([]byte, error) {
	f, err := s.store.ExportOrgFile(ctx, orgKeys)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return Marshal(f)
}

// Preview says what applying file would change, record by record and
// field by field, and which edits made outside org files (on the web, in
// chat) it would revert; it changes nothing. source names the file as
// Apply's would.
func (s *Setup) Preview(ctx context.Context, file File, source string) (Changes, error) {
	return s.preview(ctx, file, Origin{Label: ActorPrefix + source, Channel: "cli", At: s.clock.Now()})
}

func (s *Setup) preview(ctx context.Context, file File, by Origin) (Changes, error) {
	res, planned, err := s.store.PreviewOrgFile(ctx, file, by)
	if err != nil {
		return Changes{}, fmt.Errorf("preview %s: %w", by.Label, err)
	}
	seen := map[Record]bool{}
	var records []Record
	for _, p := range planned {
		r := Record{OrgID: p.OrgID, Entity: p.EntityType, Key: p.EntityID}
		if !seen[r] {
			seen[r] = true
			records = append(records, r)
		}
	}
	edits, err := s.store.OutsideEdits(ctx, records)
	if err != nil {
		return Changes{}, fmt.Errorf("preview %s: %w", by.Label, err)
	}
	return Changes{Records: changesOf(planned, edits), NotInFile: res.NotInFile}, nil
}

// ExportFor is Export of the actor's own org, for HR and admins.
// Errors: EForbidden (audited).
func (s *Setup) ExportFor(ctx context.Context, actor core.Member, channel string) ([]byte, error) {
	if err := s.authorize(ctx, actor, channel); err != nil {
		return nil, err
	}
	return s.Export(ctx, actor.Org.Key)
}

// PreviewFor is Preview of a file a member uploads: HR and admins, of a
// file that declares their own org only. Errors: EForbidden (audited).
func (s *Setup) PreviewFor(ctx context.Context, actor core.Member, file File, source, channel string) (Changes, error) {
	if err := s.authorizeFile(ctx, actor, file, channel); err != nil {
		return Changes{}, err
	}
	return s.preview(ctx, file, s.origin(actor, source, channel))
}

// ImportFor applies a file a member uploads, as PreviewFor previewed it;
// its audit rows name the member and channel. Errors: EForbidden (audited).
func (s *Setup) ImportFor(ctx context.Context, actor core.Member, file File, source, channel string) (ApplyResult, error) {
	if err := s.authorizeFile(ctx, actor, file, channel); err != nil {
		return ApplyResult{}, err
	}
	res, err := s.store.ApplyOrgFileAs(ctx, file, s.origin(actor, source, channel))
	if err != nil {
		return ApplyResult{}, fmt.Errorf("import %s: %w", source, err)
	}
	return res, nil
}

func (s *Setup) origin(actor core.Member, source, channel string) Origin {
	return Origin{ActorID: actor.Employee.ID, Label: ActorPrefix + source, Channel: channel, At: s.clock.Now()}
}

func (s *Setup) authorize(ctx context.Context, actor core.Member, channel string) error {
	if s.auth == nil {
		return core.Errorf(core.EInternal, "error.internal", "org setup: no authorizer configured")
	}
	return s.auth.Authorize(ctx, actor, core.ActionOrgSetup, nil, channel)
}

// authorizeFile lets a member import a file of their own org only: a
// group's other orgs are theirs to set up.
func (s *Setup) authorizeFile(ctx context.Context, actor core.Member, file File, channel string) error {
	if err := s.authorize(ctx, actor, channel); err != nil {
		return err
	}
	for _, o := range file.Orgs {
		if o.Key != actor.Org.Key {
			return core.Errorf(core.EForbidden, "forbidden.other_org", "the file declares org %s; you set up %s only", o.Key, actor.Org.Key).
				With("org", o.Key)
		}
	}
	return nil
}
