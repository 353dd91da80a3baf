package leave

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// Authorizer applies core's permission rules and audits refusals.
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service runs leave for every org.
type Service struct {
	store Store
	plans Plans
	auth  Authorizer
	clock core.Clock
}

// NewService returns a Service.
func NewService(store Store, plans Plans, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, plans: plans, auth: auth, clock: clock}
}

// Setup returns the org's leave configuration.
func (s *Service) Setup(ctx context.Context, org core.Org) (Setup, error) {
	setup, err := s.store.Setup(ctx, org.ID)
	if err != nil {
		return Setup{}, fmt.Errorf("load leave setup of %s: %w", org.Key, err)
	}
	return setup, nil
}

// Balance is one leave type's balance for a year, in minutes.
type Balance struct {
	Type      core.LeaveType
	Year      int
	Unlimited bool
	Entitled  int
	Carried   int
	Adjusted  int
	Used      int
	Pending   int
	Available int // entitled + carried + adjusted - used - pending
}

// Balance works out e's balance of type t in year as of today.
func (s *Service) Balance(ctx context.Context, org core.Org, setup Setup, e core.Employee, t core.LeaveType, year int) (Balance, error) {
	b := Balance{Type: t, Year: year}
	if t.Accrual == core.AccrualNone {
		b.Unlimited = true
	}
	expiry, carries := carryExpiry(t, year-1)
	u, err := s.store.Usage(ctx, org.ID, e.ID, t.Key, year, expiry)
	if err != nil {
		return Balance{}, fmt.Errorf("balance of %s: %w", e.Key, err)
	}
	b.Used, b.Pending, b.Adjusted = u.Approved, u.Pending, u.Adjusted
	switch t.Accrual {
	case core.AccrualRestDayOvertime:
		b.Entitled = u.RestDayOT
	case core.AccrualNone:
	default:
		b.Entitled = Entitlement(t, e, year, setup.Policy.DayMinutes)
	}
	if carries && !b.Unlimited {
		prev, err := s.store.Usage(ctx, org.ID, e.ID, t.Key, year-1, core.Date{})
		if err != nil {
			return Balance{}, fmt.Errorf("balance of %s: %w", e.Key, err)
		}
		prevEntitled := Entitlement(t, e, year-1, setup.Policy.DayMinutes)
		if t.Accrual == core.AccrualRestDayOvertime {
			prevEntitled = prev.RestDayOT
		}
		left := max(0, prevEntitled+prev.Adjusted-prev.Approved)
		b.Carried = min(left, t.CarryOverDays*setup.Policy.DayMinutes)
		// After the expiry date only what was used of it before then counts.
		if today := core.DateOf(s.clock.Now().In(org.Location())); today.After(expiry) {
			b.Carried = min(b.Carried, u.ApprovedBefore)
		}
	}
	b.Available = b.Entitled + b.Carried + b.Adjusted - b.Used - b.Pending
	return b, nil
}

