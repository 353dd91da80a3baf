package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/signin"
)

// routeLeave serves the team's leave: who is off this month, everyone's
// balances, and HR's adjustments. Who sees whom follows chat's /whosoff.
func (c *Console) routeLeave() {
	if c.cfg.Leave == nil || c.cfg.Attendance == nil {
		return
	}
	c.addNav("/leave", "web.nav.leave", core.ActionAttendanceTeam, false)
	c.mux.HandleFunc("GET /leave", c.staffPage(core.ActionAttendanceTeam, c.teamLeave))
	c.mux.HandleFunc("POST /leave/adjust", c.staffPage(core.ActionLeaveAdjust, c.adjustLeave))
}

// calDay is one day of the leave calendar.
type calDay struct {
	Date, Weekday string
	Weekend       bool
	Holiday       string
	Off           []calOff
}

// calOff is one person off on a day.
type calOff struct {
	Name, Type string
	Pending    bool
}

// balanceCell is one person's balance of one type.
type balanceCell struct{ Available, Used string }

type personRow struct {
	Key, Name string
	Cells     []balanceCell
}

// adjustForm is the adjustment form as typed, kept across errors.
type adjustForm struct {
	Person, Type, Year, Amount, Reason string
}

type teamLeaveData struct {
	Month     string
	Days      []calDay
	Types     []leaveTypeOption
	People    []personRow
	CanAdjust bool
	Form      adjustForm
}

// teamLeave is the month's calendar of who is off and everyone's balances.
func (c *Console) teamLeave(rq *request) error {
	year := c.cfg.Clock.Now().In(rq.m.Org.Location()).Year()
	data, err := c.teamLeaveData(rq, adjustForm{Year: strconv.Itoa(year)})
	if err != nil {
		return err
	}
	return c.render(rq, "leave_team", "web.title.leave", data)
}

func (c *Console) teamLeaveData(rq *request, form adjustForm) (teamLeaveData, error) {
	ctx := rq.r.Context()
	first, err := monthParam(rq, c.cfg.Clock)
	if err != nil {
		return teamLeaveData{}, err
	}
	last := first.MonthEnd()
	cal, err := c.cfg.Leave.OffCalendar(ctx, rq.m, first, last)
	if err != nil {
		return teamLeaveData{}, err
	}
	setup, err := c.cfg.Leave.Setup(ctx, rq.m.Org)
	if err != nil {
		return teamLeaveData{}, err
	}
	data := teamLeaveData{Month: first.String()[:7], Form: form,
		CanAdjust: core.Authorize(rq.m, core.ActionLeaveAdjust, nil) == nil}
	typeName := func(key string) string {
		if t, ok := setup.Type(key); ok {
			return rq.words.LeaveType(t)
		}
		return key
	}
	for d := first; !d.After(last); d = d.AddDays(1) {
		day := calDay{Date: d.String(), Weekday: rq.T("web.weekday." + strconv.Itoa(int(d.Weekday()))),
			Weekend: d.Weekday() == 0 || d.Weekday() == 6, Holiday: rq.words.Name(cal.Holidays[d])}
		for _, set := range []struct {
			rs      []leave.Request
			pending bool
		}{{cal.Approved, false}, {cal.Pending, true}} {
			for _, r := range set.rs {
				if !d.Before(r.Span.From) && !d.After(r.Span.To) {
					day.Off = append(day.Off, calOff{Name: rq.words.Name(r.EmployeeName), Type: typeName(r.Type), Pending: set.pending})
				}
			}
		}
		data.Days = append(data.Days, day)
	}
	for _, t := range setup.Types {
		data.Types = append(data.Types, leaveTypeOption{Key: t.Key, Name: rq.words.LeaveType(t)})
	}
	people, err := c.cfg.Leave.TeamBalances(ctx, rq.m)
	if err != nil {
		return teamLeaveData{}, err
	}
	for _, p := range people {
		row := personRow{Key: p.Employee.Key, Name: rq.words.Name(p.Employee.Name), Cells: make([]balanceCell, len(setup.Types))}
		for _, b := range p.Balances {
			for i, t := range setup.Types {
				if t.Key != b.Type.Key {
					continue
				}
				cell := balanceCell{Available: rq.T("web.unlimited"), Used: rq.words.LeaveAmount(t, b.Used, setup.Policy.DayMinutes)}
				if !b.Unlimited {
					cell.Available = rq.words.LeaveAmount(t, b.Available, setup.Policy.DayMinutes)
				}
				row.Cells[i] = cell
			}
		}
		data.People = append(data.People, row)
	}
	return data, nil
}

// monthParam is the first day of ?month=YYYY-MM, this month without one.
func monthParam(rq *request, clock core.Clock) (core.Date, error) {
	today := core.DateOf(clock.Now().In(rq.m.Org.Location()))
	s := rq.r.URL.Query().Get("month")
	if s == "" {
		return today.MonthStart(), nil
	}
	d, err := core.ParseDate(s + "-01")
	if err != nil {
		return core.Date{}, core.Errorf(core.EInvalid, "web.bad_month", "bad month %q", s).With("month", s)
	}
	return d.MonthStart(), nil
}

// adjustLeave changes someone's balance by hand, as HR, with a reason:
// the amount is typed in the type's unit (days, or hours).
func (c *Console) adjustLeave(rq *request) error {
	f := rq.r.PostForm
	form := adjustForm{Person: f.Get("person"), Type: f.Get("type"), Year: f.Get("year"), Amount: f.Get("amount"),
		Reason: f.Get("reason")}
	err := c.adjust(rq, form)
	if err == nil {
		return rq.back("/leave", "web.done.leave_adjusted")
	}
	if core.ErrorCodeOf(err) == core.EInternal || core.ErrorCodeOf(err) == core.EForbidden {
		return err
	}
	data, derr := c.teamLeaveData(rq, form)
	if derr != nil {
		return derr
	}
	return c.renderStatus(rq, http.StatusBadRequest, "leave_team", "web.title.leave", data, rq.words.Error(err))
}

func (c *Console) adjust(rq *request, form adjustForm) error {
	setup, err := c.cfg.Leave.Setup(rq.r.Context(), rq.m.Org)
	if err != nil {
		return err
	}
	t, ok := setup.Type(form.Type)
	if !ok {
		return core.Errorf(core.EInvalid, "leave.unknown_type", "no leave type %q", form.Type).With("type", form.Type)
	}
	year, err := strconv.Atoi(strings.TrimSpace(form.Year))
	amount, aerr := strconv.ParseFloat(strings.TrimSpace(form.Amount), 64)
	if err != nil || aerr != nil || math.IsNaN(amount) || math.IsInf(amount, 0) || math.Abs(amount) > 10000 {
		return core.Errorf(core.EInvalid, "leave.adjust_amount", "bad amount %q or year %q", form.Amount, form.Year)
	}
	unit := setup.Policy.DayMinutes
	if t.Unit == leave.UnitHour {
		unit = 60
	}
	minutes := int(math.Round(amount * float64(unit)))
	return c.cfg.Leave.Adjust(rq.r.Context(), rq.m, form.Person, t.Key, year, minutes, form.Reason, signin.Channel)
}
