package quiz_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training/quiz"
)

func both(s string) map[core.Locale]string {
	return map[core.Locale]string{core.LocaleZH: s, core.LocaleEN: s}
}

func bi(zh, en string) map[core.Locale]string {
	return map[core.Locale]string{core.LocaleZH: zh, core.LocaleEN: en}
}

func zhOnly(s string) map[core.Locale]string { return map[core.Locale]string{core.LocaleZH: s} }
func enOnly(s string) map[core.Locale]string { return map[core.Locale]string{core.LocaleEN: s} }

// sampleBank has single- and multiple-choice questions, given and
// positional IDs, one-language texts, several-line explanations and texts
// that look like Markdown syntax.
func sampleBank() quiz.Bank {
	return quiz.Bank{
		Code: "cs-1", Title: bi("客服一级", "Customer service level 1"), Skill: "customer-service",
		Level: 1, PassMark: 80, TimeLimit: 90 * time.Minute, Draw: 3,
		Questions: []quiz.Question{{
			ID:   "returns",
			Text: bi("退货期限是多少天？", "How many days do customers have to return goods?"),
			Choices: []quiz.Choice{
				{ID: "a", Text: bi("3 天", "3 days")},
				{ID: "b", Text: bi("7 天", "7 days"), Correct: true},
				{ID: "c", Text: bi("30 天", "30 days")},
			},
			Explanation: bi("七天无理由退货。", "Seven-day no-reason returns."),
		}, {
			ID:   "q2",
			Text: zhOnly("哪些说法礼貌？"),
			Choices: []quiz.Choice{
				{ID: "a", Text: zhOnly("您好，请稍等"), Correct: true},
				{ID: "b", Text: both("OK"), Correct: true},
				{ID: "c", Text: enOnly("Whatever")},
			},
			Explanation: map[core.Locale]string{core.LocaleZH: "礼貌用语。\n不要敷衍。", core.LocaleEN: "Be polite."},
		}, {
			ID:   "q3",
			Text: enOnly("Which of these look like syntax? {#x}"),
			Choices: []quiz.Choice{
				{ID: "a", Text: both("退货 / 换货")},
				{ID: "b", Text: bi("OK", "好的"), Correct: true},
				{ID: "c", Text: both(`en: a \/ b \ c /`)},
				{ID: "d", Text: bi("[x] - > #", "<!-- not a comment")},
			},
		}, {
			ID:   "escalate",
			Text: bi("何时转交主管？", "When do you escalate?"),
			Choices: []quiz.Choice{
				{ID: "a", Text: bi("顾客受伤", "The customer is hurt"), Correct: true},
				{ID: "b", Text: bi("顾客问尺码", "The customer asks about sizes")},
			},
			Explanation: enOnly("Safety first.\nThen money."),
		}},
	}
}

// withoutLines drops what a round trip need not keep.
func withoutLines(b quiz.Bank) quiz.Bank {
	b.Questions = append([]quiz.Question(nil), b.Questions...)
	for i := range b.Questions {
		b.Questions[i].Line = 0
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	formats := map[string]struct {
		write    func(quiz.Bank) []byte
		parse    func(string, []byte) (quiz.Bank, error)
		name     string
		question string // how the line a question starts on starts
	}{
		"Markdown": {quiz.WriteMarkdown, quiz.ParseMarkdown, "bank.md", "## "},
		"YAML":     {quiz.WriteYAML, quiz.ParseYAML, "bank.yaml", "  - "},
	}
	for name, f := range formats {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := sampleBank()
			first := f.write(want)
			got, err := f.parse(f.name, first)
			if err != nil {
				t.Fatalf("written bank does not parse:\n%s\n%v", first, err)
			}
			if !reflect.DeepEqual(withoutLines(got), want) {
				t.Fatalf("read back\n%#v\nwant\n%#v\nfrom\n%s", got, want, first)
			}
			if again := f.write(got); !bytes.Equal(again, first) {
				t.Errorf("writing is not stable:\n%s\nthen\n%s", first, again)
			}
			// Parse picks the format by extension; Line points at each question.
			got, err = quiz.Parse(f.name, first)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(first), "\n")
			for _, q := range got.Questions {
				if q.Line < 1 || q.Line > len(lines) || !strings.HasPrefix(lines[q.Line-1], f.question) {
					t.Errorf("question %s: line %d does not start it", q.ID, q.Line)
				}
			}
		})
	}
}

func TestParseByExtension(t *testing.T) {
	t.Parallel()
	md := quiz.WriteMarkdown(sampleBank())
	for _, name := range []string{"a.md", "dir/A.MARKDOWN"} {
		if _, err := quiz.Parse(name, md); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	y := quiz.WriteYAML(sampleBank())
	for _, name := range []string{"a.yaml", "a.YML"} {
		if _, err := quiz.Parse(name, y); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, name := range []string{"quiz.txt", "quiz", "quiz.md.bak"} {
		_, err := quiz.Parse(name, md)
		if want := name + ":1: (file): a quiz file must be Markdown (.md, .markdown) or YAML (.yaml, .yml)"; err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", name, err, want)
		}
	}
}

func TestMultipleAndText(t *testing.T) {
	t.Parallel()
	b := sampleBank()
	if b.Questions[0].Multiple() || !b.Questions[1].Multiple() {
		t.Error("Multiple: question 1 has one right choice, question 2 two")
	}
	cases := []struct {
		m    map[core.Locale]string
		loc  core.Locale
		want string
	}{
		{bi("中", "en"), core.LocaleZH, "中"},
		{bi("中", "en"), core.LocaleEN, "en"},
		{zhOnly("中"), core.LocaleEN, "中"},
		{enOnly("en"), core.LocaleZH, "en"},
		{bi("中", "en"), "fr", "中"},
		{enOnly("en"), "", "en"},
		{nil, core.LocaleZH, ""},
	}
	for _, c := range cases {
		if got := b.Text(c.m, c.loc); got != c.want {
			t.Errorf("Text(%v, %q) = %q, want %q", c.m, c.loc, got, c.want)
		}
	}
	if q, ok := b.Question("escalate"); !ok || q.Text[core.LocaleEN] != "When do you escalate?" {
		t.Errorf("Question(escalate) = %+v, %v", q, ok)
	}
	if _, ok := b.Question("nope"); ok {
		t.Error("Question(nope) found something")
	}
}
