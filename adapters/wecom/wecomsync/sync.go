package wecomsync

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
	"github.com/hrbot/hrbot/core/staff"
)

// Preview reads the WeCom directory and says what importing it as actor
// would do; it writes nothing. Errors: EForbidden (audited) before WeCom
// is asked; dirsync.ErrSource when WeCom could not be read.
func (s *Service) Preview(ctx context.Context, actor core.Member, channel string) (dirsync.Report, error) {
	plan, desk, err := s.plan(ctx, actor, channel)
	if err != nil {
		return dirsync.Report{}, err
	}
	pv, err := s.cfg.Staff.PreviewImport(ctx, actor, plan.Roster, channel)
	if err != nil {
		return dirsync.Report{}, err
	}
	return report(plan, desk, pv), nil
}

// Apply reads the WeCom directory and imports it as actor, in one
// transaction, audited; with any problem it writes nothing and returns
// the staff desk's EInvalid staff.import_problems with the report.
// Errors as Preview's, and the staff desk's EConflict staff.changed.
func (s *Service) Apply(ctx context.Context, actor core.Member, channel string) (dirsync.Report, error) {
	return s.ApplyPreviewed(ctx, actor, "", channel)
}

// ApplyPreviewed is Apply of the preview whose Digest is digest: when
// the directory (or hrbot's people) changed since, so that applying now
// would write something else than was shown, it writes nothing and
// returns EConflict wecom.sync_changed with the new preview. An empty
// digest applies whatever the directory gives now.
func (s *Service) ApplyPreviewed(ctx context.Context, actor core.Member, digest, channel string) (dirsync.Report, error) {
	plan, desk, err := s.plan(ctx, actor, channel)
	if err != nil {
		return dirsync.Report{}, err
	}
	if digest != "" {
		pv, err := s.cfg.Staff.PreviewImport(ctx, actor, plan.Roster, channel)
		if err != nil {
			return dirsync.Report{}, err
		}
		if rep := report(plan, desk, pv); rep.Digest != digest {
			return rep, core.Errorf(core.EConflict, "wecom.sync_changed", "the WeCom directory changed since it was previewed")
		}
	}
	res, err := s.cfg.Staff.ApplyImport(ctx, actor, plan.Roster, channel)
	rep := report(plan, desk, res.Preview)
	rep.Applied = err == nil
	return rep, err
}

// plan reads the directory and plans it as the org's staff list. The
// desk is read first: it authorises actor (audited) before WeCom is asked.
func (s *Service) plan(ctx context.Context, actor core.Member, channel string) (wecom.SyncPlan, staff.Org, error) {
	desk, err := s.cfg.Staff.Desk(ctx, actor, channel)
	if err != nil {
		return wecom.SyncPlan{}, staff.Org{}, err
	}
	dir, err := s.cfg.Source.Directory(ctx)
	if err != nil {
		return wecom.SyncPlan{}, staff.Org{}, fmt.Errorf("read the WeCom directory: %w", dirsync.SourceError(err))
	}
	linked, err := s.cfg.Accounts.Accounts(ctx, actor.Org.ID, core.PlatformWeCom)
	if err != nil {
		return wecom.SyncPlan{}, staff.Org{}, fmt.Errorf("WeCom accounts of %s: %w", actor.Org.Key, err)
	}
	keys := map[string]bool{}
	for _, p := range desk.People {
		keys[p.Key] = true
	}
	return wecom.PlanSync(dir, linked, func(k string) bool { return keys[k] }), desk, nil
}

func report(plan wecom.SyncPlan, desk staff.Org, pv staff.ImportPreview) dirsync.Report {
	r := dirsync.Report{Departments: len(plan.Roster.Teams), Members: len(plan.Roster.Rows), SkippedGone: plan.SkippedGone,
		Preview: pv, Missing: dirsync.MissingFrom(desk.People, plan.Keys), Digest: dirsync.Fingerprint(pv),
		TeamNames: map[string]string{}, PersonNames: map[string]string{}}
	for _, t := range append(desk.Teams, pv.NewTeams...) {
		r.TeamNames[t.Key] = t.Name
	}
	for _, p := range desk.People {
		r.PersonNames[p.Key] = p.Name
	}
	for _, c := range pv.Creates {
		r.PersonNames[c.Person.Key] = c.Person.Name
	}
	return r
}
