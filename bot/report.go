package bot

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/reports"
)

// ReportDesk builds reports.
type ReportDesk interface {
	Report(ctx context.Context, m core.Member, kind reports.Kind, p reports.Period, group bool, channel string) (reports.Result, error)
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

// ReportRenderer turns reports into files: a PNG chart, a spreadsheet.
type ReportRenderer interface {
	ChartPNG(c Chart) ([]byte, error)
	XLSX(sheet string, header []string, rows [][]string) ([]byte, error)
}

// summaryRows is how many rows a chat summary lists; the files have all.
const summaryRows = 12

func (b *Bot) reportCommands() []command {
	if b.cfg.Reports == nil {
		return nil
	}
	return []command{{name: "report", aliases: []string{"报表", "报告", "reports"}, helpKey: "help.cmd.report", staff: true, run: b.reportCmd}}
}

func (b *Bot) reportActions() map[string]actionHandler {
	if b.cfg.Reports == nil {
		return nil
	}
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
	for _, group := range []bool{false, true} {
		if group && core.Authorize(*t.member, core.ActionReportGroup, nil) != nil {
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
		return []Reply{{Text: b.T(t, "report.files", "title", title), Attachments: b.reportFiles(t, res, header, rows)}}
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
	reply := Reply{Text: strings.Join(lines, "\n"), Ephemeral: true}
	value := string(res.Kind) + "|" + period
	if group {
		value += "|group"
	}
	reply.Buttons = [][]Button{{{Label: b.T(t, "report.files_button"), ActionID: "report.files", Value: value}}}
	if png, ok := b.reportChart(t, res, title); ok {
		reply.Attachments = []Attachment{{Name: string(res.Kind) + "-" + res.Period.String() + ".png", MIME: "image/png", Data: png}}
	}
	return []Reply{reply}
}

func (b *Bot) reportTitle(t *turn, res reports.Result) string {
	names := make([]string, len(res.Orgs))
	for i, o := range res.Orgs {
		names[i] = o.Name
	}
	return b.T(t, "report.title", "report", b.T(t, "report.kind."+string(res.Kind)), "period", res.Period.String(), "orgs", strings.Join(names, " · "))
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
		header = append(header, b.T(t, c))
	}
	rows := make([][]string, len(res.Rows))
	for i, r := range res.Rows {
		var row []string
		if group {
			row = append(row, r.Org)
		}
		rows[i] = append(append(row, r.Label), formatValues(res, r.Values)...)
	}
	return header, rows
}

func formatValues(res reports.Result, values []float64) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = strconv.FormatFloat(v, 'f', -1, 64)
		if res.Percent[i] {
			out[i] += "%"
		}
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

func (b *Bot) reportChart(t *turn, res reports.Result, title string) ([]byte, bool) {
	if b.cfg.Render == nil || len(res.Rows) == 0 || len(res.Chart) == 0 {
		return nil, false
	}
	c := Chart{Title: title, Unit: b.T(t, res.ChartUnit)}
	for _, r := range res.Rows {
		label := r.Label
		if sideBySide(res) {
			label = r.Org + " " + label
		}
		c.Labels = append(c.Labels, label)
	}
	for _, col := range res.Chart {
		s := ChartSeries{Name: b.T(t, res.Columns[col])}
		for _, r := range res.Rows {
			s.Values = append(s.Values, r.Values[col])
		}
		c.Series = append(c.Series, s)
	}
	png, err := b.cfg.Render.ChartPNG(c)
	if err != nil {
		b.log.Warn("report chart not drawn", "report", res.Kind, "err", err)
		return nil, false
	}
	return png, true
}

func (b *Bot) reportFiles(t *turn, res reports.Result, header []string, rows [][]string) []Attachment {
	name := string(res.Kind) + "-" + res.Period.String()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
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
