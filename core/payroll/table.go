package payroll

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/internal/sheet"
)

// Column is a column of an imported payroll file: its name in hrbot and
// the header names a spreadsheet may give it, Chinese first.
type Column struct {
	Key      string
	Names    []string
	Required bool
}

// Header is how a template writes the column: "工号 key". The reader
// takes it back, as it takes either name alone.
func (c Column) Header() string { return c.Names[0] + " " + c.Key }

// ColumnList writes a column set for a help text or an error:
// "key (工号), name (姓名), …".
func ColumnList(cols []Column) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Key + " (" + c.Names[0] + ")"
	}
	return strings.Join(out, ", ")
}

// Problem is one problem of an imported file.
type Problem struct {
	Line   int    // as the spreadsheet numbers its rows; 1 is the header
	Column string // as the file names it; "" for the row or the file
	Err    *core.Error
}

// Problems are all the problems of a file, reported together.
type Problems []Problem

func (p *Problems) add(line int, column, key, english string, args ...string) {
	e := core.Errorf(core.EInvalid, key, "%s", english)
	for i := 0; i+1 < len(args); i += 2 {
		e = e.With(args[i], args[i+1])
	}
	*p = append(*p, Problem{Line: line, Column: column, Err: e})
}

// Sorted returns the problems in line order, those of one line in the
// order they were found.
func (p Problems) Sorted() Problems {
	out := append(Problems(nil), p...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// row is one data row: values by column key, and the header name of each
// column for messages.
type row struct {
	line  int
	vals  map[string]string
	names map[string]string
}

func (r row) get(key string) string { return strings.TrimSpace(r.vals[key]) }

// colName is the header name of a column, or its hrbot name when the file
// lacks it.
func (r row) colName(key string) string {
	if n := r.names[key]; n != "" {
		return n
	}
	return key
}

// sheetRow is one row of a sheet with the line the spreadsheet shows.
type sheetRow struct {
	line  int
	cells []string
}

// readTable reads a sheet with a header: an .xlsx (its first sheet with
// anything in it) or, any other name, CSV — UTF-8 with or without a
// byte-order mark, or GB18030 as Excel saves it on Chinese Windows; comma,
// semicolon or tab separated. Each header name (English, Chinese or both,
// "工号 key", any case) is matched to a column. Unknown, repeated and
// missing required columns are problems; the rows are read all the same
// so that every problem of the file comes out at once.
func readTable(file string, r io.Reader, cols []Column, probs *Problems) []row {
	var recs []sheetRow
	var ok bool
	switch strings.ToLower(filepath.Ext(file)) {
	case ".xlsx", ".xlsm":
		recs, ok = readXLSX(r, probs)
	default:
		recs, ok = readCSV(r, probs)
	}
	if !ok {
		return nil
	}
	if len(recs) == 0 {
		probs.add(1, "", "payroll.csv.read", "cannot be read as CSV: empty", "value", "empty")
		return nil
	}
	h := headerAt(recs, cols)
	at, names := header(recs[h], cols, probs)
	var rows []row
	for _, rec := range recs[h+1:] {
		blank := true
		vals := map[string]string{}
		for key, i := range at {
			if i < len(rec.cells) {
				vals[key] = rec.cells[i]
				if strings.TrimSpace(rec.cells[i]) != "" {
					blank = false
				}
			}
		}
		if blank {
			continue // an empty line a spreadsheet left at the end
		}
		rows = append(rows, row{line: rec.line, vals: vals, names: names})
	}
	if len(rows) == 0 && len(*probs) == 0 {
		probs.add(1, "", "payroll.csv.no_rows", "the file has a header and no rows")
	}
	return rows
}

// headerSearchRows is how far down the header row may be: sheets often
// open with a title row ("鲜果小铺 薪资档案 2026年11月").
const headerSearchRows = 10

// headerAt finds the header: the first of the first rows that names two
// columns or more, else the first row (whose unknown columns are then
// reported).
func headerAt(recs []sheetRow, cols []Column) int {
	byName := nameIndex(cols)
	for i := 0; i < len(recs) && i < headerSearchRows; i++ {
		known := 0
		for _, c := range recs[i].cells {
			if _, ok := columnOf(byName, strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))); ok {
				known++
			}
		}
		if known >= 2 {
			return i
		}
	}
	return 0
}

// nameIndex maps every name of the columns, in lower case, to its column.
func nameIndex(cols []Column) map[string]string {
	byName := map[string]string{}
	for _, c := range cols {
		byName[c.Key] = c.Key
		for _, n := range c.Names {
			byName[strings.ToLower(n)] = c.Key
		}
	}
	return byName
}

