package when_test

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
)

func d(y int, m time.Month, day int) core.Date { return core.NewDate(y, m, day) }

var (
	wed     = d(2026, 11, 25) // a Wednesday mid-month
	dec30   = d(2026, 12, 30)
	leap    = d(2028, 2, 28)
	oct31   = d(2026, 10, 31)
	newYear = d(2027, 1, 2)
)

func TestFindSpan(t *testing.T) {
	t.Parallel()
	M, A, F := when.Morning, when.Afternoon, when.FullDay
	cases := []struct {
		text     string
		today    core.Date
		dir      when.Direction
		from, to core.Date
		fp, tp   when.Part
		rest     string
	}{
		// relative
		{"今天", wed, when.Future, wed, wed, F, F, ""},
		{"请假 明天 病假", wed, when.Future, d(2026, 11, 26), d(2026, 11, 26), F, F, "请假 病假"},
		{"后天", wed, when.Future, d(2026, 11, 27), d(2026, 11, 27), F, F, ""},
		{"大后天", wed, when.Future, d(2026, 11, 28), d(2026, 11, 28), F, F, ""},
		{"补卡 昨天 上班 8:55", wed, when.Past, d(2026, 11, 24), d(2026, 11, 24), F, F, "补卡 上班 8:55"},
		{"前天", wed, when.Past, d(2026, 11, 23), d(2026, 11, 23), F, F, ""},
		{"leave sick tomorrow", wed, when.Future, d(2026, 11, 26), d(2026, 11, 26), F, F, "leave sick"},
		{"fix yesterday in 8:55 Forgot", wed, when.Past, d(2026, 11, 24), d(2026, 11, 24), F, F, "fix in 8:55 Forgot"},
		{"the day after tomorrow", wed, when.Future, d(2026, 11, 27), d(2026, 11, 27), F, F, ""},
		// weekdays
		{"周五", wed, when.Future, d(2026, 11, 27), d(2026, 11, 27), F, F, ""},
		{"周三", wed, when.Future, wed, wed, F, F, ""},
		{"周一", wed, when.Future, d(2026, 11, 30), d(2026, 11, 30), F, F, ""},
		{"周一", wed, when.Past, d(2026, 11, 23), d(2026, 11, 23), F, F, ""},
		{"星期天", wed, when.Future, d(2026, 11, 29), d(2026, 11, 29), F, F, ""},
		{"下周二", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"上周五", wed, when.Past, d(2026, 11, 20), d(2026, 11, 20), F, F, ""},
		{"本周一", wed, when.Past, d(2026, 11, 23), d(2026, 11, 23), F, F, ""},
		{"friday", wed, when.Future, d(2026, 11, 27), d(2026, 11, 27), F, F, ""},
		{"next monday", wed, when.Future, d(2026, 11, 30), d(2026, 11, 30), F, F, ""},
		{"last Fri", wed, when.Past, d(2026, 11, 20), d(2026, 11, 20), F, F, ""},
		// absolute
		{"2026-12-01", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"2026/12/01", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"2026.12.01", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"12-01", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"12/1", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"12月1日", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"12月1号", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"2027年1月5日", wed, when.Future, d(2027, 1, 5), d(2027, 1, 5), F, F, ""},
		{"十二月三十一号", wed, when.Future, d(2026, 12, 31), d(2026, 12, 31), F, F, ""},
		{"１２月１日", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"dec 1", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"Dec. 1st", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"1 december", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"1st of december", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), F, F, ""},
		{"may 3", wed, when.Future, d(2027, 5, 3), d(2027, 5, 3), F, F, ""},
		{"1月3日", dec30, when.Future, d(2027, 1, 3), d(2027, 1, 3), F, F, ""},
		{"12月30日", newYear, when.Past, d(2026, 12, 30), d(2026, 12, 30), F, F, ""},
		{"1号", oct31, when.Future, d(2026, 11, 1), d(2026, 11, 1), F, F, ""},
		{"30号", d(2026, 11, 2), when.Past, d(2026, 10, 30), d(2026, 10, 30), F, F, ""},
		{"三号", wed, when.Future, d(2026, 12, 3), d(2026, 12, 3), F, F, ""},
		{"2月29日", leap, when.Future, d(2028, 2, 29), d(2028, 2, 29), F, F, ""},
		// ranges
		{"请假 年假 12月1日到3日 回老家", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, "请假 年假 回老家"},
		{"12月1日至12月3日", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, ""},
		{"12月1日-3日", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, ""},
		{"12月1号~3号", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, ""},
		{"1号到3号", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, ""},
		{"12-01 到 12-03", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, ""},
		{"12-01~12-03", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, ""},
		{"2026-12-01 to 2026-12-03", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, ""},
		{"leave annual dec 1-3 family visit", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, "leave annual family visit"},
		{"dec 1 - dec 3", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, ""},
		{"dec 1 to 3", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, ""},
		{"from dec 1 to dec 3 wedding", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, "wedding"},
		{"从12月1日到12月3日", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), F, F, ""},
		{"dec 30 - jan 2", wed, when.Future, d(2026, 12, 30), d(2027, 1, 2), F, F, ""},
		{"明天到后天", wed, when.Future, d(2026, 11, 26), d(2026, 11, 27), F, F, ""},
		{"today to friday", wed, when.Future, wed, d(2026, 11, 27), F, F, ""},
		{"周一到周三", wed, when.Future, d(2026, 11, 30), d(2026, 12, 2), F, F, ""},
		{"10月31日到11月2日", d(2026, 10, 1), when.Future, d(2026, 10, 31), d(2026, 11, 2), F, F, ""},
		// whole weeks and months, fixed holidays, day-first and English years
		{"请假 年假 下周 回老家", wed, when.Future, d(2026, 11, 30), d(2026, 12, 6), F, F, "请假 年假 回老家"},
		{"leave annual next week", wed, when.Future, d(2026, 11, 30), d(2026, 12, 6), F, F, "leave annual"},
		{"下个星期", wed, when.Future, d(2026, 11, 30), d(2026, 12, 6), F, F, ""},
		{"这周谁请假了", wed, when.Future, d(2026, 11, 23), d(2026, 11, 29), F, F, "谁请假了"},
		{"本周", wed, when.Future, d(2026, 11, 23), d(2026, 11, 29), F, F, ""},
		{"who is off this week", wed, when.Future, d(2026, 11, 23), d(2026, 11, 29), F, F, "who is off"},
		{"上周", wed, when.Past, d(2026, 11, 16), d(2026, 11, 22), F, F, ""},
		{"下周一到周三", wed, when.Future, d(2026, 11, 30), d(2026, 12, 2), F, F, ""},
		{"下个月", wed, when.Future, d(2026, 12, 1), d(2026, 12, 31), F, F, ""},
		{"this month", wed, when.Future, d(2026, 11, 1), d(2026, 11, 30), F, F, ""},
		{"请假 年假 元旦", wed, when.Future, d(2027, 1, 1), d(2027, 1, 1), F, F, "请假 年假"},
		{"元旦", wed, when.Past, d(2026, 1, 1), d(2026, 1, 1), F, F, ""},
		{"christmas eve", wed, when.Future, d(2026, 12, 24), d(2026, 12, 24), F, F, ""},
		{"leave annual 24/12", wed, when.Future, d(2026, 12, 24), d(2026, 12, 24), F, F, "leave annual"},
		{"12/24", wed, when.Future, d(2026, 12, 24), d(2026, 12, 24), F, F, ""},
		{"jan 5, 2027", wed, when.Future, d(2027, 1, 5), d(2027, 1, 5), F, F, ""},
		{"5 jan 2028", wed, when.Future, d(2028, 1, 5), d(2028, 1, 5), F, F, ""},
		{"dec 30 2026 - jan 2 2027", wed, when.Future, d(2026, 12, 30), d(2027, 1, 2), F, F, ""},
		{"明天后天请丧假", wed, when.Future, d(2026, 11, 26), d(2026, 11, 27), F, F, "请丧假"},
		{"这周四周五请年假", wed, when.Future, d(2026, 11, 26), d(2026, 11, 27), F, F, "请年假"},
		{"today and tomorrow", wed, when.Future, wed, d(2026, 11, 26), F, F, ""},
		{"12月14日到明年5月20日", wed, when.Future, d(2026, 12, 14), d(2027, 5, 20), F, F, ""},
		{"thursday next week", wed, when.Future, d(2026, 12, 3), d(2026, 12, 3), F, F, ""},
		{"the whole week of Dec 14th", wed, when.Future, d(2026, 12, 14), d(2026, 12, 20), F, F, ""},
		{"marriage leave 28-30 Dec", wed, when.Future, d(2026, 12, 28), d(2026, 12, 30), F, F, "marriage leave"},
		{"TOIL on the 11th", wed, when.Future, d(2026, 12, 11), d(2026, 12, 11), F, F, "TOIL on"},
		{"把我12月的班表发我", wed, when.Future, d(2026, 12, 1), d(2026, 12, 31), F, F, "把我 的班表发我"},
		{"correct my check-in on 25 Nov to 09:00", wed, when.Past, d(2026, 11, 25), d(2026, 11, 25), F, F, "correct my check-in on to 09:00"},
		{"today's check-in", wed, when.Past, wed, wed, F, F, "check-in"},
		{"this weekend", wed, when.Future, d(2026, 11, 28), d(2026, 11, 29), F, F, ""},
		{"下下周", wed, when.Future, d(2026, 12, 7), d(2026, 12, 13), F, F, ""},
		// half days
		{"请假 明天下午 病假", wed, when.Future, d(2026, 11, 26), d(2026, 11, 26), A, A, "请假 病假"},
		{"下午 明天", wed, when.Future, d(2026, 11, 26), d(2026, 11, 26), A, A, ""},
		{"leave sick tomorrow afternoon", wed, when.Future, d(2026, 11, 26), d(2026, 11, 26), A, A, "leave sick"},
		{"afternoon of dec 1", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), A, A, ""},
		{"12月1日上午", wed, when.Future, d(2026, 12, 1), d(2026, 12, 1), M, M, ""},
		{"12月1日下午到12月3日上午", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), A, M, ""},
		{"dec 1 pm to dec 3 am", wed, when.Future, d(2026, 12, 1), d(2026, 12, 3), A, M, ""},
		{"下午 病假", wed, when.Future, wed, wed, A, A, "病假"},
		// A part of the day with a whole week or month reads as a longer
		// span's parts can: starting in the afternoon, ending in the morning.
		{"上午1月", wed, when.Future, d(2027, 1, 1), d(2027, 1, 31), F, M, ""},
		{"下周下午", wed, when.Future, d(2026, 11, 30), d(2026, 12, 6), A, F, ""},
		{"明天上午后天", wed, when.Future, d(2026, 11, 26), d(2026, 11, 27), F, F, ""},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			span, rest, found, err := when.FindSpan(c.text, c.today, c.dir)
			if err != nil || !found {
				t.Fatalf("found %v err %v", found, err)
			}
			want := when.Span{From: c.from, To: c.to, FromPart: c.fp, ToPart: c.tp}
			if span != want {
				t.Errorf("span %+v, want %+v", span, want)
			}
			if rest != c.rest {
				t.Errorf("rest %q, want %q", rest, c.rest)
			}
		})
	}
}

