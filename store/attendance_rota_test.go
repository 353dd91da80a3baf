package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
	"github.com/hrbot/hrbot/store"
)

// rotaYAML is a shop of two teams in October 2026: the cs team works a
// weekly schedule of early shifts, ops the standard hours; 1 October is a
// public holiday, Saturday 10 October a make-up working day.
const rotaYAML = `
orgs:
  - key: rota
    name: Rota Shop
    time_zone: Asia/Shanghai
    go_live: 2026-09-01
    calendar:
      holidays:
        - {date: 2026-10-01, name: 国庆节, statutory: true}
      workdays:
        - {date: 2026-10-10, name: 国庆节调休上班}
    leave_types:
      - {key: annual, name: Annual leave, accrual: fixed, entitlement_days: 10}
    teams:
      - {key: cs, name: Customer service}
      - {key: ops, name: Operations}
    shifts:
      - {key: early, name: Early, start: "08:00", end: "16:00", break_minutes: 30}
      - {key: late, name: Late, start: "14:00", end: "22:00", break_minutes: 30}
    schedules:
      - key: week
        start: 2026-09-28
        weeks:
          - {mon: early, tue: early, wed: early, thu: early, fri: early}
    overrides:
      - {employee: amy, date: 2026-10-20, shift: late}
    employees:
      - {key: boss, name: Boss, role: manager, team: cs}
      - {key: hr, name: Hui, role: hr}
      - {key: amy, name: Amy, team: cs, manager: boss, schedule: week}
      - {key: ben, name: Ben, team: cs, manager: boss, schedule: week}
      - {key: oscar, name: Oscar, role: manager, team: ops}
      - {key: olga, name: Olga, team: ops, manager: oscar}
`

// rotaFixture is the shop with the rota's service over real storage, its
// clock at 10:00 on Thursday 15 October 2026.
type rotaFixture struct {
	db  *store.DB
	att *attendance.Service
	org core.Org
	ids map[string]int64
	now time.Time
}

func newRota(t *testing.T) *rotaFixture {
	t.Helper()
	db := openDB(t)
	if _, err := apply(t, db, rotaYAML); err != nil {
		t.Fatal(err)
	}
	f := &rotaFixture{db: db, ids: map[string]int64{}, now: time.Date(2026, 10, 15, 10, 0, 0, 0, shanghai)}
	clock := core.ClockFunc(func() time.Time { return f.now })
	f.att = attendance.NewService(store.NewAttendance(db), core.NewDirectory(store.NewDirectory(db), clock), clock)
	f.org = f.freshOrg(t)
	for _, k := range []string{"boss", "hr", "amy", "ben", "oscar", "olga"} {
		f.ids[k] = f.member(t, k).Employee.ID
	}
	ctx := context.Background()
	// Ben's approved annual leave on 20–21 October, the second day a morning.
	if _, err := db.Pool().Exec(ctx, `
		INSERT INTO leave_requests (org_id, employee_id, type_key, from_date, to_date, from_part, to_part, period, minutes, status, created_at, sent_at)
		VALUES ($1, $2, 'annual', '2026-10-20', '2026-10-21', 'full', 'morning',
		        tstzrange('2026-10-20 00:00+08', '2026-10-21 12:00+08'), 720, 'approved', now(), now())`, f.org.ID, f.ids["ben"]); err != nil {
		t.Fatal(err)
	}
	// Olga covers customer service on the evening of Sunday 18 October.
	if _, err := db.Pool().Exec(ctx, `
		WITH r AS (INSERT INTO cover_requests (org_id, job, starts_at, ends_at, needed, filled, source, status, created_at)
		           VALUES ($1, 'customer-service', '2026-10-18 18:00+08', '2026-10-18 22:00+08', 1, 1, 'manual', 'filled', now()) RETURNING id)
		INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at)
		SELECT id, $1, $2, $1, 'customer-service', '2026-10-18 18:00+08', '2026-10-18 22:00+08', now() FROM r`, f.org.ID, f.ids["olga"]); err != nil {
		t.Fatal(err)
	}
	return f
}

