package quiz

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hrbot/hrbot/core"
)

// A YAML quiz file:
//
//	code: cs-1
//	title: {zh-CN: 客服一级, en: Customer service level 1}
//	skill: customer-service
//	level: 1
//	pass: 80            # percent; "80%" also accepted
//	time_limit: 10m     # optional; 0 or absent = no limit
//	draw: 5             # optional; 0 or absent = every question
//	questions:
//	  - id: returns     # optional; q1, q2… by position otherwise
//	    text: {zh-CN: 退货期限是多少天？, en: How many days do customers have to return goods?}
//	    choices:
//	      - {text: {zh-CN: 3 天, en: 3 days}}
//	      - {text: {zh-CN: 7 天, en: 7 days}, correct: true}
//	    explanation: {zh-CN: 七天无理由退货。, en: Seven-day no-reason returns.}
//
// Every text is a {zh-CN: …, en: …} map with one or both languages, or a
// plain string meaning the same text in both. Titles, questions and choices
// are one line; an explanation may have several.
var yamlFormat = &format{
	name:        "yaml",
	timeKey:     "time_limit",
	titleHow:    "add a line such as title: {zh-CN: 客服一级, en: Customer service level 1}",
	choicesHow:  "add choices: with at least two {text: …} entries",
	correctHow:  "add correct: true to the right one",
	questionHow: "list them under questions:",
}

// ParseYAML reads a quiz written in YAML. name is used in problems only;
// the error is always Problems.
func ParseYAML(name string, data []byte) (Bank, error) {
	d := newDraft(name, yamlFormat)
	data, ok := d.start(data)
	if !ok {
		return Bank{}, d.problems
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, why := yamlSyntax(err)
		// What is missing at the very end is on the last line, not past it.
		line = min(line, bytes.Count(data, []byte("\n"))+1)
		return Bank{}, Problems{newProblem(name, line, "(file)", why.key, why.format, why.args...)}
	}
	if len(doc.Content) == 0 {
		return Bank{}, Problems{newProblem(name, 1, "(file)", "quiz.problem.empty_file", "the file is empty")}
	}
	root := doc.Content[0]
	if d.aliases(root); len(d.problems) > 0 {
		return Bank{}, d.problems
	}
	d.top = root.Line
	d.yamlBank(root)
	return d.finish()
}

// aliases reports every alias: a quiz has no use for them, and refusing
// them keeps a small file from expanding into a huge bank.
func (d *draft) aliases(n *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		d.add(n.Line, "(file)", "quiz.problem.yaml.alias", "uses the alias *%s: write the value out in full", arg{"name", n.Value})
		return
	}
	for _, c := range n.Content {
		d.aliases(c)
	}
}

func (d *draft) yamlBank(root *yaml.Node) {
	f := d.fields(root, "", "code", "title", "skill", "level", "pass", "time_limit", "draw", "questions")
	for _, name := range []string{"code", "skill", "level", "pass", "time_limit", "draw"} {
		n := f[name]
		if n == nil {
			continue
		}
		d.lines[name] = n.Line
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.add(n.Line, name, "quiz.problem.yaml.single", "must be a single value")
			d.bad[name] = true
			continue
		}
		d.setting(name, n.Value, n.Line)
	}
	if n := f["title"]; n != nil {
		d.lines["title"] = n.Line
		if d.bank.Title = d.yamlText(n, "title", true); d.bank.Title == nil {
			d.bad["title"] = true
		}
	}
	n := f["questions"]
	if n == nil {
		return
	}
	d.lines["questions"] = n.Line
	if n.Kind != yaml.SequenceNode {
		d.add(n.Line, "questions", "quiz.problem.yaml.questions_list", "must be a list of questions, each starting with - text:")
		d.bad["questions"] = true
		return
	}
	for i, qn := range n.Content {
		q, m := d.yamlQuestion(qn, i)
		d.bank.Questions = append(d.bank.Questions, q)
		d.qs = append(d.qs, m)
	}
}

