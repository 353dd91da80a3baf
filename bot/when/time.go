package when

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

var (
	reClock   = regexp.MustCompile(`(上午|早上|中午|下午|傍晚|晚上|凌晨)?\s*(\d{1,2})[:](\d{2})\s*(am|pm|a\.m\.|p\.m\.)?`)
	reDotTime = regexp.MustCompile(`(\d{1,2})\.(\d{2})\s*(am|pm)\b`)
	reDian    = regexp.MustCompile(`(上午|早上|中午|下午|傍晚|晚上|凌晨)?(\d{1,2})点(?:(\d{1,2})分?|(半))?`)
	reAmPm    = regexp.MustCompile(`\b(\d{1,2})\s*(am|pm)\b`)
)

// FindTime finds the first time of day ("8:55", "8点半", "下午3点", "8.55pm")
// and returns minutes after midnight, the text without it, and found=false
// when there is none. An impossible time ("25:00") is an error.
func FindTime(text string) (int, string, bool, error) {
	s := normalize(text)
	type hit struct {
		start, end     int
		hour, minute   int
		marker, suffix string
	}
	var best *hit
	consider := func(h hit) {
		if best == nil || h.start < best.start {
			best = &h
		}
	}
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	for _, m := range reClock.FindAllStringSubmatchIndex(s, -1) {
		// Skip "2026-12-01 8:55"-style dates' digits glued to the time.
		if m[4] > 0 && isWordByte(s[m[4]-1]) {
			continue
		}
		consider(hit{m[0], m[1], atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]]), group(s, m, 1), group(s, m, 4)})
	}
	for _, m := range reDotTime.FindAllStringSubmatchIndex(s, -1) {
		consider(hit{m[0], m[1], atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), "", group(s, m, 3)})
	}
	for _, m := range reDian.FindAllStringSubmatchIndex(s, -1) {
		minute := 0
		if g := group(s, m, 3); g != "" {
			minute = atoi(g)
		} else if group(s, m, 4) != "" {
			minute = 30
		}
		consider(hit{m[0], m[1], atoi(s[m[4]:m[5]]), minute, group(s, m, 1), ""})
	}
	for _, m := range reAmPm.FindAllStringSubmatchIndex(s, -1) {
		consider(hit{m[0], m[1], atoi(s[m[2]:m[3]]), 0, "", group(s, m, 2)})
	}
	if best == nil {
		return 0, collapse(text), false, nil
	}
	h := *best
	typed := strings.TrimSpace(s[h.start:h.end])
	bad := func() (int, string, bool, error) {
		return 0, text, false, core.Errorf(core.EInvalid, "when.impossible_time", "no such time %q", typed).With("time", typed)
	}
	if h.minute > 59 || h.hour > 24 || (h.hour == 24 && h.minute > 0) {
		return bad()
	}
	pm := strings.HasPrefix(h.suffix, "p") || h.marker == "下午" || h.marker == "傍晚" || h.marker == "晚上" || (h.marker == "中午" && h.hour < 6)
	am := strings.HasPrefix(h.suffix, "a") || h.marker == "上午" || h.marker == "早上" || h.marker == "凌晨"
	switch {
	case h.suffix != "" && (h.hour == 0 || h.hour > 12):
		return bad()
	case pm && h.hour < 12:
		h.hour += 12
	case am && h.hour == 12:
		h.hour = 0
	}
	minute := (h.hour*60 + h.minute) % (24 * 60)
	return minute, removeRanges(restSource(text, s), [][2]int{{h.start, h.end}}), true, nil
}

func group(s string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}
