package bot_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// Every catalogue key the cover pool and delivery use — written in their
// code, carried by their errors, or built from a reason or kind — exists
// in both languages, so nobody reads a bare key.
func TestCoverAndDeliveryKeysExistInBothLanguages(t *testing.T) {
	files := []string{"cover.go", "broadcast.go", "reach.go", "notice.go", "../core/job.go", "../store/cover.go"}
	for _, dir := range []string{"../core/cover", "../delivery"} {
		more, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, more...)
	}
	used := regexp.MustCompile(`(?:\bT\(t, |Errorf\((?:core\.)?E[A-Za-z]+, )"([a-z_]+\.[a-z_.]+)"`)
	constant := regexp.MustCompile(`(?m)^\s*(Reason|Kind)[A-Za-z]+\s*=\s*"([a-z_]+)"`)
	keys := map[string]string{} // key → where it is used
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			if !strings.HasSuffix(m[1], ".") { // a prefix completed below
				keys[m[1]] = f
			}
		}
		// The reason and kind codes of core/cover become cover.reason.CODE,
		// cover.reason_short.CODE and cover.kind.KIND.
		for _, m := range constant.FindAllStringSubmatch(string(src), -1) {
			if m[1] == "Reason" {
				keys["cover.reason."+m[2]], keys["cover.reason_short."+m[2]] = f, f
			} else {
				keys["cover.kind."+m[2]] = f
			}
		}
	}
	for _, r := range []string{bot.ReachNoAccount, bot.ReachBlocked, bot.ReachGaveUp} {
		keys["reach.why."+r] = "bot/reach.go"
	}
	for _, what := range []string{"cover", "broadcast"} {
		keys["reach.what."+what] = "bot/reach.go"
	}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		keys["weekday."+d] = "bot/cover.go"
	}
	if len(keys) < 80 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	cat := bot.NewCatalog()
	for key, where := range keys {
		for _, loc := range []core.Locale{core.LocaleEN, core.LocaleZH} {
			if cat.T(loc, key) == key {
				t.Errorf("%s (used in %s) is missing in %s", key, where, loc)
			}
		}
	}
}
