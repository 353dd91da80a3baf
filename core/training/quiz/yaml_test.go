package quiz_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core/training/quiz"
)

func TestParseYAML(t *testing.T) {
	t.Parallel()
	const file = `# a comment
code: cs-1
title: {zh-CN: 客服一级, en: Customer service level 1}
skill: customer-service
level: 1
pass: 80%
time_limit: 1h30m
draw: 1
questions:
  - id: returns
    text: {zh: 退货期限是多少天？, English: 'How many days do customers have to return goods?'}
    choices:
      - {text: {zh-CN: 3 天, en: 3 days}}
      - {text: {zh-CN: 7 天, en: 7 days}, correct: true}
    explanation: |
      七天无理由退货。

        Seven-day no-reason returns.
  - text: {en: English only}
    choices:
      - text: OK
        correct: yes
      - text: {zh-CN: 好的}
        correct: true
      - {text: "  No  ", correct: false}
`
	b, err := quiz.ParseYAML("cs-1.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	want := quiz.Bank{
		Code: "cs-1", Title: bi("客服一级", "Customer service level 1"), Skill: "customer-service",
		Level: 1, PassMark: 80, TimeLimit: 90 * time.Minute, Draw: 1,
		Questions: []quiz.Question{{
			ID: "returns", Line: 10,
			Text: bi("退货期限是多少天？", "How many days do customers have to return goods?"),
			Choices: []quiz.Choice{
				{ID: "a", Text: bi("3 天", "3 days")},
				{ID: "b", Text: bi("7 天", "7 days"), Correct: true},
			},
			Explanation: both("七天无理由退货。\nSeven-day no-reason returns."),
		}, {
			ID: "q2", Line: 19,
			Text: enOnly("English only"),
			Choices: []quiz.Choice{
				{ID: "a", Text: both("OK"), Correct: true},
				{ID: "b", Text: zhOnly("好的"), Correct: true},
				{ID: "c", Text: both("No")},
			},
		}},
	}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("got\n%#v\nwant\n%#v", b, want)
	}
}

