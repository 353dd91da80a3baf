package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/hrbot/hrbot/core/payroll"
)

// BankPayee is what a bank file may say of one person beyond the payslip.
type BankPayee struct {
	Bank, Account, IDNumber string
}

// BankLayoutFile writes the transfers of an approved run in a bank's own
// layout (see payroll.BankLayout). As with BankTransferCSV, only positive
// amounts to people with an account on file are written; the others are
// returned. A GBK file gets no byte order mark (GBK has none) and a UTF-8
// one none either: bank importers take it for part of the first title.
func BankLayoutFile(w io.Writer, l payroll.BankLayout, run payroll.Run, payees map[int64]BankPayee, reference string) (LeftOut, error) {
	var left LeftOut
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if l.Delimiter != "" {
		cw.Comma, _ = utf8.DecodeRuneInString(l.Delimiter)
	}
	if l.Header {
		titles := make([]string, len(l.Columns))
		for i, c := range l.Columns {
			titles[i] = c.Title
		}
		if err := cw.Write(titles); err != nil {
			return left, err
		}
	}
	for _, s := range run.Slips {
		if !s.Net.IsPositive() {
			left.NotPaid = append(left.NotPaid, s.Key)
			continue
		}
		p := payees[s.EmployeeID]
		if p.Account == "" {
			left.NoAccount = append(left.NoAccount, s.Key)
			continue
		}
		row := make([]string, len(l.Columns))
		for i, c := range l.Columns {
			row[i] = bankCell(c, s, p, reference)
		}
		if err := cw.Write(row); err != nil {
			return left, err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return left, err
	}
	out := buf.Bytes()
	if l.Encoding == "gbk" {
		var err error
		if out, err = simplifiedchinese.GBK.NewEncoder().Bytes(out); err != nil {
			return left, fmt.Errorf("bank file %s: a name or text has no GBK character: %w", l.Key, err)
		}
	}
	_, err := w.Write(out)
	return left, err
}

// bankCell is one column of one transfer.
func bankCell(c payroll.BankColumn, s payroll.Slip, p BankPayee, reference string) string {
	switch c.Field {
	case payroll.BankFieldName:
		return s.Name
	case payroll.BankFieldAccount:
		return p.Account
	case payroll.BankFieldBank:
		return p.Bank
	case payroll.BankFieldAmount:
		if c.Format == "fen" {
			return s.Net.Mul(decimal.NewFromInt(100)).Round(0).String()
		}
		return s.Net.StringFixed(2)
	case payroll.BankFieldReference:
		return reference
	case payroll.BankFieldIDNumber:
		return p.IDNumber
	case payroll.BankFieldKey:
		return s.Key
	}
	return c.Text
}
