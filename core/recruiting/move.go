package recruiting

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Application returns one application for its opening's hiring manager,
// HR and admins (refusals audited).
func (s *Service) Application(ctx context.Context, m core.Member, id int64, channel string) (Application, error) {
	a, err := s.store.Application(ctx, m.Org.ID, id)
	if err != nil {
		return Application{}, err
	}
	if a.HiringManagerID == m.Employee.ID || s.internalsManager(ctx, m, a) {
		return a, nil
	}
	if err := s.auth.Authorize(ctx, m, core.ActionRecruitingDecide, nil, channel); err != nil {
		return Application{}, err
	}
	return a, nil
}

// internalsManager reports whether m manages a's internal candidate and
// may see it: once it reached interview, not before (the candidate's
// move is theirs to tell until then). Seeing is not deciding: moves check
// the hiring manager again.
func (s *Service) internalsManager(ctx context.Context, m core.Member, a Application) bool {
	if a.Candidate.EmployeeID == 0 || a.Stage == Applying || a.Stage == Applied || a.Stage == Screened || a.Stage == KnockedOut {
		return false
	}
	e, err := s.store.FindEmployeeByID(ctx, a.OrgID, a.Candidate.EmployeeID)
	return err == nil && e.ManagerID == m.Employee.ID
}

// decidable returns an application m may move: its opening's hiring
// manager, HR and admins (refusals audited).
func (s *Service) decidable(ctx context.Context, m core.Member, id int64, channel string) (Application, error) {
	a, err := s.store.Application(ctx, m.Org.ID, id)
	if err != nil {
		return Application{}, err
	}
	if a.HiringManagerID != m.Employee.ID {
		if err := s.auth.Authorize(ctx, m, core.ActionRecruitingDecide, nil, channel); err != nil {
			return Application{}, err
		}
	}
	return a, nil
}

// CV opens an application's CV for its hiring manager, HR and admins;
// every read is audited (recruiting.cv_read).
func (s *Service) CV(ctx context.Context, m core.Member, id int64, channel string) (File, error) {
	a, err := s.decidable(ctx, m, id, channel)
	if err != nil {
		return File{}, err
	}
	f, err := s.store.CV(ctx, a.OrgID, a.ID)
	if err != nil {
		return File{}, err
	}
	err = s.store.RecordAudit(ctx, core.AuditEntry{OrgID: a.OrgID, ActorID: m.Employee.ID, Action: AuditCVRead, EntityType: "application",
		EntityID: strconv.FormatInt(a.ID, 10), Channel: channel, Outcome: core.OutcomeOK, At: s.clock.Now()})
	return f, err
}

// Advance moves an application from stage `from` to the next stage of
// the pipeline (applied → screened → interview → offer); hired is reached
// by an accepted offer, not by a button. Naming the stage it is moved
// from makes a double click, or two managers pressing at once, move it
// once. The candidate is told; an internal candidate's manager hears of
// it only once they reach interview. Errors: EForbidden (audited),
// EConflict (moved meanwhile, or at the end of the pipeline).
func (s *Service) Advance(ctx context.Context, m core.Member, id int64, from Stage, channel string) (Application, error) {
	a, err := s.decidable(ctx, m, id, channel)
	if err != nil {
		return Application{}, err
	}
	if from != "" && a.Stage != from {
		return a, moved(a)
	}
	to, ok := a.Stage.Next()
	if !ok || to == Hired {
		return a, moved(a)
	}
	return s.move(ctx, m, a, to, "", channel)
}

// Reject ends an application with a reason (kept for HR, not shown to
// the candidate, who gets a kind message in their language). Errors:
// EInvalid "recruiting.reject_reason", EForbidden, EConflict.
func (s *Service) Reject(ctx context.Context, m core.Member, id int64, reason, channel string) (Application, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Application{}, core.Errorf(core.EInvalid, "recruiting.reject_reason", "a rejection needs a reason")
	}
	a, err := s.decidable(ctx, m, id, channel)
	if err != nil {
		return Application{}, err
	}
	if a.Stage.Closed() || a.Stage == Applying {
		return a, moved(a)
	}
	return s.move(ctx, m, a, Rejected, reason, channel)
}