// freshOrg reads the org as a chat turn does: with its current config version.
func (f *rotaFixture) freshOrg(t *testing.T) core.Org {
	t.Helper()
	org, err := store.NewOrgs(f.db).Find(context.Background(), "rota")
	if err != nil {
		t.Fatal(err)
	}
	return org
}

// member is who as the bot would read them for a turn now.
func (f *rotaFixture) member(t *testing.T, who string) core.Member {
	t.Helper()
	e, err := store.NewDirectory(f.db).FindEmployee(context.Background(), f.freshOrg(t).ID, who)
	if err != nil {
		t.Fatal(err)
	}
	return core.Member{Employee: e, Org: f.freshOrg(t)}
}

// plan is who's plan for October's day as chat's /schedule has it:
// "off" or the shift key ("standard" for the standard hours).
func (f *rotaFixture) plan(t *testing.T, who string, day int) string {
	t.Helper()
	plans, _, err := f.att.Week(context.Background(), f.member(t, who), core.NewDate(2026, 10, day), 1)
	if err != nil {
		t.Fatal(err)
	}
	return planShift(plans[0])
}

func cellOf(t *testing.T, r attendance.Rota, who string, day int) attendance.RotaCell {
	t.Helper()
	for _, row := range r.Rows {
		if row.Employee.Key == who {
			return row.Cells[day-1]
		}
	}
	t.Fatalf("no row of %s", who)
	return attendance.RotaCell{}
}

func shiftOf(c attendance.RotaCell) string {
	switch {
	case !c.Working():
		return "off"
	case c.Shift.Key == "":
		return "standard"
	}
	return c.Shift.Key
}

// planShift names a plan as shiftOf names a cell.
func planShift(p attendance.Plan) string {
	switch {
	case !p.Working:
		return "off"
	case p.Shift.Key == "":
		return "standard"
	}
	return p.Shift.Key
}

func TestRotaGrid(t *testing.T) {
	t.Parallel()
	f := newRota(t)
	ctx := context.Background()
	r, err := f.att.Rota(ctx, f.member(t, "hr"), "", core.NewDate(2026, 10, 7))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Days) != 31 || len(r.Rows) != 6 || len(r.Teams) != 2 || len(r.Shifts) != 2 || r.Shifts[0].Key != "early" ||
		len(r.Schedules) != 1 || r.Month != core.NewDate(2026, 10, 1) || r.Today != core.NewDate(2026, 10, 15) {
		t.Fatalf("rota: %d days, %d rows, teams %v, shifts %v, month %s, today %s", len(r.Days), len(r.Rows), r.Teams, r.Shifts, r.Month, r.Today)
	}
	if d := r.Days[0]; d.Kind != calendar.Holiday || d.HolidayName != "国庆节" || !d.Statutory {
		t.Errorf("1 October: %+v", d)
	}
	if d := r.Days[9]; d.Kind != calendar.MakeupWorkday || d.HolidayName != "国庆节调休上班" {
		t.Errorf("10 October: %+v", d)
	}
	if d := r.Days[2]; d.Kind != calendar.RestDay {
		t.Errorf("3 October: %+v", d)
	}
	for _, c := range []struct {
		who        string
		day        int
		shift      string
		overridden bool
		leave      string // type and part
	}{
		{"amy", 1, "off", false, ""},   // the holiday: the schedule does not work it
		{"amy", 2, "early", false, ""}, // Friday
		{"amy", 3, "off", false, ""},   // Saturday
		{"amy", 10, "off", false, ""},  // the make-up Saturday: the schedule has it off
		{"olga", 10, "standard", false, ""},
		{"olga", 1, "off", false, ""},
		{"amy", 20, "late", true, ""},
		{"ben", 20, "early", false, "annual full"},
		{"ben", 21, "early", false, "annual morning"},
	} {
		cell := cellOf(t, r, c.who, c.day)
		leave := ""
		if cell.Leave != nil {
			leave = cell.Leave.Type + " " + cell.Leave.Part
		}
		if shiftOf(cell) != c.shift || cell.Overridden != c.overridden || leave != c.leave {
			t.Errorf("%s on %d: %s overridden %v leave %q, want %s %v %q", c.who, c.day, shiftOf(cell), cell.Overridden, leave,
				c.shift, c.overridden, c.leave)
		}
		if got := f.plan(t, c.who, c.day); got != c.shift {
			t.Errorf("%s on %d: the grid says %s, /schedule %s", c.who, c.day, c.shift, got)
		}
	}
	if cv := cellOf(t, r, "olga", 18).Covers; len(cv) != 1 || cv[0].Job != "customer-service" {
		t.Errorf("olga's cover: %+v", cv)
	}

	t.Run("Manager", func(t *testing.T) {
		r, err := f.att.Rota(ctx, f.member(t, "boss"), "", core.NewDate(2026, 10, 1))
		if err != nil || len(r.Rows) != 3 || len(r.Teams) != 1 || r.Teams[0].Key != "cs" {
			t.Fatalf("boss's rota: %d rows, teams %v, %v", len(r.Rows), r.Teams, err)
		}
		if _, err := f.att.Rota(ctx, f.member(t, "boss"), "ops", core.NewDate(2026, 10, 1)); core.ErrorCodeOf(err) != core.ENotFound {
			t.Errorf("boss's view of ops: %v, want not found", err)
		}
	})
	t.Run("Employee", func(t *testing.T) {
		r, err := f.att.Rota(ctx, f.member(t, "ben"), "", core.NewDate(2026, 10, 1))
		if err != nil || len(r.Rows) != 1 || r.Rows[0].Employee.Key != "ben" || r.Rows[0].Editable {
			t.Fatalf("ben's rota: %+v, %v", r.Rows, err)
		}
		if l := cellOf(t, r, "ben", 20).Leave; l == nil || l.Type != "annual" {
			t.Errorf("ben's own leave: %+v", l)
		}
	})
}

