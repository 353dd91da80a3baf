package staff

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/internal/sheet"
)

// Limits of a staff list file.
const (
	// DefaultMaxBytes is the largest file ParseRoster reads when the
	// caller gives no limit: a 5,000-person XLSX is well under 1 MiB.
	DefaultMaxBytes = 5 << 20
	// MaxRows is the most people one import takes.
	MaxRows = 5000
	// headerSearchRows is how far down the header row may be: lists often
	// open with a title row ("鲜果小铺花名册 2026年1月").
	headerSearchRows = 10
)

// Column is one column of a staff list.
type Column struct {
	Header string // as written in the file
	Field  Field  // "" when not recognised: the column is ignored
}

// Row is one person's row of a staff list.
type Row struct {
	Line  int      // the row number the spreadsheet shows (the header is usually 1)
	Cells []string // one per column, trimmed
	// Link is the chat account the row's person is to be linked to when
	// the list is applied: a directory sync (WeCom's) names each person's
	// account; a spreadsheet names none.
	Link *core.Identity
}

// Roster is a staff list as read from its file, not yet checked against
// the org.
type Roster struct {
	Filename   string
	HeaderLine int
	Columns    []Column
	Rows       []Row
	// Teams are teams the list declares with their keys: a directory
	// sync names a department by a key of its own ("wecom-3") and gives
	// its name here, so a team the org lacks is created under that key
	// and name rather than under a key made from its name.
	Teams []core.Team
}

// ParseRoster reads a staff list from an .xlsx (its first sheet) or .csv
// file (UTF-8 with or without a byte-order mark, or GB18030 as Excel saves
// it on Chinese Windows). The header is the first of the first ten rows
// that names at least two known columns; empty rows are skipped. Errors
// (EInvalid): staff.file_type, staff.file_too_big (Args: limit),
// staff.file_unreadable, staff.file_empty, staff.no_header,
// staff.too_many_rows (Args: max).
func ParseRoster(filename string, r io.Reader, maxBytes int64) (Roster, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return Roster{}, fmt.Errorf("read %s: %w", filename, err)
	}
	if int64(len(data)) > maxBytes {
		return Roster{}, core.Errorf(core.EInvalid, "staff.file_too_big", "the file is larger than %d bytes", maxBytes).
			With("limit", fmt.Sprintf("%.1f MiB", float64(maxBytes)/(1<<20)))
	}
	var raw, shown [][]string
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".xlsx", ".xlsm":
		raw, shown, err = readXLSX(data)
	case ".csv", ".txt":
		shown, err = readCSV(data)
		raw = shown
	default:
		return Roster{}, core.Errorf(core.EInvalid, "staff.file_type", "%s is not an .xlsx or .csv file", filepath.Base(filename)).
			With("file", filepath.Base(filename))
	}
	if err != nil {
		return Roster{}, err
	}
	return rosterOf(filename, raw, shown)
}

// rosterOf finds the header in a sheet's rows and reads the rows below it.
// raw holds the cells' stored values (an XLSX date's day number), shown
// the values as the sheet displays them; date columns are read raw.
func rosterOf(filename string, raw, shown [][]string) (Roster, error) {
	ro := Roster{Filename: filepath.Base(filename)}
	header := -1
	for i := 0; i < len(shown) && i < headerSearchRows; i++ {
		known := 0
		for _, c := range shown[i] {
			if _, ok := RecognizeHeader(c); ok {
				known++
			}
		}
		if known >= 2 {
			header = i
			break
		}
	}
	if header < 0 {
		if empty(shown) {
			return Roster{}, core.Errorf(core.EInvalid, "staff.file_empty", "the file has no rows")
		}
		return Roster{}, core.Errorf(core.EInvalid, "staff.no_header", "no header row (姓名, 工号, 部门… or name, key, team…) in the first %d rows", headerSearchRows)
	}
	ro.HeaderLine = header + 1
	for _, h := range shown[header] {
		h = strings.TrimSpace(h)
		f, _ := RecognizeHeader(h)
		ro.Columns = append(ro.Columns, Column{Header: h, Field: f})
	}
	for i := header + 1; i < len(shown); i++ {
		cells := make([]string, len(ro.Columns))
		blank := true
		for j, col := range ro.Columns {
			v := cell(shown, i, j)
			if col.Field == FieldHireDate || col.Field == FieldLeftOn {
				v = cell(raw, i, j)
			}
			cells[j] = v
			blank = blank && v == ""
		}
		if blank {
			continue
		}
		if len(ro.Rows) == MaxRows {
			return Roster{}, core.Errorf(core.EInvalid, "staff.too_many_rows", "more than %d people in one file", MaxRows).
				With("max", fmt.Sprint(MaxRows))
		}
		ro.Rows = append(ro.Rows, Row{Line: i + 1, Cells: cells})
	}
	return ro, nil
}

func cell(rows [][]string, i, j int) string {
	if i >= len(rows) || j >= len(rows[i]) {
		return ""
	}
	return strings.TrimSpace(strings.ReplaceAll(rows[i][j], "\u00a0", " "))
}

func empty(rows [][]string) bool {
	for _, r := range rows {
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				return false
			}
		}
	}
	return true
}

func unreadable(err error) error {
	return fmt.Errorf("%w: %w", core.Errorf(core.EInvalid, "staff.file_unreadable", "the file cannot be read as a spreadsheet"), err)
}

// readXLSX returns the first non-empty sheet's rows, raw and as shown.
func readXLSX(data []byte) (raw, shown [][]string, err error) {
	f, err := sheet.OpenXLSX(bytes.NewReader(data))
	if err != nil {
		return nil, nil, unreadable(err)
	}
	defer f.Close() //nolint:errcheck // only temporary files to remove
	for _, name := range f.GetSheetList() {
		shown, err = f.GetRows(name)
		if err != nil {
			return nil, nil, unreadable(err)
		}
		if empty(shown) {
			continue
		}
		raw, err = f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, unreadable(err)
		}
		return raw, shown, nil
	}
	return nil, nil, nil
}

// readCSV reads comma-, semicolon- or tab-separated text in UTF-8 or
// GB18030. A record is put at the index of the line it starts on, blank
// rows standing in for blank lines and a quoted cell's further lines, so
// that a row's number is the file's line as it is an XLSX's row.
func readCSV(data []byte) ([][]string, error) {
	data, err := sheet.Text(data)
	if err != nil {
		return nil, unreadable(err)
	}
	r := sheet.NewCSVReader(data)
	r.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("%w: %w", core.Errorf(core.EInvalid, "staff.csv_line", "line %d of the file cannot be read", perr.Line).
				With("line", fmt.Sprint(perr.Line)), err)
		}
		if err != nil {
			return nil, unreadable(err)
		}
		line, _ := r.FieldPos(0)
		for len(rows) < line-1 {
			rows = append(rows, nil)
		}
		rows = append(rows, rec)
	}
}
