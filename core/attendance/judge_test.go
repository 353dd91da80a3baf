package attendance

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
)

// The office (olga) works 09:00–18:00 with an hour's break; nick works
// nights, 22:00–06:00 with half an hour's break, on 1–2, 5–6 November… The
// policy: 5 minutes' grace, an absence from 120 minutes late, overtime
// from 30 minutes, check-in open 120 minutes before the shift.
var (
	office = core.Employee{ID: 1, Key: "olga"}
	nights = core.Employee{ID: 2, Key: "nick", ScheduleKey: "nights"}
)

func TestCheckInRecord(t *testing.T) {
	t.Parallel()
	s := testSetup()
	day := s.PlanFor(office, core.NewDate(2026, 11, 24))
	dayOff := s.PlanFor(office, core.NewDate(2026, 11, 28))
	night := s.PlanFor(nights, core.NewDate(2026, 11, 2))
	cases := []struct {
		name  string
		plan  Plan
		at    time.Time
		site  string
		late  int
		flags []string
	}{
		{"OnTime", day, at(2026, 11, 24, 9, 0), "", 0, nil},
		{"WithinGrace", day, at(2026, 11, 24, 9, 5), "", 0, nil},
		{"Late", day, at(2026, 11, 24, 9, 6), "", 6, nil},
		{"AtTheAbsenceLimitIsLate", day, at(2026, 11, 24, 11, 0), "", 120, nil},
		{"BeyondTheAbsenceLimitIsAnAbsence", day, at(2026, 11, 24, 11, 1), "", 121, []string{FlagAbsentLate}},
		{"DayOffIsNeverLate", dayOff, at(2026, 11, 28, 15, 0), "", 0, nil},
		{"NightShiftLate", night, at(2026, 11, 2, 22, 10), "", 10, nil},
		{"NightShiftAfterMidnight", night, at(2026, 11, 3, 0, 30), "", 150, []string{FlagAbsentLate}},
		{"SiteFlagFirst", day, at(2026, 11, 24, 11, 30), FlagOutsideSite, 150, []string{FlagOutsideSite, FlagAbsentLate}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := checkInRecord(s.Policy, 1, 7, c.plan, c.at, c.site)
			if r.LateMinutes != c.late || !slices.Equal(r.Flags, c.flags) {
				t.Errorf("late %d flags %v, want %d %v", r.LateMinutes, r.Flags, c.late, c.flags)
			}
			if r.WorkDate != c.plan.Date || !r.PlannedStart.Equal(c.plan.Start) || !r.PlannedEnd.Equal(c.plan.End) {
				t.Errorf("record of %v %v–%v, want the plan's %v %v–%v", r.WorkDate, r.PlannedStart, r.PlannedEnd, c.plan.Date, c.plan.Start, c.plan.End)
			}
		})
	}
}

func TestJudgeRecord(t *testing.T) {
	t.Parallel()
	s := testSetup()
	day := s.PlanFor(office, core.NewDate(2026, 11, 24))
	night := s.PlanFor(nights, core.NewDate(2026, 11, 2))
	cases := []struct {
		name                          string
		plan                          Plan
		in, out                       time.Time
		flags                         []string // before judging
		late, worked, early, overtime int
		kind                          OvertimeKind
		want                          []string // flags after
	}{
		{"CheckOutWithoutCheckIn", day, time.Time{}, at(2026, 11, 24, 18, 0), nil, 0, 0, 0, 0, OvertimeNone, []string{FlagMissingCheckIn}},
		{"OpenRecordIsOnlyLate", day, at(2026, 11, 24, 9, 30), time.Time{}, nil, 30, 0, 0, 0, OvertimeNone, nil},
		{"OvertimeOnlyAfterThePlannedEnd", day, at(2026, 11, 24, 10, 0), at(2026, 11, 24, 19, 0), nil, 60, 480, 0, 60, OvertimeWorkday, nil},
		{"EarlyLeave", day, at(2026, 11, 24, 9, 0), at(2026, 11, 24, 16, 0), nil, 0, 360, 120, 0, OvertimeNone, nil},
		// A check-in judged again at an earlier time is no longer an
		// absence, and a check-in found is no longer missing.
		{"JudgedAgainClearsOldFlags", day, at(2026, 11, 24, 9, 0), at(2026, 11, 24, 18, 0),
			[]string{FlagAbsentLate, FlagMissingCheckIn, FlagOutsideSite}, 0, 480, 0, 0, OvertimeNone, []string{FlagOutsideSite}},
		{"NightShiftAcrossMidnight", night, at(2026, 11, 2, 22, 0), at(2026, 11, 3, 6, 0), nil, 0, 450, 0, 0, OvertimeNone, nil},
		{"NightShiftLeftEarly", night, at(2026, 11, 2, 22, 0), at(2026, 11, 3, 5, 0), nil, 0, 390, 60, 0, OvertimeNone, nil},
		{"NightShiftOvertime", night, at(2026, 11, 2, 22, 0), at(2026, 11, 3, 6, 40), nil, 0, 490, 0, 40, OvertimeWorkday, nil},
		{"NightShiftCheckedInAfterMidnight", night, at(2026, 11, 3, 0, 30), at(2026, 11, 3, 6, 0), nil, 150, 300, 0, 0, OvertimeNone, []string{FlagAbsentLate}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Record{CheckIn: c.in, CheckOut: c.out, Flags: slices.Clone(c.flags)}
			judge(s.Policy, c.plan, &r)
			if r.LateMinutes != c.late || r.WorkedMinutes != c.worked || r.EarlyMinutes != c.early || r.OvertimeMinutes != c.overtime || r.OvertimeKind != c.kind {
				t.Errorf("late %d worked %d early %d overtime %d %q; want %d %d %d %d %q", r.LateMinutes, r.WorkedMinutes, r.EarlyMinutes,
					r.OvertimeMinutes, r.OvertimeKind, c.late, c.worked, c.early, c.overtime, c.kind)
			}
			if !slices.Equal(r.Flags, c.want) {
				t.Errorf("flags %v, want %v", r.Flags, c.want)
			}
		})
	}
}

