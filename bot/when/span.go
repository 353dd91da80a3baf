// Package when reads dates, date ranges, half days and times of day out of
// chat text in Chinese and English: "请假 年假 12月1日到3日 回老家",
// "leave sick tomorrow afternoon", "补卡 昨天 上班 8:55". Impossible or
// ambiguous dates are errors, never guesses.
package when

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Part of a day.
type Part int

// Parts of a day.
const (
	FullDay Part = iota
	Morning
	Afternoon
)

// Span is an inclusive range of dates; FromPart and ToPart say where it
// starts and ends (one afternoon: From == To, both parts Afternoon).
type Span struct {
	From, To         core.Date
	FromPart, ToPart Part
}

// Days counts the calendar days the span touches.
func (s Span) Days() int { return s.From.DaysUntil(s.To) + 1 }

// Direction resolves dates typed without a year and bare weekdays.
type Direction int

// Directions.
const (
	// Future: "1月3日" typed in December is next January; "周五" is the
	// coming Friday, today if it is Friday. For requests such as leave.
	Future Direction = iota
	// Past: "12月30日" typed on 2 January is last year; "周五" the most
	// recent Friday. For corrections of what already happened.
	Past
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
	rest := s[i:]
	// English words and numbers must start a word: "sun" in "sunny" is not Sunday.
	if i > 0 && isWordByte(s[i-1]) && isWordByte(s[i]) {
		return expr{}, false, nil
	}
	num := func(x string) int { n, _ := strconv.Atoi(x); return n }
	e := expr{start: i}
	done := func(n int) (expr, bool, error) {
		// ...and end one: "12-01x" is not a date either.
		if end := i + n; end < len(s) && isWordByte(s[end-1]) && isWordByte(s[end]) && s[end-1] >= 'a' {
			return expr{}, false, nil
		}
		e.end = i + n
		e.text = s[i:e.end]
		return e, true, nil
	}
	if m := reThreeNum.FindString(rest); m != "" && !reISO.MatchString(rest) {
		return expr{}, false, core.Errorf(core.EInvalid, "when.ambiguous_date", "ambiguous date %q", m).With("date", m)
	}
	if m := reISO.FindStringSubmatch(rest); m != nil {
		e.year, e.month, e.day = num(m[1]), num(m[2]), num(m[3])
		return done(len(m[0]))
	}
	if m := reZH.FindStringSubmatch(rest); m != nil {
		e.year, e.month, e.day = num(m[1]), num(m[3]), num(m[4])
		if m[2] != "" {
			e.yearOffset, e.relYear = map[string]int{"明年": 1, "今年": 0, "去年": -1}[m[2]], true
		}
		return done(len(m[0]))
	}
	// A month alone ("12月的班表", "2027年1月"): the whole month.
	if m := reZHMonth.FindStringSubmatch(rest); m != nil && !startsWithDigit(rest[len(m[0]):]) {
		e.year, e.month, e.isMonthRange, e.monthNamed = num(m[1]), num(m[3]), true, true
		if m[2] != "" {
			e.yearOffset, e.relYear = map[string]int{"明年": 1, "今年": 0, "去年": -1}[m[2]], true
		}
		return done(len(m[0]))
	}
	if m := reTheDay.FindStringSubmatch(rest); m != nil && !reEnDM.MatchString(rest[len("the "):]) {
		e.day = num(m[1])
		return done(len(m[0]))
	}
	if m := reEnMD.FindStringSubmatch(rest); m != nil {
		if m[1] == "may" && !strings.ContainsAny(m[0], "0123456789") {
			return expr{}, false, nil
		}
		e.month, e.day, e.year = monthNumber(m[1]), num(m[2]), num(m[3])
		return done(len(m[0]))
	}
	if m := reEnDM.FindStringSubmatch(rest); m != nil {
		e.month, e.day, e.year = monthNumber(m[2]), num(m[1]), num(m[3])
		return done(len(m[0]))
	}
	if m := reMD.FindStringSubmatch(rest); m != nil && (len(m[1]) == 2 || len(m[2]) == 2) {
		// Month first, as people write it here; "1-3" alone is no date.
		// A first number that cannot be a month is a day: 24/12 is
		// Christmas Eve, as people used to day-first dates write it.
		e.month, e.day = num(m[1]), num(m[2])
		if e.month > 12 && e.day >= 1 && e.day <= 12 {
			e.month, e.day = e.day, e.month
		}
		return done(len(m[0]))
	}
	if m := reDayZH.FindStringSubmatch(rest); m != nil {
		e.day = num(m[1])
		return done(len(m[0]))
	}
	for _, h := range holidays {
		for _, w := range h.words {
			if strings.HasPrefix(rest, w) {
				e.month, e.day = h.month, h.day
				return done(len(w))
			}
		}
	}
	if m := rePeriodZH.FindStringSubmatch(rest); m != nil && !reWeekZH.MatchString(rest) && (m[1] != "" || m[2] == "周末") {
		e.period = map[string]int{"下下": 2, "上上": -2, "下": 1, "下一": 1, "上": -1, "上一": -1}[m[1]]
		e.isWeek, e.isMonthRange, e.isWeekend = m[2] != "月" && m[2] != "周末", m[2] == "月", m[2] == "周末"
		return done(len(m[0]))
	}
	if m := rePeriodEN.FindStringSubmatch(rest); m != nil && (m[1] != "" || m[2] == "weekend") {
		e.period = map[string]int{"next": 1, "last": -1}[m[1]]
		if m[3] != "" {
			e.period = 2 // the week after next
		}
		e.isWeek, e.isMonthRange, e.isWeekend = m[2] == "week", m[2] == "month", m[2] == "weekend"
		return done(len(m[0]))
	}
	for _, r := range relZH {
		if strings.HasPrefix(rest, r.word) {
			e.relative, e.offset = true, r.offset
			return done(len(r.word))
		}
	}
	if m := reRelEN.FindStringSubmatch(rest); m != nil {
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
		return done(len(m[0]))
	}
	if m := reWeekZH.FindStringSubmatch(rest); m != nil {
		e.isWeekday, e.weekday = true, weekdayZH[m[2]]
		e.weekdayWeek = map[string]int{"": 0, "下": 1, "上": -1, "本": 2, "这": 2}[m[1]]
		return done(len(m[0]))
	}
	if m := reWeekEN.FindStringSubmatch(rest); m != nil {
		e.isWeekday, e.weekday = true, weekdayEN[m[2][:3]]
		e.weekdayWeek = map[string]int{"": 0, "next": 1, "last": -1, "this": 2}[m[1]]
		n := len(m[0])
		// "thursday next week"
		if t := reWeekTail.FindStringSubmatch(rest[n:]); t != nil && m[1] == "" {
			e.weekdayWeek = map[string]int{"next": 1, "last": -1, "this": 2}[t[1]]
			n += len(t[0])
		}
		return done(n)
	}
	return expr{}, false, nil
}

