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

// factRow is one fact of the period in words.
type factRow struct{ Label, Value string }

// itemRow is one item of a review: what it measures, the fact, and the
// scores given (and, in a form, the ones being typed).
type itemRow struct {
	Key, Name, Line, Fact   string
	Self, SelfComment       string
	Manager, ManagerComment string
	FormScore, FormComment  string
}

type reviewData struct {
	ID, CycleID int64
	Cycle       cycleRow
	Name, Job   string
	Own, Staff  bool
	Facts       []factRow
	FactsAt     string
	Items       []itemRow
	// The self-review and the manager's part, as the reader may see them.
	SelfSent, ManagerSent bool
	SelfComment, Note     string
	Published             bool
	Score, Calibrated     string
	Reason, Band, Coeff   string
	Outcome               string
	// Forms: the person's self-review, the reviewer's review (InPlace:
	// HR scoring where the manager would); SelfPending says until when
	// the reviewer waits for the self-review.
	SelfForm, ManagerForm, InPlace, Probation bool
	SelfPending                               string
	Outcomes, Scale                           []option
	// ShowManager: the manager's part is the reader's to see (the
	// person's only once published).
	ShowManager           bool
	FormNote, FormOutcome string
	// The appeal: the person's, once, after the result; HR's answer.
	Appeal, AppealAnswer, AppealedAt string
	CanAppeal, CanAnswer             bool
}

// perfReview is one review as the reader may see it (core/perf Find:
// the person, their reviewer, HR; anyone else refused and audited).
func (c *Console) perfReview(rq *request) error {
	d, err := c.reviewData(rq, nil)
	if err != nil {
		return err
	}
	return c.render(rq, "perf_review", "web.title.perf_review", d)
}

// reviewData is the review page's data; typed, when set, is a form sent
// back with a problem, shown as typed.
func (c *Console) reviewData(rq *request, typed *http.Request) (reviewData, error) {
	ctx := rq.r.Context()
	id, err := pathID(rq, "perf.no_review")
	if err != nil {
		return reviewData{}, err
	}
	r, cy, err := c.cfg.Perf.Find(ctx, rq.m, id, signin.Channel)
	if err != nil {
		return reviewData{}, err
	}
	today := core.DateOf(c.cfg.Clock.Now().In(rq.m.Org.Location()))
	own := r.EmployeeID == rq.m.Employee.ID
	d := reviewData{ID: r.ID, CycleID: cy.ID, Cycle: c.cycleRow(rq, cy, cy.PhaseOn(today)), Name: rq.words.Name(r.EmployeeName),
		Job: rq.words.Job(r.Job), Own: own, Staff: isStaff(rq.m) && !own, Probation: cy.Kind == perf.Probation}
	open := cy.Status == perf.Open
	switch {
	case own && open && r.SelfDoneAt.IsZero() && r.ManagerDoneAt.IsZero():
		d.SelfForm = true
		if r2, _, err := c.cfg.Perf.Begin(ctx, rq.m, id); err == nil {
			r = r2 // its facts brought up to date
		}
	case !own && open && r.ManagerDoneAt.IsZero() && (r.ManagerID == rq.m.Employee.ID || d.Staff):
		if r.SelfDoneAt.IsZero() && !today.After(cy.SelfDue) {
			d.SelfPending = cy.SelfDue.String()
			break
		}
		d.ManagerForm, d.InPlace = true, r.ManagerID != rq.m.Employee.ID && r.ManagerID != 0
		if r2, _, err := c.cfg.Perf.BeginManager(ctx, rq.m, id, signin.Channel); err == nil {
			r = r2
		}
	}
	d.Facts, d.FactsAt = factRows(rq, r.Facts), view{request: rq}.When(r.FactsAt)
	d.SelfSent, d.ManagerSent, d.Published = !r.SelfDoneAt.IsZero(), !r.ManagerDoneAt.IsZero(), !r.PublishedAt.IsZero()
	// The reviewer reads the self-review once it is sent, not its drafts.
	showSelf := own || d.SelfSent
	if showSelf {
		d.SelfComment = r.SelfComment
	}
	d.Note, d.Score, d.Calibrated, d.Band = r.ManagerNote, score(r.Score), score(r.Calibrated), r.Band
	if d.Staff {
		d.Reason = r.CalibrationReason
	}
	if !r.Coefficient.IsZero() {
		d.Coeff = r.Coefficient.String()
	}
	if r.Outcome != perf.OutcomeNone {
		d.Outcome = rq.T("web.perf.outcome." + string(r.Outcome))
	}
	d.items(rq, r, typed, showSelf)
	d.result(rq, r, own)
	return d, nil
}

