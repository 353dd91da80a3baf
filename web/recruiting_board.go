package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
	"github.com/hrbot/hrbot/core/signin"
)

// boardCard is one candidate on an opening's board: what chat's card
// says, with its buttons as forms.
type boardCard struct {
	ID, Opening                    int64
	Name, Score, Source, CV, Ended string
	Since                          time.Time
	Answers                        []answerLine
	// From is the stage the Advance form names (so a second press of the
	// same form moves nothing); Next labels its button, "" for none.
	From, Next string
	Reject     bool
}

type answerLine struct{ Question, Answer string }

// boardColumn is one stage's candidates.
type boardColumn struct {
	Stage, Label string
	Cards        []boardCard
}

// funnelLine is one stage of a funnel as a page shows it.
type funnelLine struct {
	Label                     string
	Reached, Dropped, Waiting int
	DropOff                   string
}

// funnelView is a funnel written for the reader: its stages, the ends
// that are not a hire, and the time to hire.
type funnelView struct {
	Stages          []funnelLine
	Ended           []stageCount
	Sources         []sourceLine
	Started, Hires  int
	Median, Average string
}

type sourceLine struct {
	Label          string
	Applied, Hired int
}

type boardData struct {
	Opening   openingRow
	Answering int
	Funnel    funnelView
	Columns   []boardColumn
	Ended     boardColumn
}

// funnelView writes f for the reader.
func funnelOf(rq *request, f recruiting.Funnel) funnelView {
	v := funnelView{Started: f.Started, Hires: f.Hires, Median: "—", Average: "—"}
	for _, c := range f.Stages {
		v.Stages = append(v.Stages, funnelLine{Label: rq.T("recruiting.stage." + string(c.Stage)), Reached: c.Reached,
			Dropped: c.Dropped, Waiting: c.Waiting, DropOff: strconv.FormatFloat(c.DropOff(), 'f', 1, 64) + "%"})
	}
	for _, e := range []struct {
		st recruiting.Stage
		n  int
	}{{recruiting.KnockedOut, f.KnockedOut}, {recruiting.Withdrawn, f.Withdrawn}, {recruiting.Rejected, f.Rejected}} {
		v.Ended = append(v.Ended, stageCount{Label: rq.T("recruiting.stage." + string(e.st)), N: e.n})
	}
	for _, s := range f.Sources {
		v.Sources = append(v.Sources, sourceLine{Label: rq.T("recruiting.source." + string(s.Source)), Applied: s.Applied, Hired: s.Hired})
	}
	if len(f.DaysToHire) > 0 {
		v.Median = rq.T("web.recruiting.days", "days", strconv.FormatFloat(f.MedianDays(), 'f', 1, 64))
		v.Average = rq.T("web.recruiting.days", "days", strconv.FormatFloat(f.AverageDays(), 'f', 1, 64))
	}
	return v
}

// openingID reads the opening's id from the path.
func openingID(rq *request) (int64, error) {
	s := rq.r.PathValue("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, core.Errorf(core.ENotFound, "recruiting.no_opening_id", "no opening %q", s).With("id", s)
	}
	return id, nil
}

// board is an opening's board: its funnel at the top, then its
// candidates in a column per stage (stacked on a phone), each with
// Advance and Not taken.
func (c *Console) board(rq *request) error { return c.renderBoard(rq, http.StatusOK, "") }

func (c *Console) renderBoard(rq *request, status int, errText string) error {
	id, err := openingID(rq)
	if err != nil {
		return err
	}
	ctx := rq.r.Context()
	// Applications decides who may look (its hiring manager, HR, admins)
	// and audits a refusal.
	apps, err := c.cfg.Recruiting.Applications(ctx, rq.m, id, signin.Channel)
	if err != nil {
		return err
	}
	o, err := c.cfg.Recruiting.OpeningFor(ctx, rq.m, id)
	if err != nil {
		return err
	}
	f, err := c.cfg.Recruiting.Funnel(ctx, rq.m, id, recruiting.Span{}, signin.Channel)
	if err != nil {
		return err
	}
	d := boardData{Funnel: funnelOf(rq, f), Ended: boardColumn{Label: rq.T("web.recruiting.ended")}}
	o.Counts = map[recruiting.Stage]int{}
	byStage := map[recruiting.Stage]*boardColumn{}
	for _, st := range recruiting.Pipeline() {
		d.Columns = append(d.Columns, boardColumn{Stage: string(st), Label: rq.T("recruiting.stage." + string(st))})
	}
	for i := range d.Columns {
		byStage[recruiting.Stage(d.Columns[i].Stage)] = &d.Columns[i]
	}
	for _, a := range apps {
		o.Counts[a.Stage]++
		switch col := byStage[a.Stage]; {
		case a.Stage == recruiting.Applying:
			d.Answering++
		case col != nil:
			col.Cards = append(col.Cards, c.boardCard(rq, o, a))
		default:
			d.Ended.Cards = append(d.Ended.Cards, c.boardCard(rq, o, a))
		}
	}
	d.Opening = c.openingRow(rq, o)
	return c.renderStatus(rq, status, "recruiting_board", "web.title.recruiting_board", d, errText)
}

