package reports_test

import (
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/reports"
)

// "This month" and "this week" run to their end: leave approved for the
// days still to come is this month's leave. (They used to stop at today,
// so leave later in the month was missing from "this month".)
func TestParsePeriodRunsToTheEnd(t *testing.T) {
	t.Parallel()
	today := core.NewDate(2026, 12, 2) // a Wednesday
	for _, tc := range []struct {
		in       string
		from, to core.Date
		shown    string
	}{
		{"month", core.NewDate(2026, 12, 1), core.NewDate(2026, 12, 31), "2026-12"},
		{"本月", core.NewDate(2026, 12, 1), core.NewDate(2026, 12, 31), "2026-12"},
		{"", core.NewDate(2026, 12, 1), core.NewDate(2026, 12, 31), "2026-12"},
		{"week", core.NewDate(2026, 11, 30), core.NewDate(2026, 12, 6), "2026-11-30–2026-12-06"},
		{"本周", core.NewDate(2026, 11, 30), core.NewDate(2026, 12, 6), "2026-11-30–2026-12-06"},
		{"last week", core.NewDate(2026, 11, 23), core.NewDate(2026, 11, 29), "2026-11-23–2026-11-29"},
		{"上月", core.NewDate(2026, 11, 1), core.NewDate(2026, 11, 30), "2026-11"},
		{"2026-02", core.NewDate(2026, 2, 1), core.NewDate(2026, 2, 28), "2026-02"},
	} {
		p, err := reports.ParsePeriod(tc.in, today)
		if err != nil || p.From != tc.from || p.To != tc.to || p.String() != tc.shown {
			t.Errorf("%q on %s: %+v (%s), %v; want %s..%s (%s)", tc.in, today, p, p, err, tc.from, tc.to, tc.shown)
		}
	}
	// On a Sunday, this week is the week that ends today.
	if p, _ := reports.ParsePeriod("week", core.NewDate(2026, 12, 6)); p.From != core.NewDate(2026, 11, 30) || p.To != core.NewDate(2026, 12, 6) {
		t.Errorf("week on a Sunday: %+v", p)
	}
}

// Every chart draws columns of one unit, which its axis names: a chart
// of late arrivals says 次 (times), not days.
func TestChartsHaveOneUnit(t *testing.T) {
	t.Parallel()
	want := map[reports.Kind]reports.Unit{
		reports.Attendance: reports.UnitTimes, reports.Leave: reports.UnitDays, reports.Cover: reports.UnitHours,
		reports.RoleMix: reports.UnitPercent, reports.Turnover: reports.UnitPercent, reports.Training: reports.UnitPercent,
		reports.Recruiting: reports.UnitPeople, reports.Performance: reports.UnitScore, reports.RoleLoad: reports.UnitHours,
	}
	for _, k := range reports.Kinds {
		res, err := reports.Layout(k)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if len(res.Chart) == 0 || res.ChartUnit() != want[k] {
			t.Errorf("%s: chart of %v in %q, want %q", k, res.Chart, res.ChartUnit(), want[k])
		}
		for _, c := range res.Chart {
			if res.Columns[c].Unit != res.ChartUnit() {
				t.Errorf("%s: the chart draws %s (%s) on an axis of %s", k, res.Columns[c].Key, res.Columns[c].Unit, res.ChartUnit())
			}
		}
		for _, c := range res.Columns {
			if c.Key == "" || c.Unit == "" {
				t.Errorf("%s: column %+v has no key or unit", k, c)
			}
		}
	}
	if _, err := reports.Layout("payroll"); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("layout of an unknown report: %v", err)
	}
}

// Numbers are shown rounded, each like its column: hours, leave days and
// shares to one decimal (always one), counts whole, a rating of none as
// a dash — never 24.583333333333332.
func TestColumnFormat(t *testing.T) {
	t.Parallel()
	hours := reports.Column{Key: "report.col.hours", Unit: reports.UnitHours, Decimals: 1}
	days := reports.Column{Key: "report.col.days", Unit: reports.UnitDays, Decimals: 1}
	whole := reports.Column{Key: "report.col.absent", Unit: reports.UnitDays}
	share := reports.Column{Key: "report.col.turnover_rate", Unit: reports.UnitPercent, Decimals: 1}
	count := reports.Column{Key: "report.col.late", Unit: reports.UnitTimes}
	rating := reports.Column{Key: "report.col.rating", Unit: reports.UnitRating, Decimals: 1}
	for _, tc := range []struct {
		c    reports.Column
		v    float64
		want string
	}{
		{hours, 1475.0 / 60, "24.6"},
		{hours, 4, "4.0"},
		{hours, 0.1 + 0.2, "0.3"},
		{hours, -0.04, "0.0"},
		{days, 0.3125, "0.3"},
		{days, 1.5, "1.5"},
		{days, 1.25, "1.3"},
		{whole, 3, "3"},
		{share, 200.0 / 3, "66.7%"},
		{share, 0, "0.0%"},
		{count, 7, "7"},
		{rating, 4.25, "4.3"},
		{rating, 0, "–"},
	} {
		if got := tc.c.Format(tc.v); got != tc.want {
			t.Errorf("%s %v = %q, want %q", tc.c.Key, tc.v, got, tc.want)
		}
	}
}

// People without a job are a row of their own with a catalogue key for
// their label (the bot says "no job set"), after the jobs.
func TestTurnoversWithoutJob(t *testing.T) {
	t.Parallel()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	rows := reports.Turnovers([]reports.Person{
		{Job: "ops"}, {Job: ""}, {Job: "", LeftOn: day("2026-11-10")}, {Job: "customer-service", HireDate: day("2026-11-05")},
	}, reports.Period{From: core.NewDate(2026, 11, 1), To: core.NewDate(2026, 11, 30)})
	if len(rows) != 3 || rows[0].Label != "customer-service" || rows[1].Label != "ops" {
		t.Fatalf("rows %+v", rows)
	}
	if last := rows[2]; last.Label != "" || last.LabelKey != "report.no_job" || last.Values[0] != 2 || last.Values[1] != 1 || last.Values[3] != 1 {
		t.Errorf("no-job row %+v", last)
	}
}

// The performance and role-load reports answer to their English and
// Chinese names, and a score of none is written as one.
func TestPerfReportNames(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]reports.Kind{"performance": reports.Performance, "绩效": reports.Performance, "perf": reports.Performance,
		"roleload": reports.RoleLoad, "岗位负荷": reports.RoleLoad, "role-load": reports.RoleLoad} {
		if got, ok := reports.ParseKind(in); !ok || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	score := reports.Column{Unit: reports.UnitScore, Decimals: 2}
	if got := score.Format(0) + " " + score.Format(3.9); got != "– 3.90" {
		t.Errorf("scores written %q", got)
	}
}
