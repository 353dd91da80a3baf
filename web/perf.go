package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/core/signin"
)

// routePerf serves performance reviews (绩效): HR's cycles and the form
// that opens one (/perf), a cycle's progress and calibration
// (/perf/cycles/{id}), one review with its facts and the self and
// manager forms (/perf/reviews/{id}), everyone's own reviews
// (/me/reviews) and a person's one-on-one notes and goals
// (/people/{key}/notes). Who sees and does what is core/perf's to say,
// as in chat.
func (c *Console) routePerf() {
	if c.cfg.Perf == nil {
		return
	}
	c.addNav("/perf", "web.nav.perf", core.ActionPerfManage, false)
	c.addNav("/me/reviews", "web.nav.my_reviews", "", true)
	c.mux.HandleFunc("GET /perf", c.staffPage(core.ActionPerfManage, c.perfCycles))
	c.mux.HandleFunc("POST /perf/preview", c.staffPage(core.ActionPerfManage, c.perfPreview))
	c.mux.HandleFunc("POST /perf/open", c.staffPage(core.ActionPerfManage, c.perfOpen))
	c.mux.HandleFunc("GET /perf/cycles/{id}", c.page(c.perfCycle))
	c.mux.HandleFunc("POST /perf/cycles/{id}/publish", c.page(c.perfPublish))
	c.mux.HandleFunc("POST /perf/cycles/{id}/cancel", c.page(c.perfCancel))
	c.mux.HandleFunc("POST /perf/reviews/{id}/adjust", c.page(c.perfAdjust))
	c.mux.HandleFunc("GET /perf/reviews/{id}", c.page(c.perfReview))
	c.mux.HandleFunc("POST /perf/reviews/{id}/self", c.page(c.perfSelf))
	c.mux.HandleFunc("POST /perf/reviews/{id}/manager", c.page(c.perfManager))
	c.mux.HandleFunc("POST /perf/reviews/{id}/appeal", c.page(c.perfAppeal))
	c.mux.HandleFunc("POST /perf/reviews/{id}/answer", c.page(c.perfAnswer))
	c.mux.HandleFunc("GET /me/reviews", c.page(c.perfMine))
	c.mux.HandleFunc("GET /people/{key}/notes", c.page(c.perfNotes))
	c.mux.HandleFunc("POST /people/{key}/notes", c.page(c.perfAddNote))
	c.mux.HandleFunc("POST /people/{key}/goals", c.page(c.perfAddGoal))
}

// pathID is the {id} of the path; a malformed one is a review or cycle
// not found.
func pathID(rq *request, key string) (int64, error) {
	raw := rq.r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, core.Errorf(core.ENotFound, key, "no %q", raw).With("id", raw)
	}
	return id, nil
}

// isStaff: HR and admins, who run the cycles.
func isStaff(m core.Member) bool { return core.Authorize(m, core.ActionPerfManage, nil) == nil }

// cycleRow is one cycle as the list shows it.
type cycleRow struct {
	ID                                          int64
	Name, Kind, Scope, Period, Phase            string
	SelfDone, ManagerDone, People               int
	SelfDue, ManagerDue, CalibrationDue, PayDay string
}

// openForm is the form that opens a cycle, as typed.
type openForm struct {
	Name, Kind, Scope, From, To, SelfDue, ManagerDue, CalibrationDue string
	NoBonus                                                          bool
}

// planRow is one person of a previewed cycle.
type planRow struct {
	Name, Job, Items string
}

type cyclesData struct {
	Cycles  []cycleRow
	Form    openForm
	Kinds   []option
	Teams   []option
	Jobs    []option
	People  []option
	Preview *cycleRow
	Plan    []planRow
	Appeals []appealRow
}

// appealRow is an open appeal HR has to answer.
type appealRow struct {
	ID         int64
	Name, When string
}

// perfCycles is HR's list of cycles, the open appeals and the form that
// opens a cycle, prefilled with a monthly cycle's defaults for today.
func (c *Console) perfCycles(rq *request) error {
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	ask := perf.Defaults(perf.Ask{Kind: perf.Monthly}, today)
	f := openForm{Kind: string(perf.Monthly), Scope: string(perf.ScopeOrg), From: ask.Period.From.String(), To: ask.Period.To.String(),
		SelfDue: ask.SelfDue.String(), ManagerDue: ask.ManagerDue.String(), CalibrationDue: ask.CalibrationDue.String()}
	d, err := c.cyclesData(rq, f)
	if err != nil {
		return err
	}
	return c.render(rq, "perf_cycles", "web.title.perf", d)
}