// boardCard writes a candidate as chat's card does.
func (c *Console) boardCard(rq *request, o recruiting.Opening, a recruiting.Application) boardCard {
	card := boardCard{ID: a.ID, Opening: a.OpeningID, Name: a.Candidate.Name, Score: a.Score.Round(1).String(), Since: a.StageSince, From: string(a.Stage),
		Reject: !a.Stage.Closed() && a.Stage != recruiting.Applying}
	if card.Name == "" {
		card.Name = rq.T("recruiting.unnamed", "id", strconv.FormatInt(a.ID, 10))
	}
	card.Source = rq.T("recruiting.source." + string(a.Source))
	if a.Source == recruiting.FromReferral && a.Referrer != "" {
		card.Source = rq.T("recruiting.source.referral_by", "name", rq.words.Name(a.Referrer))
	}
	for _, q := range o.Questions {
		v, ok := a.Answers[q.Key]
		if !ok {
			continue
		}
		if q.Kind == recruiting.YesNo {
			v = rq.T("recruiting." + v)
		}
		card.Answers = append(card.Answers, answerLine{Question: q.Text.In(rq.Locale()), Answer: v})
	}
	switch {
	case a.Answers["_no_cv"] != "":
		card.CV = rq.T("recruiting.no_cv")
	case a.HasCV:
		card.CV = rq.T("recruiting.has_cv")
	}
	switch a.Stage {
	case recruiting.Rejected:
		card.Ended = rq.T("recruiting.reject_line", "reason", a.Reason)
	case recruiting.KnockedOut:
		on := a.Reason
		for _, q := range o.Questions {
			if q.Key == on {
				on = q.Text.In(rq.Locale())
			}
		}
		card.Ended = rq.T("web.recruiting.knocked_on", "question", on)
	case recruiting.Withdrawn:
		card.Ended = rq.T("recruiting.stage.withdrawn")
	}
	if next, ok := a.Stage.Next(); ok && next != recruiting.Hired {
		card.Next = rq.T("recruiting.button.advance", "stage", rq.T("recruiting.stage."+string(next)))
	}
	return card
}

// boardApplication reads the application of the path, which must be one
// of the path's opening (the service decides who may see it).
func (c *Console) boardApplication(rq *request) (int64, recruiting.Application, error) {
	id, err := openingID(rq)
	if err != nil {
		return 0, recruiting.Application{}, err
	}
	appID, err := strconv.ParseInt(rq.r.PathValue("app"), 10, 64)
	if err != nil {
		return 0, recruiting.Application{}, core.Errorf(core.ENotFound, "web.not_found", "no application %q", rq.r.PathValue("app"))
	}
	a, err := c.cfg.Recruiting.Application(rq.r.Context(), rq.m, appID, signin.Channel)
	if err == nil && a.OpeningID != id {
		err = core.Errorf(core.ENotFound, "web.not_found", "application %d is not of opening %d", appID, id)
	}
	return id, a, err
}

// advanceApplication is the card's Advance: it names the stage it moves
// from, so the same form sent twice (a double click, two managers at
// once) moves the candidate once; the second says where they are now.
func (c *Console) advanceApplication(rq *request) error {
	id, a, err := c.boardApplication(rq)
	if err != nil {
		return err
	}
	a, err = c.cfg.Recruiting.Advance(rq.r.Context(), rq.m, a.ID, recruiting.Stage(rq.r.PostFormValue("from")), signin.Channel)
	return c.afterMove(rq, id, a, err, "web.done.recruiting_advanced")
}

// rejectApplication is the card's Not taken, with the reason HR keeps.
func (c *Console) rejectApplication(rq *request) error {
	id, a, err := c.boardApplication(rq)
	if err != nil {
		return err
	}
	a, err = c.cfg.Recruiting.Reject(rq.r.Context(), rq.m, a.ID, rq.r.PostFormValue("reason"), signin.Channel)
	return c.afterMove(rq, id, a, err, "web.done.recruiting_rejected")
}

// afterMove goes back to the board: with the notice when the move was
// made, with where the candidate is now when it had moved meanwhile, or
// with what was wrong with the form.
func (c *Console) afterMove(rq *request, id int64, a recruiting.Application, err error, done string) error {
	switch core.ErrorCodeOf(err) {
	case "":
		return rq.back("/recruiting/"+strconv.FormatInt(id, 10), done)
	case core.EConflict:
		return c.renderBoard(rq, http.StatusConflict, rq.T("recruiting.moved_meanwhile", "stage", rq.T("recruiting.stage."+string(a.Stage))))
	case core.EInvalid:
		return c.renderBoard(rq, http.StatusBadRequest, rq.words.Error(err))
	}
	return err
}

// closeOpening closes the opening: its link takes no more candidates.
func (c *Console) closeOpening(rq *request) error {
	id, err := openingID(rq)
	if err != nil {
		return err
	}
	if _, err := c.cfg.Recruiting.Close(rq.r.Context(), rq.m, id, signin.Channel); err != nil {
		return err
	}
	return rq.back("/recruiting/"+strconv.FormatInt(id, 10), "web.done.recruiting_closed")
}
