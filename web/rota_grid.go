package web

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
)

// richCells is the largest grid whose every cell carries its full title,
// colour and its own link to the day page. A 500-person month is 15,500
// cells: a title and a link each would make it over a megabyte, so a
// bigger grid's cells are bare short codes and marks the legend explains;
// a day's header opens the day page with a person picker, and app.js
// opens a cell's day when clicked.
const richCells = 2500

// rotaGrid writes the month grid's markup. It is written here rather than
// with html/template's range: at 15,500 cells a template's per-cell
// actions cost several times the data's own read, and the bytes are
// counted (the page must stay under 100 KB). Every text it takes from the
// org or a person is escaped here.
type rotaGrid struct {
	rq        *request
	r         attendance.Rota
	codes     map[*attendance.Shift]string
	rich      bool
	legend    []legendItem
	leaveCode string
	linkDay   core.Date // the day a row's name opens
}

// legendItem explains a code or a class of the grid.
type legendItem struct{ Class, Code, Text string }

func newRotaGrid(rq *request, r attendance.Rota) *rotaGrid {
	g := &rotaGrid{rq: rq, r: r, codes: map[*attendance.Shift]string{}, rich: len(r.Rows)*len(r.Days) <= richCells,
		leaveCode: rq.T("web.rota.leave_code"), linkDay: r.Month}
	if !r.Today.Before(r.Month) && !r.Today.After(r.Month.MonthEnd()) {
		g.linkDay = r.Today
	}
	usesStandard := false
	for _, row := range r.Rows {
		for _, c := range row.Cells {
			usesStandard = usesStandard || c.Shift != nil && c.Shift == r.Standard
		}
	}
	// A shift's code is its start hour (9, 14, 8:30), lettered when two
	// start alike; the standard hours take theirs only when no shift has it.
	used := map[string]bool{}
	add := func(sh *attendance.Shift, taken string) {
		code := strconv.Itoa(sh.Start / 60)
		if sh.Start%60 != 0 {
			code = attendance.ClockTime(sh.Start)
		}
		if used[code] && taken != "" {
			code = taken
		}
		for base, n := code, 0; used[code]; n++ {
			code = base + string(rune('a'+n))
		}
		used[code] = true
		g.codes[sh] = code
		g.legend = append(g.legend, legendItem{Code: code, Text: g.shiftText(sh)})
	}
	for i := range r.Shifts {
		add(&r.Shifts[i], "")
	}
	if usesStandard && r.Standard != nil {
		add(r.Standard, rq.T("web.rota.standard_code"))
	}
	for _, it := range []legendItem{{Class: "w"}, {Class: "x"}, {Class: "m"}, {Class: "o", Code: "*"}, {Class: "l", Code: g.leaveCode},
		{Class: "h", Code: "½"}, {Class: "c", Code: "+"}} {
		it.Text = rq.T("web.rota.legend." + it.Class)
		g.legend = append(g.legend, it)
	}
	return g
}

// shiftText is a shift's full name and hours.
func (g *rotaGrid) shiftText(sh *attendance.Shift) string {
	if sh.Key == "" {
		return g.rq.T("att.standard_hours") + " " + sh.Hours()
	}
	return g.rq.words.Name(sh.Name) + " " + sh.Hours()
}

// planText is what a cell plans: a shift, or a day off.
func (g *rotaGrid) planText(c attendance.RotaCell) string {
	switch {
	case c.NotStarted:
		return g.rq.T("web.rota.not_started")
	case c.Shift != nil:
		return g.shiftText(c.Shift)
	}
	return g.rq.T("web.rota.off")
}

// cellNotes are the rest of a cell's story: its day, an override, leave,
// covers.
func (g *rotaGrid) cellNotes(d attendance.RotaDay, c attendance.RotaCell) []string {
	var out []string
	if d.HolidayName != "" {
		out = append(out, g.rq.words.Name(d.HolidayName)+" ("+g.rq.T(kindKey(d))+")")
	}
	if c.Overridden {
		out = append(out, g.rq.T("web.rota.legend.o"))
	}
	if l := c.Leave; l != nil {
		what := g.rq.T("web.on_leave")
		if l.TypeName != "" {
			what = g.rq.words.Name(l.TypeName)
		}
		out = append(out, what+" ("+g.rq.T("web.rota.part."+l.Part)+")")
	}
	v := view{request: g.rq}
	for _, cv := range c.Covers {
		out = append(out, g.rq.T("web.rota.cover", "job", g.rq.words.Job(cv.Job), "hours", v.Clock(cv.Start)+"–"+v.Clock(cv.End)))
	}
	return out
}

// dayClass is the class of a day's column: weekend, holiday, make-up day.
func dayClass(d attendance.RotaDay) string {
	switch d.Kind {
	case calendar.RestDay:
		return "w"
	case calendar.Holiday:
		return "x"
	case calendar.MakeupWorkday:
		return "m"
	}
	return ""
}