// Balances returns the member's balances of every type this year.
func (s *Service) Balances(ctx context.Context, m core.Member) ([]Balance, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return nil, err
	}
	year := s.clock.Now().In(m.Org.Location()).Year()
	out := make([]Balance, 0, len(setup.Types))
	for _, t := range setup.Types {
		if !t.ForEmployee(m.Employee) {
			continue // maternity leave is nobody else's business
		}
		b, err := s.Balance(ctx, m.Org, setup, m.Employee, t, year)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// Ask is what a person asks for.
type Ask struct {
	Type string // key
	Span Span
	// Hours is hourly leave within one day without given times ("two
	// hours"); 0 means the span's days or Clock.
	Hours int
	// Clock is hourly leave at given times within one day ("15:00–17:00");
	// zero when not given.
	Clock  Clock
	Reason string
}

// Clock is a span of hours within a day, in minutes after midnight.
type Clock struct{ Start, End int }

// IsZero reports whether no hours were given.
func (c Clock) IsZero() bool { return c == Clock{} }

// AvailableTypes returns the types e may take, in the setup's order.
func (s Setup) AvailableTypes(e core.Employee) []core.LeaveType {
	var out []core.LeaveType
	for _, t := range s.Types {
		if t.ForEmployee(e) {
			out = append(out, t)
		}
	}
	return out
}

// Preview is what a request would cost, shown before it is sent.
type Preview struct {
	Ask         Ask
	Type        core.LeaveType
	Minutes     int
	WorkingDays float64
	Start, End  time.Time
	Balance     Balance
	After       int // available after the request
	Approver    core.Employee
	NeedsHR     bool
}

// Preview checks an ask and works out its cost. Errors: EInvalid (unknown
// type, wrong unit, no working day in it, reason missing, in the past,
// over the balance).
func (s *Service) Preview(ctx context.Context, m core.Member, ask Ask) (Preview, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return Preview{}, err
	}
	t, ok := setup.Type(ask.Type)
	if !ok {
		return Preview{}, core.Errorf(core.EInvalid, "leave.unknown_type", "unknown leave type %q", ask.Type).With("type", ask.Type)
	}
	if !t.ForEmployee(m.Employee) {
		return Preview{}, core.Errorf(core.EInvalid, "leave.not_for_you", "%s does not apply to %s", t.Key, m.Employee.Key).With("type", t.Name)
	}
	if t.ReasonRequired && ask.Reason == "" {
		return Preview{}, core.Errorf(core.EInvalid, "leave.reason_required", "%s needs a reason", t.Name).With("type", t.Name)
	}
	half := ask.Span.FromPart != FullDay || ask.Span.ToPart != FullDay
	hourly := ask.Hours > 0 || !ask.Clock.IsZero()
	switch {
	case t.Unit == core.UnitDay && (half || hourly):
		return Preview{}, core.Errorf(core.EInvalid, "leave.whole_days", "%s is taken in whole days", t.Name).With("type", t.Name)
	case t.Unit != core.UnitHour && hourly:
		return Preview{}, core.Errorf(core.EInvalid, "leave.no_hours", "%s is not taken by the hour", t.Name).With("type", t.Name)
	case hourly && ask.Span.From != ask.Span.To:
		return Preview{}, core.Errorf(core.EInvalid, "leave.hours_one_day", "hours are for one day")
	case !ask.Clock.IsZero() && ask.Clock.End <= ask.Clock.Start:
		return Preview{}, core.Errorf(core.EInvalid, "leave.hours_backwards", "hours end before they start").
			With("from", clockText(ask.Clock.Start)).With("to", clockText(ask.Clock.End))
	case !ask.Clock.IsZero() && (ask.Clock.End-ask.Clock.Start)%60 != 0:
		return Preview{}, core.Errorf(core.EInvalid, "leave.whole_hours", "%s is taken in whole hours", t.Name).With("type", t.Name)
	}
	loc := m.Org.Location()
	today := core.DateOf(s.clock.Now().In(loc))
	if ask.Span.From.Before(today) {
		return Preview{}, core.Errorf(core.EInvalid, "leave.past", "leave cannot start in the past").With("date", ask.Span.From.String())
	}
	// Leave is planned within this year and the next; 2031 is a typo.
	if ask.Span.From.Year > today.Year+1 {
		return Preview{}, core.Errorf(core.EInvalid, "leave.too_far", "leave too far ahead").
			With("date", ask.Span.From.String()).With("year", strconv.Itoa(today.Year+1))
	}
	plans, err := s.plans.Setup(ctx, m.Org)
	if err != nil {
		return Preview{}, err
	}
	if t.NoticeDays > 0 {
		if earliest := noticeDate(plans, m.Employee, today, t.NoticeDays); ask.Span.From.Before(earliest) {
			return Preview{}, core.Errorf(core.EInvalid, "leave.notice", "%s needs %d working days' notice", t.Key, t.NoticeDays).
				With("type", t.Name).With("days", strconv.Itoa(t.NoticeDays)).With("date", earliest.String())
		}
	}
	p := Preview{Ask: ask, Type: t}
	p.Minutes, p.WorkingDays = cost(plans, m.Employee, ask.Span, setup.Policy.DayMinutes)
	switch {
	case ask.Hours > 0:
		p.Minutes = min(p.Minutes, ask.Hours*60)
	case !ask.Clock.IsZero():
		p.Minutes = min(p.Minutes, ask.Clock.End-ask.Clock.Start)
	}
	if p.Minutes == 0 {
		return Preview{}, core.Errorf(core.EInvalid, "leave.no_working_day", "no working day in that span").
			With("from", ask.Span.From.String()).With("to", ask.Span.To.String())
	}
	p.Start, p.End = period(ask.Span, loc)
	if !ask.Clock.IsZero() {
		p.Start, p.End = ask.Span.From.At(ask.Clock.Start, loc), ask.Span.From.At(ask.Clock.End, loc)
	}
	// Said at preview already; the database's constraint decides at submit.
	if clash, err := s.store.Overlaps(ctx, m.Org.ID, m.Employee.ID, p.Start, p.End); err != nil {
		return Preview{}, fmt.Errorf("preview leave: %w", err)
	} else if clash {
		return Preview{}, core.Errorf(core.EConflict, "leave.overlap_error", "overlaps another request").
			With("from", ask.Span.From.String()).With("to", ask.Span.To.String())
	}
	p.Balance, err = s.Balance(ctx, m.Org, setup, m.Employee, t, ask.Span.From.Year)
	if err != nil {
		return Preview{}, err
	}
	p.After = p.Balance.Available - p.Minutes
	if !p.Balance.Unlimited && p.After < 0 && !t.AllowNegative {
		return Preview{}, core.Errorf(core.EInvalid, "leave.insufficient", "not enough %s", t.Name).
			With("type", t.Name).With("available", days(p.Balance.Available, setup.Policy.DayMinutes)).
			With("needed", days(p.Minutes, setup.Policy.DayMinutes))
	}
	p.Approver, err = s.approver(ctx, m.Employee, today)
	if err != nil {
		return Preview{}, err
	}
	// HR approving first is HR's approval too (see Decide).
	p.NeedsHR = p.Minutes > setup.Policy.HRApprovalOverDays*setup.Policy.DayMinutes &&
		p.Approver.Role != core.RoleHR && p.Approver.Role != core.RoleAdmin
	return p, nil
}