func TestCorrected(t *testing.T) {
	t.Parallel()
	s := testSetup()
	d := core.NewDate(2026, 11, 24)
	t.Run("MissingCheckInAdded", func(t *testing.T) {
		r := Record{WorkDate: d, CheckOut: at(2026, 11, 24, 18, 0), Flags: []string{FlagMissingCheckIn}}
		got, err := corrected(s, office, Correction{WorkDate: d, Kind: FixCheckIn, At: at(2026, 11, 24, 8, 55)}, r)
		if err != nil {
			t.Fatal(err)
		}
		if got.WorkedMinutes != 485 || got.LateMinutes != 0 || !slices.Equal(got.Flags, []string{FlagCorrected}) {
			t.Errorf("worked %d late %d flags %v", got.WorkedMinutes, got.LateMinutes, got.Flags)
		}
		if !got.PlannedStart.Equal(at(2026, 11, 24, 9, 0)) || got.BreakMinutes != 60 {
			t.Errorf("planned %v break %d, want the day's plan", got.PlannedStart, got.BreakMinutes)
		}
	})
	t.Run("AutoClosedCheckOutFixed", func(t *testing.T) {
		r := Record{WorkDate: d, CheckIn: at(2026, 11, 24, 9, 0), CheckOut: at(2026, 11, 24, 22, 0), Flags: []string{FlagAutoClosed}}
		got, err := corrected(s, office, Correction{WorkDate: d, Kind: FixCheckOut, At: at(2026, 11, 24, 18, 0)}, r)
		if err != nil {
			t.Fatal(err)
		}
		if got.OvertimeMinutes != 0 || got.WorkedMinutes != 480 || !slices.Equal(got.Flags, []string{FlagCorrected}) {
			t.Errorf("overtime %d worked %d flags %v", got.OvertimeMinutes, got.WorkedMinutes, got.Flags)
		}
	})
	t.Run("CheckOutBeforeCheckInRefused", func(t *testing.T) {
		r := Record{WorkDate: d, CheckIn: at(2026, 11, 24, 9, 0)}
		_, err := corrected(s, office, Correction{WorkDate: d, Kind: FixCheckOut, At: at(2026, 11, 24, 8, 0)}, r)
		if e, ok := core.AsError(err); !ok || e.Key != "att.fix_order" {
			t.Errorf("err %v, want att.fix_order", err)
		}
	})
}