// last is the last day of what e names, given its first: the Sunday of a
// week, the end of a month; first itself for a single day.
func (e expr) last(first core.Date) core.Date {
	switch {
	case e.isWeek:
		return first.AddDays(6)
	case e.isWeekend:
		return first.AddDays(1)
	case e.isMonthRange:
		return first.MonthEnd()
	}
	return first
}

// resolve turns an expression into a date. ref is the day bare weekdays and
// year-less dates are measured from (today, or a range's start).
func (e expr) resolve(today, ref core.Date, dir Direction) (core.Date, error) {
	impossible := func() (core.Date, error) {
		return core.Date{}, core.Errorf(core.EInvalid, "when.impossible_date", "no such date %q", e.text).With("date", e.text)
	}
	switch {
	case e.isWeek:
		monday := today.AddDays(-int((today.Weekday() + 6) % 7))
		return monday.AddDays(7 * e.period), nil
	case e.isWeekend:
		monday := today.AddDays(-int((today.Weekday() + 6) % 7))
		return monday.AddDays(7*e.period + 5), nil
	case e.isMonthRange && e.monthNamed:
		if e.month < 1 || e.month > 12 {
			return impossible()
		}
		year := e.year
		switch {
		case e.relYear:
			year = today.Year + e.yearOffset
		case year == 0:
			// The month this year, or the nearest one in the asked direction.
			year = today.Year
			if dir == Future && time.Month(e.month) < today.Month {
				year++
			} else if dir == Past && time.Month(e.month) > today.Month {
				year--
			}
		}
		return core.NewDate(year, time.Month(e.month), 1), nil
	case e.isMonthRange:
		first := today.MonthStart()
		return core.NewDate(first.Year, first.Month+time.Month(e.period), 1), nil
	case e.relative:
		return today.AddDays(e.offset), nil
	case e.isWeekday:
		monday := today.AddDays(-int((today.Weekday() + 6) % 7))
		switch e.weekdayWeek {
		case 1:
			return monday.AddDays(7 + e.weekday - 1), nil
		case -1:
			return monday.AddDays(-7 + e.weekday - 1), nil
		case 2:
			return monday.AddDays(e.weekday - 1), nil
		}
		cur := int((ref.Weekday()+6)%7) + 1
		if dir == Past {
			return ref.AddDays(-((cur - e.weekday + 7) % 7)), nil
		}
		return ref.AddDays((e.weekday - cur + 7) % 7), nil
	case e.month == 0:
		// A day of the month: this month's, or the next/previous month's
		// when this month's has passed/is to come.
		if e.day < 1 || e.day > 31 {
			return impossible()
		}
		for _, shift := range []int{0, 1, -1} {
			if dir == Future && shift < 0 || dir == Past && shift > 0 {
				continue
			}
			d := core.Date{Year: ref.Year, Month: ref.Month + time.Month(shift), Day: e.day}
			d = core.NewDate(d.Year, d.Month, 1)
			d = core.Date{Year: d.Year, Month: d.Month, Day: e.day}
			if !d.Valid() {
				continue
			}
			if shift == 0 && (dir == Future && d.Before(ref) || dir == Past && d.After(ref)) {
				continue
			}
			return d, nil
		}
		return impossible()
	}
	if e.month < 1 || e.month > 12 {
		return impossible()
	}
	if e.relYear {
		e.year = today.Year + e.yearOffset
	}
	if e.year != 0 {
		d := core.Date{Year: e.year, Month: time.Month(e.month), Day: e.day}
		if !d.Valid() {
			return impossible()
		}
		return d, nil
	}
	// The nearest year in the asked direction where the date exists (29
	// February only exists in leap years).
	step := 1
	if dir == Past {
		step = -1
	}
	for y := ref.Year; y != ref.Year+5*step; y += step {
		d := core.Date{Year: y, Month: time.Month(e.month), Day: e.day}
		if d.Valid() && (dir == Future && !d.Before(ref) || dir == Past && !d.After(ref)) {
			return d, nil
		}
	}
	return impossible()
}

