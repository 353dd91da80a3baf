package when

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// A found date expression before it is resolved against today.
type expr struct {
	start, end int // byte offsets in the normalised text
	text       string

	// Exactly one of the following forms is set.
	year, month, day int // absolute; year 0 = not given; month 0 = day of the current month
	offset           int // relative days, with relative set
	relative         bool
	weekday          int // 1–7 (Monday = 1) with weekdayWeek
	weekdayWeek      int // 0 bare, -1 last week, +1 next week, 2 this week
	isWeekday        bool
	// A whole week or month, counted from today's: 0 this, 1 next, -1 last.
	// It resolves to its first day; FindSpan makes it a range.
	period       int
	isWeek       bool
	isMonthRange bool
	isWeekend    bool
	// monthNamed: a month range by its number (12月) rather than counted
	// from today's (下个月).
	monthNamed bool
	// relYear: the year is counted from today's (明年 = +1).
	relYear    bool
	yearOffset int
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// isPeriod reports whether e names a whole week or month.
func (e expr) isPeriod() bool { return e.isWeek || e.isMonthRange || e.isWeekend }

const monthNames = `jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`

var (
	reISO        = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})`)
	reThreeNum   = regexp.MustCompile(`^\d{1,2}(?:-\d{1,2}-|/\d{1,2}/|\.\d{1,2}\.)\d{2,4}`)
	reZH         = regexp.MustCompile(`^(?:(\d{4})年|(明年|今年|去年))?(\d{1,2})月(\d{1,2})[日号]?`)
	reZHMonth    = regexp.MustCompile(`^(?:(\d{4})年|(明年|今年|去年))?(\d{1,2})月(?:份)?`)
	reEnDayRange = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|~|to)\s*(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthNames + `)\b\.?`)
	reTheDay     = regexp.MustCompile(`^the\s+(\d{1,2})(?:st|nd|rd|th)\b`)
	reWeekOf     = regexp.MustCompile(`^(?:the\s+)?(?:whole\s+|entire\s+)?week\s+of\s+`)
	reWeekTail   = regexp.MustCompile(`^\s+(next|last|this)\s+week\b`)
	reAdjacent   = regexp.MustCompile(`^\s*(?:、|和|跟|及|与|\band\b|&)?\s*`)
	reMD         = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})`)
	reDayZH      = regexp.MustCompile(`^(\d{1,2})[日号]`)
	reEnMD       = regexp.MustCompile(`^(` + monthNames + `)\.?\s*(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(\d{4})\b)?`)
	reEnDM       = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthNames + `)\b\.?(?:,?\s*(\d{4})\b)?`)
	rePeriodZH   = regexp.MustCompile(`^(下下|上上|下|上|本|这|这一|下一|上一)?(?:个)?(周末|星期|礼拜|周|月)`)
	rePeriodEN   = regexp.MustCompile(`^(?:(next|last|this)\s+|the\s+)?(week|month|weekend)\b(\s+after\s+next)?`)
	reWeekZH     = regexp.MustCompile(`^(下|上|本|这)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])`)
	reWeekEN     = regexp.MustCompile(`^(?:(next|last|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b`)
	reRelEN      = regexp.MustCompile(`^(the day after tomorrow|day after tomorrow|the day before yesterday|day before yesterday|today|tonight|tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|yesterday|yday)\b`)
	reEndDay     = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?[日号]?`)
	reConnect    = regexp.MustCompile(`^\s*(?:到|至|~|-|–|—|to\b|until\b|till\b|through\b|thru\b|and\b)\s*`)
	rePart       = regexp.MustCompile(`^\s*(?:上午|早上|下午|午后|morning|afternoon|am\b|pm\b|a\.m\.|p\.m\.)`)
	rePartOf     = regexp.MustCompile(`^(?:the\s+)?(morning|afternoon)\s+of\s+`)
	reChineseN   = regexp.MustCompile(`([〇零一二两三四五六七八九十]+)(月|日|号)`)
)

var relZH = []struct {
	word   string
	offset int
}{{"大后天", 3}, {"后天", 2}, {"明天", 1}, {"明日", 1}, {"今天", 0}, {"今日", 0}, {"昨天", -1}, {"昨日", -1}, {"前天", -2}}

// holidays are the days people name instead of a date, each on the same
// date every year: the next one for a request, the last one for a
// correction. Holidays whose date moves (春节, 中秋) are not here.
var holidays = []struct {
	words      []string
	month, day int
}{
	{[]string{"元旦节", "元旦", "new year's day", "new years day", "new year"}, 1, 1},
	{[]string{"劳动节", "五一", "may day", "labour day", "labor day"}, 5, 1},
	{[]string{"国庆节", "国庆", "national day"}, 10, 1},
	{[]string{"双十一", "双11"}, 11, 11}, // the shopping festivals every e-commerce shop plans around
	{[]string{"双十二", "双12"}, 12, 12},
	{[]string{"平安夜", "christmas eve"}, 12, 24}, // before "christmas"
	{[]string{"圣诞节", "圣诞", "christmas day", "christmas", "xmas"}, 12, 25},
}

var weekdayZH = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}

var weekdayEN = map[string]int{"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}

// normalize folds full-width characters, lower-cases English and writes
// Chinese numerals before 月/日/号 as digits. It keeps byte offsets
// meaningful only for the returned string.
func normalize(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r == '：':
			r = ':'
		case r == '～' || r == '〜':
			r = '~'
		case r == '－':
			r = '-'
		case r == '／':
			r = '/'
		case r == '．':
			r = '.'
		case r == '　':
			r = ' '
		case r >= 'Ａ' && r <= 'Ｚ':
			r = 'a' + (r - 'Ａ')
		case r >= 'ａ' && r <= 'ｚ':
			r = 'a' + (r - 'ａ')
		}
		b.WriteRune(r)
	}
	s := strings.ToLower(b.String())
	return reChineseN.ReplaceAllStringFunc(s, func(m string) string {
		sub := reChineseN.FindStringSubmatch(m)
		n, ok := chineseNumber(sub[1])
		if !ok {
			return m
		}
		return strconv.Itoa(n) + sub[2]
	})
}

// chineseNumber reads 1–99 written in Chinese numerals.
func chineseNumber(s string) (int, bool) {
	digits := map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, true
	case len(rs) == 1:
		d, ok := digits[rs[0]]
		return d, ok && d > 0
	case len(rs) == 2 && rs[0] == '十':
		d, ok := digits[rs[1]]
		return 10 + d, ok
	case len(rs) == 2 && rs[1] == '十':
		d, ok := digits[rs[0]]
		return d * 10, ok
	case len(rs) == 3 && rs[1] == '十':
		a, ok1 := digits[rs[0]]
		c, ok2 := digits[rs[2]]
		return a*10 + c, ok1 && ok2
	}
	return 0, false
}

func monthNumber(name string) int {
	months := []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	for i, m := range months {
		if strings.HasPrefix(name, m) {
			return i + 1
		}
	}
	return 0
}

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// exprAt recognises a date expression starting at byte i of s.
func exprAt(s string, i int) (expr, bool, error) {
	if i >= len(s) {
		return expr{}, false, nil
	}
	// English words and numbers must start a word: "sun" in "sunny" is not Sunday.
	if i > 0 && isWordByte(s[i-1]) && isWordByte(s[i]) {
		return expr{}, false, nil
	}
	e := expr{start: i}
	n, err := e.read(s[i:])
	if err != nil || n == 0 {
		return expr{}, false, err
	}
	// ...and end one: "12-01x" is not a date either.
	if end := i + n; end < len(s) && isWordByte(s[end-1]) && isWordByte(s[end]) && s[end-1] >= 'a' {
		return expr{}, false, nil
	}
	e.end = i + n
	e.text = s[i:e.end]
	return e, true, nil
}

// read reads the expression rest starts with into e and returns its length
// in bytes, 0 when rest starts with none. The readers are tried in order,
// the first that knows the start of rest decides.
func (e *expr) read(rest string) (int, error) {
	if m := reThreeNum.FindString(rest); m != "" && !reISO.MatchString(rest) {
		return 0, core.Errorf(core.EInvalid, "when.ambiguous_date", "ambiguous date %q", m).With("date", m)
	}
	for _, read := range []func(*expr, string) (int, bool){(*expr).readDate, (*expr).readHoliday, (*expr).readPeriod, (*expr).readRelative, (*expr).readWeekday} {
		if n, done := read(e, rest); done {
			return n, nil
		}
	}
	return 0, nil
}

func num(x string) int { n, _ := strconv.Atoi(x); return n }

// yearOffsets are the years named relative to this one.
var yearOffsets = map[string]int{"明年": 1, "今年": 0, "去年": -1}

// readDate reads a date by its numbers or month name, with or without its
// year, a month alone ("12月的班表", "2027年1月": the whole month) or a day
// of the month alone ("the 3rd", "3日"). done with n 0 means rest is no
// date ("may" the verb).
func (e *expr) readDate(rest string) (n int, done bool) {
	if m := reISO.FindStringSubmatch(rest); m != nil {
		e.year, e.month, e.day = num(m[1]), num(m[2]), num(m[3])
		return len(m[0]), true
	}
	if m := reZH.FindStringSubmatch(rest); m != nil {
		e.year, e.month, e.day = num(m[1]), num(m[3]), num(m[4])
		if m[2] != "" {
			e.yearOffset, e.relYear = yearOffsets[m[2]], true
		}
		return len(m[0]), true
	}
	if m := reZHMonth.FindStringSubmatch(rest); m != nil && !startsWithDigit(rest[len(m[0]):]) {
		e.year, e.month, e.isMonthRange, e.monthNamed = num(m[1]), num(m[3]), true, true
		if m[2] != "" {
			e.yearOffset, e.relYear = yearOffsets[m[2]], true
		}
		return len(m[0]), true
	}
	if m := reTheDay.FindStringSubmatch(rest); m != nil && !reEnDM.MatchString(rest[len("the "):]) {
		e.day = num(m[1])
		return len(m[0]), true
	}
	if m := reEnMD.FindStringSubmatch(rest); m != nil {
		if m[1] == "may" && !strings.ContainsAny(m[0], "0123456789") {
			return 0, true
		}
		e.month, e.day, e.year = monthNumber(m[1]), num(m[2]), num(m[3])
		return len(m[0]), true
	}
	if m := reEnDM.FindStringSubmatch(rest); m != nil {
		e.month, e.day, e.year = monthNumber(m[2]), num(m[1]), num(m[3])
		return len(m[0]), true
	}
	if m := reMD.FindStringSubmatch(rest); m != nil && (len(m[1]) == 2 || len(m[2]) == 2) {
		// Month first, as people write it here; "1-3" alone is no date.
		// A first number that cannot be a month is a day: 24/12 is
		// Christmas Eve, as people used to day-first dates write it.
		e.month, e.day = num(m[1]), num(m[2])
		if e.month > 12 && e.day >= 1 && e.day <= 12 {
			e.month, e.day = e.day, e.month
		}
		return len(m[0]), true
	}
	if m := reDayZH.FindStringSubmatch(rest); m != nil {
		e.day = num(m[1])
		return len(m[0]), true
	}
	return 0, false
}

// readHoliday reads a holiday named instead of its date.
func (e *expr) readHoliday(rest string) (n int, done bool) {
	for _, h := range holidays {
		for _, w := range h.words {
			if strings.HasPrefix(rest, w) {
				e.month, e.day = h.month, h.day
				return len(w), true
			}
		}
	}
	return 0, false
}

// readPeriod reads a whole week, weekend or month counted from this one
// ("下周", "next month", "the weekend").
func (e *expr) readPeriod(rest string) (n int, done bool) {
	if m := rePeriodZH.FindStringSubmatch(rest); m != nil && !reWeekZH.MatchString(rest) && (m[1] != "" || m[2] == "周末") {
		e.period = map[string]int{"下下": 2, "上上": -2, "下": 1, "下一": 1, "上": -1, "上一": -1}[m[1]]
		e.isWeek, e.isMonthRange, e.isWeekend = m[2] != "月" && m[2] != "周末", m[2] == "月", m[2] == "周末"
		return len(m[0]), true
	}
	if m := rePeriodEN.FindStringSubmatch(rest); m != nil && (m[1] != "" || m[2] == "weekend") {
		e.period = map[string]int{"next": 1, "last": -1}[m[1]]
		if m[3] != "" {
			e.period = 2 // the week after next
		}
		e.isWeek, e.isMonthRange, e.isWeekend = m[2] == "week", m[2] == "month", m[2] == "weekend"
		return len(m[0]), true
	}
	return 0, false
}

// readRelative reads a day counted from today ("明天", "the day before
// yesterday").
func (e *expr) readRelative(rest string) (n int, done bool) {
	for _, r := range relZH {
		if strings.HasPrefix(rest, r.word) {
			e.relative, e.offset = true, r.offset
			return len(r.word), true
		}
	}
	m := reRelEN.FindStringSubmatch(rest)
	if m == nil {
		return 0, false
	}
	if strings.HasPrefix(rest[len(m[0]):], "'s") { // "today's check-in"
		m[0] += "'s"
	}
	e.relative = true
	switch {
	case strings.Contains(m[1], "after tomorrow"):
		e.offset = 2
	case strings.Contains(m[1], "before yesterday"):
		e.offset = -2
	case strings.HasPrefix(m[1], "tom") || strings.HasPrefix(m[1], "tm"): // and its usual typos
		e.offset = 1
	case m[1] == "yesterday" || m[1] == "yday":
		e.offset = -1
	}
	return len(m[0]), true
}

// readWeekday reads a day of the week, bare or of the last, this or next
// week ("下周二", "thursday next week").
func (e *expr) readWeekday(rest string) (n int, done bool) {
	if m := reWeekZH.FindStringSubmatch(rest); m != nil {
		e.isWeekday, e.weekday = true, weekdayZH[m[2]]
		e.weekdayWeek = map[string]int{"": 0, "下": 1, "上": -1, "本": 2, "这": 2}[m[1]]
		return len(m[0]), true
	}
	m := reWeekEN.FindStringSubmatch(rest)
	if m == nil {
		return 0, false
	}
	e.isWeekday, e.weekday = true, weekdayEN[m[2][:3]]
	e.weekdayWeek = map[string]int{"": 0, "next": 1, "last": -1, "this": 2}[m[1]]
	n = len(m[0])
	if t := reWeekTail.FindStringSubmatch(rest[n:]); t != nil && m[1] == "" {
		e.weekdayWeek = map[string]int{"next": 1, "last": -1, "this": 2}[t[1]]
		n += len(t[0])
	}
	return n, true
}

// ChineseNumber reads 1–99 written in Chinese numerals ("三", "十二",
// "两"): what people type for a count as well as for a date.
func ChineseNumber(s string) (int, bool) { return chineseNumber(s) }
