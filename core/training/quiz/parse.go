package quiz

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hrbot/hrbot/core"
)

// Problem is one thing wrong with a quiz file.
type Problem struct {
	File    string
	Line    int
	Field   string // what is wrong: title, level, question 3, question 3 choice b…
	Message string // in English
	// Key is Message in the catalogue (quiz.problem.…), for readers of
	// other languages; Args fill its {name} placeholders.
	Key  string
	Args map[string]string
}

// fieldPattern reads a Field about a question: its number, the choice and
// the part of it.
var fieldPattern = regexp.MustCompile(`^question (\d+)(?: choice ([a-z]+))?(?: (.+))?$`)

// Where splits Field for a reader of another language: the question it
// is about (from 1; 0 for none), the choice (a, b…; "" for none) and the
// rest — a setting or part as the file writes it (level, id, correct,
// zh-CN), or "" for the file as a whole.
func (p Problem) Where() (question int, choice, part string) {
	if m := fieldPattern.FindStringSubmatch(p.Field); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2], m[3]
	}
	if p.Field == "(file)" {
		return 0, "", ""
	}
	return 0, "", p.Field
}

// Translate looks a message up in a catalogue, in one language: key with
// name, value pairs for its {name} placeholders.
type Translate func(key string, args ...string) string

// In says where p is and what is wrong, in t's language: where is the
// file (quiz.where.file), a question (quiz.where.question) or a choice
// (quiz.where.choice), then the setting or part as the file writes it;
// why is Key's message. A problem without a key is said in English.
func (p Problem) In(t Translate) (where, why string) {
	if p.Key == "" {
		return p.Field, p.Message
	}
	args := make([]string, 0, 2*len(p.Args))
	for k, v := range p.Args {
		args = append(args, k, v)
	}
	why = t(p.Key, args...)
	q, choice, part := p.Where()
	switch {
	case choice != "":
		where = t("quiz.where.choice", "n", strconv.Itoa(q), "choice", choice)
	case q > 0:
		where = t("quiz.where.question", "n", strconv.Itoa(q))
	case part == "":
		return t("quiz.where.file"), why
	}
	return strings.TrimSpace(where + " " + part), why
}

// arg is a value a problem's message names: {name} in the catalogue. It
// formats as its value, so the English text is written with fmt verbs.
type arg struct {
	name  string
	value any
}

func (a arg) Format(f fmt.State, verb rune) { fmt.Fprintf(f, fmt.FormatString(f, verb), a.value) }

// reason is why a part of a file is wrong, before it is placed.
type reason struct {
	key    string
	format string
	args   []any
}

func (r reason) String() string { return fmt.Sprintf(r.format, r.args...) }

// newProblem places a reason: key in the catalogue, format and args its
// English text, the args of type arg its placeholders.
func newProblem(file string, line int, field, key, format string, args ...any) Problem {
	p := Problem{File: file, Line: max(line, 1), Field: field, Key: key, Message: fmt.Sprintf(format, args...)}
	for _, a := range args {
		if n, ok := a.(arg); ok {
			if p.Args == nil {
				p.Args = map[string]string{}
			}
			p.Args[n.name] = fmt.Sprint(n.value)
		}
	}
	return p
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Message)
}

// Problems is every problem found in a quiz file, in line order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Parse reads a quiz file, YAML (.yaml, .yml) or Markdown (.md, .markdown)
// by its extension. name is used in problems only. The error is always
// Problems.
func Parse(name string, data []byte) (Bank, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return ParseYAML(name, data)
	case ".md", ".markdown":
		return ParseMarkdown(name, data)
	}
	return Bank{}, Problems{newProblem(name, 1, "(file)", "quiz.problem.file_type",
		"a quiz file must be Markdown (.md, .markdown) or YAML (.yaml, .yml)")}
}

// format holds the wording that differs between the file formats.
type format struct {
	name        string // md or yaml: the suffix of the keys of the texts below
	timeKey     string // the setting that gives the time limit
	titleHow    string
	choicesHow  string
	correctHow  string
	questionHow string
}

// draft is a bank being read, with the lines the checks point at.
type draft struct {
	file     string
	format   *format
	problems Problems
	bank     Bank
	top      int             // where missing settings are reported
	lines    map[string]int  // line of each setting given, by name
	bad      map[string]bool // settings already reported as unreadable
	qs       []qmeta         // parallel to bank.Questions
}

// qmeta is where a question's parts are in the file.
type qmeta struct {
	idGiven     bool
	idLine      int
	textBad     bool  // the text is missing or already reported
	choicesBad  bool  // the choices are already reported
	choiceLines []int // parallel to Choices
}

func newDraft(file string, f *format) *draft {
	return &draft{file: file, format: f, top: 1, lines: map[string]int{}, bad: map[string]bool{}}
}

// add reports a problem: key in the catalogue, format and args its
// English text (see newProblem).
func (d *draft) add(line int, field, key, format string, args ...any) {
	d.problems = append(d.problems, newProblem(d.file, line, field, key, format, args...))
}

// addReason reports a problem found by a helper.
func (d *draft) addReason(line int, field string, r reason) {
	d.add(line, field, r.key, r.format, r.args...)
}

