package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training"
	"github.com/hrbot/hrbot/core/training/quiz"
)

// TrainingDesk runs quizzes for the bot; assigning also tells the people
// assigned (through delivery).
type TrainingDesk interface {
	List(ctx context.Context, m core.Member) ([]training.Listing, error)
	Start(ctx context.Context, m core.Member, code string) (training.Attempt, error)
	Press(ctx context.Context, m core.Member, in training.Answer) (training.Attempt, error)
	Skills(ctx context.Context, m core.Member) ([]training.Skill, error)
	Assign(ctx context.Context, m core.Member, code, who string, deadline time.Time, channel string) (training.StoredBank, int, error)
	QuizReport(ctx context.Context, m core.Member, code, channel string) (training.StoredBank, training.Report, error)
	Bank(ctx context.Context, orgID int64, code string) (training.StoredBank, error)
}

// Notice kinds of training.
const (
	NoticeQuizAssigned = core.NotifyQuizAssigned
	NoticeQuizReminder = core.NotifyQuizReminder
)

func (b *Bot) quizFeature() feature {
	if b.cfg.Training == nil {
		return feature{}
	}
	return feature{
		commands: b.quizCommands(), actions: b.quizActions(),
		notices: map[string]noticeRenderer{NoticeQuizAssigned: b.renderQuizNotice, NoticeQuizReminder: b.renderQuizNotice},
	}
}

func (b *Bot) quizCommands() []command {
	return []command{
		{name: "quiz", aliases: []string{"考试", "测验", "培训"}, helpKey: "help.cmd.quiz", run: b.quizCmd, takes: quizArgs},
		{name: "skills", aliases: []string{"我的技能", "技能"}, helpKey: "help.cmd.skills", run: b.skills, takes: skillsArgs},
	}
}

func (b *Bot) quizActions() map[string]actionHandler {
	return map[string]actionHandler{
		"quiz.start":  {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.startQuiz(ctx, t, v, true) }},
		"quiz.answer": {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.quizPress(ctx, t, v, false) }},
		"quiz.toggle": {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.quizPress(ctx, t, v, false) }},
		"quiz.submit": {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.quizPress(ctx, t, v, true) }},
	}
}

// quizCmd: "/quiz" lists, "/quiz CODE" starts or resumes, "/quiz assign
// CODE WHO [DEADLINE]", "/quiz report CODE".
func (b *Bot) quizCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	fields := strings.Fields(args)
	switch {
	case len(fields) == 0:
		return b.listQuizzes(ctx, t)
	case strings.EqualFold(fields[0], "assign") || fields[0] == "分配":
		if len(fields) < 3 {
			return []Reply{{Text: b.T(t, "quiz.assign_usage")}}, nil
		}
		var deadline time.Time
		if rest := strings.Join(fields[3:], " "); rest != "" {
			loc := t.member.Org.Location()
			span, _, found, err := when.FindSpan(rest, core.DateOf(t.now.In(loc)), when.Future)
			if err != nil {
				return nil, err
			}
			if found {
				deadline = span.To.AddDays(1).At(0, loc).Add(-time.Minute) // the end of that day
			}
		}
		bank, n, err := b.cfg.Training.Assign(ctx, *t.member, fields[1], fields[2], deadline, t.channel())
		if err != nil {
			return nil, err
		}
		text := b.T(t, "quiz.assigned_to", "count", strconv.Itoa(n), "title", quizTitle(bank.Bank, t.locale))
		if !deadline.IsZero() {
			text += " " + b.T(t, "quiz.deadline", "date", deadline.In(t.member.Org.Location()).Format("2006-01-02"))
		}
		return []Reply{{Text: text}}, nil
	case strings.EqualFold(fields[0], "report") || fields[0] == "报表":
		if len(fields) != 2 {
			return []Reply{{Text: b.T(t, "quiz.report_usage")}}, nil
		}
		return b.quizReport(ctx, t, fields[1])
	}
	return b.startQuiz(ctx, t, fields[0], false)
}

// quizArgs reports whether args are /quiz's: nothing, a quiz's key, or
// "assign" or "report" and theirs. "quiz night on friday, anyone?" and
// "培训 预算有多少" are not.
func quizArgs(args string) bool {
	fields := strings.Fields(args)
	if len(fields) <= 1 {
		return len(fields) == 0 || !strings.ContainsAny(fields[0], "?？")
	}
	switch strings.ToLower(fields[0]) {
	case "assign", "分配", "report", "报表":
		return true
	}
	return false
}

// skillsArgs reports whether args are /skills's: nothing or one person's
// key. "skills training budget" is not.
func skillsArgs(args string) bool {
	fields := strings.Fields(args)
	return len(fields) == 0 || len(fields) == 1 && !strings.ContainsAny(fields[0], "?？")
}

func quizTitle(bk quiz.Bank, loc core.Locale) string {
	if title := bk.Text(bk.Title, loc); title != "" {
		return title
	}
	return bk.Code
}

