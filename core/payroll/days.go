package payroll

import (
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// month is what payroll takes from one person's attendance in a period,
// day by day, so that no day is both paid as overtime and deducted as an
// absence.
type month struct {
	absent   []core.Date                     // planned working days with no work and no approved leave
	overtime map[attendance.OvertimeKind]int // payable minutes
	unpaid   int                             // overtime minutes recorded but not paid: on an absent day, or not worked beyond the plan
	worked   int                             // minutes between check-in and check-out, for hourly pay
	late     int                             // late arrivals on days that are not absences
	planned  int                             // planned working days counted (from go-live and hire, up to today), leave excluded
	punched  int                             // days with a check-in
}

// countMonth works out one person's period [from, to] from their records
// and approved leave. Absences count only from first (the latest of the
// period's start, the org's go-live day and the person's hire date) to the
// earlier of to and today: before go-live nobody could check in, before
// hiring nobody was expected to, and days to come are not missed yet. The
// absence rule is attendance's: a planned working day not on leave is
// missed once its absence threshold has passed without a check-in, or when
// the check-in came after the threshold.
//
// A day's overtime is paid only when the day is not an absence and only as
// far as time was worked beyond the plan: on a working day, the minutes
// worked beyond the planned shift (less its break); on a day off, the
// minutes worked. So a check-out long after the shift by someone who
// checked in just before it pays nothing.
func countMonth(setup *attendance.Setup, e core.Employee, from, to, first core.Date, now time.Time, recs []attendance.Record, leave map[core.Date]bool) month {
	m := month{overtime: map[attendance.OvertimeKind]int{}}
	byDate := make(map[core.Date]attendance.Record, len(recs))
	for _, r := range recs {
		if !r.WorkDate.Before(from) && !r.WorkDate.After(to) {
			byDate[r.WorkDate] = r
		}
	}
	last := to
	if today := setup.Today(now); today.Before(last) {
		last = today
	}
	absent := map[core.Date]bool{}
	for d := first; !d.After(last); d = d.AddDays(1) {
		plan := setup.PlanFor(e, d)
		if !plan.Working || leave[d] {
			continue
		}
		if !now.Before(plan.Start) {
			m.planned++
		}
		r, has := byDate[d]
		deadline := plan.Start.Add(time.Duration(setup.Policy.AbsentAfter) * time.Minute)
		if (has && r.Has(attendance.FlagAbsentLate)) || ((!has || r.CheckIn.IsZero()) && now.After(deadline)) {
			absent[d] = true
			m.absent = append(m.absent, d)
		}
	}
	for d := from; !d.After(to); d = d.AddDays(1) {
		r, has := byDate[d]
		if !has || r.CheckIn.IsZero() {
			continue
		}
		m.punched++
		if !r.CheckOut.IsZero() {
			m.worked += int(r.CheckOut.Sub(r.CheckIn) / time.Minute)
		}
		if absent[d] {
			m.unpaid += r.OvertimeMinutes
			continue
		}
		if r.LateMinutes > 0 {
			m.late++
		}
		if r.OvertimeMinutes <= 0 || r.CheckOut.IsZero() {
			continue
		}
		paid := min(r.OvertimeMinutes, max(0, beyondPlan(setup, e, r)))
		m.unpaid += r.OvertimeMinutes - paid
		if paid > 0 {
			m.overtime[r.OvertimeKind] += paid
		}
	}
	return m
}

// beyondPlan is how many minutes of r were worked beyond the day's plan:
// all of them on a day off or a holiday, those past the planned shift's
// working time on a working day.
func beyondPlan(setup *attendance.Setup, e core.Employee, r attendance.Record) int {
	if r.OvertimeKind != attendance.OvertimeWorkday {
		return r.WorkedMinutes
	}
	start, end, brk := r.PlannedStart, r.PlannedEnd, r.BreakMinutes
	if start.IsZero() || end.IsZero() {
		plan := setup.PlanFor(e, r.WorkDate)
		if !plan.Working {
			return r.WorkedMinutes
		}
		start, end, brk = plan.Start, plan.End, plan.Shift.BreakMinutes
	}
	return r.WorkedMinutes - (int(end.Sub(start)/time.Minute) - brk)
}
