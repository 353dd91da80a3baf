package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/signin"
)

// The Schedule page: a team's month, person by day, and the changes made
// from it (one day, swaps, a rotation). Every change goes through the
// attendance service chat's plan comes from, so /today, check-in judgments
// and reminders follow at once; refusals are decided and audited there.

func (c *Console) routeRota() {
	if c.cfg.Attendance == nil {
		return
	}
	c.addNav("/rota", "web.nav.rota", core.ActionRotaEdit, false)
	c.mux.HandleFunc("GET /rota", c.staffPage(core.ActionRotaEdit, c.rota))
	c.mux.HandleFunc("GET /rota/day", c.staffPage(core.ActionRotaEdit, c.rotaDay))
	c.mux.HandleFunc("POST /rota/day", c.staffPage(core.ActionRotaEdit, c.setRotaDay))
	c.mux.HandleFunc("POST /rota/swap", c.staffPage(core.ActionRotaEdit, c.swapRotaDays))
	c.mux.HandleFunc("POST /rota/swap-own", c.staffPage(core.ActionRotaEdit, c.swapOwnRotaDays))
	c.mux.HandleFunc("POST /rota/rotation", c.staffPage(core.ActionRotaEdit, c.assignRotation))
}

type rotaTeam struct {
	Key, Name string
	Selected  bool
}

// rotaPage is the grid page; Head and Body are the table's markup, written
// in Go (see rotaGrid).
type rotaPage struct {
	Month, Prev, Next string // 2026-12
	Team              string
	Teams             []rotaTeam
	Head, Body        template.HTML
	Legend            []legendItem
	Holidays          []string
	Count             int
	People            string // the rows' keys, for app.js
	Compact           bool
}

// rota is the month grid of a team (or of everyone the reader may see).
func (c *Console) rota(rq *request) error {
	month, err := c.monthParam(rq, rq.r.URL.Query().Get("month"))
	if err != nil {
		return err
	}
	team := rq.r.URL.Query().Get("team")
	r, err := c.cfg.Attendance.Rota(rq.r.Context(), rq.m, team, month)
	if err != nil {
		return err
	}
	g := newRotaGrid(rq, r)
	data := rotaPage{Month: monthOf(r.Month), Prev: monthOf(r.Month.AddDays(-1)), Next: monthOf(r.Month.MonthEnd().AddDays(1)),
		Team: team, Head: g.head(), Body: g.body(), Legend: g.legend, Count: len(r.Rows), People: g.people(), Compact: !g.rich}
	for _, t := range r.Teams {
		data.Teams = append(data.Teams, rotaTeam{Key: t.Key, Name: rq.words.Name(t.Name), Selected: t.Key == team})
	}
	for _, d := range r.Days {
		if d.HolidayName != "" {
			data.Holidays = append(data.Holidays, d.Date.String()[5:]+" "+rq.words.Name(d.HolidayName)+" · "+rq.T(kindKey(d)))
		}
	}
	return c.render(rq, "rota", "web.title.rota", data)
}

// monthParam reads ?month=2026-12; none is the current month.
func (c *Console) monthParam(rq *request, s string) (core.Date, error) {
	if s == "" {
		return core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location())).MonthStart(), nil
	}
	d, err := core.ParseDate(s + "-01")
	if err != nil {
		return core.Date{}, core.Errorf(core.EInvalid, "web.bad_month", "bad month %q", s).With("month", s)
	}
	return d, nil
}

func monthOf(d core.Date) string { return d.String()[:7] }

// rotaURL is the grid of team's month; changes go back to it.
func rotaURL(team string, day core.Date) string {
	q := url.Values{"month": {monthOf(day)}}
	if team != "" {
		q.Set("team", team)
	}
	return "/rota?" + q.Encode()
}

// rotaDayPage is one person's day, with the forms that change it.
type rotaDayPage struct {
	Person, Name, Team string
	Date, Weekday      string
	Plan               string // as planned now
	Notes              []string
	Back               string
	Shifts             []option // the day's choices: shifts, off, back to the schedule
	Others             []option // whom to swap with
	Schedules          []option
	Offset             int
	MaxOffset          int
	// Pick is set when no person was named (a day's header on the grid):
	// the page asks whom to change, from Others.
	Pick bool
}

