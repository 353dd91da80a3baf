package payroll

import (
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
)

// A shop on 09:00–18:00 with an hour's break, Monday to Friday, in
// Shanghai; December 2026 starts on a Tuesday.
func shopSetup() *attendance.Setup {
	org := core.Org{ID: 1, Key: "shop", TimeZone: "Asia/Shanghai"}
	return attendance.NewSetup(org, attendance.DefaultPolicy(), nil, nil, nil, nil, nil)
}

func at(setup *attendance.Setup, d core.Date, hhmm string) time.Time {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		panic(err)
	}
	return d.At(t.Hour()*60+t.Minute(), setup.Location)
}

func day(n int) core.Date { return core.NewDate(2026, time.December, n) }

// record is what attendance keeps for a day worked from in to out, with
// the overtime it recorded.
func record(setup *attendance.Setup, d core.Date, in, out string, worked, overtime int, flags ...string) attendance.Record {
	return attendance.Record{
		WorkDate: d, DayKind: calendar.Workday, PlannedStart: at(setup, d, "09:00"), PlannedEnd: at(setup, d, "18:00"), BreakMinutes: 60,
		CheckIn: at(setup, d, in), CheckOut: at(setup, d, out), WorkedMinutes: worked,
		OvertimeMinutes: overtime, OvertimeKind: attendance.OvertimeWorkday, Flags: flags,
	}
}

