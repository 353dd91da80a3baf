package leaving

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// Notice is the notice a person owes on day (art. 37): 3 days while in
// probation, 30 days after.
func Notice(onProbation bool) int {
	if onProbation {
		return NoticeProbation
	}
	return NoticeDays
}

// Earliest is the earliest last day a notice given on today allows: the
// notice runs from the day after it is given, so its last day is the
// notice's last.
func Earliest(today core.Date, notice int) core.Date { return today.AddDays(notice) }

// Request files a resignation. The person's own (Kind Resign) must give
// the notice the law asks — a last day sooner is refused
// (leaving.short_notice) — and goes to their manager, then HR; a manager
// or HR may agree an earlier day when approving. HR ending someone's
// employment (Kind Dismiss, a reason required) is approved at once.
// Errors: ENotFound, EForbidden (audited), EInvalid with a catalogue
// key, EConflict (leaving.open_exists).
func (s *Service) Request(ctx context.Context, m core.Member, ask Ask, channel string) (Resignation, error) {
	r, target, err := s.Preview(ctx, m, ask, channel)
	if err != nil {
		return Resignation{}, err
	}
	kind, reason := r.Kind, r.Reason
	now := s.clock.Now()
	r.CreatedAt = now
	var ns []core.Notification
	if kind == Dismiss {
		r.Status, r.Step, r.DecidedByID, r.DecidedBy, r.DecidedAt = Approved, StepHR, m.Employee.ID, m.Employee.Name, now
		ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: target.ID, Kind: core.NotifyLeavingDecided, CreatedAt: now})
		if target.ManagerID != 0 && target.ManagerID != m.Employee.ID {
			ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: target.ManagerID, Kind: core.NotifyLeavingDecided, CreatedAt: now})
		}
	} else {
		first, err := s.approver(ctx, r, StepManager)
		if err != nil {
			return Resignation{}, err
		}
		r.Step, r.ApproverID, r.ApproverName = first.step, first.approver.ID, first.approver.Name
		ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: r.ApproverID, Kind: core.NotifyLeavingRequest, CreatedAt: now})
	}
	r, err = s.store.Create(ctx, r, core.AuditEntry{OrgID: r.OrgID, ActorID: m.Employee.ID, Action: AuditRequest, EntityType: "resignation",
		After: snapshot(r), Channel: channel, Outcome: core.OutcomeOK, At: now, Reason: reason}, ns)
	if core.ErrorCodeOf(err) == core.EConflict {
		return Resignation{}, core.Errorf(core.EConflict, "leaving.open_exists", "%s has a resignation open", target.Key).With("name", target.Name)
	}
	if err != nil {
		return Resignation{}, fmt.Errorf("resignation of %s: %w", target.Key, err)
	}
	return r, nil
}

// Preview checks a resignation as Request would file it, storing
// nothing: the person, the permission, the notice, the day, the reason,
// and that they have none open. It returns it as it would be filed
// (without its approver) and whom it is for.
func (s *Service) Preview(ctx context.Context, m core.Member, ask Ask, channel string) (Resignation, core.Employee, error) {
	target, err := s.person(ctx, m, ask.Person)
	if err != nil {
		return Resignation{}, core.Employee{}, err
	}
	kind := Resign
	if target.ID != m.Employee.ID {
		if err := s.auth.Authorize(ctx, m, core.ActionPeopleManage, &target, channel); err != nil {
			return Resignation{}, core.Employee{}, err
		}
		kind = Dismiss
	}
	if target.Status != core.StatusActive {
		return Resignation{}, core.Employee{}, core.Errorf(core.EInvalid, "leaving.inactive", "%s has left", target.Key).With("name", target.Name)
	}
	today := s.today(m.Org)
	probation, err := s.store.OnProbation(ctx, m.Org.ID, target.ID, today)
	if err != nil {
		return Resignation{}, core.Employee{}, fmt.Errorf("resignation of %s: %w", target.Key, err)
	}
	notice := Notice(probation)
	reason := strings.TrimSpace(ask.Reason)
	switch {
	case ask.LastDay.IsZero():
		return Resignation{}, core.Employee{}, core.Errorf(core.EInvalid, "leaving.no_date", "a resignation needs a last day").
			With("date", Earliest(today, notice).String()).With("days", strconv.Itoa(notice))
	case ask.LastDay.Before(today):
		return Resignation{}, core.Employee{}, core.Errorf(core.EInvalid, "leaving.past_date", "%s has gone by", ask.LastDay).With("date", ask.LastDay.String())
	case kind == Resign && ask.LastDay.Before(Earliest(today, notice)):
		return Resignation{}, core.Employee{}, shortNotice(notice, probation, Earliest(today, notice))
	case kind == Dismiss && reason == "":
		return Resignation{}, core.Employee{}, core.Errorf(core.EInvalid, "leaving.no_reason", "ending employment needs a reason")
	case !target.HireDate.IsZero() && ask.LastDay.Before(core.DateOf(target.HireDate)):
		return Resignation{}, core.Employee{}, core.Errorf(core.EInvalid, "leaving.before_hire", "before the hire date").With("date", core.DateOf(target.HireDate).String())
	}
	earlier, err := s.store.OfPerson(ctx, m.Org.ID, target.ID)
	if err != nil {
		return Resignation{}, core.Employee{}, fmt.Errorf("resignations of %s: %w", target.Key, err)
	}
	for _, e := range earlier {
		if e.Status.Open() {
			return Resignation{}, core.Employee{}, core.Errorf(core.EConflict, "leaving.open_exists", "%s has a resignation open", target.Key).
				With("name", target.Name)
		}
	}
	return Resignation{OrgID: m.Org.ID, EmployeeID: target.ID, EmployeeKey: target.Key, EmployeeName: target.Name, ManagerID: target.ManagerID,
		RequestedByID: m.Employee.ID, RequestedBy: m.Employee.Name, Kind: kind, LastDay: ask.LastDay, NoticeDays: notice,
		Reason: reason, Status: Pending, Step: StepManager}, target, nil
}

func shortNotice(notice int, probation bool, earliest core.Date) error {
	key := "leaving.short_notice"
	if probation {
		key = "leaving.short_notice_probation"
	}
	return core.Errorf(core.EInvalid, key, "notice of %d days: last day %s at the earliest", notice, earliest).
		With("days", strconv.Itoa(notice)).With("date", earliest.String())
}

// person finds whom a resignation is for: the asker for "" or "me".
func (s *Service) person(ctx context.Context, m core.Member, who string) (core.Employee, error) {
	who = strings.ToLower(strings.TrimSpace(who))
	switch who {
	case "", "me", "我", "本人":
		return m.Employee, nil
	}
	return s.store.FindEmployee(ctx, m.Org.ID, who)
}

// Find returns one resignation: the person's own, or for those who
// decide them.
func (s *Service) Find(ctx context.Context, m core.Member, id int64) (Resignation, error) {
	r, err := s.store.Find(ctx, m.Org.ID, id)
	if err != nil {
		return Resignation{}, err
	}
	if r.EmployeeID == m.Employee.ID || r.ApproverID == m.Employee.ID || r.ManagerID == m.Employee.ID ||
		m.Employee.Role == core.RoleHR || m.Employee.Role == core.RoleAdmin {
		return r, nil
	}
	return Resignation{}, core.Errorf(core.ENotFound, "leaving.not_found", "no resignation %d", id).With("id", strconv.FormatInt(id, 10))
}