// rotaDay shows one person's day and the forms that change it.
func (c *Console) rotaDay(rq *request) error {
	q := rq.r.URL.Query()
	pick := c.rotaPickData
	if q.Get("person") != "" {
		pick = func(rq *request, _, date, team string) (rotaDayPage, error) {
			return c.rotaDayData(rq, q.Get("person"), date, team)
		}
	}
	data, err := pick(rq, "", q.Get("date"), q.Get("team"))
	if err != nil {
		return err
	}
	return c.render(rq, "rota_day", "web.title.rota_day", data)
}

// rotaPickData is the day page before a person is picked: whom of the
// team the reader may change.
func (c *Console) rotaPickData(rq *request, _, date, team string) (rotaDayPage, error) {
	day, err := core.ParseDate(date)
	if err != nil {
		return rotaDayPage{}, core.Errorf(core.EInvalid, "web.bad_date", "bad date %q", date).With("date", date)
	}
	r, err := c.cfg.Attendance.Rota(rq.r.Context(), rq.m, team, day)
	if err != nil {
		return rotaDayPage{}, err
	}
	data := rotaDayPage{Pick: true, Team: team, Date: day.String(), Back: rotaURL(team, day),
		Weekday: rq.T("web.weekday." + strconv.Itoa(int(day.Weekday())))}
	for _, row := range r.Rows {
		if row.Editable {
			data.Others = append(data.Others, option{Value: row.Employee.Key, Label: rq.words.Name(row.Employee.Name)})
		}
	}
	return data, nil
}

// rotaDayData reads the person's month as the reader sees it and lays out
// the day page. Someone the reader may not change is refused (audited).
func (c *Console) rotaDayData(rq *request, person, date, team string) (rotaDayPage, error) {
	ctx := rq.r.Context()
	day, err := core.ParseDate(date)
	if err != nil {
		return rotaDayPage{}, core.Errorf(core.EInvalid, "web.bad_date", "bad date %q", date).With("date", date)
	}
	r, err := c.cfg.Attendance.Rota(ctx, rq.m, "", day)
	if err != nil {
		return rotaDayPage{}, err
	}
	row := -1
	for i := range r.Rows {
		if r.Rows[i].Employee.Key == person {
			row = i
		}
	}
	if row < 0 {
		return rotaDayPage{}, core.Errorf(core.ENotFound, "web.not_found", "no person %q on the reader's rota", person)
	}
	e := r.Rows[row].Employee
	if err := c.cfg.Directory.Authorize(ctx, rq.m, core.ActionRotaEdit, &e, signin.Channel); err != nil {
		return rotaDayPage{}, err
	}
	cell := r.Rows[row].Cells[r.Month.DaysUntil(day)]
	g := newRotaGrid(rq, r)
	data := rotaDayPage{Person: e.Key, Name: rq.words.Name(e.Name), Team: team, Date: day.String(),
		Weekday: rq.T("web.weekday." + strconv.Itoa(int(day.Weekday()))), Plan: g.planText(cell),
		Notes: g.cellNotes(r.Days[r.Month.DaysUntil(day)], cell), Back: rotaURL(team, day), Offset: e.RotationOffset}
	data.Shifts = append(data.Shifts, option{Value: "clear", Label: rq.T("web.rota.as_scheduled"), Selected: !cell.Overridden})
	for _, sh := range r.Shifts {
		data.Shifts = append(data.Shifts, option{Value: "s:" + sh.Key, Label: g.shiftText(&sh),
			Selected: cell.Overridden && cell.Shift != nil && cell.Shift.Key == sh.Key})
	}
	data.Shifts = append(data.Shifts, option{Value: "off", Label: rq.T("web.rota.off"), Selected: cell.Overridden && cell.Shift == nil})
	for _, o := range r.Rows {
		if o.Editable && o.Employee.ID != e.ID {
			data.Others = append(data.Others, option{Value: o.Employee.Key, Label: rq.words.Name(o.Employee.Name)})
		}
	}
	data.Schedules = append(data.Schedules, option{Value: "std", Label: rq.T("att.standard_hours"), Selected: e.ScheduleKey == ""})
	for _, sc := range r.Schedules {
		data.Schedules = append(data.Schedules, option{Value: "s:" + sc.Key,
			Label: rq.words.Name(sc.Name) + " (0–" + strconv.Itoa(sc.Steps()-1) + ")", Selected: sc.Key == e.ScheduleKey})
		data.MaxOffset = max(data.MaxOffset, sc.Steps()-1)
	}
	return data, nil
}

