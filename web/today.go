package web

import (
	"context"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/signin"
)

func (c *Console) routeToday() {
	if c.cfg.Attendance == nil || c.cfg.Leave == nil {
		return
	}
	c.addNav("/today", "web.nav.today", core.ActionAttendanceTeam, false)
	c.mux.HandleFunc("GET /today", c.staffPage(core.ActionAttendanceTeam, c.today))
	c.mux.HandleFunc("POST /approvals/leave/{id}", c.page(c.decideLeave))
	c.mux.HandleFunc("POST /approvals/correction/{id}", c.page(c.decideCorrection))
}

// todayGroup is the people in one state today.
type todayGroup struct {
	Status string
	Label  string
	People []todayPerson
	// Rows are People as table rows, written here rather than in the
	// template: a 500-person shop's Today spent most of its time in the
	// template's per-cell escaping.
	Rows template.HTML
}

type todayPerson struct {
	Name, Team, Shift string
	In, Out           string
	Late              int
	OnCover           bool
}

// approval is something waiting for the reader's decision.
type approval struct {
	Kind   string // "leave" or "correction"
	ID     int64
	Name   string
	What   string
	When   string
	Reason string
	Docs   []docLink // a leave request's documents the reader may open
}

type todayData struct {
	Date      string
	Count     int
	Groups    []todayGroup
	Approvals []approval
}

// today is who is in, late, absent, off or on cover, and what waits for
// the reader's decision.
func (c *Console) today(rq *request) error {
	data, err := c.todayData(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "today", "web.title.today", data)
}

func (c *Console) todayData(rq *request) (todayData, error) {
	// Who is where and what waits for the reader are read side by side:
	// the page waits for the slower, not for both.
	var entries []attendance.TodayEntry
	var approvals []approval
	g, ctx := errgroup.WithContext(rq.r.Context())
	g.Go(func() (err error) {
		entries, err = c.cfg.Attendance.Today(ctx, rq.m, signin.Channel)
		return err
	})
	g.Go(func() (err error) {
		approvals, err = c.approvals(ctx, rq)
		return err
	})
	if err := g.Wait(); err != nil {
		return todayData{}, err
	}
	order := []attendance.TodayStatus{attendance.StatusAbsent, attendance.StatusLate, attendance.StatusIn, attendance.StatusExtra,
		attendance.StatusNotYet, attendance.StatusOut, attendance.StatusOnLeave, attendance.StatusOff}
	groups := map[attendance.TodayStatus][]todayPerson{}
	for _, e := range entries {
		p := todayPerson{Name: rq.words.Name(e.Employee.Name), Team: rq.words.Name(e.Employee.TeamName),
			OnCover: e.Plan.Shift.Key == attendance.CoverShiftKey}
		if e.Plan.Working || p.OnCover {
			p.Shift = rq.words.Shift(e.Plan)
		}
		if e.Record != nil {
			p.In, p.Out, p.Late = clockOrEmpty(rq, e.Record.CheckIn), clockOrEmpty(rq, e.Record.CheckOut), e.Record.LateMinutes
		}
		groups[e.Status] = append(groups[e.Status], p)
	}
	data := todayData{Date: core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location())).String(), Count: len(entries)}
	for _, st := range order {
		people := groups[st]
		if len(people) == 0 {
			continue
		}
		sort.Slice(people, func(i, j int) bool { return people[i].Name < people[j].Name })
		data.Groups = append(data.Groups, todayGroup{Status: string(st),
			Label: strings.TrimRight(rq.T("att.today."+string(st), "count", strconv.Itoa(len(people))), ":："), People: people,
			Rows: todayRows(people, rq.T("web.on_cover"))})
	}
	data.Approvals = approvals
	return data, nil
}