func (b *Bot) listQuizzes(ctx context.Context, t *turn) ([]Reply, error) {
	list, err := b.cfg.Training.List(ctx, *t.member)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return []Reply{{Text: b.T(t, "quiz.none")}}, nil
	}
	loc := t.member.Org.Location()
	lines := []string{b.T(t, "quiz.list_title")}
	var buttons [][]Button
	for _, l := range list {
		status := b.T(t, "quiz.status.open")
		switch {
		case l.InProgress:
			status = b.T(t, "quiz.status.in_progress")
		case !l.RetakeAt.IsZero():
			status = b.T(t, "quiz.status.retake", "at", l.RetakeAt.In(loc).Format("01-02 15:04"))
		case l.Passed:
			status = b.T(t, "quiz.status.passed", "percent", strconv.Itoa(l.Best))
		case l.Assigned && !l.Deadline.IsZero():
			status = b.T(t, "quiz.status.assigned_by", "date", l.Deadline.In(loc).Format("01-02"))
		case l.Assigned:
			status = b.T(t, "quiz.status.assigned")
		}
		bk := l.Bank.Bank
		lines = append(lines, b.T(t, "quiz.list_item", "title", quizTitle(bk, t.locale), "code", bk.Code,
			"skill", bk.Skill, "level", strconv.Itoa(bk.Level), "status", status))
		if l.RetakeAt.IsZero() {
			label := b.T(t, "quiz.start_button", "code", bk.Code)
			if l.InProgress {
				label = b.T(t, "quiz.continue_button", "code", bk.Code)
			}
			buttons = append(buttons, []Button{{Label: label, ActionID: "quiz.start", Value: bk.Code}})
		}
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: buttons}}, nil
}

func (b *Bot) startQuiz(ctx context.Context, t *turn, code string, pressed bool) ([]Reply, error) {
	a, err := b.cfg.Training.Start(ctx, *t.member, code)
	if err != nil {
		return nil, err
	}
	return b.quizScreen(t, a, pressed), nil
}

// quizPress reads "ATTEMPT:POSITION:CHOICE" (or "ATTEMPT:POSITION" to submit).
func (b *Bot) quizPress(ctx context.Context, t *turn, value string, submit bool) ([]Reply, error) {
	parts := strings.Split(value, ":")
	if len(parts) < 2 {
		return []Reply{{Text: b.T(t, "button.stale"), Error: true}}, nil
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	pos, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return []Reply{{Text: b.T(t, "button.stale"), Error: true}}, nil
	}
	in := training.Answer{AttemptID: id, Position: pos, Submit: submit}
	if len(parts) > 2 {
		in.Choice = parts[2]
	}
	a, err := b.cfg.Training.Press(ctx, *t.member, in)
	if err != nil {
		return nil, err
	}
	return b.quizScreen(t, a, true), nil
}

// quizScreen shows the question being asked, or the result.
func (b *Bot) quizScreen(t *turn, a training.Attempt, replace bool) []Reply {
	if a.Status == training.AttemptSubmitted {
		return []Reply{{Text: b.quizResult(t, a), ReplaceMessage: replace}}
	}
	q, choices, ok := a.Current()
	if !ok {
		return []Reply{{Text: b.T(t, "button.stale"), Error: true}}
	}
	loc := t.locale
	lines := []string{b.T(t, "quiz.question_head", "n", strconv.Itoa(a.Position+1), "total", strconv.Itoa(len(a.Paper.Items)),
		"title", quizTitle(a.Bank, loc))}
	if !a.Deadline.IsZero() {
		left := int(a.Deadline.Sub(t.now).Round(time.Minute) / time.Minute)
		lines = append(lines, b.T(t, "quiz.time_left", "minutes", strconv.Itoa(max(left, 0))))
	}
	lines = append(lines, "", a.Bank.Text(q.Text, loc))
	prefix := fmt.Sprintf("%d:%d:", a.ID, a.Position)
	var rows [][]Button
	if q.Multiple() {
		lines = append(lines, b.T(t, "quiz.choose_all"))
		for _, c := range choices {
			mark := "☐ "
			for _, s := range a.Selected {
				if s == c.ID {
					mark = "☑ "
				}
			}
			rows = append(rows, []Button{{Label: mark + a.Bank.Text(c.Text, loc), ActionID: "quiz.toggle", Value: prefix + c.ID}})
		}
		rows = append(rows, []Button{{Label: b.T(t, "quiz.submit"), ActionID: "quiz.submit", Value: fmt.Sprintf("%d:%d", a.ID, a.Position)}})
	} else {
		for _, c := range choices {
			rows = append(rows, []Button{{Label: a.Bank.Text(c.Text, loc), ActionID: "quiz.answer", Value: prefix + c.ID}})
		}
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: rows, ReplaceMessage: replace}}
}

