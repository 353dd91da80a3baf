package calendar

import (
	"bufio"
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
)

// maxSpan guards against typos such as 2026-01-01 to 2027-01-01.
const maxSpan = 60

// Problem is one thing wrong on one line of a holiday file.
type Problem struct {
	Line int
	Msg  string
}

// ParseError lists every problem found in a holiday file.
type ParseError struct {
	File     string
	Problems []Problem
}

func (e *ParseError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = fmt.Sprintf("%s:%d: %s", e.File, p.Line, p.Msg)
	}
	return strings.Join(lines, "\n")
}

type problems struct {
	file string
	list []Problem
}

func (p *problems) add(line int, format string, args ...any) {
	p.list = append(p.list, Problem{Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &ParseError{File: p.file, Problems: p.list}
}

// ParseFile reads a holiday file, YAML or iCalendar by its extension.
func ParseFile(name string, data []byte) ([]Entry, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return ParseYAML(name, data)
	case ".ics", ".ical":
		return ParseICS(name, data)
	}
	return nil, fmt.Errorf("%s: holiday files must be .yaml, .yml or .ics", name)
}

// ParseYAML reads:
//
//	holidays:
//	  - {date: 2026-01-01, name: 元旦}
//	  - {from: 2026-02-15, to: 2026-02-23, name: 春节}
//	  - {date: 2026-02-22, name: 春节, statutory: false}
//	workdays:                       # make-up working days (调休上班)
//	  - {date: 2026-02-14, name: 春节调休上班}
func ParseYAML(name string, data []byte) ([]Entry, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &ParseError{File: name, Problems: []Problem{{Line: 1, Msg: fmt.Sprintf("not valid YAML: %v", err)}}}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return ParseYAMLNode(name, doc.Content[0])
}

// ParseYAMLNode reads the holidays/workdays mapping from a node of a
// larger document (the org file), so problems keep that file's line numbers.
func ParseYAMLNode(name string, n *yaml.Node) ([]Entry, error) {
	p := &problems{file: name}
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, "must be a mapping with holidays and workdays")
		return nil, p.err()
	}
	var out []Entry
	seen := map[core.Date]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var holiday bool
		switch k.Value {
		case "holidays":
			holiday = true
		case "workdays":
		case "files":
			continue // the org file's list of files, read by its caller
		default:
			p.add(k.Line, "unknown field %q (expected holidays or workdays)", k.Value)
			continue
		}
		if v.Kind != yaml.SequenceNode {
			p.add(v.Line, "%s must be a list", k.Value)
			continue
		}
		for _, item := range v.Content {
			for _, e := range yamlEntry(p, item, holiday) {
				if seen[e.Date] {
					p.add(item.Line, "%s is listed twice", e.Date)
				}
				seen[e.Date] = true
				out = append(out, e)
			}
		}
	}
	return out, p.err()
}

func yamlEntry(p *problems, n *yaml.Node, holiday bool) []Entry {
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, "each day must be a mapping such as {date: 2026-10-01, name: 国庆节}")
		return nil
	}
	f := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		switch k.Value {
		case "date", "from", "to", "name", "statutory":
			f[k.Value] = n.Content[i+1]
		default:
			p.add(k.Line, "unknown field %q (expected date, from, to, name, statutory)", k.Value)
		}
	}
	date := func(key string) (core.Date, bool) {
		v := f[key]
		if v == nil {
			return core.Date{}, false
		}
		d, err := core.ParseDate(strings.TrimSpace(v.Value))
		if err != nil {
			p.add(v.Line, "%s is not a date", v.Value)
			return core.Date{}, false
		}
		return d, true
	}
	e := Entry{Holiday: holiday, Statutory: holiday}
	if nn := f["name"]; nn != nil {
		e.Name = strings.TrimSpace(nn.Value)
	}
	if sn := f["statutory"]; sn != nil {
		switch sn.Value {
		case "true", "yes":
			e.Statutory = true
		case "false", "no":
			e.Statutory = false
		default:
			p.add(sn.Line, "statutory must be true or false")
		}
		if !holiday && e.Statutory {
			p.add(sn.Line, "a working day cannot be a statutory holiday")
		}
	}
	from, hasFrom := date("from")
	to, hasTo := date("to")
	day, hasDay := date("date")
	switch {
	case f["date"] != nil && (f["from"] != nil || f["to"] != nil):
		p.add(n.Line, "give either date or from/to, not both")
	case hasDay:
		from, to = day, day
	case f["date"] != nil:
		return nil
	case hasFrom && hasTo:
		if to.Before(from) {
			p.add(n.Line, "from %s is after to %s", from, to)
			return nil
		}
		if from.DaysUntil(to) >= maxSpan {
			p.add(n.Line, "%s to %s is longer than %d days", from, to, maxSpan)
			return nil
		}
	case f["from"] != nil || f["to"] != nil:
		if f["from"] == nil || f["to"] == nil {
			p.add(n.Line, "a range needs both from and to")
		}
		return nil
	default:
		p.add(n.Line, "needs a date (or from and to)")
		return nil
	}
	var out []Entry
	for d := from; !d.After(to); d = d.AddDays(1) {
		e.Date = d
		out = append(out, e)
	}
	return out
}

