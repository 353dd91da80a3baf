package quiz

// The Markdown quiz format, for people who write in a plain editor:
//
//	# 客服一级 / Customer service level 1
//
//	code: cs-1
//	skill: customer-service
//	level: 1
//	pass: 80%
//	time: 10m
//	draw: 5
//
//	## 退货期限是多少天？ / How many days do customers have to return goods? {#returns}
//	- [ ] 3 天 / 3 days
//	- [x] 7 天 / 7 days
//	- [ ] 30 天 / 30 days
//
//	> 七天无理由退货。 / Seven-day no-reason returns.
//
// The file reads top to bottom:
//
//   - "# " starts the title line, once, before the first question.
//   - Settings are "name: value" lines before the first question:
//     code (required, such as cs-1), skill (required, such as
//     customer-service), level (required, 1 to 5), pass (required, the
//     percentage needed to pass: 80 or 80%), time (optional: 10m, 1h30m,
//     15 分钟; 0 or absent for no limit) and draw (optional: how many
//     questions each attempt draws at random; 0 or absent for all). Chinese
//     names work too (编号, 技能, 级别, 及格, 时间, 抽题), and so does "：".
//   - "## " starts a question. "{#id}" at the end of the line gives it an id
//     that stays the same when questions are moved (lower-case letters,
//     digits, '.', '_', '-'); without one the questions are q1, q2… in order.
//   - "- [ ] " is a wrong choice and "- [x] " a right one (also [X], [√],
//     [✓]); "*" or "+" may stand for "-". Mark two or more right choices to
//     make a question where every right choice must be picked. A question
//     has 2 to 8 choices, a, b, c… in order.
//   - "> " lines under a question explain the answer; each is one line of
//     the explanation.
//   - Blank lines, "---" lines and <!-- comments --> are ignored.
//
// Any text — title, question, choice, explanation line — is "中文 / English":
// a " / " with spaces around it splits the two languages. The side with
// more Chinese characters is the Chinese one; when neither or both have
// them, the left side is. A text without " / " is the same in both
// languages. Labels override the guess and give a text in one language only:
// "zh: 只有中文", "en: English only", "en: OK / zh: 好的". A slash without
// spaces around it (退货/换货) is just a slash; a backslash keeps any ASCII
// punctuation from being read as syntax (\/ for a spaced slash, en\: for a
// text starting with "en:").

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

var mdFormat = &format{
	name:        "md",
	timeKey:     "time",
	titleHow:    "add a title line such as # 客服一级 / Customer service level 1",
	choicesHow:  "add lines such as - [ ] 3 天 / 3 days and - [x] 7 天 / 7 days under it",
	correctHow:  "mark the right one - [x]",
	questionHow: "start each question with a line such as ## 退货期限是多少天？ / How many days do customers have to return goods?",
}

// mdSettings maps the names a setting may be written with to its name.
var mdSettings = map[string]string{
	"code": "code", "编号": "code", "代码": "code",
	"skill": "skill", "技能": "skill",
	"level": "level", "级别": "level", "等级": "level",
	"pass": "pass", "及格": "pass", "及格线": "pass",
	"time": "time", "time_limit": "time", "时间": "time", "时限": "time", "限时": "time",
	"draw": "draw", "抽题": "draw", "抽题数": "draw",
}

