package payroll

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// Draft is DraftOrg for HR in chat.
func (s *Service) Draft(ctx context.Context, m core.Member, period string) (Run, []string, error) {
	return s.DraftVia(ctx, m, period, "chat")
}

// DraftVia is DraftOrg for HR on channel ("chat", "web"): a refusal is
// audited on it, and the draft is recorded as by "channel:key".
func (s *Service) DraftVia(ctx context.Context, m core.Member, period, channel string) (Run, []string, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return Run{}, nil, err
	}
	return s.DraftOrg(ctx, m.Org, period, channel+":"+m.Employee.Key)
}

// DraftOrg computes the org's run for period and saves it as a draft,
// replacing an earlier draft: running it again with the same inputs gives
// the same run. People without a pay profile are left out (and named in
// the returned list). The run carries its warnings (see the Warn codes):
// a month not over yet, days before the org's go-live, people without any
// check-in, net pay below zero or below the minimum wage.
//
// Days before the org's go-live day and before a person's hire date are
// never absences; see countMonth for how a day's absence and overtime are
// decided.
func (s *Service) DraftOrg(ctx context.Context, org core.Org, period, by string) (Run, []string, error) {
	from, to, err := ParsePeriod(period)
	if err != nil {
		return Run{}, nil, err
	}
	if run, err := s.store.FindRun(ctx, org.ID, period); err == nil && run.Status == StatusApproved {
		return Run{}, nil, core.Errorf(core.EConflict, "payroll.approved", "the %s run is approved and cannot change; add an adjustment to a later period", period).With("period", period)
	} else if err != nil && core.ErrorCodeOf(err) != core.ENotFound {
		return Run{}, nil, err
	}
	g, err := s.gather(ctx, org, period, from, to)
	if err != nil {
		return Run{}, nil, err
	}
	d := drafting{org: org, period: period, from: from, to: to, now: s.clock.Now(), gathered: g}
	slips, missing, warnings, err := d.run()
	if err != nil {
		return Run{}, nil, err
	}
	run, err := s.store.SaveDraft(ctx, org.ID, period, by, slips, warnings, d.now)
	if err != nil {
		return Run{}, nil, err
	}
	return run, missing, nil
}

// gathered is what a draft reads for its period: the org's payroll rules
// and attendance setup, its people with their pay profiles and attendance,
// approved leave, unpaid leave and cover, year to date and adjustments.
type gathered struct {
	rules       pay.Rules
	profiles    map[int64]StoredProfile // by employee id
	setup       *attendance.Setup
	people      []core.Employee
	months      map[int64]attendance.MonthSummary
	leave       map[int64]map[core.Date]bool
	extra       map[int64]PersonInputs
	ytd         map[int64]pay.YearToDate
	adjustments map[int64][]pay.Adjustment
	// payHistory is the pay terms transfers put in force, by person;
	// partExtra the unpaid leave and cover of each part of the period a
	// change of pay cuts it into (split.go).
	payHistory map[int64][]PayTerm
	partExtra  map[[2]core.Date]map[int64]PersonInputs
	// lastDays are the last days of the people who left in the period,
	// annual their annual-leave figures for the payout (final pay).
	lastDays map[int64]core.Date
	annual   map[int64]leave.AnnualLeft
	// perf is the performance pay of the period's month: the bonuses of
	// the review cycles paid in it.
	perf PerfPay
	// bonuses are the year-end bonuses paid in the period, sixty the
	// people under the 60,000 rule this year (tax.go), firstWages those
	// marked as having their first wages of the year here (firstwages.go).
	bonuses    map[int64]pay.YearEndBonus
	sixty      map[int64]bool
	firstWages map[int64]bool
	// social holds each person's contribution bases to their city's
	// (social.go).
	social SocialSetup
}

func (s *Service) gather(ctx context.Context, org core.Org, period string, from, to core.Date) (gathered, error) {
	var g gathered
	var err error
	if g.rules, err = s.store.Rules(ctx, org.ID); err != nil {
		return g, err
	}
	profiles, err := s.store.Profiles(ctx, org.ID)
	if err != nil {
		return g, err
	}
	g.profiles = make(map[int64]StoredProfile, len(profiles))
	for _, p := range profiles {
		g.profiles[p.EmployeeID] = p
	}
	if g.setup, err = s.att.Setup(ctx, org); err != nil {
		return g, err
	}
	leavers, err := s.store.Leavers(ctx, org.ID, from, to)
	if err != nil {
		return g, err
	}
	also := make([]core.Employee, len(leavers))
	g.lastDays, g.annual = map[int64]core.Date{}, map[int64]leave.AnnualLeft{}
	for i, l := range leavers {
		also[i], g.lastDays[l.Employee.ID] = l.Employee, l.LastDay
		if s.annual == nil {
			continue
		}
		a, ok, err := s.annual.AnnualLeftOf(ctx, org, l.Employee, l.LastDay)
		if err != nil {
			return g, err
		}
		if ok {
			g.annual[l.Employee.ID] = a
		}
	}
	if g.people, g.months, err = s.att.Months(ctx, org, from, to, also...); err != nil {
		return g, err
	}
	if g.leave, err = s.store.LeaveDays(ctx, org.ID, nil, from, to); err != nil {
		return g, err
	}
	if g.extra, err = s.store.Inputs(ctx, org.ID, from, to); err != nil {
		return g, err
	}
	if g.ytd, err = s.store.YearToDate(ctx, org.ID, period); err != nil {
		return g, err
	}
	if g.adjustments, err = s.store.Adjustments(ctx, org.ID, period); err != nil {
		return g, err
	}
	if s.perf != nil {
		if g.perf, err = s.perf.PerfPay(ctx, org.ID, from); err != nil {
			return g, err
		}
	}
	if err := s.gatherTax(ctx, org, period, from, &g); err != nil {
		return g, err
	}
	if g.social, err = s.socialSetup(ctx, org.ID); err != nil {
		return g, err
	}
	return g, s.gatherParts(ctx, org, from, to, &g)
}

