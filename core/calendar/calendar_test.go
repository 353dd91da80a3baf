package calendar_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/calendar"
)

func example(t testing.TB, name string) []calendar.Entry {
	t.Helper()
	data, err := os.ReadFile("../../examples/holidays/" + name)
	if err != nil {
		t.Fatal(err)
	}
	es, err := calendar.ParseFile(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return es
}

func d(y int, m time.Month, day int) core.Date { return core.NewDate(y, m, day) }

func TestKind(t *testing.T) {
	t.Parallel()
	cn := calendar.New(nil, example(t, "cn-2026.yaml"))
	sixDays, _ := calendar.ParseWorkweek([]string{"mon", "tue", "wed", "thu", "fri", "sat"})
	shop := calendar.New(sixDays, nil)
	cases := []struct {
		name      string
		cal       *calendar.Calendar
		date      core.Date
		kind      calendar.Kind
		statutory bool
	}{
		{"Weekday", cn, d(2026, 11, 25), calendar.Workday, false},
		{"Weekend", cn, d(2026, 11, 28), calendar.RestDay, false},
		{"StatutoryHolidayOnWeekday", cn, d(2026, 10, 1), calendar.Holiday, true},
		{"BridgingRestDay", cn, d(2026, 10, 5), calendar.Holiday, false},
		{"MakeupSaturday", cn, d(2026, 2, 14), calendar.MakeupWorkday, false},
		{"MakeupSaturdayAfterFestival", cn, d(2026, 2, 28), calendar.MakeupWorkday, false},
		{"MakeupSunday", cn, d(2026, 9, 20), calendar.MakeupWorkday, false},
		{"SixDayWeekSaturday", shop, d(2026, 11, 28), calendar.Workday, false},
		{"SixDayWeekSunday", shop, d(2026, 11, 29), calendar.RestDay, false},
	}
	for _, c := range cases {
		if got := c.cal.Kind(c.date); got != c.kind || c.cal.IsStatutoryHoliday(c.date) != c.statutory {
			t.Errorf("%s: %v is %v (statutory %v), want %v", c.name, c.date, got, c.cal.IsStatutoryHoliday(c.date), c.kind)
		}
	}
	if n := cn.Name(d(2026, 2, 17)); !strings.Contains(n, "春节") {
		t.Errorf("name of 2026-02-17: %q", n)
	}
}

func TestWorkingDays(t *testing.T) {
	t.Parallel()
	cn := calendar.New(nil, example(t, "cn-2026.yaml"))
	// Feb 9 – Mar 1: 15 weekdays, minus the 6 festival weekdays (16–20, 23),
	// plus the make-up Saturdays 14 and 28.
	if got := cn.WorkingDays(d(2026, 2, 9), d(2026, 3, 1)); got != 11 {
		t.Errorf("Spring Festival weeks: %d working days, want 11", got)
	}
	if got := cn.WorkingDays(d(2026, 11, 1), d(2026, 11, 30)); got != 21 {
		t.Errorf("November: %d, want 21", got)
	}
	if got := cn.WorkingDays(d(2026, 3, 2), d(2026, 3, 1)); got != 0 {
		t.Errorf("empty range: %d", got)
	}
	if got := cn.NextWorkingDay(d(2026, 9, 30)); got != d(2026, 10, 8) {
		t.Errorf("after Sep 30: %v, want 2026-10-08", got)
	}
	if got := cn.NextWorkingDay(d(2026, 10, 8)); got != d(2026, 10, 9) {
		t.Errorf("after Oct 8: %v", got)
	}
}

func TestYAMLAndICSAgree(t *testing.T) {
	t.Parallel()
	norm := func(es []calendar.Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Date.String()+map[bool]string{true: " holiday", false: " workday"}[e.Holiday]+
				map[bool]string{true: " statutory", false: ""}[e.Statutory])
		}
		slices.Sort(out)
		return out
	}
	y, i := norm(example(t, "cn-2026.yaml")), norm(example(t, "cn-2026.ics"))
	if !slices.Equal(y, i) {
		t.Errorf("yaml and ics differ:\n%v\n%v", y, i)
	}
	if len(y) != 39 {
		t.Errorf("%d special days, want 33 days off + 6 make-up days", len(y))
	}
}

