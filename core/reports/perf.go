package reports

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
)

// PerfCycle is a published review cycle as the performance report reads
// it.
type PerfCycle struct {
	ID          int64
	Name        string
	Period      Period
	PublishedAt time.Time
}

// PerfResult is one published review: whose, in which cycle, the team
// and job it was opened for, the final score (calibrated, else the
// manager's) and the band it earned.
type PerfResult struct {
	CycleID    int64
	EmployeeID int64
	Name       string
	Team       string // the team's name; "" for none
	Job        string
	Final      float64
	Band       string
}

// trendCycles is how many cycles the trend table goes back.
const trendCycles = 6

// The performance report's columns, per team and per job; a column per
// band follows them.
const (
	perfPeople = iota
	perfMean
	perfBands
)

// perfLayout is the performance report's first table: per team, the
// people with a published result, their mean final score and how many
// are in each band (drawn; the mean when the org has no bands).
func perfLayout(res *Result, bands []string) {
	res.LabelKey = "report.col.team"
	res.Columns = perfColumns(bands)
	res.Chart = perfChart(bands)
}

func perfColumns(bands []string) []Column {
	cols := []Column{{Key: "report.col.reviewed", Unit: UnitPeople}, {Key: "report.col.mean_score", Unit: UnitScore, Decimals: 2}}
	for _, b := range bands {
		cols = append(cols, Column{Key: "report.col.band", Unit: UnitPeople, Heading: b})
	}
	return cols
}

func perfChart(bands []string) []int {
	if len(bands) == 0 {
		return []int{perfMean}
	}
	chart := make([]int, len(bands))
	for i := range bands {
		chart[i] = perfBands + i
	}
	return chart
}

// Performance builds the performance report of m's org for the cycle
// which names (its name, or its number), the latest published cycle when
// which is empty, or else every cycle whose period ended in the period
// which reads as (ParsePeriod, relative to today). Only published
// results count. HR and admins see the org; a manager sees the reviews
// they wrote and their direct reports'; employees nothing (refusals
// audited on channel). Errors: EForbidden, EInvalid
// (report.perf.bad_cycle).
func (s *Service) Performance(ctx context.Context, m core.Member, which string, today core.Date, channel string) (Result, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionReportOrg, nil, channel); err != nil {
		return Result{}, err
	}
	cycles, err := s.store.PublishedCycles(ctx, m.Org.ID)
	if err != nil {
		return Result{}, fmt.Errorf("performance report of %s: %w", m.Org.Key, err)
	}
	which = strings.TrimSpace(which)
	var chosen []PerfCycle
	switch c, ok := findCycle(cycles, which); {
	case which == "" && len(cycles) > 0:
		chosen = cycles[:1]
	case ok:
		chosen = []PerfCycle{c}
	case which != "":
		p, err := ParsePeriod(which, today)
		if err != nil {
			return Result{}, core.Errorf(core.EInvalid, "report.perf.bad_cycle", "%q is neither a published cycle nor a period", which).With("cycle", which)
		}
		return s.performance(ctx, m, cycles, cyclesEnding(cycles, p), p)
	}
	// Without a published cycle the title names this month, not a zero
	// day.
	p := Period{From: today.MonthStart(), To: today.MonthEnd()}
	if len(chosen) > 0 {
		p = chosen[0].Period
	}
	return s.performance(ctx, m, cycles, chosen, p)
}

// PublishedCycles lists the published review cycles of m's org, the
// latest first, for a picker. Errors: EForbidden.
func (s *Service) PublishedCycles(ctx context.Context, m core.Member, channel string) ([]PerfCycle, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionReportOrg, nil, channel); err != nil {
		return nil, err
	}
	return s.store.PublishedCycles(ctx, m.Org.ID)
}

// findCycle finds the cycle which names: by name (any case) or number.
func findCycle(cycles []PerfCycle, which string) (PerfCycle, bool) {
	if which == "" {
		return PerfCycle{}, false
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(which, "#"), 10, 64)
	for _, c := range cycles {
		if strings.EqualFold(c.Name, which) || c.ID == id {
			return c, true
		}
	}
	return PerfCycle{}, false
}