// factRows writes the facts of the period as chat's review cards do.
func factRows(rq *request, f perf.Facts) []factRow {
	n := strconv.Itoa
	rows := []factRow{
		{rq.T("web.perf.fact.late"), n(f.Late)},
		{rq.T("web.perf.fact.absent"), n(f.AbsentDays)},
		{rq.T("web.perf.fact.overtime"), f.OvertimeHours.String()},
		{rq.T("web.perf.fact.leave"), f.LeaveDays.String()},
		{rq.T("web.perf.fact.cover_given"), rq.T("web.perf.fact.cover_line", "count", n(f.CoverGiven), "hours", f.CoverGivenHours.String())},
		{rq.T("web.perf.fact.cover_received"), rq.T("web.perf.fact.cover_line", "count", n(f.CoverReceived), "hours", f.CoverReceivedHours.String())},
	}
	rating := rq.T("web.perf.fact.no_rating")
	if f.CoverRated > 0 {
		rating = rq.T("web.perf.fact.rating_line", "rating", f.CoverRating.StringFixed(1), "count", n(f.CoverRated))
	}
	rows = append(rows, factRow{rq.T("web.perf.fact.cover_rating"), rating},
		factRow{rq.T("web.perf.fact.quizzes"), n(f.QuizzesPassed)})
	skills := func(cs []perf.SkillChange) string {
		if len(cs) == 0 {
			return "—"
		}
		parts := make([]string, len(cs))
		for i, s := range cs {
			parts[i] = rq.T("web.perf.fact.skill_level", "skill", rq.words.Job(s.Skill), "level", n(s.Level))
		}
		return strings.Join(parts, rq.T("web.perf.list_sep"))
	}
	rows = append(rows, factRow{rq.T("web.perf.fact.skills_gained"), skills(f.SkillsGained)},
		factRow{rq.T("web.perf.fact.skills_expired"), skills(f.SkillsExpired)},
		factRow{rq.T("web.perf.fact.onboarding"), n(f.OnboardingDone)})
	keys := make([]string, 0, len(f.Imported))
	for k := range f.Imported {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rows = append(rows, factRow{rq.T("web.perf.fact.imported", "metric", k), f.Imported[k].String()})
	}
	return rows
}

// marks reads the form's scores and comments for items; an item left
// unscored is skipped (kept as a draft without it).
func marks(r *http.Request, items []itemRow) ([]perf.Mark, error) {
	var out []perf.Mark
	for _, it := range items {
		raw := strings.TrimSpace(r.PostFormValue("score." + it.Key))
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			return nil, core.Errorf(core.EInvalid, "web.perf.bad_score", "bad score %q", raw).With("value", raw)
		}
		out = append(out, perf.Mark{Item: it.Key, Score: n, Comment: r.PostFormValue("comment." + it.Key)})
	}
	return out, nil
}

// unscored is the first item of r missing from scores, as an error the
// form shows.
func unscored(rq *request, r perf.Review, scores perf.Scores) error {
	if it, missing := perf.Unscored(r, scores); missing {
		return core.Errorf(core.EInvalid, "web.perf.unscored", "item %s unscored", it.Key).With("item", jobs.Text(it.Name, rq.Locale()))
	}
	return nil
}

// perfSelf keeps the person's self-review scores (ScoreSelf for each)
// and, when sent, finishes it (FinishSelf), as chat does one question at
// a time.
func (c *Console) perfSelf(rq *request) error {
	ctx := rq.r.Context()
	return c.saveReview(rq, reviewForm{
		score: func(id int64, mk perf.Mark) (perf.Review, error) {
			return c.cfg.Perf.ScoreSelf(ctx, rq.m, id, mk)
		},
		scores: func(r perf.Review) perf.Scores { return r.Self },
		finish: func(id int64, note string) error {
			_, err := c.cfg.Perf.FinishSelf(ctx, rq.m, id, note, signin.Channel)
			return err
		},
		sent: "web.done.perf_self_sent",
	})
}

// perfManager keeps the reviewer's scores (ScoreManager for each) and,
// when sent, finishes the manager review with its note and, for a
// probation review, its outcome.
func (c *Console) perfManager(rq *request) error {
	ctx := rq.r.Context()
	return c.saveReview(rq, reviewForm{
		score: func(id int64, mk perf.Mark) (perf.Review, error) {
			return c.cfg.Perf.ScoreManager(ctx, rq.m, id, mk, signin.Channel)
		},
		scores: func(r perf.Review) perf.Scores { return r.Manager },
		finish: func(id int64, note string) error {
			_, err := c.cfg.Perf.FinishManager(ctx, rq.m, id, note, perf.Outcome(rq.r.PostFormValue("outcome")), signin.Channel)
			return err
		},
		sent: "web.done.perf_manager_sent",
	})
}

// reviewForm is what differs between the self-review and the manager
// review forms: how a score is kept, which scores must be complete, how
// the review is finished and what the page says when it is.
type reviewForm struct {
	score  func(id int64, mk perf.Mark) (perf.Review, error)
	scores func(perf.Review) perf.Scores
	finish func(id int64, note string) error
	sent   string // the notice once sent
}

