package web

import (
	"io"

	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/render"
)

// routePayslips serves everyone's own payslips. The path names a period
// only: the payslip is always the reader's own (payroll.Service.Payslip
// looks up the signed-in person), so nobody can ask for someone else's.
func (c *Console) routePayslips() {
	c.addNav("/me/payslips", "web.nav.my_payslips", "", true)
	c.mux.HandleFunc("GET /me/payslips", c.page(c.myPayslips))
	c.mux.HandleFunc("GET /me/payslips/{period}", c.page(c.myPayslip))
	c.mux.HandleFunc("GET /me/payslips/{period}/csv", c.page(c.myPayslipCSV))
}

// myPayslips lists the months the reader has a payslip of.
func (c *Console) myPayslips(rq *request) error {
	periods, err := c.cfg.Payroll.Payslips(rq.r.Context(), rq.m)
	if err != nil {
		return err
	}
	return c.render(rq, "payslips", "web.title.my_payslips", periods)
}

// payslipData is a payslip as the page shows it: each line with the
// numbers behind it, written as chat writes it, then the totals.
type payslipData struct {
	Period, Name, Org       string
	Lines                   []string
	Gross, Social, Tax, Net string
}

func (c *Console) payslipData(rq *request) (payslipData, payroll.Slip, error) {
	run, slip, err := c.cfg.Payroll.Payslip(rq.r.Context(), rq.m, rq.r.PathValue("period"))
	if err != nil {
		return payslipData{}, slip, err
	}
	data := payslipData{Period: run.Period, Name: rq.words.Name(slip.Name), Org: rq.words.Name(rq.m.Org.Name),
		Gross: payroll.Amount(slip.Gross), Social: payroll.Amount(slip.Social), Tax: payroll.Amount(slip.Tax.Withhold),
		Net: payroll.Amount(slip.Net)}
	for _, l := range slip.Lines {
		data.Lines = append(data.Lines, bullet(rq.words.PayslipLine(l)))
	}
	return data, slip, nil
}

// myPayslip is the reader's payslip of a month.
func (c *Console) myPayslip(rq *request) error {
	data, _, err := c.payslipData(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "payslip", "web.title.my_payslip", data)
}

// myPayslipCSV downloads the reader's payslip: each line with its
// explanation and amount, then the totals.
func (c *Console) myPayslipCSV(rq *request) error {
	data, slip, err := c.payslipData(rq)
	if err != nil {
		return err
	}
	header := []string{rq.T("web.payslip.col.item"), rq.T("web.payslip.col.amount")}
	var rows [][]string
	for i, l := range slip.Lines {
		rows = append(rows, []string{data.Lines[i], l.Amount.StringFixed(2)})
	}
	for _, t := range []struct {
		key    string
		amount string
	}{
		{"web.payslip.gross", slip.Gross.StringFixed(2)}, {"web.payslip.social", slip.Social.StringFixed(2)},
		{"web.payslip.tax", slip.Tax.Withhold.StringFixed(2)}, {"web.payslip.net", slip.Net.StringFixed(2)},
	} {
		rows = append(rows, []string{rq.T(t.key), t.amount})
	}
	return download(rq, "payslip-"+data.Period+".csv", mimeCSV, func(w io.Writer) error { return render.TableCSV(w, header, rows) })
}