// gatherParts reads the pay history and, for each part of the period a
// change of someone's pay cuts off, that part's unpaid leave and cover.
func (s *Service) gatherParts(ctx context.Context, org core.Org, from, to core.Date, g *gathered) error {
	var err error
	if g.payHistory, err = s.store.PayHistory(ctx, org.ID); err != nil {
		return err
	}
	g.partExtra = map[[2]core.Date]map[int64]PersonInputs{}
	for id, h := range g.payHistory {
		p, ok := g.profiles[id]
		if !ok {
			continue
		}
		spans := paySpans(h, p.Profile, from, to)
		for _, sp := range spans {
			k := [2]core.Date{sp.from, sp.to}
			if _, done := g.partExtra[k]; len(spans) < 2 || done {
				continue
			}
			if g.partExtra[k], err = s.store.Inputs(ctx, org.ID, sp.from, sp.to); err != nil {
				return err
			}
		}
	}
	return nil
}

// drafting is one draft being worked out: the period [from, to], when it
// is drafted, and what was gathered for it. It reads nothing more.
type drafting struct {
	org      core.Org
	period   string
	from, to core.Date
	now      time.Time
	gathered
}

// run computes everyone's payslip, sorted by person, and the draft's
// warnings in the order warnOrder gives; missing names the people without
// a pay profile.
func (d drafting) run() (slips []Slip, missing []string, warnings []Warning, err error) {
	if w, ok := unfinished(d.period, d.now, d.org); ok {
		warnings = append(warnings, w)
	}
	live, w, ok := d.goLive()
	if ok {
		warnings = append(warnings, w)
	}
	periodDays := d.setup.Calendar.WorkingDays(d.from, d.to)
	var personal []Warning
	for _, e := range d.people {
		p, ok := d.profiles[e.ID]
		if !ok {
			missing = append(missing, e.Key)
			continue
		}
		slip, m, in, err := d.payOne(e, p.Profile, firstDay(e, live), periodDays)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("payroll of %s: %w", e.Key, err)
		}
		slips = append(slips, Slip{EmployeeID: e.ID, Key: e.Key, Name: e.Name, Locale: e.Locale, Payslip: slip})
		personal = append(personal, personWarnings(e, m, slip, d.rules, in)...)
		personal = append(personal, bonusWarnings(e, slip, d.from.Year)...)
		if w, ok := d.social.socialWarning(e, p.Profile, in, d.period); ok {
			personal = append(personal, w)
		}
	}
	sort.Slice(slips, func(i, j int) bool { return slips[i].Key < slips[j].Key })
	sortWarnings(personal)
	return slips, missing, append(warnings, personal...), nil
}

// goLive returns the first day absences count from: the period's first,
// or the org's go-live day when that is later, with a warning that says
// how many working days of the period come before it.
func (d drafting) goLive() (live core.Date, w Warning, ok bool) {
	goLive := d.org.GoLive
	if goLive.IsZero() || !goLive.After(d.from) {
		return d.from, Warning{}, false
	}
	before := goLive.AddDays(-1)
	if before.After(d.to) {
		before = d.to
	}
	return goLive, Warning{Code: WarnBeforeGoLive, Params: map[string]string{
		"go_live": goLive.String(), "days": strconv.Itoa(d.setup.Calendar.WorkingDays(d.from, before)),
	}}, true
}

// firstDay is the first day e's absences count from: live, or e's hire
// date when that is later.
func firstDay(e core.Employee, live core.Date) core.Date {
	if hired := core.DateOf(e.HireDate); !e.HireDate.IsZero() && hired.After(live) {
		return hired
	}
	return live
}