// noticeDate is the first day leave may start when it needs notice
// working days of the person's own plan: the notice-th working day after
// today, so 3 days' notice asked on a Monday allows Thursday.
func noticeDate(plans *attendance.Setup, e core.Employee, today core.Date, notice int) core.Date {
	d := today
	for n := 0; n < notice && today.DaysUntil(d) <= 366; { // someone who never works
		d = d.AddDays(1)
		if plans.PlanFor(e, d).Working {
			n++
		}
	}
	return d
}

func clockText(minute int) string { return fmt.Sprintf("%02d:%02d", minute/60, minute%60) }

// days formats minutes as days: "2", "0.5", "1.25".
func days(minutes, dayMinutes int) string {
	return strconv.FormatFloat(float64(minutes)/float64(dayMinutes), 'f', -1, 64)
}

// Days formats minutes of leave as days for people.
func Days(minutes, dayMinutes int) string { return days(minutes, dayMinutes) }

// cost counts the working time a span takes off the person's own plan:
// their shifts, or the org's working days for people without one.
func cost(plans *attendance.Setup, e core.Employee, sp Span, dayMinutes int) (int, float64) {
	var minutes int
	var workDays float64
	for d := sp.From; !d.After(sp.To); d = d.AddDays(1) {
		if !plans.PlanFor(e, d).Working {
			continue
		}
		share := 1.0
		if d == sp.From && sp.FromPart != FullDay || d == sp.To && sp.ToPart != FullDay {
			share = 0.5
		}
		workDays += share
		minutes += int(share * float64(dayMinutes))
	}
	return minutes, workDays
}

// period is the time a span covers in the org's time zone, end exclusive.
func period(sp Span, loc *time.Location) (time.Time, time.Time) {
	start := sp.From.In(loc)
	if sp.FromPart == Afternoon {
		start = sp.From.At(12*60, loc)
	}
	end := sp.To.AddDays(1).In(loc)
	if sp.ToPart == Morning || sp.From == sp.To && sp.FromPart == Morning {
		end = sp.To.At(12*60, loc)
	}
	return start, end
}