func (c *Console) cyclesData(rq *request, f openForm) (cyclesData, error) {
	ctx := rq.r.Context()
	d := cyclesData{Form: f}
	cs, err := c.cfg.Perf.Cycles(ctx, rq.m, signin.Channel)
	if err != nil {
		return d, err
	}
	for _, cy := range cs {
		p, err := c.cfg.Perf.CycleProgress(ctx, rq.m, cy.ID, signin.Channel)
		if err != nil {
			return d, err
		}
		row := c.cycleRow(rq, p.Cycle, p.Phase)
		row.SelfDone, row.ManagerDone, row.People = p.SelfDone, p.ManagerDone, len(p.Reviews)
		d.Cycles = append(d.Cycles, row)
	}
	appeals, err := c.cfg.Perf.Appeals(ctx, rq.m, signin.Channel)
	if err != nil {
		return d, err
	}
	for _, r := range appeals {
		d.Appeals = append(d.Appeals, appealRow{ID: r.ID, Name: rq.words.Name(r.EmployeeName), When: view{request: rq}.When(r.AppealedAt)})
	}
	for _, k := range []perf.Kind{perf.Monthly, perf.Quarterly, perf.Annual, perf.Probation} {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: rq.T("web.perf.kind." + string(k))})
	}
	if c.cfg.Staff != nil {
		org, err := c.cfg.Staff.Desk(ctx, rq.m, signin.Channel)
		if err != nil {
			return d, err
		}
		for _, t := range org.Teams {
			d.Teams = append(d.Teams, option{Value: "team:" + t.Key, Label: rq.words.Name(t.Name)})
		}
		for _, j := range org.Jobs {
			d.Jobs = append(d.Jobs, option{Value: "job:" + j.Key, Label: rq.words.Job(j.Key)})
		}
		for _, p := range org.People {
			if p.Status == core.StatusActive {
				d.People = append(d.People, option{Value: "person:" + p.Key, Label: rq.words.Name(p.Name)})
			}
		}
		sort.Slice(d.People, func(i, j int) bool { return d.People[i].Label < d.People[j].Label })
	}
	return d, nil
}

// cycleRow writes a cycle's name, kind, scope, period and phase.
func (c *Console) cycleRow(rq *request, cy perf.Cycle, ph perf.Phase) cycleRow {
	scope := rq.T("web.perf.scope.org")
	if cy.Scope != perf.ScopeOrg {
		scope = rq.T("web.perf.scope."+string(cy.Scope)) + " " + cy.ScopeKey
	}
	row := cycleRow{ID: cy.ID, Name: cy.Name, Kind: rq.T("web.perf.kind." + string(cy.Kind)), Scope: scope,
		Period: cy.Period.From.String() + " – " + cy.Period.To.String(), Phase: phaseText(rq, cy, ph),
		SelfDue: cy.SelfDue.String(), ManagerDue: cy.ManagerDue.String(), CalibrationDue: cy.CalibrationDue.String()}
	if !cy.PayMonth.IsZero() {
		row.PayDay = cy.PayMonth.String()[:7]
	}
	return row
}

func phaseText(rq *request, cy perf.Cycle, ph perf.Phase) string {
	if ph == perf.PhaseDone {
		return rq.T("web.perf.status." + string(cy.Status))
	}
	return rq.T("web.perf.phase." + string(ph))
}

func readOpenForm(r *http.Request) openForm {
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return openForm{Name: g("name"), Kind: g("kind"), Scope: g("scope"), From: g("from"), To: g("to"), SelfDue: g("self_due"),
		ManagerDue: g("manager_due"), CalibrationDue: g("calibration_due"), NoBonus: r.PostFormValue("no_bonus") != ""}
}