// head is the table's columns and header row: day number and weekday,
// holidays named in the header's title. A day's header opens the day page
// with a picker of whom to change: the way in that needs no script on a
// big grid.
func (g *rotaGrid) head() template.HTML {
	var b strings.Builder
	b.WriteString("<colgroup><col>")
	for _, d := range g.r.Days {
		b.WriteString("<col")
		if k := dayClass(d); k != "" {
			b.WriteString(" class=" + k)
		}
		b.WriteString(">")
	}
	b.WriteString("</colgroup><thead><tr><th scope=col>" + esc(g.rq.T("web.rota.person")))
	for _, d := range g.r.Days {
		cls := dayClass(d)
		if d.Date == g.r.Today {
			cls = strings.TrimSpace(cls + " t")
		}
		b.WriteString("<th scope=col")
		if cls != "" {
			b.WriteString(` class="` + cls + `"`)
		}
		if d.HolidayName != "" {
			b.WriteString(` title="` + esc(g.rq.words.Name(d.HolidayName)+" · "+g.rq.T(kindKey(d))) + `"`)
		}
		label := strconv.Itoa(d.Date.Day) + "<br>" + esc(g.rq.T("web.weekday."+strconv.Itoa(int(d.Date.Weekday()))))
		if d.Date.Before(g.r.Today) {
			b.WriteString(">" + label)
			continue
		}
		b.WriteString(`><a href="/rota/day?date=` + d.Date.String() + g.teamParam() + `">` + label + "</a>")
	}
	b.WriteString("</thead>")
	return template.HTML(b.String())
}

// teamParam carries the team shown to the day page and back.
func (g *rotaGrid) teamParam() string {
	if g.r.Team == "" {
		return ""
	}
	return "&amp;team=" + esc(url.QueryEscape(g.r.Team))
}

// body is a row per person, team by team when several are shown.
func (g *rotaGrid) body() template.HTML {
	var b strings.Builder
	b.Grow(len(g.r.Rows) * (len(g.r.Days)*5 + 40))
	b.WriteString("<tbody>")
	team := "\x00"
	for _, row := range g.r.Rows {
		e := row.Employee
		if g.r.Team == "" && e.TeamKey != team {
			team = e.TeamKey
			name := g.rq.T("web.rota.no_team")
			if e.TeamName != "" {
				name = g.rq.words.Name(e.TeamName)
			}
			b.WriteString("<tr class=g><th colspan=" + strconv.Itoa(len(g.r.Days)+1) + ">" + esc(name))
		}
		b.WriteString("<tr><th>")
		link := ""
		if row.Editable && g.rich {
			link = "/rota/day?person=" + esc(url.QueryEscape(e.Key)) + "&amp;date="
			b.WriteString(`<a href="` + link + g.linkDay.String() + g.teamParam() + `">` + esc(g.rq.words.Name(e.Name)) + "</a>")
		} else {
			b.WriteString(esc(g.rq.words.Name(e.Name)))
		}
		for j := range row.Cells {
			g.cell(&b, row.Cells[j], j, link)
		}
	}
	b.WriteString("</tbody>")
	return template.HTML(b.String())
}

// people are the rows' keys in order ("-" for whom the reader may not
// change), for app.js to open a big grid's cell: a key a row would cost
// more bytes than the whole list.
func (g *rotaGrid) people() string {
	keys := make([]string, len(g.r.Rows))
	for i, row := range g.r.Rows {
		keys[i] = "-"
		if row.Editable {
			keys[i] = row.Employee.Key
		}
	}
	return strings.Join(keys, " ")
}

// cell writes one person's day: the shift's code, marked when the day
// was changed on the rota (*), on leave (the leave code, or ½ for half a
// day) or covering (+); on a small grid also coloured by class, with its
// full title and a link.
func (g *rotaGrid) cell(b *strings.Builder, c attendance.RotaCell, j int, link string) {
	var cls []byte
	text := ""
	if c.Shift != nil {
		text = g.codes[c.Shift]
	}
	if c.Overridden {
		cls, text = append(cls, 'o', ' '), text+"*"
	}
	if l := c.Leave; l != nil {
		if l.Part == "full" {
			cls, text = append(cls, 'l', ' '), g.leaveCode
		} else {
			cls, text = append(cls, 'h', ' '), text+"½"
		}
	}
	if len(c.Covers) > 0 {
		cls, text = append(cls, 'c', ' '), text+"+"
	}
	if !g.rich {
		b.WriteString("<td>" + esc(text))
		return
	}
	b.WriteString("<td")
	switch {
	case len(cls) == 2:
		b.WriteString(" class=" + string(cls[0]))
	case len(cls) > 2:
		b.WriteString(` class="` + string(cls[:len(cls)-1]) + `"`)
	}
	day := g.r.Days[j]
	title := strings.Join(append([]string{g.planText(c)}, g.cellNotes(day, c)...), " · ")
	b.WriteString(` title="` + esc(title) + `">`)
	if text == "" {
		text = "-"
	}
	if link == "" || day.Date.Before(g.r.Today) {
		b.WriteString(esc(text))
		return
	}
	b.WriteString(`<a href="` + link + day.Date.String() + g.teamParam() + `">` + esc(text) + "</a>")
}

func esc(s string) string { return template.HTMLEscapeString(s) }
