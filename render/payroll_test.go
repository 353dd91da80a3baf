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
