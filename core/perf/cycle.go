package perf

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Ask is a cycle as HR opens it. Zero dates take the kind's defaults
// (Defaults).
type Ask struct {
	Name           string
	Kind           Kind
	Scope          Scope
	ScopeKey       string
	Period         Period
	SelfDue        core.Date
	ManagerDue     core.Date
	CalibrationDue core.Date
	// NoBonus opens a cycle whose results pay nothing.
	NoBonus bool
}

// Window lengths in days the defaults give each phase: a small team's
// monthly round takes a week and a half.
const (
	SelfDays        = 3
	ManagerDays     = 3
	CalibrationDays = 2
)

// Defaults fills what ask leaves out, on day: the period just ended
// (last month, last quarter, last year; for a probation review the days
// up to today), windows of SelfDays, ManagerDays and CalibrationDays,
// and a name.
func Defaults(ask Ask, today core.Date) Ask {
	if ask.Scope == "" {
		ask.Scope = ScopeOrg
	}
	if ask.Period.From.IsZero() {
		switch ask.Kind {
		case Quarterly:
			start := core.NewDate(today.Year, (today.Month-1)/3*3+1, 1)
			ask.Period = Period{From: core.NewDate(start.Year, start.Month-3, 1), To: start.AddDays(-1)}
		case Annual:
			ask.Period = Period{From: core.NewDate(today.Year-1, 1, 1), To: core.NewDate(today.Year-1, 12, 31)}
		case Probation:
			ask.Period = Period{From: today.AddDays(-90), To: today}
		default:
			last := today.MonthStart().AddDays(-1)
			ask.Period = Period{From: last.MonthStart(), To: last}
		}
	}
	if ask.SelfDue.IsZero() {
		ask.SelfDue = today.AddDays(SelfDays - 1)
	}
	if ask.ManagerDue.IsZero() {
		ask.ManagerDue = ask.SelfDue.AddDays(ManagerDays)
	}
	if ask.CalibrationDue.IsZero() {
		ask.CalibrationDue = ask.ManagerDue.AddDays(CalibrationDays)
	}
	if ask.Name == "" {
		ask.Name = defaultName(ask)
	}
	return ask
}

func defaultName(ask Ask) string {
	p := ask.Period
	name := fmt.Sprintf("%d-%02d", p.From.Year, p.From.Month)
	switch ask.Kind {
	case Quarterly:
		name = fmt.Sprintf("%d-Q%d", p.From.Year, (p.From.Month-1)/3+1)
	case Annual:
		name = strconv.Itoa(p.From.Year)
	case Probation:
		name = "probation " + p.To.String()
	}
	if ask.ScopeKey != "" {
		name += " " + ask.ScopeKey
	}
	return name
}

func checkAsk(ask Ask, today core.Date) error {
	switch ask.Kind {
	case Monthly, Quarterly, Annual, Probation:
	default:
		return core.Errorf(core.EInvalid, "perf.bad_kind", "unknown cycle kind %q", ask.Kind).With("kind", string(ask.Kind))
	}
	switch {
	case ask.Scope != ScopeOrg && ask.ScopeKey == "":
		return core.Errorf(core.EInvalid, "perf.scope_key", "a %s cycle names its %s", ask.Scope, ask.Scope)
	case ask.Kind == Probation && ask.Scope != ScopePerson:
		return core.Errorf(core.EInvalid, "perf.probation_person", "a probation review is of one person")
	case ask.Period.To.Before(ask.Period.From):
		return core.Errorf(core.EInvalid, "perf.bad_period", "the period ends before it starts")
	case ask.SelfDue.Before(today) || ask.ManagerDue.Before(ask.SelfDue) || ask.CalibrationDue.Before(ask.ManagerDue):
		return core.Errorf(core.EInvalid, "perf.bad_windows", "windows out of order").
			With("self", ask.SelfDue.String()).With("manager", ask.ManagerDue.String())
	}
	return nil
}

// Plan is a cycle before it is opened: who it reviews, on what.
type Plan struct {
	Cycle   Cycle
	Reviews []Review
}

