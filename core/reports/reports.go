// Package reports works out what owners and managers look at: attendance,
// leave, cover and role mix, headcount and turnover, training — for one
// org, or for every org of a group side by side and rolled up. A report
// is a table of numbers with catalogue keys for its words, so the bot
// writes it in the reader's language, draws it and exports it.
package reports

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
)

// Kind is a report.
type Kind string

// Reports.
const (
	Attendance Kind = "attendance"
	Leave      Kind = "leave"
	Cover      Kind = "cover"   // who covered, how long, how well
	RoleMix    Kind = "rolemix" // the share of each job's hours done by people of other jobs
	Turnover   Kind = "turnover"
	Training   Kind = "training"
)

// Kinds lists the reports in menu order.
var Kinds = []Kind{Attendance, Leave, Cover, RoleMix, Turnover, Training}

// ParseKind reads a report name in English or Chinese.
func ParseKind(s string) (Kind, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "attendance", "考勤", "出勤":
		return Attendance, true
	case "leave", "请假", "假期":
		return Leave, true
	case "cover", "顶班", "支援":
		return Cover, true
	case "rolemix", "role-mix", "mix", "岗位", "岗位混合":
		return RoleMix, true
	case "turnover", "headcount", "人员", "流失", "离职":
		return Turnover, true
	case "training", "培训", "考试":
		return Training, true
	}
	return "", false
}

// Period is the days a report covers, both ends included.
type Period struct {
	From, To core.Date
}

func (p Period) String() string {
	if p.From == p.To {
		return p.From.String()
	}
	if p.From == p.From.MonthStart() && p.To == p.From.MonthEnd() {
		return fmt.Sprintf("%d-%02d", p.From.Year, int(p.From.Month))
	}
	return p.From.String() + "–" + p.To.String()
}

// ParsePeriod reads a period relative to today: "week", "last week",
// "month" (the default), "last month", "2026-11", "2026-11-01..2026-11-15"
// (also with a space or "到"), in English or Chinese.
func ParsePeriod(s string, today core.Date) (Period, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	switch s {
	case "", "month", "this month", "本月", "这个月":
		return Period{today.MonthStart(), today}, nil
	case "last month", "上月", "上个月":
		last := today.MonthStart().AddDays(-1)
		return Period{last.MonthStart(), last}, nil
	case "week", "this week", "本周", "这周":
		return Period{monday, today}, nil
	case "last week", "上周":
		return Period{monday.AddDays(-7), monday.AddDays(-1)}, nil
	}
	if t, err := time.Parse("2006-01", s); err == nil && t.Year() >= 1 {
		d := core.DateOf(t)
		return Period{d, d.MonthEnd()}, nil
	}
	for _, sep := range []string{"..", "到", "~", " "} {
		a, b, ok := strings.Cut(s, sep)
		if !ok {
			continue
		}
		from, err1 := time.Parse(time.DateOnly, strings.TrimSpace(a))
		to, err2 := time.Parse(time.DateOnly, strings.TrimSpace(b))
		// At most a year: 366 days, both ends included; there is no year 0.
		if err1 == nil && err2 == nil && from.Year() >= 1 && !to.Before(from) && to.Sub(from) < 366*24*time.Hour {
			return Period{core.DateOf(from), core.DateOf(to)}, nil
		}
	}
	return Period{}, core.Errorf(core.EInvalid, "report.bad_period", "%q is not a period: week, last week, month, last month, 2026-11 or 2026-11-01..2026-11-15", s).With("period", s)
}

// Row is one line of a report: a label (a team, a person, a job, a quiz)
// and its numbers in column order. Org names the org in a group report.
type Row struct {
	Org    string
	Label  string
	Values []float64
}

// Result is a report.
type Result struct {
	Kind   Kind
	Period Period
	// Orgs are the orgs reported on, in order: one, or a group's.
	Orgs []core.Org
	// LabelKey and Columns are catalogue keys ("report.col.late").
	LabelKey string
	Columns  []string
	Rows     []Row
	// Totals adds up (or averages, for rates) each column over Rows.
	Totals []float64
	// Chart lists the columns worth drawing; ChartUnit is their unit's key.
	Chart     []int
	ChartUnit string
	// Percent marks columns that are shares (0–100).
	Percent map[int]bool

	// ratios work out a share column's total from the column totals
	// (other hours over hours, not the mean of the rows' shares).
	ratios map[int]func(sums []float64) float64
}

