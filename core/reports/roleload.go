package reports

import (
	"context"
	"sort"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// JobWork is one person's attendance on one job over a period: the job
// of the shift they worked, of the cover they worked, else their own.
type JobWork struct {
	EmployeeID      int64
	Name            string
	Job             string
	WorkedMinutes   int
	OvertimeMinutes int
}

// JobCover is the cover one job's shifts needed over a period.
type JobCover struct {
	Job          string
	Requests     int // cover requests for its shifts, not cancelled
	Open         int // places still unfilled
	CoverMinutes int // the hours of the covers accepted for it
}

// The role-load report's columns, per job.
const (
	rlPeople = iota
	rlScheduled
	rlWorked
	rlOvertime
	rlRequests
	rlOpen
	rlCoverHours
	rlWorkedEach
	rlOvertimeEach
	rlColumns
)

// The people table's columns; a column per job's hours follows them.
const (
	rpWorked = iota
	rpOvertime
	rpStandard
	rpOver
	rpJobs
	rpColumns
)

// roleLoadLayout is the role-load report's first table: per job, its
// people, the hours scheduled, worked and over time, the cover its
// shifts needed and got, and the hours per person (drawn).
func roleLoadLayout(res *Result) {
	hours := func(key string) Column { return Column{Key: key, Unit: UnitHours, Decimals: 1} }
	res.LabelKey = "report.col.job"
	res.Columns = make([]Column, rlColumns)
	res.Columns[rlPeople] = Column{Key: "report.col.people", Unit: UnitPeople}
	res.Columns[rlScheduled] = hours("report.col.scheduled_h")
	res.Columns[rlWorked] = hours("report.col.worked_h")
	res.Columns[rlOvertime] = hours("report.col.overtime_h")
	res.Columns[rlRequests] = Column{Key: "report.col.cover_needed", Unit: UnitTimes}
	res.Columns[rlOpen] = Column{Key: "report.col.open_places", Unit: UnitTimes}
	res.Columns[rlCoverHours] = hours("report.col.cover_received_h")
	res.Columns[rlWorkedEach] = hours("report.col.worked_h_each")
	res.Columns[rlOvertimeEach] = hours("report.col.overtime_h_each")
	res.Chart = []int{rlWorkedEach, rlOvertimeEach}
	res.ratios[rlWorkedEach] = func(t []float64) float64 { return per(t[rlWorked], t[rlPeople]) }
	res.ratios[rlOvertimeEach] = func(t []float64) float64 { return per(t[rlOvertime], t[rlPeople]) }
}

// per is a / b, 0 when b is.
func per(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// roleLoad is the role-load report's rows per job; the people stretched
// across jobs or beyond the standard hours go to res's part. Scheduled
// and standard hours count the days gone by, like attendance.
func (s *Service) roleLoad(ctx context.Context, org core.Org, p Period, res *Result) ([]Row, error) {
	setup, err := s.att.Setup(ctx, org)
	if err != nil {
		return nil, err
	}
	people, err := s.store.ListEmployees(ctx, org.ID, 0)
	if err != nil {
		return nil, err
	}
	work, covers, err := s.store.RoleLoad(ctx, org.ID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	last := p.To
	if today := setup.Today(s.clock.Now()); today.Before(last) {
		last = today
	}
	rows := map[string]*Row{}
	row := func(job string) *Row {
		if rows[job] == nil {
			rows[job] = &Row{Label: job, Values: make([]float64, rlColumns)}
			if job == "" {
				rows[job].LabelKey = "report.no_job"
			}
		}
		return rows[job]
	}
	day := attendance.Shift{Start: setup.Policy.DayStart, End: setup.Policy.DayEnd}.Span() - setup.Policy.DayBreak
	standard := map[int64]int{}
	for _, e := range people {
		row(setup.History.On(e, p.To).Job).Values[rlPeople]++
		start, _ := attendance.StartOf(org, e)
		if start.Before(p.From) {
			start = p.From
		}
		for d := start; !d.After(last); d = d.AddDays(1) {
			if setup.Calendar.Kind(d).Working() {
				standard[e.ID] += day
			}
			plan := setup.PlanFor(e, d)
			if !plan.Working {
				continue
			}
			job := plan.Shift.Job
			if job == "" {
				job = setup.History.On(e, d).Job
			}
			row(job).Values[rlScheduled] += float64(plan.Shift.Span()-plan.Shift.BreakMinutes) / 60
		}
	}
	for _, w := range work {
		r := row(w.Job)
		r.Values[rlWorked] += float64(w.WorkedMinutes) / 60
		r.Values[rlOvertime] += float64(w.OvertimeMinutes) / 60
	}
	for _, c := range covers {
		r := row(c.Job)
		r.Values[rlRequests], r.Values[rlOpen], r.Values[rlCoverHours] = float64(c.Requests), float64(c.Open), float64(c.CoverMinutes)/60
	}
	out := make([]Row, 0, len(rows))
	for _, r := range rows {
		r.Values[rlWorkedEach] = per(r.Values[rlWorked], r.Values[rlPeople])
		r.Values[rlOvertimeEach] = per(r.Values[rlOvertime], r.Values[rlPeople])
		out = append(out, *r)
	}
	sortLabels(out)
	part := stretched(work, standard)
	if len(res.Orgs) > 1 { // a group's: each org's people under its name
		for i := range part.Rows {
			part.Rows[i].Org = org.Name
		}
	}
	res.Parts = append(res.Parts, part)
	return out, nil
}

// over is how far worked goes past standard, both in minutes; nothing
// when there is no standard to go past (the person's attendance had not
// started counting).
func over(worked, standard int) int {
	if standard == 0 {
		return 0
	}
	return max(worked-standard, 0)
}

// stretched is the people who worked shifts of two or more jobs, or more
// than the org's standard hours (its working days × its standard day, from
// their start): their hours, overtime and the hours of each job. Flagged:
// over the standard hours, or across jobs with overtime.
func stretched(work []JobWork, standard map[int64]int) Part {
	type person struct {
		name             string
		worked, overtime int
		jobs             map[string]int
	}
	byID := map[int64]*person{}
	var ids []int64
	for _, w := range work {
		x := byID[w.EmployeeID]
		if x == nil {
			x = &person{name: w.Name, jobs: map[string]int{}}
			byID[w.EmployeeID] = x
			ids = append(ids, w.EmployeeID)
		}
		x.worked += w.WorkedMinutes
		x.overtime += w.OvertimeMinutes
		x.jobs[w.Job] += w.WorkedMinutes
	}
	var listed []int64
	jobCol := map[string]int{}
	for _, id := range ids {
		x := byID[id]
		if len(x.jobs) >= 2 || over(x.worked, standard[id]) > 0 {
			listed = append(listed, id)
			for job := range x.jobs {
				jobCol[job] = 0
			}
		}
	}
	jobs := make([]string, 0, len(jobCol))
	for job := range jobCol {
		jobs = append(jobs, job)
	}
	sort.Strings(jobs)
	part := Part{TitleKey: "report.part.roleload_people", LabelKey: "report.col.person",
		Columns: []Column{{Key: "report.col.worked_h", Unit: UnitHours, Decimals: 1}, {Key: "report.col.overtime_h", Unit: UnitHours, Decimals: 1},
			{Key: "report.col.standard_h", Unit: UnitHours, Decimals: 1}, {Key: "report.col.over_standard_h", Unit: UnitHours, Decimals: 1, ZeroIsNone: true},
			{Key: "report.col.jobs", Unit: UnitTimes}}}
	for i, job := range jobs {
		jobCol[job] = rpColumns + i
		col := Column{Key: "report.col.job_hours", Unit: UnitHours, Decimals: 1, ZeroIsNone: true, Job: job}
		if job == "" {
			col.Key = "report.no_job"
		}
		part.Columns = append(part.Columns, col)
		part.Chart = append(part.Chart, rpColumns+i)
	}
	hours := func(m int) float64 { return roundTo(float64(m)/60, 1) }
	for _, id := range listed {
		x := byID[id]
		extra := over(x.worked, standard[id])
		r := Row{Label: x.name, Values: make([]float64, rpColumns+len(jobs)), Flag: extra > 0 || (len(x.jobs) >= 2 && x.overtime > 0)}
		r.Values[rpWorked], r.Values[rpOvertime], r.Values[rpStandard], r.Values[rpOver] = hours(x.worked), hours(x.overtime), hours(standard[id]), hours(extra)
		r.Values[rpJobs] = float64(len(x.jobs))
		for job, m := range x.jobs {
			r.Values[jobCol[job]] = hours(m)
		}
		part.Rows = append(part.Rows, r)
	}
	sort.SliceStable(part.Rows, func(i, j int) bool {
		a, b := part.Rows[i], part.Rows[j]
		switch {
		case a.Flag != b.Flag:
			return a.Flag
		case a.Values[rpWorked] != b.Values[rpWorked]:
			return a.Values[rpWorked] > b.Values[rpWorked]
		}
		return a.Label < b.Label
	})
	return part
}
