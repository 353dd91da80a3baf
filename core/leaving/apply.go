package leaving

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hrbot/hrbot/core"
)

// ApplyDue is the last-day pass: every approved resignation whose last
// day is over in its org's time zone is made so — the person left on
// their last day, chat accounts unlinked, console sessions ended, the
// staffed shifts of the FreeAhead days after it published as uncovered
// (the cover pool opens requests for them), their pending leave,
// corrections and transfers closed with a note to whoever waited on
// them — once, however many passes run (Store.Leave changes only a
// resignation still approved). It returns how many it applied; one
// failing does not stop the others.
func (s *Service) ApplyDue(ctx context.Context) (int, error) {
	due, err := s.store.Due(ctx, s.clock.Now())
	if err != nil {
		return 0, fmt.Errorf("due resignations: %w", err)
	}
	n := 0
	var errs []error
	for _, r := range due {
		err := s.leave(ctx, r)
		switch {
		case err == nil:
			n++
		case core.ErrorCodeOf(err) == core.EConflict:
		default:
			errs = append(errs, fmt.Errorf("last day of resignation %d: %w", r.ID, err))
		}
	}
	return n, errors.Join(errs...)
}

func (s *Service) leave(ctx context.Context, r Resignation) error {
	org, err := s.orgs.OrgByID(ctx, r.OrgID)
	if err != nil {
		return err
	}
	person, err := s.store.FindEmployeeByID(ctx, r.OrgID, r.EmployeeID)
	if err != nil {
		return err
	}
	events, err := s.freed(ctx, org, person, r)
	if err != nil {
		return err
	}
	waiting, err := s.store.Waiting(ctx, r.OrgID, r.EmployeeID)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	note := func(kind string, o Open, ns []core.Notification) []core.Notification {
		for _, to := range []int64{o.ApproverID, o.AskedByID} {
			if to == 0 || to == r.EmployeeID || containsRecipient(ns, to, kind, o.ID) {
				continue
			}
			ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: to, Kind: core.NotifyLeavingClosed, CreatedAt: now,
				Params: map[string]string{"id": strconv.FormatInt(r.ID, 10), "what": kind, "request": strconv.FormatInt(o.ID, 10)}})
		}
		return ns
	}
	var ns []core.Notification
	for _, o := range waiting.Leave {
		ns = note("leave", o, ns)
	}
	for _, o := range waiting.Corrections {
		ns = note("correction", o, ns)
	}
	for _, o := range waiting.Transfers {
		ns = note("transfer", o, ns)
	}
	for _, to := range []int64{r.ManagerID, r.DecidedByID} {
		if to != 0 && to != r.EmployeeID && !containsRecipient(ns, to, "", 0) {
			ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: to, Kind: core.NotifyLeavingDone, CreatedAt: now,
				Params: map[string]string{"id": strconv.FormatInt(r.ID, 10)}})
		}
	}
	after := r
	after.Status, after.AppliedAt = Done, now
	audit := core.AuditEntry{OrgID: r.OrgID, ActorLabel: "system", Action: AuditLastDay, EntityType: "employee", EntityID: r.EmployeeKey,
		Before: map[string]any{"status": core.StatusActive}, After: map[string]any{"status": core.StatusLeft, "left_on": r.LastDay.String(),
			"shifts_freed": len(events), "closed": len(waiting.Leave) + len(waiting.Corrections) + len(waiting.Transfers)},
		Channel: "system", Outcome: core.OutcomeOK, At: now, Reason: "resignation " + strconv.FormatInt(r.ID, 10)}
	return s.store.Leave(ctx, after, waiting, events, audit, ns)
}

// containsRecipient reports whether ns has a notification to id already
// (of kind about request, when kind is given).
func containsRecipient(ns []core.Notification, id int64, kind string, request int64) bool {
	for _, n := range ns {
		if n.RecipientID == id && (kind == "" || n.Params["what"] == kind && n.Params["request"] == strconv.FormatInt(request, 10)) {
			return true
		}
	}
	return false
}

// freed are the staffed shifts the person was planned for in the
// FreeAhead days after their last day, still to start.
func (s *Service) freed(ctx context.Context, org core.Org, e core.Employee, r Resignation) ([]core.ShiftUncovered, error) {
	plans, err := s.plans.Setup(ctx, org)
	if err != nil {
		return nil, fmt.Errorf("plans of %s: %w", org.Key, err)
	}
	now := s.clock.Now()
	var out []core.ShiftUncovered
	for d := r.LastDay.AddDays(1); !d.After(r.LastDay.AddDays(FreeAhead)); d = d.AddDays(1) {
		p := plans.PlanFor(e, d)
		if !p.Working || p.Shift.Key == "" || p.Shift.Job == "" || !p.End.After(now) {
			continue
		}
		out = append(out, core.ShiftUncovered{OrgID: org.ID, Employee: e.Key, EmployeeID: e.ID, Date: d.String(), Shift: p.Shift.Key,
			Job: p.Shift.Job, Start: p.Start, End: p.End, ManagerID: e.ManagerID})
	}
	return out, nil
}
