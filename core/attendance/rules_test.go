package attendance

import (
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/calendar"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// testSetup is a shop in Shanghai with a morning and an overnight shift,
// an A/B rotation and China's National Day week with its make-up Saturday.
func testSetup() *Setup {
	org := core.Org{ID: 1, Key: "shop", TimeZone: "Asia/Shanghai", ConfigVersion: 1}
	pol := DefaultPolicy()
	shifts := []Shift{
		{Key: "morning", Name: "Morning", Start: 9 * 60, End: 18 * 60, BreakMinutes: 60},
		{Key: "evening", Name: "Evening", Start: 14 * 60, End: 23 * 60, BreakMinutes: 60},
		{Key: "night", Name: "Night", Start: 22 * 60, End: 6 * 60, BreakMinutes: 30},
	}
	schedules := []Schedule{
		{Key: "ab", Kind: ScheduleWeekly, Start: core.NewDate(2026, 11, 2), WorkHolidays: true, Pattern: []string{
			"morning", "morning", "morning", "morning", "morning", "", "",
			"evening", "evening", "evening", "evening", "evening", "", "",
		}},
		{Key: "nights", Kind: ScheduleCycle, Start: core.NewDate(2026, 11, 1), Pattern: []string{"night", "night", "", ""}},
	}
	days := []calendar.Entry{
		{Date: core.NewDate(2026, 10, 1), Holiday: true, Name: "国庆节", Statutory: true},
		{Date: core.NewDate(2026, 10, 5), Holiday: true, Name: "国庆节"},
		{Date: core.NewDate(2026, 10, 10), Holiday: false, Name: "国庆节调休上班"},
	}
	overrides := []ShiftOverride{{Employee: "amy", Date: core.NewDate(2026, 11, 25), Shift: "evening"}}
	return NewSetup(org, pol, shifts, schedules, overrides, nil, days)
}

func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, shanghai)
}

func TestPlanFor(t *testing.T) {
	t.Parallel()
	s := testSetup()
	office := core.Employee{Key: "olga"}
	teamA := core.Employee{Key: "amy", ScheduleKey: "ab"}
	teamB := core.Employee{Key: "bea", ScheduleKey: "ab", RotationOffset: 1}
	nights := core.Employee{Key: "nick", ScheduleKey: "nights"}
	cases := []struct {
		name    string
		e       core.Employee
		date    core.Date
		working bool
		shift   string
		start   time.Time
		end     time.Time
	}{
		{"OfficeWeekday", office, core.NewDate(2026, 11, 24), true, "", at(2026, 11, 24, 9, 0), at(2026, 11, 24, 18, 0)},
		{"OfficeSaturday", office, core.NewDate(2026, 11, 28), false, "", time.Time{}, time.Time{}},
		{"OfficeHoliday", office, core.NewDate(2026, 10, 1), false, "", time.Time{}, time.Time{}},
		{"OfficeMakeupSaturday", office, core.NewDate(2026, 10, 10), true, "", at(2026, 10, 10, 9, 0), at(2026, 10, 10, 18, 0)},
		{"TeamAWeek1", teamA, core.NewDate(2026, 11, 3), true, "morning", at(2026, 11, 3, 9, 0), at(2026, 11, 3, 18, 0)},
		{"TeamAWeek2", teamA, core.NewDate(2026, 11, 10), true, "evening", at(2026, 11, 10, 14, 0), at(2026, 11, 10, 23, 0)},
		{"TeamBWeek1", teamB, core.NewDate(2026, 11, 3), true, "evening", at(2026, 11, 3, 14, 0), at(2026, 11, 3, 23, 0)},
		{"TeamBBeforeStart", teamB, core.NewDate(2026, 10, 27), true, "morning", at(2026, 10, 27, 9, 0), at(2026, 10, 27, 18, 0)},
		{"RotationWeekend", teamA, core.NewDate(2026, 11, 8), false, "", time.Time{}, time.Time{}},
		{"RotationWorksHoliday", teamA, core.NewDate(2026, 10, 1), true, "evening", at(2026, 10, 1, 14, 0), at(2026, 10, 1, 23, 0)},
		{"Override", teamA, core.NewDate(2026, 11, 25), true, "evening", at(2026, 11, 25, 14, 0), at(2026, 11, 25, 23, 0)},
		{"NightCrossesMidnight", nights, core.NewDate(2026, 11, 2), true, "night", at(2026, 11, 2, 22, 0), at(2026, 11, 3, 6, 0)},
		{"CycleOff", nights, core.NewDate(2026, 11, 3), false, "", time.Time{}, time.Time{}},
		{"CycleRepeats", nights, core.NewDate(2026, 11, 5), true, "night", at(2026, 11, 5, 22, 0), at(2026, 11, 6, 6, 0)},
		{"NightsOffOnHoliday", nights, core.NewDate(2026, 10, 1), false, "", time.Time{}, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := s.PlanFor(c.e, c.date)
			if p.Working != c.working || p.Shift.Key != c.shift || !p.Start.Equal(c.start) || !p.End.Equal(c.end) {
				t.Errorf("got working=%v shift=%q %v–%v", p.Working, p.Shift.Key, p.Start, p.End)
			}
		})
	}
}

