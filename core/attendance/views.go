package attendance

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
)

// MonthSummary is one person's attendance in one month, up to today.
type MonthSummary struct {
	From, To    core.Date
	PlannedDays int // working days planned so far
	WorkedDays  int
	LateCount   int
	LateMinutes int
	EarlyCount  int
	AbsentDays  int
	LeaveDays   int // planned working days on approved leave
	AutoClosed  int
	Flagged     int
	Overtime    map[OvertimeKind]int // minutes
	Pending     int                  // corrections waiting for a decision
	Records     []Record
	// Start is the first day that counts when it falls after the month's
	// first: the person's hire date (StartIsHire) or the org's go-live.
	Start       core.Date
	StartIsHire bool
	// NotStarted is set for a month wholly before Start, and Future for one
	// that has not begun: neither has anything to count.
	NotStarted, Future bool
}

// Month summarises m's own attendance in the month containing day, from
// their hire date or the org's go-live day when either falls in it.
func (s *Service) Month(ctx context.Context, m core.Member, day core.Date) (MonthSummary, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return MonthSummary{}, err
	}
	now := s.clock.Now().In(setup.Location)
	from, to := day.MonthStart(), day.MonthEnd()
	start, hired := StartOf(m.Org, m.Employee)
	switch {
	case from.After(setup.Today(now)):
		return MonthSummary{From: from, To: to, Overtime: map[OvertimeKind]int{}, Future: true}, nil
	case start.After(to) || start.After(setup.Today(now)):
		return MonthSummary{From: from, To: to, Overtime: map[OvertimeKind]int{}, NotStarted: true, Start: start, StartIsHire: hired}, nil
	}
	recs, err := s.store.ListRecords(ctx, m.Org.ID, []int64{m.Employee.ID}, from, to)
	if err != nil {
		return MonthSummary{}, fmt.Errorf("month of %s: %w", m.Employee.Key, err)
	}
	leave, err := s.store.LeaveDays(ctx, m.Org.ID, []int64{m.Employee.ID}, from, to)
	if err != nil {
		return MonthSummary{}, fmt.Errorf("month of %s: %w", m.Employee.Key, err)
	}
	counted := from
	if start.After(from) {
		counted = start
	}
	sum := summarise(setup, m.Employee, counted, to, now, recs, leave[m.Employee.ID])
	if start.After(from) {
		sum.Start, sum.StartIsHire = start, hired
	}
	pending, err := s.store.ListCorrections(ctx, m.Org.ID, CorrectionPending, 0)
	if err != nil {
		return MonthSummary{}, fmt.Errorf("month of %s: %w", m.Employee.Key, err)
	}
	for _, c := range pending {
		if c.EmployeeID == m.Employee.ID {
			sum.Pending++
		}
	}
	return sum, nil
}

// summarise counts one person's month from their records, plans and
// approved leave. Days after now do not count; a planned day not on leave
// counts as absent once its absence threshold has passed without a check-in.
func summarise(setup *Setup, e core.Employee, from, to core.Date, now time.Time, recs []Record, leave map[core.Date]bool) MonthSummary {
	sum := MonthSummary{From: from, To: to, Overtime: map[OvertimeKind]int{}, Records: recs}
	byDate := map[core.Date]Record{}
	for _, r := range recs {
		byDate[r.WorkDate] = r
	}
	today := setup.Today(now)
	if today.Before(to) {
		sum.To = today
	}
	for d := from; !d.After(sum.To); d = d.AddDays(1) {
		plan := setup.PlanFor(e, d)
		r, has := byDate[d]
		if plan.Working && leave[d] {
			sum.LeaveDays++
		} else if plan.Working {
			started := !now.Before(plan.Start)
			if started {
				sum.PlannedDays++
			}
			deadline := plan.Start.Add(time.Duration(setup.Policy.AbsentAfter) * time.Minute)
			switch {
			case has && r.Has(FlagAbsentLate):
				sum.AbsentDays++
			case (!has || r.CheckIn.IsZero()) && now.After(deadline):
				sum.AbsentDays++
			}
		}
		if !has {
			continue
		}
		if !r.CheckIn.IsZero() {
			sum.WorkedDays++
		}
		// A day counted absent is not also a late arrival.
		if r.LateMinutes > 0 && !r.Has(FlagAbsentLate) {
			sum.LateCount++
			sum.LateMinutes += r.LateMinutes
		}
		if r.EarlyMinutes > 0 {
			sum.EarlyCount++
		}
		if r.Has(FlagAutoClosed) {
			sum.AutoClosed++
		}
		if r.Has(FlagOutsideSite) || r.Has(FlagNoLocation) || r.Has(FlagMissingCheckIn) {
			sum.Flagged++
		}
		if r.OvertimeMinutes > 0 {
			sum.Overtime[r.OvertimeKind] += r.OvertimeMinutes
		}
	}
	return sum
}

