package quiz_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training/quiz"
)

func TestParseMarkdown(t *testing.T) {
	t.Parallel()
	const file = "\ufeff<!-- a note\n   over lines -->\r\n" + `# 客服一级 / Customer service level 1

编号：cs-1
Skill: customer-service
级别: 1
及格：80%
时间: 15 分钟
draw: 2
---
## 退货期限是多少天？ / How many days do customers have to return goods? {#returns}
* [ ] 3 天 / 3 days
-  [X]  7 天 / 7 days
+ [] 30 days / 30 天

> 七天无理由退货。 / Seven-day no-reason returns.
>
> zh: 生鲜除外。

## Which replies are polite? / 哪些回复礼貌？
- [√] Say 您好 / 说您好
- [x] en: Sorry for the wait
- [ ] whatever
- [✓] 退货/换货 \/ 退款

## en: English only {#q.2}
- [ ] OK / 好的
- [x] zh: OK / en: 好的
`
	b, err := quiz.ParseMarkdown("cs-1.md", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	want := quiz.Bank{
		Code: "cs-1", Title: bi("客服一级", "Customer service level 1"), Skill: "customer-service",
		Level: 1, PassMark: 80, TimeLimit: 15 * time.Minute, Draw: 2,
		Questions: []quiz.Question{{
			ID: "returns", Line: 12,
			Text: bi("退货期限是多少天？", "How many days do customers have to return goods?"),
			Choices: []quiz.Choice{
				{ID: "a", Text: bi("3 天", "3 days")},
				{ID: "b", Text: bi("7 天", "7 days"), Correct: true},
				{ID: "c", Text: bi("30 天", "30 days")},
			},
			Explanation: map[core.Locale]string{core.LocaleZH: "七天无理由退货。\n生鲜除外。", core.LocaleEN: "Seven-day no-reason returns."},
		}, {
			ID: "q2", Line: 21,
			Text: bi("哪些回复礼貌？", "Which replies are polite?"),
			Choices: []quiz.Choice{
				{ID: "a", Text: bi("说您好", "Say 您好"), Correct: true},
				{ID: "b", Text: enOnly("Sorry for the wait"), Correct: true},
				{ID: "c", Text: both("whatever")},
				{ID: "d", Text: both("退货/换货 / 退款"), Correct: true},
			},
		}, {
			ID: "q.2", Line: 27,
			Text: enOnly("English only"),
			Choices: []quiz.Choice{
				{ID: "a", Text: bi("好的", "OK")},
				{ID: "b", Text: bi("OK", "好的"), Correct: true},
			},
		}},
	}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("got\n%#v\nwant\n%#v", b, want)
	}
}

func TestParseMarkdownTimes(t *testing.T) {
	t.Parallel()
	cases := map[string]time.Duration{"10m": 10 * time.Minute, "1h30m": 90 * time.Minute, "1 小时": time.Hour,
		"15 min": 15 * time.Minute, "3h": 3 * time.Hour, "0": 0, "1 hour 5 minutes": 65 * time.Minute}
	for in, want := range cases {
		b, err := quiz.ParseMarkdown("t.md", []byte(mdHead("time: "+in)+mdQuestion))
		if err != nil || b.TimeLimit != want {
			t.Errorf("time: %s gave %s, %v; want %s", in, b.TimeLimit, err, want)
		}
	}
}

// mdHead is a Markdown quiz head with extra lines after the settings.
func mdHead(extra string) string {
	return "# T\ncode: t\nskill: s\nlevel: 1\npass: 50%\n" + extra + "\n"
}

const mdQuestion = "## Q\n- [x] A\n- [ ] B\n"

// problems returns the lines of err, which must be Problems.
func problems(t *testing.T, err error) []string {
	t.Helper()
	var ps quiz.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want Problems, got %v", err)
	}
	for _, p := range ps {
		if !strings.HasPrefix(p.Key, "quiz.problem.") {
			t.Errorf("%s has no catalogue key (%q)", p, p.Key)
		}
	}
	return strings.Split(ps.Error(), "\n")
}

// Where splits a problem's field for a reader of another language.
func TestProblemWhere(t *testing.T) {
	t.Parallel()
	cases := []struct {
		field        string
		question     int
		choice, part string
	}{
		{"(file)", 0, "", ""},
		{"level", 0, "", "level"},
		{"question 3", 3, "", ""},
		{"question 3 id", 3, "", "id"},
		{"question 12 choice b", 12, "b", ""},
		{"question 2 choice c correct", 2, "c", "correct"},
		{"question 1 text zh-CN", 1, "", "text zh-CN"},
	}
	for _, c := range cases {
		q, choice, part := quiz.Problem{Field: c.field}.Where()
		if q != c.question || choice != c.choice || part != c.part {
			t.Errorf("%q: %d %q %q, want %d %q %q", c.field, q, choice, part, c.question, c.choice, c.part)
		}
	}
}