func TestFindSpanNoDate(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"", "请假 年假", "leave 3 days", "1-3", "it is sunny", "I got married", "may I leave", "room 12"} {
		if span, _, found, err := when.FindSpan(text, wed, when.Future); found || err != nil {
			t.Errorf("%q: found %+v err %v", text, span, err)
		}
	}
}

func TestFindSpanErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text  string
		today core.Date
		dir   when.Direction
		key   string
	}{
		{"2月30日", wed, when.Future, "when.impossible_date"},
		{"13月1日", wed, when.Future, "when.impossible_date"},
		{"2026-02-29", wed, when.Future, "when.impossible_date"},
		{"32号", wed, when.Future, "when.impossible_date"},
		{"12月1日到31日", d(2026, 11, 1), when.Future, ""},
		{"11月1日到31日", d(2026, 10, 1), when.Future, "when.impossible_date"},
		{"2026-12-03 到 2026-12-01", wed, when.Future, "when.range_backwards"},
		{"jan 5 2027 - jan 3 2027", wed, when.Future, "when.range_backwards"},
		{"24/13", wed, when.Future, "when.impossible_date"},
		{"2026-01-01 to 2027-06-01", wed, when.Future, "when.range_too_long"},
		{"12/01/2026", wed, when.Future, "when.ambiguous_date"},
		{"上午12月1日下午", wed, when.Future, "when.ambiguous_part"},
	}
	for _, c := range cases {
		_, _, _, err := when.FindSpan(c.text, c.today, c.dir)
		e, _ := core.AsError(err)
		switch {
		case c.key == "" && err != nil:
			t.Errorf("%q: unexpected %v", c.text, err)
		case c.key != "" && (e == nil || e.Key != c.key || e.Code != core.EInvalid):
			t.Errorf("%q: got %v, want %s", c.text, err, c.key)
		}
	}
}

