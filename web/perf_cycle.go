package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/core/signin"
)

// progressRow is one review on its cycle's page.
type progressRow struct {
	ID                                      int64
	Name, Job                               string
	SelfDone, ManagerDone, Adjusted, Appeal bool
	Score, Calibrated, Reason, Band, Coeff  string
	Outcome                                 string
}

// groupRow is one team's or job's distribution of final scores.
type groupRow struct {
	Name    string
	Count   int
	Buckets []int // scores 1 to 5
	Mean    string
}

// flagRow is a review calibration should look at, in words.
type flagRow struct {
	ReviewID int64
	Text     string
}

type cycleData struct {
	Cycle cycleRow
	// Open: the cycle takes changes; Staff: the reader runs it (HR), and
	// sees calibration, Adjust, Publish and Cancel.
	Open, Staff, Published bool
	// Adjusted: calibration changed some score (its reasons are listed).
	Adjusted              bool
	Reviews               []progressRow
	SelfDone, ManagerDone int
	Teams, Jobs           []groupRow
	Flags                 []flagRow
}

// perfCycle is a cycle's page: each review's progress, and for HR the
// calibration view with its adjust, publish and cancel forms. A manager
// sees their team's reviews only; anyone else is refused (audited, in
// core).
func (c *Console) perfCycle(rq *request) error {
	d, err := c.cycleData(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "perf_cycle", "web.title.perf_cycle", d)
}

func (c *Console) cycleData(rq *request) (cycleData, error) {
	ctx := rq.r.Context()
	id, err := pathID(rq, "perf.no_cycle")
	if err != nil {
		return cycleData{}, err
	}
	p, err := c.cfg.Perf.CycleProgress(ctx, rq.m, id, signin.Channel)
	if err != nil {
		return cycleData{}, err
	}
	d := cycleData{Cycle: c.cycleRow(rq, p.Cycle, p.Phase), Open: p.Cycle.Status == perf.Open, Staff: isStaff(rq.m),
		Published: p.Cycle.Status == perf.Published, SelfDone: p.SelfDone, ManagerDone: p.ManagerDone}
	d.Cycle.People = len(p.Reviews)
	for _, r := range p.Reviews {
		d.Reviews = append(d.Reviews, progress(rq, r))
		d.Adjusted = d.Adjusted || !r.Calibrated.IsZero()
	}
	if !d.Staff {
		return d, nil
	}
	cal, err := c.cfg.Perf.Calibration(ctx, rq.m, id, signin.Channel)
	if err != nil {
		return d, err
	}
	d.Teams, d.Jobs = groupRows(rq, cal.Teams, perf.ScopeTeam), groupRows(rq, cal.Jobs, perf.ScopeJob)
	byID := map[int64]perf.Review{}
	for _, r := range cal.Reviews {
		byID[r.ID] = r
	}
	for _, f := range cal.Flags {
		d.Flags = append(d.Flags, flagRow{ReviewID: f.ReviewID, Text: flagText(rq, f, byID[f.ReviewID])})
	}
	return d, nil
}

func progress(rq *request, r perf.Review) progressRow {
	row := progressRow{ID: r.ID, Name: rq.words.Name(r.EmployeeName), Job: rq.words.Job(r.Job), SelfDone: !r.SelfDoneAt.IsZero(),
		ManagerDone: !r.ManagerDoneAt.IsZero(), Score: score(r.Score), Calibrated: score(r.Calibrated), Reason: r.CalibrationReason,
		Adjusted: !r.Calibrated.IsZero(), Band: r.Band, Appeal: !r.AppealedAt.IsZero() && r.AppealClosedAt.IsZero()}
	if r.Job == "" {
		row.Job = ""
	}
	if !r.Coefficient.IsZero() {
		row.Coeff = r.Coefficient.String()
	}
	if r.Outcome != perf.OutcomeNone {
		row.Outcome = rq.T("web.perf.outcome." + string(r.Outcome))
	}
	return row
}

// score writes a score to two decimals; "—" for none.
func score(d decimal.Decimal) string {
	if d.IsZero() {
		return "—"
	}
	return d.StringFixed(2)
}

