package web

import (
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/signin"
)

func (c *Console) routeMe() {
	if c.cfg.Attendance == nil || c.cfg.Leave == nil {
		return
	}
	c.addNav("/me", "web.nav.my_month", "", true)
	c.addNav("/me/leave", "web.nav.my_leave", "", true)
	c.addNav("/me/shifts", "web.nav.my_shifts", "", true)
	c.mux.HandleFunc("GET /me", c.page(c.myMonth))
	c.mux.HandleFunc("GET /me/leave", c.page(c.myLeave))
	c.mux.HandleFunc("POST /me/leave/preview", c.page(c.previewLeave))
	c.mux.HandleFunc("POST /me/leave", c.page(c.submitLeave))
	c.mux.HandleFunc("POST /me/leave/{id}/cancel", c.page(c.cancelLeave))
	c.mux.HandleFunc("GET /me/shifts", c.page(c.myShifts))
}

type monthRow struct {
	Date, Shift, In, Out string
	Late, Early          int
	Flags                string
}

type monthData struct {
	Month   string
	Summary []string
	Rows    []monthRow
}

// myMonth is the reader's attendance this month (or ?month=2026-11).
func (c *Console) myMonth(rq *request) error {
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	day := today
	if s := rq.r.URL.Query().Get("month"); s != "" {
		d, err := core.ParseDate(s + "-01")
		if err != nil {
			return core.Errorf(core.EInvalid, "web.bad_month", "bad month %q", s).With("month", s)
		}
		day = d
	}
	sum, err := c.cfg.Attendance.Month(rq.r.Context(), rq.m, day)
	if err != nil {
		return err
	}
	v := view{request: rq}
	data := monthData{Month: day.String()[:7], Summary: []string{
		rq.T("web.month.worked", "worked", strconv.Itoa(sum.WorkedDays), "planned", strconv.Itoa(sum.PlannedDays)),
		rq.T("web.month.late", "count", strconv.Itoa(sum.LateCount), "minutes", strconv.Itoa(sum.LateMinutes)),
		rq.T("web.month.absent", "count", strconv.Itoa(sum.AbsentDays)),
		rq.T("web.month.leave", "count", strconv.Itoa(sum.LeaveDays)),
		rq.T("web.month.pending", "count", strconv.Itoa(sum.Pending)),
	}}
	for _, r := range sum.Records {
		data.Rows = append(data.Rows, monthRow{Date: r.WorkDate.String(), Shift: r.ShiftKey, In: v.Clock(r.CheckIn),
			Out: v.Clock(r.CheckOut), Late: r.LateMinutes, Early: r.EarlyMinutes, Flags: strings.Join(r.Flags, ", ")})
	}
	return c.render(rq, "month", "web.title.my_month", data)
}

type leaveTypeOption struct{ Key, Name string }

type balanceRow struct{ Type, Available, Used, Pending string }

type myRequest struct {
	ID           int64
	Type, When   string
	Status       string
	Cancellable  bool
	RejectReason string
}

type leaveData struct {
	Types    []leaveTypeOption
	Balances []balanceRow
	Requests []myRequest
	Form     leaveForm
	Preview  []string // lines of the preview, once asked for
}

// leaveForm is the request form as typed, kept across preview and errors.
type leaveForm struct {
	Type, From, To, FromPart, ToPart, Reason string
}

// myLeave shows balances, the reader's requests and the request form.
func (c *Console) myLeave(rq *request) error {
	data, err := c.leaveData(rq, leaveForm{FromPart: string(leave.FullDay), ToPart: string(leave.FullDay)})
	if err != nil {
		return err
	}
	return c.render(rq, "leave_mine", "web.title.my_leave", data)
}

func (c *Console) leaveData(rq *request, form leaveForm) (leaveData, error) {
	ctx := rq.r.Context()
	setup, err := c.cfg.Leave.Setup(ctx, rq.m.Org)
	if err != nil {
		return leaveData{}, err
	}
	data := leaveData{Form: form}
	for _, t := range setup.AvailableTypes(rq.m.Employee) {
		data.Types = append(data.Types, leaveTypeOption{Key: t.Key, Name: rq.words.LeaveType(t)})
	}
	bs, err := c.cfg.Leave.Balances(ctx, rq.m)
	if err != nil {
		return leaveData{}, err
	}
	data.Balances = balanceRowsOf(rq, bs, setup.Policy.DayMinutes)
	mine, err := c.cfg.Leave.Mine(ctx, rq.m)
	if err != nil {
		return leaveData{}, err
	}
	for _, r := range mine {
		name := r.Type
		if t, ok := setup.TypeByWord(r.Type); ok {
			name = rq.words.LeaveType(t)
		}
		data.Requests = append(data.Requests, myRequest{ID: r.ID, Type: name, When: rq.words.LeaveRequest(r),
			Status: rq.T("web.leave_status." + string(r.Status)), RejectReason: r.RejectReason,
			Cancellable: r.Status == leave.Pending || r.Status == leave.Approved})
	}
	return data, nil
}