func TestFindTime(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text   string
		minute int
		rest   string
	}{
		{"8:55", 8*60 + 55, ""},
		{"上班 08:55 忘记打卡", 8*60 + 55, "上班 忘记打卡"},
		{"8点55", 8*60 + 55, ""},
		{"8点55分", 8*60 + 55, ""},
		{"8点半", 8*60 + 30, ""},
		{"8点", 8 * 60, ""},
		{"8:55am", 8*60 + 55, ""},
		{"8.55pm", 20*60 + 55, ""},
		{"20:30", 20*60 + 30, ""},
		{"晚上8点", 20 * 60, ""},
		{"下午3点", 15 * 60, ""},
		{"上午9点", 9 * 60, ""},
		{"12am", 0, ""},
		{"12pm", 12 * 60, ""},
		{"out 6 pm phone died", 18 * 60, "out phone died"},
		{"１８：３０", 18*60 + 30, ""},
	}
	for _, c := range cases {
		minute, rest, found, err := when.FindTime(c.text)
		if err != nil || !found || minute != c.minute || rest != c.rest {
			t.Errorf("%q: %d %q found %v err %v; want %d %q", c.text, minute, rest, found, err, c.minute, c.rest)
		}
	}
	for _, text := range []string{"25:00", "8:75", "13pm"} {
		if _, _, _, err := when.FindTime(text); err == nil {
			t.Errorf("%q accepted", text)
		}
	}
	if _, _, found, _ := when.FindTime("no time here, 12 items"); found {
		t.Error("found a time in plain text")
	}
}

