package payroll

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// PayTerm is one row of a person's pay history, as transfers write it:
// the pay terms in force from a day on.
type PayTerm struct {
	From core.Date // zero: since the person joined
	// Terms are the kind and amounts then; nil when the person had no
	// pay profile.
	Terms *pay.Terms
	// Current marks the present row: the person's pay profile as it is
	// now is read for its days. Scheduled marks an approved transfer not
	// yet in effect: its terms over the profile from its day on.
	Current, Scheduled bool
}

// span is the days of a period one person is paid under one profile.
type span struct {
	from, to core.Date
	profile  pay.Profile
}

// paySpans cuts [from, to] where a person's pay terms change: each part
// under the profile of its first day — live (the person's profile now)
// with the terms of the history row that day falls in. Parts whose
// profiles pay the same are one. One span means no change in the period.
func paySpans(history []PayTerm, live pay.Profile, from, to core.Date) []span {
	profileOn := func(d core.Date) pay.Profile {
		i := -1
		for j, h := range history {
			if h.From.IsZero() || !h.From.After(d) {
				i = j
			}
		}
		if i < 0 || history[i].Current || history[i].Terms == nil {
			return live
		}
		return history[i].Terms.Over(live)
	}
	starts := []core.Date{from}
	for _, h := range history {
		if !h.From.IsZero() && h.From.After(from) && !h.From.After(to) {
			starts = append(starts, h.From)
		}
	}
	var out []span
	for i, start := range starts {
		end := to
		if i+1 < len(starts) {
			end = starts[i+1].AddDays(-1)
		}
		p := profileOn(start)
		if n := len(out); n > 0 && pay.TermsOf(out[n-1].profile).Key() == pay.TermsOf(p).Key() {
			out[n-1].to = end
			continue
		}
		out = append(out, span{from: start, to: end, profile: p})
	}
	return out
}

// payOne computes e's payslip under their profile p: in one part, or —
// a transfer changed their pay during the period — in one part per
// profile (pay.ComputeParts): each part's salary and allowances pro rata
// by the working days of the org's calendar in it, its absences, unpaid
// leave, overtime, hours and cover at its own rates. It returns the
// payslip with the period's month and inputs, for the warnings.
func (d drafting) payOne(e core.Employee, p pay.Profile, first core.Date, periodDays int) (pay.Payslip, month, pay.Inputs, error) {
	_, to := d.employed(e, d.from, d.to) // nothing counts after a leaver's last day
	m := countMonth(d.setup, e, d.from, to, first, d.now, d.months[e.ID].Records, d.leave[e.ID])
	in := d.inputs(e, p, m, periodDays)
	spans := paySpans(d.payHistory[e.ID], p, d.from, d.to)
	if len(spans) < 2 { // one profile all period: the present one, or the one a transfer since replaced
		slip, err := pay.Compute(spans[0].profile, d.rules, in)
		return slip, m, in, err
	}
	parts := make([]pay.Part, len(spans))
	for i, sp := range spans {
		start := sp.from
		if first.After(start) {
			start = first
		}
		employedFrom, employedTo := d.employed(e, sp.from, sp.to)
		pm := countMonth(d.setup, e, sp.from, employedTo, start, d.now, d.months[e.ID].Records, d.leave[e.ID])
		extra := d.partExtra[[2]core.Date{sp.from, sp.to}][e.ID]
		pt := pay.Part{Profile: sp.profile, From: shortDate(sp.from), To: shortDate(sp.to),
			AbsentDays: decimal.NewFromInt(int64(len(pm.absent))), AbsentDates: shortDates(pm.absent),
			UnpaidLeaveHours: decimal.NewFromInt(int64(extra.UnpaidLeaveMinutes)).Div(decimal.NewFromInt(60)),
			UnpaidLeaveDates: extra.UnpaidLeaveDates,
			WorkedHours:      decimal.NewFromInt(int64(pm.worked)).Div(decimal.NewFromInt(60)).Round(2),
			CoverMinutes:     extra.CoverMinutes}
		pt.OvertimeMinutes.Workday, pt.OvertimeMinutes.RestDay, pt.OvertimeMinutes.Holiday = pm.overtime[attendance.OvertimeWorkday], pm.overtime[attendance.OvertimeRestDay], pm.overtime[attendance.OvertimeHoliday]
		if !employedFrom.After(employedTo) {
			pt.EmployedWorkdays = d.setup.Calendar.WorkingDays(employedFrom, employedTo)
		}
		parts[i] = pt
	}
	slip, err := pay.ComputeParts(parts, d.rules, in)
	if err != nil {
		return pay.Payslip{}, m, in, fmt.Errorf("parts: %w", err)
	}
	return slip, m, in, nil
}

func shortDate(d core.Date) string { return fmt.Sprintf("%02d-%02d", int(d.Month), d.Day) }
