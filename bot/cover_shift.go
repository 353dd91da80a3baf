package bot

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// shiftKinds are the words people use for a kind of shift, in both
// languages: "晚班" and "evening" say the same shift.
var shiftKinds = [][]string{
	{"早班", "白班", "morning", "day shift"},
	{"中班", "middle", "mid shift"},
	{"晚班", "evening", "late shift"},
	{"夜班", "大夜", "night"},
}

// shiftNamed is the shift text names: by its key, its whole name or a
// half of a bilingual one ("客服晚班", "CS evening"), else by a word for a
// kind of shift (晚班, "evening") that one shift alone has — one of job's,
// when the text named a job. ok is false when no shift, or more than one,
// fits.
func shiftNamed(text string, shifts []attendance.Shift, job string) (attendance.Shift, bool) {
	s := strings.ToLower(text)
	pick := func(fits func(attendance.Shift) bool) (attendance.Shift, bool) {
		var found []attendance.Shift
		for _, sh := range shifts {
			if fits(sh) && (job == "" || sh.Job == "" || sh.Job == job) {
				found = append(found, sh)
			}
		}
		if len(found) != 1 {
			return attendance.Shift{}, false
		}
		return found[0], true
	}
	if sh, ok := pick(func(sh attendance.Shift) bool {
		for _, n := range shiftNames(sh) {
			if strings.Contains(s, n) {
				return true
			}
		}
		return false
	}); ok {
		return sh, true
	}
	for _, kind := range shiftKinds {
		said := false
		for _, w := range kind {
			said = said || strings.Contains(s, w)
		}
		if !said {
			continue
		}
		return pick(func(sh attendance.Shift) bool {
			name := strings.ToLower(sh.Name + " " + sh.Key)
			for _, w := range kind {
				if strings.Contains(name, w) {
					return true
				}
			}
			return false
		})
	}
	return attendance.Shift{}, false
}

// shiftNames is a shift's key, name and each half of a name written in
// both languages ("客服晚班 CS evening"), lower case; a name of one
// character or letter is left out (it would be found in any text).
func shiftNames(sh attendance.Shift) []string {
	var out []string
	for _, n := range []string{sh.Key, sh.Name, core.NameIn(sh.Name, core.LocaleZH), core.NameIn(sh.Name, core.LocaleEN)} {
		if n = strings.ToLower(strings.TrimSpace(n)); utf8.RuneCountInString(n) > 1 && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
