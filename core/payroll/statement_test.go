package payroll

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

func slipOf(id int64, key string, gross, social, tax, additionalYTD string) Slip {
	d := decimal.RequireFromString
	s := d(social)
	lines := []pay.Line{{Code: pay.CodeBase, Amount: d(gross)}, {Code: pay.CodePension, Amount: s.Mul(d("0.8")).Neg()},
		{Code: pay.CodeMedical, Amount: s.Mul(d("0.2")).Neg()}, {Code: pay.CodeIIT, Amount: d(tax).Neg()}}
	return Slip{EmployeeID: id, Key: key, Payslip: pay.Payslip{Lines: lines, Gross: d(gross), Social: s, Tax: pay.TaxResult{Withhold: d(tax)},
		Net: d(gross).Sub(s).Sub(d(tax)), YTD: pay.YearToDate{Additional: d(additionalYTD)}}}
}

// A year statement's totals are the sums of the year's payslips; a
// draft does not count; the deductions total is the last month's
// cumulative figure and each month shows its own part.
func TestYearStatementTotals(t *testing.T) {
	runs := []Run{
		{Period: "2026-01", Status: StatusApproved, Slips: []Slip{slipOf(1, "ann", "10000", "1000", "90", "2000"), slipOf(2, "bo", "6000", "600", "0", "0")}},
		{Period: "2026-02", Status: StatusApproved, Slips: []Slip{slipOf(1, "ann", "12000.50", "1000", "150.02", "4000")}},
		{Period: "2026-03", Status: StatusDraft, Slips: []Slip{slipOf(1, "ann", "99999", "1", "1", "6000")}},
	}
	sts := Statements(2026, runs)
	if len(sts) != 2 || sts[0].Key != "ann" || len(sts[0].Months) != 2 {
		t.Fatalf("statements %+v: want ann with two months, bo", sts)
	}
	ann := sts[0]
	var gross, social, tax, net, pension decimal.Decimal
	for _, r := range runs[:2] {
		for _, s := range r.Slips {
			if s.Key == "ann" {
				gross, social, tax, net = gross.Add(s.Gross), social.Add(s.Social), tax.Add(s.Tax.Withhold), net.Add(s.Net)
				pension = pension.Sub(s.Lines[1].Amount)
			}
		}
	}
	got := ann.Total
	for name, pair := range map[string][2]decimal.Decimal{"gross": {got.Gross, gross}, "social": {got.Social, social},
		"tax": {got.Tax, tax}, "net": {got.Net, net}, "pension": {got.Pension, pension}} {
		if !pair[0].Equal(pair[1]) {
			t.Errorf("total %s %s, want the payslips' sum %s", name, pair[0], pair[1])
		}
	}
	if !got.Additional.Equal(decimal.NewFromInt(4000)) || !ann.Months[1].Additional.Equal(decimal.NewFromInt(2000)) {
		t.Errorf("additional: total %s, February %s; want 4000 and 2000", got.Additional, ann.Months[1].Additional)
	}
	table := ann.Table("Total")
	if last := table[len(table)-1]; last[0] != "Total" || last[1] != "22000.50" || last[8] != "240.02" {
		t.Errorf("total row %v", last)
	}
}
