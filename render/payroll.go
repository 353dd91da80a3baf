package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// payrollCodes are the payslip line codes, in the column order of the
// run's files.
var payrollCodes = []string{"base", "prorate", "allowance", "overtime_workday", "overtime_rest_day", "overtime_holiday", "cover",
	"perf_bonus", "adjustment", "leave_payout", "year_end_bonus", "labour_fee", "absence", "unpaid_leave", "late",
	"pension", "medical", "unemployment", "housing_fund", "iit", "iit_year_end_bonus", "iit_labour"}

// EmployerCodes are the employer's contributions, in the column order of
// the run's files after the employee's totals; maternity only when the
// run has some (most cities have merged it into medical insurance).
var EmployerCodes = []string{pay.CodePension, pay.CodeMedical, pay.CodeUnemployment, pay.CodeInjury, pay.CodeMaternity, pay.CodeHousingFund}

// payrollHeader is the header of a run's files: the key and name, a
// column per kind of line, the totals, then the employer's cost when the
// run has any.
func payrollHeader(run payroll.Run) []string {
	h := append(append([]string{"key", "name"}, payrollCodes...), "gross", "social", "tax", "net")
	employer := employerOf(run)
	if employer == nil {
		return h
	}
	for _, code := range employer {
		h = append(h, "employer_"+code)
	}
	return append(h, "employer_total", "total_cost")
}

// employerOf are the employer columns of run; none when the run has no
// employer contributions (an org without employer_rates keeps the files
// it had).
func employerOf(run payroll.Run) []string {
	maternity, some := false, false
	for _, s := range run.Slips {
		for _, l := range s.Employer {
			maternity = maternity || l.Code == pay.CodeMaternity
			some = true
		}
	}
	if !some {
		return nil
	}
	out := make([]string, 0, len(EmployerCodes))
	for _, c := range EmployerCodes {
		if c != pay.CodeMaternity || maternity {
			out = append(out, c)
		}
	}
	return out
}

// sumLines adds up each code's lines, "" for a code without any.
func sumLines(lines []pay.Line, codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, code := range codes {
		total, seen := pay.SumOf(lines, code)
		v := ""
		if seen {
			v = total.StringFixed(2)
		}
		out = append(out, v)
	}
	return out
}

// payrollRows gives one row per person: each kind of line summed (so two
// allowances make one column), then the totals, then the employer's
// contributions, their total and the cost (gross + employer total).
// Amounts are exact decimals written with two places.
func payrollRows(run payroll.Run) [][]string {
	employer := employerOf(run)
	rows := make([][]string, 0, len(run.Slips)+1)
	for _, s := range run.Slips {
		row := append([]string{s.Key, s.Name}, sumLines(s.Lines, payrollCodes)...)
		row = append(row, s.Gross.StringFixed(2), s.Social.StringFixed(2), s.Tax.Withhold.StringFixed(2), s.Net.StringFixed(2))
		if employer != nil {
			row = append(append(row, sumLines(s.Employer, employer)...), s.EmployerTotal.StringFixed(2), s.Gross.Add(s.EmployerTotal).StringFixed(2))
		}
		rows = append(rows, row)
	}
	gross, social, tax, net := run.Totals()
	_, cost := run.Cost()
	total := make([]string, 2+len(payrollCodes), 2+len(payrollCodes)+6+len(employer))
	total[0] = "TOTAL"
	total = append(total, gross.StringFixed(2), social.StringFixed(2), tax.StringFixed(2), net.StringFixed(2))
	var all []pay.Line
	for _, s := range run.Slips {
		all = append(all, s.Employer...)
	}
	if employer != nil {
		total = append(append(total, sumLines(all, employer)...), cost.Employer.StringFixed(2), cost.Total.StringFixed(2))
	}
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
	if err := cw.Write(payrollHeader(run)); err != nil {
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
	header := payrollHeader(run)
	head := make([]any, len(header))
	for i, h := range header {
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