func (b *Bot) quizResult(t *turn, a training.Attempt) string {
	r := a.Result
	var lines []string
	if a.TimedOut {
		lines = append(lines, b.T(t, "quiz.timed_out"))
	}
	key := "quiz.failed"
	if r.Passed {
		key = "quiz.passed"
	}
	lines = append(lines, b.T(t, key, "correct", strconv.Itoa(r.Correct), "total", strconv.Itoa(r.Total),
		"percent", strconv.Itoa(r.Percent), "pass", strconv.Itoa(a.Bank.PassMark),
		"skill", a.Bank.Skill, "level", strconv.Itoa(a.Bank.Level)))
	if len(r.Wrong) > 0 {
		lines = append(lines, "", b.T(t, "quiz.review"))
		for _, id := range r.Wrong {
			for _, q := range a.Bank.Questions {
				if q.ID != id {
					continue
				}
				var right []string
				for _, c := range q.Choices {
					if c.Correct {
						right = append(right, a.Bank.Text(c.Text, t.locale))
					}
				}
				line := "✗ " + a.Bank.Text(q.Text, t.locale) + " → " + strings.Join(right, " + ")
				if ex := a.Bank.Text(q.Explanation, t.locale); ex != "" {
					line += "\n   " + ex
				}
				lines = append(lines, line)
			}
		}
	}
	return strings.Join(lines, "\n")
}

// skills shows my skills, or — for a manager or HR — someone else's:
// "/skills alice".
func (b *Bot) skills(ctx context.Context, t *turn, args string) ([]Reply, error) {
	who := *t.member
	title := b.T(t, "skills.title")
	if key := strings.TrimSpace(args); key != "" {
		e, err := b.cfg.Directory.FindEmployee(ctx, *t.member, key, t.channel())
		if err != nil {
			return nil, err
		}
		who.Employee = e
		title = b.T(t, "skills.title_of", "name", e.Name)
	}
	list, err := b.cfg.Training.Skills(ctx, who)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return []Reply{{Text: b.T(t, "skills.none")}}, nil
	}
	loc := t.member.Org.Location()
	lines := []string{title}
	for _, s := range list {
		var line string
		switch {
		case s.Source == "orgfile":
			line = b.T(t, "skills.orgfile", "skill", s.Skill, "level", strconv.Itoa(s.Level))
		case s.ExpiresAt.IsZero():
			line = b.T(t, "skills.quiz", "skill", s.Skill, "level", strconv.Itoa(s.Level), "code", s.Source)
		case s.ExpiresAt.Before(t.now):
			line = b.T(t, "skills.expired", "skill", s.Skill, "level", strconv.Itoa(s.Level), "code", s.Source,
				"date", s.ExpiresAt.In(loc).Format("2006-01-02"))
		default:
			line = b.T(t, "skills.until", "skill", s.Skill, "level", strconv.Itoa(s.Level), "code", s.Source,
				"date", s.ExpiresAt.In(loc).Format("2006-01-02"))
		}
		lines = append(lines, line)
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Ephemeral: true}}, nil
}

func (b *Bot) quizReport(ctx context.Context, t *turn, code string) ([]Reply, error) {
	bank, rep, err := b.cfg.Training.QuizReport(ctx, *t.member, code, t.channel())
	if err != nil {
		return nil, err
	}
	rate := 0
	if rep.Attempts > 0 {
		rate = rep.Passed * 100 / rep.Attempts
	}
	lines := []string{b.T(t, "quiz.report.title", "title", quizTitle(bank.Bank, t.locale), "attempts", strconv.Itoa(rep.Attempts),
		"passed", strconv.Itoa(rep.Passed), "rate", strconv.Itoa(rate))}
	for i, q := range rep.Hardest {
		if i == 3 || q.Wrong == 0 {
			break
		}
		text := q.QuestionID
		for _, bq := range bank.Bank.Questions {
			if bq.ID == q.QuestionID {
				text = bank.Bank.Text(bq.Text, t.locale)
			}
		}
		lines = append(lines, b.T(t, "quiz.report.hard", "question", text, "wrong", strconv.Itoa(q.Wrong), "asked", strconv.Itoa(q.Asked)))
	}
	for _, p := range rep.People {
		mark := "✗"
		if p.Passed {
			mark = "✓"
		}
		lines = append(lines, fmt.Sprintf("%s %s %d%%", mark, p.Name, p.Best))
	}
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}

// renderQuizNotice writes an assignment or a deadline reminder, with a
// button to start.
func (b *Bot) renderQuizNotice(ctx context.Context, t *turn, n Notice) ([]Reply, error) {
	bank, err := b.cfg.Training.Bank(ctx, t.member.Org.ID, n.Params["code"])
	if err != nil {
		return nil, err
	}
	deadline := ""
	if d, err := time.Parse(time.RFC3339, n.Params["deadline"]); err == nil {
		deadline = b.T(t, "quiz.deadline", "date", d.In(t.member.Org.Location()).Format("2006-01-02"))
	}
	key := "quiz.notice.assigned"
	if n.Kind == NoticeQuizReminder {
		key = "quiz.notice.reminder"
	}
	return []Reply{{
		Text:    strings.TrimSpace(b.T(t, key, "title", quizTitle(bank.Bank, t.locale), "code", bank.Bank.Code) + " " + deadline),
		Buttons: [][]Button{{{Label: b.T(t, "quiz.start_button", "code", bank.Bank.Code), ActionID: "quiz.start", Value: bank.Bank.Code}}},
	}}, nil
}
