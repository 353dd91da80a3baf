package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/core/signin"
)

// myReviewRow is one review on /me/reviews.
type myReviewRow struct {
	ID                          int64
	Name, Cycle, Period, Status string
	Todo                        bool
}

type myReviewsData struct {
	Mine, ToReview []myReviewRow
}

// perfMine is the reader's own reviews and the ones they have to do.
func (c *Console) perfMine(rq *request) error {
	ctx := rq.r.Context()
	mine, err := c.cfg.Perf.Mine(ctx, rq.m)
	if err != nil {
		return err
	}
	todo, err := c.cfg.Perf.ToReview(ctx, rq.m)
	if err != nil {
		return err
	}
	var d myReviewsData
	for _, r := range mine {
		row, err := c.myReviewRow(rq, r)
		if err != nil {
			return err
		}
		d.Mine = append(d.Mine, row)
	}
	for _, r := range todo {
		row, err := c.myReviewRow(rq, r)
		if err != nil {
			return err
		}
		row.Status, row.Todo = rq.T("web.perf.state.to_review"), true
		d.ToReview = append(d.ToReview, row)
	}
	return c.render(rq, "perf_mine", "web.title.perf_mine", d)
}

func (c *Console) myReviewRow(rq *request, r perf.Review) (myReviewRow, error) {
	_, cy, err := c.cfg.Perf.Find(rq.r.Context(), rq.m, r.ID, signin.Channel)
	if err != nil {
		return myReviewRow{}, err
	}
	row := myReviewRow{ID: r.ID, Name: rq.words.Name(r.EmployeeName), Cycle: cy.Name,
		Period: cy.Period.From.String() + " – " + cy.Period.To.String()}
	switch {
	case !r.PublishedAt.IsZero():
		row.Status = rq.T("web.perf.state.published", "score", score(r.Final()))
		if r.Band != "" {
			row.Status = rq.T("web.perf.state.published_band", "score", score(r.Final()), "band", r.Band)
		}
	case cy.Status == perf.Cancelled:
		row.Status = rq.T("web.perf.status.cancelled")
	case r.SelfDoneAt.IsZero() && r.ManagerDoneAt.IsZero() && cy.Status == perf.Open:
		row.Status, row.Todo = rq.T("web.perf.state.self_todo", "date", cy.SelfDue.String()), true
	case r.ManagerDoneAt.IsZero():
		row.Status = rq.T("web.perf.state.with_manager")
	default:
		row.Status = rq.T("web.perf.state.calibration")
	}
	return row, nil
}

// noteRow is one note as the notes page shows it.
type noteRow struct {
	Author, When, Body string
	Shared             bool
}

// goalRow is one personal goal.
type goalRow struct{ Name, Line, Period string }

// goalForm is the goal form as typed.
type goalForm struct {
	Name, Measure, Target, Weight, From, To string
	Lower                                   bool
}

type notesData struct {
	Key, Name string
	Own       bool
	// Write: the reader may add notes and goals (the person's manager, HR).
	Write    bool
	Notes    []noteRow
	Goals    []goalRow
	Measures []option
	Goal     goalForm
	Body     string
	Shared   bool
}

// perfNotes is a person's one-on-one notes and personal goals: all of
// them for their manager and HR (with the forms that add them), the
// shared notes only for the person.
func (c *Console) perfNotes(rq *request) error {
	d, err := c.notesData(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "perf_notes", "web.title.perf_notes", d)
}

func (c *Console) notesData(rq *request) (notesData, error) {
	ctx := rq.r.Context()
	e, notes, err := c.cfg.Perf.Notes(ctx, rq.m, rq.r.PathValue("key"), signin.Channel)
	if err != nil {
		return notesData{}, err
	}
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	// The goals of the year around today: last year's to review, next
	// year's set ahead.
	goals, err := c.cfg.Perf.GoalsOf(ctx, rq.m, e.Key, perf.Period{From: today.AddDays(-366), To: today.AddDays(366)}, signin.Channel)
	if err != nil {
		return notesData{}, err
	}
	own := e.ID == rq.m.Employee.ID
	d := notesData{Key: e.Key, Name: rq.words.Name(e.Name), Own: own,
		Write: !own && core.Authorize(rq.m, core.ActionPerfReview, &e) == nil,
		Goal:  goalForm{Measure: string(jobs.MeasureJudgement), From: today.MonthStart().String(), To: today.MonthStart().AddDays(40).MonthStart().AddDays(-1).String()}}
	for _, n := range notes {
		d.Notes = append(d.Notes, noteRow{Author: rq.words.Name(n.AuthorName), When: view{request: rq}.When(n.CreatedAt), Body: n.Body, Shared: n.Shared})
	}
	for _, g := range goals {
		d.Goals = append(d.Goals, goalRow{Name: jobs.Text(g.Item.Name, rq.Locale()), Line: rq.words.KPI(g.Item),
			Period: g.Period.From.String() + " – " + g.Period.To.String()})
	}
	for _, m := range jobs.Measures() {
		d.Measures = append(d.Measures, option{Value: string(m), Label: rq.T("jobs.measure." + string(m))})
	}
	return d, nil
}