// saveReview keeps a review form's scores and, when sent, checks that
// every item is scored and finishes the review.
func (c *Console) saveReview(rq *request, f reviewForm) error {
	d, err := c.reviewData(rq, nil)
	if err != nil {
		return err
	}
	ms, err := marks(rq.r, d.Items)
	var r perf.Review
	for _, mk := range ms {
		if err != nil {
			break
		}
		r, err = f.score(d.ID, mk)
	}
	send := rq.r.PostFormValue("action") == "send"
	if err == nil && send {
		if r.ID == 0 {
			r, _, err = c.cfg.Perf.Find(rq.r.Context(), rq.m, d.ID, signin.Channel)
		}
		if err == nil {
			err = unscored(rq, r, f.scores(r))
		}
		if err == nil {
			err = f.finish(d.ID, rq.r.PostFormValue("note"))
		}
	}
	path := "/perf/reviews/" + strconv.FormatInt(d.ID, 10)
	switch {
	case err == nil && send:
		return rq.back(path, f.sent)
	case err == nil:
		return rq.back(path, "web.done.perf_saved")
	}
	return c.reviewError(rq, err)
}

// reviewError shows the review page again with the form as typed and
// what is wrong; refusals and internal errors go to the error page.
func (c *Console) reviewError(rq *request, err error) error {
	switch core.ErrorCodeOf(err) {
	case core.EInternal, core.EForbidden, core.ENotFound:
		return err
	}
	d, derr := c.reviewData(rq, rq.r)
	if derr != nil {
		return err
	}
	return c.renderStatus(rq, http.StatusBadRequest, "perf_review", "web.title.perf_review", d, perfError(rq, err))
}

// perfAppeal sends the person's appeal of their result to HR, once.
func (c *Console) perfAppeal(rq *request) error {
	id, err := pathID(rq, "perf.no_review")
	if err != nil {
		return err
	}
	if _, err := c.cfg.Perf.Appeal(rq.r.Context(), rq.m, id, rq.r.PostFormValue("appeal"), signin.Channel); err != nil {
		return c.reviewError(rq, err)
	}
	return rq.back("/perf/reviews/"+strconv.FormatInt(id, 10), "web.done.perf_appealed")
}

// perfAnswer is HR's answer to an appeal.
func (c *Console) perfAnswer(rq *request) error {
	id, err := pathID(rq, "perf.no_review")
	if err != nil {
		return err
	}
	if _, err := c.cfg.Perf.AnswerAppeal(rq.r.Context(), rq.m, id, rq.r.PostFormValue("answer"), signin.Channel); err != nil {
		return c.reviewError(rq, err)
	}
	return rq.back("/perf/reviews/"+strconv.FormatInt(id, 10), "web.done.perf_answered")
}

// items fills the review's items: measure, fact, the scores given and,
// in a form, those being typed.
func (d *reviewData) items(rq *request, r perf.Review, typed *http.Request, showSelf bool) {
	for _, it := range r.Items {
		row := itemRow{Key: it.Key, Name: itemName(rq, it), Line: rq.words.KPI(it.KPI), Fact: "—"}
		if v, ok := r.Facts.Value(it.KPI); ok {
			row.Fact = v.String()
		}
		if s, ok := r.Self[it.Key]; ok && showSelf {
			row.Self, row.SelfComment = strconv.Itoa(s.Score), s.Comment
		}
		if s, ok := r.Manager[it.Key]; ok {
			row.Manager, row.ManagerComment = strconv.Itoa(s.Score), s.Comment
		}
		switch {
		case typed != nil:
			row.FormScore, row.FormComment = typed.PostFormValue("score."+it.Key), typed.PostFormValue("comment."+it.Key)
		case d.SelfForm:
			row.FormScore, row.FormComment = row.Self, row.SelfComment
		case d.ManagerForm:
			row.FormScore, row.FormComment = row.Manager, row.ManagerComment
		}
		d.Items = append(d.Items, row)
	}
	if typed != nil {
		d.FormNote, d.FormOutcome = typed.PostFormValue("note"), typed.PostFormValue("outcome")
	}
}

// result fills the form's choices and the appeal.
func (d *reviewData) result(rq *request, r perf.Review, own bool) {
	d.ShowManager = !own || d.Published
	for n := perf.Highest; n >= perf.Lowest; n-- {
		d.Scale = append(d.Scale, option{Value: strconv.Itoa(n), Label: rq.T("web.perf.scale." + strconv.Itoa(n))})
	}
	for _, o := range []perf.Outcome{perf.OutcomeConfirm, perf.OutcomeExtend, perf.OutcomeEnd} {
		d.Outcomes = append(d.Outcomes, option{Value: string(o), Label: rq.T("web.perf.outcome." + string(o))})
	}
	d.Appeal, d.AppealAnswer = r.Appeal, r.AppealAnswer
	if !r.AppealedAt.IsZero() {
		d.AppealedAt = view{request: rq}.When(r.AppealedAt)
	}
	d.CanAppeal = own && d.Published && r.AppealedAt.IsZero()
	d.CanAnswer = d.Staff && !r.AppealedAt.IsZero() && r.AppealClosedAt.IsZero()
}