// approver is who approves e's requests first: their manager, or the
// manager's delegate while the manager is on leave, or HR when there is
// no manager.
func (s *Service) approver(ctx context.Context, e core.Employee, today core.Date) (core.Employee, error) {
	a, err := s.store.FindApprover(ctx, e)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return core.Employee{}, core.Errorf(core.ENotFound, "att.no_approver", "nobody can approve this")
	}
	if err != nil {
		return core.Employee{}, fmt.Errorf("find approver of %s: %w", e.Key, err)
	}
	if a.DelegateID == 0 {
		return a, nil
	}
	away, err := s.store.ListRequests(ctx, a.OrgID, Approved, []int64{a.ID}, today, today)
	if err != nil {
		return core.Employee{}, fmt.Errorf("is %s away: %w", a.Key, err)
	}
	if len(away) == 0 {
		return a, nil
	}
	d, err := s.store.FindEmployeeByID(ctx, a.OrgID, a.DelegateID)
	if err != nil || d.Status != core.StatusActive || d.ID == e.ID {
		return a, nil
	}
	return d, nil
}

// Submit sends a request to its first approver. Errors: those of Preview,
// EConflict when it overlaps a pending or approved request.
func (s *Service) Submit(ctx context.Context, m core.Member, ask Ask, channel string) (Request, Preview, error) {
	var r Request
	var p Preview
	err := s.store.InTurn(ctx, func(ctx context.Context) error {
		// The balance is checked and spent under the person's lock, so two
		// requests at once cannot both spend the last days.
		if err := s.store.LockPerson(ctx, m.Employee.ID); err != nil {
			return err
		}
		var err error
		r, p, err = s.submit(ctx, m, ask, channel)
		return err
	})
	return r, p, err
}

func (s *Service) submit(ctx context.Context, m core.Member, ask Ask, channel string) (Request, Preview, error) {
	p, err := s.Preview(ctx, m, ask)
	if err != nil {
		return Request{}, Preview{}, err
	}
	now := s.clock.Now()
	r := Request{
		OrgID: m.Org.ID, EmployeeID: m.Employee.ID, EmployeeKey: m.Employee.Key, EmployeeName: m.Employee.Name,
		Type: p.Type.Key, Span: ask.Span, Start: p.Start, End: p.End, Minutes: p.Minutes, Reason: ask.Reason,
		Status: Pending, Step: StepManager, ApproverID: p.Approver.ID, CreatedAt: now, SentAt: now,
	}
	r, err = s.store.CreateRequest(ctx, r, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: "leave.request", EntityType: "leave_request",
		After: snapshot(r), Channel: channel, Outcome: core.OutcomeOK, At: now,
	}, core.Notification{OrgID: m.Org.ID, RecipientID: p.Approver.ID, Kind: "leave.request", CreatedAt: now})
	if err != nil {
		if core.ErrorCodeOf(err) == core.EConflict {
			return Request{}, Preview{}, core.Errorf(core.EConflict, "leave.overlap_error", "overlaps another request").
				With("from", ask.Span.From.String()).With("to", ask.Span.To.String())
		}
		return Request{}, Preview{}, fmt.Errorf("submit leave: %w", err)
	}
	return r, p, nil
}

func snapshot(r Request) map[string]any {
	return map[string]any{"type": r.Type, "from": r.Span.From.String(), "to": r.Span.To.String(),
		"from_part": r.Span.FromPart, "to_part": r.Span.ToPart, "minutes": r.Minutes, "status": r.Status, "step": r.Step}
}

