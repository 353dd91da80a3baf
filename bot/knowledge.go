package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/bot/intent"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/knowledge"
	"github.com/hrbot/hrbot/knowledgebase"
)

// Knowledge answers questions from the handbook and keeps them for HR.
type Knowledge interface {
	// Answer only reads, and may take seconds (a language model): the bot
	// calls it before the turn's transaction when it can.
	Answer(ctx context.Context, m core.Member, question string) (knowledgebase.Answer, error)
	Record(ctx context.Context, m core.Member, question string, a knowledgebase.Answer) (int64, error)
	Vote(ctx context.Context, m core.Member, id int64, up bool) error
	Forward(ctx context.Context, m core.Member, id int64) (bool, error)
	Question(ctx context.Context, m core.Member, id int64) (knowledge.Question, error)
	Reply(ctx context.Context, m core.Member, id int64, text, channel string) (knowledge.Question, error)
	Gaps(ctx context.Context, m core.Member, limit int) ([]knowledge.Question, error)
	MarkedWrong(ctx context.Context, m core.Member, limit int) ([]knowledge.Question, error)
	// SearchPublic answers someone who is nobody of the org (a candidate)
	// from the handbook's public documents only.
	SearchPublic(ctx context.Context, orgID int64, q string) (knowledgebase.Hit, bool, error)
}

// excerptRunes is how much of a passage a chat answer shows.
const excerptRunes = 600

// prepared is a question answered before its turn began.
type prepared struct {
	employeeID int64
	// vocab is the org's words, read for understanding the message.
	vocab    *intent.Vocab
	question string
	answer   knowledgebase.Answer
	err      error
}

func (b *Bot) knowledgeFeature() feature {
	if b.cfg.Knowledge == nil {
		return feature{}
	}
	return feature{
		commands: b.knowledgeCommands(), actions: b.knowledgeActions(),
		notifications: map[string]notificationRenderer{core.NotifyKBForwarded: b.knowledgeNotification, core.NotifyKBAnswered: b.knowledgeNotification},
	}
}

func (b *Bot) knowledgeCommands() []command {
	return []command{
		{name: "ask", aliases: []string{"问", "提问", "faq"}, helpKey: "help.cmd.ask", run: b.ask},
		{name: "kb", aliases: []string{"知识库"}, helpKey: "help.cmd.kb", staff: true, run: b.kbCmd},
	}
}

func (b *Bot) knowledgeActions() map[string]actionHandler {
	return map[string]actionHandler{
		"kb.up":     {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.vote(ctx, t, v, true) }},
		"kb.down":   {run: func(ctx context.Context, t *turn, v string) ([]Reply, error) { return b.vote(ctx, t, v, false) }},
		"kb.ask_hr": {run: b.forwardQuestion},
	}
}

// prepare reads a message before its turn begins and, when it asks the
// handbook a question, answers it there, so a slow model does not hold a
// database transaction open. It gives up quietly (nil) when the sender is
// unknown, presses a button or is in a dialog: the turn then does what it
// would have.
func (b *Bot) prepare(ctx context.Context, in Incoming) *prepared {
	if in.Action != nil || b.cfg.Directory == nil {
		return nil
	}
	// A typed command other than /ask asks the handbook nothing: the turn
	// runs it at once. This keeps the 9:00 storm of /checkin free of the
	// lookups below.
	text := strings.TrimSpace(in.Text)
	if name, _, ok := b.parseCommand(text); ok && name != "ask" && strings.HasPrefix(text, "/") {
		return nil
	}
	m, err := b.cfg.Directory.Identify(ctx, in.Platform, in.UserID)
	if err != nil || m.Employee.Status != core.StatusActive {
		return nil
	}
	if b.cfg.Conversations != nil {
		if _, err := b.cfg.Conversations.LoadDialog(ctx, in.Platform, in.ChatID, in.UserID); err == nil {
			return nil // the text may answer a dialog's question
		}
	}
	v, err := b.vocab(ctx, &m)
	if err != nil {
		return nil
	}
	p := &prepared{employeeID: m.Employee.ID, vocab: &v}
	wish, c, args := b.understand(text, v)
	switch {
	case b.cfg.Knowledge == nil:
		return p
	case c != nil && c.name == "ask" && args != "":
		p.question = args
	case c == nil && wish == intent.FAQ:
		p.question = text
	default:
		return p
	}
	p.answer, p.err = b.cfg.Knowledge.Answer(ctx, m, p.question)
	return p
}

