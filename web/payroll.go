package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/render"
)

func (c *Console) routePayroll() {
	if c.cfg.Payroll == nil {
		return
	}
	staff := func(h handler) http.HandlerFunc { return c.staffPage(core.ActionPayrollManage, h) }
	c.addNav("/payroll", "web.nav.payroll", core.ActionPayrollManage, false)
	c.mux.HandleFunc("GET /payroll", staff(c.payrollRuns))
	c.mux.HandleFunc("POST /payroll/draft", staff(c.draftPayroll))
	c.mux.HandleFunc("GET /payroll/{period}", staff(c.payrollRun))
	c.mux.HandleFunc("POST /payroll/{period}/approve", staff(c.approvePayroll))
	c.mux.HandleFunc("POST /payroll/{period}/adjustments", staff(c.addAdjustment))
	c.mux.HandleFunc("GET /payroll/{period}/csv", staff(c.payrollFile(false)))
	c.mux.HandleFunc("GET /payroll/{period}/xlsx", staff(c.payrollFile(true)))
	c.routePayslips()
	c.routePayrollTax(staff)
}

// runRow is a run in the list of runs.
type runRow struct {
	Period, Status, When    string
	People                  int
	Gross, Social, Tax, Net string
}

type runsData struct {
	Runs     []runRow
	Period   string        // the draft form's month: last month
	Profiles *profilesData // who has a pay profile; the upload form
}

// payrollRuns lists the org's runs with their totals, and the form that
// drafts a month.
func (c *Console) payrollRuns(rq *request) error {
	data, err := c.runsData(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "payroll_runs", "web.title.payroll", data)
}

func (c *Console) runsData(rq *request) (runsData, error) {
	runs, err := c.cfg.Payroll.Runs(rq.r.Context(), rq.m, signin.Channel)
	if err != nil {
		return runsData{}, err
	}
	profiles, err := c.profilesSection(rq)
	if err != nil {
		return runsData{}, err
	}
	v := view{request: rq}
	data := runsData{Period: payroll.PreviousPeriod(c.cfg.Clock.Now(), rq.m.Org), Profiles: profiles}
	for _, r := range runs {
		when := v.When(r.DraftedAt)
		if r.Status == payroll.StatusApproved {
			when = v.When(r.ApprovedAt)
		}
		data.Runs = append(data.Runs, runRow{Period: r.Period, Status: rq.T("payroll.status." + r.Status), When: when, People: r.People,
			Gross: payroll.Amount(r.Gross), Social: payroll.Amount(r.Social), Tax: payroll.Amount(r.Tax), Net: payroll.Amount(r.Net)})
	}
	return data, nil
}

// draftPayroll drafts (or redrafts) a month with the service chat's
// /payroll draft uses, then shows the draft.
func (c *Console) draftPayroll(rq *request) error {
	period := strings.TrimSpace(rq.r.PostFormValue("period"))
	_, _, err := c.cfg.Payroll.DraftVia(rq.r.Context(), rq.m, period, signin.Channel)
	if err == nil {
		return rq.back("/payroll/"+url.PathEscape(period), "web.done.payroll_drafted")
	}
	if code := core.ErrorCodeOf(err); code != core.EInvalid && code != core.EConflict {
		return err
	}
	data, derr := c.runsData(rq)
	if derr != nil {
		return derr
	}
	data.Period = period
	return c.renderStatus(rq, http.StatusBadRequest, "payroll_runs", "web.title.payroll", data, rq.words.Error(err))
}

// slipRow is one person's line of a run.
type slipRow struct {
	Key, Name               string
	Gross, Social, Tax, Net string
	Negative                bool
	Lines                   []string
	Warnings                []string
}

type runData struct {
	Period, Status string
	Draft          bool
	DraftedAt      string
	ApprovedAt     string
	Count          int
	Gross, Social  string
	Tax, Net       string
	Warnings       []string // the whole run's, as chat lists them
	Slips          []slipRow
	Missing        []string // a draft's: who it leaves out for want of a pay profile
	NeedsReason    bool     // it has blockers: approving takes a reason
	Refused        []string // the blockers an approval was refused for
	Override       string   // the reason typed, or the one approved with
	Adjustments    []adjustmentRow
	People         []option                // whom an adjustment may be for: people with a pay profile
	Adjust         payroll.AdjustmentInput // the adjustment form as typed, kept across errors
}

