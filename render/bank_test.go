package render

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// A GBK layout decodes back to the declared columns: titles in the
// header, the account, the name, the amount in fen and the fixed text;
// the unpaid and those without an account are left out and named.
func TestBankLayoutGBK(t *testing.T) {
	d := decimal.RequireFromString
	run := payroll.Run{Period: "2026-11", Slips: []payroll.Slip{
		{EmployeeID: 1, Key: "wl", Name: "王丽", Payslip: pay.Payslip{Net: d("8123.45")}},
		{EmployeeID: 2, Key: "zero", Name: "零", Payslip: pay.Payslip{Net: d("0")}},
		{EmployeeID: 3, Key: "noacct", Name: "无", Payslip: pay.Payslip{Net: d("100")}},
	}}
	l := payroll.BankLayout{Key: "icbc", Encoding: "gbk", Header: true, Delimiter: "|", Columns: []payroll.BankColumn{
		{Title: "账号", Field: payroll.BankFieldAccount}, {Title: "户名", Field: payroll.BankFieldName},
		{Title: "金额", Field: payroll.BankFieldAmount, Format: "fen"}, {Title: "证件号码", Field: payroll.BankFieldIDNumber},
		{Title: "用途", Text: "工资"}}}
	var b bytes.Buffer
	left, err := BankLayoutFile(&b, l, run, map[int64]BankPayee{1: {Account: "6222020200001234567", IDNumber: "11010519491231002X"}}, "salary 2026-11")
	if err != nil {
		t.Fatal(err)
	}
	if len(left.NotPaid) != 1 || left.NotPaid[0] != "zero" || len(left.NoAccount) != 1 || left.NoAccount[0] != "noacct" {
		t.Errorf("left out %+v", left)
	}
	if bytes.Contains(b.Bytes(), []byte("王丽")) {
		t.Fatal("file is UTF-8, want GBK")
	}
	utf, err := simplifiedchinese.GBK.NewDecoder().Bytes(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(utf))
	r.Comma = '|'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"账号", "户名", "金额", "证件号码", "用途"}, {"6222020200001234567", "王丽", "812345", "11010519491231002X", "工资"}}
	if len(rows) != len(want) {
		t.Fatalf("rows %v, want %v", rows, want)
	}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d column %s: got %q, want %q", i, want[0][j], rows[i][j], want[i][j])
			}
		}
	}
}

// A UTF-8 layout without a header starts with the first transfer, the
// amount in yuan with two places.
func TestBankLayoutUTF8NoHeader(t *testing.T) {
	run := payroll.Run{Slips: []payroll.Slip{{EmployeeID: 1, Key: "a", Name: "Ann", Payslip: pay.Payslip{Net: decimal.RequireFromString("10")}}}}
	l := payroll.BankLayout{Encoding: "utf-8", Columns: []payroll.BankColumn{{Title: "Name", Field: "name"}, {Title: "Amount", Field: "amount"},
		{Title: "Ref", Field: "reference"}}}
	var b bytes.Buffer
	if _, err := BankLayoutFile(&b, l, run, map[int64]BankPayee{1: {Account: "1"}}, "salary 2026-11"); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "Ann,10.00,salary 2026-11\n" {
		t.Errorf("got %q", got)
	}
}
