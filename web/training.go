package web

import (
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
	c.mux.HandleFunc("GET /me/skills", c.page(c.mySkills))
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

type trainingData struct {
	Attempts []attemptRow
	Skills   []string
	People   []matrixRow
}

// trainingPage is the latest quiz results and who holds which skill.
func (c *Console) trainingPage(rq *request) error {
	ctx := rq.r.Context()
	attempts, err := c.cfg.Training.RecentAttempts(ctx, rq.m, 30, signin.Channel)
	if err != nil {
		return err
	}
	people, err := c.cfg.Training.SkillMatrix(ctx, rq.m, signin.Channel)
	if err != nil {
		return err
	}
	v := view{request: rq}
	var data trainingData
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
	return c.render(rq, "training", "web.title.training", data)
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