// Withdraw is the candidate taking their application back, at any stage
// before it closed.
func (s *Service) Withdraw(ctx context.Context, acc Account, id int64) (Application, error) {
	a, err := s.candidateApplication(ctx, acc, id)
	if err != nil {
		return Application{}, err
	}
	if a.Stage.Closed() {
		return a, moved(a)
	}
	now := s.clock.Now()
	from := a.Stage
	a.Stage, a.StageSince = Withdrawn, now
	var ns []core.Notification
	if from != Applying {
		ns = append(ns, core.Notification{OrgID: a.OrgID, RecipientID: a.HiringManagerID, Kind: NotifyMoved, CreatedAt: now,
			Params: map[string]string{"application": strconv.FormatInt(a.ID, 10)}})
	}
	err = s.store.Move(ctx, a, from, Move{ApplicationID: a.ID, From: from, To: Withdrawn, At: now},
		core.AuditEntry{OrgID: a.OrgID, ActorID: a.Candidate.EmployeeID, ActorLabel: "candidate", Action: AuditWithdraw,
			EntityType: "application", EntityID: strconv.FormatInt(a.ID, 10), After: map[string]any{"stage": Withdrawn},
			Channel: string(acc.Platform), Outcome: core.OutcomeOK, At: now}, ns)
	return a, err
}

// candidateApplication finds an application of the candidate on acc.
func (s *Service) candidateApplication(ctx context.Context, acc Account, id int64) (Application, error) {
	a, err := s.store.ApplicationOf(ctx, acc, id)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return Application{}, core.Errorf(core.ENotFound, "recruiting.no_application", "no application %d", id)
	}
	return a, err
}

// move moves a to stage `to` for m, with the move recorded, audited and
// told: the candidate by message (in the same transaction), an internal
// candidate's manager once they reach interview.
func (s *Service) move(ctx context.Context, m core.Member, a Application, to Stage, reason, channel string) (Application, error) {
	now := s.clock.Now()
	from := a.Stage
	a.Stage, a.StageSince = to, now
	if to == Rejected {
		a.Reason = reason
	}
	id := strconv.FormatInt(a.ID, 10)
	var ns []core.Notification
	if to == Interview && a.Candidate.EmployeeID != 0 {
		if e, err := s.store.FindEmployeeByID(ctx, a.OrgID, a.Candidate.EmployeeID); err == nil && e.ManagerID != 0 && e.ManagerID != m.Employee.ID {
			ns = append(ns, core.Notification{OrgID: a.OrgID, RecipientID: e.ManagerID, Kind: NotifyMoved, CreatedAt: now,
				Params: map[string]string{"application": id}})
		}
	}
	err := s.store.InTurn(ctx, func(ctx context.Context) error {
		err := s.store.Move(ctx, a, from, Move{ApplicationID: a.ID, From: from, To: to, ByID: m.Employee.ID, By: m.Employee.Name,
			Reason: reason, At: now}, core.AuditEntry{OrgID: a.OrgID, ActorID: m.Employee.ID, Action: AuditMove, EntityType: "application",
			EntityID: id, Before: map[string]any{"stage": from}, After: map[string]any{"stage": to}, Channel: channel,
			Outcome: core.OutcomeOK, At: now, Reason: reason}, ns)
		if err != nil {
			return err
		}
		return s.tellCandidate(ctx, a, to)
	})
	if core.ErrorCodeOf(err) == core.EConflict {
		if latest, ferr := s.store.Application(ctx, a.OrgID, a.ID); ferr == nil {
			return latest, moved(latest)
		}
	}
	if err != nil {
		return Application{}, fmt.Errorf("move application %d to %s: %w", a.ID, to, err)
	}
	return a, nil
}

// tellCandidate queues the candidate's message about a move: a kind
// rejection, or that they go on. An internal candidate is told in their
// own chat like any message to them; one without a chat account is told
// nothing (HR reaches them).
func (s *Service) tellCandidate(ctx context.Context, a Application, to Stage) error {
	if to == Offer { // the offer itself tells them (TellOffer, offer.go)
		return nil
	}
	kind := TellAdvanced
	if to == Rejected {
		kind = TellRejected
	}
	params := s.candidateParams(a)
	params["stage"] = string(to)
	return s.sendCandidate(ctx, a, kind, params, string(to))
}

// moved is the error for acting on an application that is elsewhere now.
func moved(a Application) error {
	return core.Errorf(core.EConflict, "recruiting.moved_meanwhile", "application %d is %s", a.ID, a.Stage).
		With("stage", string(a.Stage))
}
