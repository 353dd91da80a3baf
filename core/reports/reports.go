// Package reports works out what owners and managers look at: attendance,
// leave, cover and role mix, headcount and turnover, training — for one
// org, or for every org of a group side by side and rolled up. A report
// is a table of numbers with catalogue keys for its words, so the bot
// writes it in the reader's language, draws it and exports it.
package reports

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/cover"
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

// ParsePeriod reads a period relative to today: "week" (Monday to
// Sunday), "last week", "month" (the whole month, the default), "last
// month", "2026-11", "2026-11-01..2026-11-15" (also with a space or "到"),
// in English or Chinese. This week and this month run to their end, not to
// today: leave already approved for the days still to come is this
// month's leave; attendance itself only counts the days gone by.
func ParsePeriod(s string, today core.Date) (Period, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	switch s {
	case "", "month", "this month", "本月", "这个月":
		return Period{today.MonthStart(), today.MonthEnd()}, nil
	case "last month", "上月", "上个月":
		last := today.MonthStart().AddDays(-1)
		return Period{last.MonthStart(), last}, nil
	case "week", "this week", "本周", "这周":
		return Period{monday, monday.AddDays(6)}, nil
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

// Unit is what a column's numbers count. It decides how they are rounded
// for people (Column.Format) and what a chart's axis says
// ("report.unit.<unit>" in the catalogue).
type Unit string

// Units.
const (
	UnitPeople  Unit = "people"  // people, headcount, joiners, leavers
	UnitTimes   Unit = "times"   // late arrivals, requests, covers, attempts
	UnitMinutes Unit = "minutes" // minutes late
	UnitHours   Unit = "hours"   // overtime, cover, a job's hours
	UnitDays    Unit = "days"    // days absent, on leave, left
	UnitPercent Unit = "percent" // a share, 0–100
	UnitRating  Unit = "rating"  // an average rating, 1–5; 0 is none
)

// Column is one column of numbers of a report.
type Column struct {
	Key      string // catalogue key of its heading, "report.col.late"
	Unit     Unit
	Decimals int // rounded to this many decimals: counts 0, hours and shares 1, leave days 1 (half days and hours of leave)
}

// Format writes v as people read it: rounded to the column's decimals,
// always with that many ("4.0" hours next to "24.6"), a share with "%",
// a rating of 0 (none yet) as "–".
func (c Column) Format(v float64) string {
	if c.Unit == UnitRating && v == 0 {
		return "–"
	}
	s := strconv.FormatFloat(roundTo(v, c.Decimals), 'f', c.Decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // never "-0.0"
	}
	if c.Unit == UnitPercent {
		s += "%"
	}
	return s
}

// Row is one line of a report: a label (a team, a person, a job, a quiz)
// and its numbers in column order. Org names the org in a group report.
type Row struct {
	Org   string
	Label string
	// LabelKey, when set, is a catalogue key that stands in for an empty
	// Label: the people without a team ("report.no_team") or without a job.
	LabelKey string
	Values   []float64
}

// Result is a report.
type Result struct {
	Kind   Kind
	Period Period
	// Orgs are the orgs reported on, in order: one, or a group's.
	Orgs []core.Org
	// LabelKey is the catalogue key of the label column's heading.
	LabelKey string
	Columns  []Column
	Rows     []Row
	// Totals adds up each column over Rows (shares and ratings worked out
	// again, not added), rounded like the column.
	Totals []float64
	// Chart lists the columns worth drawing, all of one unit (ChartUnit).
	Chart []int

	// ratios work out a share column's total from the column totals
	// (other hours over hours, not the mean of the rows' shares).
	ratios map[int]func(sums []float64) float64
}

// ChartUnit is the unit of the columns the chart draws: what its axis says.
func (r Result) ChartUnit() Unit {
	if len(r.Chart) == 0 {
		return ""
	}
	return r.Columns[r.Chart[0]].Unit
}

// NothingToChart reports whether a chart of r would show nothing: no rows,
// or every value it would draw is zero.
func (r Result) NothingToChart() bool {
	for _, row := range r.Rows {
		for _, c := range r.Chart {
			if row.Values[c] != 0 {
				return false
			}
		}
	}
	return true
}

// Layout returns an empty report of kind k: its label heading, columns and
// chart, so a reader's words can be checked for every report. Errors:
// EInvalid (report.unknown) for a kind there is no report of.
func Layout(k Kind) (Result, error) {
	res := Result{Kind: k, ratios: map[int]func([]float64) float64{}}
	people := Column{Key: "report.col.people", Unit: UnitPeople}
	switch k {
	case Attendance:
		res.LabelKey = "report.col.team"
		res.Columns = []Column{people, {Key: "report.col.late", Unit: UnitTimes}, {Key: "report.col.late_minutes", Unit: UnitMinutes},
			{Key: "report.col.absent", Unit: UnitDays}, {Key: "report.col.overtime_h", Unit: UnitHours, Decimals: 1},
			{Key: "report.col.leave_days", Unit: UnitDays}}
		// Late arrivals only: absences are days, and one axis has one unit.
		res.Chart = []int{1}
	case Leave:
		res.LabelKey = "report.col.leave_type"
		res.Columns = []Column{{Key: "report.col.requests", Unit: UnitTimes}, {Key: "report.col.days", Unit: UnitDays, Decimals: 1},
			people, {Key: "report.col.days_left", Unit: UnitDays, Decimals: 1}}
		res.Chart = []int{1}
	case Cover:
		res.LabelKey = "report.col.person"
		res.Columns = []Column{{Key: "report.col.covers", Unit: UnitTimes}, {Key: "report.col.hours", Unit: UnitHours, Decimals: 1},
			{Key: "report.col.rating", Unit: UnitRating, Decimals: 1}}
		res.Chart = []int{1}
	case RoleMix:
		res.LabelKey = "report.col.job"
		res.Columns = []Column{{Key: "report.col.hours", Unit: UnitHours, Decimals: 1}, {Key: "report.col.other_job_hours", Unit: UnitHours, Decimals: 1},
			{Key: "report.col.other_job_share", Unit: UnitPercent, Decimals: 1}}
		res.Chart = []int{2}
		res.ratios[2] = func(t []float64) float64 { return share(t[1], t[0]) }
	case Turnover:
		res.LabelKey = "report.col.job"
		res.Columns = []Column{{Key: "report.col.headcount_start", Unit: UnitPeople}, {Key: "report.col.headcount_end", Unit: UnitPeople},
			{Key: "report.col.joiners", Unit: UnitPeople}, {Key: "report.col.leavers", Unit: UnitPeople},
			{Key: "report.col.turnover_rate", Unit: UnitPercent, Decimals: 1}}
		res.Chart = []int{4}
		res.ratios[4] = func(t []float64) float64 { return share(t[3], (t[0]+t[1])/2) }
	case Training:
		res.LabelKey = "report.col.quiz"
		res.Columns = []Column{{Key: "report.col.attempts", Unit: UnitTimes}, {Key: "report.col.passed", Unit: UnitTimes},
			{Key: "report.col.pass_rate", Unit: UnitPercent, Decimals: 1}}
		res.Chart = []int{2}
		res.ratios[2] = func(t []float64) float64 { return share(t[1], t[0]) }
	default:
		return Result{}, core.Errorf(core.EInvalid, "report.unknown", "no report %q", k).With("report", string(k))
	}
	return res, nil
}

// Store reads what reports need beyond the services.
type Store interface {
	OrgsOfGroup(ctx context.Context, groupID int64) ([]core.Org, error)
	LeaveUsage(ctx context.Context, orgID int64, from, to core.Date) ([]LeaveUse, error)
	CoverReportBetween(ctx context.Context, orgID int64, from, to core.Date) (cover.Report, error)
	EverEmployed(ctx context.Context, orgID int64) ([]Person, error)
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
	res, err := Layout(kind)
	if err != nil {
		return Result{}, err
	}
	res.Period, res.Orgs = p, orgs
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
// overtime hours and days on leave, for the days gone by.
func (s *Service) attendance(ctx context.Context, org core.Org, p Period) ([]Row, error) {
	people, months, err := s.att.Months(ctx, org, p.From, p.To)
	if err != nil {
		return nil, err
	}
	byTeam := map[string]*Row{}
	var rows []*Row
	for _, e := range people {
		if !e.HireDate.IsZero() && core.DateOf(e.HireDate).After(p.To) {
			continue // not there yet
		}
		r := byTeam[e.TeamName]
		if r == nil {
			r = &Row{Label: e.TeamName, Values: make([]float64, 6)}
			if e.TeamName == "" {
				r.LabelKey = "report.no_team"
			}
			byTeam[e.TeamName] = r
			rows = append(rows, r)
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
	for _, x := range people {
		r := byJob[x.Job]
		if r == nil {
			r = &Row{Label: x.Job, Values: make([]float64, 5)}
			if x.Job == "" {
				r.LabelKey = "report.no_job"
			}
			byJob[x.Job] = r
			rows = append(rows, r)
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
