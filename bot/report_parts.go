package bot

import (
	"strconv"

	"github.com/hrbot/hrbot/core/reports"
)

// maxPartCharts is how many charts of a report's further tables one reply
// carries: enough for the performance report's, no flood.
const maxPartCharts = 3

// columnHeading is a column's heading in the reader's words: a job's
// hours, the org's own heading (a band, a cycle), or the catalogue's.
func (b *Bot) columnHeading(t *turn, c reports.Column) string {
	switch {
	case c.Job != "":
		return b.T(t, "report.col.job_hours", "job", b.jobName(t, c.Job))
	case c.Heading != "":
		return c.Heading
	}
	return b.T(t, c.Key)
}

// partLines are a report's further tables in a chat summary: each under
// its heading, its first rows.
func (b *Bot) partLines(t *turn, res reports.Result) []string {
	var lines []string
	for i, p := range res.Parts {
		part := res.Part(i)
		lines = append(lines, "", "▸ "+b.T(t, p.TitleKey))
		if len(p.Rows) == 0 {
			lines = append(lines, b.T(t, "report.part_empty"))
			continue
		}
		header, rows := b.reportTable(t, part)
		for j, row := range rows {
			if j == summaryRows {
				lines = append(lines, b.T(t, "report.more", "count", strconv.Itoa(len(rows)-summaryRows)))
				break
			}
			lines = append(lines, summaryLine(header, row, sideBySide(part)))
		}
	}
	return lines
}

// partRows are a report's further tables for its files, under its first:
// each after an empty row, led by its heading and its own header.
func (b *Bot) partRows(t *turn, res reports.Result) [][]string {
	var out [][]string
	for i, p := range res.Parts {
		header, rows := b.reportTable(t, res.Part(i))
		out = append(out, []string{}, []string{b.T(t, p.TitleKey)}, header)
		out = append(out, rows...)
	}
	return out
}

// partCharts draws the charts of a report's further tables that have
// something to show; a chart that cannot be drawn is left out (the
// first table's chart already said why).
func (b *Bot) partCharts(t *turn, res reports.Result, title string) []Attachment {
	var out []Attachment
	for i, p := range res.Parts {
		if len(out) == maxPartCharts {
			break
		}
		part := res.Part(i)
		png, err := b.reportChart(t, part, b.T(t, p.TitleKey)+" · "+title)
		if err != nil || png == nil {
			continue
		}
		out = append(out, Attachment{Name: string(res.Kind) + "-" + res.Period.String() + "-" + strconv.Itoa(i+1) + ".png", MIME: "image/png", Data: png})
	}
	return out
}