func TestPlanForPunch(t *testing.T) {
	t.Parallel()
	s := testSetup()
	nights := core.Employee{Key: "nick", ScheduleKey: "nights"}
	// 02:00 on the 3rd is still the night shift of the 2nd.
	if p, early := s.planForPunch(nights, at(2026, 11, 3, 2, 0)); p.Date != core.NewDate(2026, 11, 2) || early {
		t.Errorf("overnight punch: %v early=%v", p.Date, early)
	}
	office := core.Employee{Key: "olga"}
	if _, early := s.planForPunch(office, at(2026, 11, 24, 6, 30)); !early {
		t.Error("06:30 for a 09:00 start should be too early")
	}
	if p, early := s.planForPunch(office, at(2026, 11, 24, 7, 0)); early || p.Date != core.NewDate(2026, 11, 24) {
		t.Error("07:00 opens the 09:00 shift")
	}
	// The server's own zone must not matter: the same instant seen from UTC.
	if p, _ := s.planForPunch(office, at(2026, 11, 24, 8, 0).UTC()); p.Date != core.NewDate(2026, 11, 24) {
		t.Errorf("UTC instant judged on %v", p.Date)
	}
}

func TestJudge(t *testing.T) {
	t.Parallel()
	s := testSetup()
	pol := s.Policy
	office := core.Employee{Key: "olga"}
	day := s.PlanFor(office, core.NewDate(2026, 11, 24))
	holidayShift := s.PlanFor(core.Employee{Key: "amy", ScheduleKey: "ab"}, core.NewDate(2026, 10, 1))
	dayOff := s.PlanFor(office, core.NewDate(2026, 11, 28))
	night := s.PlanFor(core.Employee{Key: "nick", ScheduleKey: "nights"}, core.NewDate(2026, 11, 2))

	lateCases := []struct {
		name string
		in   time.Time
		late int
	}{
		{"Early", at(2026, 11, 24, 8, 40), 0},
		{"OnTheDot", at(2026, 11, 24, 9, 0), 0},
		{"LastGraceMinute", at(2026, 11, 24, 9, 5), 0},
		{"GraceSecondsDoNotCount", at(2026, 11, 24, 9, 5).Add(59 * time.Second), 0},
		{"FirstMinuteLate", at(2026, 11, 24, 9, 6), 6},
		{"Late12", at(2026, 11, 24, 9, 12), 12},
	}
	for _, c := range lateCases {
		if got := judgeCheckIn(pol, day, c.in); got != c.late {
			t.Errorf("%s: late %d, want %d", c.name, got, c.late)
		}
	}
	if got := judgeCheckIn(pol, dayOff, at(2026, 11, 28, 11, 0)); got != 0 {
		t.Errorf("day off: late %d", got)
	}

	outCases := []struct {
		name                    string
		plan                    Plan
		in, out                 time.Time
		worked, early, overtime int
		kind                    OvertimeKind
	}{
		{"Normal", day, at(2026, 11, 24, 9, 0), at(2026, 11, 24, 18, 0), 480, 0, 0, OvertimeNone},
		{"EarlyLeave", day, at(2026, 11, 24, 9, 0), at(2026, 11, 24, 17, 30), 450, 30, 0, OvertimeNone},
		{"OvertimeBelowMinimum", day, at(2026, 11, 24, 9, 0), at(2026, 11, 24, 18, 29), 509, 0, 0, OvertimeNone},
		{"OvertimeAtMinimum", day, at(2026, 11, 24, 9, 0), at(2026, 11, 24, 18, 30), 510, 0, 30, OvertimeWorkday},
		{"RestDay", dayOff, at(2026, 11, 28, 10, 0), at(2026, 11, 28, 15, 0), 240, 0, 240, OvertimeRestDay},
		{"ShortRestDayStint", dayOff, at(2026, 11, 28, 10, 0), at(2026, 11, 28, 10, 20), 20, 0, 0, OvertimeNone},
		{"StatutoryHolidayShift", holidayShift, at(2026, 10, 1, 14, 0), at(2026, 10, 1, 23, 0), 480, 0, 480, OvertimeHoliday},
		{"OvernightOvertime", night, at(2026, 11, 2, 22, 0), at(2026, 11, 3, 7, 0), 510, 0, 60, OvertimeWorkday},
		// Overtime is time worked after the end, never the time since it.
		{"InAndOutAfterEnd", day, at(2026, 11, 24, 19, 48), at(2026, 11, 24, 19, 49), 1, 0, 0, OvertimeNone},
		{"StartedAfterEnd", day, at(2026, 11, 24, 19, 0), at(2026, 11, 24, 19, 49), 49, 0, 49, OvertimeWorkday},
		{"OvertimeNotMoreThanWorked", day, at(2026, 11, 24, 17, 30), at(2026, 11, 24, 20, 0), 90, 0, 90, OvertimeWorkday},
	}
	for _, c := range outCases {
		o := judgeCheckOut(pol, c.plan, c.in, c.out)
		if o.worked != c.worked || o.early != c.early || o.overtime != c.overtime || o.kind != c.kind {
			t.Errorf("%s: got worked %d early %d overtime %d %q; want %d %d %d %q", c.name,
				o.worked, o.early, o.overtime, o.kind, c.worked, c.early, c.overtime, c.kind)
		}
	}
}

