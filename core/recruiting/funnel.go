package recruiting

import (
	"context"
	"sort"
	"time"

	"github.com/hrbot/hrbot/core"
)

// The funnel is read from the moves applications made (application_moves),
// never from where they stand alone: an application counts for every
// stage it reached, even one it has since left.
//
// Two ways of counting meet in it, and each number says which it is:
//   - the funnel proper (stages, drop-off, screened out, withdrawn, not
//     taken, sources) follows a cohort: the applications begun in the
//     span, to wherever they are now — a later look at the same month
//     may find them further on;
//   - hires and time to hire are the hires made in the span, whenever
//     their application began — what the span achieved, set beside the
//     positions opened and the people who left in it.

// Track is one application's way through the pipeline, as its moves
// recorded it: the funnel is worked out from these.
type Track struct {
	ID        int64
	OpeningID int64
	Job       string
	Source    Source
	// Moves in the order they happened; From, To and At are read.
	Moves []Move
}

// Opened is an opening as the funnel counts it: a job's positions and
// when they were opened.
type Opened struct {
	ID        int64
	Job       string
	Headcount int
	At        time.Time
}

// FunnelRows are what a funnel is worked out from: the applications begun
// in a span or hired in it, and the openings opened in it.
type FunnelRows struct {
	Tracks   []Track
	Openings []Opened
}

// Span is the instants a funnel covers, From included and To not; a zero
// end is open.
type Span struct{ From, To time.Time }

// Has reports whether t is in the span.
func (s Span) Has(t time.Time) bool {
	return (s.From.IsZero() || !t.Before(s.From)) && (s.To.IsZero() || t.Before(s.To))
}

// DaysIn is the span of the days from..to (both included) in loc.
func DaysIn(from, to core.Date, loc *time.Location) Span {
	return Span{From: from.In(loc), To: to.AddDays(1).In(loc)}
}

// StageCount is how one stage of the pipeline went.
type StageCount struct {
	Stage Stage
	// Reached counts the applications that got this far; Dropped those
	// that ended here (not taken, or withdrawn, at this stage); Waiting
	// those still here.
	Reached, Dropped, Waiting int
}

// DropOff is the share of those who reached the stage and ended there, in
// percent (0 when nobody reached it).
func (c StageCount) DropOff() float64 { return percent(c.Dropped, c.Reached) }

// SourceCount is how the applications of one source went.
type SourceCount struct {
	Source Source
	// Applied counts applications sent (reached applied); Hired, those of
	// them hired.
	Applied, Hired int
}

// Funnel is how recruiting went over a span: for one job, one opening, or
// all of an org's (Job "").
type Funnel struct {
	Job string
	// Started counts the applications begun in the span (the cohort),
	// sent or not.
	Started int
	// Stages are applied → screened → interview → offer → hired.
	Stages []StageCount
	// KnockedOut are the cohort's screened out on an answer; Withdrawn,
	// withdrawn at any point; Rejected, not taken.
	KnockedOut, Withdrawn, Rejected int
	// Sources are the cohort's applications per source, in Sources order.
	Sources []SourceCount
	// Openings and Positions (their headcount) opened in the span.
	Openings, Positions int
	// Hires made in the span, and the days each took from the
	// application sent to the hire, shortest first.
	Hires      int
	DaysToHire []float64
}

// Sources lists the sources in the order reports show them.
func Sources() []Source { return []Source{FromLink, FromReferral, FromInternal, FromWeb} }

// Stage returns the count of stage s (zero for a stage not in the
// pipeline).
func (f Funnel) Stage(s Stage) StageCount {
	for _, c := range f.Stages {
		if c.Stage == s {
			return c
		}
	}
	return StageCount{Stage: s}
}

// MedianDays is the median of the days to hire, 0 without a hire.
func (f Funnel) MedianDays() float64 { return median(f.DaysToHire) }

// AverageDays is the mean of the days to hire, 0 without a hire.
func (f Funnel) AverageDays() float64 {
	if len(f.DaysToHire) == 0 {
		return 0
	}
	sum := 0.0
	for _, d := range f.DaysToHire {
		sum += d
	}
	return sum / float64(len(f.DaysToHire))
}

