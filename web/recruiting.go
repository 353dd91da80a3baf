package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/core/signin"
)

// routeRecruiting serves recruiting (招聘) for those who recruit: the
// openings with their candidates per stage and the form that opens one
// (/recruiting), an opening's board (/recruiting/{id},
// recruiting_board.go) and the funnel report (/recruiting/report,
// recruiting_report.go). Every change goes through recruiting.Service, as
// chat's /hire and the candidate cards' buttons do.
func (c *Console) routeRecruiting() {
	if c.cfg.Recruiting == nil {
		return
	}
	manage := func(h handler) http.HandlerFunc { return c.staffPage(core.ActionRecruitingManage, h) }
	c.addNav("/recruiting", "web.nav.recruiting", core.ActionRecruitingManage, false)
	c.mux.HandleFunc("GET /recruiting", manage(c.openings))
	c.mux.HandleFunc("POST /recruiting", manage(c.openPosition))
	c.mux.HandleFunc("GET /recruiting/report", manage(c.recruitingReport))
	// The board is its hiring manager's too, whoever they are: the
	// service decides, and audits a refusal, as for chat's cards.
	c.mux.HandleFunc("GET /recruiting/{id}", c.page(c.board))
	c.mux.HandleFunc("POST /recruiting/{id}/close", c.page(c.closeOpening))
	c.mux.HandleFunc("POST /recruiting/{id}/applications/{app}/advance", c.page(c.advanceApplication))
	c.mux.HandleFunc("POST /recruiting/{id}/applications/{app}/reject", c.page(c.rejectApplication))
}

// openingRow is an opening as the list and the board show it.
type openingRow struct {
	ID                        int64
	Job, Manager, Status, Tag string
	Headcount                 int
	Open                      bool
	Counts                    []stageCount
	// Link is the Telegram deep link (when the bot's username is known);
	// Words what to send the bot anywhere.
	Link, Words string
}

// stageCount is a stage's name and how many applications stand there.
type stageCount struct {
	Label string
	N     int
}

// openingForm is the open-a-position form as typed, kept across errors.
type openingForm struct {
	Job, Count, Manager string
}

type openingsData struct {
	Openings       []openingRow
	All            bool
	Form           openingForm
	Jobs, Managers []option
	Report         bool // the funnel report is there (reports are served)
}

// openingRow writes o for the reader.
func (c *Console) openingRow(rq *request, o recruiting.Opening) openingRow {
	row := openingRow{ID: o.ID, Job: rq.Job(o.Job), Manager: rq.words.Name(o.HiringManagerName), Headcount: o.Headcount,
		Status: rq.T("web.recruiting.status." + o.Status), Open: o.Status == recruiting.OpeningOpen, Tag: o.Status}
	row.Link, row.Words = rq.words.ApplyLink(o.Code)
	for _, st := range append([]recruiting.Stage{recruiting.Applying}, recruiting.Pipeline()...) {
		if n := o.Counts[st]; n > 0 {
			row.Counts = append(row.Counts, stageCount{Label: rq.T("recruiting.stage." + string(st)), N: n})
		}
	}
	return row
}

// openings lists the org's openings (open ones unless all=1) with their
// candidates per stage and apply links, and the form to open one.
func (c *Console) openings(rq *request) error {
	return c.renderOpenings(rq, http.StatusOK, openingForm{Count: "1", Manager: rq.m.Employee.Key}, "")
}

func (c *Console) renderOpenings(rq *request, status int, form openingForm, errText string) error {
	ctx := rq.r.Context()
	all := rq.r.URL.Query().Get("all") == "1"
	os, err := c.cfg.Recruiting.Openings(ctx, rq.m, all)
	if err != nil {
		return err
	}
	choices, err := c.cfg.Recruiting.Choices(ctx, rq.m, signin.Channel)
	if err != nil {
		return err
	}
	d := openingsData{All: all, Form: form, Report: c.cfg.Reports != nil}
	for _, o := range os {
		d.Openings = append(d.Openings, c.openingRow(rq, o))
	}
	for _, j := range choices.Jobs {
		label := j.NameIn(rq.Locale())
		if label == j.Key {
			label = rq.Job(j.Key) // a job known by key only: the catalogue's name for it
		}
		d.Jobs = append(d.Jobs, option{Value: j.Key, Label: label, Selected: j.Key == form.Job})
	}
	for _, p := range choices.People {
		d.Managers = append(d.Managers, option{Value: p.Key, Label: rq.words.Name(p.Name), Selected: p.Key == form.Manager})
	}
	sort.SliceStable(d.Managers, func(i, j int) bool { return d.Managers[i].Label < d.Managers[j].Label })
	return c.renderStatus(rq, status, "recruiting", "web.title.recruiting", d, errText)
}

// openPosition opens a position from the form, as /hire does; a refusal
// shows the list again with the form as typed and the reason.
func (c *Console) openPosition(rq *request) error {
	r := rq.r
	f := openingForm{Job: strings.TrimSpace(r.PostFormValue("job")), Count: strings.TrimSpace(r.PostFormValue("count")),
		Manager: strings.TrimSpace(r.PostFormValue("manager"))}
	count, err := strconv.Atoi(f.Count)
	if err != nil {
		count = 0 // the service says how many it takes
	}
	// The job is one of the org's, as chat's /hire reads it.
	choices, err := c.cfg.Recruiting.Choices(r.Context(), rq.m, signin.Channel)
	if err != nil {
		return err
	}
	var o recruiting.Opening
	if _, known := choices.Jobs.Find(f.Job); f.Job != "" && !known {
		err = core.UnknownJob(f.Job, choices.Jobs)
	} else {
		o, err = c.cfg.Recruiting.Open(r.Context(), rq.m, recruiting.OpenAsk{Job: f.Job, Headcount: count, Manager: f.Manager}, signin.Channel)
	}
	if err == nil {
		return rq.back("/recruiting/"+strconv.FormatInt(o.ID, 10), "web.done.recruiting_opened")
	}
	if code := core.ErrorCodeOf(err); code != core.EInvalid && code != core.ENotFound {
		return err
	}
	return c.renderOpenings(rq, http.StatusBadRequest, f, rq.words.Error(err))
}
