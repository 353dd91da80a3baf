package staff

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/hrbot/hrbot/core"
)

const zhCSV = "工号,姓名,邮箱,角色,部门,上级,入职日期,备注\n" +
	"zhou,周平,zhou@shop.example,员工,客服组,王磊,2026/1/5,新人\n" +
	",,,,,,,\n" +
	"qian,钱多多,,经理,财务组,,2025年3月1日,\n"

func TestParseRosterCSV(t *testing.T) {
	for name, data := range map[string][]byte{
		"utf8":    []byte(zhCSV),
		"bom":     append([]byte("\xef\xbb\xbf"), zhCSV...),
		"gb18030": mustGB18030(t, zhCSV),
		"crlf":    []byte(strings.ReplaceAll(zhCSV, "\n", "\r\n")),
		"tabs":    []byte(strings.ReplaceAll(zhCSV, ",", "\t")),
	} {
		t.Run(name, func(t *testing.T) {
			ro, err := ParseRoster("花名册.csv", bytes.NewReader(data), 0)
			if err != nil {
				t.Fatal(err)
			}
			checkZHRoster(t, ro)
		})
	}
}

func checkZHRoster(t *testing.T, ro Roster) {
	t.Helper()
	if ro.HeaderLine != 1 || len(ro.Columns) != 8 {
		t.Fatalf("header line %d, columns %+v", ro.HeaderLine, ro.Columns)
	}
	if ro.Columns[1].Field != FieldName || ro.Columns[5].Field != FieldManager || ro.Columns[7].Field != "" || ro.Columns[7].Header != "备注" {
		t.Errorf("columns %+v", ro.Columns)
	}
	if len(ro.Rows) != 2 || ro.Rows[0].Line != 2 || ro.Rows[1].Line != 4 {
		t.Fatalf("rows %+v", ro.Rows)
	}
	if got := ro.Rows[1].Cells[1]; got != "钱多多" {
		t.Errorf("row 4 name %q", got)
	}
}

func mustGB18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xlsxOf writes rows to an XLSX in memory; cells that are core.Date are
// stored as Excel dates (day numbers with a date format), as Excel does.
func xlsxOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		for j, v := range row {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if d, ok := v.(core.Date); ok {
				if err := f.SetCellValue("Sheet1", ref, d.UTC()); err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStyle("Sheet1", ref, ref, style); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := f.SetCellValue("Sheet1", ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseRosterXLSX(t *testing.T) {
	data := xlsxOf(t, [][]any{
		{"鲜果小铺花名册 2026年1月"}, // a title above the header
		{},
		{"Key", "Name", "Email", "Role", "Team", "Manager", "Hire date", "Notes"},
		{"zhou", "Zhou Ping", "zhou@shop.example", "employee", "cs", "wang", core.NewDate(2026, 1, 5), "new"},
		{"qian", "Qian Duoduo", "", "manager", "finance", "", "2025-03-01", ""},
	})
	ro, err := ParseRoster("staff.XLSX", bytes.NewReader(data), 0)
	if err != nil {
		t.Fatal(err)
	}
	if ro.HeaderLine != 3 || len(ro.Rows) != 2 || ro.Rows[0].Line != 4 {
		t.Fatalf("header %d rows %+v", ro.HeaderLine, ro.Rows)
	}
	if d, ok := ParseDate(ro.Rows[0].Cells[6]); !ok || d != core.NewDate(2026, 1, 5) {
		t.Errorf("Excel date read as %q", ro.Rows[0].Cells[6])
	}
	if got := ro.Rows[1].Cells[6]; got != "2025-03-01" {
		t.Errorf("text date read as %q", got)
	}
}

func TestParseRosterRefuses(t *testing.T) {
	many := "姓名,部门\n" + strings.Repeat("某人,客服\n", MaxRows+1)
	tests := []struct {
		name, file string
		data       []byte
		max        int64
		key        string
	}{
		{"type", "staff.pdf", []byte("x"), 0, "staff.file_type"},
		{"too big", "staff.csv", []byte(zhCSV), 10, "staff.file_too_big"},
		{"empty", "staff.csv", []byte("\n,,\n"), 0, "staff.file_empty"},
		{"no header", "staff.csv", []byte("a,b\n1,2\n"), 0, "staff.no_header"},
		{"not xlsx", "staff.xlsx", []byte("PK not really"), 0, "staff.file_unreadable"},
		{"too many rows", "staff.csv", []byte(many), 0, "staff.too_many_rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRoster(tt.file, bytes.NewReader(tt.data), tt.max)
			e, ok := core.AsError(err)
			if !ok || e.Code != core.EInvalid || e.Key != tt.key {
				t.Fatalf("err = %v, want %s", err, tt.key)
			}
		})
	}
}

func FuzzParseRoster(f *testing.F) {
	f.Add([]byte(zhCSV))
	f.Add([]byte("姓名,上级\n甲,乙\n乙,甲\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ro, err := ParseRoster("f.csv", bytes.NewReader(data), 1<<16)
		if err != nil {
			return
		}
		// Whatever the file, checking it must not panic.
		plan(testOrg(), core.Employee{Key: "zhao"}, core.NewDate(2026, 1, 10), ro)
	})
}

// A row's Line is the line the file shows it on, as an XLSX row's is:
// a blank line and a remark over two lines (quoted) count.
func TestParseRosterCSVLines(t *testing.T) {
	data := "工号,姓名,部门\n\nzhou,周平,\"客服组\n(夜班)\"\nqian,钱多多,财务组\n"
	ro, err := ParseRoster("花名册.csv", strings.NewReader(data), 0)
	if err != nil {
		t.Fatal(err)
	}
	if ro.HeaderLine != 1 || len(ro.Rows) != 2 || ro.Rows[0].Line != 3 || ro.Rows[1].Line != 5 {
		t.Fatalf("header line %d, rows %+v", ro.HeaderLine, ro.Rows)
	}
}