// ask reads the request form into the ask chat would make.
func ask(form leaveForm) (leave.Ask, error) {
	from, err := core.ParseDate(form.From)
	if err != nil {
		return leave.Ask{}, core.Errorf(core.EInvalid, "web.bad_date", "bad date %q", form.From).With("date", form.From)
	}
	to := from
	if form.To != "" {
		if to, err = core.ParseDate(form.To); err != nil {
			return leave.Ask{}, core.Errorf(core.EInvalid, "web.bad_date", "bad date %q", form.To).With("date", form.To)
		}
	}
	part := func(s string) leave.Part {
		switch leave.Part(s) {
		case leave.Morning, leave.Afternoon:
			return leave.Part(s)
		}
		return leave.FullDay
	}
	return leave.Ask{Type: form.Type, Span: leave.Span{From: from, To: to, FromPart: part(form.FromPart), ToPart: part(form.ToPart)},
		Reason: strings.TrimSpace(form.Reason)}, nil
}

func readLeaveForm(rq *request) leaveForm {
	f := rq.r.PostForm
	return leaveForm{Type: f.Get("type"), From: f.Get("from"), To: f.Get("to"), FromPart: f.Get("from_part"),
		ToPart: f.Get("to_part"), Reason: f.Get("reason")}
}

// previewLeave shows what the request would cost and who approves it, as
// chat's preview does, with a button to send it.
func (c *Console) previewLeave(rq *request) error {
	form := readLeaveForm(rq)
	data, err := c.leaveData(rq, form)
	if err != nil {
		return err
	}
	a, err := ask(form)
	if err == nil {
		var p leave.Preview
		if p, err = c.cfg.Leave.Preview(rq.r.Context(), rq.m, a); err == nil {
			data.Preview = c.previewLines(rq, p)
			return c.render(rq, "leave_mine", "web.title.my_leave", data)
		}
	}
	if core.ErrorCodeOf(err) == core.EInternal {
		return err
	}
	return c.renderStatus(rq, 400, "leave_mine", "web.title.my_leave", data, rq.words.Error(err))
}

func (c *Console) previewLines(rq *request, p leave.Preview) []string {
	setup, _ := c.cfg.Leave.Setup(rq.r.Context(), rq.m.Org)
	dm := setup.Policy.DayMinutes
	lines := []string{rq.T("leave.preview", "type", rq.words.LeaveType(p.Type), "span", rq.words.LeaveSpan(p.Ask.Span),
		"cost", rq.words.LeaveCost(p.Type, p.Minutes, dm))}
	if p.Balance.Unlimited {
		lines = append(lines, rq.T("leave.preview_unlimited"))
	} else {
		unit := strings.TrimPrefix(rq.words.LeaveAmount(p.Type, 0, dm), "0 ")
		before := strings.TrimSuffix(rq.words.LeaveAmount(p.Type, p.Balance.Available, dm), " "+unit)
		after := strings.TrimSuffix(rq.words.LeaveAmount(p.Type, p.After, dm), " "+unit)
		lines = append(lines, rq.T("leave.preview_balance", "before", before, "after", after, "unit", unit))
	}
	if p.Ask.Reason != "" {
		lines = append(lines, rq.T("leave.preview_reason", "reason", p.Ask.Reason))
	}
	if p.Approver.ID != 0 {
		lines = append(lines, rq.T("leave.preview_approver", "approver", p.Approver.Name))
	}
	if p.NeedsHR {
		lines = append(lines, rq.T("leave.preview_hr"))
	}
	return lines
}

// submitLeave sends the request: the manager gets chat's Approve and
// Reject buttons, exactly as for a request made in chat.
func (c *Console) submitLeave(rq *request) error {
	form := readLeaveForm(rq)
	a, err := ask(form)
	if err == nil {
		_, _, err = c.cfg.Leave.Submit(rq.r.Context(), rq.m, a, signin.Channel)
	}
	if err == nil {
		return rq.back("/me/leave", "web.done.leave_sent")
	}
	if core.ErrorCodeOf(err) == core.EInternal {
		return err
	}
	data, derr := c.leaveData(rq, form)
	if derr != nil {
		return derr
	}
	return c.renderStatus(rq, 400, "leave_mine", "web.title.my_leave", data, rq.words.Error(err))
}

func (c *Console) cancelLeave(rq *request) error {
	id, err := strconv.ParseInt(rq.r.PathValue("id"), 10, 64)
	if err != nil {
		return core.Errorf(core.ENotFound, "web.not_found", "no such request")
	}
	if _, err := c.cfg.Leave.Cancel(rq.r.Context(), rq.m, id, signin.Channel); err != nil {
		return err
	}
	return rq.back("/me/leave", "web.done.leave_cancelled")
}

type shiftRow struct {
	Date, Weekday, Shift, Note string
	Off                        bool
}

// myShifts is the reader's next two weeks.
func (c *Console) myShifts(rq *request) error {
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	plans, onLeave, err := c.cfg.Attendance.Week(rq.r.Context(), rq.m, today, 14)
	if err != nil {
		return err
	}
	var rows []shiftRow
	for _, p := range plans {
		row := shiftRow{Date: p.Date.String(), Weekday: rq.T("web.weekday." + strconv.Itoa(int(p.Date.Weekday()))),
			Note: rq.words.Name(p.HolidayName)}
		switch {
		case onLeave[p.Date]:
			row.Shift, row.Off = rq.T("web.on_leave"), true
		case p.Working:
			row.Shift = rq.words.Shift(p)
		default:
			row.Shift, row.Off = rq.T("web.day_off"), true
		}
		rows = append(rows, row)
	}
	return c.render(rq, "shifts", "web.title.my_shifts", rows)
}