func partOf(word string) Part {
	switch strings.TrimSpace(word) {
	case "上午", "早上", "morning", "am", "a.m.":
		return Morning
	case "下午", "午后", "afternoon", "pm", "p.m.":
		return Afternoon
	}
	return FullDay
}

// FindSpan finds the first date or date range in text. It returns the span,
// the text with the date words removed (so the caller can read the rest:
// a leave type, a reason) and found=false when there is no date at all.
func FindSpan(text string, today core.Date, dir Direction) (Span, string, bool, error) {
	s := normalize(text)
	var cut [][2]int // byte ranges of s to remove from rest
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 {
			continue // inside a multi-byte rune
		}
		if i > 0 && isWordByte(s[i-1]) && isWordByte(s[i]) {
			continue
		}
		// "28-30 dec": a range of days before its month.
		if m := reEnDayRange.FindStringSubmatch(s[i:]); m != nil {
			a := expr{month: monthNumber(m[3])}
			a.day, _ = strconv.Atoi(m[1])
			b := a
			b.day, _ = strconv.Atoi(m[2])
			from, err := a.resolve(today, today, dir)
			if err != nil {
				return Span{}, text, false, err
			}
			to := core.Date{Year: from.Year, Month: from.Month, Day: b.day}
			if !to.Valid() || to.Before(from) {
				return Span{}, text, false, core.Errorf(core.EInvalid, "when.impossible_date", "no such date").With("date", strings.TrimSpace(m[0]))
			}
			return Span{From: from, To: to}, removeRanges(restSource(text, s), [][2]int{{i, i + len(m[0])}}), true, nil
		}
		// "the week of dec 14": Monday to Sunday around it.
		if m := reWeekOf.FindString(s[i:]); m != "" && (i == 0 || !isWordByte(s[i-1])) {
			if a, ok, err := exprAt(s, i+len(m)); err != nil {
				return Span{}, text, false, err
			} else if ok {
				d, err := a.resolve(today, today, dir)
				if err != nil {
					return Span{}, text, false, err
				}
				monday := d.AddDays(-int((d.Weekday() + 6) % 7))
				return Span{From: monday, To: monday.AddDays(6)}, removeRanges(restSource(text, s), [][2]int{{i, a.end}}), true, nil
			}
		}
		a, ok, err := exprAt(s, i)
		if err != nil {
			return Span{}, text, false, err
		}
		partBefore := Part(FullDay)
		if !ok {
			// "afternoon of dec 1"
			if m := rePartOf.FindStringSubmatch(s[i:]); m != nil && (i == 0 || !isWordByte(s[i-1])) {
				if a2, ok2, err := exprAt(s, i+len(m[0])); err != nil {
					return Span{}, text, false, err
				} else if ok2 {
					a, ok, partBefore = a2, true, partOf(m[1])
					a.start = i
				}
			}
		}
		if !ok {
			continue
		}
		from, err := a.resolve(today, today, dir)
		if err != nil {
			return Span{}, text, false, err
		}
		span := Span{From: from, To: a.last(from), FromPart: partBefore, ToPart: partBefore}
		pos := a.end
		// A part word just before the date ("下午 明天" / "明天下午").
		if p := partBefore; p == FullDay {
			if bp, start := partJustBefore(s, a.start); bp != FullDay {
				span.FromPart, span.ToPart = bp, bp
				cut = append(cut, [2]int{start, a.start})
			}
		}
		if m := rePart.FindString(s[pos:]); m != "" {
			p := partOf(m)
			if span.FromPart != FullDay && span.FromPart != p {
				return Span{}, text, false, core.Errorf(core.EInvalid, "when.ambiguous_part", "both morning and afternoon")
			}
			span.FromPart, span.ToPart = p, p
			pos += len(m)
		}
		cut = append(cut, [2]int{a.start, pos})
		if m := reConnect.FindString(s[pos:]); m != "" {
			if to, end, part, ok, err := rangeEnd(s, pos+len(m), a, from, today, dir); err != nil {
				return Span{}, text, false, err
			} else if ok {
				if to.Before(from) {
					return Span{}, text, false, core.Errorf(core.EInvalid, "when.range_backwards", "range ends before it starts").
						With("from", from.String()).With("to", to.String())
				}
				if from.DaysUntil(to) > 366 {
					return Span{}, text, false, core.Errorf(core.EInvalid, "when.range_too_long", "range longer than a year")
				}
				span.To, span.ToPart = to, part
				if span, err = span.canonical(); err != nil {
					return Span{}, text, false, err
				}
				cut = append(cut, [2]int{pos, end})
			}
		} else if to, end, ok := adjacentEnd(s, pos, a, from, today, dir); ok {
			// "明天后天", "周四周五": two days side by side are a range.
			span.To, span.ToPart = to, FullDay
			cut = append(cut, [2]int{pos, end})
		}
		// "从12月1日到3日" / "from dec 1 to 3": drop the lead-in too.
		for _, lead := range []string{"从", "from "} {
			if strings.HasSuffix(strings.TrimRight(s[:cut[0][0]], " "), strings.TrimSpace(lead)) {
				trimmed := strings.TrimRight(s[:cut[0][0]], " ")
				cut = append(cut, [2]int{len(trimmed) - len(strings.TrimSpace(lead)), cut[0][0]})
			}
		}
		return span, removeRanges(restSource(text, s), cut), true, nil
	}
	// A part word alone ("下午 病假") means that part of today.
	for i := 0; i < len(s); i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		if m := rePart.FindString(s[i:]); m != "" && strings.TrimSpace(m) != "" {
			end := i + len(m)
			if end < len(s) && isWordByte(s[end-1]) && isWordByte(s[end]) {
				continue
			}
			p := partOf(m)
			return Span{From: today, To: today, FromPart: p, ToPart: p}, removeRanges(restSource(text, s), [][2]int{{i, end}}), true, nil
		}
	}
	return Span{}, collapse(text), false, nil
}

