package transfer

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// involved reports whether m has a part in t: the person, who asked, the
// approver, the old or new manager.
func involved(m core.Member, t Transfer) bool {
	id := m.Employee.ID
	return id == t.EmployeeID || id == t.RequestedByID || id == t.ApproverID || id == t.From.ManagerID || id == t.To.ManagerID
}

func staff(m core.Member) bool {
	return m.Employee.Role == core.RoleHR || m.Employee.Role == core.RoleAdmin
}

// Find returns a transfer for someone with a part in it, or HR. Errors:
// ENotFound, also for a transfer m has no part in (its existence is not
// theirs to know).
func (s *Service) Find(ctx context.Context, m core.Member, id int64) (Transfer, error) {
	t, err := s.store.Find(ctx, m.Org.ID, id)
	if err != nil {
		return Transfer{}, fmt.Errorf("find transfer %d: %w", id, err)
	}
	if !staff(m) && !involved(m, t) {
		return Transfer{}, core.Errorf(core.ENotFound, "transfer.not_found", "no transfer %d", id).With("id", strconv.FormatInt(id, 10))
	}
	return t, nil
}

// Open lists the transfers still to take effect that m may see — HR and
// admins every one of the org, others those they have a part in — by
// effective date; Waiting marks those waiting on m's approval.
func (s *Service) Open(ctx context.Context, m core.Member) ([]Transfer, error) {
	ts, err := s.store.List(ctx, m.Org.ID, []Status{Pending, Approved})
	if err != nil {
		return nil, fmt.Errorf("open transfers: %w", err)
	}
	ts = slices.DeleteFunc(ts, func(t Transfer) bool { return !staff(m) && !involved(m, t) })
	return ts, nil
}

// WaitsOn reports whether t waits on m's decision (as its approver, or
// as HR stepping in), m not being the person moved nor who asked.
func WaitsOn(m core.Member, t Transfer) bool {
	if t.Status != Pending || m.Employee.ID == t.EmployeeID || m.Employee.ID == t.RequestedByID {
		return false
	}
	return m.Employee.ID == t.ApproverID || staff(m)
}

// Period is a stretch of a person's job history.
type Period struct {
	From, To core.Date // To zero: open-ended (the present, or a transfer to come)
	Terms    Terms
	Current  bool // the present: what the person's record says
	Coming   bool // an approved transfer not yet in effect
	Transfer int64
}

// History is a person's job history, oldest first, with the transfer to
// come (approved) last, for those who may see the person. Errors:
// ENotFound, EForbidden (audited).
func (s *Service) History(ctx context.Context, m core.Member, target core.Employee, channel string) ([]Period, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionEmployeeView, &target, channel); err != nil {
		return nil, err
	}
	rows, err := s.store.Assignments(ctx, m.Org.ID, target.ID)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", target.Key, err)
	}
	var out []Period
	for i, a := range rows {
		p := Period{From: a.From, Terms: Terms{Job: a.Job, TeamID: a.TeamID, TeamKey: a.TeamKey, TeamName: a.TeamName,
			ManagerID: a.ManagerID, ManagerKey: a.ManagerKey, ManagerName: a.ManagerName, ScheduleKey: a.ScheduleKey,
			RotationOffset: a.RotationOffset}}
		if i+1 < len(rows) {
			p.To = rows[i+1].From.AddDays(-1)
		}
		if a.Current {
			p.Current, p.Terms = true, TermsOf(target)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		out = append(out, Period{Current: true, Terms: TermsOf(target)})
	}
	if p := &out[0]; p.From.IsZero() && !target.HireDate.IsZero() {
		p.From = core.DateOf(target.HireDate)
	}
	ts, err := s.store.OfPerson(ctx, m.Org.ID, target.ID)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", target.Key, err)
	}
	for _, t := range ts {
		if t.Status == Approved {
			out[len(out)-1].To = t.Effective.AddDays(-1)
			out = append(out, Period{From: t.Effective, Terms: t.overlay(target), Coming: true, Transfer: t.ID})
		}
	}
	return out, nil
}

// overlay is the person's present terms with t's changes.
func (t Transfer) overlay(e core.Employee) Terms {
	out := TermsOf(e)
	if t.Sets.Has(FieldJob) {
		out.Job = t.To.Job
	}
	if t.Sets.Has(FieldTeam) {
		out.TeamID, out.TeamKey, out.TeamName = t.To.TeamID, t.To.TeamKey, t.To.TeamName
	}
	if t.Sets.Has(FieldManager) {
		out.ManagerID, out.ManagerKey, out.ManagerName = t.To.ManagerID, t.To.ManagerKey, t.To.ManagerName
	}
	if t.Sets.Has(FieldSchedule) {
		out.ScheduleKey, out.RotationOffset = t.To.ScheduleKey, t.To.RotationOffset
	}
	return out
}

// Choices are what a transfer may move someone to, for a form.
type Choices struct {
	Jobs      core.Jobs
	Teams     []core.Team
	People    []core.Employee // active, who may manage
	Schedules []attendance.Schedule
}

// Choices lists the org's jobs, teams, people and schedules.
func (s *Service) Choices(ctx context.Context, m core.Member) (Choices, error) {
	var c Choices
	var err error
	if c.Jobs, err = s.store.Jobs(ctx, m.Org.ID); err != nil {
		return c, err
	}
	if c.Teams, err = s.store.Teams(ctx, m.Org.ID); err != nil {
		return c, err
	}
	if c.People, err = s.store.ListEmployees(ctx, m.Org.ID, 0); err != nil {
		return c, err
	}
	setup, err := s.plans.Setup(ctx, m.Org)
	if err != nil {
		return c, err
	}
	for _, sc := range setup.Schedules {
		c.Schedules = append(c.Schedules, sc)
	}
	sort.Slice(c.Schedules, func(i, j int) bool { return c.Schedules[i].Key < c.Schedules[j].Key })
	return c, nil
}
