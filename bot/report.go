package bot

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/reports"
)

// ReportDesk builds reports.
type ReportDesk interface {
	Report(ctx context.Context, m core.Member, kind reports.Kind, p reports.Period, group bool, channel string) (reports.Result, error)
	// Performance is the performance report of a cycle (its name or
	// number), the latest published one (""), or the cycles that ended
	// in a period.
	Performance(ctx context.Context, m core.Member, which string, today core.Date, channel string) (reports.Result, error)
}

// Chart is a chart to draw, in the reader's words.
type Chart struct {
	Line   bool // else bars
	Title  string
	Labels []string
	Series []ChartSeries
	Unit   string
}

// ChartSeries is one named row of values of a chart.
type ChartSeries struct {
	Name   string
	Values []float64
}

// ErrNoChart is what a ReportRenderer's ChartPNG returns (or wraps) when
// this server cannot draw charts at all — it has no font with Chinese
// glyphs. The reader is told in words; the log is not told again at every
// report (hrbot serve says it once when it starts).
var ErrNoChart = errors.New("charts cannot be drawn on this server")

// ReportRenderer turns reports into files: a PNG chart, a spreadsheet.
type ReportRenderer interface {
	ChartPNG(c Chart) ([]byte, error)
	XLSX(sheet string, header []string, rows [][]string) ([]byte, error)
}

// summaryRows is how many rows a chat summary lists; the files have all.
const summaryRows = 12

func (b *Bot) reportFeature() feature {
	if b.cfg.Reports == nil {
		return feature{}
	}
	return feature{commands: b.reportCommands(), actions: b.reportActions()}
}

func (b *Bot) reportCommands() []command {
	return []command{{name: "report", aliases: []string{"报表", "报告", "reports"}, helpKey: "help.cmd.report", staff: true, run: b.reportCmd, takes: reportArgs}}
}

// reportArgs reports whether args name a report, as "/report attendance
// last month" does; "report a problem with my laptop" does not.
func reportArgs(args string) bool {
	fields := strings.Fields(args)
	if len(fields) == 0 {
		return true
	}
	_, ok := reports.ParseKind(fields[0])
	return ok
}

func (b *Bot) reportActions() map[string]actionHandler {
	return map[string]actionHandler{
		"report.kind": {run: b.reportPeriods},
		"report.show": {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) {
			return b.reportFromValue(ctx, t, v, false)
		}},
		"report.files": {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) {
			return b.reportFromValue(ctx, t, v, true)
		}},
	}
}

// reportCmd: "/report" offers the reports as buttons; "/report
// attendance last month [group]" shows one.
func (b *Bot) reportCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if err := b.cfg.Directory.Authorize(ctx, *t.member, core.ActionReportOrg, nil, t.channel()); err != nil {
		return nil, err
	}
	fields := strings.Fields(args)
	if len(fields) == 0 {
		var row []Button
		var rows [][]Button
		for _, k := range reports.Kinds {
			row = append(row, Button{Label: b.T(t, "report.kind."+string(k)), ActionID: "report.kind", Value: string(k)})
			if len(row) == 3 {
				rows, row = append(rows, row), nil
			}
		}
		if row != nil {
			rows = append(rows, row)
		}
		return []Reply{{Text: b.T(t, "report.pick"), Buttons: rows}}, nil
	}
	kind, ok := reports.ParseKind(fields[0])
	if !ok {
		return []Reply{{Text: b.T(t, "report.usage")}}, nil
	}
	group := false
	rest := fields[1:]
	if n := len(rest); n > 0 && (strings.EqualFold(rest[n-1], "group") || rest[n-1] == "集团") {
		group, rest = true, rest[:n-1]
	}
	return b.showReport(ctx, t, kind, strings.Join(rest, " "), group, false)
}

