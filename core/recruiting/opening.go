package recruiting

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// OpenAsk is an opening as someone asks for it.
type OpenAsk struct {
	Job       string // a job key (resolved by the caller from what was typed)
	Headcount int
	// Manager is the hiring manager's key; "" is the one asking (HR's
	// opening without one goes to the job's people's manager? no: to
	// the asker).
	Manager string
}

// Open opens a position: the job, how many, the hiring manager, and the
// screening questions the org file gives the job (copied, so later edits
// do not change what candidates were asked). HR, admins and managers may.
// Errors: EForbidden (audited), EInvalid (recruiting.bad_headcount,
// recruiting.no_job).
func (s *Service) Open(ctx context.Context, m core.Member, ask OpenAsk, channel string) (Opening, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionRecruitingManage, nil, channel); err != nil {
		return Opening{}, err
	}
	// Candidates would be asked for a contact and a CV that could not be
	// kept: say so to who opens the position, not to them.
	if err := s.store.Sealing(); err != nil {
		return Opening{}, err
	}
	job := strings.TrimSpace(ask.Job)
	if job == "" {
		return Opening{}, core.Errorf(core.EInvalid, "recruiting.no_job", "which job?")
	}
	if ask.Headcount < 1 || ask.Headcount > 100 {
		return Opening{}, core.Errorf(core.EInvalid, "recruiting.bad_headcount", "1 to 100 people, not %d", ask.Headcount).
			With("count", strconv.Itoa(ask.Headcount))
	}
	manager := m.Employee
	if ask.Manager != "" {
		e, err := s.store.FindEmployee(ctx, m.Org.ID, strings.ToLower(strings.TrimSpace(ask.Manager)))
		if err != nil {
			return Opening{}, err
		}
		if e.Status != core.StatusActive {
			return Opening{}, core.Errorf(core.EInvalid, "recruiting.manager_left", "%s has left", e.Key).With("name", e.Name)
		}
		manager = e
	}
	pol, err := s.store.Policy(ctx, m.Org.ID)
	if err != nil {
		return Opening{}, fmt.Errorf("open %s: %w", job, err)
	}
	now := s.clock.Now()
	o := Opening{OrgID: m.Org.ID, Job: job, Headcount: ask.Headcount, HiringManagerID: manager.ID, HiringManagerName: manager.Name,
		Questions: pol.Questions[job], Status: OpeningOpen, CreatedBy: m.Employee.ID, CreatedAt: now}
	o, err = s.store.CreateOpening(ctx, o, core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: AuditOpen,
		EntityType: "opening", After: map[string]any{"job": job, "headcount": o.Headcount, "manager": manager.Key,
			"questions": len(o.Questions)}, Channel: channel, Outcome: core.OutcomeOK, At: now})
	if err != nil {
		return Opening{}, fmt.Errorf("open %s: %w", job, err)
	}
	return o, nil
}

// Openings lists the org's openings with their counts per stage: open
// ones only unless all.
func (s *Service) Openings(ctx context.Context, m core.Member, all bool) ([]Opening, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionRecruitingManage, nil, "chat"); err != nil {
		return nil, err
	}
	return s.store.Openings(ctx, m.Org.ID, !all)
}

// OpenOpenings lists the org's open positions for anyone of the org:
// what an employee may apply to or refer someone for.
func (s *Service) OpenOpenings(ctx context.Context, m core.Member) ([]Opening, error) {
	return s.store.Openings(ctx, m.Org.ID, true)
}

// Close closes an opening: its link takes no more candidates. Its hiring
// manager, HR and admins may.
func (s *Service) Close(ctx context.Context, m core.Member, id int64, channel string) (Opening, error) {
	o, err := s.store.Opening(ctx, m.Org.ID, id)
	if err != nil {
		return Opening{}, err
	}
	if o.HiringManagerID != m.Employee.ID {
		if err := s.auth.Authorize(ctx, m, core.ActionRecruitingDecide, nil, channel); err != nil {
			return Opening{}, err
		}
	}
	if o.Status != OpeningOpen {
		return o, nil
	}
	o.Status = OpeningClosed
	err = s.store.SetOpeningStatus(ctx, m.Org.ID, id, OpeningClosed, core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID,
		Action: AuditClose, EntityType: "opening", EntityID: strconv.FormatInt(id, 10), Channel: channel, Outcome: core.OutcomeOK,
		At: s.clock.Now()})
	return o, err
}

// OpeningFor returns one opening of m's org.
func (s *Service) OpeningFor(ctx context.Context, m core.Member, id int64) (Opening, error) {
	return s.store.Opening(ctx, m.Org.ID, id)
}

// Applications lists an opening's applications for its hiring manager,
// HR and admins.
func (s *Service) Applications(ctx context.Context, m core.Member, openingID int64, channel string) ([]Application, error) {
	o, err := s.store.Opening(ctx, m.Org.ID, openingID)
	if err != nil {
		return nil, err
	}
	if o.HiringManagerID != m.Employee.ID {
		if err := s.auth.Authorize(ctx, m, core.ActionRecruitingDecide, nil, channel); err != nil {
			return nil, err
		}
	}
	return s.store.Applications(ctx, m.Org.ID, openingID)
}