// TodayStatus is where someone is today, as a manager sees it.
type TodayStatus string

// Today statuses.
const (
	StatusOff     TodayStatus = "off"      // not planned today
	StatusNotYet  TodayStatus = "not_yet"  // planned, shift not started or within the absence threshold
	StatusIn      TodayStatus = "in"       // checked in on time
	StatusLate    TodayStatus = "late"     // checked in late
	StatusOut     TodayStatus = "out"      // checked out
	StatusAbsent  TodayStatus = "absent"   // planned, no check-in past the absence threshold
	StatusExtra   TodayStatus = "extra"    // working on a day off
	StatusOnLeave TodayStatus = "on_leave" // on approved leave
)

// TodayEntry is one person on the today board.
type TodayEntry struct {
	Employee core.Employee
	Plan     Plan
	Record   *Record
	Status   TodayStatus
}

// Today shows who is in, late, absent or off right now: a manager sees
// their direct reports, HR and admins the whole org. Errors: EForbidden (audited).
func (s *Service) Today(ctx context.Context, m core.Member, channel string) ([]TodayEntry, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionAttendanceTeam, nil, channel); err != nil {
		return nil, err
	}
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return nil, err
	}
	manager := m.Employee.ID
	if m.Employee.Role == core.RoleHR || m.Employee.Role == core.RoleAdmin {
		manager = 0
	}
	emps, err := s.store.ListEmployees(ctx, m.Org.ID, manager)
	if err != nil {
		return nil, fmt.Errorf("today: %w", err)
	}
	return s.board(ctx, setup, m.Org, emps)
}

// MyDay is m's own line of the today board: their plan now (a night
// shift begun yesterday, else today's), their record of it and where they
// are — what /checkin would judge against and whether they checked in.
func (s *Service) MyDay(ctx context.Context, m core.Member) (TodayEntry, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return TodayEntry{}, err
	}
	out, err := s.board(ctx, setup, m.Org, []core.Employee{m.Employee})
	if err != nil {
		return TodayEntry{}, err
	}
	return out[0], nil
}