// reportPeriods offers the periods for a report, and the group view to
// those who may see it.
func (b *Bot) reportPeriods(_ context.Context, t *turn, kind string) ([]Reply, error) {
	if _, ok := reports.ParseKind(kind); !ok {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	var rows [][]Button
	if kind == string(reports.Performance) {
		// The latest published cycle first; a period shows the cycles that ended in it.
		rows = append(rows, []Button{{Label: b.T(t, "report.perf.latest"), ActionID: "report.show", Value: kind + "|"}})
	}
	for _, group := range []bool{false, true} {
		if group && (kind == string(reports.Performance) || core.Authorize(*t.member, core.ActionReportGroup, nil) != nil) {
			continue
		}
		var row []Button
		for _, p := range []string{"week", "last week", "month", "last month"} {
			label := b.T(t, "report.period."+strings.ReplaceAll(p, " ", "_"))
			value := kind + "|" + p
			if group {
				label, value = b.T(t, "report.group_label", "period", label), value+"|group"
			}
			row = append(row, Button{Label: label, ActionID: "report.show", Value: value})
		}
		rows = append(rows, row)
	}
	return []Reply{{Text: b.T(t, "report.pick_period", "report", b.T(t, "report.kind."+kind)), Buttons: rows, ReplaceMessage: true}}, nil
}

func (b *Bot) reportFromValue(ctx context.Context, t *turn, value string, files bool) ([]Reply, error) {
	parts := strings.Split(value, "|")
	kind, ok := reports.ParseKind(parts[0])
	if !ok || len(parts) < 2 {
		return []Reply{{Text: b.T(t, "button.stale")}}, nil
	}
	return b.showReport(ctx, t, kind, parts[1], len(parts) > 2 && parts[2] == "group", files)
}

// showReport writes a report: a short summary with its chart, or (files)
// the whole table as CSV and XLSX.
func (b *Bot) showReport(ctx context.Context, t *turn, kind reports.Kind, period string, group, files bool) ([]Reply, error) {
	loc := t.member.Org.Location()
	if kind == reports.Performance && !group {
		res, err := b.cfg.Reports.Performance(ctx, *t.member, period, core.DateOf(t.now.In(loc)), t.channel())
		if err != nil {
			return nil, err
		}
		return b.reportReplies(t, res, period, false, files), nil
	}
	p, err := reports.ParsePeriod(period, core.DateOf(t.now.In(loc)))
	if err != nil {
		return nil, err
	}
	res, err := b.cfg.Reports.Report(ctx, *t.member, kind, p, group, t.channel())
	if err != nil {
		return nil, err
	}
	return b.reportReplies(t, res, period, group, files), nil
}

func (b *Bot) reportReplies(t *turn, res reports.Result, period string, group, files bool) []Reply {
	title := b.reportTitle(t, res)
	header, rows := b.reportTable(t, res)
	orgColumn := sideBySide(res)
	if files {
		sheet := append(rows, b.partRows(t, res)...)
		return []Reply{{Text: b.T(t, "report.files", "title", title), Attachments: b.reportFiles(t, res, header, sheet)}}
	}
	lines := []string{"📊 " + title}
	if len(res.Rows) == 0 {
		lines = append(lines, b.T(t, "report.empty"))
	}
	for i, row := range rows {
		if i == summaryRows {
			lines = append(lines, b.T(t, "report.more", "count", strconv.Itoa(len(rows)-summaryRows)))
			break
		}
		lines = append(lines, summaryLine(header, row, orgColumn))
	}
	if len(res.Rows) > 1 {
		total := append([]string{b.T(t, "report.total")}, formatValues(res, res.Totals)...)
		if orgColumn {
			total = append([]string{""}, total...)
		}
		lines = append(lines, summaryLine(header, total, orgColumn))
	}
	for _, n := range res.Notes {
		lines = append(lines, b.T(t, n.Key, n.Args...))
	}
	lines = append(lines, b.partLines(t, res)...)
	reply := Reply{Ephemeral: true}
	value := string(res.Kind) + "|" + period
	if group {
		value += "|group"
	}
	reply.Buttons = [][]Button{{{Label: b.T(t, "report.files_button"), ActionID: "report.files", Value: value}}}
	switch png, err := b.reportChart(t, res, title); {
	case err != nil:
		// The numbers are all above and the files a button away: say
		// why there is no picture rather than leave the reader waiting.
		lines = append(lines, b.T(t, "report.no_chart"))
	case png != nil:
		reply.Attachments = []Attachment{{Name: string(res.Kind) + "-" + res.Period.String() + ".png", MIME: "image/png", Data: png}}
	case len(res.Rows) > 0:
		// A chart of zeros says nothing: say it in words.
		lines = append(lines, b.T(t, "report.nothing."+string(res.Kind)))
	}
	reply.Attachments = append(reply.Attachments, b.partCharts(t, res, title)...)
	reply.Text = strings.Join(lines, "\n")
	return []Reply{reply}
}

func (b *Bot) reportTitle(t *turn, res reports.Result) string {
	names := make([]string, len(res.Orgs))
	for i, o := range res.Orgs {
		names[i] = o.Name
	}
	return b.T(t, "report.title", "report", b.T(t, "report.kind."+string(res.Kind)), "period", res.Period.String(), "orgs", strings.Join(names, " · "))
}

// reportLabel is a row's label in the reader's words: "no team" for the
// people without one, a job by its name.
func (b *Bot) reportLabel(t *turn, res reports.Result, r reports.Row) string {
	label := r.Label
	switch {
	case r.LabelKey != "":
		label = b.T(t, r.LabelKey)
	case res.LabelKey == "report.col.job":
		label = b.jobName(t, r.Label)
	}
	if r.Flag {
		label = "⚠️ " + label
	}
	return label
}

// reportTable is the report as text cells, headers in the reader's language.
func (b *Bot) reportTable(t *turn, res reports.Result) ([]string, [][]string) {
	group := sideBySide(res)
	var header []string
	if group {
		header = append(header, b.T(t, "report.col.org"))
	}
	header = append(header, b.T(t, res.LabelKey))
	for _, c := range res.Columns {
		header = append(header, b.columnHeading(t, c))
	}
	rows := make([][]string, len(res.Rows))
	for i, r := range res.Rows {
		var row []string
		if group {
			row = append(row, r.Org)
		}
		rows[i] = append(append(row, b.reportLabel(t, res, r)), formatValues(res, r.Values)...)
	}
	return header, rows
}

// formatValues writes a row's numbers as people read them, each rounded
// like its column (hours and shares to one decimal, counts whole).
func formatValues(res reports.Result, values []float64) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = res.Columns[i].Format(v)
	}
	return out
}

