package quiz_test

import (
	"testing"

	"github.com/hrbot/hrbot/core/training/quiz"
)

// The template HR downloads must import as it is.
func TestTemplateParses(t *testing.T) {
	t.Parallel()
	b, err := quiz.Parse("quiz-template.md", []byte(quiz.TemplateMarkdown))
	if err != nil {
		t.Fatalf("the template has problems: %v", err)
	}
	if b.Code != "safety-1" || len(b.Questions) != 2 {
		t.Errorf("template: code %q, %d questions", b.Code, len(b.Questions))
	}
}