// board works out the today board's lines for emps.
func (s *Service) board(ctx context.Context, setup *Setup, org core.Org, emps []core.Employee) ([]TodayEntry, error) {
	now := s.clock.Now().In(setup.Location)
	today := setup.Today(now)
	ids := make([]int64, len(emps))
	for i, e := range emps {
		ids[i] = e.ID
	}
	recs, err := s.store.ListRecords(ctx, org.ID, ids, today.AddDays(-1), today)
	if err != nil {
		return nil, fmt.Errorf("today: %w", err)
	}
	leave, err := s.store.LeaveDays(ctx, org.ID, ids, today, today)
	if err != nil {
		return nil, fmt.Errorf("today: %w", err)
	}
	type key struct {
		emp  int64
		date core.Date
	}
	byKey := make(map[key]*Record, len(recs)) // pointers into recs: a board is read for hundreds of people
	for i := range recs {
		byKey[key{recs[i].EmployeeID, recs[i].WorkDate}] = &recs[i]
	}
	out := make([]TodayEntry, 0, len(emps))
	for _, e := range emps {
		plan, _ := setup.planForPunch(e, now)
		if plan.Date != today && !plan.Working {
			plan = setup.PlanFor(e, today)
		}
		if start, _ := StartOf(org, e); plan.Date.Before(start) {
			// Before their first day (or the org's go-live) nobody is
			// expected: not absent, not late, off.
			plan.Working = false
		}
		// The team and job of the day: a transfer taking effect today
		// shows before the effective-day pass has updated the record.
		entry := TodayEntry{Employee: setup.History.On(e, plan.Date), Plan: plan}
		entry.Record = byKey[key{e.ID, plan.Date}]
		entry.Status = todayStatus(setup.Policy, entry, now)
		if leave[e.ID][today] && (entry.Status == StatusNotYet || entry.Status == StatusAbsent || entry.Status == StatusOff) {
			entry.Status = StatusOnLeave
		}
		out = append(out, entry)
	}
	return out, nil
}

func todayStatus(pol Policy, e TodayEntry, now time.Time) TodayStatus {
	r := e.Record
	switch {
	case r != nil && !r.CheckOut.IsZero():
		return StatusOut
	case r != nil && !r.CheckIn.IsZero() && !e.Plan.Working:
		return StatusExtra
	case r != nil && !r.CheckIn.IsZero() && r.LateMinutes > 0:
		return StatusLate
	case r != nil && !r.CheckIn.IsZero():
		return StatusIn
	case !e.Plan.Working:
		return StatusOff
	case now.After(e.Plan.Start.Add(time.Duration(pol.AbsentAfter) * time.Minute)):
		return StatusAbsent
	}
	return StatusNotYet
}

// MonthReport is an org's attendance for one month, for export.
type MonthReport struct {
	Month   core.Date
	People  []core.Employee
	Summary map[int64]MonthSummary // by employee id
}

// Report builds the month report of an org for HR's export; the caller
// (the operator's command line) is trusted.
func (s *Service) Report(ctx context.Context, org core.Org, month core.Date) (MonthReport, error) {
	setup, err := s.Setup(ctx, org)
	if err != nil {
		return MonthReport{}, err
	}
	emps, err := s.store.ListEmployees(ctx, org.ID, 0)
	if err != nil {
		return MonthReport{}, fmt.Errorf("report: %w", err)
	}
	recs, err := s.store.ListRecords(ctx, org.ID, nil, month.MonthStart(), month.MonthEnd())
	if err != nil {
		return MonthReport{}, fmt.Errorf("report: %w", err)
	}
	byEmp := map[int64][]Record{}
	for _, r := range recs {
		byEmp[r.EmployeeID] = append(byEmp[r.EmployeeID], r)
	}
	leave, err := s.store.LeaveDays(ctx, org.ID, nil, month.MonthStart(), month.MonthEnd())
	if err != nil {
		return MonthReport{}, fmt.Errorf("report: %w", err)
	}
	rep := MonthReport{Month: month.MonthStart(), People: emps, Summary: map[int64]MonthSummary{}}
	now := s.clock.Now()
	for _, e := range emps {
		from := month.MonthStart()
		if start, _ := StartOf(org, e); start.After(from) {
			from = start
		}
		if from.After(month.MonthEnd()) {
			rep.Summary[e.ID] = MonthSummary{From: from, To: month.MonthEnd(), Overtime: map[OvertimeKind]int{}, NotStarted: true}
			continue
		}
		rep.Summary[e.ID] = summarise(setup, e, from, month.MonthEnd(), now, byEmp[e.ID], leave[e.ID])
	}
	return rep, nil
}

// RosterEntry is one person's plan and punches on a date.
type RosterEntry struct {
	Employee core.Employee
	Plan     Plan
	Record   *Record // nil when nothing was punched for the date
	OnLeave  bool
}