func TestRotaSetDay(t *testing.T) {
	t.Parallel()
	f := newRota(t)
	ctx := context.Background()
	boss := f.member(t, "boss")
	// Another replica's service, its setup cached before the change.
	clock := core.ClockFunc(func() time.Time { return f.now })
	other := attendance.NewService(store.NewAttendance(f.db), core.NewDirectory(store.NewDirectory(f.db), clock), clock)
	rosterShift := func(who string, day int) string {
		t.Helper()
		r, err := other.Roster(ctx, f.freshOrg(t), core.NewDate(2026, 10, day))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r {
			if e.Employee.Key == who {
				return planShift(e.Plan)
			}
		}
		return "none"
	}
	if got := rosterShift("amy", 16); got != "early" {
		t.Fatalf("amy on 16 October before: %s", got)
	}
	version := f.freshOrg(t).ConfigVersion

	if err := f.att.SetDay(ctx, boss, "amy", core.NewDate(2026, 10, 16), "late", "web"); err != nil {
		t.Fatal(err)
	}
	if got := f.plan(t, "amy", 16); got != "late" {
		t.Errorf("amy's /schedule on 16 October: %s, want late", got)
	}
	if got := rosterShift("amy", 16); got != "late" {
		t.Errorf("reminders' roster on another replica: %s, want late", got)
	}
	if v := f.freshOrg(t).ConfigVersion; v != version+1 {
		t.Errorf("config version %d, want %d", v, version+1)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'rota.set_day' AND entity_id = 'amy@2026-10-16'
		AND channel = 'web' AND before->>'shift' = 'early' AND after->>'shift' = 'late' AND (after->>'override')::bool`); n != 1 {
		t.Errorf("%d audit rows of the change", n)
	}
	// Back to what the schedule plans: the override goes.
	if err := f.att.SetDay(ctx, boss, "amy", core.NewDate(2026, 10, 16), "early", "web"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, f.db, `SELECT count(*) FROM shift_overrides WHERE employee_id = $1 AND work_date = '2026-10-16'`, f.ids["amy"]); n != 0 {
		t.Errorf("%d overrides left after setting the scheduled shift", n)
	}
	if err := f.att.SetDay(ctx, boss, "amy", core.NewDate(2026, 10, 17), "", "web"); err != nil {
		t.Fatal(err) // already off: nothing to do
	}
	if v := f.freshOrg(t).ConfigVersion; v != version+2 {
		t.Errorf("config version %d after a change that changed nothing, want %d", v, version+2)
	}
	if err := f.att.ClearDay(ctx, boss, "amy", core.NewDate(2026, 10, 20), "web"); err != nil || f.plan(t, "amy", 20) != "early" {
		t.Errorf("clearing the file's override: %v, plan %s", err, f.plan(t, "amy", 20))
	}

	testRotaSetDayRefused(t, f)
}

// testRotaSetDayRefused: a past day, a day checked in, an unknown shift or person.
func testRotaSetDayRefused(t *testing.T, f *rotaFixture) {
	ctx := context.Background()
	boss := f.member(t, "boss")
	if _, err := f.att.CheckIn(ctx, f.member(t, "ben"), nil, f.now, "test"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, who string
		day       int
		shift     string
		want      string
	}{
		{"Past", "amy", 14, "late", "rota.day_past"},
		{"Punched", "ben", 15, "late", "rota.day_punched"},
		{"UnknownShift", "amy", 16, "noon", "rota.shift_unknown"},
		{"UnknownPerson", "nobody", 16, "late", "error.not_found"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := f.att.SetDay(ctx, boss, c.who, core.NewDate(2026, 10, c.day), c.shift, "web")
			if e, ok := core.AsError(err); !ok || e.Key != c.want {
				t.Errorf("%v, want %s", err, c.want)
			}
		})
	}
	if err := f.att.SetDay(ctx, boss, "amy", core.NewDate(2026, 10, 15), "late", "web"); err != nil {
		t.Errorf("today, not checked in yet: %v", err)
	}
}

func TestRotaSwapAndRotation(t *testing.T) {
	t.Parallel()
	f := newRota(t)
	ctx := context.Background()
	hr := f.member(t, "hr")
	oct := func(d int) core.Date { return core.NewDate(2026, 10, d) }
	if err := f.att.SetDay(ctx, hr, "ben", oct(19), "late", "web"); err != nil {
		t.Fatal(err)
	}
	if err := f.att.SwapDays(ctx, hr, "amy", "ben", oct(19), "web"); err != nil {
		t.Fatal(err)
	}
	if a, b := f.plan(t, "amy", 19), f.plan(t, "ben", 19); a != "late" || b != "early" {
		t.Errorf("after the swap amy %s, ben %s", a, b)
	}
	if n := count(t, f.db, `SELECT count(*) FROM shift_overrides WHERE employee_id = $1 AND work_date = '2026-10-19'`, f.ids["ben"]); n != 0 {
		t.Errorf("ben's override kept though he is back on his schedule's shift")
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'rota.swap' AND channel = 'web'`); n != 2 {
		t.Errorf("%d swap audit rows, want one per person", n)
	}
	if err := f.att.SwapOwnDays(ctx, hr, "amy", oct(16), oct(17), "web"); err != nil {
		t.Fatal(err)
	}
	if a, b := f.plan(t, "amy", 16), f.plan(t, "amy", 17); a != "off" || b != "early" {
		t.Errorf("amy's own swap: 16th %s, 17th %s", a, b)
	}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"Standard", f.att.SwapDays(ctx, hr, "amy", "olga", oct(22), "web"), "rota.standard_hours"},
		{"Same", f.att.SwapDays(ctx, hr, "amy", "amy", oct(22), "web"), "rota.swap_same"},
		{"Offset", f.att.AssignRotation(ctx, hr, "olga", "week", 1, "web"), "rota.offset_range"},
		{"Schedule", f.att.AssignRotation(ctx, hr, "olga", "fortnight", 0, "web"), "rota.schedule_unknown"},
	} {
		if e, ok := core.AsError(c.err); !ok || e.Key != c.want {
			t.Errorf("%s: %v, want %s", c.name, c.err, c.want)
		}
	}

	if got := f.plan(t, "olga", 10); got != "standard" {
		t.Fatalf("olga on the make-up day: %s", got)
	}
	if err := f.att.AssignRotation(ctx, hr, "olga", "week", 0, "web"); err != nil {
		t.Fatal(err)
	}
	if a, b := f.plan(t, "olga", 16), f.plan(t, "olga", 10); a != "early" || b != "off" {
		t.Errorf("olga on the week schedule: 16th %s, 10th %s", a, b)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'rota.assign_rotation' AND entity_id = 'olga'
		AND before->>'schedule' = '' AND after->>'schedule' = 'week'`); n != 1 {
		t.Errorf("%d rotation audit rows", n)
	}
	if err := f.att.AssignRotation(ctx, hr, "olga", "", 0, "web"); err != nil || f.plan(t, "olga", 16) != "standard" {
		t.Errorf("back to the standard hours: %v, %s", err, f.plan(t, "olga", 16))
	}
}

// A manager may change their direct reports' days only, an employee
// nobody's; every refusal is audited and changes nothing.
func TestRotaRefusals(t *testing.T) {
	t.Parallel()
	f := newRota(t)
	ctx := context.Background()
	version := f.freshOrg(t).ConfigVersion
	for _, c := range []struct {
		name, actor, target string
	}{
		{"ManagerNotTheirs", "boss", "olga"},
		{"Employee", "amy", "ben"},
		{"EmployeeSelf", "amy", "amy"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := f.att.SetDay(ctx, f.member(t, c.actor), c.target, core.NewDate(2026, 10, 16), "late", "web")
			if core.ErrorCodeOf(err) != core.EForbidden {
				t.Fatalf("%v, want forbidden", err)
			}
			if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE action = 'rota.edit' AND outcome = 'denied' AND actor_id = $1`,
				f.ids[c.actor]); n == 0 {
				t.Error("refusal not audited")
			}
		})
	}
	if err := f.att.AssignRotation(ctx, f.member(t, "boss"), "olga", "week", 0, "web"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Errorf("boss assigning olga's rotation: %v", err)
	}
	if got := f.plan(t, "olga", 16); got != "standard" || f.freshOrg(t).ConfigVersion != version {
		t.Errorf("after refusals: olga %s, version %d (was %d)", got, f.freshOrg(t).ConfigVersion, version)
	}
}