// workdayWords mark an iCalendar event as a make-up working day.
var workdayWords = []string{"补班", "调休上班", "上班", "（班）", "(班)", "makeup workday", "make-up workday", "working day", "workday"}

// ParseICS reads all-day events: each day of an event is a holiday unless
// the event says it is a working day (its summary, or X-HRBOT-KIND:workday).
// Holidays are statutory unless marked X-HRBOT-STATUTORY:false.
func ParseICS(name string, data []byte) ([]Entry, error) {
	p := &problems{file: name}
	lines := unfold(data)
	var out []Entry
	inCal, inEvent, depth := false, false, 0
	type event struct {
		line           int
		start, end     string
		startLn, endLn int
		summary, kind  string
		statutory      string
	}
	var ev event
	for _, l := range lines {
		key, value, params := splitProp(l.text)
		switch {
		case key == "BEGIN" && value == "VCALENDAR":
			inCal = true
		case key == "BEGIN" && value == "VEVENT":
			inEvent, depth, ev = true, 0, event{line: l.no}
		case key == "BEGIN" && inEvent:
			depth++ // VALARM inside an event
		case key == "END" && inEvent && value != "VEVENT":
			depth--
		case key == "END" && value == "VEVENT" && inEvent:
			inEvent = false
			es := icsEvent(p, ev.line, ev.start, ev.startLn, ev.end, ev.endLn, ev.summary, ev.kind)
			for i := range es {
				// Bridging rest days inside a holiday period are not statutory.
				es[i].Statutory = es[i].Holiday && ev.statutory != "false"
			}
			out = append(out, es...)
		case inEvent && depth == 0:
			switch key {
			case "DTSTART":
				ev.start, ev.startLn = value, l.no
			case "DTEND":
				ev.end, ev.endLn = value, l.no
			case "SUMMARY":
				ev.summary = unescape(value)
			case "X-HRBOT-KIND":
				ev.kind = strings.ToLower(value)
			case "X-HRBOT-STATUTORY":
				ev.statutory = strings.ToLower(value)
			}
			_ = params
		}
	}
	if !inCal {
		p.add(1, "not an iCalendar file (no BEGIN:VCALENDAR)")
	}
	return out, p.err()
}

func icsEvent(p *problems, line int, start string, startLn int, end string, endLn int, summary, kind string) []Entry {
	if start == "" {
		p.add(line, "event has no DTSTART")
		return nil
	}
	from, err := icsDate(start)
	if err != nil {
		p.add(startLn, "DTSTART %q is not a date", start)
		return nil
	}
	to := from
	if end != "" {
		excl, err := icsDate(end)
		if err != nil {
			p.add(endLn, "DTEND %q is not a date", end)
			return nil
		}
		// DTEND of an all-day event is the day after the last one.
		if excl.After(from) {
			to = excl.AddDays(-1)
		} else if excl.Before(from) {
			p.add(endLn, "DTEND is before DTSTART")
			return nil
		}
	}
	if from.DaysUntil(to) >= maxSpan {
		p.add(line, "event is longer than %d days", maxSpan)
		return nil
	}
	holiday := true
	lower := strings.ToLower(summary)
	for _, w := range workdayWords {
		if strings.Contains(lower, w) {
			holiday = false
			break
		}
	}
	switch kind {
	case "workday":
		holiday = false
	case "holiday":
		holiday = true
	}
	var out []Entry
	for d := from; !d.After(to); d = d.AddDays(1) {
		out = append(out, Entry{Date: d, Holiday: holiday, Name: summary, Statutory: holiday})
	}
	return out
}

// icsDate takes the date of a DATE or DATE-TIME value (20261001, 20261001T000000Z).
func icsDate(v string) (core.Date, error) {
	if len(v) < 8 {
		return core.Date{}, fmt.Errorf("too short")
	}
	d, err := core.ParseDate(v[0:4] + "-" + v[4:6] + "-" + v[6:8])
	if err != nil {
		return core.Date{}, err
	}
	if len(v) > 8 && v[8] != 'T' {
		return core.Date{}, fmt.Errorf("bad date-time")
	}
	return d, nil
}

type icsLine struct {
	no   int
	text string
}

// unfold joins RFC 5545 continuation lines (starting with a space or tab),
// keeping the number of the line each property starts on.
func unfold(data []byte) []icsLine {
	var out []icsLine
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	no := 0
	for sc.Scan() {
		no++
		t := strings.TrimRight(sc.Text(), "\r")
		if (strings.HasPrefix(t, " ") || strings.HasPrefix(t, "\t")) && len(out) > 0 {
			out[len(out)-1].text += t[1:]
			continue
		}
		out = append(out, icsLine{no: no, text: t})
	}
	return out
}

// splitProp splits "DTSTART;VALUE=DATE:20261001" into name, value and params.
func splitProp(line string) (name, value, params string) {
	head, value, ok := strings.Cut(line, ":")
	if !ok {
		return "", "", ""
	}
	name, params, _ = strings.Cut(head, ";")
	return strings.ToUpper(strings.TrimSpace(name)), strings.TrimSpace(value), params
}

func unescape(s string) string {
	return strings.NewReplacer(`\,`, ",", `\;`, ";", `\n`, " ", `\N`, " ", `\\`, `\`).Replace(s)
}
