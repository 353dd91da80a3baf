package web

import (
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/reports"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/render"
)

func (c *Console) routeReports() {
	if c.cfg.Reports == nil {
		return
	}
	staff := func(h handler) http.HandlerFunc { return c.staffPage(core.ActionReportOrg, h) }
	c.addNav("/reports", "web.nav.reports", core.ActionReportOrg, false)
	c.mux.HandleFunc("GET /reports", staff(c.reportPage))
	c.mux.HandleFunc("GET /reports/chart", staff(c.reportChart))
	c.mux.HandleFunc("GET /reports/csv", staff(c.reportFile(false)))
	c.mux.HandleFunc("GET /reports/xlsx", staff(c.reportFile(true)))
	c.routePerfReport()
}

// reportPresets are the periods chat's report buttons offer.
var reportPresets = []string{"week", "last week", "month", "last month"}

type option struct {
	Value, Label string
	Selected     bool
}

// reportAsk is a report as the form or a link asks for it.
type reportAsk struct {
	kind                    reports.Kind
	preset, month, from, to string
	group                   bool
	// cycle asks the performance report for a review cycle ("#12", a
	// name, "latest") rather than the cycles that ended in the period.
	cycle string
}

// readReportAsk reads the form: a range (from, to) wins over a month,
// which wins over a preset; with none it is this month, as in chat.
func readReportAsk(r *http.Request) reportAsk {
	q := r.URL.Query()
	a := reportAsk{kind: reports.Attendance, preset: q.Get("preset"), month: strings.TrimSpace(q.Get("month")),
		from: strings.TrimSpace(q.Get("from")), to: strings.TrimSpace(q.Get("to")), group: q.Get("group") == "1",
		cycle: strings.TrimSpace(q.Get("cycle"))}
	if k, ok := reports.ParseKind(q.Get("kind")); ok {
		a.kind = k
	}
	if a.preset == "" {
		a.preset = "month"
	}
	return a
}

// period is the period asked for, read as chat reads one.
func (a reportAsk) period(now core.Date) (reports.Period, error) {
	s := a.preset
	switch {
	case a.from != "":
		to := a.to
		if to == "" {
			to = a.from
		}
		s = a.from + ".." + to
	case a.month != "":
		s = a.month
	}
	return reports.ParsePeriod(s, now)
}

// run builds the report asked for with the service chat's /report uses.
func (c *Console) runReport(rq *request, a reportAsk) (reports.Result, error) {
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	if a.kind == reports.Performance && a.cycle != "" {
		which := a.cycle
		if which == latestCycle {
			which = ""
		}
		return c.cfg.Reports.Performance(rq.r.Context(), rq.m, which, today, signin.Channel)
	}
	p, err := a.period(today)
	if err != nil {
		return reports.Result{}, err
	}
	return c.cfg.Reports.Report(rq.r.Context(), rq.m, a.kind, p, a.group, signin.Channel)
}

// link is the query that asks for res again: its kind and days, or the
// performance report's cycle.
func link(res reports.Result, group bool, cycle string) string {
	v := url.Values{"kind": {string(res.Kind)}, "from": {res.Period.From.String()}, "to": {res.Period.To.String()}}
	if group {
		v.Set("group", "1")
	}
	if cycle != "" && res.Kind == reports.Performance {
		v.Set("cycle", cycle)
	}
	return v.Encode()
}

type reportData struct {
	Kinds, Presets  []option
	Month, From, To string
	Group, CanGroup bool
	Shown           bool
	Title           string
	Header          []string
	Rows            [][]string
	Total           []string
	Query           template.URL
	Chart           bool   // an <img> of the chart
	NoChart         string // why there is none, when there is a table
	Notes           []string
	// Cycle is the performance report's cycle as asked ("" for the
	// cycles of the period); Parts its further tables.
	Cycle string
	Kind  string
	Parts []partView
}

// partView is a further table of a report (reports.Part) as the page
// shows it; Index asks /reports/chart for its chart.
type partView struct {
	Title  string
	Header []string
	Rows   [][]string
	Chart  bool
	Index  int
}

