package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/reports"
	"github.com/hrbot/hrbot/core/signin"
)

// latestCycle asks the performance report for the latest published
// cycle, as chat's /report performance does without a cycle.
const latestCycle = "latest"

// routePerfReport serves /perf/report: chat's /report performance and
// /report roleload on one page, their charts and files from /reports.
func (c *Console) routePerfReport() {
	c.addNav("/perf/report", "web.nav.perf_report", core.ActionReportOrg, false)
	c.mux.HandleFunc("GET /perf/report", c.staffPage(core.ActionReportOrg, c.perfReport))
}

// perfReportData is the page: the cycle picker, the role-load period and
// the two reports.
type perfReportData struct {
	Cycles  []option
	Period  string // the cycles that ended in it, instead of one cycle
	Presets []option
	Month   string
	// NoneYet says no cycle has been published.
	NoneYet bool
	Perf    *reportData
	Load    *reportData
}

// perfReport shows the performance report of the cycle asked for
// (?cycle=#12, or the latest published), or of the cycles that ended in
// ?period=; and the role-load report over ?preset= or ?month= (this
// month by default).
func (c *Console) perfReport(rq *request) error {
	ctx, q := rq.r.Context(), rq.r.URL.Query()
	cycle, period := strings.TrimSpace(q.Get("cycle")), strings.TrimSpace(q.Get("period"))
	if cycle == "" {
		cycle = latestCycle
	}
	d := perfReportData{Period: period, Month: strings.TrimSpace(q.Get("month"))}
	cycles, err := c.cfg.Reports.PublishedCycles(ctx, rq.m, signin.Channel)
	if err != nil {
		return err
	}
	d.NoneYet = len(cycles) == 0
	d.Cycles = append(d.Cycles, option{Value: latestCycle, Label: rq.T("web.perf_report.latest"), Selected: cycle == latestCycle})
	for _, cy := range cycles {
		v := "#" + strconv.FormatInt(cy.ID, 10)
		d.Cycles = append(d.Cycles, option{Value: v, Label: cy.Name + " (" + cy.Period.From.String() + "–" + cy.Period.To.String() + ")", Selected: v == cycle})
	}
	preset := q.Get("preset")
	if preset == "" {
		preset = "month"
	}
	for _, p := range reportPresets {
		d.Presets = append(d.Presets, option{Value: p, Label: rq.T("report.period." + strings.ReplaceAll(p, " ", "_")), Selected: p == preset})
	}
	perf := reportAsk{kind: reports.Performance, cycle: cycle}
	if period != "" {
		perf.cycle = period // the cycles that ended in it
	}
	load := reportAsk{kind: reports.RoleLoad, preset: preset, month: d.Month}
	for _, x := range []struct {
		ask  reportAsk
		into **reportData
	}{{perf, &d.Perf}, {load, &d.Load}} {
		res, err := c.runReport(rq, x.ask)
		if err != nil {
			if core.ErrorCodeOf(err) != core.EInvalid {
				return err
			}
			return c.renderStatus(rq, http.StatusBadRequest, "perf_report", "web.title.perf_report", d, rq.words.Error(err))
		}
		data := &reportData{Cycle: x.ask.cycle}
		c.fillReport(rq, data, res)
		*x.into = data
	}
	return c.render(rq, "perf_report", "web.title.perf_report", d)
}