func TestGeofence(t *testing.T) {
	t.Parallel()
	hq := Site{Key: "hq", Name: "HQ", Lat: 30.2741, Lon: 120.1551, RadiusM: 300}
	inside := &Location{Lat: 30.2750, Lon: 120.1560}  // ~130 m away
	outside := &Location{Lat: 30.2900, Lon: 120.1551} // ~1.8 km away
	for _, c := range []struct {
		name string
		mode GeofenceMode
		at   *Location
		flag string
		key  string
	}{
		{"OffIgnoresDistance", GeofenceOff, outside, "", ""},
		{"FlagInside", GeofenceFlag, inside, "", ""},
		{"FlagOutside", GeofenceFlag, outside, FlagOutsideSite, ""},
		{"FlagNoLocation", GeofenceFlag, nil, FlagNoLocation, ""},
		{"RefuseInside", GeofenceRefuse, inside, "", ""},
		{"RefuseOutside", GeofenceRefuse, outside, "", "att.outside_site"},
		{"RefuseNoLocation", GeofenceRefuse, nil, "", "att.location_required"},
	} {
		pol := DefaultPolicy()
		pol.Geofence = c.mode
		flag, err := checkSite(pol, []Site{hq}, c.at)
		e, _ := core.AsError(err)
		if flag != c.flag || (c.key == "" && err != nil) || (c.key != "" && (e == nil || e.Key != c.key)) {
			t.Errorf("%s: flag %q err %v", c.name, flag, err)
		}
		if c.name == "RefuseOutside" && e != nil && e.Args["distance"] != "1.8 km" {
			t.Errorf("distance shown as %q", e.Args["distance"])
		}
	}
}