// inputs are e's payroll inputs: their month m of attendance, the unpaid
// leave, cover, performance bonuses, adjustments and year to date
// gathered, and for someone hired or leaving during the period the
// working days they were employed (none when hired after it); for
// someone leaving, the payout of their unused annual leave at p's wage.
func (d drafting) inputs(e core.Employee, p pay.Profile, m month, periodDays int) pay.Inputs {
	extra := d.extra[e.ID]
	in := pay.Inputs{
		PeriodWorkdays:   periodDays,
		EmployedWorkdays: periodDays,
		AbsentDays:       decimal.NewFromInt(int64(len(m.absent))),
		AbsentDates:      shortDates(m.absent),
		UnpaidLeaveHours: decimal.NewFromInt(int64(extra.UnpaidLeaveMinutes)).Div(decimal.NewFromInt(60)),
		UnpaidLeaveDates: extra.UnpaidLeaveDates,
		WorkedHours:      decimal.NewFromInt(int64(m.worked)).Div(decimal.NewFromInt(60)).Round(2),
		LateCount:        m.late,
		CoverMinutes:     extra.CoverMinutes,
		Adjustments:      d.adjustments[e.ID],
		PerfBonuses:      d.perf.bonuses(e.ID),
		YTD:              d.ytd[e.ID],
		MonthOfYear:      int(d.from.Month),
		Bases:            d.social.BasesOf(e.ID, d.period),
	}
	d.taxInputs(e, &in)
	in.OvertimeMinutes.Workday = m.overtime[attendance.OvertimeWorkday]
	in.OvertimeMinutes.RestDay = m.overtime[attendance.OvertimeRestDay]
	in.OvertimeMinutes.Holiday = m.overtime[attendance.OvertimeHoliday]
	if from, to := d.employed(e, d.from, d.to); from != d.from || to != d.to {
		in.EmployedWorkdays = 0
		if !from.After(to) {
			in.EmployedWorkdays = d.setup.Calendar.WorkingDays(from, to)
		}
	}
	if last, left := d.lastDays[e.ID]; left {
		if a, ok := d.annual[e.ID]; ok {
			daily := p.Salary.Div(leaving.PayDaysPerMonth).Round(2)
			if p.Kind == pay.Hourly {
				daily = p.HourlyRate.Mul(d.rules.DayHours).Round(2)
			}
			po := leaving.LeavePayoutAt(a.From, last, a.EntitlementDays, a.TakenDays, daily)
			in.LeavePayout = &pay.LeavePayout{Days: po.Days, Earned: po.Earned, Taken: a.TakenDays, Daily: po.Daily, Amount: po.Amount}
		}
	}
	return in
}

// employed is the part of [from, to] e was employed: from their hire
// date, to their last day.
func (d drafting) employed(e core.Employee, from, to core.Date) (core.Date, core.Date) {
	if hired := core.DateOf(e.HireDate); !e.HireDate.IsZero() && hired.After(from) {
		from = hired
	}
	if last, left := d.lastDays[e.ID]; left && last.Before(to) {
		to = last
	}
	return from, to
}

var warnOrder = map[string]int{WarnUnfinished: 0, WarnBeforeGoLive: 1, WarnNegativeNet: 2, WarnBelowMinimum: 3, WarnNoRecords: 4,
	WarnNoBases: 5, WarnBonusDeadZone: 6, WarnBonusSeparateAfter: 7}

// sortWarnings orders people's warnings by code as warnOrder lists them,
// then by person.
func sortWarnings(ws []Warning) {
	sort.SliceStable(ws, func(i, j int) bool {
		if a, b := warnOrder[ws[i].Code], warnOrder[ws[j].Code]; a != b {
			return a < b
		}
		return ws[i].Person < ws[j].Person
	})
}

// personWarnings are one person's warnings of a draft.
func personWarnings(e core.Employee, m month, slip pay.Payslip, rules pay.Rules, in pay.Inputs) []Warning {
	var out []Warning
	warn := func(code string, params map[string]string) {
		out = append(out, Warning{Code: code, Person: e.Key, Name: e.Name, Params: params})
	}
	// Labour remuneration is a fee: no attendance expected, no minimum wage.
	labour := slip.Tax.Rule == pay.RuleCNLabour
	if m.planned > 0 && m.punched == 0 && !labour {
		warn(WarnNoRecords, map[string]string{"days": strconv.Itoa(m.planned)})
	}
	if slip.Net.IsNegative() {
		warn(WarnNegativeNet, map[string]string{"net": Amount(slip.Net)})
	} else if rules.MinimumWage.IsPositive() && in.EmployedWorkdays > 0 && !labour {
		minimum := rules.MinimumWage
		if in.PeriodWorkdays > 0 && in.EmployedWorkdays < in.PeriodWorkdays {
			minimum = minimum.Mul(decimal.NewFromInt(int64(in.EmployedWorkdays))).DivRound(decimal.NewFromInt(int64(in.PeriodWorkdays)), 2)
		}
		if slip.Net.LessThan(minimum) {
			warn(WarnBelowMinimum, map[string]string{"net": Amount(slip.Net), "minimum": Amount(minimum)})
		}
	}
	return out
}

// shortDates writes dates as payslips show them: "11-04".
func shortDates(ds []core.Date) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fmt.Sprintf("%02d-%02d", int(d.Month), d.Day)
	}
	return out
}