// Decide approves or rejects a request at its current step. Approving at
// the manager's step moves a long request on to HR; the final approval
// publishes "shift uncovered" for every staffed shift it takes the person
// off. Errors: ENotFound, EForbidden (audited), EConflict (already decided,
// cancelled), EInvalid (a rejection without a reason).
func (s *Service) Decide(ctx context.Context, m core.Member, id int64, approve bool, reason, channel string) (Request, error) {
	r, err := s.store.FindRequest(ctx, m.Org.ID, id)
	if err != nil {
		return Request{}, fmt.Errorf("decide leave %d: %w", id, err)
	}
	target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.EmployeeID)
	if err != nil {
		return Request{}, fmt.Errorf("decide leave %d: %w", id, err)
	}
	if err := s.mayDecide(ctx, m, r, target, channel); err != nil {
		return Request{}, err
	}
	if r.Status != Pending {
		return r, decided(r)
	}
	if !approve && reason == "" {
		return Request{}, core.Errorf(core.EInvalid, "leave.reject_reason", "a rejection needs a reason")
	}
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return Request{}, err
	}
	now := s.clock.Now()
	before, fromStep := snapshot(r), r.Step
	var ns []core.Notification
	var events []Event
	action := "leave.reject"
	switch {
	case !approve:
		r.Status, r.RejectReason = Rejected, reason
	// HR deciding first (the requester has no manager, or HR steps in)
	// is HR's approval too: nobody is asked twice.
	case r.Step == StepManager && r.Minutes > setup.Policy.HRApprovalOverDays*setup.Policy.DayMinutes &&
		m.Employee.Role != core.RoleHR && m.Employee.Role != core.RoleAdmin:
		hr, err := s.hrApprover(ctx, m, target)
		if err != nil {
			return Request{}, err
		}
		action = "leave.approve_step"
		r.Step, r.ApproverID, r.SentAt = StepHR, hr.ID, now
		ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: hr.ID, Kind: "leave.request", CreatedAt: now})
	default:
		action = "leave.approve"
		r.Status = Approved
		events, err = s.uncovered(ctx, m.Org, target, r)
		if err != nil {
			return Request{}, err
		}
	}
	if r.Status != Pending {
		r.DecidedByID, r.DecidedBy, r.DecidedAt = m.Employee.ID, m.Employee.Name, now
		ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: r.EmployeeID, Kind: "leave.decided", CreatedAt: now})
	}
	for i := range ns {
		ns[i].Params = map[string]string{"id": strconv.FormatInt(r.ID, 10)}
	}
	err = s.store.UpdateRequest(ctx, r, Pending, fromStep, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: action, EntityType: "leave_request", EntityID: strconv.FormatInt(r.ID, 10),
		Before: before, After: snapshot(r), Channel: channel, Outcome: core.OutcomeOK, At: now, Reason: reason,
	}, ns, events)
	if core.ErrorCodeOf(err) == core.EConflict {
		// Someone decided or cancelled between our read and our write.
		if latest, ferr := s.store.FindRequest(ctx, m.Org.ID, id); ferr == nil {
			return latest, decided(latest)
		}
	}
	if err != nil {
		return Request{}, fmt.Errorf("decide leave %d: %w", id, err)
	}
	return r, nil
}

// mayDecide lets the current approver, their delegate, and HR and admins
// decide; never the requester.
func (s *Service) mayDecide(ctx context.Context, m core.Member, r Request, target core.Employee, channel string) error {
	if m.Employee.ID != r.EmployeeID && m.Employee.Status == core.StatusActive {
		if m.Employee.ID == r.ApproverID {
			return nil
		}
		if approver, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.ApproverID); err == nil && approver.DelegateID == m.Employee.ID {
			return nil
		}
	}
	return s.auth.Authorize(ctx, m, core.ActionLeaveDecide, &target, channel)
}

func (s *Service) hrApprover(ctx context.Context, m core.Member, target core.Employee) (core.Employee, error) {
	staff, err := s.store.ListEmployees(ctx, m.Org.ID, 0)
	if err != nil {
		return core.Employee{}, fmt.Errorf("find HR: %w", err)
	}
	var admin *core.Employee
	for i, e := range staff {
		if e.ID == target.ID {
			continue
		}
		if e.Role == core.RoleHR {
			return e, nil
		}
		if e.Role == core.RoleAdmin && admin == nil {
			admin = &staff[i]
		}
	}
	if admin != nil {
		return *admin, nil
	}
	return core.Employee{}, core.Errorf(core.ENotFound, "leave.no_hr", "no HR person to approve")
}

// Decided is the error for acting on a request that is no longer pending:
// it says who decided, or that it was cancelled.
func Decided(r Request) error { return decided(r) }

