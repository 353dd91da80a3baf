package when_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
)

// Run one target for a while with, e.g.:
//
//	go test -run XXX -fuzz FuzzSpanCanonical -fuzztime 25s ./bot/when/

// fuzzDay turns three fuzzed numbers into a day between 1971 and 2099.
func fuzzDay(y, m, d uint16) core.Date {
	return core.NewDate(1971+int(y%129), time.Month(1+m%12), 1+int(d%31))
}

// fuzzWithin runs fn and fails when it has not returned after a generous
// while: a parser must never hang, whatever it is given.
func fuzzWithin(t *testing.T, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("no answer after 10s")
	}
}

var placeholder = regexp.MustCompile(`\{([a-z]+)\}`)

// checkWhenError holds for every error the package returns: an EInvalid
// *core.Error whose key is in both catalogues and whose args fill every
// placeholder of its message.
func checkWhenError(t *testing.T, input string, err error) {
	t.Helper()
	e, ok := core.AsError(err)
	if !ok || e.Code != core.EInvalid {
		t.Fatalf("%q: error %v is not an EInvalid *core.Error", input, err)
	}
	en, zh := when.Messages()
	for _, msgs := range []map[string]string{en, zh} {
		msg, ok := msgs[e.Key]
		if !ok {
			t.Fatalf("%q: error key %q has no message", input, e.Key)
		}
		for _, m := range placeholder.FindAllStringSubmatch(msg, -1) {
			if _, ok := e.Args[m[1]]; !ok {
				t.Fatalf("%q: error %s lacks {%s}", input, e.Key, m[1])
			}
		}
	}
}

// spanText writes a span the way a person could type it, in English
// ("2026-12-01 pm to 2026-12-03") or Chinese ("2026年12月1日下午到2026年12月3日").
func spanText(s when.Span, zh bool) string {
	day := func(d core.Date, p when.Part) string {
		if zh {
			return fmt.Sprintf("%04d年%d月%d日", d.Year, int(d.Month), d.Day) + map[when.Part]string{when.Morning: "上午", when.Afternoon: "下午"}[p]
		}
		return d.String() + map[when.Part]string{when.Morning: " am", when.Afternoon: " pm"}[p]
	}
	if s.From == s.To {
		return day(s.From, s.FromPart)
	}
	if zh {
		return day(s.From, s.FromPart) + "到" + day(s.To, s.ToPart)
	}
	return day(s.From, s.FromPart) + " to " + day(s.To, s.ToPart)
}

// FuzzSpanCanonical checks every span FindSpan reads, from any text on
// any day in either direction: the dates exist, the range runs forward
// and for at most a year, its half days are canonical (one part for one
// day; a longer range starts only in the afternoon and ends only in the
// morning), it reads back the same from its own English and Chinese
// writing, and a refusal is a translatable EInvalid error.
func FuzzSpanCanonical(f *testing.F) {
	for _, s := range []string{
		"请假 年假 12月1日到3日 回老家", "leave sick tomorrow afternoon", "请假 事假 明天 2小时 看病",
		"补卡 昨天 上班 8:55", "12月1日下午到12月3日上午", "dec 1 pm to dec 3 am", "dec 1 am to dec 3 pm",
		"12月1日下午到12月1日上午", "12月1日上午到12月1日下午", "dec 30 - jan 2", "from dec 1 to dec 3 wedding",
		"从12月1日到12月3日", "十二月三十一号", "１２月１日～３日", "下周二到周五上午", "last Fri", "2月29日",
		"2026-01-01 to 2027-06-01", "12/01/2026", "上午12月1日下午", "afternoon of dec 1", "1st of december",
		"the day after tomorrow to next monday", "9999-12-30 to jan 2", "0000-01-01", "下午 病假", "may I leave",
	} {
		f.Add(s, uint16(55), uint16(10), uint16(25), false)
		f.Add(s, uint16(56), uint16(0), uint16(2), true)
	}
	f.Fuzz(func(t *testing.T, text string, y, m, d uint16, past bool) {
		today, dir := fuzzDay(y, m, d), when.Future
		if past {
			dir = when.Past
		}
		var span, again when.Span
		var rest, rest2 string
		var found, found2 bool
		var err, err2 error
		fuzzWithin(t, func() {
			span, rest, found, err = when.FindSpan(text, today, dir)
			again, rest2, found2, err2 = when.FindSpan(text, today, dir)
		})
		if span != again || rest != rest2 || found != found2 || fmt.Sprint(err) != fmt.Sprint(err2) {
			t.Fatalf("%q: two readings differ", text)
		}
		if err != nil {
			checkWhenError(t, text, err)
			if found {
				t.Fatalf("%q: found and an error", text)
			}
			return
		}
		if !found {
			if rest != strings.Join(strings.Fields(text), " ") {
				t.Fatalf("%q: no date, but rest %q", text, rest)
			}
			return
		}
		if rest != strings.Join(strings.Fields(rest), " ") {
			t.Fatalf("%q: rest %q is not tidied", text, rest)
		}
		if !span.From.Valid() || !span.To.Valid() || span.To.Before(span.From) || span.From.DaysUntil(span.To) > 366 {
			t.Fatalf("%q on %s: bad span %+v", text, today, span)
		}
		for _, p := range []when.Part{span.FromPart, span.ToPart} {
			if p != when.FullDay && p != when.Morning && p != when.Afternoon {
				t.Fatalf("%q: unknown part in %+v", text, span)
			}
		}
		if span.From == span.To && span.FromPart != span.ToPart ||
			span.From != span.To && (span.FromPart == when.Morning || span.ToPart == when.Afternoon) {
			t.Fatalf("%q: half days not canonical in %+v", text, span)
		}
		if span.To.Year > 9999 {
			return // no four-digit year to write it with
		}
		for _, zh := range []bool{false, true} {
			typed := spanText(span, zh)
			back, rest, found, err := when.FindSpan(typed, today, dir)
			if err != nil || !found || back != span || rest != "" {
				t.Fatalf("%q: %+v written as %q reads back as %+v rest %q found %v err %v", text, span, typed, back, rest, found, err)
			}
		}
	})
}

