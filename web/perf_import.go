package web

import (
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/core/signin"
)

// maxMetricUpload bounds an uploaded metrics file: a month of five
// metrics for 500 people is some 30 KB of CSV; the preview sends it back
// once more, base64, within the server's bound on a request (1 MiB).
const maxMetricUpload = 512 << 10

// lastImports is how many imports the page lists.
const lastImports = 10

func (c *Console) routePerfImport() {
	if c.cfg.PerfMetrics == nil {
		return
	}
	hr := func(h handler) http.HandlerFunc { return c.staffPage(perf.ActionImport, h) }
	c.addNav("/perf/import", "web.nav.perf_import", perf.ActionImport, false)
	c.mux.HandleFunc("GET /perf/import", hr(c.perfImportForm))
	c.mux.HandleFunc("POST /perf/import", c.boundedUpload(maxMetricUpload, "web.too_big", "512 KB", hr(c.perfImport)))
}

// perfImportData is the import page: the form, the last imports, and a
// file's preview or result.
type perfImportData struct {
	Imports []importedRow
	// Of a file: its name and content (sent back to import it), what it
	// holds, the rows refused.
	Name, File string
	Report     *perf.ImportReport
	Metrics    string
	Period     string
	Unread     string // the notice that no review reads some metrics
	Problems   []problemRow
	Applied    bool
}

// importedRow is one import of the list.
type importedRow struct {
	At                  time.Time
	By, Metrics, Period string
	Values, People      int
}

func (c *Console) perfImportForm(rq *request) error {
	d, err := c.perfImportPage(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "perf_import", "web.title.perf_import", d)
}

// perfImportPage reads the last imports.
func (c *Console) perfImportPage(rq *request) (perfImportData, error) {
	imports, err := c.cfg.PerfMetrics.Imports(rq.r.Context(), rq.m, lastImports, signin.Channel)
	if err != nil {
		return perfImportData{}, err
	}
	var d perfImportData
	for _, im := range imports {
		by := rq.words.Name(im.ByName)
		if by == "" {
			by = rq.T("web.perf_import.operator")
		}
		d.Imports = append(d.Imports, importedRow{At: im.At, By: by, Metrics: strings.Join(im.Metrics, ", "),
			Period: periodText(im.Period), Values: im.Values, People: im.People})
	}
	return d, nil
}

// perfImport previews an uploaded file (a dry run: every problem by row,
// nothing written), or imports the one the preview sent back (apply=1):
// its good rows, the bad ones refused and listed again.
func (c *Console) perfImport(rq *request) error {
	apply := rq.r.PostFormValue("apply") == "1"
	d, err := c.perfImportPage(rq)
	if err != nil {
		return err
	}
	name, raw, err := sentOrUploaded(rq, "metrics", maxMetricUpload, "512 KB")
	if err != nil {
		return c.perfImportProblem(rq, d, err)
	}
	rep, err := c.cfg.PerfMetrics.Import(rq.r.Context(), rq.m, name, raw, !apply, signin.Channel)
	if err != nil {
		return c.perfImportProblem(rq, d, err)
	}
	d.Name, d.Report, d.Applied = rep.File, &rep, apply
	d.Metrics, d.Period = strings.Join(rep.Metrics, ", "), periodText(rep.Period)
	if len(rep.Unread) > 0 {
		read := strings.Join(rep.Read, ", ")
		if read == "" {
			read = "—"
		}
		d.Unread = rq.T("perf.import.unread", "metrics", strings.Join(rep.Unread, ", "), "read", read)
	}
	if !apply && rep.Imported > 0 {
		d.File = base64.StdEncoding.EncodeToString(raw)
	}
	for _, p := range rep.Problems {
		d.Problems = append(d.Problems, problemRow{Row: p.Row, Column: p.Column, Text: rq.words.Error(p.Err)})
	}
	if apply {
		// The list above the form shows this import too.
		if d2, err := c.perfImportPage(rq); err == nil {
			d.Imports = d2.Imports
		}
	}
	return c.render(rq, "perf_import", "web.title.perf_import", d)
}

// perfImportProblem shows why a file was not read at all; a refusal or
// an internal error goes to the error page.
func (c *Console) perfImportProblem(rq *request, d perfImportData, err error) error {
	if code := core.ErrorCodeOf(err); code == core.EInternal || code == core.EForbidden {
		return err
	}
	return c.renderStatus(rq, http.StatusBadRequest, "perf_import", "web.title.perf_import", d, rq.words.Error(err))
}

// periodText writes a span of days: one month as 2026-11, else both days.
func periodText(p perf.Period) string {
	switch {
	case p.From.IsZero():
		return ""
	case p.From.Day == 1 && p.To == p.From.MonthEnd():
		return p.From.String()[:7]
	}
	return p.From.String() + " ~ " + p.To.String()
}