func groupRows(rq *request, gs []perf.Group, by perf.Scope) []groupRow {
	out := make([]groupRow, 0, len(gs))
	for _, g := range gs {
		name := rq.words.Name(g.Name)
		if by == perf.ScopeJob {
			name = rq.words.Job(g.Key)
		}
		if g.Key == "" {
			name = rq.T("web.perf.no_" + string(by))
		}
		out = append(out, groupRow{Name: name, Count: g.Count, Buckets: g.Buckets[perf.Lowest:], Mean: score(g.Mean)})
	}
	return out
}

// flagText is a flag's reason in words: its catalogue key under web.,
// the item named rather than keyed.
func flagText(rq *request, f perf.Flag, r perf.Review) string {
	args := make([]string, 0, 2*len(f.Args))
	for k, v := range f.Args {
		switch k {
		case "name":
			v = rq.words.Name(v)
		case "item":
			for _, it := range r.Items {
				if it.Key == v {
					v = itemName(rq, it)
				}
			}
		}
		args = append(args, k, v)
	}
	return rq.T("web."+f.Reason, args...)
}

// perfAdjust sets a review's calibrated score with its reason (HR); the
// manager's score is kept beside it.
func (c *Console) perfAdjust(rq *request) error {
	id, err := pathID(rq, "perf.no_review")
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(rq.r.PostFormValue("score"))
	sc, perr := decimal.NewFromString(raw)
	var r perf.Review
	if perr != nil {
		err = core.Errorf(core.EInvalid, "web.perf.bad_score", "bad score %q", raw).With("value", raw)
	} else {
		r, err = c.cfg.Perf.Adjust(rq.r.Context(), rq.m, id, sc, rq.r.PostFormValue("reason"), signin.Channel)
	}
	back := "/perf/cycles/" + rq.r.PostFormValue("cycle")
	if err == nil {
		return rq.back("/perf/cycles/"+strconv.FormatInt(r.CycleID, 10), "web.done.perf_adjusted")
	}
	return c.cycleError(rq, back, err)
}

// cycleError shows the cycle page of path again with what went wrong;
// refusals and internal errors go to the error page.
func (c *Console) cycleError(rq *request, path string, err error) error {
	switch core.ErrorCodeOf(err) {
	case core.EInternal, core.EForbidden, core.ENotFound:
		return err
	}
	id := strings.TrimPrefix(path, "/perf/cycles/")
	rq.r.SetPathValue("id", id)
	d, derr := c.cycleData(rq)
	if derr != nil {
		return err
	}
	return c.renderStatus(rq, http.StatusBadRequest, "perf_cycle", "web.title.perf_cycle", d, perfError(rq, err))
}

// perfPublish publishes a cycle's results; refused while any review has
// no final score, those people named.
func (c *Console) perfPublish(rq *request) error {
	id, err := pathID(rq, "perf.no_cycle")
	if err != nil {
		return err
	}
	_, err = c.cfg.Perf.Publish(rq.r.Context(), rq.m, id, signin.Channel)
	if e, ok := core.AsError(err); ok && e.Key == "perf.publish_missing" {
		names := strings.Split(e.Args["names"], ", ")
		for i, n := range names {
			names[i] = rq.words.Name(n)
		}
		err = core.Errorf(core.EInvalid, "web.perf.publish_missing", "%s", e.Message).
			With("count", e.Args["count"]).With("names", strings.Join(names, rq.T("web.perf.list_sep")))
	}
	if err != nil {
		return c.cycleError(rq, "/perf/cycles/"+rq.r.PathValue("id"), err)
	}
	return rq.back("/perf/cycles/"+rq.r.PathValue("id"), "web.done.perf_published")
}

// perfCancel calls a cycle off before its results.
func (c *Console) perfCancel(rq *request) error {
	id, err := pathID(rq, "perf.no_cycle")
	if err != nil {
		return err
	}
	if _, err := c.cfg.Perf.Cancel(rq.r.Context(), rq.m, id, signin.Channel); err != nil {
		return c.cycleError(rq, "/perf/cycles/"+rq.r.PathValue("id"), err)
	}
	return rq.back("/perf/cycles/"+rq.r.PathValue("id"), "web.done.perf_cancelled")
}
