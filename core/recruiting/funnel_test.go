package recruiting_test

import (
	"math"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// at is a November 2026 day and hour, UTC.
func at(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }

// track is an application moving through stages at the given times: the
// first is its start (applying).
func track(id int64, job string, src recruiting.Source, steps ...any) recruiting.Track {
	t := recruiting.Track{ID: id, Job: job, Source: src}
	from := recruiting.Stage("")
	for i := 0; i < len(steps); i += 2 {
		to := steps[i].(recruiting.Stage)
		t.Moves = append(t.Moves, recruiting.Move{ApplicationID: id, From: from, To: to, At: steps[i+1].(time.Time)})
		from = to
	}
	return t
}

const (
	applying  = recruiting.Applying
	applied   = recruiting.Applied
	screened  = recruiting.Screened
	interview = recruiting.Interview
	offer     = recruiting.Offer
	hired     = recruiting.Hired
)

// novemberRows are applications of November and around it, each made to
// end somewhere else, and three openings.
func novemberRows() recruiting.FunnelRows {
	oct := func(day int) time.Time { return time.Date(2026, 10, day, 9, 0, 0, 0, time.UTC) }
	dec := func(day int) time.Time { return time.Date(2026, 12, day, 9, 0, 0, 0, time.UTC) }
	return recruiting.FunnelRows{
		Tracks: []recruiting.Track{
			// Hired in 10.5 days from applying.
			track(1, "cs", recruiting.FromLink, applying, at(1, 0), applied, at(1, 0), screened, at(3, 0), interview, at(5, 0),
				offer, at(8, 0), hired, at(11, 12)),
			// Not taken after screening.
			track(2, "cs", recruiting.FromReferral, applying, at(2, 0), applied, at(2, 0), screened, at(4, 0), recruiting.Rejected, at(6, 0)),
			// Screened out on an answer, never sent.
			track(3, "cs", recruiting.FromLink, applying, at(3, 0), recruiting.KnockedOut, at(3, 1)),
			// Said no to the consent: withdrawn before sending.
			track(4, "cs", recruiting.FromLink, applying, at(4, 0), recruiting.Withdrawn, at(4, 0)),
			// Withdrew once sent.
			track(5, "cs", recruiting.FromInternal, applying, at(5, 0), applied, at(5, 2), recruiting.Withdrawn, at(7, 0)),
			// Waits at applied, for another job.
			track(6, "ops", recruiting.FromWeb, applying, at(6, 0), applied, at(6, 1)),
			// Began in October, hired in November after 15 days: a hire of
			// the month, not of its cohort.
			track(7, "cs", recruiting.FromReferral, applying, oct(20), applied, oct(20), screened, oct(22), interview, oct(25),
				offer, oct(30), hired, at(4, 9)),
			// Began at the end of November, screened in December: counts as
			// screened (where it is now) and waits there.
			track(8, "cs", recruiting.FromLink, applying, at(28, 0), applied, at(28, 0), screened, dec(2)),
			// Hired in 2 days.
			track(9, "cs", recruiting.FromLink, applying, at(2, 0), applied, at(2, 0), screened, at(3, 0), interview, at(3, 1),
				offer, at(3, 2), hired, at(4, 0)),
			// December's: nothing of November.
			track(10, "cs", recruiting.FromLink, applying, dec(1), applied, dec(1)),
		},
		Openings: []recruiting.Opened{
			{ID: 1, Job: "cs", Headcount: 2, At: at(1, 0)},
			{ID: 2, Job: "cs", Headcount: 1, At: oct(1)},
			{ID: 3, Job: "ops", Headcount: 1, At: at(15, 0)},
		},
	}
}

var november = recruiting.Span{From: at(1, 0), To: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}

func TestFunnelCountsEveryStageReached(t *testing.T) {
	t.Parallel()
	f := recruiting.CountFunnel(novemberRows(), november)
	if f.Started != 8 {
		t.Errorf("started %d, want 8 (1–6, 8, 9)", f.Started)
	}
	want := map[recruiting.Stage][3]int{ // reached, dropped, waiting
		applied:   {6, 1, 1}, // 1 2 5 6 8 9; 5 withdrew; 6 waits
		screened:  {4, 1, 1}, // 1 2 8 9; 2 not taken; 8 waits
		interview: {2, 0, 0},
		offer:     {2, 0, 0},
		hired:     {2, 0, 0},
	}
	for _, c := range f.Stages {
		w := want[c.Stage]
		if got := [3]int{c.Reached, c.Dropped, c.Waiting}; got != w {
			t.Errorf("%s: reached, dropped, waiting %v, want %v", c.Stage, got, w)
		}
	}
	for st, w := range map[recruiting.Stage]float64{applied: 100.0 / 6, screened: 25, interview: 0, offer: 0} {
		if got := f.Stage(st).DropOff(); math.Abs(got-w) > 1e-9 {
			t.Errorf("drop-off at %s: %v%%, want %v%%", st, got, w)
		}
	}
	if f.KnockedOut != 1 || f.Withdrawn != 2 || f.Rejected != 1 {
		t.Errorf("screened out %d, withdrawn %d, not taken %d; want 1, 2, 1", f.KnockedOut, f.Withdrawn, f.Rejected)
	}
	wantSources := map[recruiting.Source][2]int{
		recruiting.FromLink: {3, 2}, recruiting.FromReferral: {1, 0}, recruiting.FromInternal: {1, 0}, recruiting.FromWeb: {1, 0},
	}
	for _, s := range f.Sources {
		if got := [2]int{s.Applied, s.Hired}; got != wantSources[s.Source] {
			t.Errorf("source %s: applied, hired %v, want %v", s.Source, got, wantSources[s.Source])
		}
	}
	if f.Openings != 2 || f.Positions != 3 {
		t.Errorf("openings %d, positions %d; want 2, 3", f.Openings, f.Positions)
	}
	// Hires of November: 9 (2 days), 1 (10.5), 7 (15, begun in October).
	if f.Hires != 3 || len(f.DaysToHire) != 3 {
		t.Fatalf("hires %d, days %v; want 3", f.Hires, f.DaysToHire)
	}
	if f.MedianDays() != 10.5 || math.Abs(f.AverageDays()-27.5/3) > 1e-9 {
		t.Errorf("days to hire: median %v, average %v; want 10.5, 9.17", f.MedianDays(), f.AverageDays())
	}
}

func TestFunnelsByJobAndRolledUp(t *testing.T) {
	t.Parallel()
	fs := recruiting.FunnelsByJob(novemberRows(), november)
	if len(fs) != 2 || fs[0].Job != "cs" || fs[1].Job != "ops" {
		t.Fatalf("jobs %+v, want cs and ops", fs)
	}
	cs, ops := fs[0], fs[1]
	if cs.Started != 7 || cs.Positions != 2 || cs.Hires != 3 || cs.Stage(applied).Reached != 5 {
		t.Errorf("cs: started %d positions %d hires %d applied %d; want 7 2 3 5", cs.Started, cs.Positions, cs.Hires, cs.Stage(applied).Reached)
	}
	if ops.Started != 1 || ops.Positions != 1 || ops.Stage(applied).Waiting != 1 || ops.Hires != 0 || ops.MedianDays() != 0 {
		t.Errorf("ops: %+v", ops)
	}
	// Two orgs' funnels together: counts add up, the days are pooled (the
	// median of all, not the median of medians).
	var all recruiting.Funnel
	all.Add(cs)
	all.Add(ops)
	other := recruiting.CountFunnel(recruiting.FunnelRows{Tracks: []recruiting.Track{
		track(20, "cs", recruiting.FromWeb, applying, at(10, 0), applied, at(10, 0), screened, at(10, 1), interview, at(10, 2),
			offer, at(10, 3), hired, at(30, 0)),
	}}, november)
	all.Add(other)
	if all.Started != 9 || all.Hires != 4 || all.Stage(hired).Reached != 3 || all.Sources[3].Hired != 1 {
		t.Errorf("rolled up: started %d hires %d hired %d web hires %d", all.Started, all.Hires, all.Stage(hired).Reached, all.Sources[3].Hired)
	}
	if all.MedianDays() != (10.5+15)/2 || math.Abs(all.AverageDays()-(2+10.5+15+20)/4) > 1e-9 {
		t.Errorf("rolled-up days %v: median %v, average %v", all.DaysToHire, all.MedianDays(), all.AverageDays())
	}
}

// An org's days are its own time zone's: 1 November in Shanghai begins
// at 16:00 UTC on 31 October.
func TestFunnelSpanInTheOrgsZone(t *testing.T) {
	t.Parallel()
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	span := recruiting.DaysIn(core.NewDate(2026, 11, 1), core.NewDate(2026, 11, 30), sh)
	early := time.Date(2026, 10, 31, 17, 0, 0, 0, time.UTC)
	late := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)
	if !span.Has(early) || span.Has(late) || span.Has(span.To) || !span.Has(span.From) {
		t.Errorf("span %v: 1 Nov 01:00 in Shanghai in it, 1 Dec 01:00 not", span)
	}
	if (recruiting.Span{}).Has(early) != true {
		t.Error("an open span has everything")
	}
	// An empty funnel has every stage and source, all zero.
	f := recruiting.CountFunnel(recruiting.FunnelRows{}, span)
	if len(f.Stages) != 5 || len(f.Sources) != 4 || !f.Empty() || f.Stage(applied).DropOff() != 0 {
		t.Errorf("empty funnel: %+v", f)
	}
}