func TestSummarise(t *testing.T) {
	t.Parallel()
	s := testSetup()
	rec := func(day int, in, out time.Time, late int, flags ...string) Record {
		return Record{WorkDate: core.NewDate(2026, 11, day), CheckIn: in, CheckOut: out, LateMinutes: late, Flags: flags}
	}
	recs := []Record{
		rec(2, at(2026, 11, 2, 9, 0), at(2026, 11, 2, 18, 0), 0),
		rec(3, at(2026, 11, 3, 9, 20), at(2026, 11, 3, 18, 0), 20),
		rec(4, at(2026, 11, 4, 11, 30), at(2026, 11, 4, 18, 0), 150, FlagAbsentLate), // an absence, not a late arrival
		rec(6, time.Time{}, at(2026, 11, 6, 18, 0), 0, FlagMissingCheckIn),           // no check-in: absent, and flagged
		{WorkDate: core.NewDate(2026, 11, 7), CheckIn: at(2026, 11, 7, 10, 0), CheckOut: at(2026, 11, 7, 15, 0),
			OvertimeMinutes: 240, OvertimeKind: OvertimeRestDay}, // a Saturday worked
	}
	leave := map[core.Date]bool{core.NewDate(2026, 11, 9): true}
	// Tuesday the 10th at 10:00: the day has started but its absence limit
	// (11:00) has not passed; the days after it do not count yet.
	now := at(2026, 11, 10, 10, 0)
	sum := summarise(s, office, core.NewDate(2026, 11, 2), core.NewDate(2026, 11, 30), now, recs, leave)
	want := MonthSummary{PlannedDays: 6, WorkedDays: 4, LateCount: 1, LateMinutes: 20, AbsentDays: 3, LeaveDays: 1, Flagged: 1}
	if sum.PlannedDays != want.PlannedDays || sum.WorkedDays != want.WorkedDays || sum.LateCount != want.LateCount ||
		sum.LateMinutes != want.LateMinutes || sum.AbsentDays != want.AbsentDays || sum.LeaveDays != want.LeaveDays || sum.Flagged != want.Flagged {
		t.Errorf("got planned %d worked %d late %d (%d min) absent %d leave %d flagged %d; want %+v",
			sum.PlannedDays, sum.WorkedDays, sum.LateCount, sum.LateMinutes, sum.AbsentDays, sum.LeaveDays, sum.Flagged, want)
	}
	if sum.To != core.NewDate(2026, 11, 10) || sum.Overtime[OvertimeRestDay] != 240 {
		t.Errorf("to %v, rest-day overtime %d", sum.To, sum.Overtime[OvertimeRestDay])
	}
	// An hour later the 10th, still without a check-in, is an absence.
	if sum := summarise(s, office, core.NewDate(2026, 11, 2), core.NewDate(2026, 11, 30), now.Add(61*time.Minute), recs, leave); sum.AbsentDays != 4 {
		t.Errorf("after the absence limit: %d absent, want 4", sum.AbsentDays)
	}
}