// reportPage offers every report chat's /report does, with a period
// picker, and shows the one asked for: its table, chart and files.
func (c *Console) reportPage(rq *request) error {
	a := readReportAsk(rq.r)
	data := reportData{Month: a.month, From: a.from, To: a.to, Group: a.group,
		CanGroup: core.Authorize(rq.m, core.ActionReportGroup, nil) == nil}
	for _, k := range reports.Kinds {
		data.Kinds = append(data.Kinds, option{Value: string(k), Label: rq.T("report.kind." + string(k)), Selected: k == a.kind})
	}
	for _, p := range reportPresets {
		data.Presets = append(data.Presets, option{Value: p, Label: rq.T("report.period." + strings.ReplaceAll(p, " ", "_")),
			Selected: p == a.preset})
	}
	if len(rq.r.URL.Query()) == 0 {
		return c.render(rq, "reports", "web.title.reports", data)
	}
	res, err := c.runReport(rq, a)
	if err != nil {
		if core.ErrorCodeOf(err) != core.EInvalid {
			return err
		}
		return c.renderStatus(rq, http.StatusBadRequest, "reports", "web.title.reports", data, rq.words.Error(err))
	}
	c.fillReport(rq, &data, res)
	return c.render(rq, "reports", "web.title.reports", data)
}

func (c *Console) fillReport(rq *request, data *reportData, res reports.Result) {
	data.Shown, data.Title, data.Query = true, rq.words.ReportTitle(res), template.URL(link(res, data.Group, data.Cycle))
	data.Kind = string(res.Kind)
	data.Header, data.Rows = rq.words.ReportTable(res)
	data.Notes = rq.words.ReportNotes(res)
	if len(res.Rows) > 1 {
		data.Total = []string{rq.T("report.total")}
		if len(res.Orgs) > 1 {
			data.Total = append([]string{""}, data.Total...)
		}
		for i, v := range res.Totals {
			data.Total = append(data.Total, res.Columns[i].Format(v))
		}
	}
	_, drawable := rq.words.ReportChart(res)
	switch {
	case drawable && c.chartsOn():
		data.Chart = true
	case drawable:
		data.NoChart = rq.T("web.reports.no_chart")
	case len(res.Rows) > 0:
		data.NoChart = rq.T("report.nothing." + string(res.Kind))
	}
	for i, p := range res.Parts {
		part := res.Part(i)
		v := partView{Title: rq.T(p.TitleKey), Index: i}
		v.Header, v.Rows = rq.words.ReportTable(part)
		_, drawable := rq.words.ReportChart(part)
		v.Chart = drawable && c.chartsOn()
		data.Parts = append(data.Parts, v)
	}
}

// chartsOn reports whether this server can draw charts: it has a font
// with Chinese glyphs.
func (c *Console) chartsOn() bool { return c.cfg.Charts != nil && c.cfg.Charts.Font != nil }

// reportChart is the report's chart as a PNG, drawn as chat draws it.
func (c *Console) reportChart(rq *request) error {
	res, err := c.runReport(rq, readReportAsk(rq.r))
	if err != nil {
		return err
	}
	name := string(res.Kind) + "-" + res.Period.From.String()
	// ?part=N is the chart of a further table.
	if n, err := strconv.Atoi(rq.r.URL.Query().Get("part")); err == nil {
		if n < 0 || n >= len(res.Parts) {
			return core.Errorf(core.ENotFound, "web.not_found", "no part %d", n)
		}
		res, name = res.Part(n), name+"-"+strconv.Itoa(n+1)
	}
	ch, ok := rq.words.ReportChart(res)
	if !ok || !c.chartsOn() {
		return core.Errorf(core.ENotFound, "web.not_found", "no chart")
	}
	png, err := c.cfg.Charts.ChartPNG(ch)
	if err != nil {
		return err
	}
	return download(rq, name+".png", mimePNG,
		func(w io.Writer) error { _, err := w.Write(png); return err })
}

// reportFile downloads the report's table as CSV or XLSX, the files
// chat's 📎 button sends.
func (c *Console) reportFile(xlsx bool) handler {
	return func(rq *request) error {
		res, err := c.runReport(rq, readReportAsk(rq.r))
		if err != nil {
			return err
		}
		header, rows := rq.words.ReportSheet(res)
		name := string(res.Kind) + "-" + res.Period.From.String() + "_" + res.Period.To.String()
		if xlsx {
			return download(rq, name+".xlsx", mimeXLSX, func(w io.Writer) error {
				b, err := render.TableXLSX(rq.T("report.kind."+string(res.Kind)), header, rows)
				if err == nil {
					_, err = w.Write(b)
				}
				return err
			})
		}
		return download(rq, name+".csv", mimeCSV, func(w io.Writer) error { return render.TableCSV(w, header, rows) })
	}
}
