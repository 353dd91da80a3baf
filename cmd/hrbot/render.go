package main

import (
	"errors"
	"fmt"

	"github.com/hrbot/hrbot/report"
	"github.com/hrbot/hrbot/report/chart"
)

// newReportRenderer loads the chart font once per process: HRBOT_FONT when
// set (that file only), else the system's CJK fonts. Without one, reports
// go without charts and tell the reader so; it logs nothing, as chat and
// every other command would repeat it — serve says it once
// (warnNoCharts).
func newReportRenderer(a *app) *report.Renderer {
	if a.charts != nil {
		return a.charts
	}
	var f *chart.Font
	var err error
	if a.cfg.Font != "" {
		if f, err = chart.LoadFontFile(a.cfg.Font); err != nil {
			err = fmt.Errorf("HRBOT_FONT: %w", err)
		}
	} else if f, err = chart.LoadFont(); err != nil {
		// The list of every path tried is long and says less than this.
		err = errors.New("no font with Chinese glyphs found: install fonts-wqy-microhei (Debian, Ubuntu) or set HRBOT_FONT to a TTF, OTF or TTC file")
	}
	a.charts = &report.Renderer{Font: f, NoFont: err}
	return a.charts
}

// warnNoCharts says in one line, once, why reports will have no charts.
func warnNoCharts(a *app) {
	if err := newReportRenderer(a).NoFont; err != nil {
		a.log.Warn("reports will have no charts", "why", err.Error())
	}
}