func TestTodayStatus(t *testing.T) {
	t.Parallel()
	s := testSetup()
	day := s.PlanFor(office, core.NewDate(2026, 11, 24))
	dayOff := s.PlanFor(office, core.NewDate(2026, 11, 28))
	in := &Record{CheckIn: at(2026, 11, 24, 9, 0)}
	late := &Record{CheckIn: at(2026, 11, 24, 9, 30), LateMinutes: 30}
	out := &Record{CheckIn: at(2026, 11, 24, 9, 0), CheckOut: at(2026, 11, 24, 18, 0)}
	extra := &Record{CheckIn: at(2026, 11, 28, 10, 0)}
	cases := []struct {
		name string
		plan Plan
		rec  *Record
		now  time.Time
		want TodayStatus
	}{
		{"NotStarted", day, nil, at(2026, 11, 24, 8, 0), StatusNotYet},
		{"WithinTheAbsenceLimit", day, nil, at(2026, 11, 24, 11, 0), StatusNotYet},
		{"PastTheAbsenceLimit", day, nil, at(2026, 11, 24, 11, 1), StatusAbsent},
		{"In", day, in, at(2026, 11, 24, 12, 0), StatusIn},
		{"Late", day, late, at(2026, 11, 24, 12, 0), StatusLate},
		{"Out", day, out, at(2026, 11, 24, 19, 0), StatusOut},
		{"Off", dayOff, nil, at(2026, 11, 28, 12, 0), StatusOff},
		{"WorkingOnADayOff", dayOff, extra, at(2026, 11, 28, 12, 0), StatusExtra},
	}
	for _, c := range cases {
		if got := todayStatus(s.Policy, TodayEntry{Plan: c.plan, Record: c.rec}, c.now); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// fakeStore is the attendance store a check-in needs; any other call
// panics on the nil Store.
type fakeStore struct {
	Store
	findRecord    func(d core.Date) (Record, error)
	insertCheckIn func(r Record) (Record, bool, error)
	approver      core.Employee // 0 ID: nobody approves
	notes         []core.Notification
}

var _ Store = (*fakeStore)(nil)

func (f *fakeStore) Setup(context.Context, core.Org) (*Setup, error) { return testSetup(), nil }

func (f *fakeStore) FindRecord(_ context.Context, _, _ int64, d core.Date) (Record, error) {
	return f.findRecord(d)
}

func (f *fakeStore) InsertCheckIn(_ context.Context, r Record, _ core.AuditEntry, n core.Notification) (Record, bool, error) {
	if n.RecipientID != 0 {
		f.notes = append(f.notes, n)
	}
	return f.insertCheckIn(r)
}

func (f *fakeStore) FindApprover(context.Context, core.Employee) (core.Employee, error) {
	if f.approver.ID == 0 {
		return core.Employee{}, core.Errorf(core.ENotFound, "no_approver", "nobody approves")
	}
	return f.approver, nil
}

// allowAll is an Authorizer that refuses nothing.
type allowAll struct{}

func (allowAll) Authorize(context.Context, core.Member, core.Action, *core.Employee, string) error {
	return nil
}

func TestCheckIn(t *testing.T) {
	t.Parallel()
	org := core.Org{ID: 1, Key: "shop", TimeZone: "Asia/Shanghai", ConfigVersion: 1}
	notFound := func(core.Date) (Record, error) {
		return Record{}, core.Errorf(core.ENotFound, "att.no_record", "no record")
	}
	stored := func(r Record) (Record, bool, error) { return r, true, nil }
	checkIn := func(e core.Employee, now time.Time, st *fakeStore) (PunchResult, error) {
		s := NewService(st, allowAll{}, core.ClockFunc(func() time.Time { return now }))
		return s.CheckIn(context.Background(), core.Member{Org: org, Employee: e}, nil, time.Time{}, "test")
	}
	errKey := func(err error) string {
		if e, ok := core.AsError(err); ok {
			return e.Key
		}
		return ""
	}

	t.Run("TooEarly", func(t *testing.T) {
		_, err := checkIn(office, at(2026, 11, 24, 6, 30), &fakeStore{findRecord: notFound, insertCheckIn: stored})
		if errKey(err) != "att.too_early" {
			t.Errorf("err %v, want att.too_early", err)
		}
	})
	t.Run("AfterTheShiftIsRefused", func(t *testing.T) {
		// At 19:00 the 09:00–18:00 shift is over: nothing is stored and
		// nobody is "late by 600 min".
		st := &fakeStore{findRecord: notFound, insertCheckIn: func(r Record) (Record, bool, error) {
			t.Errorf("stored a check-in after the shift: %+v", r)
			return r, true, nil
		}}
		_, err := checkIn(office, at(2026, 11, 24, 19, 0), st)
		if errKey(err) != "att.shift_over" {
			t.Errorf("err %v, want att.shift_over", err)
		}
	})
	t.Run("AfterTheShiftKeepsTheCheckInMade", func(t *testing.T) {
		made := Record{WorkDate: core.NewDate(2026, 11, 24), CheckIn: at(2026, 11, 24, 8, 58)}
		st := &fakeStore{findRecord: func(core.Date) (Record, error) { return made, nil }}
		res, err := checkIn(office, at(2026, 11, 24, 19, 0), st)
		if err != nil || !res.Already || !res.Record.CheckIn.Equal(made.CheckIn) {
			t.Errorf("result %+v err %v, want the morning's check-in again", res, err)
		}
	})
	t.Run("NightShiftAfterMidnightBelongsToYesterday", func(t *testing.T) {
		res, err := checkIn(nights, at(2026, 11, 3, 0, 30), &fakeStore{findRecord: notFound, insertCheckIn: stored})
		if err != nil {
			t.Fatal(err)
		}
		r := res.Record
		if r.WorkDate != core.NewDate(2026, 11, 2) || r.LateMinutes != 150 || !r.Has(FlagAbsentLate) {
			t.Errorf("record of %v late %d flags %v, want the 2nd's night shift, 150 min late, an absence", r.WorkDate, r.LateMinutes, r.Flags)
		}
	})
	t.Run("LateCheckIn", func(t *testing.T) {
		res, err := checkIn(office, at(2026, 11, 24, 9, 20), &fakeStore{findRecord: notFound, insertCheckIn: stored})
		if err != nil || res.Record.LateMinutes != 20 || res.Record.Has(FlagAbsentLate) || res.AbsentAfter != 120 {
			t.Errorf("result %+v err %v, want 20 min late and no absence", res.Record, err)
		}
	})
}
