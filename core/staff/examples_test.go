package staff

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/hrbot/hrbot/core"
)

var update = flag.Bool("update", false, "write examples/staff.xlsx from examples/staff.csv")

// TestExamples keeps examples/staff.xlsx the same list as
// examples/staff.csv, its hire dates stored as Excel dates. Regenerate it
// with: go test ./core/staff -run TestExamples -args -update
func TestExamples(t *testing.T) {
	csvData, err := os.ReadFile("../../examples/staff.csv")
	if err != nil {
		t.Fatal(err)
	}
	fromCSV, err := ParseRoster("staff.csv", bytes.NewReader(csvData), 0)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		writeExampleXLSX(t, fromCSV)
	}
	xlsxData, err := os.ReadFile("../../examples/staff.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	fromXLSX, err := ParseRoster("staff.xlsx", bytes.NewReader(xlsxData), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromXLSX.Rows) != len(fromCSV.Rows) || len(fromXLSX.Columns) != len(fromCSV.Columns) {
		t.Fatalf("xlsx has %d rows × %d columns, csv %d × %d", len(fromXLSX.Rows), len(fromXLSX.Columns), len(fromCSV.Rows), len(fromCSV.Columns))
	}
	for i, r := range fromCSV.Rows {
		for j, want := range r.Cells {
			got := fromXLSX.Rows[i].Cells[j]
			if f := fromCSV.Columns[j].Field; f == FieldHireDate || f == FieldLeftOn {
				a, _ := ParseDate(got)
				b, _ := ParseDate(want)
				got, want = a.String(), b.String()
			}
			if got != want {
				t.Errorf("row %d %s: xlsx %q, csv %q", r.Line, fromCSV.Columns[j].Header, got, want)
			}
		}
	}
	pv, _ := plan(Org{}, core.Employee{}, today, fromCSV)
	if len(pv.Ignored) != 1 || pv.Ignored[0].Column != "备注" {
		t.Errorf("ignored columns %+v", pv.Ignored)
	}
}

func writeExampleXLSX(t *testing.T, ro Roster) {
	t.Helper()
	var rows [][]any
	var head []any
	for _, c := range ro.Columns {
		head = append(head, c.Header)
	}
	rows = append(rows, head)
	for _, r := range ro.Rows {
		var row []any
		for j, v := range r.Cells {
			if d, ok := ParseDate(v); ok && ro.Columns[j].Field == FieldHireDate {
				row = append(row, d)
				continue
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	if err := os.WriteFile("../../examples/staff.xlsx", xlsxOf(t, rows), 0o644); err != nil {
		t.Fatal(err)
	}
}
