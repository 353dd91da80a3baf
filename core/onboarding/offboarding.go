package onboarding

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
)

// TakeLeavers makes the offboarding checklists of the people whose
// leaving was approved since the last pass (EventEmployeeLeaving), each
// in the transaction that marks its event taken: a crash makes it again,
// never twice. A leaving cancelled before the pass gets none.
func (s *Service) TakeLeavers(ctx context.Context) (int, error) {
	n, err := consumeEach(ctx, s, core.EventEmployeeLeaving, "leaving", s.startOffboarding)
	if err != nil {
		return n, fmt.Errorf("offboarding: %w", err)
	}
	return n, nil
}

func (s *Service) startOffboarding(ctx context.Context, orgID int64, l core.EmployeeLeaving) error {
	approved, err := s.store.LeavingApproved(ctx, orgID, l.ResignationID)
	if err != nil || !approved {
		return err // withdrawn or done meanwhile: nothing to walk through
	}
	lastDay, err := core.ParseDate(l.LastDay)
	if err != nil {
		return fmt.Errorf("leaving of %s: %w", l.Employee, err)
	}
	nc, err := s.store.Newcomer(ctx, orgID, l.EmployeeID)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return nil
	}
	if err != nil {
		return err
	}
	now := s.clock.Now()
	c, ok := PlanOffboarding(nc, lastDay, core.DateOf(now.In(nc.Org.Location())))
	if !ok {
		return nil // the org file has no offboarding checklist for their job
	}
	audit := core.AuditEntry{OrgID: orgID, ActorLabel: actorLabel, EntityType: EntityPerson, EntityID: nc.Person.Key,
		Channel: channelAuto, Outcome: core.OutcomeOK, Reason: fmt.Sprintf("resignation %d", l.ResignationID), At: now,
		Action: AuditStart, After: startSnapshot(c, nil, nil)}
	if _, err := s.store.CreateChecklist(ctx, c, audit); err != nil && core.ErrorCodeOf(err) != core.EConflict {
		return fmt.Errorf("offboarding checklist of %s: %w", nc.Person.Key, err)
	}
	return nil
}

// PlanOffboarding decides the offboarding checklist of someone leaving
// on lastDay, planned on today: the template of their job (else the
// default), days counted from the last day. A task whose day has passed
// already — a leaving approved late — is due today, not skipped: the
// handover and the laptop still have to happen. Buddy tasks go to HR.
func PlanOffboarding(n Newcomer, lastDay, today core.Date) (Checklist, bool) {
	p := n.Person
	tpl, ok := n.Policy.Template(KindOffboarding, p.Job)
	if !ok || len(tpl.Tasks) == 0 || p.Status != core.StatusActive {
		return Checklist{}, false
	}
	c := Checklist{OrgID: n.Org.ID, Kind: KindOffboarding, Person: p, Job: tpl.Job, Anchor: lastDay, CreatedOn: today}
	for i, t := range tpl.Tasks {
		due := lastDay.AddDays(t.Day)
		if due.Before(today) {
			due = today
		}
		task := Task{Position: i + 1, Title: t.Title, Owner: t.Owner, Due: due, PersonID: p.ID, PersonKey: p.Key, PersonName: p.Name}
		switch t.Owner {
		case OwnerManager:
			task.OwnerID = p.ManagerID
		case OwnerPerson:
			task.OwnerID = p.ID
		}
		c.Tasks = append(c.Tasks, task)
	}
	return c, true
}