func (b *Bot) ask(ctx context.Context, t *turn, args string) ([]Reply, error) {
	if strings.TrimSpace(args) == "" {
		return []Reply{{Text: b.T(t, "kb.ask_usage")}}, nil
	}
	return b.answerQuestion(ctx, t, args)
}

// answerQuestion answers from the handbook, or from the asker's own
// records for a personal question, and records the question.
func (b *Bot) answerQuestion(ctx context.Context, t *turn, question string) ([]Reply, error) {
	var a knowledgebase.Answer
	var err error
	if p := t.prepared; p != nil && p.employeeID == t.member.Employee.ID && p.question == question {
		a, err = p.answer, p.err
	} else {
		a, err = b.cfg.Knowledge.Answer(ctx, *t.member, question)
	}
	if err != nil {
		return nil, fmt.Errorf("answer question: %w", err)
	}
	id, err := b.cfg.Knowledge.Record(ctx, *t.member, question, a)
	if err != nil {
		return nil, err
	}
	ref := strconv.FormatInt(id, 10)
	switch a.Outcome {
	case knowledge.Personal:
		return b.personalAnswer(ctx, t, a)
	case knowledge.Unknown:
		return []Reply{{Text: b.T(t, "kb.unknown"), Buttons: [][]Button{{{Label: b.T(t, "kb.ask_hr"), ActionID: "kb.ask_hr", Value: ref}}}}}, nil
	}
	var lines []string
	if a.Text != "" {
		lines = append(lines, a.Text, "")
		for i, h := range a.Passages {
			lines = append(lines, b.T(t, "kb.source", "n", strconv.Itoa(i+1), "doc", h.Passage.Doc,
				"section", knowledgebase.SectionIn(h.Passage.Section, t.locale)))
		}
	} else {
		lines = append(lines, b.T(t, "kb.from_handbook"))
		for _, h := range a.Passages {
			lines = append(lines, "", knowledgebase.Excerpt(h.Passage.Text, t.locale, excerptRunes),
				b.T(t, "kb.cite", "doc", h.Passage.Doc, "section", knowledgebase.SectionIn(h.Passage.Section, t.locale)))
		}
	}
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: [][]Button{{
		{Label: "👍", ActionID: "kb.up", Value: ref},
		{Label: "👎", ActionID: "kb.down", Value: ref},
	}}}}, nil
}

// personalAnswer answers from the asker's own records: the same replies as
// the commands, so a question never shows anyone else's data.
func (b *Bot) personalAnswer(ctx context.Context, t *turn, a knowledgebase.Answer) ([]Reply, error) {
	switch a.Intent {
	case knowledgebase.IntentLeaveBalance:
		return b.balance(ctx, t, "")
	case knowledgebase.IntentAttendance:
		return b.myMonth(ctx, t, a.Args["month"])
	case knowledgebase.IntentMyLeave:
		return b.myLeave(ctx, t, "")
	case knowledgebase.IntentSchedule:
		return b.weekPlan(ctx, t, "")
	case knowledgebase.IntentSkills:
		if b.cfg.Training != nil {
			return b.skills(ctx, t, "")
		}
	}
	return []Reply{{Text: b.T(t, "kb.unknown")}}, nil
}

func (b *Bot) vote(ctx context.Context, t *turn, value string, up bool) ([]Reply, error) {
	id, _ := strconv.ParseInt(value, 10, 64)
	if err := b.cfg.Knowledge.Vote(ctx, *t.member, id, up); err != nil {
		if core.ErrorCodeOf(err) == core.ENotFound {
			return []Reply{{Text: b.T(t, "button.stale"), Ephemeral: true}}, nil
		}
		return nil, err
	}
	if up {
		return []Reply{{Text: b.T(t, "kb.thanks_up"), Ephemeral: true}}, nil
	}
	return []Reply{{Text: b.T(t, "kb.thanks_down"), Ephemeral: true,
		Buttons: [][]Button{{{Label: b.T(t, "kb.ask_hr"), ActionID: "kb.ask_hr", Value: value}}}}}, nil
}