func (d *draft) yamlQuestion(n *yaml.Node, i int) (Question, qmeta) {
	q := Question{ID: positionalID(i), Line: n.Line}
	var m qmeta
	field := questionField(i)
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, field, "quiz.problem.yaml.question_map", "must be a question with text: and choices:")
		m.textBad, m.choicesBad = true, true
		return q, m
	}
	f := d.fields(n, field, "id", "text", "choices", "explanation")
	if idn := f["id"]; idn != nil {
		if idn.Kind != yaml.ScalarNode {
			d.add(idn.Line, field+" id", "quiz.problem.yaml.id_single", "must be a single value such as returns")
		} else {
			q.ID, m.idGiven, m.idLine = strings.TrimSpace(idn.Value), true, idn.Line
		}
	}
	if tn := f["text"]; tn != nil {
		q.Text = d.yamlText(tn, field+" text", true)
	}
	m.textBad = q.Text == nil && f["text"] != nil
	if en := f["explanation"]; en != nil {
		q.Explanation = d.yamlText(en, field+" explanation", false)
	}
	cn := f["choices"]
	if cn == nil {
		return q, m
	}
	if cn.Kind != yaml.SequenceNode {
		d.add(cn.Line, field+" choices", "quiz.problem.yaml.choices_list", "must be a list of choices such as - {text: 7 天, correct: true}")
		m.choicesBad = true
		return q, m
	}
	for j, n := range cn.Content {
		c := Choice{ID: choiceID(j)}
		cfield := field + " choice " + c.ID
		m.choiceLines = append(m.choiceLines, n.Line)
		if n.Kind != yaml.MappingNode {
			d.add(n.Line, cfield, "quiz.problem.yaml.choice_map", "must be a choice such as {text: 7 天, correct: true}")
			m.choicesBad = true
			q.Choices = append(q.Choices, c)
			continue
		}
		cf := d.fields(n, cfield, "text", "correct")
		if tn := cf["text"]; tn != nil {
			c.Text = d.yamlText(tn, cfield, true)
		} else {
			d.add(n.Line, cfield, "quiz.problem.yaml.choice_no_text", "has no text: add text: …")
		}
		if bn := cf["correct"]; bn != nil {
			switch v := strings.ToLower(bn.Value); {
			case bn.Kind == yaml.ScalarNode && (v == "true" || v == "yes"):
				c.Correct = true
			case bn.Kind == yaml.ScalarNode && (v == "false" || v == "no"):
			default:
				d.add(bn.Line, cfield+" correct", "quiz.problem.yaml.correct_bool", "must be true or false, got %q", arg{"value", bn.Value})
			}
		}
		q.Choices = append(q.Choices, c)
	}
	return q, m
}

// yamlText reads a text: a plain string for both languages or a map by
// language. It returns nil after reporting a problem.
func (d *draft) yamlText(n *yaml.Node, field string, oneLine bool) map[core.Locale]string {
	switch n.Kind {
	case yaml.ScalarNode:
		t, ok := d.cleanOne(n, field, oneLine)
		if !ok {
			return nil
		}
		return map[core.Locale]string{core.LocaleZH: t, core.LocaleEN: t}
	case yaml.MappingNode:
		out := map[core.Locale]string{}
		good := true
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			loc, ok := core.ParseLocale(k.Value)
			if !ok {
				hint, key := "", "quiz.problem.yaml.unknown_language"
				if strings.ContainsAny(k.Value, " \t") {
					hint, key = "; inside {…} a comma ends a text, so quote a text that has one: 'a, b'", key+"_comma"
				}
				d.add(k.Line, field, key, "unknown language %q: use zh-CN or en%s", arg{"value", k.Value}, hint)
				good = false
				continue
			}
			if _, dup := out[loc]; dup {
				d.add(k.Line, field, "quiz.problem.yaml.language_twice", "gives %s twice", arg{"language", loc})
				good = false
				continue
			}
			if v.Kind != yaml.ScalarNode {
				d.add(v.Line, field, "quiz.problem.yaml.language_single", "the %s text must be a single value", arg{"language", loc})
				good = false
				continue
			}
			t, ok := d.cleanOne(v, field+" "+string(loc), oneLine)
			good = good && ok
			out[loc] = t
		}
		if !good {
			return nil
		}
		if len(out) == 0 {
			d.add(n.Line, field, "quiz.problem.yaml.no_language", "has no text: give zh-CN, en or both")
			return nil
		}
		return out
	}
	d.add(n.Line, field, "quiz.problem.yaml.text_form", "must be text, or {zh-CN: 中文, en: English}")
	return nil
}

// cleanOne reads one scalar text.
func (d *draft) cleanOne(n *yaml.Node, field string, oneLine bool) (string, bool) {
	t := cleanText(n.Value)
	if n.Tag == "!!null" {
		t = ""
	}
	r, bad := badRune(t)
	switch {
	case t == "":
		d.add(n.Line, field, "quiz.problem.empty_text", "is empty")
	case bad:
		d.add(n.Line, field, "quiz.problem.invisible", "holds the invisible character U+%s; retype the text", arg{"code", fmt.Sprintf("%04X", r)})
	case oneLine && strings.Contains(t, "\n"):
		d.add(n.Line, field, "quiz.problem.yaml.one_line", "must be one line")
	default:
		return t, true
	}
	return "", false
}

