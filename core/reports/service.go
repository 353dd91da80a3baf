package reports

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/core/recruiting"
)

// Store reads what reports need beyond the services.
type Store interface {
	OrgsOfGroup(ctx context.Context, groupID int64) ([]core.Org, error)
	LeaveUsage(ctx context.Context, orgID int64, from, to core.Date) ([]LeaveUse, error)
	CoverReportBetween(ctx context.Context, orgID int64, from, to core.Date) (cover.Report, error)
	EverEmployed(ctx context.Context, orgID int64) ([]Person, error)
	ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error)
	QuizStats(ctx context.Context, orgID int64, from, to core.Date) ([]QuizStat, error)
	// RecruitingRows reads the org's applications begun or hired in
	// span, with their moves, and the openings opened in it.
	RecruitingRows(ctx context.Context, orgID int64, span recruiting.Span) (recruiting.FunnelRows, error)
	// PublishedCycles returns the org's published review cycles, the
	// latest period first.
	PublishedCycles(ctx context.Context, orgID int64) ([]PerfCycle, error)
	// PerfResults returns the published reviews of the cycles; with
	// managerID, only the ones that manager wrote or of their direct
	// reports.
	PerfResults(ctx context.Context, orgID int64, cycleIDs []int64, managerID int64) ([]PerfResult, error)
	// PerfBands returns the org's result bands, best first.
	PerfBands(ctx context.Context, orgID int64) ([]perf.Band, error)
	// RoleLoad returns, for the days from to to, each person's hours per
	// job worked and the cover each job's shifts needed.
	RoleLoad(ctx context.Context, orgID int64, from, to core.Date) ([]JobWork, []JobCover, error)
}

// QuizStat is how a quiz went in a period.
type QuizStat struct {
	Code             string
	Attempts, Passed int
}

// LeaveUse is the approved leave of one type taken in a period.
type LeaveUse struct {
	Type     string // its name
	Requests int
	Minutes  int // the part inside the period
	People   int
}

// Person is someone ever employed, for headcount and turnover.
type Person struct {
	ID  int64
	Job string // at the period's end
	// StartJob is the job at the period's start, when a transfer changed
	// it within the period ("": Job).
	StartJob string
	HireDate time.Time // zero: always there
	LeftOn   time.Time // zero: still there
}

// Attendances summarises attendance at once for an org.
type Attendances interface {
	Months(ctx context.Context, org core.Org, from, to core.Date, also ...core.Employee) ([]core.Employee, map[int64]attendance.MonthSummary, error)
	// Setup is the org's attendance setup, with its assignment history.
	Setup(ctx context.Context, org core.Org) (*attendance.Setup, error)
}

// Leaves gives leave setups (for the day length) and balances.
type Leaves interface {
	Setup(ctx context.Context, org core.Org) (leave.Setup, error)
	Balances(ctx context.Context, m core.Member) ([]leave.Balance, error)
}