// header matches the header row's names to columns: where each column is,
// and the name the file gives it.
func header(h sheetRow, cols []Column, probs *Problems) (at map[string]int, names map[string]string) {
	byName := nameIndex(cols)
	at, names = map[string]int{}, map[string]string{}
	for i, name := range h.cells {
		name = strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))
		key, ok := columnOf(byName, name)
		switch {
		case !ok:
			list := ColumnList(cols)
			probs.add(h.line, name, "payroll.csv.unknown_column", "unknown column (columns: "+list+")", "columns", list)
		case names[key] != "":
			probs.add(h.line, name, "payroll.csv.duplicate_column", "the column appears twice")
		default:
			at[key], names[key] = i, name
		}
	}
	for _, c := range cols {
		if _, ok := at[c.Key]; !ok && c.Required {
			probs.add(h.line, c.Key+" ("+c.Names[0]+")", "payroll.csv.missing_column", "the column is required")
		}
	}
	return at, names
}

// columnOf finds the column a header names: one name ("工号", "key"), or
// several that all name the same column ("工号 key", "工号(key)").
func columnOf(byName map[string]string, name string) (string, bool) {
	if key, ok := byName[strings.ToLower(name)]; ok {
		return key, true
	}
	parts := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return r == ' ' || r == '/' || r == '(' || r == ')' || r == '（' || r == '）' || r == '|'
	})
	key := ""
	for _, p := range parts {
		k, ok := byName[p]
		if !ok || (key != "" && k != key) {
			return "", false
		}
		key = k
	}
	return key, key != ""
}

// readCSV reads every sheetRow of a CSV with the line it starts on.
func readCSV(r io.Reader, probs *Problems) ([]sheetRow, bool) {
	data, err := io.ReadAll(r)
	if err != nil {
		probs.add(1, "", "payroll.csv.read", "cannot be read as CSV: "+err.Error(), "value", err.Error())
		return nil, false
	}
	// Text that does not decode as GB18030 either is read as it is.
	data, _ = sheet.Text(data)
	cr := sheet.NewCSVReader(data)
	cr.TrimLeadingSpace = true
	var out []sheetRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, true
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			probs.add(line, "", "payroll.csv.read", "cannot be read as CSV: "+err.Error(), "value", err.Error())
			// The rows before the broken one are still checked, as
			// long as the header was read.
			return out, len(out) > 0
		}
		line, _ := cr.FieldPos(0)
		out = append(out, sheetRow{line: line, cells: rec})
	}
}

// readXLSX reads the first sheet with anything in it, cells as stored
// (8% is 0.08, 8,700.00 is 8700), which the checks read better than what
// the sheet shows; the header is its first non-empty row.
func readXLSX(r io.Reader, probs *Problems) ([]sheetRow, bool) {
	unreadable := func(err error) ([]sheetRow, bool) {
		e := core.Errorf(core.EInvalid, "staff.file_unreadable", "the file cannot be read as a spreadsheet: %v", err)
		*probs = append(*probs, Problem{Line: 1, Err: e})
		return nil, false
	}
	f, err := sheet.OpenXLSX(r)
	if err != nil {
		return unreadable(err)
	}
	defer f.Close() //nolint:errcheck // only temporary files to remove
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return unreadable(err)
		}
		var out []sheetRow
		for i, cells := range rows {
			if len(out) == 0 && blankRow(cells) {
				continue
			}
			out = append(out, sheetRow{line: i + 1, cells: cells})
		}
		if len(out) > 0 {
			return out, true
		}
	}
	return nil, true
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// money reads an amount: "8,700" and "8700.00".
func money(s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(strings.ReplaceAll(strings.TrimSpace(s), ",", ""))
	if err != nil {
		return d, fmt.Errorf("%q is not an amount", s)
	}
	return d, nil
}

// amount reads a money cell: blank is def; "8,700" and "8700.00" are
// amounts; anything else, or a negative, is a problem.
func (r row) amount(probs *Problems, key string, def decimal.Decimal) decimal.Decimal {
	v := r.get(key)
	if v == "" {
		return def
	}
	d, err := money(v)
	if err != nil || d.IsNegative() {
		probs.add(r.line, r.names[key], "payroll.csv.amount", fmt.Sprintf("%q is not an amount of zero or more", v), "value", v)
		return def
	}
	return d
}

// rate reads a contribution rate, a fraction ("0.08") or a percentage ("8%").
func (r row) rate(probs *Problems, key string, def decimal.Decimal) decimal.Decimal {
	v := r.get(key)
	if v == "" {
		return def
	}
	s, pct := strings.CutSuffix(strings.TrimSuffix(v, "％"), "%")
	if strings.HasSuffix(v, "％") {
		pct = true
	}
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err == nil && pct {
		d = d.Div(decimal.NewFromInt(100))
	}
	if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(1)) {
		probs.add(r.line, r.names[key], "payroll.csv.rate", fmt.Sprintf("%q is not a rate: write a fraction like 0.08 or a percentage like 8%%", v), "value", v)
		return def
	}
	return d
}
