package reports

import (
	"context"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// The recruiting report's columns, per job.
const (
	recPositions   = iota // positions opened in the period (headcount)
	recApplied            // the funnel of the applications begun in the period …
	recScreened           //
	recInterview          //
	recOffer              //
	recHired              // … to hired
	recKnockedOut         // screened out on an answer
	recWithdrawn          //
	recRejected           // not taken
	recHires              // hires made in the period, whenever they applied
	recLeavers            // people of the job who left in the period
	recMedianDays         // days from applying to the hire, of the period's hires
	recAverageDays        //
	recColumns
)

// recruitingLayout is the recruiting report's columns and chart: per job,
// the funnel (drawn, one series per stage), the ends that are not a hire,
// and the period's hires, leavers and time to hire beside the positions
// opened.
func recruitingLayout(res *Result) {
	people := func(key string) Column { return Column{Key: key, Unit: UnitPeople} }
	res.LabelKey = "report.col.job"
	res.Columns = make([]Column, recColumns)
	res.Columns[recPositions] = people("report.col.positions")
	res.Columns[recApplied] = people("report.col.applied")
	res.Columns[recScreened] = people("report.col.screened")
	res.Columns[recInterview] = people("report.col.interview")
	res.Columns[recOffer] = people("report.col.offer")
	res.Columns[recHired] = people("report.col.hired")
	res.Columns[recKnockedOut] = people("report.col.knocked_out")
	res.Columns[recWithdrawn] = people("report.col.withdrawn")
	res.Columns[recRejected] = people("report.col.not_taken")
	res.Columns[recHires] = people("report.col.hires_in_period")
	res.Columns[recLeavers] = people("report.col.leavers")
	res.Columns[recMedianDays] = Column{Key: "report.col.days_to_hire_median", Unit: UnitDays, Decimals: 1, ZeroIsNone: true}
	res.Columns[recAverageDays] = Column{Key: "report.col.days_to_hire_avg", Unit: UnitDays, Decimals: 1, ZeroIsNone: true}
	res.Chart = []int{recApplied, recScreened, recInterview, recOffer, recHired}
}

// recruiting: per job, the funnel of the applications begun in the
// period, the hires made in it and how long they took, the positions
// opened and the people who left (as the turnover report counts them).
// The org's whole funnel is added to pooled, for the totals and notes.
func (s *Service) recruiting(ctx context.Context, org core.Org, p Period, pooled *recruiting.Funnel) ([]Row, error) {
	span := recruiting.DaysIn(p.From, p.To, org.Location())
	data, err := s.store.RecruitingRows(ctx, org.ID, span)
	if err != nil {
		return nil, err
	}
	turnover, err := s.turnover(ctx, org, p)
	if err != nil {
		return nil, err
	}
	pooled.Add(recruiting.CountFunnel(data, span))
	byJob := map[string]*Row{}
	var rows []*Row
	row := func(job string) *Row {
		if byJob[job] == nil {
			r := &Row{Label: job, Values: make([]float64, recColumns)}
			if job == "" {
				r.LabelKey = "report.no_job"
			}
			byJob[job] = r
			rows = append(rows, r)
		}
		return byJob[job]
	}
	for _, f := range recruiting.FunnelsByJob(data, span) {
		r := row(f.Job)
		r.Values[recPositions] = float64(f.Positions)
		for i, st := range recruiting.Pipeline() {
			r.Values[recApplied+i] = float64(f.Stage(st).Reached)
		}
		r.Values[recKnockedOut], r.Values[recWithdrawn], r.Values[recRejected] = float64(f.KnockedOut), float64(f.Withdrawn), float64(f.Rejected)
		r.Values[recHires], r.Values[recMedianDays], r.Values[recAverageDays] = float64(f.Hires), f.MedianDays(), f.AverageDays()
	}
	for _, t := range turnover {
		if left := t.Values[3]; left > 0 {
			row(t.Label).Values[recLeavers] = left
		}
	}
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = *r
	}
	sortLabels(out)
	return out, nil
}

// recruitingTotals puts the pooled funnel where adding rows up cannot:
// the median and average days to hire of all the hires, and the notes —
// drop-off at each stage and the split by source.
func recruitingTotals(res *Result, pooled recruiting.Funnel) {
	if len(res.Totals) == recColumns {
		res.Totals[recMedianDays] = roundTo(pooled.MedianDays(), 1)
		res.Totals[recAverageDays] = roundTo(pooled.AverageDays(), 1)
	}
	if pooled.Started == 0 {
		return
	}
	pct := Column{Unit: UnitPercent, Decimals: 1}
	drop := Note{Key: "report.note.recruiting_dropoff"}
	for _, st := range recruiting.Pipeline()[:4] {
		c := pooled.Stage(st)
		drop.Args = append(drop.Args, string(st), pct.Format(c.DropOff()))
	}
	src := Note{Key: "report.note.recruiting_sources"}
	for _, sc := range pooled.Sources {
		src.Args = append(src.Args, string(sc.Source), itoa(sc.Applied), string(sc.Source)+"_hired", itoa(sc.Hired))
	}
	res.Notes = append(res.Notes, drop, src)
}

func itoa(n int) string { return Column{Unit: UnitPeople}.Format(float64(n)) }
