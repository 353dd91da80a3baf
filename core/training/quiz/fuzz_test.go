package quiz_test

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training/quiz"
)

// checkParsed holds for every file a parser accepts or rejects: rejection
// is a list of located problems; an accepted bank keeps the rules and
// reads back the same from both formats.
func checkParsed(t *testing.T, b quiz.Bank, err error) {
	t.Helper()
	if err != nil {
		var ps quiz.Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("error is not a list of problems: %v", err)
		}
		for _, p := range ps {
			if p.File == "" || p.Line < 1 || p.Field == "" || p.Message == "" {
				t.Fatalf("problem without a place: %+v", p)
			}
			if !strings.HasPrefix(p.Key, "quiz.problem.") {
				t.Fatalf("problem without a catalogue key: %+v", p)
			}
		}
		return
	}
	if !core.ValidKey(b.Code) || !core.ValidKey(b.Skill) || len(b.Title) == 0 || b.Level < 1 || b.Level > 5 ||
		b.PassMark < 1 || b.PassMark > 100 || b.Draw < 0 || b.Draw > len(b.Questions) || len(b.Questions) == 0 {
		t.Fatalf("accepted a bad bank: %+v", b)
	}
	for _, q := range b.Questions {
		correct := 0
		for _, c := range q.Choices {
			if c.Correct {
				correct++
			}
		}
		if len(q.Choices) < 2 || len(q.Choices) > 8 || correct == 0 || len(q.Text) == 0 {
			t.Fatalf("accepted a bad question: %+v", q)
		}
	}
	want := withoutLines(b)
	md, err := quiz.ParseMarkdown("fuzz.md", quiz.WriteMarkdown(b))
	if err != nil || !reflect.DeepEqual(withoutLines(md), want) {
		t.Fatalf("Markdown does not read back:\n%s\nerr %v\ngot  %#v\nwant %#v", quiz.WriteMarkdown(b), err, withoutLines(md), want)
	}
	y, err := quiz.ParseYAML("fuzz.yaml", quiz.WriteYAML(b))
	if err != nil || !reflect.DeepEqual(withoutLines(y), want) {
		t.Fatalf("YAML does not read back:\n%s\nerr %v\ngot  %#v\nwant %#v", quiz.WriteYAML(b), err, withoutLines(y), want)
	}
}

func addSeeds(f *testing.F, files ...string) {
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzParseMarkdown(f *testing.F) {
	addSeeds(f, "../../../examples/quizzes/cs-1.md")
	f.Add(quiz.WriteMarkdown(sampleBank()))
	f.Add([]byte("# T\ncode: a\nskill: b\nlevel: 1\npass: 50%\n## Q / 问 {#x}\n- [x] en: A / zh: 甲\n- [ ] a \\/ b\n> zh: 解释\n> more / 更多\n"))
	f.Add([]byte("<!--\n# x\n-->\n## {#}\n- [\n- []\n> / \n# \n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := quiz.ParseMarkdown("fuzz.md", data)
		checkParsed(t, b, err)
	})
}

func FuzzParseYAML(f *testing.F) {
	addSeeds(f, "../../../examples/quizzes/cs-2.yaml")
	f.Add(quiz.WriteYAML(sampleBank()))
	f.Add([]byte("code: a\ntitle: T\nskill: b\nlevel: 1\npass: 50\nquestions:\n  - text: {en: Q}\n    choices: [{text: ' / ', correct: true}, {text: 'en:x'}]\n    explanation: \"a\\n\\nb / c\"\n"))
	f.Add([]byte("a: &x [1]\nb: *x\nquestions: [[], {}, ~]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := quiz.ParseYAML("fuzz.yaml", data)
		checkParsed(t, b, err)
	})
}

// FuzzWrite writes banks whose texts are any two strings a person could
// type, in any mix of languages, and reads them back in both formats.
func FuzzWrite(f *testing.F) {
	f.Add("退货 / 换货", "en: a \\/ b", uint8(0))
	f.Add("OK", "好的 {#x}", uint8(1))
	f.Add("<!-- x", "- [x] > #", uint8(2))
	f.Add("a\\", "/b/ \\\\", uint8(3))
	f.Fuzz(func(t *testing.T, s1, s2 string, mode uint8) {
		if !typable(s1) || !typable(s2) || s1 == "其他" || s2 == "其他" {
			return
		}
		// mode picks, per text, which languages it has and which string goes where.
		text := func(shift uint8) map[core.Locale]string {
			switch (mode >> shift) & 3 {
			case 0:
				return bi(s1, s2)
			case 1:
				return zhOnly(s1)
			case 2:
				return enOnly(s2)
			}
			return bi(s2, s1)
		}
		b := quiz.Bank{Code: "x", Title: text(0), Skill: "y", Level: 1, PassMark: 50,
			Questions: []quiz.Question{{
				ID: "q1", Text: text(2),
				Choices: []quiz.Choice{
					{ID: "a", Text: text(4), Correct: true},
					{ID: "b", Text: both("其他")},
				},
				Explanation: map[core.Locale]string{core.LocaleZH: s1 + "\n" + s2, core.LocaleEN: s2},
			}}}
		checkParsed(t, b, nil)
	})
}

// typable reports whether s could be a one-line text read from a file:
// trimmed, not empty, without control characters.
func typable(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' || r == '\u2028' || r == '\u2029' || r == '\ufeff' || r == utf8.RuneError {
			return false
		}
	}
	return true
}
