package main

import (
	"fmt"
	"io"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll"
)

// printCost writes a run's cost of labour (hrbot payroll show --cost): per
// person the gross wage and the employer's contributions one by one, then
// the total; only person's row when person is set.
func printCost(w io.Writer, tr translator, run payroll.Run, person string) {
	fmt.Fprintln(w, tr.T("payroll.cost.title", "period", run.Period, "status", tr.T("payroll.status."+run.Status)))
	rows, total := run.Cost()
	if total.Employer.IsZero() {
		fmt.Fprintln(w, tr.T("payroll.cost.none"))
	}
	for _, r := range rows {
		if person != "" && r.Key != person {
			continue
		}
		fmt.Fprintln(w, tr.T("payroll.cost.row", "name", r.Name, "person", r.Key, "gross", payroll.Amount(r.Gross),
			"employer", payroll.Amount(r.Employer), "total", payroll.Amount(r.Total)))
		for _, l := range r.Lines {
			fmt.Fprintln(w, tr.T("payslip.employer.line", "label", tr.T("payslip.employer."+l.Code), "amount", payroll.Amount(l.Amount),
				"base", l.Params["base"], "rate", percentOf(l.Params["rate"])))
		}
	}
	if person == "" {
		fmt.Fprintln(w, tr.T("payroll.cost.total", "gross", payroll.Amount(total.Gross), "employer", payroll.Amount(total.Employer),
			"total", payroll.Amount(total.Total)))
	}
}

// percentOf writes a fraction as a percentage, as payslips do: "0.095" → "9.5%".
func percentOf(fraction string) string {
	d, err := decimal.NewFromString(fraction)
	if err != nil {
		return fraction
	}
	return d.Mul(decimal.NewFromInt(100)).String() + "%"
}