func TestParseMarkdownReportsEveryProblemWithLine(t *testing.T) {
	t.Parallel()
	const bad = `# 客服一级 / Customer service level 1

code: CS 1
skill: customer-service
level: six
pass: 120%
time: 5 hours
draw: 9
colour: blue
level: 2
just some words
- [x] 7 天 / 7 days
> 解释 / explanation

## 退货期限是多少天？ / How many days? {#Returns}
- [ ] 3 天 / 3 days
- [ ] 7 天 / 7 days

## 第二题 / Second {#dup}
- [x] 是 / Yes

## 第三题 / Third {#dup}
- [x] 是 / Yes
- [ ] 是 / Yes
- [y] 否 / No
- 否
答案: B
draw: 3
> a / b / c
##
- [x] 丙 / C
- [ ]
### sub
- [ ] 甲 / A
- [ ] 乙 / A
- [ ] 中文 /
- [ ] en: a / en: b
<!-- never closed
`
	_, err := quiz.ParseMarkdown("bad.md", []byte(bad))
	want := []string{
		`bad.md:3: code: "CS 1" is not a valid code: use lower-case letters, digits, '.', '_' or '-' (at most 63), such as cs-1`,
		`bad.md:5: level: must be a whole number from 1 to 5, got "six"`,
		`bad.md:6: pass: must be a percentage from 1 to 100, got 120`,
		`bad.md:7: time: must be from 1m to 3h (or 0 for no limit), got 5h`,
		`bad.md:8: draw: asks for 9 questions but the quiz has only 4`,
		`bad.md:9: (file): unknown setting "colour" (expected code, skill, level, pass, time or draw)`,
		`bad.md:10: level: is given twice (first on line 5)`,
		`bad.md:11: (file): expected a setting such as level: 1, the title (# …) or a question (## …); put notes in <!-- -->`,
		`bad.md:12: (file): a choice must come under a question (## …)`,
		`bad.md:13: (file): an explanation (>) must come under the question it explains`,
		`bad.md:15: question 1 id: "Returns" is not a valid id: use lower-case letters, digits, '.', '_' or '-' (at most 63), such as returns`,
		`bad.md:15: question 1: no choice is marked correct: mark the right one - [x]`,
		`bad.md:19: question 2: has only one choice; give at least 2`,
		`bad.md:22: question 3 id: id "dup" is already used by question 2 on line 19`,
		`bad.md:24: question 3 choice b: has the same text as choice a`,
		`bad.md:25: question 3 choice c: mark a right choice [x] and a wrong one [ ], not [y]`,
		`bad.md:26: (file): write each choice as - [ ] text for a wrong one or - [x] text for the right one`,
		`bad.md:27: (file): under a question, a line is a choice (- [ ] …) or an explanation (> …)`,
		`bad.md:28: draw: settings go at the top, before the first question`,
		`bad.md:29: question 3 explanation: has more than one " / ": write 中文 / English, and a slash inside a text without spaces around it (退货/换货) or as \/`,
		`bad.md:30: question 4: has no text: write it after ##`,
		`bad.md:32: question 4 choice b: has no text: write it after the [ ]`,
		`bad.md:33: (file): use # and a space for the title and ## and a space for each question`,
		`bad.md:35: question 4 choice d: has the same English text as choice c`,
		`bad.md:36: question 4 choice e: has nothing on one side of " / ": for a text in one language write zh: 只有中文 or en: English only`,
		`bad.md:37: question 4 choice f: has both sides labelled en`,
		`bad.md:38: (file): the comment <!-- is never closed with -->`,
	}
	if got := problems(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseMarkdownRejects(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ file, want string }{
		"Empty":           {" \n\n", "x.md:1: (file): the file is empty"},
		"NotUTF8":         {"# T\n\n## 问\xb0\xa1\n", "x.md:3: (file): the file is not UTF-8 text: save it as UTF-8"},
		"TooLarge":        {strings.Repeat("<!-- -->\n", 120000), "x.md:1: (file): the file is larger than 1024 KiB"},
		"NoTitle":         {"code: a\nskill: b\nlevel: 1\npass: 50\n" + mdQuestion, "x.md:1: title: is missing: add a title line such as # 客服一级 / Customer service level 1"},
		"NoCode":          {"# T\nskill: s\nlevel: 1\npass: 50%\n" + mdQuestion, "x.md:1: code: is missing: add a line such as code: cs-1"},
		"NoSkill":         {"\n# T\ncode: c\nlevel: 1\npass: 50%\n" + mdQuestion, "x.md:2: skill: is missing: add a line such as skill: customer-service"},
		"NoLevel":         {"# T\ncode: c\nskill: s\npass: 50%\n" + mdQuestion, "x.md:1: level: is missing: add a line such as level: 1"},
		"NoPass":          {"# T\ncode: c\nskill: s\nlevel: 1\n" + mdQuestion, "x.md:1: pass: is missing: add the percentage needed to pass, such as pass: 80%"},
		"NoQuestions":     {mdHead(""), "x.md:1: questions: the quiz has no questions: start each question with a line such as ## "},
		"BadSkill":        {"# T\ncode: c\nskill: Customer Service\nlevel: 1\npass: 50\n" + mdQuestion, `x.md:3: skill: "Customer Service" is not a valid skill`},
		"LevelTooHigh":    {"# T\ncode: c\nskill: s\nlevel: 6\npass: 50\n" + mdQuestion, "x.md:4: level: must be from 1 to 5, got 6"},
		"PassZero":        {"# T\ncode: c\nskill: s\nlevel: 1\npass: 0%\n" + mdQuestion, "x.md:5: pass: must be a percentage from 1 to 100, got 0"},
		"PassFraction":    {"# T\ncode: c\nskill: s\nlevel: 1\npass: 0.8\n" + mdQuestion, `x.md:5: pass: must be a percentage from 1 to 100 such as 80%, got "0.8"`},
		"TimeBareNumber":  {mdHead("time: 10") + mdQuestion, `x.md:6: time: must be a time such as 10m, 15 分钟 or 1h30m (0 for no limit), got "10"`},
		"TimeTooShort":    {mdHead("time: 30s") + mdQuestion, "x.md:6: time: must be from 1m to 3h (or 0 for no limit), got 30s"},
		"DrawNotNumber":   {mdHead("draw: all") + mdQuestion, `x.md:6: draw: must be a whole number of questions (0 = all), got "all"`},
		"DrawNegative":    {mdHead("draw: -1") + mdQuestion, "x.md:6: draw: must be 0 (all questions) or more, got -1"},
		"NoValue":         {mdHead("draw:") + mdQuestion, "x.md:6: draw: has no value"},
		"TwoTitles":       {mdHead("# Again") + mdQuestion, "x.md:6: title: is given twice (first on line 1)"},
		"TitleAfter":      {"code: c\nskill: s\nlevel: 1\npass: 50\n" + mdQuestion + "# T\n", "x.md:8: title: must come before the first question (questions start with ##)"},
		"EmptyTitle":      {"#\ncode: c\nskill: s\nlevel: 1\npass: 50\n" + mdQuestion, "x.md:1: title: is empty"},
		"NoChoices":       {mdHead("") + "## Q\n\n> why\n", "x.md:7: question 1: has no choices: add lines such as - [ ] 3 天 / 3 days and - [x] 7 天 / 7 days under it"},
		"NoCorrect":       {mdHead("") + "## Q\n- [ ] A\n- [ ] B\n", "x.md:7: question 1: no choice is marked correct: mark the right one - [x]"},
		"NineChoices":     {mdHead("") + "## Q\n" + nineChoices, "x.md:16: question 1: has 9 choices; at most 8 are allowed"},
		"EmptyID":         {mdHead("") + "## Q {#}\n- [x] A\n- [ ] B\n", `x.md:7: question 1 id: "" is not a valid id`},
		"PositionalClash": {mdHead("") + "## Q {#q2}\n- [x] A\n- [ ] B\n## R\n- [x] A\n- [ ] B\n", `x.md:10: question 2 id: id "q2" is already used by question 1 on line 7`},
		"ControlChar":     {mdHead("") + "## Q\x07Q\n- [x] A\n- [ ] B\n", "x.md:7: question 1: holds the invisible character U+0007; retype the text"},
		"LabelledEmpty":   {mdHead("") + "## en:\n- [x] A\n- [ ] B\n", "x.md:7: question 1: is empty"},
		"SameZH":          {mdHead("") + "## Q\n- [x] 是 / Yes\n- [ ] 是 / Yeah\n", "x.md:9: question 1 choice b: has the same Chinese text as choice a"},
		"SameOneLanguage": {mdHead("") + "## Q\n- [x] zh: 是\n- [ ] 是\n", "x.md:9: question 1 choice b: has the same text as choice a"},
		"SettingInside":   {mdHead("") + mdQuestion + "draw: 1\n", "x.md:10: draw: settings go at the top, before the first question"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := quiz.ParseMarkdown("x.md", []byte(c.file))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want it to contain %q", err, c.want)
			}
		})
	}
}

var nineChoices = "- [x] 1\n- [ ] 2\n- [ ] 3\n- [ ] 4\n- [ ] 5\n- [ ] 6\n- [ ] 7\n- [ ] 8\n- [ ] 9\n"
