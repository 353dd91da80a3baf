package perf

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/internal/sheet"

	"github.com/hrbot/hrbot/core"
)

// Limits of a metrics file.
const (
	// MaxMetricBytes is the largest metrics file read: a year of ten
	// metrics for 200 people is well under 1 MiB.
	MaxMetricBytes = 5 << 20
	// MaxMetricRows is the most rows one import takes.
	MaxMetricRows = 20000
	// headerSearchRows is how far down the header may be: sheets often
	// open with a title row ("客服绩效数据 2026年11月").
	headerSearchRows = 10
)

// sheetRow is one row of a sheet with the number the spreadsheet shows.
type sheetRow struct {
	line  int
	cells []string
}

// readSheet reads the rows of an .xlsx (its first sheet with anything in
// it, cells as stored: a date is its day number) or a CSV — UTF-8 with or
// without a byte-order mark, or GB18030 (which covers GBK) as Excel saves
// it on Chinese Windows; comma, semicolon or tab separated (internal/sheet,
// as core/payroll and core/staff read theirs). Errors (EInvalid): perf.import.file_type,
// perf.import.too_big, perf.import.unreadable, perf.import.csv_line.
func readSheet(name string, data []byte) ([]sheetRow, error) {
	if len(data) > MaxMetricBytes {
		return nil, core.Errorf(core.EInvalid, "perf.import.too_big", "the file is larger than %d bytes", MaxMetricBytes).
			With("limit", fmt.Sprintf("%d MiB", MaxMetricBytes>>20))
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return readXLSX(data)
	case ".csv", ".txt", ".tsv":
		return readCSV(data)
	}
	return nil, core.Errorf(core.EInvalid, "perf.import.file_type", "%s is not an .xlsx or .csv file", filepath.Base(name)).
		With("file", filepath.Base(name))
}

func unreadable(err error) error {
	return fmt.Errorf("%w: %w", core.Errorf(core.EInvalid, "perf.import.unreadable", "the file cannot be read as a spreadsheet"), err)
}

func readCSV(data []byte) ([]sheetRow, error) {
	data, err := sheet.Text(data)
	if err != nil {
		return nil, unreadable(err)
	}
	cr := sheet.NewCSVReader(data)
	cr.LazyQuotes, cr.TrimLeadingSpace = true, true
	var out []sheetRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%w: %w", core.Errorf(core.EInvalid, "perf.import.csv_line", "line %d of the file cannot be read", pe.StartLine).
				With("line", fmt.Sprint(pe.StartLine)), err)
		}
		if err != nil {
			return nil, unreadable(err)
		}
		line, _ := cr.FieldPos(0)
		out = append(out, sheetRow{line: line, cells: rec})
	}
}

func readXLSX(data []byte) ([]sheetRow, error) {
	f, err := sheet.OpenXLSX(bytes.NewReader(data))
	if err != nil {
		return nil, unreadable(err)
	}
	defer f.Close() //nolint:errcheck // only temporary files to remove
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, unreadable(err)
		}
		var out []sheetRow
		for i, cells := range rows {
			out = append(out, sheetRow{line: i + 1, cells: cells})
		}
		if !blankRows(out) {
			return out, nil
		}
	}
	return nil, nil
}

func blankRows(rows []sheetRow) bool {
	for _, r := range rows {
		if !blank(r.cells) {
			return false
		}
	}
	return true
}

func blank(cells []string) bool {
	for _, c := range cells {
		if clean(c) != "" {
			return false
		}
	}
	return true
}

// clean trims a cell, a byte-order mark and no-break spaces included.
func clean(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.TrimPrefix(s, "\ufeff"), "\u00a0", " "))
}
