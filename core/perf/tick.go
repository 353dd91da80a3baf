package perf

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Tick is the pass serve runs every few minutes over every org's open
// cycles, on the day in each org's time zone: a self-review not sent is
// reminded the day before its window closes; once the window is over the
// reviewer is given the reviews still waiting; a manager review is
// reminded the day before it is due and, past its day, escalated to HR.
// Each is sent once (the review keeps when).
func (s *Service) Tick(ctx context.Context, now time.Time) error {
	cs, err := s.store.OpenCycles(ctx)
	if err != nil {
		return fmt.Errorf("open cycles: %w", err)
	}
	orgs := map[int64]core.Org{}
	for _, c := range cs {
		org, ok := orgs[c.OrgID]
		if !ok {
			if org, err = s.orgs.OrgByID(ctx, c.OrgID); err != nil {
				return fmt.Errorf("org %d: %w", c.OrgID, err)
			}
			orgs[c.OrgID] = org
		}
		if err := s.tickCycle(ctx, org, c, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) tickCycle(ctx context.Context, org core.Org, c Cycle, now time.Time) error {
	today := core.DateOf(now.In(org.Location()))
	rs, err := s.store.Reviews(ctx, org.ID, c.ID)
	if err != nil {
		return fmt.Errorf("reviews of cycle %d: %w", c.ID, err)
	}
	var people []core.Employee
	for _, r := range rs {
		if !r.ManagerDoneAt.IsZero() {
			continue
		}
		var ns []core.Notification
		var what Reminder
		switch {
		case r.SelfDoneAt.IsZero() && r.SelfRemindedAt.IsZero() && !today.Before(c.SelfDue.AddDays(-1)) && !today.After(c.SelfDue):
			what = RemindSelf
			ns = append(ns, notice(org.ID, r.EmployeeID, core.NotifyPerfSelfRemind, now, nil))
		case r.ManagerAskedAt.IsZero() && today.After(c.SelfDue):
			what = AskManager
			if ns, err = s.askReviewer(ctx, org.ID, &r); err != nil {
				return err
			}
		case !r.ManagerAskedAt.IsZero() && r.ManagerRemindedAt.IsZero() && !today.Before(c.ManagerDue.AddDays(-1)) &&
			!today.After(c.ManagerDue):
			what = RemindManager
			// A review without a manager went to HR, whose reminder the
			// escalation is.
			if r.ManagerID != 0 {
				ns = append(ns, notice(org.ID, r.ManagerID, core.NotifyPerfManagerRemind, now, nil))
			}
		case r.EscalatedAt.IsZero() && today.After(c.ManagerDue):
			if people == nil {
				if people, err = s.store.ListEmployees(ctx, org.ID, 0); err != nil {
					return fmt.Errorf("HR of org %d: %w", org.ID, err)
				}
			}
			what = EscalateManager
			for _, p := range hrPeople(people, r.EmployeeID) {
				ns = append(ns, notice(org.ID, p.ID, core.NotifyPerfManagerLate, now, nil))
			}
		default:
			continue
		}
		sent, err := s.store.Remind(ctx, org.ID, r.ID, what, now, ns)
		if err != nil {
			return fmt.Errorf("remind review %d: %w", r.ID, err)
		}
		if !sent {
			continue
		}
		slog.InfoContext(ctx, "perf reminder", "org", org.ID, "review", r.ID, "what", string(what), "notifications", len(ns))
	}
	return nil
}