func TestParseYAMLReportsEveryProblemWithLine(t *testing.T) {
	t.Parallel()
	const bad = `code: cs-1
title: {zh-CN: 客服一级, fr: Service client}
skill: Customer Service
level: 0
pass: 80%%
time_limit: 30s
draw: -1
colour: blue
questions:
  - id: returns
    text: {zh-CN: 退货期限？, en: 'Return window?'}
    choices:
      - {text: 3 天}
      - {text: 7 天, correct: maybe}
      - {correct: true}
  - text: "第一行\n第二行"
    choices:
      - {text: A, correct: true}
      - {text: {zh-CN: B, en: A}}
      - {text: ""}
    explanation: {zh-CN: 解释, en: [a]}
    extra: 1
  - just a string
  - id: returns
    text: {zh-CN: 重复, zh: 再来}
    choices: {text: A}
  - text: {zh-CN: 问, en: Yes, please, no}
    choices: [{text: 是, correct: true}, {text: 否, text: 不}]
`
	_, err := quiz.ParseYAML("bad.yaml", []byte(bad))
	want := []string{
		`bad.yaml:2: title: unknown language "fr": use zh-CN or en`,
		`bad.yaml:3: skill: "Customer Service" is not a valid skill: use lower-case letters, digits, '.', '_' or '-' (at most 63), such as customer-service`,
		`bad.yaml:4: level: must be from 1 to 5, got 0`,
		`bad.yaml:5: pass: must be a percentage from 1 to 100 such as 80%, got "80%%"`,
		`bad.yaml:6: time_limit: must be from 1m to 3h (or 0 for no limit), got 30s`,
		`bad.yaml:7: draw: must be 0 (all questions) or more, got -1`,
		`bad.yaml:8: (file): unknown field "colour" (expected one of: code, title, skill, level, pass, time_limit, draw, questions)`,
		`bad.yaml:14: question 1 choice b correct: must be true or false, got "maybe"`,
		`bad.yaml:15: question 1 choice c: has no text: add text: …`,
		`bad.yaml:16: question 2 text: must be one line`,
		`bad.yaml:19: question 2 choice b: has the same English text as choice a`,
		`bad.yaml:20: question 2 choice c: is empty`,
		`bad.yaml:21: question 2 explanation: the en text must be a single value`,
		`bad.yaml:22: question 2: unknown field "extra" (expected one of: id, text, choices, explanation)`,
		`bad.yaml:23: question 3: must be a question with text: and choices:`,
		`bad.yaml:24: question 4 id: id "returns" is already used by question 1 on line 10`,
		`bad.yaml:25: question 4 text: gives zh-CN twice`,
		`bad.yaml:26: question 4 choices: must be a list of choices such as - {text: 7 天, correct: true}`,
		`bad.yaml:27: question 5 text: unknown language "please": use zh-CN or en`,
		`bad.yaml:27: question 5 text: unknown language "no": use zh-CN or en`,
		`bad.yaml:28: question 5 choice b text: is given twice (first on line 28)`,
	}
	if got := problems(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseYAMLRejects(t *testing.T) {
	t.Parallel()
	const head = "code: c\ntitle: T\nskill: s\nlevel: 1\npass: 50\n"
	const q = "questions:\n  - text: Q\n    choices: [{text: A, correct: true}, {text: B}]\n"
	cases := map[string]struct{ file, want string }{
		"NotYAML":       {"code: [\n", "x.yaml:2: (file): not valid YAML: did not find expected node content"},
		"BadIndent":     {"code: c\ntitle: T\n  skill: s\n", "x.yaml:3: (file): not valid YAML: mapping values are not allowed in this context"},
		"QuestionMark":  {head + "questions:\n  - text: {zh-CN: 几天？, en: How many days?}\n", `x.yaml:7: (file): not valid YAML: did not find expected ',' or '}'; inside { } or [ ] put a text that has "?", ":" or "," in quotes, such as {en: 'Why?'}`},
		"Empty":         {"", "x.yaml:1: (file): the file is empty"},
		"OnlyComments":  {"# nothing\n", "x.yaml:1: (file): the file is empty"},
		"NotUTF8":       {"code: c\ntitle: \xc4\xe3\n", "x.yaml:2: (file): the file is not UTF-8 text"},
		"NotMapping":    {"- a\n- b\n", "x.yaml:1: (file): must be a mapping of fields (code, title, skill, level, pass, time_limit, draw, questions)"},
		"Missing":       {"title: T\n" + q, "x.yaml:1: code: is missing: add a line such as code: cs-1"},
		"NoTitle":       {"code: c\nskill: s\nlevel: 1\npass: 50\n" + q, "x.yaml:1: title: is missing: add a line such as title: {zh-CN: 客服一级, en: Customer service level 1}"},
		"NoQuestions":   {head, "x.yaml:1: questions: the quiz has no questions: list them under questions:"},
		"EmptyList":     {head + "questions: []\n", "x.yaml:6: questions: the quiz has no questions"},
		"NotList":       {head + "questions: {text: Q}\n", "x.yaml:6: questions: must be a list of questions, each starting with - text:"},
		"LevelList":     {"code: c\ntitle: T\nskill: s\nlevel: [1]\npass: 50\n" + q, "x.yaml:4: level: must be a single value"},
		"LevelNull":     {"code: c\ntitle: T\nskill: s\nlevel:\npass: 50\n" + q, "x.yaml:4: level: must be a single value"},
		"RepeatedKey":   {head + "level: 2\n" + q, "x.yaml:6: level: is given twice (first on line 4)"},
		"TitleList":     {"code: c\ntitle: [a]\nskill: s\nlevel: 1\npass: 50\n" + q, "x.yaml:2: title: must be text, or {zh-CN: 中文, en: English}"},
		"TitleEmptyMap": {"code: c\ntitle: {}\nskill: s\nlevel: 1\npass: 50\n" + q, "x.yaml:2: title: has no text: give zh-CN, en or both"},
		"TitleNull":     {"code: c\ntitle: ~\nskill: s\nlevel: 1\npass: 50\n" + q, "x.yaml:2: title: is empty"},
		"CommaInFlow":   {"code: c\ntitle: {zh-CN: 标题, en: Hello, world}\nskill: s\nlevel: 1\npass: 50\n" + q, `x.yaml:2: title: unknown language "world": use zh-CN or en`},
		"CommaHint":     {"code: c\ntitle: {zh-CN: 标题, en: Hello, big world}\nskill: s\nlevel: 1\npass: 50\n" + q, "so quote a text that has one: 'a, b'"},
		"Alias":         {head + "questions:\n  - &q {text: Q, choices: [{text: A, correct: true}, {text: B}]}\n  - *q\n", "x.yaml:8: (file): uses the alias *q: write the value out in full"},
		"NoChoices":     {head + "questions:\n  - text: Q\n", "x.yaml:7: question 1: has no choices: add choices: with at least two {text: …} entries"},
		"NoCorrect":     {head + "questions:\n  - text: Q\n    choices: [{text: A}, {text: B}]\n", "x.yaml:7: question 1: no choice is marked correct: add correct: true to the right one"},
		"NoText":        {head + "questions:\n  - choices: [{text: A, correct: true}, {text: B}]\n", "x.yaml:7: question 1: has no text"},
		"ChoiceString":  {head + "questions:\n  - text: Q\n    choices: [A, B]\n", "x.yaml:8: question 1 choice a: must be a choice such as {text: 7 天, correct: true}"},
		"BadID":         {head + "questions:\n  - id: Q 1\n    text: Q\n    choices: [{text: A, correct: true}, {text: B}]\n", `x.yaml:7: question 1 id: "Q 1" is not a valid id`},
		"IDList":        {head + "questions:\n  - id: [a]\n    text: Q\n    choices: [{text: A, correct: true}, {text: B}]\n", "x.yaml:7: question 1 id: must be a single value such as returns"},
		"DrawTooMany":   {head + "draw: 2\n" + q, "x.yaml:6: draw: asks for 2 questions but the quiz has only 1"},
		"TimeWords":     {head + "time_limit: ten minutes\n" + q, `x.yaml:6: time_limit: must be a time such as 10m, 15 分钟 or 1h30m (0 for no limit), got "ten minutes"`},
		"Tab":           {head + "questions:\n  - text: \"a\\u0000b\"\n    choices: [{text: A, correct: true}, {text: B}]\n", "x.yaml:7: question 1 text: holds the invisible character U+0000"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := quiz.ParseYAML("x.yaml", []byte(c.file))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want it to contain %q", err, c.want)
			}
		})
	}
}