// FuzzTimeRoundTrip checks every time of day FindTime reads: it is a
// minute of the day, it reads back the same written as "08:55" and as
// "8点55分", and a refusal is a translatable EInvalid error.
func FuzzTimeRoundTrip(f *testing.F) {
	for _, s := range []string{
		"8:55", "上班 08:55 忘记打卡", "8点半", "晚上8点", "下午3点", "中午12点", "凌晨1点", "8.55pm", "12am", "12pm",
		"out 6 pm phone died", "１８：３０", "24:00", "25:00", "8:75", "13pm", "0am", "补卡 昨天 下班 18点05分",
		"2026-12-01 8:55", "no time here, 12 items",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var minute, again int
		var rest, rest2 string
		var found, found2 bool
		var err, err2 error
		fuzzWithin(t, func() {
			minute, rest, found, err = when.FindTime(text)
			again, rest2, found2, err2 = when.FindTime(text)
		})
		if minute != again || rest != rest2 || found != found2 || fmt.Sprint(err) != fmt.Sprint(err2) {
			t.Fatalf("%q: two readings differ", text)
		}
		if err != nil {
			checkWhenError(t, text, err)
			return
		}
		if !found {
			if rest != strings.Join(strings.Fields(text), " ") {
				t.Fatalf("%q: no time, but rest %q", text, rest)
			}
			return
		}
		if minute < 0 || minute >= 24*60 {
			t.Fatalf("%q: minute %d", text, minute)
		}
		for _, typed := range []string{
			fmt.Sprintf("%02d:%02d", minute/60, minute%60),
			fmt.Sprintf("%d点%d分", minute/60, minute%60),
		} {
			back, rest, found, err := when.FindTime(typed)
			if err != nil || !found || back != minute || rest != "" {
				t.Fatalf("%q: %d written as %q reads back as %d rest %q found %v err %v", text, minute, typed, back, rest, found, err)
			}
		}
	})
}

// FuzzClock checks every span of hours FindClock reads: both ends are
// minutes of the day, it reads back the same written as "08:55-17:30",
// and a refusal is a translatable EInvalid error. FindDuration never
// returns a negative length.
func FuzzClock(f *testing.F) {
	for _, s := range []string{
		"leave personal dec 9 3-5pm dentist", "下午3点到5点", "15:00-17:00", "三点到五点", "11-12pm", "from 9am to 1pm",
		"22:00-06:00", "25:00-26:00", "dec 1-3", "12-24", "两个小时", "一个半小时", "2h", "half an hour",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var c when.Clock
		var found bool
		var err error
		var minutes int
		fuzzWithin(t, func() {
			c, _, found, err = when.FindClock(text)
			minutes, _, _ = when.FindDuration(text)
		})
		if minutes < 0 {
			t.Fatalf("%q: %d minutes", text, minutes)
		}
		if err != nil {
			checkWhenError(t, text, err)
			return
		}
		if !found {
			return
		}
		if c.Start < 0 || c.Start >= 24*60 || c.End < 0 || c.End >= 24*60 {
			t.Fatalf("%q: %+v", text, c)
		}
		typed := fmt.Sprintf("%02d:%02d-%02d:%02d", c.Start/60, c.Start%60, c.End/60, c.End%60)
		back, rest, found, err := when.FindClock(typed)
		if err != nil || !found || back != c || rest != "" {
			t.Fatalf("%q: %+v written as %q reads back as %+v rest %q found %v err %v", text, c, typed, back, rest, found, err)
		}
	})
}
