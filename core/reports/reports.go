// Package reports works out what owners and managers look at: attendance,
// leave, cover and role mix, headcount and turnover, training — for one
// org, or for every org of a group side by side and rolled up. A report
// is a table of numbers with catalogue keys for its words, so the bot
// writes it in the reader's language, draws it and exports it.
package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
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
	// Recruiting is the funnel per job, time to hire, and the positions
	// opened beside the people who left (core/recruiting's funnel).
	Recruiting Kind = "recruiting"
	// Performance is the published results of review cycles: bands and
	// mean final score per team and per job, each person's trend over the
	// last cycles, and cover given beside the final score (perf.go).
	Performance Kind = "performance"
	// RoleLoad is which job is overloaded (hours, cover received,
	// overtime) and who is stretched across jobs (roleload.go).
	RoleLoad Kind = "roleload"
)

// Kinds lists the reports in menu order.
var Kinds = []Kind{Attendance, Leave, Cover, RoleMix, Turnover, Training, Recruiting, Performance, RoleLoad}

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
	case "recruiting", "hiring", "funnel", "招聘", "招聘漏斗", "漏斗":
		return Recruiting, true
	case "performance", "perf", "绩效", "绩效分布", "考核":
		return Performance, true
	case "roleload", "role-load", "load", "岗位负荷", "负荷", "岗位负载":
		return RoleLoad, true
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
	UnitScore   Unit = "score"   // a review's final score, 1–5; 0 is none
)

// Column is one column of numbers of a report.
type Column struct {
	Key      string // catalogue key of its heading, "report.col.late"
	Unit     Unit
	Decimals int // rounded to this many decimals: counts 0, hours and shares 1, leave days 1 (half days and hours of leave)
	// ZeroIsNone shows a zero as "–": a figure not there yet (days to
	// hire without a hire), not a figure of nought.
	ZeroIsNone bool
	// Heading, when set, is the heading itself rather than Key's words: a
	// result band ("A") or a review cycle's name, which are the org's own.
	Heading string
	// Job, when set, is a job's key: the heading is that job's hours, the
	// job named in the reader's words.
	Job string
}

// Format writes v as people read it: rounded to the column's decimals,
// always with that many ("4.0" hours next to "24.6"), a share with "%",
// a rating of 0 (none yet) as "–", like a zero of a ZeroIsNone column.
func (c Column) Format(v float64) string {
	if (c.Unit == UnitRating || c.Unit == UnitScore || c.ZeroIsNone) && v == 0 {
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
	// Flag marks a row the reader should look at: a person stretched
	// beyond the standard hours or across jobs with overtime.
	Flag bool
	// Tag is written after the label on a chart (a person's final score
	// beside the cover hours the bars draw).
	Tag string
}

// Part is a further table of a report, under the first: the performance
// report's per job, trend and cover tables, the role-load report's people.
type Part struct {
	TitleKey string // catalogue key of its heading
	LabelKey string
	Columns  []Column
	Rows     []Row
	Chart    []int
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
	// Notes are lines the report adds under its table (the recruiting
	// report's drop-off and sources), in the reader's words.
	Notes []Note
	// Parts are further tables under the first, each with its own
	// columns and chart (the performance and role-load reports).
	Parts []Part

	// ratios work out a share column's total from the column totals
	// (other hours over hours, not the mean of the rows' shares).
	ratios map[int]func(sums []float64) float64
}

// Note is a line under a report's table: a catalogue key and its
// placeholders as name, value pairs, the numbers already written.
type Note struct {
	Key  string
	Args []string
}

// Part returns the i-th of r's parts as a report of its own, for writing
// and drawing it like any report (no totals).
func (r Result) Part(i int) Result {
	p := r.Parts[i]
	return Result{Kind: r.Kind, Period: r.Period, Orgs: r.Orgs, LabelKey: p.LabelKey, Columns: p.Columns, Rows: p.Rows, Chart: p.Chart}
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
	case Recruiting:
		recruitingLayout(&res)
	case Performance:
		perfLayout(&res, nil)
	case RoleLoad:
		roleLoadLayout(&res)
	default:
		return Result{}, core.Errorf(core.EInvalid, "report.unknown", "no report %q", k).With("report", string(k))
	}
	return res, nil
}
