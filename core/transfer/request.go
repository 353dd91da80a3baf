package transfer

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// Preview checks ask and returns the transfer it would file, with the
// first approver (ApproverID 0 and Status Approved when nobody needs to
// approve: HR asked, and nobody else's consent is due). It changes
// nothing. Errors: ENotFound (the person), EForbidden (audited: not theirs
// to ask, pay by someone not HR), EInvalid with a catalogue key for each
// thing wrong — an unknown job, team, manager or schedule, a day gone by,
// no reason, nothing that changes — EConflict when the person has an open
// transfer already.
func (s *Service) Preview(ctx context.Context, m core.Member, ask Ask, channel string) (Transfer, error) {
	target, err := s.person(ctx, m, ask.Person)
	if err != nil {
		return Transfer{}, err
	}
	if err := s.auth.Authorize(ctx, m, core.ActionTransferRequest, &target, channel); err != nil {
		return Transfer{}, err
	}
	if target.Status != core.StatusActive {
		return Transfer{}, core.Errorf(core.EInvalid, "transfer.inactive", "%s has left", target.Key).With("name", target.Name)
	}
	today := s.today(m.Org)
	switch {
	case ask.Effective.IsZero():
		return Transfer{}, core.Errorf(core.EInvalid, "transfer.no_date", "a transfer needs the day it takes effect")
	case ask.Effective.Before(today):
		return Transfer{}, core.Errorf(core.EInvalid, "transfer.past_date", "%s has gone by", ask.Effective).
			With("date", ask.Effective.String()).With("today", today.String())
	case strings.TrimSpace(ask.Reason) == "":
		return Transfer{}, core.Errorf(core.EInvalid, "transfer.no_reason", "a transfer needs a reason")
	}
	t := Transfer{OrgID: m.Org.ID, EmployeeID: target.ID, EmployeeKey: target.Key, EmployeeName: target.Name,
		RequestedByID: m.Employee.ID, RequestedBy: m.Employee.Name, Effective: ask.Effective, Reason: strings.TrimSpace(ask.Reason),
		Status: Pending, From: TermsOf(target)}
	t.To = t.From
	if err := s.resolve(ctx, m, target, ask, &t); err != nil {
		return Transfer{}, err
	}
	if ask.Pay != nil {
		if err := s.payChange(ctx, m, target, *ask.Pay, channel); err != nil {
			return Transfer{}, err
		}
		p := *ask.Pay
		t.Pay = &p
	}
	if t.Sets == 0 && t.Pay == nil {
		return Transfer{}, core.Errorf(core.EInvalid, "transfer.nothing", "the transfer changes nothing").With("name", target.Name)
	}
	if open, ok, err := s.openOf(ctx, m.Org.ID, target.ID); err != nil {
		return Transfer{}, err
	} else if ok {
		return Transfer{}, openError(open)
	}
	chain, err := s.chain(ctx, t, m.Employee)
	if err != nil {
		return Transfer{}, err
	}
	if len(chain) == 0 {
		t.Status = Approved
		return t, nil
	}
	t.Step, t.ApproverID, t.ApproverName = chain[0].step, chain[0].approver.ID, chain[0].approver.Name
	return t, nil
}

// Request files the transfer Preview shows: its first approver is asked
// (and the person told, when someone else asked), or — nobody's approval
// due — it is approved at once, and in effect at once when its day has
// come. Errors: those of Preview.
func (s *Service) Request(ctx context.Context, m core.Member, ask Ask, channel string) (Transfer, error) {
	t, err := s.Preview(ctx, m, ask, channel)
	if err != nil {
		return Transfer{}, err
	}
	now := s.clock.Now()
	t.CreatedAt, t.SentAt = now, now
	var ns []core.Notification
	if t.ApproverID != 0 {
		ns = append(ns, core.Notification{OrgID: t.OrgID, RecipientID: t.ApproverID, Kind: core.NotifyTransferRequest, CreatedAt: now})
	} else {
		t.DecidedByID, t.DecidedBy, t.DecidedAt = m.Employee.ID, m.Employee.Name, now
	}
	if t.EmployeeID != m.Employee.ID {
		ns = append(ns, core.Notification{OrgID: t.OrgID, RecipientID: t.EmployeeID, Kind: core.NotifyTransferRequest,
			Params: map[string]string{"about": "1"}, CreatedAt: now})
	}
	t, err = s.store.Create(ctx, t, core.AuditEntry{OrgID: t.OrgID, ActorID: m.Employee.ID, Action: AuditRequest,
		EntityType: "transfer", After: snapshot(t), Channel: channel, Outcome: core.OutcomeOK, At: now, Reason: t.Reason}, ns)
	if core.ErrorCodeOf(err) == core.EConflict {
		if open, ok, ferr := s.openOf(ctx, m.Org.ID, t.EmployeeID); ferr == nil && ok {
			return Transfer{}, openError(open)
		}
	}
	if err != nil {
		return Transfer{}, fmt.Errorf("request transfer of %s: %w", t.EmployeeKey, err)
	}
	if t.Status == Approved && !t.Effective.After(s.today(m.Org)) {
		return s.applyNow(ctx, m.Org, t)
	}
	return t, nil
}