// Empty reports whether nothing happened in the funnel's span.
func (f Funnel) Empty() bool { return f.Started == 0 && f.Hires == 0 && f.Positions == 0 }

// Add adds o's counts to f (several orgs' funnels rolled up); the days to
// hire are pooled, so the median is the median of all.
func (f *Funnel) Add(o Funnel) {
	if f.Stages == nil {
		*f = emptyFunnel(f.Job)
	}
	f.Started += o.Started
	for i := range f.Stages {
		c := o.Stage(f.Stages[i].Stage)
		f.Stages[i].Reached += c.Reached
		f.Stages[i].Dropped += c.Dropped
		f.Stages[i].Waiting += c.Waiting
	}
	f.KnockedOut, f.Withdrawn, f.Rejected = f.KnockedOut+o.KnockedOut, f.Withdrawn+o.Withdrawn, f.Rejected+o.Rejected
	for i := range f.Sources {
		for _, s := range o.Sources {
			if s.Source == f.Sources[i].Source {
				f.Sources[i].Applied += s.Applied
				f.Sources[i].Hired += s.Hired
			}
		}
	}
	f.Openings, f.Positions, f.Hires = f.Openings+o.Openings, f.Positions+o.Positions, f.Hires+o.Hires
	f.DaysToHire = append(f.DaysToHire, o.DaysToHire...)
	sort.Float64s(f.DaysToHire)
}

func emptyFunnel(job string) Funnel {
	f := Funnel{Job: job}
	for _, s := range Pipeline() {
		f.Stages = append(f.Stages, StageCount{Stage: s})
	}
	for _, s := range Sources() {
		f.Sources = append(f.Sources, SourceCount{Source: s})
	}
	return f
}

// CountFunnel works the funnel of rows out over span: the cohort of the
// applications begun in it, the hires made in it, the positions opened
// in it.
func CountFunnel(rows FunnelRows, span Span) Funnel {
	f := emptyFunnel("")
	for _, o := range rows.Openings {
		if span.Has(o.At) {
			f.Openings++
			f.Positions += o.Headcount
		}
	}
	for _, t := range rows.Tracks {
		f.count(t, span)
	}
	sort.Float64s(f.DaysToHire)
	return f
}

// FunnelsByJob is CountFunnel per job, for the jobs with anything in the
// span, by job key.
func FunnelsByJob(rows FunnelRows, span Span) []Funnel {
	byJob := map[string]*FunnelRows{}
	var jobs []string
	of := func(job string) *FunnelRows {
		if byJob[job] == nil {
			byJob[job] = &FunnelRows{}
			jobs = append(jobs, job)
		}
		return byJob[job]
	}
	for _, t := range rows.Tracks {
		r := of(t.Job)
		r.Tracks = append(r.Tracks, t)
	}
	for _, o := range rows.Openings {
		r := of(o.Job)
		r.Openings = append(r.Openings, o)
	}
	sort.Strings(jobs)
	var out []Funnel
	for _, job := range jobs {
		f := CountFunnel(*byJob[job], span)
		if !f.Empty() {
			f.Job = job
			out = append(out, f)
		}
	}
	return out
}

