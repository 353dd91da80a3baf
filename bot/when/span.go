// Package when reads dates, date ranges, half days and times of day out of
// chat text in Chinese and English: "请假 年假 12月1日到3日 回老家",
// "leave sick tomorrow afternoon", "补卡 昨天 上班 8:55". Impossible or
// ambiguous dates are errors, never guesses.
package when

import (
	"strconv"
	"strings"

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
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 {
			continue // inside a multi-byte rune
		}
		if i > 0 && isWordByte(s[i-1]) && isWordByte(s[i]) {
			continue
		}
		span, cut, ok, err := spanAt(s, i, today, dir)
		if err != nil {
			return Span{}, text, false, err
		}
		if ok {
			return span, removeRanges(restSource(text, s), cut), true, nil
		}
	}
	if span, cut, ok := partAlone(s, today); ok {
		return span, removeRanges(restSource(text, s), cut), true, nil
	}
	return Span{}, collapse(text), false, nil
}

// spanAt reads a date or range starting at byte i of s; cut are the byte
// ranges of s it was read from.
func spanAt(s string, i int, today core.Date, dir Direction) (span Span, cut [][2]int, ok bool, err error) {
	if span, cut, ok, err := dayRangeAt(s, i, today, dir); ok || err != nil {
		return span, cut, ok, err
	}
	if span, cut, ok, err := weekOfAt(s, i, today, dir); ok || err != nil {
		return span, cut, ok, err
	}
	a, ok, err := exprAt(s, i)
	if err != nil {
		return Span{}, nil, false, err
	}
	partBefore := Part(FullDay)
	if !ok {
		// "afternoon of dec 1"
		if m := rePartOf.FindStringSubmatch(s[i:]); m != nil && (i == 0 || !isWordByte(s[i-1])) {
			if a2, ok2, err := exprAt(s, i+len(m[0])); err != nil {
				return Span{}, nil, false, err
			} else if ok2 {
				a, ok, partBefore = a2, true, partOf(m[1])
				a.start = i
			}
		}
	}
	if !ok {
		return Span{}, nil, false, nil
	}
	return exprSpan(s, a, partBefore, today, dir)
}

// dayRangeAt reads a range of days before its month: "28-30 dec".
func dayRangeAt(s string, i int, today core.Date, dir Direction) (Span, [][2]int, bool, error) {
	m := reEnDayRange.FindStringSubmatch(s[i:])
	if m == nil {
		return Span{}, nil, false, nil
	}
	a := expr{month: monthNumber(m[3])}
	a.day, _ = strconv.Atoi(m[1])
	b := a
	b.day, _ = strconv.Atoi(m[2])
	from, err := a.resolve(today, today, dir)
	if err != nil {
		return Span{}, nil, false, err
	}
	to := core.Date{Year: from.Year, Month: from.Month, Day: b.day}
	if !to.Valid() || to.Before(from) {
		return Span{}, nil, false, core.Errorf(core.EInvalid, "when.impossible_date", "no such date").With("date", strings.TrimSpace(m[0]))
	}
	return Span{From: from, To: to}, [][2]int{{i, i + len(m[0])}}, true, nil
}

// weekOfAt reads "the week of dec 14": Monday to Sunday around it.
func weekOfAt(s string, i int, today core.Date, dir Direction) (Span, [][2]int, bool, error) {
	m := reWeekOf.FindString(s[i:])
	if m == "" || i > 0 && isWordByte(s[i-1]) {
		return Span{}, nil, false, nil
	}
	a, ok, err := exprAt(s, i+len(m))
	if err != nil || !ok {
		return Span{}, nil, false, err
	}
	d, err := a.resolve(today, today, dir)
	if err != nil {
		return Span{}, nil, false, err
	}
	monday := d.AddDays(-int((d.Weekday() + 6) % 7))
	return Span{From: monday, To: monday.AddDays(6)}, [][2]int{{i, a.end}}, true, nil
}

// exprSpan makes the span of expression a with what surrounds it: a part
// of the day before or after it ("下午 明天", "明天下午"), the end of a
// range after a connector or a second day right after it, and a lead-in
// ("从", "from").
func exprSpan(s string, a expr, partBefore Part, today core.Date, dir Direction) (Span, [][2]int, bool, error) {
	from, err := a.resolve(today, today, dir)
	if err != nil {
		return Span{}, nil, false, err
	}
	span := Span{From: from, To: a.last(from), FromPart: partBefore, ToPart: partBefore}
	var cut [][2]int
	pos := a.end
	if partBefore == FullDay {
		if bp, start := partJustBefore(s, a.start); bp != FullDay {
			span.FromPart, span.ToPart = bp, bp
			cut = append(cut, [2]int{start, a.start})
		}
	}
	if m := rePart.FindString(s[pos:]); m != "" {
		p := partOf(m)
		if span.FromPart != FullDay && span.FromPart != p {
			return Span{}, nil, false, core.Errorf(core.EInvalid, "when.ambiguous_part", "both morning and afternoon")
		}
		span.FromPart, span.ToPart = p, p
		pos += len(m)
	}
	cut = append(cut, [2]int{a.start, pos})
	span, end, err := extend(s, pos, a, span, today, dir)
	if err != nil {
		return Span{}, nil, false, err
	}
	if end > pos {
		cut = append(cut, [2]int{pos, end})
	}
	for _, lead := range []string{"从", "from "} {
		if strings.HasSuffix(strings.TrimRight(s[:cut[0][0]], " "), strings.TrimSpace(lead)) {
			trimmed := strings.TrimRight(s[:cut[0][0]], " ")
			cut = append(cut, [2]int{len(trimmed) - len(strings.TrimSpace(lead)), cut[0][0]})
		}
	}
	if span.From != span.To {
		// A part of the day said with a whole week or month ("下周上午",
		// "1月上午") or before a second day ("明天下午后天") is written the
		// one way a longer span's parts can be read; it cannot fail.
		span, _ = span.canonical()
	}
	return span, cut, true, nil
}

// partAlone reads a part word alone ("下午 病假"): that part of today.
func partAlone(s string, today core.Date) (Span, [][2]int, bool) {
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
			return Span{From: today, To: today, FromPart: p, ToPart: p}, [][2]int{{i, end}}, true
		}
	}
	return Span{}, nil, false
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