// ask is the form as a perf.Ask; a date left empty takes the default.
func (f openForm) ask() (perf.Ask, error) {
	ask := perf.Ask{Name: f.Name, Kind: perf.Kind(f.Kind), Scope: perf.ScopeOrg, NoBonus: f.NoBonus}
	if scope, key, ok := strings.Cut(f.Scope, ":"); ok {
		ask.Scope, ask.ScopeKey = perf.Scope(scope), key
	}
	for _, d := range []struct {
		in  string
		out *core.Date
	}{{f.From, &ask.Period.From}, {f.To, &ask.Period.To}, {f.SelfDue, &ask.SelfDue}, {f.ManagerDue, &ask.ManagerDue},
		{f.CalibrationDue, &ask.CalibrationDue}} {
		if d.in == "" {
			continue
		}
		day, err := core.ParseDate(d.in)
		if err != nil {
			return ask, core.Errorf(core.EInvalid, "web.perf.bad_date", "bad date %q", d.in).With("value", d.in)
		}
		*d.out = day
	}
	if ask.Period.From.IsZero() != ask.Period.To.IsZero() {
		return ask, core.Errorf(core.EInvalid, "web.perf.bad_period", "give both ends of the period")
	}
	return ask, nil
}

// perfPreview shows who a cycle would review and on what, with the
// button that opens it.
func (c *Console) perfPreview(rq *request) error {
	f := readOpenForm(rq.r)
	ask, err := f.ask()
	var p perf.Plan
	if err == nil {
		p, err = c.cfg.Perf.Preview(rq.r.Context(), rq.m, ask, signin.Channel)
	}
	d, derr := c.cyclesData(rq, f)
	if derr != nil {
		return derr
	}
	if err != nil {
		return c.perfFormError(rq, d, err)
	}
	row := c.cycleRow(rq, p.Cycle, perf.PhaseSelf)
	row.People = len(p.Reviews)
	d.Preview = &row
	for _, r := range p.Reviews {
		pr := planRow{Name: rq.words.Name(r.EmployeeName), Job: rq.words.Job(r.Job)}
		if r.Job == "" {
			pr.Job = "—"
		}
		names := make([]string, len(r.Items))
		for i, it := range r.Items {
			names[i] = itemName(rq, it)
		}
		pr.Items = strings.Join(names, rq.T("web.perf.list_sep"))
		d.Plan = append(d.Plan, pr)
	}
	// The confirmation carries what the preview showed: the name and
	// dates the defaults filled in.
	d.Form.Name, d.Form.From, d.Form.To = p.Cycle.Name, p.Cycle.Period.From.String(), p.Cycle.Period.To.String()
	d.Form.SelfDue, d.Form.ManagerDue, d.Form.CalibrationDue = p.Cycle.SelfDue.String(), p.Cycle.ManagerDue.String(), p.Cycle.CalibrationDue.String()
	return c.render(rq, "perf_cycles", "web.title.perf", d)
}

// perfFormError shows the cycles page again with the form as typed and
// what is wrong with it; internal errors go to the error page.
func (c *Console) perfFormError(rq *request, d cyclesData, err error) error {
	if core.ErrorCodeOf(err) == core.EInternal || core.ErrorCodeOf(err) == core.EForbidden {
		return err
	}
	return c.renderStatus(rq, http.StatusBadRequest, "perf_cycles", "web.title.perf", d, perfError(rq, err))
}

// perfError words a refusal: the console's own keys (web.perf.*) for
// what the console checks, the catalogue's for the rest.
func perfError(rq *request, err error) string {
	if e, ok := core.AsError(err); ok && strings.HasPrefix(e.Key, "web.perf.") {
		args := make([]string, 0, 2*len(e.Args))
		for k, v := range e.Args {
			args = append(args, k, rq.words.Name(v))
		}
		return rq.T(e.Key, args...)
	}
	return rq.words.Error(err)
}

// perfOpen opens the previewed cycle and goes to its page.
func (c *Console) perfOpen(rq *request) error {
	f := readOpenForm(rq.r)
	ask, err := f.ask()
	var p perf.Plan
	if err == nil {
		p, err = c.cfg.Perf.Open(rq.r.Context(), rq.m, ask, signin.Channel)
	}
	if err != nil {
		d, derr := c.cyclesData(rq, f)
		if derr != nil {
			return derr
		}
		return c.perfFormError(rq, d, err)
	}
	return rq.back("/perf/cycles/"+strconv.FormatInt(p.Cycle.ID, 10), "web.done.perf_opened")
}

// itemName is a review item's name in the reader's language, a personal
// goal marked.
func itemName(rq *request, it perf.Item) string {
	name := jobs.Text(it.Name, rq.Locale())
	if it.Goal {
		name += " " + rq.T("web.perf.goal_mark")
	}
	return name
}