// fields returns a mapping's values by key, reporting unknown and repeated keys.
func (d *draft) fields(n *yaml.Node, path string, allowed ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, fieldName(path), "quiz.problem.yaml.mapping", "must be a mapping of fields (%s)", arg{"fields", strings.Join(allowed, ", ")})
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(allowed, k.Value):
			d.add(k.Line, fieldName(path), "quiz.problem.yaml.unknown_field", "unknown field %q (expected one of: %s)", arg{"name", k.Value}, arg{"fields", strings.Join(allowed, ", ")})
		case out[k.Value] != nil:
			d.add(k.Line, strings.TrimSpace(path+" "+k.Value), "quiz.problem.twice", "is given twice (first on line %d)", arg{"first", out[k.Value].Line})
		default:
			out[k.Value] = v
		}
	}
	return out
}

func fieldName(path string) string {
	if path == "" {
		return "(file)"
	}
	return path
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlSyntax turns a yaml.v3 syntax error into a line and a reason.
// yaml.v3 counts lines from 1 in its scanner's errors but from 0 in its
// parser's ("did not find expected …"). Its flow collections refuse a "?"
// in unquoted text (go-yaml/yaml#905), so {en: Why?} fails although it is
// good YAML; the message tells the author to quote such texts.
func yamlSyntax(err error) (int, reason) {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if strings.HasPrefix(msg, "did not find expected") {
			line++
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if strings.HasPrefix(msg, "did not find expected ','") {
		return max(line, 1), reason{"quiz.problem.yaml.syntax_flow",
			`not valid YAML: %s; inside { } or [ ] put a text that has "?", ":" or "," in quotes, such as {en: 'Why?'}`, []any{arg{"detail", msg}}}
	}
	return max(line, 1), reason{"quiz.problem.yaml.syntax", "not valid YAML: %s", []any{arg{"detail", msg}}}
}

// WriteYAML writes b in the YAML format; ParseYAML reads it back as b
// (apart from the Line fields).
func WriteYAML(b Bank) []byte {
	root := &yaml.Node{Kind: yaml.MappingNode}
	set := func(m *yaml.Node, key string, v *yaml.Node) {
		m.Content = append(m.Content, str(key), v)
	}
	set(root, "code", str(b.Code))
	set(root, "title", textNode(b.Title, true))
	set(root, "skill", str(b.Skill))
	set(root, "level", num(b.Level))
	set(root, "pass", num(b.PassMark))
	if b.TimeLimit != 0 {
		set(root, "time_limit", str(formatDuration(b.TimeLimit)))
	}
	if b.Draw != 0 {
		set(root, "draw", num(b.Draw))
	}
	qs := &yaml.Node{Kind: yaml.SequenceNode}
	for i, q := range b.Questions {
		qn := &yaml.Node{Kind: yaml.MappingNode}
		if q.ID != positionalID(i) {
			set(qn, "id", str(q.ID))
		}
		set(qn, "text", textNode(q.Text, false))
		cs := &yaml.Node{Kind: yaml.SequenceNode}
		for _, c := range q.Choices {
			cn := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
			set(cn, "text", textNode(c.Text, true))
			if c.Correct {
				set(cn, "correct", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
			}
			cs.Content = append(cs.Content, cn)
		}
		set(qn, "choices", cs)
		if len(q.Explanation) > 0 {
			set(qn, "explanation", textNode(q.Explanation, false))
		}
		qs.Content = append(qs.Content, qn)
	}
	set(root, "questions", qs)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		// Only a node tree yaml cannot represent fails, and str and textNode build none.
		panic(fmt.Sprintf("quiz: writing YAML: %v", err))
	}
	enc.Close()
	return buf.Bytes()
}

func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: strings.ToValidUTF8(s, "\uFFFD")}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func num(n int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)}
}

// textNode writes a text as a plain string when both languages read the
// same, else as a map, on one line when flow (and no text has several).
func textNode(m map[core.Locale]string, flow bool) *yaml.Node {
	zh, hasZH := m[core.LocaleZH]
	en, hasEN := m[core.LocaleEN]
	if hasZH && hasEN && zh == en {
		return str(zh)
	}
	n := &yaml.Node{Kind: yaml.MappingNode}
	if flow && !strings.Contains(zh+en, "\n") {
		n.Style = yaml.FlowStyle
	}
	if hasZH {
		n.Content = append(n.Content, str(string(core.LocaleZH)), str(zh))
	}
	if hasEN {
		n.Content = append(n.Content, str(string(core.LocaleEN)), str(en))
	}
	return n
}
