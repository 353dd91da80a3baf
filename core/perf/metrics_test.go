package perf_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
)

func TestParsePeriod(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2026-11":                 "2026-11-01 2026-11-30",
		"2026/2":                  "2026-02-01 2026-02-28",
		"2026年11月":                "2026-11-01 2026-11-30",
		"2026-Q4":                 "2026-10-01 2026-12-31",
		"2026q1":                  "2026-01-01 2026-03-31",
		"Q2 2026":                 "2026-04-01 2026-06-30",
		"2026年第3季度":               "2026-07-01 2026-09-30",
		"2026":                    "2026-01-01 2026-12-31",
		"2026-11-01~2026-11-15":   "2026-11-01 2026-11-15",
		"2026-11-16 至 2026-11-30": "2026-11-16 2026-11-30",
		"46327":                   "2026-11-01 2026-11-30", // Excel's day number of 2026-11-01
		"2026-13":                 "",
		"2026-Q5":                 "",
		"last month":              "",
		"2026-11-30~2026-11-01":   "",
		"1999-01":                 "",
		"2026-02-30 ~ 2026-03-01": "",
		"":                        "",
	} {
		p, ok := perf.ParsePeriod(in)
		got := ""
		if ok {
			got = p.From.String() + " " + p.To.String()
		}
		if got != want {
			t.Errorf("ParsePeriod(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseValue(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"4.8": "4.8", "1,204": "1204", "96%": "96", " 35 ": "35", "-2": "-2", "0.123456": "0.1235", "1 234": "1234",
		"abc": "", "": "", "12000000000": "", "4.8分": "",
	} {
		v, ok := perf.ParseValue(in)
		got := ""
		if ok {
			got = v.String()
		}
		if got != want {
			t.Errorf("ParseValue(%q) = %q, want %q", in, got, want)
		}
	}
}

var people = []perf.MetricPerson{{ID: 1, Key: "li", Name: "李娜", Active: true}, {ID: 2, Key: "ma", Name: "Ma Yun", Active: true},
	{ID: 3, Key: "ma_old", Name: "Ma Yun"}}

// Each reason a row is refused, with its row number and column; and what
// stops the whole file.
func TestReadMetricsProblems(t *testing.T) {
	t.Parallel()
	csv := strings.Join([]string{
		"person,metric,period,value,备注",
		"li,csat,2026-11,4.8,ok",
		",csat,2026-11,4.8,",
		"li,CSAT!,2026-11,4.8,",
		"li,csat,November,4.8,",
		"li,csat,2026-12,four,",
		"li,csat,2026-11,4.1,",
		"ma yun,csat,2026-11,4.0,", // the one still here
		"li,orders,2026-11,,",
		",,,,",
	}, "\n")
	f, err := perf.ReadMetrics("x.csv", []byte(csv), people)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range f.Problems {
		got = append(got, strings.Join([]string{strconv.Itoa(p.Row), p.Column, p.Err.Key}, " "))
	}
	want := []string{
		"3 person perf.import.empty", "4 metric perf.import.bad_metric", "5 period perf.import.bad_period",
		"6 value perf.import.bad_number", "7 metric perf.import.duplicate", "9 value perf.import.empty",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if f.Rows != 8 || len(f.Good) != 2 || f.Good[1].EmployeeID != 2 || f.Wide {
		t.Fatalf("file %+v", f)
	}

	for file, key := range map[string]string{
		"person,value\nli,4\n":         "perf.import.missing_column", // no period
		"hello\nworld\n":               "perf.import.no_header",
		"person,metric,period,value\n": "perf.import.no_rows",
		"工号,期间,备注\nli,2026-11,x\n":     "perf.import.missing_column", // wide with no metric
	} {
		_, err := perf.ReadMetrics("x.csv", []byte(file), people)
		if !strings.Contains(errKey(err), key) {
			t.Errorf("%q: got %v, want %s", file, err, key)
		}
	}
	if _, err := perf.ReadMetrics("x.pdf", []byte("x"), people); errKey(err) != "perf.import.file_type" {
		t.Errorf("pdf: got %v", err)
	}
}

func errKey(err error) string {
	if e, ok := core.AsError(err); ok {
		return e.Key
	}
	return ""
}

// A wide file: a column per metric, an empty cell no number; a header
// that is no key and a metric twice are reported on the header row and
// skipped.
func TestReadMetricsWide(t *testing.T) {
	t.Parallel()
	csv := "工号,月份,CSAT,满意度,csat,orders\nli,2026-11,4.8,5,4.1,120\nma,2026-11,,,,\nma,2026-11,4.5,,,\n"
	f, err := perf.ReadMetrics("w.csv", []byte(csv), people)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range f.Problems {
		got = append(got, strings.Join([]string{strconv.Itoa(p.Row), p.Column, p.Err.Key}, " "))
	}
	want := "1 满意度 perf.import.bad_metric|1 csat perf.import.column_twice|3  perf.import.empty"
	if strings.Join(got, "|") != want {
		t.Fatalf("problems %s, want %s", strings.Join(got, "|"), want)
	}
	var good []string
	for _, r := range f.Good {
		good = append(good, r.EmployeeKey+" "+r.Metric+" "+r.Value.String())
	}
	if !f.Wide || strings.Join(good, "|") != "li csat 4.8|li orders 120|ma csat 4.5" {
		t.Fatalf("good %v", good)
	}
}

// FuzzReadMetrics: whatever the file, reading it neither panics nor
// returns a good number without a person, a metric key and a period.
func FuzzReadMetrics(f *testing.F) {
	f.Add([]byte("工号,指标,期间,数值\nli,csat,2026-11,4.8\n"))
	f.Add([]byte("person,period,csat\nma yun,2026-Q4,96%\n"))
	f.Add([]byte("person,metric,from,to,value\nli,x,46327,2026-11-30,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, _ := perf.ReadMetrics("f.csv", data, people)
		for _, r := range file.Good {
			if r.EmployeeID == 0 || !perf.ValidMetricKey(r.Metric) || r.Period.From.IsZero() || r.Period.To.Before(r.Period.From) {
				t.Fatalf("bad good row %+v", r)
			}
		}
	})
}