func TestCountMonth(t *testing.T) {
	setup := shopSetup()
	zhao := core.Employee{ID: 7, Key: "zhao"}
	from, to := day(1), day(31)
	endOfMonth := at(setup, day(31), "23:00")

	t.Run("CheckInAndOutAfterTheShiftPaysNoOvertimeAndIsOneAbsence", func(t *testing.T) {
		// The trial: Zhao (09:00–18:00) checks in and out at 19:49 on the
		// 2nd; attendance records 0 minutes worked and 1 h 49 min of
		// overtime, and the check-in is far past the absence threshold.
		recs := []attendance.Record{record(setup, day(2), "19:49", "19:49", 0, 109, attendance.FlagAbsentLate)}
		m := countMonth(setup, zhao, from, to, day(2), at(setup, day(2), "20:00"), recs, nil)
		if got := m.overtime[attendance.OvertimeWorkday]; got != 0 {
			t.Errorf("overtime paid for time not worked: %d min", got)
		}
		if !slices.Equal(m.absent, []core.Date{day(2)}) {
			t.Errorf("absent %v, want the 2nd", m.absent)
		}
		if m.unpaid != 109 {
			t.Errorf("unpaid overtime %d, want the 109 min recorded", m.unpaid)
		}
	})

	t.Run("AnAbsentDayPaysNoOvertimeEvenWhenWorkedLong", func(t *testing.T) {
		// In at 12:00 (beyond the threshold: absent), out at 23:00.
		recs := []attendance.Record{record(setup, day(3), "12:00", "23:00", 600, 300, attendance.FlagAbsentLate)}
		m := countMonth(setup, zhao, from, to, from, endOfMonth, recs, nil)
		if len(m.overtime) != 0 || !slices.Contains(m.absent, day(3)) {
			t.Errorf("the 3rd is both: overtime %v, absent %v", m.overtime, m.absent)
		}
	})

	t.Run("OvertimeOnlyBeyondThePlan", func(t *testing.T) {
		recs := []attendance.Record{
			record(setup, day(2), "09:00", "20:00", 600, 120), // 2 h beyond 8: 120
			record(setup, day(3), "10:00", "19:00", 480, 60),  // an hour late, an hour later: 0
			record(setup, day(4), "09:30", "20:00", 570, 120), // 1.5 h beyond 8: 90
		}
		m := countMonth(setup, zhao, from, to, day(2), at(setup, day(4), "21:00"), recs, nil)
		if got := m.overtime[attendance.OvertimeWorkday]; got != 210 {
			t.Errorf("workday overtime %d min, want 120 + 0 + 90", got)
		}
		if m.unpaid != 90 || len(m.absent) != 0 {
			t.Errorf("unpaid %d, absent %v", m.unpaid, m.absent)
		}
	})

	t.Run("RestDayOvertimeIsTheTimeWorked", func(t *testing.T) {
		sat := day(5)
		r := attendance.Record{WorkDate: sat, DayKind: calendar.RestDay, CheckIn: at(setup, sat, "10:00"), CheckOut: at(setup, sat, "10:00"),
			WorkedMinutes: 0, OvertimeMinutes: 60, OvertimeKind: attendance.OvertimeRestDay}
		m := countMonth(setup, zhao, from, to, from, endOfMonth, []attendance.Record{r}, nil)
		if got := m.overtime[attendance.OvertimeRestDay]; got != 0 {
			t.Errorf("rest-day overtime paid for no time worked: %d", got)
		}
	})

	t.Run("NoAbsenceBeforeFirstDayOrAfterToday", func(t *testing.T) {
		// Live (or hired) on the 14th, drafted on the 16th at 10:00, before
		// the day's absence threshold (11:00): only the 14th and 15th count.
		m := countMonth(setup, zhao, from, to, day(14), at(setup, day(16), "10:00"), nil, nil)
		if !slices.Equal(m.absent, []core.Date{day(14), day(15)}) {
			t.Errorf("absent %v, want the 14th and 15th only", m.absent)
		}
		if m.planned != 3 || m.punched != 0 {
			t.Errorf("planned %d punched %d, want 3 and 0", m.planned, m.punched)
		}
	})

	t.Run("LeaveIsNoAbsence", func(t *testing.T) {
		leave := map[core.Date]bool{day(2): true, day(3): true}
		m := countMonth(setup, zhao, from, to, from, at(setup, day(3), "23:00"), nil, leave)
		if !slices.Equal(m.absent, []core.Date{day(1)}) {
			t.Errorf("absent %v, want the 1st only", m.absent)
		}
	})

	t.Run("LateOnlyOnDaysThatAreNotAbsences", func(t *testing.T) {
		late := record(setup, day(2), "09:20", "18:00", 460, 0)
		late.LateMinutes = 20
		beyond := record(setup, day(3), "12:00", "18:00", 300, 0, attendance.FlagAbsentLate)
		beyond.LateMinutes = 180
		m := countMonth(setup, zhao, from, to, day(2), at(setup, day(3), "23:00"), []attendance.Record{late, beyond}, nil)
		if m.late != 1 || !slices.Equal(m.absent, []core.Date{day(3)}) {
			t.Errorf("late %d absent %v, want 1 late (the 2nd) and the 3rd absent", m.late, m.absent)
		}
	})
}

func TestBlockers(t *testing.T) {
	org := core.Org{TimeZone: "Asia/Shanghai"}
	slip := func(key, net string) Slip {
		s := Slip{Key: key}
		s.Net = mustDecimal(net)
		return s
	}
	// 1 December 01:00 in Shanghai is still 30 November in UTC: the zone decides.
	late := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)
	run := Run{Period: "2026-11", DraftedAt: late, Slips: []Slip{slip("a", "10.00"), slip("b", "0.00")}}
	if b := run.Blockers(org); len(b) != 0 {
		t.Errorf("a finished month with no negative net: %+v", b)
	}
	run.DraftedAt = late.Add(-2 * time.Hour) // 30 November, 23:00 in Shanghai
	run.Slips = append(run.Slips, slip("c", "-0.01"))
	b := run.Blockers(org)
	if len(b) != 2 || b[0].Code != WarnUnfinished || b[1].Code != WarnNegativeNet || b[1].Person != "c" || b[1].Params["net"] != "-0.01" {
		t.Errorf("blockers %+v, want unfinished and c's negative net", b)
	}
}

func mustDecimal(s string) decimal.Decimal { return decimal.RequireFromString(s) }