// rotaForm is what every rota form posts.
type rotaForm struct {
	Person, Team string
	Day          core.Date
}

func readRotaForm(rq *request, dateField string) (rotaForm, error) {
	f := rotaForm{Person: rq.r.PostFormValue("person"), Team: rq.r.PostFormValue("team")}
	s := rq.r.PostFormValue(dateField)
	d, err := core.ParseDate(s)
	if err != nil {
		return f, core.Errorf(core.EInvalid, "web.bad_date", "bad date %q", s).With("date", s)
	}
	f.Day = d
	return f, nil
}

// setRotaDay plans one day: a shift, a day off, or what the schedule says.
func (c *Console) setRotaDay(rq *request) error {
	f, err := readRotaForm(rq, "date")
	if err == nil {
		ctx := rq.r.Context()
		switch choice := rq.r.PostFormValue("shift"); {
		case choice == "clear":
			err = c.cfg.Attendance.ClearDay(ctx, rq.m, f.Person, f.Day, signin.Channel)
		case choice == "off":
			err = c.cfg.Attendance.SetDay(ctx, rq.m, f.Person, f.Day, "", signin.Channel)
		case strings.HasPrefix(choice, "s:"):
			err = c.cfg.Attendance.SetDay(ctx, rq.m, f.Person, f.Day, strings.TrimPrefix(choice, "s:"), signin.Channel)
		default:
			err = core.Errorf(core.EInvalid, "web.rota.pick", "no choice %q", choice)
		}
	}
	return c.afterRota(rq, f, err, "web.done.rota_day")
}

// swapRotaDays gives two people each other's plan for a day.
func (c *Console) swapRotaDays(rq *request) error {
	f, err := readRotaForm(rq, "date")
	if err == nil {
		err = c.cfg.Attendance.SwapDays(rq.r.Context(), rq.m, f.Person, rq.r.PostFormValue("other"), f.Day, signin.Channel)
	}
	return c.afterRota(rq, f, err, "web.done.rota_swap")
}

// swapOwnRotaDays swaps one person's plans of two days.
func (c *Console) swapOwnRotaDays(rq *request) error {
	f, err := readRotaForm(rq, "date")
	if err == nil {
		var other rotaForm
		if other, err = readRotaForm(rq, "date2"); err == nil {
			err = c.cfg.Attendance.SwapOwnDays(rq.r.Context(), rq.m, f.Person, f.Day, other.Day, signin.Channel)
		}
	}
	return c.afterRota(rq, f, err, "web.done.rota_swap")
}

// assignRotation puts a person on a schedule at a rotation offset.
func (c *Console) assignRotation(rq *request) error {
	f, err := readRotaForm(rq, "date")
	if err == nil {
		schedule := strings.TrimPrefix(rq.r.PostFormValue("schedule"), "s:")
		if schedule == "std" {
			schedule = ""
		}
		offset, perr := strconv.Atoi(strings.TrimSpace(rq.r.PostFormValue("offset")))
		if perr != nil {
			offset = -1 // refused by the service with the range it takes
		}
		err = c.cfg.Attendance.AssignRotation(rq.r.Context(), rq.m, f.Person, schedule, offset, signin.Channel)
	}
	return c.afterRota(rq, f, err, "web.done.rota_rotation")
}

// afterRota goes back to the grid after a change; a refusal the reader
// can act on (a past day, someone already checked in) is shown on the day
// page, above its forms. Refusals by permission and unknown people get
// the error page.
func (c *Console) afterRota(rq *request, f rotaForm, err error, notice string) error {
	if err == nil {
		return rq.back(rotaURL(f.Team, f.Day), notice)
	}
	code := core.ErrorCodeOf(err)
	if code != core.EInvalid && code != core.EConflict || f.Day.IsZero() {
		return err
	}
	data, derr := c.rotaDayData(rq, f.Person, f.Day.String(), f.Team)
	if derr != nil {
		return err
	}
	status := http.StatusBadRequest
	if code == core.EConflict {
		status = http.StatusConflict
	}
	return c.renderStatus(rq, status, "rota_day", "web.title.rota_day", data, rq.words.Error(err))
}

// kindKey is the catalogue key naming a day's kind.
func kindKey(d attendance.RotaDay) string { return "web.rota.kind." + d.Kind.String() }