var (
	settingPattern = regexp.MustCompile(`^([^:：]+?)\s*[:：]\s*(.*)$`)
	choicePattern  = regexp.MustCompile(`^[-*+]\s*\[([^\]]*)\]\s*(.*)$`)
	breakPattern   = regexp.MustCompile(`^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	idPattern      = regexp.MustCompile(`\{#([^{}]*)\}$`)
)

// ParseMarkdown reads a quiz written in Markdown (see the top of this
// file). name is used in problems only; the error is always Problems.
func ParseMarkdown(name string, data []byte) (Bank, error) {
	d := newDraft(name, mdFormat)
	data, ok := d.start(data)
	if !ok {
		return Bank{}, d.problems
	}
	text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
	r := &mdReader{d: d, cur: -1}
	for i, raw := range strings.Split(text, "\n") {
		r.line(i+1, strings.TrimSpace(raw))
	}
	if r.commentStart > 0 {
		d.add(r.commentStart, "(file)", "quiz.problem.md.comment_open", "the comment <!-- is never closed with -->")
	}
	r.explanations()
	if line, ok := d.lines["title"]; ok {
		d.top = line
	}
	return d.finish()
}

// mdReader is a Markdown quiz being read line by line into its draft.
type mdReader struct {
	d            *draft
	cur          int           // index of the question being read; -1 before the first
	expl         [][2][]string // explanation lines of each question: Chinese, English
	commentStart int           // line of an open <!-- comment; 0 outside one
}

// line reads line number no, trimmed.
func (r *mdReader) line(no int, line string) {
	d := r.d
	if r.commentStart > 0 {
		if strings.Contains(line, "-->") {
			r.commentStart = 0
		}
		return
	}
	switch {
	case line == "" || breakPattern.MatchString(line):
	case strings.HasPrefix(line, "<!--"):
		if !strings.Contains(line[4:], "-->") {
			r.commentStart = no
		}
	case line == "#" || strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "#\t"):
		r.title(no, line[1:])
	case line == "##" || strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "##\t"):
		r.cur = len(d.bank.Questions)
		q, m := d.mdQuestion(no, r.cur, line[2:])
		d.bank.Questions = append(d.bank.Questions, q)
		d.qs = append(d.qs, m)
		r.expl = append(r.expl, [2][]string{})
	case strings.HasPrefix(line, "#"):
		d.add(no, "(file)", "quiz.problem.md.heading", "use # and a space for the title and ## and a space for each question")
	case strings.HasPrefix(line, ">"):
		r.explanation(no, strings.TrimSpace(line[1:]))
	case choicePattern.MatchString(line):
		if r.cur < 0 {
			d.add(no, "(file)", "quiz.problem.md.choice_outside", "a choice must come under a question (## …)")
			return
		}
		d.mdChoice(no, r.cur, choicePattern.FindStringSubmatch(line))
	case strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") || strings.HasPrefix(line, "+ ") || line == "-":
		d.add(no, "(file)", "quiz.problem.md.choice_form", "write each choice as - [ ] text for a wrong one or - [x] text for the right one")
	default:
		d.mdSetting(no, line, r.cur >= 0)
	}
}

// title reads the title line, text being what follows the #.
func (r *mdReader) title(no int, text string) {
	d := r.d
	if r.cur >= 0 {
		d.add(no, "title", "quiz.problem.md.title_late", "must come before the first question (questions start with ##)")
	}
	if !d.given("title", no) {
		return
	}
	if d.bank.Title = d.mdText(no, "title", text); d.bank.Title == nil {
		d.bad["title"] = true
	}
}

// explanation reads a line of the current question's explanation, rest
// being what follows the >.
func (r *mdReader) explanation(no int, rest string) {
	switch {
	case r.cur < 0:
		r.d.add(no, "(file)", "quiz.problem.md.explanation_outside", "an explanation (>) must come under the question it explains")
	case rest != "":
		t := r.d.mdText(no, questionField(r.cur)+" explanation", rest)
		for k, loc := range []core.Locale{core.LocaleZH, core.LocaleEN} {
			if s, ok := t[loc]; ok {
				r.expl[r.cur][k] = append(r.expl[r.cur][k], s)
			}
		}
	}
}

// explanations joins each question's explanation lines, per language.
func (r *mdReader) explanations() {
	for i, e := range r.expl {
		if len(e[0])+len(e[1]) == 0 {
			continue
		}
		m := map[core.Locale]string{}
		if len(e[0]) > 0 {
			m[core.LocaleZH] = strings.Join(e[0], "\n")
		}
		if len(e[1]) > 0 {
			m[core.LocaleEN] = strings.Join(e[1], "\n")
		}
		r.d.bank.Questions[i].Explanation = m
	}
}

// mdText reads one line of text, reporting what is wrong with it.
func (d *draft) mdText(line int, field, raw string) map[core.Locale]string {
	t, why := readText(raw)
	if why.key != "" {
		d.addReason(line, field, why)
		return nil
	}
	return t
}

func (d *draft) mdQuestion(line, i int, heading string) (Question, qmeta) {
	q := Question{ID: positionalID(i), Line: line}
	m := qmeta{}
	heading = strings.TrimSpace(heading)
	if id := idPattern.FindStringSubmatch(heading); id != nil {
		q.ID, m.idGiven, m.idLine = strings.TrimSpace(id[1]), true, line
		heading = strings.TrimSpace(strings.TrimSuffix(heading, id[0]))
	}
	if heading == "" {
		d.add(line, questionField(i), "quiz.problem.md.question_no_text", "has no text: write it after ##")
		m.textBad = true
		return q, m
	}
	q.Text = d.mdText(line, questionField(i), heading)
	m.textBad = q.Text == nil
	return q, m
}