// person finds whom a transfer is for: the asker for "" or "me", else by
// key or by name.
func (s *Service) person(ctx context.Context, m core.Member, who string) (core.Employee, error) {
	who = strings.TrimSpace(who)
	switch strings.ToLower(who) {
	case "", "me", "myself", "我", "自己", "本人":
		return m.Employee, nil
	}
	e, err := s.store.FindEmployee(ctx, m.Org.ID, strings.ToLower(who))
	if core.ErrorCodeOf(err) != core.ENotFound {
		return e, err
	}
	people, lerr := s.store.ListEmployees(ctx, m.Org.ID, 0)
	if lerr != nil {
		return core.Employee{}, lerr
	}
	for _, p := range people {
		if p.AnswersTo(who) {
			return p, nil
		}
	}
	return core.Employee{}, core.Errorf(core.ENotFound, "employee.not_found", "no %s", who).With("key", who)
}

// resolve reads the new job, team, manager and schedule of ask into t.
func (s *Service) resolve(ctx context.Context, m core.Member, target core.Employee, ask Ask, t *Transfer) error {
	if w := strings.TrimSpace(ask.Job); w != "" {
		jobs, err := s.store.Jobs(ctx, m.Org.ID)
		if err != nil {
			return err
		}
		key, err := core.ResolveJob(w, jobs, s.builtin)
		if err != nil {
			return core.Errorf(core.EInvalid, "transfer.unknown_job", "no job %q", w).With("job", w).With("jobs", strings.Join(jobs.Keys(), ", "))
		}
		s.set(t, FieldJob, key != t.From.Job, func(to *Terms) { to.Job = key })
	}
	if w := strings.TrimSpace(ask.Team); w != "" {
		team, err := s.team(ctx, m.Org.ID, w)
		if err != nil {
			return err
		}
		s.set(t, FieldTeam, team.ID != t.From.TeamID, func(to *Terms) { to.TeamID, to.TeamKey, to.TeamName = team.ID, team.Key, team.Name })
	}
	if w := strings.TrimSpace(ask.Manager); w != "" {
		boss, err := s.manager(ctx, m, target, w)
		if err != nil {
			return err
		}
		s.set(t, FieldManager, boss.ID != t.From.ManagerID, func(to *Terms) {
			to.ManagerID, to.ManagerKey, to.ManagerName = boss.ID, boss.Key, boss.Name
		})
	}
	if ask.Schedule != nil {
		key, err := s.schedule(ctx, m.Org, *ask.Schedule)
		if err != nil {
			return err
		}
		offset := ask.Offset
		s.set(t, FieldSchedule, key != t.From.ScheduleKey || offset != t.From.RotationOffset, func(to *Terms) {
			to.ScheduleKey, to.RotationOffset = key, offset
		})
	}
	return nil
}

// set marks field changed and applies it to t.To when it differs.
func (s *Service) set(t *Transfer, field Fields, differs bool, apply func(*Terms)) {
	if differs {
		t.Sets |= field
		apply(&t.To)
	}
}

func (s *Service) team(ctx context.Context, orgID int64, word string) (core.Team, error) {
	teams, err := s.store.Teams(ctx, orgID)
	if err != nil {
		return core.Team{}, err
	}
	keys := make([]string, 0, len(teams))
	for _, team := range teams {
		if team.Key == strings.ToLower(word) || strings.EqualFold(team.Name, word) ||
			strings.EqualFold(core.NameIn(team.Name, core.LocaleZH), word) || strings.EqualFold(core.NameIn(team.Name, core.LocaleEN), word) {
			return team, nil
		}
		keys = append(keys, team.Key)
	}
	sort.Strings(keys)
	return core.Team{}, core.Errorf(core.EInvalid, "transfer.unknown_team", "no team %q", word).With("team", word).With("teams", strings.Join(keys, ", "))
}

