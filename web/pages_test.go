package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/core"
)

var (
	navLinks = regexp.MustCompile(`(?s)<nav[^>]*>(.*?)</nav>`)
	hrefs    = regexp.MustCompile(`href="(/[^"]*)"`)
	tags     = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]+>`)
)

// TestEveryPageInBothLanguages opens every page of the menu as HR, a
// manager and an employee, in Chinese and in English, and looks for what a
// person would notice: a page that fails, or a catalogue key shown instead
// of its words.
func TestEveryPageInBothLanguages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cat := i18n.New()
	keys := cat.Keys(core.LocaleEN)
	for _, person := range []string{"zhao", "wang", "alice"} {
		c := f.client(person)
		for _, lang := range []core.Locale{core.LocaleZH, core.LocaleEN} {
			status, _ := f.post(c, "/me", "/lang", url.Values{"lang": {string(lang)}, "back": {"/me"}})
			if status != http.StatusOK {
				t.Fatalf("%s switching to %s: %d", person, lang, status)
			}
			_, home := f.open(c, "/me")
			nav := navLinks.FindStringSubmatch(home)
			if nav == nil {
				t.Fatalf("%s's page has no menu", person)
			}
			for _, m := range hrefs.FindAllStringSubmatch(nav[1], -1) {
				page := m[1]
				status, body := f.open(c, page)
				if status != http.StatusOK {
					t.Errorf("%s (%s) %s: %d", person, lang, page, status)
					continue
				}
				if page == "/audit" {
					continue // it shows audit actions by their names (leave.decide, payroll.approve) on purpose
				}
				text := html.UnescapeString(tags.ReplaceAllString(body, " "))
				for _, k := range keys {
					if strings.Count(k, ".") >= 1 && strings.Contains(text, k) && !strings.Contains(text, k+"@") {
						t.Errorf("%s (%s) %s shows the key %q", person, lang, page, k)
					}
				}
			}
		}
	}
}