var rightMarks = []string{"x", "X", "√", "✓", "✔"}

func (d *draft) mdChoice(line, i int, match []string) {
	q := &d.bank.Questions[i]
	c := Choice{ID: choiceID(len(q.Choices))}
	field := questionField(i) + " choice " + c.ID
	switch mark := strings.TrimSpace(match[1]); {
	case mark == "":
	case slices.Contains(rightMarks, mark):
		c.Correct = true
	default:
		d.add(line, field, "quiz.problem.md.mark", "mark a right choice [x] and a wrong one [ ], not [%s]", arg{"mark", match[1]})
	}
	if strings.TrimSpace(match[2]) == "" {
		d.add(line, field, "quiz.problem.md.choice_no_text", "has no text: write it after the [ ]")
	} else {
		c.Text = d.mdText(line, field, match[2])
	}
	q.Choices = append(q.Choices, c)
	d.qs[i].choiceLines = append(d.qs[i].choiceLines, line)
}

func (d *draft) mdSetting(line int, text string, inQuestion bool) {
	m := settingPattern.FindStringSubmatch(text)
	var name string
	if m != nil {
		name = mdSettings[strings.ToLower(m[1])]
	}
	switch {
	case name != "" && inQuestion:
		d.add(line, name, "quiz.problem.md.setting_late", "settings go at the top, before the first question")
		if _, ok := d.lines[name]; ok {
			return
		}
	case inQuestion:
		d.add(line, "(file)", "quiz.problem.md.under_question", "under a question, a line is a choice (- [ ] …) or an explanation (> …)")
		return
	case m == nil:
		d.add(line, "(file)", "quiz.problem.md.expected", "expected a setting such as level: 1, the title (# …) or a question (## …); put notes in <!-- -->")
		return
	case name == "":
		d.add(line, "(file)", "quiz.problem.md.unknown_setting", "unknown setting %q (expected code, skill, level, pass, time or draw)", arg{"name", strings.TrimSpace(m[1])})
		return
	}
	if d.given(name, line) {
		d.setting(name, m[2], line)
	}
}

// WriteMarkdown writes b in the Markdown format; ParseMarkdown reads it
// back as b (apart from the Line fields).
func WriteMarkdown(b Bank) []byte {
	var w strings.Builder
	w.WriteString("# " + writeMap(b.Title) + "\n\n")
	w.WriteString("code: " + b.Code + "\n")
	w.WriteString("skill: " + b.Skill + "\n")
	w.WriteString("level: " + strconv.Itoa(b.Level) + "\n")
	w.WriteString("pass: " + strconv.Itoa(b.PassMark) + "%\n")
	if b.TimeLimit != 0 {
		w.WriteString("time: " + formatDuration(b.TimeLimit) + "\n")
	}
	if b.Draw != 0 {
		w.WriteString("draw: " + strconv.Itoa(b.Draw) + "\n")
	}
	for i, q := range b.Questions {
		heading := writeMap(q.Text)
		if q.ID != positionalID(i) || idPattern.MatchString(heading) {
			heading += " {#" + q.ID + "}"
		}
		w.WriteString("\n## " + heading + "\n")
		for _, c := range q.Choices {
			box := "- [ ] "
			if c.Correct {
				box = "- [x] "
			}
			w.WriteString(box + writeMap(c.Text) + "\n")
		}
		if len(q.Explanation) == 0 {
			continue
		}
		w.WriteString("\n")
		zh, hasZH := q.Explanation[core.LocaleZH]
		en, hasEN := q.Explanation[core.LocaleEN]
		var zl, el []string
		if hasZH {
			zl = strings.Split(zh, "\n")
		}
		if hasEN {
			el = strings.Split(en, "\n")
		}
		for k := 0; k < max(len(zl), len(el)); k++ {
			var z, e string
			if k < len(zl) {
				z = zl[k]
			}
			if k < len(el) {
				e = el[k]
			}
			w.WriteString("> " + writeText(z, e, k < len(zl), k < len(el)) + "\n")
		}
	}
	return []byte(w.String())
}