// adjacentEnd reads a second day said right after the first ("明天后天",
// "周四、周五", "today and tomorrow") as the end of a range of at most two
// weeks. Only relative days and weekdays pair up this way: "12月1日 3"
// is no range.
func adjacentEnd(s string, pos int, a expr, from, today core.Date, dir Direction) (core.Date, int, bool) {
	if !(a.relative || a.isWeekday) {
		return core.Date{}, 0, false
	}
	sep := reAdjacent.FindString(s[pos:])
	b, ok, err := exprAt(s, pos+len(sep))
	// "Sun Yue" is a person, not Sunday: short English weekdays do not pair.
	if err != nil || !ok || !(b.relative || b.isWeekday) || b.isWeekday && len(b.text) <= 4 && isWordByte(b.text[0]) {
		return core.Date{}, 0, false
	}
	ref := from
	if b.relative || b.weekdayWeek != 0 {
		ref = today
	}
	to, err := b.resolve(today, ref, dir)
	if err != nil || to.Before(from) || from.DaysUntil(to) > 14 {
		return core.Date{}, 0, false
	}
	return to, b.end, true
}

// canonical writes a range the one way its parts can be read. A one-day
// range has a single part: "12月1日上午到12月1日下午" is the whole day,
// and the afternoon to the morning of the same day is no range at all. A
// longer one starts on a half day only in the afternoon and ends on one
// only in the morning: "dec 1 am to dec 3 pm" is three whole days.
func (s Span) canonical() (Span, error) {
	if s.From != s.To {
		if s.FromPart == Morning {
			s.FromPart = FullDay
		}
		if s.ToPart == Afternoon {
			s.ToPart = FullDay
		}
		return s, nil
	}
	start, end := s.FromPart, s.ToPart
	if start == FullDay {
		start = Morning
	}
	if end == FullDay {
		end = Afternoon
	}
	part := FullDay
	switch {
	case start == Afternoon && end == Morning:
		return Span{}, core.Errorf(core.EInvalid, "when.parts_backwards", "range ends in the morning of the day it starts in the afternoon").
			With("date", s.From.String())
	case start == end:
		part = start
	}
	s.FromPart, s.ToPart = part, part
	return s, nil
}

