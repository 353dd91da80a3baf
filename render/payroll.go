package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core/payroll"
)

// payrollCodes are the payslip line codes, in the column order of the
// run's files.
var payrollCodes = []string{"base", "prorate", "allowance", "overtime_workday", "overtime_rest_day", "overtime_holiday", "cover",
	"perf_bonus", "adjustment", "leave_payout", "absence", "unpaid_leave", "late", "pension", "medical", "unemployment", "housing_fund", "iit"}

var payrollHeader = append(append([]string{"key", "name"}, payrollCodes...), "gross", "social", "tax", "net")

// payrollRows gives one row per person: each kind of line summed (so two
// allowances make one column), then the totals. Amounts are exact
// decimals written with two places.
func payrollRows(run payroll.Run) [][]string {
	rows := make([][]string, 0, len(run.Slips)+1)
	for _, s := range run.Slips {
		sums := map[string]string{}
		for _, code := range payrollCodes {
			total, seen := decimal.Zero, false
			for _, l := range s.Lines {
				if l.Code == code {
					total, seen = total.Add(l.Amount), true
				}
			}
			if seen {
				sums[code] = total.StringFixed(2)
			}
		}
		row := []string{s.Key, s.Name}
		for _, code := range payrollCodes {
			row = append(row, sums[code])
		}
		rows = append(rows, append(row, s.Gross.StringFixed(2), s.Social.StringFixed(2), s.Tax.Withhold.StringFixed(2), s.Net.StringFixed(2)))
	}
	gross, social, tax, net := run.Totals()
	total := make([]string, len(payrollHeader))
	total[0] = "TOTAL"
	copy(total[len(total)-4:], []string{gross.StringFixed(2), social.StringFixed(2), tax.StringFixed(2), net.StringFixed(2)})
	return append(rows, total)
}

// PayrollCSV writes a run, one row per person and a total row. It starts
// with a UTF-8 byte order mark: Excel on Chinese Windows reads a CSV
// without one as GBK and garbles the names.
func PayrollCSV(w io.Writer, run payroll.Run) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(payrollHeader); err != nil {
		return err
	}
	if err := cw.WriteAll(payrollRows(run)); err != nil {
		return fmt.Errorf("write payroll csv: %w", err)
	}
	return nil
}

// PayrollXLSX writes a run as a workbook, amounts as numbers with two
// decimals so they add up in a spreadsheet.
func PayrollXLSX(w io.Writer, run payroll.Run) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Payroll " + run.Period
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return err
	}
	head := make([]any, len(payrollHeader))
	for i, h := range payrollHeader {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for r, row := range payrollRows(run) {
		cells := make([]any, len(row))
		for i, v := range row {
			cells[i] = v
			if i >= 2 && v != "" {
				n, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return fmt.Errorf("payroll xlsx: %q: %w", v, err)
				}
				cells[i] = excelize.Cell{StyleID: money, Value: n}
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write payroll xlsx: %w", err)
	}
	return nil
}

// LeftOut are the people of a run not in its bank file, by key.
type LeftOut struct {
	NoAccount []string // no bank account on file
	NotPaid   []string // net pay zero or below: nothing to transfer
}

// BankTransferCSV writes the transfers of an approved run: name, bank,
// account, amount, reference. Only positive amounts are written — a bank
// would reject a zero or negative transfer, or worse, take it for a debit —
// and people without an account on file are left out too; both are
// returned.
//
// Unlike the other CSV files it has no byte order mark: it is read by the
// bank's batch-upload (代发) import, not by a person in Excel, and such
// importers take the mark for part of the first column's name. Banks that
// want their own template or GBK get it from this file with a spreadsheet.
func BankTransferCSV(w io.Writer, run payroll.Run, banks map[int64]string, accounts map[int64]string, reference string) (LeftOut, error) {
	var left LeftOut
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"name", "bank", "account", "amount", "reference"}); err != nil {
		return left, err
	}
	for _, s := range run.Slips {
		if !s.Net.IsPositive() {
			left.NotPaid = append(left.NotPaid, s.Key)
			continue
		}
		acct, ok := accounts[s.EmployeeID]
		if !ok {
			left.NoAccount = append(left.NoAccount, s.Key)
			continue
		}
		if err := cw.Write([]string{s.Name, banks[s.EmployeeID], acct, s.Net.StringFixed(2), reference}); err != nil {
			return left, err
		}
	}
	cw.Flush()
	return left, cw.Error()
}
