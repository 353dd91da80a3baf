package perf

import (
	"sort"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// peopleIndex finds the person a row names, by key or by name.
type peopleIndex struct {
	byKey  map[string]MetricPerson
	byName map[string][]MetricPerson
}

func newPeopleIndex(people []MetricPerson) peopleIndex {
	ix := peopleIndex{byKey: map[string]MetricPerson{}, byName: map[string][]MetricPerson{}}
	for _, p := range people {
		ix.byKey[strings.ToLower(p.Key)] = p
		// A bilingual name ("李爱丽 Alice Li") is known by either half too.
		names := map[string]bool{}
		for _, n := range []string{p.Name, core.NameIn(p.Name, core.LocaleZH), core.NameIn(p.Name, core.LocaleEN)} {
			names[normName(n)] = true
		}
		for n := range names {
			ix.byName[n] = append(ix.byName[n], p)
		}
	}
	return ix
}

// find returns the person of a key or a name. A name two people share is
// taken for the one still here when only one is; else it is ambiguous
// and the keys are returned to say whom it could be.
func (ix peopleIndex) find(s string, asKey bool) (MetricPerson, []string) {
	if asKey {
		if p, ok := ix.byKey[strings.ToLower(s)]; ok {
			return p, nil
		}
	}
	same := ix.byName[normName(s)]
	if len(same) == 1 {
		return same[0], nil
	}
	var active []MetricPerson
	keys := make([]string, 0, len(same))
	for _, p := range same {
		keys = append(keys, p.Key)
		if p.Active {
			active = append(active, p)
		}
	}
	if len(active) == 1 {
		return active[0], nil
	}
	sort.Strings(keys)
	return MetricPerson{}, keys
}

func normName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// cell is a row's value of a known column, "" when the file lacks it.
func (h header) cell(rec sheetRow, key string) string {
	i, ok := h.at[key]
	if !ok || i >= len(rec.cells) {
		return ""
	}
	return clean(rec.cells[i])
}

// report adds a problem of the row being read.
type report func(column, key, english string, args ...string)

// read checks one data row: the numbers it imports, or its problems.
func (h header) read(rec sheetRow, dir peopleIndex) ([]MetricRow, []Problem) {
	var probs []Problem
	add := func(column, key, english string, args ...string) {
		probs = append(probs, problem(rec.line, column, key, english, args...))
	}
	person := h.person(rec, dir, add)
	period, ok := h.period(rec, add)
	var rows []MetricRow
	row := func(metric, column, v string) {
		val, good := ParseValue(v)
		if !good {
			add(column, "perf.import.bad_number", v+" is not a number", "value", v)
			return
		}
		rows = append(rows, MetricRow{Line: rec.line, EmployeeID: person.ID, EmployeeKey: person.Key, Metric: metric, Period: period, Value: val})
	}
	if h.wide {
		for _, i := range h.metricCols {
			if i < len(rec.cells) && clean(rec.cells[i]) != "" {
				row(h.metrics[i], h.metrics[i], clean(rec.cells[i]))
			}
		}
		if len(rows) == 0 && len(probs) == 0 {
			add("", "perf.import.empty", "no number in the row")
		}
	} else {
		metric := strings.ToLower(h.cell(rec, "metric"))
		switch {
		case metric == "":
			add(h.names["metric"], "perf.import.empty", "is empty")
		case !ValidMetricKey(metric):
			add(h.names["metric"], "perf.import.bad_metric", metric+" is not a metric key", "metric", h.cell(rec, "metric"))
		}
		if v := h.cell(rec, "value"); v == "" {
			add(h.names["value"], "perf.import.empty", "is empty")
		} else {
			row(metric, h.names["value"], v)
		}
	}
	if len(probs) > 0 || person.ID == 0 || !ok {
		return nil, probs
	}
	return rows, nil
}

// person finds the row's person: by the person column (a key, or a
// name), else by the name column.
func (h header) person(rec sheetRow, dir peopleIndex, add report) MetricPerson {
	col, who, asKey := h.names["person"], h.cell(rec, "person"), true
	if who == "" {
		if name := h.cell(rec, "name"); name != "" {
			col, who, asKey = h.names["name"], name, false
		}
	}
	if who == "" {
		if col == "" {
			col = h.names["name"]
		}
		add(col, "perf.import.empty", "is empty")
		return MetricPerson{}
	}
	p, same := dir.find(who, asKey)
	switch {
	case len(same) > 1:
		add(col, "perf.import.ambiguous_name", who+" is the name of "+strings.Join(same, ", ")+": write the key",
			"name", who, "keys", strings.Join(same, ", "))
	case p.ID == 0:
		add(col, "perf.import.unknown_person", "nobody of the org is "+who, "person", who)
	}
	return p
}

// period reads the row's period: the period column, else from and to.
func (h header) period(rec sheetRow, add report) (Period, bool) {
	if v := h.cell(rec, "period"); v != "" || h.names["from"] == "" {
		if v == "" {
			add(h.names["period"], "perf.import.empty", "is empty")
			return Period{}, false
		}
		p, ok := ParsePeriod(v)
		if !ok {
			add(h.names["period"], "perf.import.bad_period", v+" is not a period (2026-11, 2026-Q4, 2026)", "value", v)
		}
		return p, ok
	}
	from, okFrom := h.day(rec, "from", add)
	to, okTo := h.day(rec, "to", add)
	p, good := Period{From: from, To: to}, okFrom && okTo
	if good && p.To.Before(p.From) {
		add(h.names["to"], "perf.import.bad_period", p.From.String()+" to "+p.To.String()+" ends before it starts",
			"value", p.From.String()+" ~ "+p.To.String())
		good = false
	}
	return p, good
}

// day reads a from or to cell.
func (h header) day(rec sheetRow, key string, add report) (core.Date, bool) {
	v := h.cell(rec, key)
	d, ok := ParseDay(v)
	switch {
	case v == "":
		add(h.names[key], "perf.import.empty", "is empty")
	case !ok:
		add(h.names[key], "perf.import.bad_day", v+" is not a day (2026-11-01)", "value", v)
	}
	return d, ok
}