// adjustmentRow is one of the month's adjustments.
type adjustmentRow struct {
	Name, Key, Description, Amount string
	Taxable                        bool
	Pending                        bool // recorded after the draft: not in it yet
}

// payrollRun is one run: every person's gross, deductions, tax and net,
// their payslip lines and the draft's warnings, with the buttons to
// redraft, approve and download it.
func (c *Console) payrollRun(rq *request) error {
	data, err := c.runData(rq, rq.r.PathValue("period"))
	if err != nil {
		return err
	}
	return c.render(rq, "payroll_run", "web.title.payroll_run", data)
}

// adjustmentsOf fills in the month's adjustments, and for a draft the
// people the form may choose and what was typed in it.
func (c *Console) adjustmentsOf(rq *request, run payroll.Run, data *runData) error {
	ctx := rq.r.Context()
	adjs, err := c.cfg.Payroll.Adjustments(ctx, rq.m, run.Period, signin.Channel)
	if err != nil {
		return err
	}
	for _, a := range adjs {
		data.Adjustments = append(data.Adjustments, adjustmentRow{Name: rq.words.Name(a.Name), Key: a.Key, Description: a.Description,
			Amount: payroll.Amount(a.Amount), Taxable: a.Taxable, Pending: run.Status == payroll.StatusDraft && a.CreatedAt.After(run.DraftedAt)})
	}
	if run.Status != payroll.StatusDraft {
		return nil
	}
	cov, err := c.cfg.Payroll.ProfileCoverage(ctx, rq.m, signin.Channel)
	if err != nil {
		return err
	}
	for _, p := range cov.With {
		data.People = append(data.People, option{Value: p.Key, Label: rq.words.Name(p.Name) + " (" + p.Key + ")", Selected: p.Key == data.Adjust.Person})
	}
	return nil
}

// addAdjustment records a correction for the month as HR (the payroll
// service's AddAdjustment), then asks for a redraft to include it; a
// refusal shows the run's page again with what was typed and why.
func (c *Console) addAdjustment(rq *request) error {
	period := rq.r.PathValue("period")
	v := rq.r.PostFormValue
	in := payroll.AdjustmentInput{Person: v("person"), Amount: v("amount"), Description: v("description"), NotTaxable: v("not_taxable") != ""}
	_, err := c.cfg.Payroll.AddAdjustment(rq.r.Context(), rq.m, period, in, signin.Channel)
	if err == nil {
		return rq.back("/payroll/"+url.PathEscape(period), "web.done.payroll_adjusted")
	}
	status := http.StatusBadRequest
	switch core.ErrorCodeOf(err) {
	case core.EInvalid:
	case core.EConflict:
		status = http.StatusConflict
	default:
		return err
	}
	data, derr := c.runDataWith(rq, period, in)
	if derr != nil {
		return derr
	}
	return c.renderStatus(rq, status, "payroll_run", "web.title.payroll_run", data, rq.words.Error(err))
}

func (c *Console) findRun(rq *request, period string) (payroll.Run, error) {
	run, err := c.cfg.Payroll.Review(rq.r.Context(), rq.m, period)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return run, core.Errorf(core.ENotFound, "web.payroll.no_run", "no payroll run for %s", period).With("period", period)
	}
	return run, err
}

func (c *Console) runData(rq *request, period string) (runData, error) {
	return c.runDataWith(rq, period, payroll.AdjustmentInput{})
}