func decided(r Request) error {
	if r.Status == Cancelled {
		return core.Errorf(core.EConflict, "leave.already_cancelled", "request was cancelled").With("name", r.EmployeeName)
	}
	if r.Status == Pending {
		return core.Errorf(core.EConflict, "leave.moved_on", "request moved on to the next step")
	}
	return core.Errorf(core.EConflict, "leave.already_"+string(r.Status), "already %s by %s", r.Status, r.DecidedBy).
		With("by", r.DecidedBy).With("at", r.DecidedAt.Format("01-02 15:04"))
}

// uncovered lists the staffed shifts an approved request takes the person off.
func (s *Service) uncovered(ctx context.Context, org core.Org, e core.Employee, r Request) ([]Event, error) {
	plans, err := s.plans.Setup(ctx, org)
	if err != nil {
		return nil, err
	}
	var events []Event
	for d := r.Span.From; !d.After(r.Span.To); d = d.AddDays(1) {
		p := plans.PlanFor(e, d)
		if !p.Working || p.Shift.Key == "" || p.Shift.Job == "" {
			continue
		}
		events = append(events, Event{Kind: "shift.uncovered", Payload: map[string]any{
			"employee": e.Key, "employee_id": e.ID, "date": d.String(), "shift": p.Shift.Key, "job": p.Shift.Job,
			"start": p.Start, "end": p.End, "leave_request": r.ID,
		}})
	}
	return events, nil
}

// Cancel withdraws a pending request or a future approved one; an
// approved one's approver is told and its days return to the balance.
// Errors: ENotFound, EForbidden, EConflict (already decided/cancelled, started).
func (s *Service) Cancel(ctx context.Context, m core.Member, id int64, channel string) (Request, error) {
	r, err := s.store.FindRequest(ctx, m.Org.ID, id)
	if err != nil {
		return Request{}, fmt.Errorf("cancel leave %d: %w", id, err)
	}
	if r.EmployeeID != m.Employee.ID {
		target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.EmployeeID)
		if err != nil {
			return Request{}, err
		}
		if err := s.auth.Authorize(ctx, m, core.ActionLeaveCancelOther, &target, channel); err != nil {
			return Request{}, err
		}
	}
	today := core.DateOf(s.clock.Now().In(m.Org.Location()))
	switch {
	case r.Status == Cancelled || r.Status == Rejected:
		return r, decided(r)
	case r.Status == Approved && !r.Span.From.After(today):
		return r, core.Errorf(core.EConflict, "leave.started", "leave already started").With("date", r.Span.From.String())
	}
	from := r.Status
	now := s.clock.Now()
	before := snapshot(r)
	r.Status = Cancelled
	var ns []core.Notification
	if from == Approved && r.DecidedByID != 0 {
		ns = append(ns, core.Notification{OrgID: r.OrgID, RecipientID: r.DecidedByID, Kind: "leave.cancelled",
			Params: map[string]string{"id": strconv.FormatInt(r.ID, 10)}, CreatedAt: now})
	}
	err = s.store.UpdateRequest(ctx, r, from, r.Step, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: "leave.cancel", EntityType: "leave_request", EntityID: strconv.FormatInt(r.ID, 10),
		Before: before, After: snapshot(r), Channel: channel, Outcome: core.OutcomeOK, At: now,
	}, ns, nil)
	if core.ErrorCodeOf(err) == core.EConflict {
		if latest, ferr := s.store.FindRequest(ctx, m.Org.ID, id); ferr == nil {
			return latest, decided(latest)
		}
	}
	if err != nil {
		return Request{}, fmt.Errorf("cancel leave %d: %w", id, err)
	}
	return r, nil
}

// Find returns one of the org's requests.
func (s *Service) Find(ctx context.Context, m core.Member, id int64) (Request, error) {
	return s.store.FindRequest(ctx, m.Org.ID, id)
}

// Mine returns the member's requests that have not ended.
func (s *Service) Mine(ctx context.Context, m core.Member) ([]Request, error) {
	today := core.DateOf(s.clock.Now().In(m.Org.Location()))
	return s.store.MyRequests(ctx, m.Org.ID, m.Employee.ID, today)
}

