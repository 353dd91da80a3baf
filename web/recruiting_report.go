package web

import (
	"net/http"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/core/reports"
	"github.com/hrbot/hrbot/core/signin"
)

// recruitingReportData is the funnel report's page: the period asked
// for, the funnel of all openings, and — where reports are served — chat's
// /report recruiting table with its chart and files.
type recruitingReportData struct {
	Presets []option
	Month   string
	Period  string // the period shown, "2026-11"
	Shown   bool
	Funnel  funnelView
	// Table is the per-job report: funnel, hires, leavers and time to
	// hire beside the positions opened (nil without reports).
	Table *reportData
}

// recruitingReport shows the funnel of every opening over a period
// (?period= as chat reads one: month, last month, 2026-11,
// 2026-11-01..2026-11-15; or ?month=2026-11 from the form).
func (c *Console) recruitingReport(rq *request) error {
	q := rq.r.URL.Query()
	period, month := strings.TrimSpace(q.Get("period")), strings.TrimSpace(q.Get("month"))
	d := recruitingReportData{Month: month}
	if period == "" {
		period = "month"
	}
	for _, p := range reportPresets {
		d.Presets = append(d.Presets, option{Value: p, Label: rq.T("report.period." + strings.ReplaceAll(p, " ", "_")), Selected: p == period})
	}
	if month != "" {
		period = month
	}
	loc := rq.m.Org.Location()
	p, err := reports.ParsePeriod(period, core.DateOf(c.cfg.Clock.Now().In(loc)))
	if err != nil {
		return c.renderStatus(rq, http.StatusBadRequest, "recruiting_report", "web.title.recruiting_report", d, rq.words.Error(err))
	}
	ctx := rq.r.Context()
	f, err := c.cfg.Recruiting.Funnel(ctx, rq.m, 0, recruiting.DaysIn(p.From, p.To, loc), signin.Channel)
	if err != nil {
		return err
	}
	d.Shown, d.Period, d.Funnel = true, p.String(), funnelOf(rq, f)
	if c.cfg.Reports != nil {
		res, err := c.cfg.Reports.Report(ctx, rq.m, reports.Recruiting, p, false, signin.Channel)
		if err != nil {
			return err
		}
		d.Table = &reportData{}
		c.fillReport(rq, d.Table, res)
	}
	return c.render(rq, "recruiting_report", "web.title.recruiting_report", d)
}
