package wecomsync

import (
	"context"
	"errors"
	"fmt"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
)

// Daily runs the daily job of every org whose local time is past
// dirsync.DailyHour and whose job has not run today: each org's day is
// claimed in the database first, so of several replicas calling at once
// exactly one runs it. It returns the errors of the database; what WeCom
// or the staff desk refused is the run's outcome, told to HR.
func (s *Service) Daily(ctx context.Context) error {
	if s.cfg.Jobs == nil {
		return errors.New("wecomsync: no daily jobs store")
	}
	jobs, err := s.cfg.Jobs.DueDaily(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, j := range jobs {
		today, due := dirsync.Due(s.cfg.Clock.Now(), j.As.Org.Location(), j.Daily.RanOn)
		if !due {
			continue
		}
		claimed, err := s.cfg.Jobs.ClaimDaily(ctx, j.Daily.OrgID, today)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !claimed {
			continue // another replica has it
		}
		if err := s.runDaily(ctx, j, today); err != nil {
			errs = append(errs, fmt.Errorf("daily WeCom sync of %s: %w", j.As.Org.Key, err))
		}
	}
	return errors.Join(errs...)
}

// runDaily runs one org's job claimed for today, acting as the person who
// switched it on: the directory first (so that people it links have
// their punches imported), then the punches; and tells HR when it changed
// something or failed.
func (s *Service) runDaily(ctx context.Context, j dirsync.Job, today core.Date) error {
	as := j.As
	o := dirsync.Outcome{Day: today, As: as.Employee.Name}
	var through core.Date
	to := []int64{as.Employee.ID}
	if core.Authorize(as, core.ActionPeopleManage, nil) != nil {
		// They left, or are no longer HR: nothing is done in their name,
		// and those who manage people now are told.
		if j.Daily.Directory {
			o.Directory = dirsync.NotAllowed
		}
		if j.Daily.Checkins {
			o.Checkins = dirsync.NotAllowed
		}
		var err error
		if to, err = s.peopleManagers(ctx, as.Org); err != nil {
			return err
		}
	} else {
		if j.Daily.Directory {
			s.dailyDirectory(ctx, as, &o)
		}
		if j.Daily.Checkins {
			from := dirsync.CheckinsFrom(today, j.Daily.CheckinsThrough)
			n, err := s.ImportPunches(ctx, as, from, today, dirsync.ChannelDaily)
			o.Imported, o.Already = n.Imported, n.Already
			o.Checkins = dirsync.Imported
			if err != nil {
				o.Checkins = dirsync.Failed
				s.log.Error("wecom daily sync: check-ins", "org", as.Org.ID, "err", err)
			} else {
				through = today
			}
		}
	}
	s.log.Info("wecom daily sync", "org", as.Org.ID, "directory", o.Directory, "created", o.Created, "changed", o.Changed,
		"problems", o.Problems, "checkins", o.Checkins, "imported", o.Imported)
	var notes []core.Notification
	if o.Tell(j.Daily.Last) {
		for _, id := range to {
			notes = append(notes, core.Notification{OrgID: as.Org.ID, RecipientID: id, Kind: core.NotifyDirectorySynced,
				Params: o.Params(), CreatedAt: s.cfg.Clock.Now()})
		}
	}
	return s.cfg.Jobs.FinishDaily(ctx, as.Org.ID, o, through, notes)
}

// dailyDirectory reads the directory once, previews it and, when it has
// no problem and changes something, applies it.
func (s *Service) dailyDirectory(ctx context.Context, as core.Member, o *dirsync.Outcome) {
	fail := func(what string, err error) {
		o.Directory = dirsync.Failed
		s.log.Error("wecom daily sync: "+what, "org", as.Org.ID, "err", err)
	}
	plan, _, err := s.plan(ctx, as, dirsync.ChannelDaily)
	if err != nil {
		fail("read directory", err)
		return
	}
	pv, err := s.cfg.Staff.PreviewImport(ctx, as, plan.Roster, dirsync.ChannelDaily)
	switch {
	case err != nil:
		fail("preview directory", err)
		return
	case !pv.OK():
		o.Directory, o.Problems = dirsync.Problems, len(pv.Problems)
		return
	case len(pv.Creates)+pv.Changed+len(pv.NewTeams) == 0:
		o.Directory = dirsync.Unchanged
		return
	}
	res, err := s.cfg.Staff.ApplyImport(ctx, as, plan.Roster, dirsync.ChannelDaily)
	switch {
	case err != nil && !res.Preview.OK():
		o.Directory, o.Problems = dirsync.Problems, len(res.Preview.Problems)
	case err != nil:
		fail("apply directory", err)
	default:
		o.Directory = dirsync.Applied
		o.Created, o.Changed, o.Teams = len(res.Preview.Creates), res.Preview.Changed, len(res.Preview.NewTeams)
	}
}

// peopleManagers are the org's active people who may manage people now.
func (s *Service) peopleManagers(ctx context.Context, org core.Org) ([]int64, error) {
	emps, err := s.cfg.Members.ListEmployees(ctx, org.ID, 0)
	if err != nil {
		return nil, fmt.Errorf("HR of %s: %w", org.Key, err)
	}
	var out []int64
	for _, e := range emps {
		if core.Authorize(core.Member{Employee: e, Org: org}, core.ActionPeopleManage, nil) == nil {
			out = append(out, e.ID)
		}
	}
	return out, nil
}