// Authorizer applies the permission rules and audits refusals
// (core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service builds reports.
type Service struct {
	store Store
	att   Attendances
	leave Leaves
	auth  Authorizer
	clock core.Clock
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock that says which days are gone by (the
// role-load report's scheduled and standard hours); the wall clock
// without it.
func WithClock(c core.Clock) Option { return func(s *Service) { s.clock = c } }

// NewService returns a Service.
func NewService(store Store, att Attendances, lv Leaves, auth Authorizer, opts ...Option) *Service {
	s := &Service{store: store, att: att, leave: lv, auth: auth, clock: core.SystemClock{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Report builds kind for m's org over p; with group set, for every org of
// m's group (group admins only). Managers, HR and admins see their own
// org; employees see none. Refusals are audited on channel. Errors:
// EForbidden, EInvalid (report.unknown).
func (s *Service) Report(ctx context.Context, m core.Member, kind Kind, p Period, group bool, channel string) (Result, error) {
	orgs := []core.Org{m.Org}
	if group {
		if err := s.auth.Authorize(ctx, m, core.ActionReportGroup, nil, channel); err != nil {
			return Result{}, err
		}
		var err error
		if orgs, err = s.store.OrgsOfGroup(ctx, m.Org.GroupID); err != nil {
			return Result{}, err
		}
	} else if err := s.auth.Authorize(ctx, m, core.ActionReportOrg, nil, channel); err != nil {
		return Result{}, err
	}
	if kind == Performance {
		// Results are the org's own: bands and cycles differ between orgs.
		if group {
			return Result{}, core.Errorf(core.EInvalid, "report.perf.no_group", "the performance report is of one org")
		}
		cycles, err := s.store.PublishedCycles(ctx, m.Org.ID)
		if err != nil {
			return Result{}, fmt.Errorf("performance report of %s: %w", m.Org.Key, err)
		}
		return s.performance(ctx, m, cycles, cyclesEnding(cycles, p), p)
	}
	res, err := Layout(kind)
	if err != nil {
		return Result{}, err
	}
	res.Period, res.Orgs = p, orgs
	var pooled recruiting.Funnel // the recruiting report's orgs together
	for _, org := range orgs {
		var rows []Row
		switch kind {
		case Attendance:
			rows, err = s.attendance(ctx, org, p)
		case Leave:
			rows, err = s.leaveUse(ctx, org, p)
		case Cover:
			rows, err = s.cover(ctx, org, p)
		case RoleMix:
			rows, err = s.roleMix(ctx, org, p)
		case Turnover:
			rows, err = s.turnover(ctx, org, p)
		case Training:
			rows, err = s.training(ctx, org, p)
		case Recruiting:
			rows, err = s.recruiting(ctx, org, p, &pooled)
		case RoleLoad:
			rows, err = s.roleLoad(ctx, org, p, &res)
		}
		if err != nil {
			return Result{}, fmt.Errorf("%s report of %s: %w", kind, org.Key, err)
		}
		for i := range rows {
			if group {
				rows[i].Org = org.Name
			}
			// Rounded as shown, so the totals add up to what people read.
			for c, v := range rows[i].Values {
				rows[i].Values[c] = roundTo(v, res.Columns[c].Decimals)
			}
		}
		res.Rows = append(res.Rows, rows...)
	}
	res.Totals = totals(res)
	if kind == Recruiting {
		recruitingTotals(&res, pooled)
	}
	return res, nil
}

// totals adds each column up; a share is worked out again from the
// totals of the columns it is a share of, and an average (a rating) is
// the mean of the rows that have one.
func totals(r Result) []float64 {
	out := make([]float64, len(r.Columns))
	counted := make([]int, len(r.Columns))
	for _, row := range r.Rows {
		for i, v := range row.Values {
			out[i] += v
			if v != 0 {
				counted[i]++
			}
		}
	}
	sums := append([]float64(nil), out...)
	for i, c := range r.Columns {
		switch {
		case r.ratios[i] != nil:
			out[i] = r.ratios[i](sums)
		case c.Unit == UnitPercent || c.Unit == UnitRating:
			if counted[i] > 0 {
				out[i] /= float64(counted[i])
			}
		}
		out[i] = roundTo(out[i], c.Decimals)
	}
	return out
}

// share is 100 × a / b, 0 when b is.
func share(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return 100 * a / b
}

// sortLabels orders rows by label, the rows without one (no team, no
// job) last.
func sortLabels(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool {
		if (rows[i].LabelKey == "") != (rows[j].LabelKey == "") {
			return rows[i].LabelKey == ""
		}
		return rows[i].Label < rows[j].Label
	})
}

// Attendance: per team, people, late arrivals, minutes late, absences,
// overtime hours and days on leave, for the days gone by. Each day counts
// for the team the person was in that day (a transfer cuts the period
// where it took effect); a person is one of the people of the team they
// were in on the period's last day.
func (s *Service) attendance(ctx context.Context, org core.Org, p Period) ([]Row, error) {
	setup, err := s.att.Setup(ctx, org)
	if err != nil {
		return nil, err
	}
	parts := []Period{p}
	for _, cut := range setup.History.Changes(p.From, p.To) {
		last := &parts[len(parts)-1]
		parts = append(parts, Period{From: cut, To: last.To})
		last.To = cut.AddDays(-1)
	}
	byTeam := map[string]*Row{}
	var rows []*Row
	for i, part := range parts {
		people, months, err := s.att.Months(ctx, org, part.From, part.To)
		if err != nil {
			return nil, err
		}
		for _, e := range people {
			if !e.HireDate.IsZero() && core.DateOf(e.HireDate).After(p.To) {
				continue // not there yet
			}
			team := setup.History.On(e, part.To).TeamName
			r := byTeam[team]
			if r == nil {
				r = &Row{Label: team, Values: make([]float64, 6)}
				if team == "" {
					r.LabelKey = "report.no_team"
				}
				byTeam[team] = r
				rows = append(rows, r)
			}
			m := months[e.ID]
			overtime := 0
			for _, v := range m.Overtime {
				overtime += v
			}
			person := 0.0
			if i == len(parts)-1 {
				person = 1
			}
			for i, v := range []float64{person, float64(m.LateCount), float64(m.LateMinutes), float64(m.AbsentDays), float64(overtime) / 60, float64(m.LeaveDays)} {
				r.Values[i] += v
			}
		}
	}
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = *r
	}
	sortLabels(out)
	return out, nil
}

// leaveUse: per leave type, requests, days taken in the period, people,
// and the days everyone has left this year (types with a balance).
func (s *Service) leaveUse(ctx context.Context, org core.Org, p Period) ([]Row, error) {
	setup, err := s.leave.Setup(ctx, org)
	if err != nil {
		return nil, err
	}
	uses, err := s.store.LeaveUsage(ctx, org.ID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	day := float64(setup.Policy.DayMinutes)
	if day == 0 {
		day = 480
	}
	people, err := s.store.ListEmployees(ctx, org.ID, 0)
	if err != nil {
		return nil, err
	}
	left := map[string]float64{}
	for _, e := range people {
		bs, err := s.leave.Balances(ctx, core.Member{Employee: e, Org: org})
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			if !b.Unlimited {
				left[b.Type.Name] += float64(b.Available) / day
			}
		}
	}
	byType := map[string]*Row{}
	var names []string
	row := func(name string) *Row {
		if byType[name] == nil {
			byType[name] = &Row{Label: name, Values: make([]float64, 4)}
			names = append(names, name)
		}
		return byType[name]
	}
	for _, u := range uses {
		r := row(u.Type)
		r.Values[0], r.Values[1], r.Values[2] = float64(u.Requests), float64(u.Minutes)/day, float64(u.People)
	}
	for name, days := range left {
		row(name).Values[3] = days
	}
	sort.Strings(names)
	rows := make([]Row, 0, len(names))
	for _, n := range names {
		rows = append(rows, *byType[n])
	}
	return rows, nil
}

// cover: per person who covered, covers, hours worked on them (checked
// in and out inside the cover's window) and the average rating.
func (s *Service) cover(ctx context.Context, org core.Org, p Period) ([]Row, error) {
	rep, err := s.store.CoverReportBetween(ctx, org.ID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(rep.People))
	for _, c := range rep.People {
		rows = append(rows, Row{Label: c.Name, Values: []float64{float64(c.Covers), float64(c.ActualMinutes) / 60, c.Rating}})
	}
	return rows, nil
}

// roleMix: per job, the hours it took (its own people's plus cover), the
// hours done by people of other jobs, and their share — how "mixed" the
// roles really are.
func (s *Service) roleMix(ctx context.Context, org core.Org, p Period) ([]Row, error) {
	rep, err := s.store.CoverReportBetween(ctx, org.ID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(rep.Jobs))
	for _, j := range rep.Jobs {
		r := Row{Label: j.Job, Values: []float64{float64(j.TotalMinutes) / 60, float64(j.OtherJobMinutes) / 60, 100 * j.OtherJobShare}}
		if j.Job == "" {
			r.LabelKey = "report.no_job"
		}
		rows = append(rows, r)
	}
	sortLabels(rows)
	return rows, nil
}

// turnover: per job, headcount at the start and the end, joiners, leavers
// and the turnover rate (leavers over the average headcount).
func (s *Service) turnover(ctx context.Context, org core.Org, p Period) ([]Row, error) {
	people, err := s.store.EverEmployed(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	setup, err := s.att.Setup(ctx, org)
	if err != nil {
		return nil, err
	}
	for i, x := range people {
		e := core.Employee{ID: x.ID, Job: x.Job}
		people[i].Job = setup.History.On(e, p.To).Job
		if start := setup.History.On(e, p.From).Job; start != people[i].Job {
			people[i].StartJob = start
		}
	}
	return Turnovers(people, p), nil
}

// Turnovers counts headcount and turnover per job over p.
func Turnovers(people []Person, p Period) []Row {
	from, to := p.From.UTC(), p.To.UTC()
	in := func(x Person, day time.Time) bool {
		return (x.HireDate.IsZero() || !x.HireDate.After(day)) && (x.LeftOn.IsZero() || !x.LeftOn.Before(day))
	}
	byJob := map[string]*Row{}
	var rows []*Row
	row := func(job string) *Row {
		r := byJob[job]
		if r == nil {
			r = &Row{Label: job, Values: make([]float64, 5)}
			if job == "" {
				r.LabelKey = "report.no_job"
			}
			byJob[job] = r
			rows = append(rows, r)
		}
		return r
	}
	for _, x := range people {
		r := row(x.Job)
		if in(x, from) {
			start := r
			if x.StartJob != "" {
				start = row(x.StartJob)
			}
			start.Values[0]++
		}
		if in(x, to) {
			r.Values[1]++
		}
		if !x.HireDate.IsZero() && !x.HireDate.Before(from) && !x.HireDate.After(to) {
			r.Values[2]++
		}
		if !x.LeftOn.IsZero() && !x.LeftOn.Before(from) && !x.LeftOn.After(to) {
			r.Values[3]++
		}
	}
	out := make([]Row, len(rows))
	for i, r := range rows {
		if avg := (r.Values[0] + r.Values[1]) / 2; avg > 0 {
			r.Values[4] = 100 * r.Values[3] / avg
		}
		out[i] = *r
	}
	sortLabels(out)
	return out
}

// training: per quiz, attempts submitted in the period, passed, pass rate.
func (s *Service) training(ctx context.Context, org core.Org, p Period) ([]Row, error) {
	stats, err := s.store.QuizStats(ctx, org.ID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(stats))
	for _, q := range stats {
		rows = append(rows, Row{Label: q.Code, Values: []float64{float64(q.Attempts), float64(q.Passed), share(float64(q.Passed), float64(q.Attempts))}})
	}
	return rows, nil
}

// roundTo rounds v half away from zero to d decimals.
func roundTo(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}
