package render

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/personfile"
)

// fixtureHeader reads a template's header, one column title a line.
func fixtureHeader(t *testing.T, name string) []string {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

// reopen writes rows as a declaration sheet and reads them back.
func reopen(t *testing.T, sheet string, header []string, rows [][]string) [][]string {
	t.Helper()
	var b bytes.Buffer
	if err := DeclarationXLSX(&b, sheet, header, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != sheet {
		t.Fatalf("sheets %v, want only %s", got, sheet)
	}
	got, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func checkRow(t *testing.T, header, want, got []string) {
	t.Helper()
	for i, h := range header {
		g := ""
		if i < len(got) {
			g = got[i]
		}
		if g != want[i] {
			t.Errorf("column %s: got %q, want %q", h, g, want[i])
		}
	}
}

// The wage sheet has the client's template header exactly, and a person's
// row carries the legal name and ID from the personal file, the month's
// taxable income and each contribution, column by column.
func TestDeclarationWagesXLSX(t *testing.T) {
	d := decimal.RequireFromString
	run := payroll.Run{Period: "2026-11", Slips: []payroll.Slip{
		{EmployeeID: 1, Key: "alice", Name: "Alice", Payslip: pay.Payslip{Gross: d("12000"), Lines: []pay.Line{
			{Code: pay.CodeBase, Amount: d("12000")}, {Code: pay.CodePension, Amount: d("-800")}, {Code: pay.CodeMedical, Amount: d("-200")},
			{Code: pay.CodeUnemployment, Amount: d("-50")}, {Code: pay.CodeHousingFund, Amount: d("-1200")}}}},
		{EmployeeID: 2, Key: "bo", Name: "Bo", Payslip: pay.Payslip{Gross: d("3000")}},
	}}
	people := map[int64]Declarant{
		1: {LegalName: "王丽", IDType: personfile.IDResident, IDNumber: "11010519491231002X"},
		2: {LegalName: "李波", IDType: personfile.IDResident, IDNumber: "110105194912310038", Labour: true},
	}
	wages, labour, noID := DeclarationRows(run, people)
	if len(wages) != 1 || len(labour) != 1 || len(noID) != 0 {
		t.Fatalf("wages %v labour %v noID %v: want one each, all with an ID", wages, labour, noID)
	}
	header := fixtureHeader(t, "declaration_wages_header.txt")
	rows := reopen(t, "正常工资薪金所得", WagesHeader, wages)
	checkRow(t, header, header, rows[0])
	want := make([]string, len(header))
	copy(want, []string{"alice", "王丽", "居民身份证", "11010519491231002X", "12000", "", "800", "200", "50", "1200"})
	checkRow(t, header, want, rows[1])

	lheader := fixtureHeader(t, "declaration_labour_header.txt")
	lrows := reopen(t, "劳务报酬所得", LabourHeader, labour)
	checkRow(t, lheader, lheader, lrows[0])
	lwant := make([]string, len(lheader))
	copy(lwant, []string{"bo", "李波", "居民身份证", "110105194912310038", "一般劳务报酬所得", "3000"})
	checkRow(t, lheader, lwant, lrows[1])
}

// Someone without an ID number in their file is still written, and named.
func TestDeclarationNoID(t *testing.T) {
	run := payroll.Run{Slips: []payroll.Slip{{EmployeeID: 7, Key: "cy", Name: "Cy", Payslip: pay.Payslip{Gross: decimal.NewFromInt(5000)}}}}
	wages, _, noID := DeclarationRows(run, nil)
	if len(wages) != 1 || wages[0][1] != "Cy" || len(noID) != 1 || noID[0] != "cy" {
		t.Errorf("wages %v noID %v: want Cy written under the chat name and named", wages, noID)
	}
}

// A month split between wages and labour remuneration (an employee who
// stays on as a helper) is declared in both sheets: the wages with their
// contributions, the labour part with the income its withholding was on.
func TestDeclarationWagesAndLabourInOneMonth(t *testing.T) {
	d := decimal.RequireFromString
	run := payroll.Run{Period: "2026-11", Slips: []payroll.Slip{{EmployeeID: 1, Key: "alice", Name: "Alice", Payslip: pay.Payslip{
		Gross: d("3809.52"), Lines: []pay.Line{
			{Code: pay.CodeBase, Amount: d("8000")}, {Code: pay.CodeProrate, Amount: d("-4190.48")}, {Code: pay.CodePension, Amount: d("-640")},
			{Code: pay.CodeLabourFee, Amount: d("3000")}, {Code: pay.CodeProrate, Amount: d("-1428.57")},
			{Code: pay.CodeIITLabour, Amount: d("-154.29"), Params: map[string]string{"income": "1571.43"}},
		}}}}}
	people := map[int64]Declarant{1: {LegalName: "王丽", IDType: personfile.IDResident, IDNumber: "11010519491231002X", Labour: true}}
	wages, labour, _ := DeclarationRows(run, people)
	if len(wages) != 1 || len(labour) != 1 {
		t.Fatalf("wages %v labour %v: want one row in each", wages, labour)
	}
	if w := wages[0]; w[0] != "alice" || w[4] != "3809.52" || w[6] != "640.00" || len(w) != len(WagesHeader) {
		t.Errorf("wage row %q", w)
	}
	if l := labour[0]; l[0] != "alice" || l[3] != "11010519491231002X" || l[4] != LabourIncomeItem || l[5] != "1571.43" || len(l) != len(LabourHeader) {
		t.Errorf("labour row %q", l)
	}
}
