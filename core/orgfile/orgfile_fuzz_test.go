package orgfile_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
)

// Run it for a while with:
//
//	go test -run XXX -fuzz FuzzParseProblemsLocated -fuzztime 25s ./core/orgfile/

// The name the fuzzed files are read under: the example's directory, so
// that its holiday files and handbook resolve as they do for the example.
const fuzzName = "../../examples/org.yaml"

// FuzzParseProblemsLocated checks that Parse never panics or hangs, reads
// the same file the same way twice, and refuses a file only with a list of
// problems that each name file:line (a line of the file), a field and what
// is wrong, in line order; an accepted file declares uniquely keyed orgs in
// a known time zone and language.
func FuzzParseProblemsLocated(f *testing.F) {
	example, err := os.ReadFile(fuzzName)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	for _, s := range []string{
		"orgs:\n  - {key: shop, name: 鲜果小铺, time_zone: Asia/Shanghai, locale: zh-CN}\n",
		"orgs:\n  - key: shop\n    name: Shop\n    locale: en\n    employees:\n      - {key: wang, name: 王经理, role: manager, telegram: \"10001\"}\n      - {key: alice, name: Alice, manager: wang, slack: U0ALICE01, hire_date: 2022-03-01}\n",
		"orgs:\n  - key: Shop!\n    name: \"\"\n    time_zone: Mars/Olympus\n    locale: fr\n    employees:\n      - {key: x, name: X, role: boss, status: fired, email: not-an-email, hire_date: 2026-02-30}\n",
		"orgs:\n  - key: a\n    name: A\n    calendar:\n      files: [nowhere.ics]\n      holidays:\n        - {date: 2026-13-01, name: 不存在}\n",
		"orgs:\n  - key: a\n    name: A\n    shifts:\n      - {key: night, name: 夜班, start: \"22:00\", end: \"06:00\", job: ops}\n    schedules:\n      - {key: s, name: S, start: 2026-11-01, cycle: [night, off, day]}\n",
		"orgs:\n  - key: a\n    name: A\n    reminders:\n      late_after: 1h\n      rules:\n        - {kind: checkin, cron: \"0 9 * * 1-5\"}\n        - {kind: custom, cron: \"61 25 * * *\", text: 喝水}\n",
		"orgs:\n  - key: a\n    name: A\n    cover: {weekly_cap_hours: -1, wave_size: 999, requires: {cs: \"cs:9\"}}\n",
		"orgs:\n  - {key: a, name: A, payroll: {tax: flat:110%}}\n",
		"group: {key: g}\norgs: {key: a}\n",
		"orgs:\n\t- key: a\n", "orgs: [&a {key: a, name: A}, *a]\n", "%YAML 1.1\n---\n", "--- |\n  text\n", "\xef\xbb\xbforgs: []\n", "", "\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var file, again orgfile.File
		var err, err2 error
		done := make(chan struct{})
		go func() {
			defer close(done)
			file, err = orgfile.Parse(fuzzName, data)
			again, err2 = orgfile.Parse(fuzzName, data)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("no answer after 10s")
		}
		if fmt.Sprint(err) != fmt.Sprint(err2) || !reflect.DeepEqual(file, again) {
			t.Fatalf("two readings differ:\n%v\n%v", err, err2)
		}
		if err != nil {
			checkProblems(t, data, err)
			return
		}
		if len(file.Orgs) == 0 {
			t.Fatal("accepted a file without orgs")
		}
		keys := map[string]bool{}
		for _, o := range file.Orgs {
			if keys[o.Key] {
				t.Fatalf("accepted org %q twice", o.Key)
			}
			keys[o.Key] = true
			if _, err := time.LoadLocation(o.TimeZone); err != nil || o.TimeZone == "" {
				t.Fatalf("accepted time zone %q", o.TimeZone)
			}
			if _, ok := core.ParseLocale(string(o.Locale)); !ok {
				t.Fatalf("accepted locale %q", o.Locale)
			}
			people := map[string]bool{}
			for _, e := range o.Employees {
				if people[e.Key] {
					t.Fatalf("accepted person %q twice", e.Key)
				}
				people[e.Key] = true
			}
			for _, e := range o.Employees {
				if e.Manager != "" && (e.Manager == e.Key || !people[e.Manager]) {
					t.Fatalf("accepted manager %q of %q", e.Manager, e.Key)
				}
			}
		}
	})
}

// checkProblems holds for every refusal: Problems, each at file:line of
// the file with a field and a message, in line order, all in Error().
func checkProblems(t *testing.T, data []byte, err error) {
	t.Helper()
	var ps orgfile.Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("error is not a list of problems: %v", err)
	}
	lines := bytes.Count(data, []byte("\n")) + 1
	text := err.Error()
	for i, p := range ps {
		if p.File != fuzzName || p.Line < 1 || p.Line > lines || p.Field == "" || strings.TrimSpace(p.Msg) == "" {
			t.Fatalf("problem %d not located in the %d-line file: %+v", i, lines, p)
		}
		if i > 0 && p.Line < ps[i-1].Line {
			t.Fatalf("problems out of line order: %v", err)
		}
		if at := fmt.Sprintf("%s:%d: %s: ", p.File, p.Line, p.Field); !strings.HasPrefix(p.String(), at) || !strings.Contains(text, at) {
			t.Fatalf("problem %d does not read %q: %q", i, at, p.String())
		}
	}
}