// start checks what both formats need of the raw bytes and returns them
// without a byte-order mark; false means the file cannot be read further.
func (d *draft) start(data []byte) ([]byte, bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	switch {
	case len(data) > maxFileSize:
		d.add(1, "(file)", "quiz.problem.too_big", "the file is larger than %d KiB; a quiz should be a few pages", arg{"kib", maxFileSize >> 10})
		return nil, false
	case !utf8.Valid(data):
		bad := 0
		for bad < len(data) {
			r, size := utf8.DecodeRune(data[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		d.add(1+bytes.Count(data[:bad], []byte("\n")), "(file)", "quiz.problem.not_utf8", "the file is not UTF-8 text: save it as UTF-8 (in Notepad: Save as → Encoding UTF-8)")
		return nil, false
	case len(bytes.TrimSpace(data)) == 0:
		d.add(1, "(file)", "quiz.problem.empty_file", "the file is empty")
		return nil, false
	}
	return data, true
}

// given records that a setting appears on a line; false if it was given before.
func (d *draft) given(name string, line int) bool {
	if first, ok := d.lines[name]; ok {
		d.add(line, name, "quiz.problem.twice", "is given twice (first on line %d)", arg{"first", first})
		return false
	}
	d.lines[name] = line
	return true
}

// setting stores the value of a top-level setting read from text.
func (d *draft) setting(name, value string, line int) {
	b := &d.bank
	v := strings.TrimSpace(value)
	fail := func(key, format string, args ...any) {
		d.add(line, name, key, format, args...)
		d.bad[name] = true
	}
	if v == "" {
		fail("quiz.problem.no_value", "has no value")
		return
	}
	switch name {
	case "code":
		b.Code = v
	case "skill":
		b.Skill = v
	case "level":
		n, err := strconv.Atoi(v)
		if err != nil {
			fail("quiz.problem.level_number", "must be a whole number from %d to %d, got %q", arg{"min", minLevel}, arg{"max", maxLevel}, arg{"value", v})
		}
		b.Level = n
	case "pass":
		n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(v, "%"), "％")))
		if err != nil {
			fail("quiz.problem.pass_number", "must be a percentage from 1 to 100 such as 80%%, got %q", arg{"value", v})
		}
		b.PassMark = n
	case "draw":
		n, err := strconv.Atoi(v)
		if err != nil {
			fail("quiz.problem.draw_number", "must be a whole number of questions (0 = all), got %q", arg{"value", v})
		}
		b.Draw = n
	case d.format.timeKey:
		t, ok := parseDuration(v)
		if !ok {
			fail("quiz.problem.time_value", "must be a time such as 10m, 15 分钟 or 1h30m (0 for no limit), got %q", arg{"value", v})
		}
		b.TimeLimit = t
	}
}

// durationUnits spells units the way people write them, for time.ParseDuration.
var durationUnits = strings.NewReplacer(
	"小时", "h", "hours", "h", "hour", "h", "hrs", "h", "hr", "h",
	"分钟", "m", "分", "m", "minutes", "m", "minute", "m", "mins", "m", "min", "m",
	"秒钟", "s", "秒", "s", "seconds", "s", "second", "s", "secs", "s", "sec", "s",
	" ", "",
)

// parseDuration reads a Go duration ("10m", "1h30m") or the same with
// words for units ("15 分钟", "1 hour"); a bare 0 means none.
func parseDuration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "0" {
		return 0, true
	}
	d, err := time.ParseDuration(durationUnits.Replace(strings.ToLower(s)))
	return d, err == nil && s != ""
}

