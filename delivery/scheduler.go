package delivery

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/reminder"
)

// Roster is what the scheduler needs from attendance: each org's setup
// (time zone, holiday calendar) and who works when on a date.
type Roster interface {
	Setup(ctx context.Context, org core.Org) (*attendance.Setup, error)
	Roster(ctx context.Context, org core.Org, d core.Date) ([]attendance.RosterEntry, error)
}

// Scheduler turns the orgs' reminder rules into deliveries. Every replica
// may run one: a rule is decided under a row lock taken with SKIP LOCKED,
// and each occurrence is a unique row written in the same transaction as
// its deliveries, so an occurrence is queued once whoever gets there.
type Scheduler struct {
	Queue     *Queue
	Reminders Reminders
	Audience  reminder.People
	Roster    Roster
	Clock     core.Clock
	Platforms []core.Platform // accounts are reached on these, in this order
	// Batch bounds the occurrences decided per rule in one pass; default 100.
	Batch int
}

// Reminders is the scheduler's state (store.Reminders): the rules, each
// locked while it is decided, and the occurrences recorded once.
type Reminders interface {
	Rules(ctx context.Context) ([]reminder.RuleRef, error)
	// LockRule locks a rule for the caller's transaction; found is false
	// when another replica holds it or it is gone.
	LockRule(ctx context.Context, ref reminder.RuleRef) (reminder.RuleState, bool, error)
	Checked(ctx context.Context, ref reminder.RuleRef, until time.Time) error
	// Occur records an occurrence; fresh is false when it was before.
	Occur(ctx context.Context, orgID int64, ruleKey string, o reminder.Occurrence, status string) (id int64, fresh bool, err error)
	Outcome(ctx context.Context, id int64, recipients int, status string) error
}

// Pass decides the rules once, logging what failed: a pass for
// periodic.Every.
func (s *Scheduler) Pass(ctx context.Context) error {
	_, err := s.Tick(ctx)
	if err != nil && ctx.Err() == nil {
		s.Queue.log.Error("reminders", "err", err)
	}
	return err
}

// Tick decides every rule's occurrences due by now and returns how many
// deliveries it queued.
func (s *Scheduler) Tick(ctx context.Context) (int, error) {
	refs, err := s.Reminders.Rules(ctx)
	if err != nil {
		return 0, err
	}
	// One rule failing (say, an org whose setup cannot load) does not hold
	// up the others.
	total := 0
	var errs []error
	for _, ref := range refs {
		n, err := s.tickRule(ctx, ref)
		total += n
		if err != nil {
			errs = append(errs, fmt.Errorf("reminder %s in org %d: %w", ref.Key, ref.OrgID, err))
		}
	}
	return total, errors.Join(errs...)
}

func (s *Scheduler) tickRule(ctx context.Context, ref reminder.RuleRef) (int, error) {
	batch := s.Batch
	if batch <= 0 {
		batch = 100
	}
	queued := 0
	err := s.Queue.inTx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		st, found, err := s.Reminders.LockRule(ctx, ref)
		if err != nil || !found {
			return err // not found: another replica is deciding it, or it was removed
		}
		org, rule := st.Org, st.Rule
		setup, err := s.Roster.Setup(ctx, org)
		if err != nil {
			return err
		}
		rosters := map[core.Date][]attendance.RosterEntry{}
		roster := func(d core.Date) ([]attendance.RosterEntry, error) {
			if r, ok := rosters[d]; ok {
				return r, nil
			}
			r, err := s.Roster.Roster(ctx, org, d)
			rosters[d] = r
			return r, err
		}
		var rosterErr error
		shifts := func(d core.Date) (starts, ends []int) {
			r, err := roster(d)
			if err != nil {
				rosterErr = err
				return nil, nil
			}
			for _, e := range r {
				if !e.Plan.Working || e.OnLeave {
					continue
				}
				starts = appendNew(starts, e.Plan.Shift.Start)
				ends = appendNew(ends, e.Plan.Shift.Start+e.Plan.Shift.Span())
			}
			return starts, ends
		}
		now := s.Clock.Now()
		occs, err := reminder.Due(rule, setup.Location, setup.Calendar, shifts, st.LateAfter, st.CheckedUntil, now, batch)
		if err != nil {
			return err
		}
		if rosterErr != nil {
			return rosterErr
		}
		for _, o := range occs {
			n, err := s.occur(ctx, tx, org, rule, o, roster)
			if err != nil {
				return err
			}
			queued += n
		}
		until := now
		if len(occs) >= batch {
			until = occs[len(occs)-1].At // more remain: the next pass goes on from here
		}
		return s.Reminders.Checked(ctx, ref, until)
	})
	return queued, err
}

// occur records one occurrence and queues its deliveries.
func (s *Scheduler) occur(ctx context.Context, tx pgx.Tx, org core.Org, rule reminder.Rule, o reminder.Occurrence,
	roster func(core.Date) ([]attendance.RosterEntry, error)) (int, error) {
	status := string(o.Skip)
	if status == "" {
		status = "sent"
	}
	id, fresh, err := s.Reminders.Occur(ctx, org.ID, rule.Key, o, status)
	switch {
	case err != nil:
		return 0, err
	case !fresh:
		return 0, nil // decided before
	case o.Skip != reminder.Send:
		return 0, nil // skipped, and now recorded
	}
	people, err := reminder.Recipients(ctx, s.Audience, org.ID, rule, o, roster, s.Clock.Now())
	if err != nil {
		return 0, err
	}
	accounts, err := s.Queue.reachable(ctx, s.Platforms, people)
	if err != nil {
		return 0, err
	}
	params := map[string]string{"kind": string(rule.Kind), "date": o.Date.String()}
	if o.Clock >= 0 {
		params["clock"] = fmt.Sprintf("%02d:%02d", o.Clock%1440/60, o.Clock%60)
	}
	for loc, text := range rule.Text {
		params["text."+string(loc)] = text
	}
	items := make([]Item, 0, len(accounts))
	for _, a := range accounts {
		items = append(items, Item{
			Key:   "reminder:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatInt(a.employeeID, 10),
			OrgID: org.ID, EmployeeID: a.employeeID, Platform: a.platform, ExternalID: a.externalID,
			Source: core.SourceReminder, SourceID: id, Message: bot.Notice{Kind: bot.NoticeReminder, Params: params},
		})
	}
	n, err := s.Queue.Enqueue(ctx, tx, items)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		status = "nobody"
	}
	return n, s.Reminders.Outcome(ctx, id, n, status)
}

func appendNew(xs []int, x int) []int {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
