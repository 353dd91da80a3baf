package render_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/render"
)

// bom is the UTF-8 byte order mark every CSV file for people starts with:
// without it Excel on a Chinese Windows reads the file as GBK.
var bom = []byte{0xEF, 0xBB, 0xBF}

// readCSV checks the byte order mark and reads what follows.
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, bom) {
		t.Fatalf("no UTF-8 byte order mark: % x", data[:min(len(data), 8)])
	}
	r := csv.NewReader(bytes.NewReader(data[len(bom):]))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestAttendanceCSV(t *testing.T) {
	t.Parallel()
	li := core.Employee{ID: 1, Key: "li", Name: "李雷", Job: "customer-service"}
	day := core.NewDate(2026, 11, 16)
	rep := attendance.MonthReport{People: []core.Employee{li}, Summary: map[int64]attendance.MonthSummary{1: {
		Records: []attendance.Record{{EmployeeID: 1, WorkDate: day, CheckIn: time.Date(2026, 11, 16, 1, 20, 0, 0, time.UTC), LateMinutes: 20}},
	}}}
	var buf bytes.Buffer
	if err := render.AttendanceCSV(&buf, rep, time.UTC); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	if len(rows) != 2 || rows[0][0] != "employee" || rows[1][1] != "李雷" || rows[1][8] != "2026-11-16 01:20" || rows[1][10] != "20" {
		t.Errorf("rows %q", rows)
	}
}

// The cover files: a byte order mark, ratings and shares rounded to one
// decimal like everywhere people read them, numbers as numbers in XLSX.
func TestCoverFiles(t *testing.T) {
	t.Parallel()
	rep := cover.Report{
		People: []cover.PersonStat{{Key: "chen", Name: "陈静", Job: "finance", Covers: 3, PlannedMinutes: 1500, ActualMinutes: 1475, Rating: 13.0 / 3, Ratings: 3}},
		Jobs:   []cover.JobStat{{Job: "customer-service", TotalMinutes: 10000, OtherJobMinutes: 1475, OtherJobShare: 0.1475}},
	}
	var buf bytes.Buffer
	if err := render.CoverCSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes()) // the blank line between people and jobs is skipped
	if len(rows) != 4 || rows[1][1] != "陈静" || rows[1][5] != "1475" || rows[1][6] != "4.3" ||
		rows[2][3] != "other_job_share_pct" || rows[3][3] != "14.8" {
		t.Errorf("rows %q", rows)
	}
	buf.Reset()
	if err := render.CoverXLSX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, c := range []struct{ sheet, cell string }{{"People", "G2"}, {"Jobs", "D2"}} {
		if typ, err := x.GetCellType(c.sheet, c.cell); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s!%s is %v, not a number (%v)", c.sheet, c.cell, typ, err)
		}
	}
}
