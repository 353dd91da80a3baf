package web

import (
	"io"
	"net/http"
	"path"
	"slices"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/signin"
	"github.com/hrbot/hrbot/core/training"
	"github.com/hrbot/hrbot/core/training/quiz"
)

// expiringDays is how soon an expiry is flagged on the matrix.
const expiringDays = 30

// routeTraining serves HR's quiz results and skills matrix, and every
// employee's own skills and quizzes.
func (c *Console) routeTraining() {
	if c.cfg.Training == nil {
		return
	}
	c.addNav("/training", "web.nav.training", core.ActionTrainingAssign, false)
	c.addNav("/me/skills", "web.nav.my_skills", "", true)
	c.mux.HandleFunc("GET /training", c.staffPage(core.ActionTrainingAssign, c.trainingPage))
	c.mux.HandleFunc("POST /training/quizzes", c.boundedUpload(quizUploadBytes, "web.training.too_big", quizUploadMax,
		c.staffPage(core.ActionTrainingAssign, c.uploadQuizzes)))
	c.mux.HandleFunc("GET /training/quiz-template.md", c.staffPage(core.ActionTrainingAssign, quizTemplate))
	c.mux.HandleFunc("GET /me/skills", c.page(c.mySkills))
}

// quizTemplate downloads a quiz to copy and fill in, explained in both
// languages.
func quizTemplate(rq *request) error {
	return download(rq, "quiz-template.md", "text/markdown; charset=utf-8", func(w io.Writer) error {
		_, err := io.WriteString(w, quiz.TemplateMarkdown)
		return err
	})
}

// skillCell is a person's level of one skill, as the matrix shows it.
type skillCell struct {
	Level   string
	Until   string
	Source  string
	State   string // "", "expiring" or "expired"
	Present bool
}

type matrixRow struct {
	Key, Name string
	Cells     []skillCell
}

type attemptRow struct {
	When, Name, Quiz string
	Score            int
	Passed           bool
}

// bankRow is a quiz bank as HR's list shows it.
type bankRow struct {
	Code, Title, Skill, Imported string
	Level, Pass, Questions       int
	Version                      int
}

// quizProblemRow is a problem of an uploaded quiz file, translated.
type quizProblemRow struct {
	File        string
	Line        int
	Where, Text string
}

type trainingData struct {
	Banks    []bankRow
	Problems []quizProblemRow
	Max      string
	Attempts []attemptRow
	Skills   []string
	People   []matrixRow
}

// trainingPage is the quiz banks with their upload, the latest quiz
// results and who holds which skill.
func (c *Console) trainingPage(rq *request) error {
	data, err := c.trainingData(rq)
	if err != nil {
		return err
	}
	return c.render(rq, "training", "web.title.training", data)
}

func (c *Console) trainingData(rq *request) (trainingData, error) {
	ctx := rq.r.Context()
	banks, err := c.cfg.Training.Banks(ctx, rq.m, signin.Channel)
	if err != nil {
		return trainingData{}, err
	}
	attempts, err := c.cfg.Training.RecentAttempts(ctx, rq.m, 30, signin.Channel)
	if err != nil {
		return trainingData{}, err
	}
	people, err := c.cfg.Training.SkillMatrix(ctx, rq.m, signin.Channel)
	if err != nil {
		return trainingData{}, err
	}
	v := view{request: rq}
	data := trainingData{Max: quizUploadMax}
	for _, b := range banks {
		data.Banks = append(data.Banks, bankRow{Code: b.Bank.Code, Title: quizTitle(b.Bank, rq.Locale()), Skill: b.Bank.Skill,
			Level: b.Bank.Level, Pass: b.Bank.PassMark, Questions: len(b.Bank.Questions), Version: b.Version, Imported: v.When(b.ImportedAt)})
	}
	for _, a := range attempts {
		data.Attempts = append(data.Attempts, attemptRow{When: v.When(a.SubmittedAt), Name: rq.words.Name(a.EmployeeName),
			Quiz: quizTitle(a.Bank, rq.Locale()), Score: a.Result.Percent, Passed: a.Result.Passed})
	}
	for _, p := range people {
		for _, s := range p.Skills {
			if !slices.Contains(data.Skills, s.Skill) {
				data.Skills = append(data.Skills, s.Skill)
			}
		}
	}
	slices.Sort(data.Skills)
	now := c.cfg.Clock.Now()
	for _, p := range people {
		row := matrixRow{Key: p.Key, Name: rq.words.Name(p.Name)}
		for _, skill := range data.Skills {
			row.Cells = append(row.Cells, c.skillCell(rq, p.Skills, skill, now))
		}
		data.People = append(data.People, row)
	}
	return data, nil
}

// quizUploadBytes bounds an upload of quiz files, all of them together;
// the parser refuses any one file over 1 MiB.
const (
	quizUploadBytes = 4 << 20
	quizUploadMax   = "4 MiB"
)

