package perf

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// A metrics file holds business numbers hrbot cannot see (CSAT, response
// time, orders handled), one per person, metric and period. It comes in
// two shapes:
//
//	long:  工号 person | 指标 metric | 期间 period | 数值 value
//	wide:  工号 person | 期间 period | csat | response_time | …
//
// In the wide shape every column the reader does not know is a metric,
// its header the metric's key. Either shape may give the period as from
// and to columns instead of one period column, and may name people by
// name (姓名) when no two people share it.

// MetricColumn is a column a metrics file may have: its name in hrbot and
// the header names a spreadsheet may give it, Chinese first.
type MetricColumn struct {
	Key   string
	Names []string
}

// Header is how a template writes the column: "工号 person".
func (c MetricColumn) Header() string { return c.Names[0] + " " + c.Key }

// MetricColumns are the columns a metrics file's reader knows.
var MetricColumns = []MetricColumn{
	{Key: "person", Names: []string{"工号", "员工工号", "员工编号", "员工", "人员", "employee", "key", "employee_key"}},
	{Key: "name", Names: []string{"姓名", "员工姓名", "名字"}},
	{Key: "metric", Names: []string{"指标", "指标代码", "指标编码", "kpi"}},
	{Key: "period", Names: []string{"期间", "周期", "考核期", "月份", "季度", "month", "quarter"}},
	{Key: "from", Names: []string{"开始日期", "开始", "起始日期", "period_from", "start"}},
	{Key: "to", Names: []string{"结束日期", "结束", "截止日期", "period_to", "end"}},
	{Key: "value", Names: []string{"数值", "值", "结果", "数据"}},
}

// MetricPerson is someone of the org a metrics file may name.
type MetricPerson struct {
	ID     int64
	Key    string
	Name   string
	Active bool
}

// MetricRow is one number a file imports.
type MetricRow struct {
	Line        int // the row the spreadsheet shows
	EmployeeID  int64
	EmployeeKey string
	Metric      string
	Period      Period
	Value       decimal.Decimal
}

// Problem is one problem of a metrics file: its row (as the spreadsheet
// numbers them; the header's for a column it does not take) and column
// (as the file names it; "" for the whole row), and why, translatable.
type Problem struct {
	Row    int
	Column string
	Err    *core.Error
}

// MetricFile is a metrics file read and checked against the org's people.
type MetricFile struct {
	Name string
	Wide bool
	// Rows is the data rows read (blank ones skipped).
	Rows int
	// Good are the numbers of the rows without a problem, in file order.
	Good []MetricRow
	// Problems refuse their rows (a header's problem, its column); each
	// row with a problem imports nothing, the others import all the same.
	Problems []Problem
}

// BadRows is how many data rows a problem refuses.
func (f MetricFile) BadRows() int {
	rows := map[int]bool{}
	for _, p := range f.Problems {
		rows[p.Row] = true
	}
	return len(rows)
}

// ReadMetrics reads a metrics file (.xlsx or .csv, see readSheet) and
// checks each row against people (the org's, those who left too).
// Problems of rows are in the result; errors are what stops the whole
// file (EInvalid): the file's (perf.import.file_type, too_big,
// unreadable, csv_line), perf.import.no_header, perf.import.missing_column
// (Args: column), perf.import.no_rows, perf.import.too_many_rows (Args:
// max).
func ReadMetrics(name string, data []byte, people []MetricPerson) (MetricFile, error) {
	out := MetricFile{Name: filepath.Base(name)}
	recs, err := readSheet(name, data)
	if err != nil {
		return out, err
	}
	h, err := headerOf(recs)
	if err != nil {
		return out, err
	}
	out.Wide = h.wide
	out.Problems = h.problems
	dir := newPeopleIndex(people)
	seen := map[metricSlot]int{}
	for _, rec := range recs[h.row+1:] {
		if blank(rec.cells) {
			continue
		}
		if out.Rows++; out.Rows > MaxMetricRows {
			return out, core.Errorf(core.EInvalid, "perf.import.too_many_rows", "more than %d rows in one file", MaxMetricRows).
				With("max", fmt.Sprint(MaxMetricRows))
		}
		rows, probs := h.read(rec, dir)
		for i, r := range rows {
			slot := metricSlot{r.EmployeeID, r.Metric, r.Period}
			if first, dup := seen[slot]; dup && len(probs) == 0 {
				probs = append(probs, problem(rec.line, h.metricHeader(r.Metric), "perf.import.duplicate",
					fmt.Sprintf("the same person, metric and period as row %d", first), "row", fmt.Sprint(first)))
				rows = rows[:i]
				break
			}
		}
		if len(probs) > 0 {
			out.Problems = append(out.Problems, probs...)
			continue
		}
		for _, r := range rows {
			seen[metricSlot{r.EmployeeID, r.Metric, r.Period}] = rec.line
		}
		out.Good = append(out.Good, rows...)
	}
	if out.Rows == 0 {
		return out, core.Errorf(core.EInvalid, "perf.import.no_rows", "the file has a header and no rows")
	}
	sort.SliceStable(out.Problems, func(i, j int) bool { return out.Problems[i].Row < out.Problems[j].Row })
	return out, nil
}

