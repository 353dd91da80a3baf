package perf

import (
	"context"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// Group is the distribution of final scores in one team or job.
type Group struct {
	By    Scope  // ScopeTeam or ScopeJob
	Key   string // the team's or job's key; "" for none
	Name  string
	Count int
	// Buckets counts scores by their rounded value, 1–5 (index 0 unused).
	Buckets [Highest + 1]int
	Mean    decimal.Decimal
}

// Flag is a review calibration should look at, and why.
type Flag struct {
	ReviewID int64
	// Reason is a catalogue key: perf.flag.outlier, perf.flag.high_absent,
	// perf.flag.low_clean, perf.flag.kpi_met_low, perf.flag.kpi_missed_high,
	// perf.flag.missing.
	Reason string
	Args   map[string]string
}

// Calibration is what HR and the owner look at before publishing.
type Calibration struct {
	Cycle   Cycle
	Phase   Phase
	Reviews []Review
	Teams   []Group
	Jobs    []Group
	Flags   []Flag
}

// Disagreement thresholds: a score of 4 or more with this many absent
// days or late days, or of 2 or less with none and cover given.
const (
	FlagAbsentDays = 2
	FlagLateDays   = 4
	FlagOutlier    = 1 // points from the team's mean, in teams of 3 or more
)

// Calibrate returns a cycle's calibration view. HR and admins only.
func (s *Service) Calibration(ctx context.Context, m core.Member, id int64, channel string) (Calibration, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPerfManage, nil, channel); err != nil {
		return Calibration{}, err
	}
	c, err := s.store.Cycle(ctx, m.Org.ID, id)
	if err != nil {
		return Calibration{}, err
	}
	rs, err := s.store.Reviews(ctx, m.Org.ID, id)
	if err != nil {
		return Calibration{}, err
	}
	people, err := s.store.ListEmployees(ctx, m.Org.ID, 0)
	if err != nil {
		return Calibration{}, err
	}
	teams := map[int64][2]string{}
	for _, p := range people {
		teams[p.TeamID] = [2]string{p.TeamKey, p.TeamName}
	}
	out := Calibration{Cycle: c, Phase: c.PhaseOn(s.today(m.Org)), Reviews: rs}
	out.Teams = groups(rs, ScopeTeam, func(r Review) (string, string) { t := teams[r.TeamID]; return t[0], t[1] })
	out.Jobs = groups(rs, ScopeJob, func(r Review) (string, string) { return r.Job, r.Job })
	out.Flags = flags(rs, out.Teams, func(r Review) string { return teams[r.TeamID][0] }, out.Phase)
	return out, nil
}