// approvals are the leave requests and corrections waiting for the reader.
func (c *Console) approvals(ctx context.Context, rq *request) ([]approval, error) {
	reqs, err := c.cfg.Leave.PendingFor(ctx, rq.m)
	if err != nil {
		return nil, err
	}
	setup, err := c.cfg.Leave.Setup(ctx, rq.m.Org)
	if err != nil {
		return nil, err
	}
	var out []approval
	for _, r := range reqs {
		what := r.Type
		if t, ok := setup.TypeByWord(r.Type); ok {
			what = rq.words.LeaveType(t) + " · " + rq.words.LeaveCost(t, r.Minutes, setup.Policy.DayMinutes)
		}
		out = append(out, approval{Kind: "leave", ID: r.ID, Name: rq.words.Name(r.EmployeeName), What: what,
			When: rq.words.LeaveRequest(r), Reason: r.Reason, Docs: c.requestDocuments(ctx, rq, r)})
	}
	cs, err := c.cfg.Attendance.PendingCorrections(ctx, rq.m)
	if err != nil {
		return nil, err
	}
	v := view{request: rq}
	for _, x := range cs {
		out = append(out, approval{Kind: "correction", ID: x.ID, Name: rq.words.Name(x.EmployeeName),
			What: rq.T("web.correction."+string(x.Kind), "time", v.Clock(x.At)), When: x.WorkDate.String(), Reason: x.Reason})
	}
	return out, nil
}

// todayRows writes people as table rows: name (marked when on cover),
// team, shift, and in–out with minutes late. Every text is escaped.
func todayRows(people []todayPerson, onCover string) template.HTML {
	var b strings.Builder
	b.Grow(len(people) * 120)
	esc := template.HTMLEscapeString
	for _, p := range people {
		b.WriteString("<tr><td>")
		b.WriteString(esc(p.Name))
		if p.OnCover {
			b.WriteString(` <span class="tag">` + esc(onCover) + `</span>`)
		}
		b.WriteString("</td><td>" + esc(p.Team) + "</td><td>" + esc(p.Shift) + "</td><td>" + esc(p.In))
		if p.Late > 0 {
			b.WriteString(" (+" + strconv.Itoa(p.Late) + ")")
		}
		if p.Out != "" {
			b.WriteString("–" + esc(p.Out))
		}
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String()) // #nosec G203 -- every text above is escaped
}

// clockOrEmpty is a time of day in the org's zone, "" for none.
func clockOrEmpty(rq *request, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(rq.m.Org.Location()).Format("15:04")
}

// decision reads an approval form: approve, or reject with a reason.
func decision(rq *request) (id int64, approve bool, reason string, err error) {
	id, err = strconv.ParseInt(rq.r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, false, "", core.Errorf(core.ENotFound, "web.not_found", "no such request")
	}
	approve = rq.r.PostFormValue("decision") == "approve"
	reason = rq.r.PostFormValue("reason")
	if !approve && reason == "" {
		return 0, false, "", core.Errorf(core.EInvalid, "web.reject_reason", "a rejection needs a reason")
	}
	return id, approve, reason, nil
}

// decideLeave approves or rejects a leave request exactly as the chat
// buttons do: the same service, so the employee is told in chat and a
// decision someone made first is reported, not repeated.
func (c *Console) decideLeave(rq *request) error {
	id, approve, reason, err := decision(rq)
	if err == nil {
		_, err = c.cfg.Leave.Decide(rq.r.Context(), rq.m, id, approve, reason, signin.Channel)
	}
	return c.afterDecision(rq, approve, err)
}

func (c *Console) decideCorrection(rq *request) error {
	id, approve, reason, err := decision(rq)
	if err == nil {
		_, err = c.cfg.Attendance.DecideCorrection(rq.r.Context(), rq.m, id, approve, reason, signin.Channel)
	}
	return c.afterDecision(rq, approve, err)
}

// afterDecision goes back to Today; a refusal (someone decided first, a
// missing reason) is shown on Today itself, above the list as it is now.
func (c *Console) afterDecision(rq *request, approved bool, err error) error {
	if err == nil {
		notice := "web.done.rejected"
		if approved {
			notice = "web.done.approved"
		}
		return rq.back(c.home(rq.m), notice)
	}
	if core.ErrorCodeOf(err) == core.EInternal || core.Authorize(rq.m, core.ActionAttendanceTeam, nil) != nil {
		return err
	}
	data, derr := c.todayData(rq)
	if derr != nil {
		return derr
	}
	status := http.StatusConflict
	if core.ErrorCodeOf(err) == core.EInvalid {
		status = http.StatusBadRequest
	}
	return c.renderStatus(rq, status, "today", "web.title.today", data, rq.words.Error(err))
}