// manager finds the new manager: an active person of the org, neither
// the one moved nor anyone who reports to them, however indirectly.
func (s *Service) manager(ctx context.Context, m core.Member, target core.Employee, word string) (core.Employee, error) {
	people, err := s.store.ListEmployees(ctx, m.Org.ID, 0)
	if err != nil {
		return core.Employee{}, err
	}
	byID := make(map[int64]core.Employee, len(people))
	var boss *core.Employee
	for i, p := range people {
		byID[p.ID] = p
		if boss == nil && (p.Key == strings.ToLower(word) || p.AnswersTo(word)) {
			boss = &people[i]
		}
	}
	if boss == nil {
		return core.Employee{}, core.Errorf(core.EInvalid, "transfer.unknown_manager", "no active %s", word).With("manager", word)
	}
	if boss.ID == target.ID {
		return core.Employee{}, core.Errorf(core.EInvalid, "transfer.self_manager", "%s cannot manage themselves", target.Key).With("name", target.Name)
	}
	for up, hops := boss.ManagerID, 0; up != 0 && hops < len(people); hops++ {
		if up == target.ID {
			return core.Employee{}, core.Errorf(core.EInvalid, "transfer.manager_cycle", "%s reports to %s", boss.Key, target.Key).
				With("manager", boss.Name).With("name", target.Name)
		}
		up = byID[up].ManagerID
	}
	return *boss, nil
}

// schedule resolves a schedule word: "" or "standard" for the org's
// standard hours, else a schedule's key or name.
func (s *Service) schedule(ctx context.Context, org core.Org, word string) (string, error) {
	switch w := strings.ToLower(strings.TrimSpace(word)); w {
	case "", "standard", "none", "-", "标准", "标准工时", "无":
		return "", nil
	}
	setup, err := s.plans.Setup(ctx, org)
	if err != nil {
		return "", err
	}
	keys := make([]string, 0, len(setup.Schedules))
	for key, sc := range setup.Schedules {
		if key == strings.ToLower(strings.TrimSpace(word)) || strings.EqualFold(sc.Name, word) ||
			strings.EqualFold(core.NameIn(sc.Name, core.LocaleZH), word) || strings.EqualFold(core.NameIn(sc.Name, core.LocaleEN), word) {
			return key, nil
		}
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return "", core.Errorf(core.EInvalid, "transfer.unknown_schedule", "no schedule %q", word).With("schedule", word).With("schedules", strings.Join(keys, ", "))
}

// payChange checks a change of pay: HR's to ask for (pay is not a
// manager's to set), valid amounts, and a profile to change.
func (s *Service) payChange(ctx context.Context, m core.Member, target core.Employee, p pay.Terms, channel string) error {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	amount := p.Salary
	if p.Kind == pay.Hourly {
		amount = p.HourlyRate
	}
	if !amount.IsPositive() {
		return core.Errorf(core.EInvalid, "transfer.pay_amount", "the new pay must be more than zero")
	}
	ok, err := s.store.HasPayProfile(ctx, m.Org.ID, target.ID)
	if err != nil {
		return err
	}
	if !ok {
		return core.Errorf(core.EInvalid, "transfer.no_profile", "%s has no pay profile", target.Key).With("name", target.Name)
	}
	return nil
}

// openOf returns the person's open transfer, and whether there is one.
func (s *Service) openOf(ctx context.Context, orgID, employeeID int64) (Transfer, bool, error) {
	ts, err := s.store.OfPerson(ctx, orgID, employeeID)
	if err != nil {
		return Transfer{}, false, err
	}
	for _, t := range ts {
		if t.Status.Open() {
			return t, true, nil
		}
	}
	return Transfer{}, false, nil
}

func openError(t Transfer) error {
	return core.Errorf(core.EConflict, "transfer.open_exists", "%s has transfer %d open", t.EmployeeKey, t.ID).
		With("name", t.EmployeeName).With("id", strconv.FormatInt(t.ID, 10)).With("date", t.Effective.String())
}
