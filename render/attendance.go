// Package render writes what HR takes out of hrbot as files: CSV for other
// tools, XLSX for people.
package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

var detailHeader = []string{"employee", "name", "job", "date", "day", "shift", "planned_start", "planned_end",
	"check_in", "check_out", "late_min", "early_min", "worked_min", "overtime_min", "overtime_kind", "flags"}

var summaryHeader = []string{"employee", "name", "job", "planned_days", "worked_days", "absent_days", "leave_days", "late_count",
	"late_min", "early_count", "overtime_workday_min", "overtime_rest_day_min", "overtime_holiday_min", "auto_closed", "flagged"}

// detailRows is one row per person per record, ordered by person then date.
func detailRows(rep attendance.MonthReport, loc *time.Location) [][]string {
	var rows [][]string
	people := sortedPeople(rep)
	clock := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	for _, e := range people {
		for _, r := range rep.Summary[e.ID].Records {
			rows = append(rows, []string{e.Key, e.Name, e.Job, r.WorkDate.String(), r.DayKind.String(), r.ShiftKey,
				clock(r.PlannedStart), clock(r.PlannedEnd), clock(r.CheckIn), clock(r.CheckOut),
				strconv.Itoa(r.LateMinutes), strconv.Itoa(r.EarlyMinutes), strconv.Itoa(r.WorkedMinutes),
				strconv.Itoa(r.OvertimeMinutes), string(r.OvertimeKind), strings.Join(r.Flags, " ")})
		}
	}
	return rows
}

func summaryRows(rep attendance.MonthReport) [][]string {
	var rows [][]string
	for _, e := range sortedPeople(rep) {
		s := rep.Summary[e.ID]
		rows = append(rows, []string{e.Key, e.Name, e.Job, strconv.Itoa(s.PlannedDays), strconv.Itoa(s.WorkedDays),
			strconv.Itoa(s.AbsentDays), strconv.Itoa(s.LeaveDays), strconv.Itoa(s.LateCount), strconv.Itoa(s.LateMinutes), strconv.Itoa(s.EarlyCount),
			strconv.Itoa(s.Overtime[attendance.OvertimeWorkday]), strconv.Itoa(s.Overtime[attendance.OvertimeRestDay]),
			strconv.Itoa(s.Overtime[attendance.OvertimeHoliday]), strconv.Itoa(s.AutoClosed), strconv.Itoa(s.Flagged)})
	}
	return rows
}

func sortedPeople(rep attendance.MonthReport) []core.Employee {
	people := append([]core.Employee(nil), rep.People...)
	sort.Slice(people, func(i, j int) bool { return people[i].Key < people[j].Key })
	return people
}

// utf8BOM starts every CSV file hrbot writes for people: without it, Excel
// on a Chinese Windows reads the file as GBK and garbles every name.
const utf8BOM = "\ufeff"

// AttendanceCSV writes the month's records, one row per person and day,
// after a UTF-8 byte order mark.
func AttendanceCSV(w io.Writer, rep attendance.MonthReport, loc *time.Location) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("write attendance csv: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(detailHeader); err != nil {
		return err
	}
	if err := cw.WriteAll(detailRows(rep, loc)); err != nil {
		return fmt.Errorf("write attendance csv: %w", err)
	}
	return nil
}

// AttendanceXLSX writes a workbook with a Summary sheet (one row per
// person) and a Detail sheet (one row per person and day).
func AttendanceXLSX(w io.Writer, rep attendance.MonthReport, loc *time.Location) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Summary"); err != nil {
		return err
	}
	if _, err := f.NewSheet("Detail"); err != nil {
		return err
	}
	for _, sheet := range []struct {
		name   string
		header []string
		rows   [][]string
	}{
		{"Summary", summaryHeader, summaryRows(rep)},
		{"Detail", detailHeader, detailRows(rep, loc)},
	} {
		if err := writeSheet(f, sheet.name, sheet.header, sheet.rows); err != nil {
			return fmt.Errorf("write sheet %s: %w", sheet.name, err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write attendance xlsx: %w", err)
	}
	return nil
}

// writeSheet writes a header and rows, numbers as numbers so sums work in Excel.
func writeSheet(f *excelize.File, sheet string, header []string, rows [][]string) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for r, row := range rows {
		cells := make([]any, len(row))
		for i, v := range row {
			cells[i] = v
			if numeric(header[i]) {
				if n, err := strconv.Atoi(v); err == nil {
					cells[i] = n
				} else if x, err := strconv.ParseFloat(v, 64); err == nil {
					cells[i] = x
				}
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
	return sw.Flush()
}

func numeric(column string) bool {
	for _, suffix := range []string{"_min", "_days", "_count", "_pct"} {
		if strings.HasSuffix(column, suffix) {
			return true
		}
	}
	switch column {
	case "auto_closed", "flagged", "covers", "ratings", "avg_rating":
		return true
	}
	return false
}
