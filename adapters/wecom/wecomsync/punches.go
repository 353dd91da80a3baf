package wecomsync

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
)

// ImportPunches reads WeCom's punches of everyone linked to a WeCom
// account from the start of from to the end of to (or now, when that is
// earlier) in the org's time zone, and records each in attendance once,
// in the order they were made, judged against the person's hrbot shift.
// The counts say what was done even when it stopped half-way. Errors:
// EForbidden (audited) for anyone who may not manage people, before
// WeCom is asked; dirsync.ErrSource when WeCom could not be read.
func (s *Service) ImportPunches(ctx context.Context, actor core.Member, from, to core.Date, channel string) (dirsync.Punches, error) {
	n := dirsync.Punches{From: from, To: to}
	if to.Before(from) {
		return n, core.Errorf(core.EInvalid, "wecom.checkins_range", "%s is before %s", to, from).
			With("from", from.String()).With("to", to.String())
	}
	if err := s.cfg.Auth.Authorize(ctx, actor, core.ActionPeopleManage, nil, channel); err != nil {
		return n, err
	}
	setup, err := s.cfg.Attendance.Setup(ctx, actor.Org)
	if err != nil {
		return n, err
	}
	linked, err := s.cfg.Accounts.Accounts(ctx, actor.Org.ID, core.PlatformWeCom)
	if err != nil {
		return n, fmt.Errorf("WeCom accounts of %s: %w", actor.Org.Key, err)
	}
	users := make([]string, 0, len(linked))
	for u := range linked {
		users = append(users, u)
	}
	sort.Strings(users)
	start, end := from.In(setup.Location), to.AddDays(1).In(setup.Location)
	if now := s.cfg.Clock.Now(); now.Before(end) {
		end = now // WeCom has nothing later, and takes no end in the future
	}
	if len(users) == 0 || !start.Before(end) {
		return n, nil
	}
	punches, err := s.cfg.Source.Punches(ctx, users, start, end)
	if err != nil {
		return n, fmt.Errorf("read WeCom check-ins: %w", dirsync.SourceError(err))
	}
	err = s.importPunches(ctx, actor.Org, linked, punches, &n)
	return n, err
}

// importPunches imports punches in the order they were made, so a
// check-out finds the check-in before it.
func (s *Service) importPunches(ctx context.Context, org core.Org, linked map[string]string, punches []wecom.Punch, n *dirsync.Punches) error {
	sort.SliceStable(punches, func(i, j int) bool { return punches[i].CheckinTime < punches[j].CheckinTime })
	members := map[string]core.Member{}
	for _, p := range punches {
		key, ok := linked[p.UserID]
		switch {
		case p.Kind() == wecom.PunchOther:
			n.Other++
			continue
		case !ok:
			n.Unlinked++
			continue
		}
		m, ok := members[key]
		if !ok {
			var err error
			if m, err = s.memberIn(ctx, org, key); err != nil {
				return err
			}
			members[key] = m
		}
		_, isNew, err := s.cfg.Attendance.ImportPunch(ctx, m, p.Kind() == wecom.PunchOut, p.Time(), p.OutsideArea(), PunchSource, p.Key())
		if err != nil {
			return fmt.Errorf("import %s's punch at %s: %w", key, p.Time().UTC().Format(time.RFC3339), err)
		}
		if isNew {
			n.Imported++
		} else {
			n.Already++
		}
	}
	return nil
}

// memberIn is the person key of org.
func (s *Service) memberIn(ctx context.Context, org core.Org, key string) (core.Member, error) {
	members, err := s.cfg.Members.FindMembersByKey(ctx, key)
	if err != nil {
		return core.Member{}, err
	}
	for _, m := range members {
		if m.Org.ID == org.ID {
			return m, nil
		}
	}
	return core.Member{}, core.Errorf(core.ENotFound, "employee.not_found", "%s has no person %q", org.Key, key).With("key", key)
}