// sideBySide reports whether a report has several orgs, each row led by
// its org.
func sideBySide(res reports.Result) bool { return len(res.Orgs) > 1 }

// summaryLine writes a row as "label: column value · column value"; in
// a group report the first column, the org, leads the label.
func summaryLine(header, row []string, group bool) string {
	label, first := row[0], 1
	if group {
		label, first = strings.TrimSpace(row[0]+" "+row[1]), 2
	}
	var parts []string
	for i := first; i < len(row) && i < len(header); i++ {
		if row[i] != "" {
			parts = append(parts, header[i]+" "+row[i])
		}
	}
	return "• " + label + ": " + strings.Join(parts, " · ")
}

// reportChart draws the report's chart: nil (and no error) when there is
// nothing to draw — no renderer, no chart, or only zeros — and an error
// when it could not be drawn.
func (b *Bot) reportChart(t *turn, res reports.Result, title string) ([]byte, error) {
	if b.cfg.Render == nil {
		return nil, nil
	}
	c, ok := b.chartOf(t, res, title)
	if !ok {
		return nil, nil
	}
	png, err := b.cfg.Render.ChartPNG(c)
	if err != nil {
		if !errors.Is(err, ErrNoChart) {
			b.log.Warn("report chart not drawn", "report", res.Kind, "err", err)
		}
		return nil, err
	}
	return png, nil
}

// chartOf is the chart of a report in the reader's words; false when
// there is nothing to draw (no chart, or only zeros).
func (b *Bot) chartOf(t *turn, res reports.Result, title string) (Chart, bool) {
	if len(res.Chart) == 0 || res.NothingToChart() {
		return Chart{}, false
	}
	c := Chart{Title: title, Unit: b.T(t, "report.unit."+string(res.ChartUnit()))}
	for _, r := range res.Rows {
		label := b.reportLabel(t, res, r)
		if sideBySide(res) {
			label = r.Org + " " + label
		}
		if r.Tag != "" {
			label += " " + r.Tag
		}
		c.Labels = append(c.Labels, label)
	}
	var names []string
	for _, col := range res.Chart {
		s := ChartSeries{Name: b.columnHeading(t, res.Columns[col])}
		for _, r := range res.Rows {
			s.Values = append(s.Values, r.Values[col])
		}
		c.Series = append(c.Series, s)
		names = append(names, s.Name)
	}
	// A chart of one series has no legend: its title says what it draws.
	what := strings.Join(names, ", ")
	if what != "" && what[0] >= 'a' && what[0] <= 'z' {
		what = strings.ToUpper(what[:1]) + what[1:]
	}
	c.Title = what + " · " + title
	return c, true
}

// utf8BOM starts every CSV file people get: without it, Excel on a
// Chinese Windows reads the file as GBK and garbles every name.
const utf8BOM = "\ufeff"

func (b *Bot) reportFiles(t *turn, res reports.Result, header []string, rows [][]string) []Attachment {
	name := string(res.Kind) + "-" + res.Period.String()
	buf := bytes.NewBufferString(utf8BOM)
	w := csv.NewWriter(buf)
	_ = w.Write(header)
	_ = w.WriteAll(rows)
	out := []Attachment{{Name: name + ".csv", MIME: "text/csv", Data: buf.Bytes()}}
	if b.cfg.Render != nil {
		if x, err := b.cfg.Render.XLSX(b.T(t, "report.kind."+string(res.Kind)), header, rows); err == nil {
			out = append(out, Attachment{Name: name + ".xlsx", MIME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: x})
		} else {
			b.log.Warn("report xlsx not written", "report", res.Kind, "err", err)
		}
	}
	return out
}

// weeklyReport is the scheduled Monday summary: last week's attendance of
// the reader's org, with its chart.
func (b *Bot) weeklyReport(ctx context.Context, t *turn, intro string) ([]Reply, error) {
	if b.cfg.Reports == nil || core.Authorize(*t.member, core.ActionReportOrg, nil) != nil {
		return nil, nil // no longer a manager: nothing to say
	}
	replies, err := b.showReport(ctx, t, reports.Attendance, "last week", false, false)
	if err != nil || len(replies) == 0 {
		return nil, err
	}
	if intro == "" {
		intro = b.T(t, "report.weekly_intro")
	}
	replies[0].Text = intro + "\n" + replies[0].Text
	return replies, nil
}
