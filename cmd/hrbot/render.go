package main

import (
	"errors"
	"fmt"

	"github.com/hrbot/hrbot/render"
	"github.com/hrbot/hrbot/render/chart"
)

// reportRenderer loads the chart font once per process: HRBOT_FONT when
// set (that file only), else the system's CJK fonts. Without one, reports
// go without charts and tell the reader so; it logs nothing, as chat and
// every other command would repeat it — serve says it once
// (warnNoCharts).
func (s *services) reportRenderer() *render.Renderer {
	if s.charts != nil {
		return s.charts
	}
	var f *chart.Font
	var err error
	if s.cfg.Font != "" {
		if f, err = chart.LoadFontFile(s.cfg.Font); err != nil {
			err = fmt.Errorf("HRBOT_FONT: %w", err)
		}
	} else if f, err = chart.LoadFont(); err != nil {
		// The list of every path tried is long and says less than this.
		err = errors.New("no font with Chinese glyphs found: install fonts-wqy-microhei (Debian, Ubuntu) or set HRBOT_FONT to a TTF, OTF or TTC file")
	}
	s.charts = &render.Renderer{Font: f, NoFont: err}
	return s.charts
}

// warnNoCharts says in one line, once, why reports will have no charts.
func (s *services) warnNoCharts() {
	if err := s.reportRenderer().NoFont; err != nil {
		s.log.Warn("reports will have no charts", "why", err.Error())
	}
}
