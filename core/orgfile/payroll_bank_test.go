package orgfile_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/payroll"
)

const bankSection = `    payroll:
      bank_files:
        - {key: icbc, name: 工商银行代发, encoding: gbk, header: true, columns: [{title: 账号, field: account}, {title: 户名, field: name}, {title: 金额, field: amount, format: "0.00"}, {title: 用途, text: 工资}]}
        - key: cmb
          encoding: utf-8
          header: false
          delimiter: "|"
          columns:
            - {field: account}
            - {field: amount, format: fen}
            - {field: id_number}
`

// Bank layouts are read as declared and written back as they were read.
func TestParsePayrollBankFiles(t *testing.T) {
	t.Parallel()
	f, err := orgfile.Parse("b.yaml", []byte(certificateFile(bankSection)))
	if err != nil {
		t.Fatal(err)
	}
	want := []payroll.BankLayout{
		{Key: "icbc", Name: "工商银行代发", Encoding: "gbk", Header: true, Delimiter: ",", Columns: []payroll.BankColumn{
			{Title: "账号", Field: "account"}, {Title: "户名", Field: "name"}, {Title: "金额", Field: "amount", Format: "0.00"}, {Title: "用途", Text: "工资"}}},
		{Key: "cmb", Encoding: "utf-8", Delimiter: "|", Columns: []payroll.BankColumn{
			{Field: "account"}, {Field: "amount", Format: "fen"}, {Field: "id_number"}}},
	}
	if got := f.Orgs[0].Payroll.BankFiles; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v\nwant %#v", got, want)
	}
	out, err := orgfile.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	again, err := orgfile.Parse("again.yaml", out)
	if err != nil || !reflect.DeepEqual(again.Orgs[0].Payroll.BankFiles, want) {
		t.Errorf("written back:\n%s\nread again: %#v, %v", out, again.Orgs[0].Payroll.BankFiles, err)
	}
}

// A wrong layout is refused at its line, saying what is allowed.
func TestParsePayrollBankFileProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ columns, want string }{
		{`[{title: 金额, field: salary}]`, `b.yaml:6: orgs[0].payroll.bank_files[0].columns[0].field: must be one of name, account, bank, amount, reference, id_number, key, got "salary"`},
		{`[{title: 金额, field: amount, format: "0.0"}]`, `columns[0].format: must be "0.00" (yuan) or fen`},
		{`[{title: 户名, field: name, format: fen}]`, `columns[0].format: only an amount column has a format`},
		{`[{title: 用途}]`, `columns[0]: needs field`},
		{`[{field: name, text: x}]`, `a column is a field or a fixed text, not both`},
		{`[]`, `columns: needs at least one column`},
	} {
		section := "    payroll:\n      bank_files:\n        - {key: x, encoding: gbk, columns: " + tc.columns + "}\n"
		_, err := orgfile.Parse("b.yaml", []byte(certificateFile(section)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.columns, err, tc.want)
		}
	}
	_, err := orgfile.Parse("b.yaml", []byte(certificateFile("    payroll:\n      bank_files:\n        - {key: x, encoding: big5, columns: [{field: name}]}\n")))
	if err == nil || !strings.Contains(err.Error(), `encoding: must be gbk or utf-8, got "big5"`) {
		t.Errorf("big5: got %v", err)
	}
}
