package reminder_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/calendar"
	"github.com/hrbot/hrbot/core/reminder"
)

var (
	newYork  = mustLoad("America/New_York")
	shanghai = mustLoad("Asia/Shanghai")
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at returns a wall-clock time on a date in loc, as time.Date reads it.
func at(loc *time.Location, month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, loc)
}

// never is a lateAfter that makes nothing late.
const never = 1000 * time.Hour

// show formats occurrences as "2026-03-08 09:00 EDT send" for comparison.
func show(occ []reminder.Occurrence, loc *time.Location) []string {
	out := make([]string, len(occ))
	for i, o := range occ {
		skip := string(o.Skip)
		if o.Skip == reminder.Send {
			skip = "send"
		}
		out[i] = o.At.In(loc).Format("2006-01-02 15:04 MST") + " " + skip
	}
	return out
}

func mustDue(t *testing.T, r reminder.Rule, loc *time.Location, cal reminder.Calendar, shifts reminder.Shifts, late time.Duration, after, now time.Time, limit int) []reminder.Occurrence {
	t.Helper()
	occ, err := reminder.Due(r, loc, cal, shifts, late, after, now, limit)
	if err != nil {
		t.Fatalf("Due: %v", err)
	}
	return occ
}

func TestDueAcrossDST(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		spec       string
		after, now time.Time
		want       []string
	}{
		{"Daily0900SpringForward", "0 9 * * *", at(newYork, 3, 6, 12, 0), at(newYork, 3, 10, 12, 0), []string{
			"2026-03-07 09:00 EST send", "2026-03-08 09:00 EDT send", "2026-03-09 09:00 EDT send", "2026-03-10 09:00 EDT send"}},
		{"Daily0900FallBack", "0 9 * * *", at(newYork, 10, 30, 12, 0), at(newYork, 11, 3, 12, 0), []string{
			"2026-10-31 09:00 EDT send", "2026-11-01 09:00 EST send", "2026-11-02 09:00 EST send", "2026-11-03 09:00 EST send"}},
		// 02:30 does not exist on 8 March: cron skips it and so does Due.
		{"Daily0230SpringForwardSkipped", "30 2 * * *", at(newYork, 3, 7, 0, 0), at(newYork, 3, 9, 12, 0), []string{
			"2026-03-07 02:30 EST send", "2026-03-09 02:30 EDT send"}},
		// 02:xx happens once on 1 November, after the clocks went back.
		{"Daily0230FallBackOnce", "30 2 * * *", at(newYork, 10, 31, 12, 0), at(newYork, 11, 2, 12, 0), []string{
			"2026-11-01 02:30 EST send", "2026-11-02 02:30 EST send"}},
		{"Daily0130SpringForward", "30 1 * * *", at(newYork, 3, 7, 12, 0), at(newYork, 3, 9, 12, 0), []string{
			"2026-03-08 01:30 EST send", "2026-03-09 01:30 EDT send"}},
		// 01:30 happens twice on 1 November; cron fires at both, Due at the first.
		{"Daily0130FallBackOnce", "30 1 * * *", at(newYork, 10, 31, 12, 0), at(newYork, 11, 2, 12, 0), []string{
			"2026-11-01 01:30 EDT send", "2026-11-02 01:30 EST send"}},
		{"HourlySpringForward", "@hourly", at(newYork, 3, 8, 0, 30), at(newYork, 3, 8, 4, 30), []string{
			"2026-03-08 01:00 EST send", "2026-03-08 03:00 EDT send", "2026-03-08 04:00 EDT send"}},
		{"HourlyFallBack", "0 * * * *", at(newYork, 11, 1, 0, 30), time.Date(2026, 11, 1, 8, 30, 0, 0, time.UTC), []string{
			"2026-11-01 01:00 EDT send", "2026-11-01 02:00 EST send", "2026-11-01 03:00 EST send"}},
		// A caller that handled the first 01:30 and asks again after the
		// clocks went back does not get the repeat either.
		{"RepeatNotSeenLater", "30 1 * * *", time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := reminder.Rule{Key: "r", Kind: reminder.Custom, Cron: c.spec}
			got := show(mustDue(t, r, newYork, nil, nil, never, c.after, c.now, 100), newYork)
			if !slices.Equal(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestCronAcrossDST pins what robfig/cron itself does, which the package
// documentation describes and Due builds on.
func TestCronAcrossDST(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		spec string
		from time.Time
		want []string
	}{
		{"SkipsMissingTime", "30 2 * * *", at(newYork, 3, 7, 12, 0), []string{"2026-03-09 02:30 EDT", "2026-03-10 02:30 EDT"}},
		{"FiresRepeatedTimeTwice", "30 1 * * *", at(newYork, 10, 31, 12, 0), []string{"2026-11-01 01:30 EDT", "2026-11-01 01:30 EST"}},
		{"FiresAfterFallBackOnce", "30 2 * * *", at(newYork, 10, 31, 12, 0), []string{"2026-11-01 02:30 EST", "2026-11-02 02:30 EST"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, err := reminder.ParseCron(c.spec)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for x := s.Next(c.from); len(got) < len(c.want); x = s.Next(x) {
				got = append(got, x.Format("2006-01-02 15:04 MST"))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestDueWorkingDays(t *testing.T) {
	t.Parallel()
	// National Day 2026: Thursday 1 and Friday 2 October off, Saturday 10 worked.
	cal := calendar.New(nil, []calendar.Entry{
		{Date: core.NewDate(2026, 10, 1), Holiday: true, Name: "国庆节", Statutory: true},
		{Date: core.NewDate(2026, 10, 2), Holiday: true, Name: "国庆节", Statutory: true},
		{Date: core.NewDate(2026, 10, 10), Holiday: false, Name: "国庆节调休"},
	})
	cases := []struct {
		name        string
		spec        string
		workingOnly bool
		date        int // day of October 2026
		want        string
	}{
		{"OrdinaryWeekday", "30 9 * * *", true, 9, "send"},
		{"HolidayOnWeekday", "30 9 * * *", true, 1, "non_working_day"},
		{"SecondHoliday", "30 9 * * *", true, 2, "non_working_day"},
		{"MakeupSaturday", "30 9 * * *", true, 10, "send"},
		{"Sunday", "30 9 * * *", true, 11, "non_working_day"},
		{"HolidayWithoutWorkingDaysOnly", "30 9 * * *", false, 1, "send"},
		{"SundayWithoutWorkingDaysOnly", "30 9 * * *", false, 11, "send"},
		// The cron decides which days it fires on; the calendar only takes
		// days away. A Monday-to-Friday spec never fires on a make-up Saturday.
		{"WeekdaySpecMissesMakeupSaturday", "30 9 * * 1-5", true, 10, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := reminder.Rule{Key: "r", Kind: reminder.Digest, Cron: c.spec, WorkingDaysOnly: c.workingOnly}
			occ := mustDue(t, r, shanghai, cal, nil, never, at(shanghai, 10, c.date, 0, 0), at(shanghai, 10, c.date, 23, 59), 10)
			var got string
			switch len(occ) {
			case 0:
			case 1:
				if o := occ[0]; o.Date != core.NewDate(2026, 10, c.date) || o.Clock != -1 || !o.At.Equal(at(shanghai, 10, c.date, 9, 30)) {
					t.Errorf("occurrence %+v", o)
				}
				got = show(occ, shanghai)[0][len("2026-10-01 09:30 CST "):]
			default:
				t.Fatalf("got %q", show(occ, shanghai))
			}
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestDueCatchUp(t *testing.T) {
	t.Parallel()
	cal := calendar.New(nil, nil)
	cases := []struct {
		name       string
		spec       string
		after, now time.Time
		want       []string
	}{
		// Down from just after 09:00 to 12:30: only the 12:00 one is fresh.
		{"ThreeHoursDown", "0 * * * *", at(shanghai, 11, 2, 9, 0), at(shanghai, 11, 2, 12, 30), []string{
			"2026-11-02 10:00 CST late", "2026-11-02 11:00 CST late", "2026-11-02 12:00 CST send"}},
		// Exactly LateAfter old is still sent.
		{"Boundary", "0 * * * *", at(shanghai, 11, 2, 10, 0), at(shanghai, 11, 2, 13, 0), []string{
			"2026-11-02 11:00 CST late", "2026-11-02 12:00 CST send", "2026-11-02 13:00 CST send"}},
		{"NothingMissed", "0 * * * *", at(shanghai, 11, 2, 12, 0), at(shanghai, 11, 2, 12, 59), nil},
		// A rest day stays a rest day however late it is seen.
		{"NonWorkingWinsOverLate", "0 9 * * *", at(shanghai, 10, 31, 0, 0), at(shanghai, 11, 2, 9, 30), []string{
			"2026-10-31 09:00 CST non_working_day", "2026-11-01 09:00 CST non_working_day", "2026-11-02 09:00 CST send"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := reminder.Rule{Key: "r", Kind: reminder.Custom, Cron: c.spec, WorkingDaysOnly: true}
			got := show(mustDue(t, r, shanghai, cal, nil, time.Hour, c.after, c.now, 100), shanghai)
			if !slices.Equal(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// plan is a fake Shifts: the same starts and ends every day, plus extra
// ones on given dates.
func plan(starts, ends []int, extra map[core.Date][2][]int) reminder.Shifts {
	return func(d core.Date) ([]int, []int) {
		s, e := slices.Clone(starts), slices.Clone(ends)
		if x, ok := extra[d]; ok {
			s, e = append(s, x[0]...), append(e, x[1]...)
		}
		return s, e
	}
}

func TestDueShiftKinds(t *testing.T) {
	t.Parallel()
	nov := func(day int) core.Date { return core.NewDate(2026, 11, day) }
	// Day shifts 09:00–18:00 and 13:00–18:00 (reported twice, as two people
	// share them), and on 2 November a night shift 22:00–06:00.
	office := plan([]int{540, 780, 540}, []int{1080, 1080}, map[core.Date][2][]int{nov(2): {{1320}, {1800}}})
	// Someone starting at 00:10 on 3 November.
	early := plan(nil, nil, map[core.Date][2][]int{nov(3): {{10}, {490}}})
	type want struct {
		at    string
		date  core.Date
		clock int
	}
	cases := []struct {
		name       string
		kind       reminder.Kind
		offset     time.Duration
		shifts     reminder.Shifts
		loc        *time.Location
		after, now time.Time
		want       []want
	}{
		{"CheckIn", reminder.CheckIn, 15 * time.Minute, office, shanghai, at(shanghai, 11, 2, 0, 0), at(shanghai, 11, 2, 20, 0), []want{
			{"2026-11-02 08:45 CST", nov(2), 540}, {"2026-11-02 12:45 CST", nov(2), 780}}},
		{"Nudge", reminder.Nudge, 10 * time.Minute, office, shanghai, at(shanghai, 11, 2, 0, 0), at(shanghai, 11, 2, 20, 0), []want{
			{"2026-11-02 09:10 CST", nov(2), 540}, {"2026-11-02 13:10 CST", nov(2), 780}}},
		{"CheckOut", reminder.CheckOut, 0, office, shanghai, at(shanghai, 11, 2, 0, 0), at(shanghai, 11, 2, 20, 0), []want{
			{"2026-11-02 18:00 CST", nov(2), 1080}}},
		{"CheckInNight", reminder.CheckIn, 15 * time.Minute, office, shanghai, at(shanghai, 11, 2, 20, 0), at(shanghai, 11, 2, 23, 59), []want{
			{"2026-11-02 21:45 CST", nov(2), 1320}}},
		// The night shift of 2 November ends at 06:00 on the 3rd; the
		// reminder belongs to the 2nd.
		{"CheckOutOvernight", reminder.CheckOut, 0, office, shanghai, at(shanghai, 11, 3, 0, 0), at(shanghai, 11, 3, 12, 0), []want{
			{"2026-11-03 06:00 CST", nov(2), 1800}}},
		{"CheckOutOvernightLater", reminder.CheckOut, 30 * time.Minute, office, shanghai, at(shanghai, 11, 3, 0, 0), at(shanghai, 11, 3, 12, 0), []want{
			{"2026-11-03 06:30 CST", nov(2), 1800}}},
		// A check-in reminder for a shift just after midnight falls on the day before.
		{"CheckInBeforeMidnight", reminder.CheckIn, 15 * time.Minute, early, shanghai, at(shanghai, 11, 2, 23, 0), at(shanghai, 11, 2, 23, 59), []want{
			{"2026-11-02 23:55 CST", nov(3), 10}}},
		{"WindowIsHalfOpen", reminder.CheckIn, 15 * time.Minute, office, shanghai, at(shanghai, 11, 2, 8, 45), at(shanghai, 11, 2, 12, 45), []want{
			{"2026-11-02 12:45 CST", nov(2), 780}}},
		// Shift times are read as attendance reads planned times.
		{"NewYorkSpringForward", reminder.CheckIn, 15 * time.Minute, plan([]int{150, 540}, nil, nil), newYork,
			at(newYork, 3, 8, 0, 0), time.Date(2026, 3, 8, 14, 0, 0, 0, time.UTC), []want{
				{"2026-03-08 01:15 EST", core.NewDate(2026, 3, 8), 150}, {"2026-03-08 08:45 EDT", core.NewDate(2026, 3, 8), 540}}},
		{"NewYorkFallBack", reminder.Nudge, 10 * time.Minute, plan([]int{90, 540}, nil, nil), newYork,
			at(newYork, 11, 1, 0, 0), time.Date(2026, 11, 1, 15, 0, 0, 0, time.UTC), []want{
				{"2026-11-01 01:40 EDT", nov(1), 90}, {"2026-11-01 09:10 EST", nov(1), 540}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			// WorkingDaysOnly with no calendar: shift kinds ignore both.
			r := reminder.Rule{Key: "r", Kind: c.kind, Offset: c.offset, WorkingDaysOnly: true}
			occ := mustDue(t, r, c.loc, nil, c.shifts, never, c.after, c.now, 100)
			var got []want
			for _, o := range occ {
				if o.Skip != reminder.Send {
					t.Errorf("%+v not sent", o)
				}
				got = append(got, want{o.At.In(c.loc).Format("2006-01-02 15:04 MST"), o.Date, o.Clock})
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestDueShiftLate(t *testing.T) {
	t.Parallel()
	r := reminder.Rule{Key: "checkin", Kind: reminder.CheckIn, Offset: 15 * time.Minute}
	occ := mustDue(t, r, shanghai, nil, plan([]int{540, 780}, nil, nil), time.Hour, at(shanghai, 11, 2, 0, 0), at(shanghai, 11, 2, 13, 0), 10)
	got := show(occ, shanghai)
	want := []string{"2026-11-02 08:45 CST late", "2026-11-02 12:45 CST send"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDueLimit(t *testing.T) {
	t.Parallel()
	daily := plan([]int{540, 780}, nil, nil)
	cases := []struct {
		name       string
		rule       reminder.Rule
		after, now time.Time
		limit      int
		want       []string
	}{
		{"Cron", reminder.Rule{Key: "r", Kind: reminder.Custom, Cron: "0 * * * *"},
			at(shanghai, 11, 2, 0, 0), at(shanghai, 11, 2, 12, 0), 3, []string{
				"2026-11-02 01:00 CST", "2026-11-02 02:00 CST", "2026-11-02 03:00 CST"}},
		{"Shift", reminder.Rule{Key: "r", Kind: reminder.CheckIn, Offset: 15 * time.Minute},
			at(shanghai, 10, 1, 0, 0), at(shanghai, 11, 2, 12, 0), 3, []string{
				"2026-10-01 08:45 CST", "2026-10-01 12:45 CST", "2026-10-02 08:45 CST"}},
		{"ShiftOne", reminder.Rule{Key: "r", Kind: reminder.Nudge, Offset: 10 * time.Minute},
			at(shanghai, 10, 1, 0, 0), at(shanghai, 11, 2, 12, 0), 1, []string{"2026-10-01 09:10 CST"}},
		{"FewerThanLimit", reminder.Rule{Key: "r", Kind: reminder.CheckIn, Offset: 15 * time.Minute},
			at(shanghai, 11, 2, 0, 0), at(shanghai, 11, 2, 12, 0), 5, []string{
				"2026-11-02 08:45 CST"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			occ := mustDue(t, c.rule, shanghai, nil, daily, never, c.after, c.now, c.limit)
			var got []string
			for _, o := range occ {
				got = append(got, o.At.In(shanghai).Format("2006-01-02 15:04 MST"))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// Two shifts can end at the same instant: the night shift of 2 November at
// 30:00 and an early one of 3 November at 06:00. A limit never separates
// them, so a caller going on from the last At misses neither.
func TestDueLimitKeepsTies(t *testing.T) {
	t.Parallel()
	ends := plan(nil, nil, map[core.Date][2][]int{
		core.NewDate(2026, 11, 2): {{1320}, {1800}},
		core.NewDate(2026, 11, 3): {{0, 540}, {360, 1080}},
	})
	r := reminder.Rule{Key: "checkout", Kind: reminder.CheckOut}
	for _, limit := range []int{1, 2} {
		occ := mustDue(t, r, shanghai, nil, ends, never, at(shanghai, 11, 3, 0, 0), at(shanghai, 11, 3, 20, 0), limit)
		var got []string
		for _, o := range occ {
			got = append(got, fmt.Sprintf("%s %s %d", o.At.In(shanghai).Format("01-02 15:04"), o.Date, o.Clock))
		}
		want := []string{"11-03 06:00 2026-11-02 1800", "11-03 06:00 2026-11-03 360"}
		if !slices.Equal(got, want) {
			t.Errorf("limit %d: got %q, want %q", limit, got, want)
		}
	}
}

func TestDueErrors(t *testing.T) {
	t.Parallel()
	after, now := at(shanghai, 11, 2, 0, 0), at(shanghai, 11, 2, 12, 0)
	shifts := plan([]int{540}, nil, nil)
	cal := calendar.New(nil, nil)
	cases := []struct {
		name   string
		rule   reminder.Rule
		loc    *time.Location
		cal    reminder.Calendar
		shifts reminder.Shifts
		after  time.Time
		limit  int
		want   string
	}{
		{"BadCron", reminder.Rule{Key: "r", Kind: reminder.Custom, Cron: "every day"}, shanghai, cal, nil, after, 10, "reminder r: bad cron spec"},
		{"UnknownKind", reminder.Rule{Key: "r", Kind: "hourly", Cron: "@hourly"}, shanghai, cal, shifts, after, 10, `unknown kind "hourly"`},
		{"NoCalendar", reminder.Rule{Key: "r", Kind: reminder.Digest, Cron: "@daily", WorkingDaysOnly: true}, shanghai, nil, nil, after, 10, "no calendar"},
		{"NoShifts", reminder.Rule{Key: "r", Kind: reminder.Nudge}, shanghai, cal, nil, after, 10, "no shifts"},
		{"NegativeClock", reminder.Rule{Key: "r", Kind: reminder.Nudge}, shanghai, cal, plan([]int{-5}, nil, nil), after, 10, "before midnight"},
		{"NoZone", reminder.Rule{Key: "r", Kind: reminder.Custom, Cron: "@daily"}, nil, cal, nil, after, 10, "no time zone"},
		{"ZeroAfter", reminder.Rule{Key: "r", Kind: reminder.Custom, Cron: "@daily"}, shanghai, cal, nil, time.Time{}, 10, "zero time"},
		{"ZeroLimit", reminder.Rule{Key: "r", Kind: reminder.Custom, Cron: "@daily"}, shanghai, cal, nil, after, 0, "not positive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := reminder.Due(c.rule, c.loc, c.cal, c.shifts, time.Hour, c.after, now, c.limit)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestParseCron(t *testing.T) {
	t.Parallel()
	from := at(shanghai, 11, 2, 12, 0) // a Monday
	cases := []struct {
		spec string
		next string // the first time after from, or "error: " and part of the message
	}{
		{"30 9 * * 1-5", "2026-11-03 09:30"},
		{"0 18 * * sun", "2026-11-08 18:00"},
		{"  55 9 * * 1-5 ", "2026-11-03 09:55"},
		{"@hourly", "2026-11-02 13:00"},
		{"@daily", "2026-11-03 00:00"},
		{"@weekly", "2026-11-08 00:00"},
		{"@monthly", "2026-12-01 00:00"},
		{"@yearly", "2027-01-01 00:00"},
		{"0 0 29 2 *", "2028-02-29 00:00"},
		{"0 0 9 * * *", "error: expected exactly 5 fields, found 6"},
		{"9 * * *", "error: expected exactly 5 fields, found 4"},
		{"CRON_TZ=Asia/Shanghai 0 9 * * *", "error: leave out the TZ= prefix"},
		{"TZ=UTC 0 9 * * *", "error: leave out the TZ= prefix"},
		{"TZ=UTC", "error: leave out the TZ= prefix"},
		{"@every 5m", "error: @every is not allowed"},
		{"@fortnightly", "error: unrecognized descriptor"},
		{"garbage", "error: expected exactly 5 fields, found 1"},
		{"61 * * * *", "error: end of range (61) above maximum (59)"},
		{"0 9 * * mon-fry", "error: bad cron spec"},
		{"0 0 30 2 *", "error: never fires"},
		{"", "error: empty cron spec"},
	}
	for _, c := range cases {
		t.Run(c.spec, func(t *testing.T) {
			t.Parallel()
			s, err := reminder.ParseCron(c.spec)
			if want, ok := strings.CutPrefix(c.next, "error: "); ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("got %v, want an error containing %q", err, want)
				}
				if core.ErrorCodeOf(err) != core.EInvalid {
					t.Errorf("code %q, want invalid", core.ErrorCodeOf(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(from).Format("2006-01-02 15:04"); got != c.next {
				t.Errorf("next %s, want %s", got, c.next)
			}
		})
	}
}

func FuzzParseCron(f *testing.F) {
	for _, s := range []string{"30 9 * * 1-5", "@daily", "TZ= 0", "CRON_TZ=x", "*/0 * * * *", "0-59/7 1,2 L * ?", "@every 1s"} {
		f.Add(s)
	}
	from := at(shanghai, 11, 2, 12, 0)
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := reminder.ParseCron(spec)
		if err != nil {
			if core.ErrorCodeOf(err) != core.EInvalid {
				t.Fatalf("error %v is not invalid", err)
			}
			return
		}
		if _, every := s.(cron.ConstantDelaySchedule); every {
			t.Fatalf("%q accepted as an interval", spec)
		}
		if next := s.Next(from); next.Location() != shanghai || !next.After(from) {
			t.Fatalf("%q: next %v from %v", spec, next, from)
		}
	})
}
