package render

import (
	"fmt"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/render/chart"
)

// ErrNoFont is why a chart is not drawn: no font with Chinese glyphs. It
// is a bot.ErrNoChart, so the bot tells the reader instead of logging it
// at every report.
var ErrNoFont = fmt.Errorf("no font with Chinese glyphs (install fonts-wqy-microhei or set HRBOT_FONT): %w", bot.ErrNoChart)

// Renderer draws the bot's report charts and writes its spreadsheets.
// Without a font (nil) it draws no chart — a chart of empty boxes helps
// nobody — and the report goes as text and files.
type Renderer struct {
	Font *chart.Font
	// NoFont says why Font is nil, for the one line hrbot serve logs.
	NoFont error
}

var _ bot.ReportRenderer = (*Renderer)(nil)

// ChartPNG draws c. Without a font it returns ErrNoFont.
func (r *Renderer) ChartPNG(c bot.Chart) ([]byte, error) {
	if r.Font == nil {
		return nil, ErrNoFont
	}
	ch := chart.Chart{Kind: chart.Bar, Title: c.Title, Labels: c.Labels, YUnit: c.Unit}
	if c.Line {
		ch.Kind = chart.Line
	}
	for _, s := range c.Series {
		ch.Series = append(ch.Series, chart.Series{Name: s.Name, Values: s.Values})
	}
	return ch.PNG(r.Font)
}

// XLSX writes a table as a workbook.
func (r *Renderer) XLSX(sheet string, header []string, rows [][]string) ([]byte, error) {
	return TableXLSX(sheet, header, rows)
}
