package onboarding

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// welcomeGrace is how many days late a day-one welcome may still go out
// (hrbot was down that morning); later, it would only confuse.
const welcomeGrace = 3

// Tick is one pass of onboarding's periodic work: it makes the
// checklists of new hires and of people whose leaving was approved, then, in each org whose RemindAt has passed
// today (its own time zone), reminds every task due today or before that
// was not reminded — once, to its owner (HR's tasks to each HR person) —
// and sends day one's welcome to the new person and a note to their
// buddy. Each org's reminders are written with their marks in one
// transaction, so a crash, a restart or a second replica sends none twice.
func (s *Service) Tick(ctx context.Context) error {
	var errs []error
	if _, err := s.TakeHires(ctx); err != nil {
		errs = append(errs, err)
	}
	if _, err := s.TakeLeavers(ctx); err != nil {
		errs = append(errs, err)
	}
	// Every org's today lies within a day of UTC's.
	now := s.clock.Now()
	utc := core.DateOf(now.UTC())
	work, err := s.store.Working(ctx, utc.AddDays(-welcomeGrace-1), utc.AddDays(1))
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("onboarding reminders: %w", err))...)
	}
	for _, w := range work {
		local := now.In(w.Org.Location())
		if local.Hour()*60+local.Minute() < w.RemindAt {
			continue
		}
		today := core.DateOf(local)
		if err := s.store.InTurn(ctx, func(ctx context.Context) error { return s.remind(ctx, w.Org, today) }); err != nil {
			errs = append(errs, fmt.Errorf("onboarding reminders of %s: %w", w.Org.Key, err))
		}
	}
	return errors.Join(errs...)
}

// remind writes one org's reminders and welcomes due today.
func (s *Service) remind(ctx context.Context, org core.Org, today core.Date) error {
	now := s.clock.Now()
	tasks, err := s.store.DueTasks(ctx, org.ID, today)
	if err != nil {
		return err
	}
	var hr []int64
	if len(tasks) > 0 {
		staff, err := s.store.HR(ctx, org.ID)
		if err != nil {
			return err
		}
		for _, m := range staff {
			hr = append(hr, m.Employee.ID)
		}
	}
	var ids []int64
	var notes []core.Notification
	for _, t := range tasks {
		ids = append(ids, t.ID)
		to := hr
		if t.OwnerID != 0 {
			to = []int64{t.OwnerID}
		}
		for _, r := range to {
			notes = append(notes, core.Notification{OrgID: org.ID, RecipientID: r, Kind: core.NotifyOnboardingTask,
				Params: map[string]string{"task": strconv.FormatInt(t.ID, 10)}, CreatedAt: now})
		}
	}
	if len(ids) > 0 {
		if err := s.store.MarkReminded(ctx, ids, now, notes); err != nil {
			return err
		}
	}
	welcomes, err := s.store.DueWelcomes(ctx, org.ID, today.AddDays(-welcomeGrace), today)
	if err != nil {
		return err
	}
	for _, c := range welcomes {
		id := strconv.FormatInt(c.ID, 10)
		notes := []core.Notification{{OrgID: org.ID, RecipientID: c.Person.ID, Kind: core.NotifyOnboardingWelcome,
			Params: map[string]string{"checklist": id}, CreatedAt: now}}
		if c.Buddy != nil {
			notes = append(notes, core.Notification{OrgID: org.ID, RecipientID: c.Buddy.BuddyID, Kind: core.NotifyOnboardingBuddy,
				Params: map[string]string{"checklist": id}, CreatedAt: now})
		}
		if err := s.store.MarkWelcomed(ctx, c.ID, now, notes); err != nil {
			return err
		}
	}
	return nil
}