type metricSlot struct {
	employee int64
	metric   string
	period   Period
}

// problem is a row's problem: english is its text for logs, args fill
// the catalogue's placeholders.
func problem(row int, column, key, english string, args ...string) Problem {
	e := core.Errorf(core.EInvalid, key, "%s", english)
	for i := 0; i+1 < len(args); i += 2 {
		e = e.With(args[i], args[i+1])
	}
	return Problem{Row: row, Column: column, Err: e}
}

// header is where a file's columns are.
type header struct {
	row     int            // index of the header in the records
	at      map[string]int // known column → index
	names   map[string]string
	wide    bool
	metrics map[int]string // wide: index → metric key
	// metricCols are the wide file's metric columns, left to right.
	metricCols []int
	problems   []Problem
}

// byName maps every name of the known columns, in lower case, to its key.
func byName() map[string]string {
	m := map[string]string{}
	for _, c := range MetricColumns {
		m[c.Key] = c.Key
		for _, n := range c.Names {
			m[strings.ToLower(n)] = c.Key
		}
	}
	return m
}

// columnOf finds the known column a header names: one name ("工号",
// "person") or several naming the same column ("工号 person", "工号(key)").
func columnOf(names map[string]string, h string) (string, bool) {
	h = strings.ToLower(clean(h))
	if k, ok := names[h]; ok {
		return k, true
	}
	parts := strings.FieldsFunc(h, func(r rune) bool {
		return r == ' ' || r == '/' || r == '(' || r == ')' || r == '（' || r == '）' || r == '|'
	})
	key := ""
	for _, p := range parts {
		k, ok := names[p]
		if !ok || (key != "" && k != key) {
			return "", false
		}
		key = k
	}
	return key, key != ""
}

// headerOf finds the header (the first of the first rows naming two
// known columns) and checks the file has the columns it needs.
func headerOf(recs []sheetRow) (header, error) {
	names := byName()
	h := header{row: -1, at: map[string]int{}, names: map[string]string{}, metrics: map[int]string{}}
	for i := 0; i < len(recs) && i < headerSearchRows; i++ {
		known := 0
		for _, c := range recs[i].cells {
			if _, ok := columnOf(names, c); ok {
				known++
			}
		}
		if known >= 2 {
			h.row = i
			break
		}
	}
	if h.row < 0 {
		if blankRows(recs) {
			return h, core.Errorf(core.EInvalid, "perf.import.no_rows", "the file has a header and no rows")
		}
		return h, core.Errorf(core.EInvalid, "perf.import.no_header", "no header row (工号, 指标, 期间, 数值 or person, metric, period, value) in the first %d rows", headerSearchRows)
	}
	line := recs[h.row].line
	var unknown []int
	for i, c := range recs[h.row].cells {
		c = clean(c)
		key, ok := columnOf(names, c)
		switch {
		case c == "":
		case !ok:
			unknown = append(unknown, i)
		case h.names[key] != "":
			h.problems = append(h.problems, problem(line, c, "perf.import.column_twice", "the column appears twice"))
		default:
			h.at[key], h.names[key] = i, c
		}
	}
	_, long := h.at["metric"]
	h.wide = !long
	taken := map[string]bool{}
	for _, i := range unknown {
		c := clean(recs[h.row].cells[i])
		switch key := strings.ToLower(c); {
		case long:
			// A long file's other columns (备注, a team) are for people.
		case taken[key]:
			h.problems = append(h.problems, problem(line, c, "perf.import.column_twice", "the column appears twice"))
		case ValidMetricKey(key):
			h.metrics[i], taken[key] = key, true
			h.metricCols = append(h.metricCols, i)
		default:
			h.problems = append(h.problems, problem(line, c, "perf.import.bad_metric",
				c+" is not a metric key: lower-case letters, digits, ., _ or -, at most 63", "metric", c))
		}
	}
	return h, h.missing()
}

// missing says which column the file lacks, if any.
func (h header) missing() error {
	col := func(key string) error {
		for _, c := range MetricColumns {
			if c.Key == key {
				return core.Errorf(core.EInvalid, "perf.import.missing_column", "the file has no %s column", c.Header()).With("column", c.Header())
			}
		}
		return nil
	}
	_, person := h.at["person"]
	_, name := h.at["name"]
	_, period := h.at["period"]
	_, from := h.at["from"]
	_, to := h.at["to"]
	_, value := h.at["value"]
	switch {
	case !person && !name:
		return col("person")
	case !period && !from:
		return col("period")
	case !period && !to:
		return col("to")
	case !h.wide && !value:
		return col("value")
	case h.wide && len(h.metrics) == 0:
		return col("metric")
	}
	return nil
}

// metricHeader is the column a metric is in: its own (wide) or the
// metric column.
func (h header) metricHeader(metric string) string {
	if !h.wide {
		return h.names["metric"]
	}
	return metric
}