// runDataWith is runData with the adjustment form holding adj.
func (c *Console) runDataWith(rq *request, period string, adj payroll.AdjustmentInput) (runData, error) {
	run, err := c.findRun(rq, period)
	if err != nil {
		return runData{}, err
	}
	v := view{request: rq}
	gross, social, tax, net := run.Totals()
	data := runData{Period: run.Period, Status: rq.T("payroll.status." + run.Status), Draft: run.Status == payroll.StatusDraft,
		DraftedAt: v.When(run.DraftedAt), Count: len(run.Slips), Gross: payroll.Amount(gross), Social: payroll.Amount(social),
		Tax: payroll.Amount(tax), Net: payroll.Amount(net), Override: run.OverrideReason, Adjust: adj}
	if run.Status == payroll.StatusApproved {
		data.ApprovedAt = v.When(run.ApprovedAt)
	}
	byPerson := map[string][]string{}
	if data.Draft {
		for _, w := range run.Warnings {
			text := bullet(rq.words.PayrollWarning(w))
			data.Warnings = append(data.Warnings, text)
			if w.Person != "" {
				byPerson[w.Person] = append(byPerson[w.Person], text)
			}
		}
		data.NeedsReason = len(run.Blockers(rq.m.Org)) > 0
		if data.Missing, err = c.missingProfiles(rq); err != nil {
			return runData{}, err
		}
	}
	for _, s := range run.Slips {
		row := slipRow{Key: s.Key, Name: rq.words.Name(s.Name), Gross: payroll.Amount(s.Gross), Social: payroll.Amount(s.Social),
			Tax: payroll.Amount(s.Tax.Withhold), Net: payroll.Amount(s.Net), Negative: s.Net.IsNegative(), Warnings: byPerson[s.Key]}
		for _, l := range s.Lines {
			row.Lines = append(row.Lines, bullet(rq.words.PayslipLine(l)))
		}
		data.Slips = append(data.Slips, row)
	}
	if err := c.adjustmentsOf(rq, run, &data); err != nil {
		return runData{}, err
	}
	return data, nil
}

// bullet drops the "• " chat starts a listed line with: the page lists
// it as an item already.
func bullet(s string) string { return strings.TrimPrefix(s, "• ") }

// approvePayroll approves the run as chat's Approve does: refused while
// it has blocking warnings, unless the form says why it is right anyway.
// The payslips then go to everyone in chat.
func (c *Console) approvePayroll(rq *request) error {
	period := rq.r.PathValue("period")
	override := strings.TrimSpace(rq.r.PostFormValue("override"))
	_, err := c.cfg.Payroll.Approve(rq.r.Context(), rq.m, period, signin.Channel, override)
	if err == nil {
		return rq.back("/payroll/"+url.PathEscape(period), "web.done.payroll_approved")
	}
	var refused *payroll.RefusedError
	if !errors.As(err, &refused) && core.ErrorCodeOf(err) != core.EConflict {
		return err
	}
	data, derr := c.runData(rq, period)
	if derr != nil {
		return derr
	}
	msg := rq.words.Error(err)
	if refused != nil {
		msg = rq.T("payroll.refused", "period", period)
		for _, w := range refused.Blockers {
			data.Refused = append(data.Refused, bullet(rq.words.PayrollWarning(w)))
		}
		data.NeedsReason = true
	}
	data.Override = override
	return c.renderStatus(rq, http.StatusConflict, "payroll_run", "web.title.payroll_run", data, msg)
}

// payrollFile downloads the run as `hrbot payroll export` writes it.
func (c *Console) payrollFile(xlsx bool) handler {
	return func(rq *request) error {
		run, err := c.findRun(rq, rq.r.PathValue("period"))
		if err != nil {
			return err
		}
		name := fmt.Sprintf("payroll-%s-%s", rq.m.Org.Key, run.Period)
		if xlsx {
			return download(rq, name+".xlsx", mimeXLSX, func(w io.Writer) error { return render.PayrollXLSX(w, run) })
		}
		return download(rq, name+".csv", mimeCSV, func(w io.Writer) error { return render.PayrollCSV(w, run) })
	}
}

const (
	mimeCSV  = "text/csv; charset=utf-8"
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimePNG  = "image/png"
)

// download writes a file the browser saves: written whole first, so a
// failure is an error page and not half a file.
func download(rq *request, name, mime string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("web: write %s: %w", name, err)
	}
	h := rq.w.Header()
	h.Set("Content-Type", mime)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	_, err := rq.w.Write(buf.Bytes())
	return err
}