func TestParseICS(t *testing.T) {
	t.Parallel()
	ics := "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nEND:VTIMEZONE\r\n" +
		"BEGIN:VEVENT\r\nDTSTART;TZID=Asia/Shanghai:20261001T000000\r\nDTEND;TZID=Asia/Shanghai:20261004T000000\r\n" +
		"SUMMARY:国庆\\, 节\r\n  假\r\nBEGIN:VALARM\r\nSUMMARY:上班 reminder\r\nEND:VALARM\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\nDTSTART:20261010T000000Z\nSUMMARY:Company offsite\nX-HRBOT-KIND:workday\nEND:VEVENT\n" +
		"BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260920\nSUMMARY:国庆节补班\nEND:VEVENT\nEND:VCALENDAR\n"
	es, err := calendar.ParseICS("x.ics", []byte(ics))
	if err != nil {
		t.Fatal(err)
	}
	want := []calendar.Entry{
		{Date: d(2026, 10, 1), Holiday: true, Name: "国庆, 节 假", Statutory: true},
		{Date: d(2026, 10, 2), Holiday: true, Name: "国庆, 节 假", Statutory: true},
		{Date: d(2026, 10, 3), Holiday: true, Name: "国庆, 节 假", Statutory: true},
		{Date: d(2026, 10, 10), Holiday: false, Name: "Company offsite"},
		{Date: d(2026, 9, 20), Holiday: false, Name: "国庆节补班"},
	}
	if !slices.Equal(es, want) {
		t.Errorf("got %+v", es)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, file, data string
		want             []string
	}{
		{"YAML", "h.yaml", "holidays:\n  - {date: 2026-02-30, name: x}\n  - {from: 2026-03-05, to: 2026-03-01}\n  - {date: 2026-05-01, colour: red}\nworkdays:\n  - {date: 2026-05-01}\nextra: 1\n",
			[]string{"h.yaml:2: 2026-02-30 is not a date", "h.yaml:3: from 2026-03-05 is after to 2026-03-01", `h.yaml:4: unknown field "colour"`,
				"h.yaml:6: 2026-05-01 is listed twice", `h.yaml:7: unknown field "extra"`}},
		{"ICS", "h.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART:2026\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART:20261005\nDTEND:20261001\nEND:VEVENT\nEND:VCALENDAR\n",
			[]string{"h.ics:2: event has no DTSTART", `h.ics:6: DTSTART "2026" is not a date`, "h.ics:10: DTEND is before DTSTART"}},
		{"NotICS", "h.ics", "hello\n", []string{"h.ics:1: not an iCalendar file"}},
		{"Extension", "h.txt", "", []string{"must be .yaml, .yml or .ics"}},
	}
	for _, c := range cases {
		_, err := calendar.ParseFile(c.file, []byte(c.data))
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		var pe *calendar.ParseError
		if c.name != "Extension" && (!errors.As(err, &pe) || len(pe.Problems) != len(c.want)) {
			t.Errorf("%s: want %d problems, got %v", c.name, len(c.want), err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: missing %q in:\n%v", c.name, w, err)
			}
		}
	}
}

func TestParseWorkweek(t *testing.T) {
	t.Parallel()
	got, err := calendar.ParseWorkweek([]string{"Mon", "周二", "星期三", "thursday", "fri", "mon"})
	if err != nil || len(got) != 5 || got[1] != time.Tuesday {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := calendar.ParseWorkweek([]string{"mon", "funday"}); err == nil || !strings.Contains(err.Error(), "funday") {
		t.Errorf("bad token: %v", err)
	}
}

func FuzzParseICS(f *testing.F) {
	data, _ := os.ReadFile("../../examples/holidays/cn-2026.ics")
	f.Add(data)
	f.Add([]byte("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261001\nDTEND:20261001\n END:VEVENT\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := calendar.ParseICS("f.ics", b)
		if err != nil {
			return
		}
		for _, e := range es {
			if !e.Date.Valid() {
				t.Fatalf("invalid date %v", e.Date)
			}
		}
	})
}

func FuzzParseYAML(f *testing.F) {
	data, _ := os.ReadFile("../../examples/holidays/cn-2026.yaml")
	f.Add(data)
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := calendar.ParseYAML("f.yaml", b)
		if err != nil {
			return
		}
		for _, e := range es {
			if !e.Date.Valid() {
				t.Fatalf("invalid date %v", e.Date)
			}
		}
	})
}