// count adds one application: to the cohort when it began in span, to
// the hires when it was hired in span.
func (f *Funnel) count(t Track, span Span) {
	if len(t.Moves) == 0 {
		return
	}
	if at, ok := t.reachedAt(Hired); ok && span.Has(at) {
		f.Hires++
		sent, ok := t.reachedAt(Applied)
		if !ok {
			sent = t.Moves[0].At
		}
		f.DaysToHire = append(f.DaysToHire, at.Sub(sent).Hours()/24)
	}
	if !span.Has(t.Moves[0].At) {
		return
	}
	f.Started++
	furthest := -1
	for _, m := range t.Moves {
		if i := pipelineIndex(m.To); i > furthest {
			furthest = i
		}
	}
	last := t.Moves[len(t.Moves)-1]
	for i := range f.Stages {
		c := &f.Stages[i]
		if i <= furthest {
			c.Reached++
		}
		switch {
		case last.To == c.Stage && c.Stage != Hired:
			c.Waiting++
		case (last.To == Rejected || last.To == Withdrawn) && last.From == c.Stage:
			c.Dropped++
		}
	}
	switch last.To {
	case KnockedOut:
		f.KnockedOut++
	case Withdrawn:
		f.Withdrawn++
	case Rejected:
		f.Rejected++
	}
	for i := range f.Sources {
		if f.Sources[i].Source == t.Source && furthest >= 0 {
			f.Sources[i].Applied++
			if furthest == len(Pipeline())-1 {
				f.Sources[i].Hired++
			}
		}
	}
}

// reachedAt is when the application first reached stage s.
func (t Track) reachedAt(s Stage) (time.Time, bool) {
	for _, m := range t.Moves {
		if m.To == s {
			return m.At, true
		}
	}
	return time.Time{}, false
}

// pipelineIndex is s's place in the pipeline, -1 for a stage outside it.
func pipelineIndex(s Stage) int {
	for i, x := range Pipeline() {
		if x == s {
			return i
		}
	}
	return -1
}

// percent is 100 × a / b, 0 when b is.
func percent(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// median of sorted values, 0 for none.
func median(sorted []float64) float64 {
	n := len(sorted)
	switch {
	case n == 0:
		return 0
	case n%2 == 1:
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// FunnelStore reads what funnels and the console's opening form need.
type FunnelStore interface {
	// FunnelRows reads the org's applications begun or hired in span
	// (of one opening when openingID is set) with their moves in order,
	// and the openings opened in span.
	FunnelRows(ctx context.Context, orgID, openingID int64, span Span) (FunnelRows, error)
	// Jobs lists the org's jobs: those its org file declares, or those
	// in use.
	Jobs(ctx context.Context, orgID int64) (core.Jobs, error)
	// ListEmployees lists the org's people (managerID 0: everyone).
	ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error)
}

// Funnel is the funnel of one opening (openingID set: for its hiring
// manager, HR and admins, over all its time) or of all the org's
// openings over span (for those who recruit). Refusals are audited on
// channel. Errors: EForbidden, ENotFound.
func (s *Service) Funnel(ctx context.Context, m core.Member, openingID int64, span Span, channel string) (Funnel, error) {
	if openingID == 0 {
		if err := s.auth.Authorize(ctx, m, core.ActionRecruitingManage, nil, channel); err != nil {
			return Funnel{}, err
		}
	} else {
		o, err := s.store.Opening(ctx, m.Org.ID, openingID)
		if err != nil {
			return Funnel{}, err
		}
		if o.HiringManagerID != m.Employee.ID {
			if err := s.auth.Authorize(ctx, m, core.ActionRecruitingDecide, nil, channel); err != nil {
				return Funnel{}, err
			}
		}
	}
	rows, err := s.store.FunnelRows(ctx, m.Org.ID, openingID, span)
	if err != nil {
		return Funnel{}, err
	}
	return CountFunnel(rows, span), nil
}

// Choices are what an opening may be made of on a form: the org's jobs
// and its active people (a hiring manager).
type Choices struct {
	Jobs   core.Jobs
	People []core.Employee
}

// Choices lists the org's jobs and active people for those who recruit.
// Errors: EForbidden (audited on channel).
func (s *Service) Choices(ctx context.Context, m core.Member, channel string) (Choices, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionRecruitingManage, nil, channel); err != nil {
		return Choices{}, err
	}
	var c Choices
	var err error
	if c.Jobs, err = s.store.Jobs(ctx, m.Org.ID); err != nil {
		return c, err
	}
	people, err := s.store.ListEmployees(ctx, m.Org.ID, 0)
	if err != nil {
		return c, err
	}
	for _, p := range people {
		if p.Status == core.StatusActive {
			c.People = append(c.People, p)
		}
	}
	return c, nil
}
