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
	s := normalizeHours(normalize(text))
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

// Clock is a span of hours within one day, in minutes after midnight; End
// is after Start unless the span runs past midnight.
type Clock struct{ Start, End int }

// Minutes is how long the span lasts, across midnight if it runs past it.
func (c Clock) Minutes() int { return ((c.End-c.Start)%(24*60) + 24*60) % (24 * 60) }

var (
	// A time of day in a range: 3, 3pm, 15:00, 3点, 3点半, 下午3点.
	clockPart    = `(?:(上午|早上|中午|下午|傍晚|晚上|凌晨)\s*)?(\d{1,2})(?::(\d{2})|点(?:(\d{1,2})分?|(半))?)?\s*(am\b|pm\b|a\.m\.|p\.m\.)?`
	reClockRange = regexp.MustCompile(`(?:from\s+|between\s+|从)?` + clockPart +
		`\s*(?:-|–|—|~|到|至|\bto\b|\buntil\b|\btill\b|\band\b)\s*` + clockPart)
	reZHHourRange  = regexp.MustCompile(`([一二两三四五六七八九十]+|\d{1,2})点(半?)(到|至|-|~)([一二两三四五六七八九十]+|\d{1,2})点`)
	reZHMarkedHour = regexp.MustCompile(`(上午|早上|中午|下午|傍晚|晚上|凌晨)([一二两三四五六七八九十]+)点`)
	// An hour in Chinese numerals without a part of the day: "六点半",
	// "八点到". 一点 alone is "a little", not one o'clock.
	reZHBareHour = regexp.MustCompile(`([二两三四五六七八九十]|十[一二]|一)点(半|\d{1,2}分|[一二三四五六七八九十]+分|钟)?`)
)

// FindClock finds the first span of hours ("3-5pm", "15:00-17:00",
// "下午3点到5点", "from 9am to 1pm") and returns it, the text without it,
// and found=false when there is none. An end without am/pm or a part of
// the day takes the start's ("下午3点到5点" is 15:00–17:00) and the other
// way round ("3-5pm"). Two bare numbers ("1-3") are not hours. An
// impossible time is an error.
func FindClock(text string) (Clock, string, bool, error) {
	s := normalizeHours(normalize(text))
	for _, m := range reClockRange.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > 0 && isWordByte(s[m[0]-1]) || m[1] < len(s) && isWordByte(s[m[1]-1]) && isWordByte(s[m[1]]) {
			continue
		}
		a := clockAt(s, m, 1)
		b := clockAt(s, m, 7)
		if !a.marked() && !b.marked() {
			continue // "12-24", "1-3": dates or counts, not hours
		}
		typed := strings.TrimSpace(s[m[0]:m[1]])
		// One side's am/pm or part of the day carries over to the other.
		// Twelve is noon either way: "11-12pm", "上午10点到12点".
		switch {
		case a.pm() == 0 && b.pm() != 0 && a.hour <= b.hour && b.hour != 12:
			a.half = b.half
		case b.pm() == 0 && a.pm() != 0 && b.hour >= a.hour%12 && b.hour != 12:
			b.half = a.half
		}
		start, ok1 := a.minute()
		end, ok2 := b.minute()
		if !ok1 || !ok2 {
			return Clock{}, text, false, core.Errorf(core.EInvalid, "when.impossible_time", "no such time %q", typed).With("time", typed)
		}
		return Clock{Start: start, End: end}, removeRanges(restSource(text, s), [][2]int{{m[0], m[1]}}), true, nil
	}
	return Clock{}, collapse(text), false, nil
}

// clockTime is one end of a span of hours as typed.
type clockTime struct {
	hour, min int
	colon     bool   // "15:00" or "3点"
	half      string // "am", "pm" or ""
}

func (c clockTime) marked() bool { return c.colon || c.half != "" }

// pm is 1 for the afternoon, -1 for the morning, 0 when not said.
func (c clockTime) pm() int {
	switch c.half {
	case "pm":
		return 1
	case "am":
		return -1
	}
	return 0
}

func (c clockTime) minute() (int, bool) {
	h := c.hour
	if c.min > 59 || h > 24 || h == 24 && c.min > 0 || c.half != "" && h > 12 && !c.colon {
		return 0, false
	}
	switch {
	case c.half == "pm" && h < 12:
		h += 12
	case c.half == "am" && h == 12:
		h = 0
	}
	return (h*60 + c.min) % (24 * 60), true
}