// Preview plans a cycle: the people in its scope, each with their items
// and facts so far. Errors: EForbidden (audited), EInvalid, ENotFound
// (no such team, job or person), EConflict (nobody in scope).
func (s *Service) Preview(ctx context.Context, m core.Member, ask Ask, channel string) (Plan, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPerfManage, nil, channel); err != nil {
		return Plan{}, err
	}
	today := s.today(m.Org)
	ask = Defaults(ask, today)
	if err := checkAsk(ask, today); err != nil {
		return Plan{}, err
	}
	people, err := s.inScope(ctx, m.Org.ID, ask)
	if err != nil {
		return Plan{}, err
	}
	c := Cycle{OrgID: m.Org.ID, Name: ask.Name, Kind: ask.Kind, Scope: ask.Scope, ScopeKey: ask.ScopeKey, Period: ask.Period,
		SelfDue: ask.SelfDue, ManagerDue: ask.ManagerDue, CalibrationDue: ask.CalibrationDue, Status: Open,
		CreatedByID: m.Employee.ID, CreatedAt: s.clock.Now()}
	if !ask.NoBonus && ask.Kind != Probation {
		policy, err := s.store.PerfPolicy(ctx, m.Org.ID)
		if err != nil {
			return Plan{}, fmt.Errorf("perf policy: %w", err)
		}
		if len(policy.Bands) > 0 {
			c.PayMonth = core.NewDate(ask.Period.To.Year, ask.Period.To.Month+time.Month(policy.PayOffset), 1)
		}
	}
	rs, err := s.plan(ctx, m.Org, c, people)
	if err != nil {
		return Plan{}, err
	}
	return Plan{Cycle: c, Reviews: rs}, nil
}

// Open opens a cycle: every person in scope is told their self-review
// is open. Errors: those of Preview.
func (s *Service) Open(ctx context.Context, m core.Member, ask Ask, channel string) (Plan, error) {
	p, err := s.Preview(ctx, m, ask, channel)
	if err != nil {
		return Plan{}, err
	}
	now := s.clock.Now()
	ns := make([]core.Notification, 0, len(p.Reviews))
	for _, r := range p.Reviews {
		ns = append(ns, notice(m.Org.ID, r.EmployeeID, core.NotifyPerfSelfOpen, now, nil))
	}
	audit := s.entry(m, AuditCycleOpen, "perf_cycle", 0, nil, cycleSnapshot(p.Cycle, len(p.Reviews)), channel)
	c, err := s.store.CreateCycle(ctx, p.Cycle, p.Reviews, audit, ns)
	if err != nil {
		return Plan{}, fmt.Errorf("open cycle: %w", err)
	}
	p.Cycle = c
	return p, nil
}

func cycleSnapshot(c Cycle, people int) map[string]any {
	return map[string]any{"name": c.Name, "kind": c.Kind, "scope": c.Scope, "scope_key": c.ScopeKey,
		"from": c.Period.From.String(), "to": c.Period.To.String(), "self_due": c.SelfDue.String(),
		"manager_due": c.ManagerDue.String(), "calibration_due": c.CalibrationDue.String(), "people": people, "status": c.Status}
}

