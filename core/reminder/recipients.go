package reminder

import (
	"context"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// People resolves the audiences kept in storage (store.Audience).
type People interface {
	// People lists an org's active employees in an audience: everyone,
	// team:KEY, job:NAME or managers_pending.
	People(ctx context.Context, orgID int64, aud core.Audience) ([]int64, error)
	// Managers lists the managers, HR and admins.
	Managers(ctx context.Context, orgID int64) ([]int64, error)
}

// Roster returns who works on a date (attendance's roster, cached by the caller).
type Roster func(d core.Date) ([]attendance.RosterEntry, error)

// Recipients decides who an occurrence of rule is for, as of now. Shift
// reminders follow each person's own plan for the day (someone who has
// checked in gets no nudge); the digest goes to people with a decision
// waiting, and its message is their own /pending list.
func Recipients(ctx context.Context, people People, orgID int64, rule Rule, o Occurrence, roster Roster, now time.Time) ([]int64, error) {
	fromRoster := func(keep func(attendance.RosterEntry) bool) ([]int64, error) {
		r, err := roster(o.Date)
		if err != nil {
			return nil, err
		}
		var ids []int64
		for _, e := range r {
			if e.Plan.Working && !e.OnLeave && keep(e) {
				ids = append(ids, e.Employee.ID)
			}
		}
		return ids, nil
	}
	checkedIn := func(e attendance.RosterEntry) bool { return e.Record != nil && !e.Record.CheckIn.IsZero() }
	startsAt := func(e attendance.RosterEntry) bool { return e.Plan.Shift.Start == o.Clock }
	switch rule.Kind {
	case CheckIn, Nudge:
		return fromRoster(func(e attendance.RosterEntry) bool { return startsAt(e) && !checkedIn(e) })
	case CheckOut:
		return fromRoster(func(e attendance.RosterEntry) bool {
			return e.Plan.Shift.Start+e.Plan.Shift.Span() == o.Clock && checkedIn(e) && e.Record.CheckOut.IsZero()
		})
	case Digest:
		return people.People(ctx, orgID, core.Audience{Kind: core.AudienceManagersPending})
	case WeeklySchedule:
		return people.People(ctx, orgID, core.Audience{Kind: core.AudienceEveryone})
	case WeeklyReport:
		return people.Managers(ctx, orgID)
	}
	switch rule.Audience.Kind {
	case core.AudienceTeam, core.AudienceJob, core.AudienceManagersPending:
		return people.People(ctx, orgID, rule.Audience)
	case core.AudienceOnShift:
		return fromRoster(func(attendance.RosterEntry) bool { return true })
	case core.AudienceNotCheckedIn:
		return fromRoster(func(e attendance.RosterEntry) bool { return !checkedIn(e) && !e.Plan.Start.After(now) })
	}
	return people.People(ctx, orgID, core.Audience{Kind: core.AudienceEveryone})
}