// clockAt reads the time whose groups start at group g of match m.
func clockAt(s string, m []int, g int) clockTime {
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	c := clockTime{hour: atoi(group(s, m, g+1))}
	switch {
	case group(s, m, g+2) != "":
		c.min, c.colon = atoi(group(s, m, g+2)), true
	case group(s, m, g+3) != "":
		c.min, c.colon = atoi(group(s, m, g+3)), true
	case group(s, m, g+4) != "":
		c.min, c.colon = 30, true
	}
	if m[2*(g+1)+1] < len(s) && strings.HasPrefix(s[m[2*(g+1)+1]:], "点") {
		c.colon = true
	}
	switch suffix, marker := group(s, m, g+5), group(s, m, g); {
	case strings.HasPrefix(suffix, "p"), marker == "下午", marker == "傍晚", marker == "晚上", marker == "中午" && c.hour < 6:
		c.half = "pm"
	case strings.HasPrefix(suffix, "a"), marker == "上午", marker == "早上", marker == "凌晨":
		c.half = "am"
	}
	return c
}

// normalizeHours writes Chinese numerals of hours as digits where they
// can only be hours: "下午三点", "三点到五点", "六点半" (not "早一点", a
// little earlier).
func normalizeHours(s string) string {
	s = reZHBareHour.ReplaceAllStringFunc(s, func(x string) string {
		m := reZHBareHour.FindStringSubmatch(x)
		n, ok := chineseNumber(m[1])
		if !ok || m[1] == "一" && m[2] == "" {
			return x
		}
		tail := m[2]
		if strings.HasSuffix(tail, "分") && !startsWithDigit(tail) {
			if k, ok := chineseNumber(strings.TrimSuffix(tail, "分")); ok {
				tail = strconv.Itoa(k) + "分"
			}
		}
		if tail == "钟" {
			tail = ""
		}
		return strconv.Itoa(n) + "点" + tail
	})
	s = reZHMarkedHour.ReplaceAllStringFunc(s, func(x string) string {
		m := reZHMarkedHour.FindStringSubmatch(x)
		if n, ok := chineseNumber(m[2]); ok {
			return m[1] + strconv.Itoa(n) + "点"
		}
		return x
	})
	return reZHHourRange.ReplaceAllStringFunc(s, func(x string) string {
		m := reZHHourRange.FindStringSubmatch(x)
		number := func(x string) (int, bool) {
			if n, err := strconv.Atoi(x); err == nil {
				return n, true
			}
			return chineseNumber(x)
		}
		a, ok1 := number(m[1])
		b, ok2 := number(m[4])
		if !ok1 || !ok2 {
			return x
		}
		return strconv.Itoa(a) + "点" + m[2] + m[3] + strconv.Itoa(b) + "点"
	})
}

var (
	reDurationZH = regexp.MustCompile(`(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)?\s*(?:个)?\s*(半)?\s*(?:小时|钟头)`)
	reDurationEN = regexp.MustCompile(`\b(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|half an?)\s*(?:hours?|hrs?|h)\b`)
)

// FindDuration finds a length of time in hours ("两个小时", "一个半小时",
// "2 hours", "1.5h", "half an hour") and returns it in minutes, with the
// text without it; found=false when there is none.
func FindDuration(text string) (int, string, bool) {
	s := normalize(text)
	if m := reDurationZH.FindStringSubmatchIndex(s); m != nil {
		n := group(s, m, 1)
		hours := 0.0
		switch {
		case n == "" && group(s, m, 2) == "":
			return 0, collapse(text), false // "小时工" without a number
		case n == "":
		default:
			if f, err := strconv.ParseFloat(n, 64); err == nil {
				hours = f
			} else if k, ok := chineseNumber(n); ok {
				hours = float64(k)
			} else {
				return 0, collapse(text), false
			}
		}
		if group(s, m, 2) != "" {
			hours += 0.5
		}
		return int(hours * 60), removeRanges(restSource(text, s), [][2]int{{m[0], m[1]}}), hours > 0
	}
	if m := reDurationEN.FindStringSubmatchIndex(s); m != nil {
		words := map[string]float64{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "half a": 0.5, "half an": 0.5}
		n := group(s, m, 1)
		hours, ok := words[n]
		if !ok {
			hours, _ = strconv.ParseFloat(n, 64)
		}
		return int(hours * 60), removeRanges(restSource(text, s), [][2]int{{m[0], m[1]}}), hours > 0
	}
	return 0, collapse(text), false
}