// Roster lists every active person of the org with their plan for d: what
// the scheduler reads to remind people of their shifts. It is a system
// view and checks no permission.
func (s *Service) Roster(ctx context.Context, org core.Org, d core.Date) ([]RosterEntry, error) {
	setup, err := s.Setup(ctx, org)
	if err != nil {
		return nil, err
	}
	emps, err := s.store.ListEmployees(ctx, org.ID, 0)
	if err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	ids := make([]int64, len(emps))
	for i, e := range emps {
		ids[i] = e.ID
	}
	recs, err := s.store.ListRecords(ctx, org.ID, ids, d, d)
	if err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	leave, err := s.store.LeaveDays(ctx, org.ID, ids, d, d)
	if err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	byEmp := map[int64]Record{}
	for _, r := range recs {
		byEmp[r.EmployeeID] = r
	}
	out := make([]RosterEntry, 0, len(emps))
	for _, e := range emps {
		entry := RosterEntry{Employee: setup.History.On(e, d), Plan: setup.PlanFor(e, d), OnLeave: leave[e.ID][d]}
		if r, ok := byEmp[e.ID]; ok {
			entry.Record = &r
		}
		out = append(out, entry)
	}
	return out, nil
}

// Week returns m's plans for the days from `from` on, and which of those
// days they are on approved leave.
func (s *Service) Week(ctx context.Context, m core.Member, from core.Date, days int) ([]Plan, map[core.Date]bool, error) {
	setup, err := s.Setup(ctx, m.Org)
	if err != nil {
		return nil, nil, err
	}
	to := from.AddDays(days - 1)
	leave, err := s.store.LeaveDays(ctx, m.Org.ID, []int64{m.Employee.ID}, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("week plan: %w", err)
	}
	plans := make([]Plan, 0, days)
	for d := from; !d.After(to); d = d.AddDays(1) {
		plans = append(plans, setup.PlanFor(m.Employee, d))
	}
	return plans, leave[m.Employee.ID], nil
}

// Months summarises the attendance of every active person of an org from
// from to to, in one read of the records and one of the leave: what
// payroll needs for a whole org at once. A person hired after from is
// counted from their hire date. People who are no longer active (someone
// whose last day fell in the period) are summarised too when given in
// also.
func (s *Service) Months(ctx context.Context, org core.Org, from, to core.Date, also ...core.Employee) ([]core.Employee, map[int64]MonthSummary, error) {
	setup, err := s.Setup(ctx, org)
	if err != nil {
		return nil, nil, err
	}
	people, err := s.store.ListEmployees(ctx, org.ID, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("months of org %d: %w", org.ID, err)
	}
	people = append(people, also...)
	recs, err := s.store.ListRecords(ctx, org.ID, nil, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("months of org %d: %w", org.ID, err)
	}
	leave, err := s.store.LeaveDays(ctx, org.ID, nil, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("months of org %d: %w", org.ID, err)
	}
	// The records come ordered by person: each person's are a window of
	// the one slice, not a copy.
	byPerson := make(map[int64][]Record, len(people))
	for i := 0; i < len(recs); {
		j := i + 1
		for j < len(recs) && recs[j].EmployeeID == recs[i].EmployeeID {
			j++
		}
		id := recs[i].EmployeeID
		if byPerson[id] == nil {
			byPerson[id] = recs[i:j:j]
		} else { // not ordered after all: still right, just a copy
			byPerson[id] = append(byPerson[id], recs[i:j]...)
		}
		i = j
	}
	now := s.clock.Now().In(setup.Location)
	out := make(map[int64]MonthSummary, len(people))
	for _, e := range people {
		// Nothing counts before the person was hired or the org went live.
		start := from
		if first, _ := StartOf(org, e); first.After(start) {
			start = first
		}
		if start.After(to) {
			out[e.ID] = MonthSummary{From: start, To: to, Overtime: map[OvertimeKind]int{}}
			continue
		}
		out[e.ID] = summarise(setup, e, start, to, now, byPerson[e.ID], leave[e.ID])
	}
	return people, out, nil
}
