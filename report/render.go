package report

import (
	"errors"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/report/chart"
)

// ErrNoFont is why a chart is not drawn: no font with Chinese glyphs.
var ErrNoFont = errors.New("no font with Chinese glyphs: set HRBOT_FONT or install fonts-wqy-microhei")

// Renderer draws the bot's report charts and writes its spreadsheets.
// Without a font (nil) it draws no chart — a chart of empty boxes helps
// nobody — and the report goes as text and files.
type Renderer struct {
	Font *chart.Font
}

var _ bot.ReportRenderer = (*Renderer)(nil)

// ChartPNG draws c.
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