// Two changes worked out on the same plan are saved one after the other:
// the second is worked out again on the first's result.
func TestRotaConcurrentChanges(t *testing.T) {
	t.Parallel()
	f := newRota(t)
	ctx := context.Background()
	att := store.NewAttendance(f.db)
	v := f.freshOrg(t).ConfigVersion
	day := attendance.DayChange{EmployeeID: f.ids["amy"], Date: core.NewDate(2026, 10, 16), Shift: "late"}
	if err := att.SaveRota(ctx, f.org.ID, v, attendance.RotaChange{Days: []attendance.DayChange{day}}); err != nil {
		t.Fatal(err)
	}
	day.Shift = ""
	if err := att.SaveRota(ctx, f.org.ID, v, attendance.RotaChange{Days: []attendance.DayChange{day}}); err != attendance.ErrRotaChanged {
		t.Errorf("a change on an older plan: %v, want ErrRotaChanged", err)
	}
	day.Shift = "gone"
	if err := att.SaveRota(ctx, f.org.ID, v+1, attendance.RotaChange{Days: []attendance.DayChange{day}}); err != attendance.ErrRotaChanged {
		t.Errorf("a shift that is gone: %v, want ErrRotaChanged", err)
	}
	if got := f.plan(t, "amy", 16); got != "late" {
		t.Errorf("amy on the 16th: %s, want the first change's late", got)
	}
}
