package transfer

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// ApplyDue is the effective-day pass: every approved transfer whose day
// has come in its org's time zone is put into effect — the person's
// assignment history closed at the day before and extended from it, their
// record and pay profile changed — once, however many passes run at once
// and across restarts (Store.Apply changes only a transfer still
// approved). Until it runs, the history already reads the approved
// transfer for its days, so nothing judged by day waits for it. It
// returns how many it applied; one failing does not stop the others.
func (s *Service) ApplyDue(ctx context.Context) (int, error) {
	due, err := s.store.Due(ctx, s.clock.Now())
	if err != nil {
		return 0, fmt.Errorf("due transfers: %w", err)
	}
	n := 0
	var errs []error
	for _, t := range due {
		err := s.apply(ctx, t, core.AuditEntry{ActorLabel: "system"})
		switch {
		case err == nil:
			n++
		case core.ErrorCodeOf(err) == core.EConflict:
			// Another pass applied it, or it was cancelled meanwhile.
		default:
			errs = append(errs, fmt.Errorf("apply transfer %d: %w", t.ID, err))
		}
	}
	return n, errors.Join(errs...)
}

// applyNow puts t into effect as part of the decision that approved it on
// or after its day, and returns it as it is then.
func (s *Service) applyNow(ctx context.Context, org core.Org, t Transfer) (Transfer, error) {
	err := s.apply(ctx, t, core.AuditEntry{ActorID: t.DecidedByID})
	if err != nil && core.ErrorCodeOf(err) != core.EConflict {
		return Transfer{}, fmt.Errorf("apply transfer %d: %w", t.ID, err)
	}
	return s.store.Find(ctx, org.ID, t.ID)
}

// apply has the store put t into effect with its audit row (by, for the
// actor) and tells the person and their old and new manager.
func (s *Service) apply(ctx context.Context, t Transfer, by core.AuditEntry) error {
	now := s.clock.Now()
	after := t
	after.Status, after.AppliedAt = Done, now
	audit := by
	audit.OrgID, audit.Action, audit.EntityType, audit.EntityID = t.OrgID, AuditEffective, "employee", t.EmployeeKey
	audit.Before = termsSnapshot(t.From, false)
	audit.After = termsSnapshot(t.To, t.Pay != nil)
	audit.Channel, audit.Outcome, audit.At, audit.Reason = "system", core.OutcomeOK, now, "transfer "+strconv.FormatInt(t.ID, 10)
	ns := notes(t, core.NotifyTransferEffective, now, 0, t.EmployeeID, t.From.ManagerID, t.To.ManagerID)
	return s.store.Apply(ctx, after, audit, ns)
}

// termsSnapshot is what the audit row of an employee's change keeps, as
// the org file's preview reads outside edits: the fields by name, and
// whether pay changed (never the amounts).
func termsSnapshot(t Terms, payChanged bool) map[string]any {
	out := map[string]any{"job": t.Job, "team": t.TeamKey, "manager": t.ManagerKey, "schedule": t.ScheduleKey}
	if payChanged {
		out["pay"] = "changed"
	}
	return out
}
