package dirsync

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
)

// AuditDaily is HR switching the daily job on or off.
const AuditDaily = "dirsync.daily"

// ChannelDaily is the channel of what the daily job does in the audit
// log (the people it creates and changes, as the HR person who switched
// it on).
const ChannelDaily = "daily"

// DailyHour is the local hour from which the daily job runs: after the
// night, before the day's first shifts, with yesterday's punches all in.
const DailyHour = 6

// Daily is an org's daily job: which parts HR switched on and who, and
// when it last ran with what outcome.
type Daily struct {
	OrgID int64
	// Directory syncs the directory (previewed, applied when it has no
	// problem); Checkins imports yesterday's and today's punches so far.
	Directory, Checkins bool
	// ByID is the HR person who last set the switches, the job acts as
	// them; ByName their name; At when.
	ByID   int64
	ByName string
	At     time.Time
	// RanOn is the org's local day the job last ran (zero: never).
	RanOn core.Date
	// CheckinsThrough is the local day the last good import of punches
	// reached: the next one starts there, so a day the job could not run
	// is not lost.
	CheckinsThrough core.Date
	// Last is the outcome of the last run (zero: none yet).
	Last Outcome
}

// On reports whether any part of the job is switched on.
func (d Daily) On() bool { return d.Directory || d.Checkins }

// Job is a daily job switched on, with the person it acts as as they
// are now (they may have left or changed role since).
type Job struct {
	Daily Daily
	As    core.Member
}

// Due says whether the job runs at now in zone loc, having last run on
// ranOn: once a local day, from DailyHour on. today is the local day.
func Due(now time.Time, loc *time.Location, ranOn core.Date) (today core.Date, due bool) {
	local := now.In(loc)
	today = core.DateOf(local)
	return today, local.Hour() >= DailyHour && ranOn.Before(today)
}

// CheckinsFrom is the first day a daily import of punches on today reads:
// yesterday, or the day the last good import reached when that is
// earlier (a day missed), but never more than a week back.
func CheckinsFrom(today, through core.Date) core.Date {
	from := today.AddDays(-1)
	if !through.IsZero() && through.Before(from) {
		from = through
	}
	if oldest := today.AddDays(-7); from.Before(oldest) {
		from = oldest
	}
	return from
}

// Store keeps the orgs' daily jobs.
type Store interface {
	// FindDaily returns org's job; one never switched on is all off.
	FindDaily(ctx context.Context, orgID int64) (Daily, error)
	// SaveDaily sets the switches and who set them, with the audit row, in
	// one transaction.
	SaveDaily(ctx context.Context, d Daily, audit core.AuditEntry) error
}

// Authorizer decides and audits who may do what (*core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service is the daily job's switches, for HR on the console.
type Service struct {
	store Store
	auth  Authorizer
	clock core.Clock
}

// NewService returns the switches over store.
func NewService(store Store, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, auth: auth, clock: clock}
}

// Daily returns actor's org's daily job. Errors: EForbidden (audited)
// for anyone who may not manage people.
func (s *Service) Daily(ctx context.Context, actor core.Member, channel string) (Daily, error) {
	if err := s.auth.Authorize(ctx, actor, core.ActionPeopleManage, nil, channel); err != nil {
		return Daily{}, err
	}
	d, err := s.store.FindDaily(ctx, actor.Org.ID)
	if err != nil {
		return Daily{}, fmt.Errorf("find the daily sync of %s: %w", actor.Org.Key, err)
	}
	return d, nil
}

// SetDaily switches the two parts of the daily job on or off; from then
// on it acts as actor, who is told what it does. Errors: EForbidden
// (audited).
func (s *Service) SetDaily(ctx context.Context, actor core.Member, directory, checkins bool, channel string) (Daily, error) {
	before, err := s.Daily(ctx, actor, channel)
	if err != nil {
		return Daily{}, err
	}
	now := s.clock.Now()
	after := before
	after.Directory, after.Checkins = directory, checkins
	after.ByID, after.ByName, after.At = actor.Employee.ID, actor.Employee.Name, now
	audit := core.AuditEntry{OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: AuditDaily, EntityType: "org",
		EntityID: actor.Org.Key, Before: switches(before), After: switches(after), Channel: channel, Outcome: core.OutcomeOK, At: now}
	if err := s.store.SaveDaily(ctx, after, audit); err != nil {
		return Daily{}, fmt.Errorf("switch the daily sync of %s: %w", actor.Org.Key, err)
	}
	return after, nil
}

func switches(d Daily) map[string]bool {
	return map[string]bool{"directory": d.Directory, "checkins": d.Checkins}
}
