package render

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// Every earning has its column in the run's file: two performance bonuses
// add up in perf_bonus, a leaver's payout shows in leave_payout.
func TestPayrollCSVColumns(t *testing.T) {
	d := decimal.RequireFromString
	run := payroll.Run{Period: "2026-11", Slips: []payroll.Slip{{Key: "alice", Name: "Alice", Payslip: pay.Payslip{
		Lines: []pay.Line{{Code: pay.CodeBase, Amount: d("10000")}, {Code: pay.CodePerfBonus, Amount: d("1200")},
			{Code: pay.CodePerfBonus, Amount: d("800")}, {Code: pay.CodeLeavePayout, Amount: d("1600")}},
		Gross: d("13600"), Net: d("13600")}}}}
	var b bytes.Buffer
	if err := PayrollCSV(&b, run); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]string{}
	for i, h := range rows[0] {
		col[h] = rows[1][i]
	}
	if col["perf_bonus"] != "2000.00" || col["leave_payout"] != "1600.00" || col["base"] != "10000.00" {
		t.Errorf("row %v: want perf_bonus 2000.00, leave_payout 1600.00", col)
	}
}

// The employer's contributions follow the employee's totals only when the
// run has some: maternity only when a payslip has it, then the employer's
// total and the cost of labour, per person and in the total row.
func TestPayrollCSVEmployerColumns(t *testing.T) {
	d := decimal.RequireFromString
	columns := func(run payroll.Run) (header, alice, total []string) {
		var b bytes.Buffer
		if err := PayrollCSV(&b, run); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[0], rows[1], rows[len(rows)-1]
	}
	slip := payroll.Slip{Key: "alice", Name: "Alice", Payslip: pay.Payslip{Lines: []pay.Line{{Code: pay.CodeBase, Amount: d("10000")}},
		Gross: d("10000"), Net: d("10000")}}
	if h, _, _ := columns(payroll.Run{Slips: []payroll.Slip{slip}}); h[len(h)-1] != "net" {
		t.Errorf("a run without employer contributions has columns after net: %v", h)
	}
	slip.Employer = []pay.Line{{Code: pay.CodePension, Amount: d("1600")}, {Code: pay.CodeMaternity, Amount: d("80")},
		{Code: pay.CodeHousingFund, Amount: d("1200")}}
	slip.EmployerTotal = d("2880")
	h, row, total := columns(payroll.Run{Slips: []payroll.Slip{slip, slip}})
	want := map[string][2]string{"employer_pension": {"1600.00", "3200.00"}, "employer_maternity": {"80.00", "160.00"},
		"employer_medical": {"", ""}, "employer_housing_fund": {"1200.00", "2400.00"}, "employer_total": {"2880.00", "5760.00"},
		"total_cost": {"12880.00", "25760.00"}}
	for i, name := range h {
		if w, ok := want[name]; ok && (row[i] != w[0] || total[i] != w[1]) {
			t.Errorf("%s: %q and total %q, want %q and %q", name, row[i], total[i], w[0], w[1])
		}
		delete(want, name)
	}
	if len(want) != 0 {
		t.Errorf("columns missing: %v in %v", want, h)
	}
}
