package when

import (
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// extend makes span, read up to byte pos of s from expression a, a range
// when a connector and an end follow ("到3日", "- dec 3", "until friday")
// or a second day right after it ("明天后天", "周四周五"). It returns where
// the range's end stops in s, pos when there is none.
func extend(s string, pos int, a expr, span Span, today core.Date, dir Direction) (Span, int, error) {
	from := span.From
	if m := reConnect.FindString(s[pos:]); m != "" {
		to, end, part, ok, err := rangeEnd(s, pos+len(m), a, from, today, dir)
		if err != nil || !ok {
			return span, pos, err
		}
		if to.Before(from) {
			return span, pos, core.Errorf(core.EInvalid, "when.range_backwards", "range ends before it starts").
				With("from", from.String()).With("to", to.String())
		}
		if from.DaysUntil(to) > 366 {
			return span, pos, core.Errorf(core.EInvalid, "when.range_too_long", "range longer than a year")
		}
		span.To, span.ToPart = to, part
		span, err = span.canonical()
		return span, end, err
	}
	if to, end, ok := adjacentEnd(s, pos, a, from, today, dir); ok {
		span.To, span.ToPart = to, FullDay
		return span, end, nil
	}
	return span, pos, nil
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