func groups(rs []Review, by Scope, of func(Review) (string, string)) []Group {
	idx := map[string]int{}
	var out []Group
	sums := map[string]decimal.Decimal{}
	for _, r := range rs {
		f := r.Final()
		if f.IsZero() {
			continue
		}
		key, name := of(r)
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, Group{By: by, Key: key, Name: name})
		}
		out[i].Count++
		out[i].Buckets[int(f.Round(0).IntPart())]++
		sums[key] = sums[key].Add(f)
	}
	for i := range out {
		out[i].Mean = sums[out[i].Key].Div(decimal.NewFromInt(int64(out[i].Count))).Round(2)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// flags finds the reviews whose score the facts or the team disagree
// with, and those still unscored once they are due, in review order.
func flags(rs []Review, teams []Group, teamOf func(Review) string, phase Phase) []Flag {
	mean := map[string]Group{}
	for _, g := range teams {
		mean[g.Key] = g
	}
	var out []Flag
	add := func(r Review, reason string, kv ...string) {
		args := map[string]string{"name": r.EmployeeName}
		for i := 0; i+1 < len(kv); i += 2 {
			args[kv[i]] = kv[i+1]
		}
		out = append(out, Flag{ReviewID: r.ID, Reason: reason, Args: args})
	}
	four, two := decimal.NewFromInt(4), decimal.NewFromInt(2)
	for _, r := range rs {
		f := r.Final()
		if f.IsZero() {
			// Missing is news only once the manager reviews are due.
			if phase == PhaseCalibration || phase == PhaseResults {
				add(r, "perf.flag.missing")
			}
			continue
		}
		if g := mean[teamOf(r)]; g.Count >= 3 && f.Sub(g.Mean).Abs().GreaterThanOrEqual(decimal.NewFromInt(FlagOutlier)) {
			add(r, "perf.flag.outlier", "score", f.String(), "mean", g.Mean.String())
		}
		switch {
		case f.GreaterThanOrEqual(four) && (r.Facts.AbsentDays >= FlagAbsentDays || r.Facts.Late >= FlagLateDays):
			add(r, "perf.flag.high_absent", "score", f.String(), "absent", itoa(int64(r.Facts.AbsentDays)), "late", itoa(int64(r.Facts.Late)))
		case f.LessThanOrEqual(two) && r.Facts.AbsentDays == 0 && r.Facts.Late == 0 && r.Facts.CoverGiven > 0:
			add(r, "perf.flag.low_clean", "score", f.String(), "cover", itoa(int64(r.Facts.CoverGiven)))
		}
		for _, it := range r.Items {
			v, ok := r.Facts.Value(it.KPI)
			sc, scored := r.Manager[it.Key]
			if !ok || !scored || it.Target == nil {
				continue
			}
			met := v.GreaterThanOrEqual(*it.Target)
			if !it.HigherIsBetter {
				met = v.LessThanOrEqual(*it.Target)
			}
			switch {
			case met && sc.Score <= 2:
				add(r, "perf.flag.kpi_met_low", "item", it.Key, "value", v.String(), "target", it.Target.String(), "score", itoa(int64(sc.Score)))
			case !met && sc.Score == Highest:
				add(r, "perf.flag.kpi_missed_high", "item", it.Key, "value", v.String(), "target", it.Target.String(), "score", itoa(int64(sc.Score)))
			}
		}
	}
	return out
}

// Adjust sets a review's calibrated score, keeping the manager's and the
// reason. A score equal to the manager's clears the adjustment. Errors:
// EForbidden (audited), EInvalid (score out of 1–5, no reason),
// EConflict (published, or the cycle cancelled).
func (s *Service) Adjust(ctx context.Context, m core.Member, id int64, score decimal.Decimal, reason, channel string) (Review, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPerfManage, nil, channel); err != nil {
		return Review{}, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case score.LessThan(decimal.NewFromInt(Lowest)) || score.GreaterThan(decimal.NewFromInt(Highest)):
		return Review{}, core.Errorf(core.EInvalid, "perf.bad_score", "scores are 1 to 5").With("value", score.String())
	case reason == "":
		return Review{}, core.Errorf(core.EInvalid, "perf.reason_needed", "an adjusted score needs its reason")
	case len([]rune(reason)) > MaxComment:
		return Review{}, core.Errorf(core.EInvalid, "perf.comment_long", "reason too long").With("max", itoa(MaxComment))
	}
	r, err := s.store.Review(ctx, m.Org.ID, id)
	if err != nil {
		return Review{}, err
	}
	if r.EmployeeID == m.Employee.ID {
		return Review{}, core.Errorf(core.EForbidden, "forbidden.perf_own", "one's own score")
	}
	if !r.PublishedAt.IsZero() {
		return r, core.Errorf(core.EConflict, "perf.published", "the result is published")
	}
	// A cancelled cycle's reviews are never published: nothing to adjust.
	c, err := s.store.Cycle(ctx, m.Org.ID, r.CycleID)
	if err != nil {
		return Review{}, err
	}
	if c.Status != Open {
		return r, core.Errorf(core.EConflict, "perf.cycle_closed", "the cycle is %s", c.Status).With("cycle", c.Name)
	}
	before := map[string]any{"score": r.Score.String(), "calibrated": r.Calibrated.String()}
	score = score.Round(2)
	if score.Equal(r.Score) {
		score = decimal.Decimal{}
	}
	r.Calibrated, r.CalibrationReason, r.CalibratedByID, r.CalibratedAt = score, reason, m.Employee.ID, s.clock.Now()
	audit := s.entry(m, AuditCalibrate, "perf_review", r.ID, before,
		map[string]any{"employee": r.EmployeeKey, "score": r.Score.String(), "calibrated": score.String()}, channel)
	audit.Reason = reason
	return r, s.store.SaveReview(ctx, r, GuardUnpublished, &audit, nil)
}