func TestMessages(t *testing.T) {
	t.Parallel()
	en, zh := when.Messages()
	ph := regexp.MustCompile(`\{[a-z]+\}`)
	for k, v := range en {
		z, ok := zh[k]
		a, b := ph.FindAllString(v, -1), ph.FindAllString(z, -1)
		slices.Sort(a)
		slices.Sort(b)
		if !ok || !slices.Equal(a, b) {
			t.Errorf("%s: zh missing or placeholders differ", k)
		}
	}
	if len(en) != len(zh) {
		t.Error("en and zh differ in size")
	}
}

func FuzzFindSpan(f *testing.F) {
	for _, s := range []string{"请假 年假 12月1日到3日 回老家", "leave sick tomorrow afternoon", "dec 30 - jan 2", "2月30日", "下周二到周五上午", "1号到3号", "from dec 1 to dec 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, dir := range []when.Direction{when.Future, when.Past} {
			span, _, found, err := when.FindSpan(s, wed, dir)
			if err != nil || !found {
				continue
			}
			if !span.From.Valid() || !span.To.Valid() || span.To.Before(span.From) {
				t.Fatalf("%q: bad span %+v", s, span)
			}
		}
	})
}

func FuzzFindTime(f *testing.F) {
	for _, s := range []string{"8:55", "晚上8点半", "8.55pm", "12am", "上班 08:55 忘记打卡"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, _, found, err := when.FindTime(s)
		if err == nil && found && (m < 0 || m >= 24*60) {
			t.Fatalf("%q: minute %d", s, m)
		}
	})
}