func (b *Bot) forwardQuestion(ctx context.Context, t *turn, value string) ([]Reply, error) {
	id, _ := strconv.ParseInt(value, 10, 64)
	sent, err := b.cfg.Knowledge.Forward(ctx, *t.member, id)
	if err != nil {
		return nil, err
	}
	if !sent {
		q, err := b.cfg.Knowledge.Question(ctx, *t.member, id)
		if err != nil || q.EmployeeID != t.member.Employee.ID {
			return []Reply{{Text: b.T(t, "button.stale"), Ephemeral: true}}, nil
		}
		return []Reply{{Text: b.T(t, "kb.already_forwarded"), Ephemeral: true}}, nil
	}
	return []Reply{{Text: b.T(t, "kb.forwarded"), Ephemeral: true}}, nil
}

// kbCmd: "/kb gaps", "/kb wrong", "/kb answer ID TEXT" — for HR.
func (b *Bot) kbCmd(ctx context.Context, t *turn, args string) ([]Reply, error) {
	sub, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	switch strings.ToLower(sub) {
	case "gaps", "缺口", "未答":
		qs, err := b.cfg.Knowledge.Gaps(ctx, *t.member, 20)
		if err != nil {
			return nil, err
		}
		return []Reply{{Text: b.questionList(t, "kb.gaps_title", "kb.gaps_none", qs), Ephemeral: true}}, nil
	case "wrong", "差评", "错误":
		qs, err := b.cfg.Knowledge.MarkedWrong(ctx, *t.member, 20)
		if err != nil {
			return nil, err
		}
		return []Reply{{Text: b.questionList(t, "kb.wrong_title", "kb.wrong_none", qs), Ephemeral: true}}, nil
	case "answer", "回答", "答复":
		idText, text, _ := strings.Cut(strings.TrimSpace(rest), " ")
		id, err := strconv.ParseInt(strings.TrimPrefix(idText, "#"), 10, 64)
		if err != nil || strings.TrimSpace(text) == "" {
			return []Reply{{Text: b.T(t, "kb.answer_usage")}}, nil
		}
		q, err := b.cfg.Knowledge.Reply(ctx, *t.member, id, strings.TrimSpace(text), t.channel())
		if err != nil {
			return nil, err
		}
		return []Reply{{Text: b.T(t, "kb.answer_sent", "name", q.EmployeeName)}}, nil
	}
	return []Reply{{Text: b.T(t, "kb.usage")}}, nil
}

func (b *Bot) questionList(t *turn, titleKey, noneKey string, qs []knowledge.Question) string {
	if len(qs) == 0 {
		return b.T(t, noneKey)
	}
	lines := []string{b.T(t, titleKey, "count", strconv.Itoa(len(qs)))}
	loc := t.member.Org.Location()
	for _, q := range qs {
		line := b.T(t, "kb.question_line", "id", strconv.FormatInt(q.ID, 10), "date", q.AskedAt.In(loc).Format("01-02 15:04"),
			"name", q.EmployeeName, "question", q.Text)
		if !q.ForwardedAt.IsZero() {
			line += " " + b.T(t, "kb.question_forwarded")
		}
		if q.Outcome == knowledge.Answered && q.Answer != "" {
			line += "\n    " + b.T(t, "kb.question_answer", "answer", knowledgebase.Excerpt(q.Answer, t.locale, 120))
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// knowledgeNotification writes the notices of questions: to HR, a
// forwarded question; to the asker, HR's answer.
func (b *Bot) knowledgeNotification(ctx context.Context, t *turn, n core.Notification) []Reply {
	id, _ := strconv.ParseInt(n.Params["id"], 10, 64)
	q, err := b.cfg.Knowledge.Question(ctx, *t.member, id)
	if err != nil {
		return nil
	}
	switch n.Kind {
	case core.NotifyKBForwarded:
		if q.HRAnswer != "" {
			return nil // answered meanwhile
		}
		return []Reply{{Text: b.T(t, "kb.notice.forwarded", "name", q.EmployeeName, "question", q.Text, "id", strconv.FormatInt(q.ID, 10))}}
	case core.NotifyKBAnswered:
		return []Reply{{Text: b.T(t, "kb.notice.answered", "question", q.Text, "answer", q.HRAnswer)}}
	}
	return nil
}
