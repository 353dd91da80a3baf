package bot

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Interview times as hiring managers type them, read on Wednesday 25
// November 2026 in Shanghai: dates (today when none), times, lengths and
// places; what cannot be read is an error naming the words.
func TestParseSlots(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	today := core.NewDate(2026, 11, 25)
	cases := []struct {
		text   string
		want   []string // start|minutes|place
		errKey string
	}{
		{text: "12-08 14:00, 12-09 10:30 @ 杭州办公室", want: []string{"2026-12-08 14:00|0|杭州办公室", "2026-12-09 10:30|0|杭州办公室"}},
		{text: "tomorrow 15:00; fri 10:00 video", want: []string{"2026-11-26 15:00|0|video", "2026-11-27 10:00|0|video"}},
		{text: "明天下午3点 45分钟，下周二 10:00 1小时 会议室A", want: []string{"2026-11-26 15:00|45|会议室A", "2026-12-01 10:00|60|会议室A"}},
		{text: "friday at 3pm in room 2", want: []string{"2026-11-27 15:00|0|room 2"}},
		{text: "18:30 @ 杭州市, 西湖区 文三路", want: []string{"2026-11-25 18:30|0|杭州市, 西湖区 文三路"}},
		{text: "2026-12-08 14:00 90 min @ https://meet.example/abc\n2026-12-08 16:00", want: []string{
			"2026-12-08 14:00|90|https://meet.example/abc", "2026-12-08 16:00|0|https://meet.example/abc"}},
		{text: "next week 14:00", errKey: "recruiting.slot_unread"},
		{text: "12-08", errKey: "recruiting.slot_unread"},
		{text: "12-08 14:00 or 12-09 10:30", errKey: "recruiting.slot_unread"},
		{text: "whenever", errKey: "recruiting.slot_unread"},
		{text: "12-08 25:00", errKey: "when.impossible_time"},
	}
	for _, c := range cases {
		asks, err := parseSlots(c.text, today, loc)
		if c.errKey != "" {
			if e, ok := core.AsError(err); !ok || e.Key != c.errKey {
				t.Errorf("%q: %v, want %s", c.text, err, c.errKey)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		var got []string
		for _, a := range asks {
			got = append(got, a.Start.In(loc).Format("2006-01-02 15:04")+"|"+strconv.Itoa(a.Minutes)+"|"+a.Place)
		}
		if strings.Join(got, ";") != strings.Join(c.want, ";") {
			t.Errorf("%q:\n got %v\nwant %v", c.text, got, c.want)
		}
	}
}

// Offers as typed: pay and how it is counted, the start date, a team and
// a manager by place or by name.
func TestParseOffer(t *testing.T) {
	t.Parallel()
	today := core.NewDate(2026, 11, 25)
	cases := []struct {
		text   string
		want   string // salary|kind|date|team|manager
		errKey string
	}{
		{text: "5500 2027-01-04", want: "5500|monthly|2027-01-04||"},
		{text: "月薪 5500 1月4日 cs wang", want: "5500|monthly|2027-01-04|cs|wang"},
		{text: "月薪5,500元 下周一 上级=boss", want: "5500|monthly|2026-11-30||boss"},
		{text: "hourly 25.5 2026-12-01 team=ops", want: "25.5|hourly|2026-12-01|ops|"},
		{text: "12.5/h 2026-12-01", want: "12.5|hourly|2026-12-01||"},
		{text: "¥6000/月 from next monday", want: "6000|monthly|2026-11-30||"},
		{text: "25 2026-12-01", errKey: "recruiting.offer_pay_unclear"},
		{text: "5500", errKey: "recruiting.offer_unread"},
		{text: "2027-01-04", errKey: "recruiting.offer_unread"},
		{text: "5500 next week", errKey: "recruiting.offer_unread"},
		{text: "5500 2027-01-04 cs wang extra", errKey: "recruiting.offer_unread"},
	}
	for _, c := range cases {
		ask, err := parseOffer(c.text, today)
		if c.errKey != "" {
			if e, ok := core.AsError(err); !ok || e.Key != c.errKey {
				t.Errorf("%q: %v, want %s", c.text, err, c.errKey)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		got := strings.Join([]string{ask.Salary.String(), ask.PayKind, ask.StartDate.String(), ask.Team, ask.Manager}, "|")
		if got != c.want {
			t.Errorf("%q: got %s, want %s", c.text, got, c.want)
		}
	}
}

// Counts typed in words reach the number reader as digits.
func TestNumberWords(t *testing.T) {
	for in, want := range map[string]string{"三年": "3年", "两年半": "2.5年", "十二": "12", "two years": "2 years", "3": "3",
		"一年多": "1年多", "about three": "about three", "a few": "a few"} {
		if got := numberWords(in); got != want {
			t.Errorf("numberWords(%q) = %q, want %q", in, got, want)
		}
	}
}