// uploadQuizzes imports one or more quiz files, as `hrbot quiz import`
// does: a file with any problem imports nothing, and each problem is
// shown in the reader's language with its file and line.
func (c *Console) uploadQuizzes(rq *request) error {
	var files []training.QuizFile
	if rq.r.MultipartForm != nil {
		for _, h := range rq.r.MultipartForm.File["file"] {
			f, err := h.Open()
			if err != nil {
				return err
			}
			data, err := io.ReadAll(io.LimitReader(f, quizUploadBytes+1))
			f.Close()
			if err != nil {
				return err
			}
			files = append(files, training.QuizFile{Name: path.Base(h.Filename), Data: data})
		}
	}
	up, err := c.cfg.Training.ImportFiles(rq.r.Context(), rq.m, files, signin.Channel)
	if err != nil {
		return c.trainingError(rq, nil, err)
	}
	if len(up.Problems) > 0 {
		rows := make([]quizProblemRow, 0, len(up.Problems))
		for _, p := range up.Problems {
			where, why := p.In(rq.T)
			rows = append(rows, quizProblemRow{File: p.File, Line: p.Line, Where: where, Text: why})
		}
		return c.trainingError(rq, rows, core.Errorf(core.EInvalid, "web.training.problems", "%d problems", len(rows)).
			With("count", strconv.Itoa(len(rows))))
	}
	if slices.Contains(up.Changed, true) {
		return rq.back("/training", "web.done.quiz_imported")
	}
	return rq.back("/training", "web.done.quiz_unchanged")
}

// trainingError shows a refusal, and the problems of the files uploaded,
// on the training page itself.
func (c *Console) trainingError(rq *request, problems []quizProblemRow, err error) error {
	if code := core.ErrorCodeOf(err); code == core.EInternal || code == core.EForbidden {
		return err
	}
	data, derr := c.trainingData(rq)
	if derr != nil {
		return derr
	}
	data.Problems = problems
	return c.renderStatus(rq, http.StatusBadRequest, "training", "web.title.training", data, rq.words.Error(err))
}

// skillCell picks what a person holds of skill: the highest level still
// valid, else the latest expired one (marked).
func (c *Console) skillCell(rq *request, held []training.Skill, skill string, now time.Time) skillCell {
	var best, expired *training.Skill
	for i := range held {
		s := &held[i]
		if s.Skill != skill {
			continue
		}
		if !s.ExpiresAt.IsZero() && !s.ExpiresAt.After(now) {
			if expired == nil || s.ExpiresAt.After(expired.ExpiresAt) {
				expired = s
			}
			continue
		}
		if best == nil || s.Level > best.Level || s.Level == best.Level && s.ExpiresAt.IsZero() {
			best = s
		}
	}
	pick := best
	if pick == nil {
		pick = expired
	}
	if pick == nil {
		return skillCell{}
	}
	cell := skillCell{Present: true, Level: rq.T("web.training.level", "level", strconv.Itoa(pick.Level)), Source: pick.Source}
	if pick.Source == "orgfile" {
		cell.Source = rq.T("web.training.orgfile")
	}
	if !pick.ExpiresAt.IsZero() {
		cell.Until = pick.ExpiresAt.In(rq.m.Org.Location()).Format("2006-01-02")
		switch {
		case !pick.ExpiresAt.After(now):
			cell.State = "expired"
		case pick.ExpiresAt.Before(now.AddDate(0, 0, expiringDays)):
			cell.State = "expiring"
		}
	}
	return cell
}

// quizTitle is a quiz's title in loc, else in any language it has, else
// its code.
func quizTitle(b quiz.Bank, loc core.Locale) string {
	if t := b.Title[loc]; t != "" {
		return t
	}
	for _, l := range []core.Locale{core.LocaleZH, core.LocaleEN} {
		if t := b.Title[l]; t != "" {
			return t
		}
	}
	return b.Code
}

type myQuizRow struct {
	Code, Title, State, Deadline string
}

type mySkillsData struct {
	Skills  []skillCellNamed
	Quizzes []myQuizRow
}

// skillsOf are m's skill levels, each with its expiry, for a page.
func (c *Console) skillsOf(rq *request, m core.Member) ([]skillCellNamed, error) {
	held, err := c.cfg.Training.Skills(rq.r.Context(), m)
	if err != nil {
		return nil, err
	}
	now := c.cfg.Clock.Now()
	var names []string
	for _, s := range held {
		if !slices.Contains(names, s.Skill) {
			names = append(names, s.Skill)
		}
	}
	var out []skillCellNamed
	for _, n := range names {
		out = append(out, skillCellNamed{Skill: n, skillCell: c.skillCell(rq, held, n, now)})
	}
	return out, nil
}

type skillCellNamed struct {
	Skill string
	skillCell
}

// mySkills is the reader's own skill levels and quizzes, and how to take
// one (in chat).
func (c *Console) mySkills(rq *request) error {
	ctx := rq.r.Context()
	skills, err := c.skillsOf(rq, rq.m)
	if err != nil {
		return err
	}
	data := mySkillsData{Skills: skills}
	list, err := c.cfg.Training.List(ctx, rq.m)
	if err != nil {
		return err
	}
	v := view{request: rq}
	for _, l := range list {
		row := myQuizRow{Code: l.Bank.Bank.Code, Title: quizTitle(l.Bank.Bank, rq.Locale())}
		switch {
		case l.InProgress:
			row.State = rq.T("web.training.state.in_progress")
		case l.Passed:
			row.State = rq.T("web.training.state.passed", "score", strconv.Itoa(l.Best))
		case !l.RetakeAt.IsZero():
			row.State = rq.T("web.training.state.retake", "score", strconv.Itoa(l.Best), "when", v.When(l.RetakeAt))
		case l.Assigned:
			row.State = rq.T("web.training.state.assigned")
		default:
			row.State = rq.T("web.training.state.open")
		}
		if l.Assigned && !l.Deadline.IsZero() {
			row.Deadline = v.When(l.Deadline)
		}
		data.Quizzes = append(data.Quizzes, row)
	}
	return c.render(rq, "skills_mine", "web.title.my_skills", data)
}
