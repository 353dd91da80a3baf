package i18n_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/core"
)

func TestLocalesHaveTheSameKeysAndPlaceholders(t *testing.T) {
	c := i18n.New()
	en, zh := c.Keys(core.LocaleEN), c.Keys(core.LocaleZH)
	for _, k := range en {
		if !slices.Contains(zh, k) {
			t.Errorf("zh-CN lacks %q", k)
		}
	}
	for _, k := range zh {
		if !slices.Contains(en, k) {
			t.Errorf("en lacks %q", k)
		}
	}
	ph := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, k := range en {
		a := ph.FindAllString(c.T(core.LocaleEN, k), -1)
		b := ph.FindAllString(c.T(core.LocaleZH, k), -1)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(slices.Compact(a), slices.Compact(b)) {
			t.Errorf("%s: placeholders differ: en %v, zh-CN %v", k, a, b)
		}
	}
}

func TestT(t *testing.T) {
	c := i18n.New()
	if got := c.T(core.LocaleEN, "start.welcome", "name", "Alice"); got != "Hi Alice! Send /help to see what I can do." {
		t.Errorf("en: %q", got)
	}
	if got := c.T(core.LocaleZH, "start.welcome", "name", "爱丽"); got != "爱丽，你好！发送 /help 或“帮助”查看我能做什么。" {
		t.Errorf("zh: %q", got)
	}
	if got := c.T(core.LocaleZH, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
}

// TestQuizProblemsHaveMessages finds every problem key the quiz parser
// uses and checks both languages have it.
func TestQuizProblemsHaveMessages(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../../core/training/quiz/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("quiz sources: %v", err)
	}
	key := regexp.MustCompile(`"(quiz\.problem\.[a-z_.0-9]+)"`)
	var keys []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(src), -1) {
			switch k := m[1]; {
			case strings.HasSuffix(k, "."): // + the file format
				keys = append(keys, k+"md", k+"yaml")
			case k == "quiz.problem.same_choice": // and + "." + the language
				keys = append(keys, k, k+".zh-CN", k+".en")
			default:
				keys = append(keys, k)
			}
		}
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d keys", len(keys))
	}
	c := i18n.New()
	for _, k := range keys {
		for _, loc := range c.Locales() {
			if !slices.Contains(c.Keys(loc), k) {
				t.Errorf("%s: no %s message", k, loc)
			}
		}
	}
}