// restSource is the text the rest is cut from: the original, keeping its
// case, when normalising did not move any byte offsets.
func restSource(original, normalized string) string {
	if len(original) == len(normalized) {
		return original
	}
	return normalized
}

// partJustBefore finds a part word that ends right before byte i.
func partJustBefore(s string, i int) (Part, int) {
	head := strings.TrimRight(s[:i], " ")
	for _, w := range []string{"上午", "早上", "下午", "午后", "morning", "afternoon"} {
		if strings.HasSuffix(head, w) {
			start := len(head) - len(w)
			if start > 0 && isWordByte(s[start-1]) && w[0] >= 'a' {
				continue
			}
			return partOf(w), start
		}
	}
	return FullDay, i
}

// rangeEnd reads the end of a range after its connector: a full date, or
// only a day ("12月1日到3日", "dec 1-3") in the start's month.
func rangeEnd(s string, i int, a expr, from, today core.Date, dir Direction) (core.Date, int, Part, bool, error) {
	part := Part(FullDay)
	if b, ok, err := exprAt(s, i); err != nil {
		return core.Date{}, 0, 0, false, err
	} else if ok && !(b.month == 0 && !b.relative && !b.isWeekday && a.month != 0) {
		ref := from
		if b.relative || b.weekdayWeek != 0 {
			ref = today
		}
		to, err := b.resolve(today, ref, Future)
		if err != nil {
			return core.Date{}, 0, 0, false, err
		}
		to = b.last(to)
		// A year-less end before the start rolls into the next year (dec 30 - jan 2).
		if b.year == 0 && b.month != 0 && to.Before(from) {
			to = core.Date{Year: from.Year + 1, Month: to.Month, Day: to.Day}
		}
		end := b.end
		if m := rePart.FindString(s[end:]); m != "" {
			part, end = partOf(m), end+len(m)
		}
		return to, end, part, true, nil
	}
	// Only a day: in the start's month.
	m := reEndDay.FindStringSubmatch(s[i:])
	if m == nil || a.relative || a.isWeekday {
		return core.Date{}, 0, 0, false, nil
	}
	end := i + len(m[0])
	if end < len(s) && isWordByte(s[end-1]) && isWordByte(s[end]) || strings.HasPrefix(s[end:], ":") {
		return core.Date{}, 0, 0, false, nil // "to 09:00" is a time
	}
	day, _ := strconv.Atoi(m[1])
	to := core.Date{Year: from.Year, Month: from.Month, Day: day}
	if !to.Valid() {
		return core.Date{}, 0, 0, false, core.Errorf(core.EInvalid, "when.impossible_date", "no such date").With("date", strings.TrimSpace(s[a.start:end]))
	}
	if mm := rePart.FindString(s[end:]); mm != "" {
		part, end = partOf(mm), end+len(mm)
	}
	return to, end, part, true, nil
}

// removeRanges deletes byte ranges from s and tidies the spaces.
func removeRanges(s string, cut [][2]int) string {
	keep := make([]bool, len(s))
	for i := range keep {
		keep[i] = true
	}
	for _, c := range cut {
		for i := max(c[0], 0); i < c[1] && i < len(s); i++ {
			keep[i] = false
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if keep[i] {
			b.WriteByte(s[i])
		} else {
			b.WriteByte(' ')
		}
	}
	return collapse(b.String())
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
