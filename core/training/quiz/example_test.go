package quiz_test

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/training/quiz"
)

func TestExamplesParse(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		file      string
		level     int
		timeLimit time.Duration
		draw      int
		questions int
	}{
		"Markdown": {"../../../examples/quizzes/cs-1.md", 1, 10 * time.Minute, 5, 6},
		"YAML":     {"../../../examples/quizzes/cs-2.yaml", 2, 15 * time.Minute, 0, 5},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(c.file)
			if err != nil {
				t.Fatal(err)
			}
			b, err := quiz.Parse(c.file, data)
			if err != nil {
				t.Fatalf("example does not parse:\n%v", err)
			}
			if b.Skill != "customer-service" || b.Level != c.level || b.PassMark != 80 || b.TimeLimit != c.timeLimit ||
				b.Draw != c.draw || len(b.Questions) != c.questions {
				t.Errorf("settings: %+v", b)
			}
			multiple := 0
			for _, q := range b.Questions {
				if q.Multiple() {
					multiple++
				}
				for _, m := range append([]map[core.Locale]string{q.Text, q.Explanation}, choiceTexts(q)...) {
					if m[core.LocaleZH] == "" || m[core.LocaleEN] == "" || m[core.LocaleZH] == m[core.LocaleEN] {
						t.Errorf("question %s: every example text should be in Chinese and English: %q", q.ID, m)
					}
				}
			}
			if multiple == 0 {
				t.Error("the example should have a question with several right choices")
			}
			// An example someone copies must come back the same from both formats.
			for fname, again := range map[string]func() (quiz.Bank, error){
				"md":   func() (quiz.Bank, error) { return quiz.ParseMarkdown("again.md", quiz.WriteMarkdown(b)) },
				"yaml": func() (quiz.Bank, error) { return quiz.ParseYAML("again.yaml", quiz.WriteYAML(b)) },
			} {
				got, err := again()
				if err != nil || !reflect.DeepEqual(withoutLines(got), withoutLines(b)) {
					t.Errorf("written as %s and read back: %v\n%+v", fname, err, got)
				}
			}
		})
	}
}

func choiceTexts(q quiz.Question) []map[core.Locale]string {
	var out []map[core.Locale]string
	for _, c := range q.Choices {
		out = append(out, c.Text)
	}
	return out
}

// TestReadmeExamples parses the examples the README shows.
func TestReadmeExamples(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../../examples/quizzes/README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string]string{"markdown": "readme.md", "yaml": "readme.yaml"}
	found := 0
	for i, part := range strings.Split(string(data), "```") {
		lang, body, _ := strings.Cut(part, "\n")
		name, ok := blocks[lang]
		if !ok || i%2 == 0 {
			continue
		}
		found++
		if _, err := quiz.Parse(name, []byte(body)); err != nil {
			t.Errorf("the README's %s example does not parse:\n%v", lang, err)
		}
	}
	if found != len(blocks) {
		t.Errorf("found %d examples in the README, want %d", found, len(blocks))
	}
}