func TestFindClock(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text       string
		start, end int
		rest       string
	}{
		{"leave personal dec 9 3-5pm dentist", 15 * 60, 17 * 60, "leave personal dec 9 dentist"},
		{"3pm-5pm", 15 * 60, 17 * 60, ""},
		{"15:00-17:00", 15 * 60, 17 * 60, ""},
		{"15:00 到 17:00", 15 * 60, 17 * 60, ""},
		{"请假 事假 12月24日 下午3点到5点 办签证", 15 * 60, 17 * 60, "请假 事假 12月24日 办签证"},
		{"下午三点到五点", 15 * 60, 17 * 60, ""},
		{"三点到五点", 3 * 60, 5 * 60, ""},
		{"9:30-11am", 9*60 + 30, 11 * 60, ""},
		{"from 9am to 1pm", 9 * 60, 13 * 60, ""},
		{"11-12pm", 11 * 60, 12 * 60, ""},
		{"上午10点到12点", 10 * 60, 12 * 60, ""},
		{"晚上8点到10点", 20 * 60, 22 * 60, ""},
		{"cover 12-05 22:00-06:00", 22 * 60, 6 * 60, "cover 12-05"},
		{"１５：００－１７：００", 15 * 60, 17 * 60, ""},
	}
	for _, c := range cases {
		got, rest, found, err := when.FindClock(c.text)
		if err != nil || !found || got.Start != c.start || got.End != c.end || rest != c.rest {
			t.Errorf("%q: %+v %q found %v err %v; want %d-%d %q", c.text, got, rest, found, err, c.start, c.end, c.rest)
		}
	}
	for _, text := range []string{"dec 1-3", "12-24", "1号到3号", "请假 明天", "room 3-5", "早一点到"} {
		if got, _, found, err := when.FindClock(text); found || err != nil {
			t.Errorf("%q: found %+v err %v", text, got, err)
		}
	}
	if _, _, _, err := when.FindClock("25:00-26:00"); err == nil {
		t.Error("25:00 accepted")
	}
}

func TestFindDuration(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text    string
		minutes int
		rest    string
	}{
		{"请假 事假 明天 两个小时 看病", 120, "请假 事假 明天 看病"},
		{"一个半小时", 90, ""},
		{"半小时", 30, ""},
		{"3小时", 180, ""},
		{"leave personal tomorrow 2 hours bank", 120, "leave personal tomorrow bank"},
		{"2h", 120, ""},
		{"1.5 hrs", 90, ""},
		{"an hour", 60, ""},
		{"half an hour", 30, ""},
	}
	for _, c := range cases {
		got, rest, found := when.FindDuration(c.text)
		if !found || got != c.minutes || rest != c.rest {
			t.Errorf("%q: %d %q found %v; want %d %q", c.text, got, rest, found, c.minutes, c.rest)
		}
	}
	for _, text := range []string{"小时工", "leave tomorrow", "hourly", "8h30 shift"} {
		if got, _, found := when.FindDuration(text); found {
			t.Errorf("%q: found %d", text, got)
		}
	}
}