// cyclesEnding are the cycles whose period ends within p: a quarter
// counts in the report of its last month.
func cyclesEnding(cycles []PerfCycle, p Period) []PerfCycle {
	var out []PerfCycle
	for _, c := range cycles {
		if !c.Period.To.Before(p.From) && !c.Period.To.After(p.To) {
			out = append(out, c)
		}
	}
	return out
}

// performance is the report of the chosen cycles (all: every published
// cycle of the org, latest first, for the trend) over p.
func (s *Service) performance(ctx context.Context, m core.Member, all, chosen []PerfCycle, p Period) (Result, error) {
	org := m.Org
	wrap := func(err error) error { return fmt.Errorf("performance report of %s: %w", org.Key, err) }
	policy, err := s.store.PerfBands(ctx, org.ID)
	if err != nil {
		return Result{}, wrap(err)
	}
	var managerID int64
	if m.Employee.Role == core.RoleManager {
		managerID = m.Employee.ID // a manager sees their own team's results only
	}
	trend := trendOf(all, chosen)
	ids := make([]int64, 0, len(trend)+len(chosen))
	for _, c := range append(append([]PerfCycle(nil), trend...), chosen...) {
		ids = append(ids, c.ID)
	}
	results, err := s.store.PerfResults(ctx, org.ID, ids, managerID)
	if err != nil {
		return Result{}, wrap(err)
	}
	inChosen := map[int64]bool{}
	for _, c := range chosen {
		inChosen[c.ID] = true
	}
	var now []PerfResult
	for _, r := range results {
		if inChosen[r.CycleID] {
			now = append(now, r)
		}
	}
	bands := bandsOf(policy, now)
	res := Result{Kind: Performance, Period: p, Orgs: []core.Org{org}}
	perfLayout(&res, bands)
	res.Rows = distribution(now, bands, func(r PerfResult) string { return r.Team }, "report.no_team")
	res.Totals = perfTotals(now, bands)
	cover, err := s.coverPart(ctx, org, chosen, now)
	if err != nil {
		return Result{}, wrap(err)
	}
	res.Parts = append(res.Parts,
		Part{TitleKey: "report.part.perf_jobs", LabelKey: "report.col.job", Columns: perfColumns(bands), Chart: perfChart(bands),
			Rows: distribution(now, bands, func(r PerfResult) string { return r.Job }, "report.no_job")},
		trendPart(trend, results, now), cover)
	names := make([]string, len(chosen))
	for i, c := range chosen {
		names[len(chosen)-1-i] = c.Name // oldest first, as the trend reads
	}
	if len(chosen) == 0 {
		res.Notes = append(res.Notes, Note{Key: "report.note.perf_no_cycle"})
	} else {
		res.Notes = append(res.Notes, Note{Key: "report.note.perf_cycles", Args: []string{"cycles", strings.Join(names, ", ")}})
	}
	if managerID != 0 {
		res.Notes = append(res.Notes, Note{Key: "report.note.perf_team_only"})
	}
	return res, nil
}

