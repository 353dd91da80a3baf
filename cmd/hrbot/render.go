package main

import (
	"github.com/hrbot/hrbot/report"
	"github.com/hrbot/hrbot/report/chart"
)

// newReportRenderer loads the chart font (HRBOT_FONT, else the system's
// CJK fonts); without one, reports go without charts and the log says so.
func newReportRenderer(a *app) *report.Renderer {
	var paths []string
	if a.cfg.Font != "" {
		paths = append(paths, a.cfg.Font)
	}
	f, err := chart.LoadFont(paths...)
	if err != nil {
		a.log.Warn("reports will have no charts", "err", err)
		return &report.Renderer{}
	}
	return &report.Renderer{Font: f}
}