// Store reads what reports need beyond the services.
type Store interface {
	OrgsOfGroup(ctx context.Context, groupID int64) ([]core.Org, error)
	LeaveUsage(ctx context.Context, orgID int64, from, to core.Date) ([]LeaveUse, error)
	CoverReportBetween(ctx context.Context, orgID int64, from, to core.Date) (core.CoverReport, error)
	People(ctx context.Context, orgID int64) ([]Person, error)
	ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error)
	QuizStats(ctx context.Context, orgID int64, from, to core.Date) ([]QuizStat, error)
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
	Job      string
	HireDate time.Time // zero: always there
	LeftOn   time.Time // zero: still there
}

// Attendances summarises attendance at once for an org.
type Attendances interface {
	Months(ctx context.Context, org core.Org, from, to core.Date) ([]core.Employee, map[int64]attendance.MonthSummary, error)
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
}

// NewService returns a Service.
func NewService(store Store, att Attendances, lv Leaves, auth Authorizer) *Service {
	return &Service{store: store, att: att, leave: lv, auth: auth}
}

// Report builds kind for m's org over p; with group set, for every org of
// m's group (group admins only). Managers, HR and admins see their own
// org; employees see none. Refusals are audited on channel.
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
	res := Result{Kind: kind, Period: p, Orgs: orgs, Percent: map[int]bool{}, ratios: map[int]func([]float64) float64{}}
	for _, org := range orgs {
		var rows []Row
		var err error
		switch kind {
		case Attendance:
			rows, err = s.attendance(ctx, org, p, &res)
		case Leave:
			rows, err = s.leaveUse(ctx, org, p, &res)
		case Cover:
			rows, err = s.cover(ctx, org, p, &res)
		case RoleMix:
			rows, err = s.roleMix(ctx, org, p, &res)
		case Turnover:
			rows, err = s.turnover(ctx, org, p, &res)
		case Training:
			rows, err = s.training(ctx, org, p, &res)
		default:
			return Result{}, core.Errorf(core.EInvalid, "report.unknown", "no report %q", kind).With("report", string(kind))
		}
		if err != nil {
			return Result{}, fmt.Errorf("%s report of %s: %w", kind, org.Key, err)
		}
		if group {
			for i := range rows {
				rows[i].Org = org.Name
			}
		}
		res.Rows = append(res.Rows, rows...)
	}
	res.Totals = totals(res)
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
	for i := range out {
		switch {
		case r.ratios[i] != nil:
			out[i] = round1(r.ratios[i](out))
		case r.Percent[i] || r.Columns[i] == "report.col.rating":
			if counted[i] > 0 {
				out[i] = round1(out[i] / float64(counted[i]))
			}
		default:
			out[i] = round1(out[i])
		}
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

// Attendance: per team, late arrivals, minutes late, absences, overtime
// hours and days on leave.
func (s *Service) attendance(ctx context.Context, org core.Org, p Period, res *Result) ([]Row, error) {
	res.LabelKey = "report.col.team"
	res.Columns = []string{"report.col.people", "report.col.late", "report.col.late_minutes", "report.col.absent", "report.col.overtime_h", "report.col.leave_days"}
	res.Chart, res.ChartUnit = []int{1, 3}, "report.unit.times"
	people, months, err := s.att.Months(ctx, org, p.From, p.To)
	if err != nil {
		return nil, err
	}
	byTeam := map[string]*Row{}
	var order []string
	for _, e := range people {
		team := e.TeamName
		if team == "" {
			team = "—"
		}
		r := byTeam[team]
		if r == nil {
			r = &Row{Label: team, Values: make([]float64, len(res.Columns))}
			byTeam[team] = r
			order = append(order, team)
		}
		m := months[e.ID]
		overtime := 0
		for _, v := range m.Overtime {
			overtime += v
		}
		for i, v := range []float64{1, float64(m.LateCount), float64(m.LateMinutes), float64(m.AbsentDays), float64(overtime) / 60, float64(m.LeaveDays)} {
			r.Values[i] += v
		}
	}
	sort.Strings(order)
	rows := make([]Row, 0, len(order))
	for _, t := range order {
		byTeam[t].Values[4] = round1(byTeam[t].Values[4])
		rows = append(rows, *byTeam[t])
	}
	return rows, nil
}

// leaveUse: per leave type, requests, days taken in the period, people,
// and the days everyone has left this year (types with a balance).
func (s *Service) leaveUse(ctx context.Context, org core.Org, p Period, res *Result) ([]Row, error) {
	res.LabelKey = "report.col.leave_type"
	res.Columns = []string{"report.col.requests", "report.col.days", "report.col.people", "report.col.days_left"}
	res.Chart, res.ChartUnit = []int{1}, "report.unit.days"
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
		r.Values[0], r.Values[1], r.Values[2] = float64(u.Requests), round1(float64(u.Minutes)/day), float64(u.People)
	}
	for name, days := range left {
		row(name).Values[3] = round1(days)
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
func (s *Service) cover(ctx context.Context, org core.Org, p Period, res *Result) ([]Row, error) {
	res.LabelKey = "report.col.person"
	res.Columns = []string{"report.col.covers", "report.col.hours", "report.col.rating"}
	res.Chart, res.ChartUnit = []int{1}, "report.unit.hours"
	rep, err := s.store.CoverReportBetween(ctx, org.ID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(rep.People))
	for _, c := range rep.People {
		rows = append(rows, Row{Label: c.Name, Values: []float64{float64(c.Covers), round1(float64(c.ActualMinutes) / 60), round1(c.Rating)}})
	}
	return rows, nil
}

// roleMix: per job, the hours it took (its own people's plus cover), the
// hours done by people of other jobs, and their share — how "mixed" the
// roles really are.
func (s *Service) roleMix(ctx context.Context, org core.Org, p Period, res *Result) ([]Row, error) {
	res.LabelKey = "report.col.job"
	res.Columns = []string{"report.col.hours", "report.col.other_job_hours", "report.col.other_job_share"}
	res.Chart, res.ChartUnit = []int{2}, "report.unit.percent"
	res.Percent[2] = true
	res.ratios[2] = func(t []float64) float64 { return share(t[1], t[0]) }
	rep, err := s.store.CoverReportBetween(ctx, org.ID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(rep.Jobs))
	for _, j := range rep.Jobs {
		rows = append(rows, Row{Label: j.Job, Values: []float64{round1(float64(j.TotalMinutes) / 60), round1(float64(j.OtherJobMinutes) / 60),
			round1(100 * j.OtherJobShare)}})
	}
	return rows, nil
}

// turnover: per job, headcount at the start and the end, joiners, leavers
// and the turnover rate (leavers over the average headcount).
func (s *Service) turnover(ctx context.Context, org core.Org, p Period, res *Result) ([]Row, error) {
	res.LabelKey = "report.col.job"
	res.Columns = []string{"report.col.headcount_start", "report.col.headcount_end", "report.col.joiners", "report.col.leavers", "report.col.turnover_rate"}
	res.Chart, res.ChartUnit = []int{4}, "report.unit.percent"
	res.Percent[4] = true
	res.ratios[4] = func(t []float64) float64 { return share(t[3], (t[0]+t[1])/2) }
	people, err := s.store.People(ctx, org.ID)
	if err != nil {
		return nil, err
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
	var jobs []string
	for _, x := range people {
		job := x.Job
		if job == "" {
			job = "—"
		}
		r := byJob[job]
		if r == nil {
			r = &Row{Label: job, Values: make([]float64, 5)}
			byJob[job] = r
			jobs = append(jobs, job)
		}
		if in(x, from) {
			r.Values[0]++
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
	sort.Strings(jobs)
	rows := make([]Row, 0, len(jobs))
	for _, j := range jobs {
		r := byJob[j]
		if avg := (r.Values[0] + r.Values[1]) / 2; avg > 0 {
			r.Values[4] = round1(100 * r.Values[3] / avg)
		}
		rows = append(rows, *r)
	}
	return rows
}

// training: per quiz, attempts submitted in the period, passed, pass rate.
func (s *Service) training(ctx context.Context, org core.Org, p Period, res *Result) ([]Row, error) {
	res.LabelKey = "report.col.quiz"
	res.Columns = []string{"report.col.attempts", "report.col.passed", "report.col.pass_rate"}
	res.Chart, res.ChartUnit = []int{2}, "report.unit.percent"
	res.Percent[2] = true
	res.ratios[2] = func(t []float64) float64 { return share(t[1], t[0]) }
	stats, err := s.store.QuizStats(ctx, org.ID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(stats))
	for _, q := range stats {
		rate := 0.0
		if q.Attempts > 0 {
			rate = round1(100 * float64(q.Passed) / float64(q.Attempts))
		}
		rows = append(rows, Row{Label: q.Code, Values: []float64{float64(q.Attempts), float64(q.Passed), rate}})
	}
	return rows, nil
}

func round1(v float64) float64 {
	if v < 0 {
		return -round1(-v)
	}
	return float64(int64(v*10+0.5)) / 10
}