// trendOf is the cycles the trend shows, oldest first: the last
// trendCycles published up to the latest chosen one.
func trendOf(all, chosen []PerfCycle) []PerfCycle {
	if len(chosen) == 0 {
		return nil
	}
	last := chosen[0] // all and chosen are latest first
	var out []PerfCycle
	for _, c := range all {
		if !c.Period.To.After(last.Period.To) && len(out) < trendCycles {
			out = append(out, c)
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// bandsOf is the band columns: the org's bands best first, then any band
// a result earned that the bands no longer have.
func bandsOf(policy []perf.Band, results []PerfResult) []string {
	seen := map[string]bool{}
	var out, extra []string
	for _, b := range policy {
		seen[b.Band] = true
		out = append(out, b.Band)
	}
	for _, r := range results {
		if r.Band != "" && !seen[r.Band] {
			seen[r.Band] = true
			extra = append(extra, r.Band)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// distribution counts results per group (a team, a job): people, mean
// final score and people per band.
func distribution(results []PerfResult, bands []string, group func(PerfResult) string, noneKey string) []Row {
	col := map[string]int{}
	for i, b := range bands {
		col[b] = perfBands + i
	}
	byGroup := map[string]*Row{}
	var rows []*Row
	for _, r := range results {
		g := group(r)
		row := byGroup[g]
		if row == nil {
			row = &Row{Label: g, Values: make([]float64, perfBands+len(bands))}
			if g == "" {
				row.LabelKey = noneKey
			}
			byGroup[g] = row
			rows = append(rows, row)
		}
		row.Values[perfPeople]++
		row.Values[perfMean] += r.Final
		if c, ok := col[r.Band]; ok {
			row.Values[c]++
		}
	}
	out := make([]Row, len(rows))
	for i, r := range rows {
		r.Values[perfMean] = roundTo(r.Values[perfMean]/r.Values[perfPeople], 2)
		out[i] = *r
	}
	sortLabels(out)
	return out
}

// perfTotals is the whole org's line: everyone, the mean of every final
// score (not of the teams' means) and the bands.
func perfTotals(results []PerfResult, bands []string) []float64 {
	all := distribution(results, bands, func(PerfResult) string { return "" }, "")
	if len(all) == 0 {
		return make([]float64, perfBands+len(bands))
	}
	return all[0].Values
}

// trendPart is each person's final score in each trend cycle, for the
// people with a result in the chosen cycles.
func trendPart(trend []PerfCycle, results, now []PerfResult) Part {
	p := Part{TitleKey: "report.part.perf_trend", LabelKey: "report.col.person"}
	col := map[int64]int{}
	for i, c := range trend {
		col[c.ID] = i
		p.Columns = append(p.Columns, Column{Key: "report.col.cycle", Unit: UnitScore, Decimals: 2, Heading: c.Name})
		p.Chart = append(p.Chart, i)
	}
	byPerson := map[int64]*Row{}
	var rows []*Row
	for _, r := range now {
		if byPerson[r.EmployeeID] == nil {
			byPerson[r.EmployeeID] = &Row{Label: r.Name, Values: make([]float64, len(trend))}
			rows = append(rows, byPerson[r.EmployeeID])
		}
	}
	for _, r := range results {
		if row, ok := byPerson[r.EmployeeID]; ok {
			if c, ok := col[r.CycleID]; ok {
				row.Values[c] = roundTo(r.Final, 2)
			}
		}
	}
	for _, r := range rows {
		p.Rows = append(p.Rows, *r)
	}
	sortLabels(p.Rows)
	return p
}

// The cover-vs-score table's columns.
const (
	pcCovers = iota
	pcHours
	pcScore
)

// coverPart is each result of the chosen cycles beside the cover its
// person gave in the cycle's period (covers, hours worked on them), best
// score first; the chart draws the hours, each bar named with its score.
func (s *Service) coverPart(ctx context.Context, org core.Org, chosen []PerfCycle, now []PerfResult) (Part, error) {
	p := Part{TitleKey: "report.part.perf_cover", LabelKey: "report.col.person", Chart: []int{pcHours},
		Columns: []Column{{Key: "report.col.covers", Unit: UnitTimes}, {Key: "report.col.cover_hours", Unit: UnitHours, Decimals: 1},
			{Key: "report.col.final_score", Unit: UnitScore, Decimals: 2}}}
	type given struct{ covers, minutes int }
	byCycle := map[int64]map[int64]given{}
	names := map[int64]string{}
	for _, c := range chosen {
		names[c.ID] = c.Name
		rep, err := s.store.CoverReportBetween(ctx, org.ID, c.Period.From, c.Period.To)
		if err != nil {
			return p, err
		}
		byCycle[c.ID] = map[int64]given{}
		for _, x := range rep.People {
			byCycle[c.ID][x.EmployeeID] = given{x.Covers, x.ActualMinutes}
		}
	}
	score := p.Columns[pcScore]
	for _, r := range now {
		g := byCycle[r.CycleID][r.EmployeeID]
		label := r.Name
		if len(chosen) > 1 {
			label += " · " + names[r.CycleID]
		}
		p.Rows = append(p.Rows, Row{Label: label, Tag: score.Format(r.Final),
			Values: []float64{float64(g.covers), roundTo(float64(g.minutes)/60, 1), roundTo(r.Final, 2)}})
	}
	sort.SliceStable(p.Rows, func(i, j int) bool {
		a, b := p.Rows[i].Values, p.Rows[j].Values
		if a[pcScore] != b[pcScore] {
			return a[pcScore] > b[pcScore]
		}
		return p.Rows[i].Label < p.Rows[j].Label
	})
	return p, nil
}