// inScope returns the active people a cycle reviews, by name.
func (s *Service) inScope(ctx context.Context, orgID int64, ask Ask) ([]core.Employee, error) {
	if ask.Scope == ScopePerson {
		e, err := s.store.FindEmployee(ctx, orgID, ask.ScopeKey)
		if err != nil {
			return nil, err
		}
		if e.Status != core.StatusActive {
			return nil, core.Errorf(core.EConflict, "perf.nobody", "nobody to review")
		}
		return []core.Employee{e}, nil
	}
	all, err := s.store.ListEmployees(ctx, orgID, 0)
	if err != nil {
		return nil, fmt.Errorf("people in scope: %w", err)
	}
	var out []core.Employee
	known := ask.Scope == ScopeOrg
	for _, e := range all {
		switch ask.Scope {
		case ScopeTeam:
			if e.TeamKey != ask.ScopeKey {
				continue
			}
		case ScopeJob:
			if e.Job != ask.ScopeKey {
				continue
			}
		}
		known = true
		// The owner and admins run the shop; HR reviews everyone else.
		if e.Role == core.RoleAdmin {
			continue
		}
		out = append(out, e)
	}
	if !known {
		// One key per scope: the scope's word is part of the sentence.
		return nil, core.Errorf(core.ENotFound, "perf.no_"+string(ask.Scope), "no %s %q", ask.Scope, ask.ScopeKey).
			With("scope", string(ask.Scope)).With("key", ask.ScopeKey)
	}
	if len(out) == 0 {
		return nil, core.Errorf(core.EConflict, "perf.nobody", "nobody to review")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// plan gives each person their items (their job's KPIs and their goals
// for the period) and facts.
func (s *Service) plan(ctx context.Context, org core.Org, c Cycle, people []core.Employee) ([]Review, error) {
	js, err := s.jobs.Jobs(ctx, org.ID)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	kpis := map[string][]jobs.KPI{}
	for _, j := range js {
		kpis[j.Key] = j.Description.KPIs
	}
	ids := make([]int64, len(people))
	for i, e := range people {
		ids[i] = e.ID
	}
	goals, err := s.store.Goals(ctx, org.ID, ids, c.Period)
	if err != nil {
		return nil, fmt.Errorf("goals: %w", err)
	}
	facts, err := s.facts.Facts(ctx, org, ids, c.Period)
	if err != nil {
		return nil, fmt.Errorf("facts: %w", err)
	}
	now := s.clock.Now()
	out := make([]Review, 0, len(people))
	for _, e := range people {
		var items []Item
		for _, k := range kpis[e.Job] {
			items = append(items, Item{KPI: k})
		}
		for _, g := range goals {
			if g.EmployeeID == e.ID {
				items = append(items, Item{KPI: g.Item, Goal: true})
			}
		}
		if len(items) == 0 {
			items = []Item{Overall()}
		}
		out = append(out, Review{OrgID: org.ID, EmployeeID: e.ID, EmployeeKey: e.Key, EmployeeName: e.Name,
			ManagerID: e.ManagerID, Job: e.Job, TeamID: e.TeamID, Items: items, Facts: facts[e.ID], FactsAt: now})
	}
	return out, nil
}

// Overall is the one item of a person whose job has no KPIs and who has
// no goals: the manager's judgement of the period as a whole.
func Overall() Item {
	return Item{KPI: jobs.KPI{Key: "overall", Measure: jobs.MeasureJudgement, HigherIsBetter: true,
		Name: map[core.Locale]string{core.LocaleZH: "总体表现", core.LocaleEN: "Overall performance"}}}
}

// Cycles lists the org's cycles. HR and admins only.
func (s *Service) Cycles(ctx context.Context, m core.Member, channel string) ([]Cycle, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPerfManage, nil, channel); err != nil {
		return nil, err
	}
	return s.store.Cycles(ctx, m.Org.ID)
}

// Progress is a cycle with its reviews as one who may see them does:
// HR every one, a manager those they review.
type Progress struct {
	Cycle   Cycle
	Phase   Phase
	Reviews []Review
	// SelfDone, ManagerDone count finished reviews of Reviews.
	SelfDone, ManagerDone int
}

// CycleProgress returns a cycle and how far its reviews are. Errors:
// ENotFound, EForbidden (audited) for an employee.
func (s *Service) CycleProgress(ctx context.Context, m core.Member, id int64, channel string) (Progress, error) {
	if m.Employee.Role != core.RoleManager {
		if err := s.auth.Authorize(ctx, m, core.ActionPerfManage, nil, channel); err != nil {
			return Progress{}, err
		}
	}
	c, err := s.store.Cycle(ctx, m.Org.ID, id)
	if err != nil {
		return Progress{}, err
	}
	rs, err := s.store.Reviews(ctx, m.Org.ID, id)
	if err != nil {
		return Progress{}, fmt.Errorf("cycle reviews: %w", err)
	}
	if m.Employee.Role == core.RoleManager {
		mine := rs[:0]
		for _, r := range rs {
			if r.ManagerID == m.Employee.ID {
				mine = append(mine, r)
			}
		}
		rs = mine
	}
	p := Progress{Cycle: c, Phase: c.PhaseOn(s.today(m.Org)), Reviews: rs}
	for _, r := range rs {
		if !r.SelfDoneAt.IsZero() {
			p.SelfDone++
		}
		if !r.ManagerDoneAt.IsZero() {
			p.ManagerDone++
		}
	}
	return p, nil
}

// Weighted is the weighted mean of scores over items (equal weights
// when none is weighted), to two decimals; zero when an item is
// unscored.
func Weighted(items []Item, scores Scores) decimal.Decimal {
	var sum, total decimal.Decimal
	for _, it := range items {
		sc, ok := scores[it.Key]
		if !ok || sc.Score < Lowest {
			return decimal.Decimal{}
		}
		w := decimal.NewFromInt(int64(max(it.Weight, 0)))
		if it.Weight == 0 {
			w = decimal.NewFromInt(1)
		}
		sum = sum.Add(w.Mul(decimal.NewFromInt(int64(sc.Score))))
		total = total.Add(w)
	}
	if total.IsZero() {
		return decimal.Decimal{}
	}
	return sum.Div(total).Round(2)
}