// PendingFor returns what waits for m's decision (HR and admins see all).
func (s *Service) PendingFor(ctx context.Context, m core.Member) ([]Request, error) {
	approver := m.Employee.ID
	if m.Employee.Role == core.RoleHR || m.Employee.Role == core.RoleAdmin {
		approver = 0
	}
	rs, err := s.store.ListPendingFor(ctx, m.Org.ID, approver)
	if err != nil {
		return nil, err
	}
	out := rs[:0]
	for _, r := range rs {
		if r.EmployeeID != m.Employee.ID {
			out = append(out, r)
		}
	}
	return out, nil
}

// Overlap says how many people of a job are already off in the weeks a
// request touches: "2 of 5 customer-service people already off".
type Overlap struct {
	Job      string
	Off, Of  int
	From, To core.Date
}

// OverlapFor works out the overlap an approver sees with a request.
func (s *Service) OverlapFor(ctx context.Context, m core.Member, r Request) (Overlap, error) {
	target, err := s.store.FindEmployeeByID(ctx, m.Org.ID, r.EmployeeID)
	if err != nil {
		return Overlap{}, err
	}
	o := Overlap{Job: target.Job}
	o.From = r.Span.From.AddDays(-int((r.Span.From.Weekday() + 6) % 7))
	o.To = r.Span.To.AddDays(6 - int((r.Span.To.Weekday()+6)%7))
	emps, err := s.store.ListEmployees(ctx, m.Org.ID, 0)
	if err != nil {
		return Overlap{}, err
	}
	var ids []int64
	for _, e := range emps {
		if e.Job == target.Job && e.ID != target.ID {
			ids = append(ids, e.ID)
		}
	}
	o.Of = len(ids) + 1
	if len(ids) == 0 {
		return o, nil
	}
	off, err := s.store.ListRequests(ctx, m.Org.ID, Approved, ids, o.From, o.To)
	if err != nil {
		return Overlap{}, err
	}
	people := map[int64]bool{}
	for _, x := range off {
		people[x.EmployeeID] = true
	}
	o.Off = len(people)
	return o, nil
}

// WhosOff lists approved leave overlapping [from, to] (this week when from
// is zero): a manager's reports, HR's whole org, an employee's own team.
func (s *Service) WhosOff(ctx context.Context, m core.Member, from, to core.Date) ([]Request, core.Date, core.Date, error) {
	if from.IsZero() {
		today := core.DateOf(s.clock.Now().In(m.Org.Location()))
		from = today.AddDays(-int((today.Weekday() + 6) % 7))
		to = from.AddDays(6)
	}
	var emps []core.Employee
	var err error
	switch m.Employee.Role {
	case core.RoleHR, core.RoleAdmin:
		emps, err = s.store.ListEmployees(ctx, m.Org.ID, 0)
	case core.RoleManager:
		emps, err = s.store.ListEmployees(ctx, m.Org.ID, m.Employee.ID)
	default:
		var all []core.Employee
		all, err = s.store.ListEmployees(ctx, m.Org.ID, 0)
		for _, e := range all {
			if e.TeamID != 0 && e.TeamID == m.Employee.TeamID || e.ID == m.Employee.ID {
				emps = append(emps, e)
			}
		}
	}
	if err != nil {
		return nil, from, to, fmt.Errorf("who is off: %w", err)
	}
	ids := make([]int64, 0, len(emps))
	for _, e := range emps {
		ids = append(ids, e.ID)
	}
	if len(ids) == 0 {
		return nil, from, to, nil
	}
	rs, err := s.store.ListRequests(ctx, m.Org.ID, Approved, ids, from, to)
	return rs, from, to, err
}

// ResendStale sends requests pending longer than their org allows to their
// approver again, and returns how many.
func (s *Service) ResendStale(ctx context.Context) (int, error) {
	now := s.clock.Now()
	stale, err := s.store.ListStale(ctx, now)
	if err != nil {
		return 0, fmt.Errorf("resend stale leave: %w", err)
	}
	for _, r := range stale {
		r.SentAt = now
		n := core.Notification{OrgID: r.OrgID, RecipientID: r.ApproverID, Kind: "leave.request",
			Params: map[string]string{"id": strconv.FormatInt(r.ID, 10), "reminder": "1"}, CreatedAt: now}
		if err := s.store.MarkSent(ctx, r, n); err != nil {
			return 0, fmt.Errorf("resend leave %d: %w", r.ID, err)
		}
	}
	return len(stale), nil
}