// formatDuration writes d the way parseDuration reads it, shortly: 10m, 1h30m.
func formatDuration(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// finish checks the bank as a whole and returns it, or every problem found.
func (d *draft) finish() (Bank, error) {
	d.check()
	if len(d.problems) > 0 {
		slices.SortStableFunc(d.problems, func(a, b Problem) int { return a.Line - b.Line })
		return Bank{}, d.problems
	}
	return d.bank, nil
}

func (d *draft) check() {
	b := &d.bank
	required := func(name, key, how string) bool {
		if _, ok := d.lines[name]; !ok {
			d.add(d.top, name, key, "is missing: %s", how)
			return false
		}
		return !d.bad[name]
	}
	if required("code", "quiz.problem.missing_code", "add a line such as code: cs-1") && !core.ValidKey(b.Code) {
		d.add(d.lines["code"], "code", "quiz.problem.bad_code", "%q is not a valid code: use lower-case letters, digits, '.', '_' or '-' (at most 63), such as cs-1", arg{"value", b.Code})
	}
	required("title", "quiz.problem.missing_title."+d.format.name, d.format.titleHow)
	if required("skill", "quiz.problem.missing_skill", "add a line such as skill: customer-service") && !core.ValidKey(b.Skill) {
		d.add(d.lines["skill"], "skill", "quiz.problem.bad_skill", "%q is not a valid skill: use lower-case letters, digits, '.', '_' or '-' (at most 63), such as customer-service", arg{"value", b.Skill})
	}
	if required("level", "quiz.problem.missing_level", "add a line such as level: 1") && (b.Level < minLevel || b.Level > maxLevel) {
		d.add(d.lines["level"], "level", "quiz.problem.level_range", "must be from %d to %d, got %d", arg{"min", minLevel}, arg{"max", maxLevel}, arg{"value", b.Level})
	}
	if required("pass", "quiz.problem.missing_pass", "add the percentage needed to pass, such as pass: 80%") && (b.PassMark < 1 || b.PassMark > 100) {
		d.add(d.lines["pass"], "pass", "quiz.problem.pass_range", "must be a percentage from 1 to 100, got %d", arg{"value", b.PassMark})
	}
	tk := d.format.timeKey
	if line, ok := d.lines[tk]; ok && !d.bad[tk] && b.TimeLimit != 0 && (b.TimeLimit < minTimeLimit || b.TimeLimit > maxTimeLimit) {
		d.add(line, tk, "quiz.problem.time_range", "must be from 1m to 3h (or 0 for no limit), got %s", arg{"value", formatDuration(b.TimeLimit)})
	}
	if line, ok := d.lines["draw"]; ok && !d.bad["draw"] {
		switch {
		case b.Draw < 0:
			d.add(line, "draw", "quiz.problem.draw_negative", "must be 0 (all questions) or more, got %d", arg{"value", b.Draw})
		case b.Draw > len(b.Questions) && len(b.Questions) > 0:
			d.add(line, "draw", "quiz.problem.draw_too_many", "asks for %d questions but the quiz has only %d", arg{"draw", b.Draw}, arg{"count", len(b.Questions)})
		}
	}
	if len(b.Questions) == 0 && !d.bad["questions"] {
		line, ok := d.lines["questions"]
		if !ok {
			line = d.top
		}
		d.add(line, "questions", "quiz.problem.no_questions."+d.format.name, "the quiz has no questions: %s", d.format.questionHow)
	}
	ids := map[string]int{} // question ID → index
	for i, q := range b.Questions {
		m := d.qs[i]
		field := questionField(i)
		if m.idGiven && !core.ValidKey(q.ID) {
			d.add(m.idLine, field+" id", "quiz.problem.bad_id", "%q is not a valid id: use lower-case letters, digits, '.', '_' or '-' (at most 63), such as returns", arg{"value", q.ID})
		} else if j, dup := ids[q.ID]; dup {
			d.add(max(m.idLine, q.Line), field+" id", "quiz.problem.id_used", "id %q is already used by question %d on line %d", arg{"id", q.ID}, arg{"question", j + 1}, arg{"line", b.Questions[j].Line})
		} else {
			ids[q.ID] = i
		}
		if len(q.Text) == 0 && !m.textBad {
			d.add(q.Line, field, "quiz.problem.no_text", "has no text")
		}
		if m.choicesBad {
			continue
		}
		correct := 0
		for _, c := range q.Choices {
			if c.Correct {
				correct++
			}
		}
		switch n := len(q.Choices); {
		case n == 0:
			d.add(q.Line, field, "quiz.problem.no_choices."+d.format.name, "has no choices: %s", d.format.choicesHow)
		case n < minChoices:
			d.add(q.Line, field, "quiz.problem.one_choice", "has only one choice; give at least %d", arg{"min", minChoices})
		case n > maxChoices:
			d.add(m.choiceLines[maxChoices], field, "quiz.problem.many_choices", "has %d choices; at most %d are allowed", arg{"count", n}, arg{"max", maxChoices})
		}
		if len(q.Choices) > 0 && correct == 0 {
			d.add(q.Line, field, "quiz.problem.none_correct."+d.format.name, "no choice is marked correct: %s", d.format.correctHow)
		}
		d.sameChoices(i)
	}
}

// sameChoices reports choices of question i that read the same as an
// earlier one to someone in either language.
func (d *draft) sameChoices(i int) {
	q := d.bank.Questions[i]
	seen := map[core.Locale]map[string]string{core.LocaleZH: {}, core.LocaleEN: {}}
	for j, c := range q.Choices {
		var same []core.Locale
		first := ""
		for _, loc := range []core.Locale{core.LocaleZH, core.LocaleEN} {
			t := d.bank.Text(c.Text, loc)
			if t == "" {
				continue
			}
			if prev, ok := seen[loc][t]; ok {
				same = append(same, loc)
				if first == "" {
					first = prev
				}
				continue
			}
			seen[loc][t] = c.ID
		}
		if len(same) == 0 {
			continue
		}
		lang, key := "", "quiz.problem.same_choice"
		if len(same) == 1 && d.bank.Text(c.Text, core.LocaleZH) != d.bank.Text(c.Text, core.LocaleEN) {
			lang = map[core.Locale]string{core.LocaleZH: " Chinese", core.LocaleEN: " English"}[same[0]]
			key += "." + string(same[0])
		}
		d.add(d.qs[i].choiceLines[j], questionField(i)+" choice "+c.ID, key, "has the same%s text as choice %s", lang, arg{"choice", first})
	}
}

// questionField names question i in problems, counting from 1 as people do.
func questionField(i int) string { return "question " + strconv.Itoa(i+1) }
