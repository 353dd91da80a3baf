package leave

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

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
func (s Setup) AvailableTypes(e core.Employee) []Type {
	var out []Type
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
	Type        Type
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
	t, err := checkAsk(setup, m.Employee, ask)
	if err != nil {
		return Preview{}, err
	}
	loc := m.Org.Location()
	today := core.DateOf(s.clock.Now().In(loc))
	if err := checkStart(ask.Span.From, today); err != nil {
		return Preview{}, err
	}
	plans, err := s.plans.Setup(ctx, m.Org)
	if err != nil {
		return Preview{}, err
	}
	if err := checkNotice(plans, m.Employee, t, ask.Span.From, today); err != nil {
		return Preview{}, err
	}
	p := Preview{Ask: ask, Type: t}
	p.Minutes, p.WorkingDays = askCost(plans, m.Employee, ask, setup.Policy.DayMinutes)
	if p.Minutes == 0 {
		return Preview{}, core.Errorf(core.EInvalid, "leave.no_working_day", "no working day in that span").
			With("from", ask.Span.From.String()).With("to", ask.Span.To.String())
	}
	p.Start, p.End = askPeriod(ask, loc)
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
	p.NeedsHR = needsHR(setup.Policy, p.Minutes, p.Approver.Role)
	return p, nil
}

// checkAsk finds the ask's type and checks that e may take it as asked:
// with a reason when the type needs one, in the type's unit, hours within
// one day, ending after they start, in whole hours.
func checkAsk(setup Setup, e core.Employee, ask Ask) (Type, error) {
	t, ok := setup.Type(ask.Type)
	if !ok {
		return t, core.Errorf(core.EInvalid, "leave.unknown_type", "unknown leave type %q", ask.Type).With("type", ask.Type)
	}
	if !t.ForEmployee(e) {
		return t, core.Errorf(core.EInvalid, "leave.not_for_you", "%s does not apply to %s", t.Key, e.Key).With("type", t.Name)
	}
	if t.ReasonRequired && ask.Reason == "" {
		return t, core.Errorf(core.EInvalid, "leave.reason_required", "%s needs a reason", t.Name).With("type", t.Name)
	}
	half := ask.Span.FromPart != FullDay || ask.Span.ToPart != FullDay
	hourly := ask.Hours > 0 || !ask.Clock.IsZero()
	switch {
	case t.Unit == UnitDay && (half || hourly):
		return t, core.Errorf(core.EInvalid, "leave.whole_days", "%s is taken in whole days", t.Name).With("type", t.Name)
	case t.Unit != UnitHour && hourly:
		return t, core.Errorf(core.EInvalid, "leave.no_hours", "%s is not taken by the hour", t.Name).With("type", t.Name)
	case hourly && ask.Span.From != ask.Span.To:
		return t, core.Errorf(core.EInvalid, "leave.hours_one_day", "hours are for one day")
	case !ask.Clock.IsZero() && ask.Clock.End <= ask.Clock.Start:
		return t, core.Errorf(core.EInvalid, "leave.hours_backwards", "hours end before they start").
			With("from", clockText(ask.Clock.Start)).With("to", clockText(ask.Clock.End))
	case !ask.Clock.IsZero() && (ask.Clock.End-ask.Clock.Start)%60 != 0:
		return t, core.Errorf(core.EInvalid, "leave.whole_hours", "%s is taken in whole hours", t.Name).With("type", t.Name)
	}
	return t, nil
}

// checkStart refuses leave starting before today, or after next year:
// leave is planned within this year and the next; 2031 is a typo.
func checkStart(from, today core.Date) error {
	if from.Before(today) {
		return core.Errorf(core.EInvalid, "leave.past", "leave cannot start in the past").With("date", from.String())
	}
	if from.Year > today.Year+1 {
		return core.Errorf(core.EInvalid, "leave.too_far", "leave too far ahead").
			With("date", from.String()).With("year", strconv.Itoa(today.Year+1))
	}
	return nil
}

// checkNotice refuses leave of a type that needs notice when it starts
// before the notice allows (see noticeDate).
func checkNotice(plans *attendance.Setup, e core.Employee, t Type, from, today core.Date) error {
	if t.NoticeDays <= 0 {
		return nil
	}
	if earliest := noticeDate(plans, e, today, t.NoticeDays); from.Before(earliest) {
		return core.Errorf(core.EInvalid, "leave.notice", "%s needs %d working days' notice", t.Key, t.NoticeDays).
			With("type", t.Name).With("days", strconv.Itoa(t.NoticeDays)).With("date", earliest.String())
	}
	return nil
}

// askCost is what an ask costs (see cost), no more than the hours asked
// for hourly leave.
func askCost(plans *attendance.Setup, e core.Employee, ask Ask, dayMinutes int) (int, float64) {
	minutes, workDays := cost(plans, e, ask.Span, dayMinutes)
	switch {
	case ask.Hours > 0:
		minutes = min(minutes, ask.Hours*60)
	case !ask.Clock.IsZero():
		minutes = min(minutes, ask.Clock.End-ask.Clock.Start)
	}
	return minutes, workDays
}

// askPeriod is the time an ask covers (see period), or the hours asked at
// their times.
func askPeriod(ask Ask, loc *time.Location) (time.Time, time.Time) {
	if !ask.Clock.IsZero() {
		return ask.Span.From.At(ask.Clock.Start, loc), ask.Span.From.At(ask.Clock.End, loc)
	}
	return period(ask.Span, loc)
}

// needsHR reports whether a request of minutes needs HR's approval after
// its first approver's: when it is longer than the org's limit and the
// first approver is neither HR nor an admin — HR approving first is HR's
// approval too.
func needsHR(pol Policy, minutes int, first core.Role) bool {
	return minutes > pol.HRApprovalOverDays*pol.DayMinutes && first != core.RoleHR && first != core.RoleAdmin
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
