package i18n_test

import (
	"regexp"
	"slices"
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