// perfAddNote records a note on the person (their manager, HR).
func (c *Console) perfAddNote(rq *request) error {
	key := rq.r.PathValue("key")
	body, shared := rq.r.PostFormValue("body"), rq.r.PostFormValue("shared") != ""
	_, err := c.cfg.Perf.AddNote(rq.r.Context(), rq.m, key, body, shared, signin.Channel)
	if err == nil {
		return rq.back("/people/"+key+"/notes", "web.done.perf_note")
	}
	if code := core.ErrorCodeOf(err); code != core.EInvalid {
		return err
	}
	d, derr := c.notesData(rq)
	if derr != nil {
		return derr
	}
	d.Body, d.Shared = body, shared
	return c.renderStatus(rq, http.StatusBadRequest, "perf_notes", "web.title.perf_notes", d, perfError(rq, err))
}

// perfAddGoal sets a personal goal for the person and a period.
func (c *Console) perfAddGoal(rq *request) error {
	key := rq.r.PathValue("key")
	g := func(k string) string { return strings.TrimSpace(rq.r.PostFormValue(k)) }
	f := goalForm{Name: g("name"), Measure: g("measure"), Target: g("target"), Weight: g("weight"), From: g("from"), To: g("to"),
		Lower: rq.r.PostFormValue("lower") != ""}
	ask, err := f.ask(key)
	if err == nil {
		var existing []perf.Goal
		existing, err = c.cfg.Perf.GoalsOf(rq.r.Context(), rq.m, key, ask.Period, signin.Channel)
		ask.Key = goalKey(f.Name, len(existing)+1)
		if err == nil {
			_, err = c.cfg.Perf.AddGoal(rq.r.Context(), rq.m, ask, signin.Channel)
		}
	}
	if err == nil {
		return rq.back("/people/"+key+"/notes", "web.done.perf_goal")
	}
	if code := core.ErrorCodeOf(err); code != core.EInvalid {
		return err
	}
	d, derr := c.notesData(rq)
	if derr != nil {
		return derr
	}
	d.Goal = f
	return c.renderStatus(rq, http.StatusBadRequest, "perf_notes", "web.title.perf_notes", d, perfError(rq, err))
}

func (f goalForm) ask(person string) (perf.GoalAsk, error) {
	ask := perf.GoalAsk{Person: person, Name: f.Name, Measure: jobs.Measure(f.Measure), Lower: f.Lower}
	if f.Name == "" {
		return ask, core.Errorf(core.EInvalid, "web.perf.goal_name", "a goal has a name")
	}
	if f.Target != "" {
		t, err := decimal.NewFromString(f.Target)
		if err != nil {
			return ask, core.Errorf(core.EInvalid, "web.perf.bad_number", "bad number %q", f.Target).With("value", f.Target)
		}
		ask.Target = &t
	}
	if f.Weight != "" {
		w, err := strconv.Atoi(f.Weight)
		if err != nil {
			return ask, core.Errorf(core.EInvalid, "web.perf.bad_number", "bad number %q", f.Weight).With("value", f.Weight)
		}
		ask.Weight = w
	}
	for _, d := range []struct {
		in  string
		out *core.Date
	}{{f.From, &ask.Period.From}, {f.To, &ask.Period.To}} {
		day, err := core.ParseDate(d.in)
		if err != nil {
			return ask, core.Errorf(core.EInvalid, "web.perf.bad_date", "bad date %q", d.in).With("value", d.in)
		}
		*d.out = day
	}
	return ask, nil
}

// goalKey is a goal's key from its name: its latin letters and digits,
// else goal-N (a Chinese name).
func goalKey(name string, n int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	if b.Len() == 0 {
		return "goal-" + strconv.Itoa(n)
	}
	return b.String()
}
