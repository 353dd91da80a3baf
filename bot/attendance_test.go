package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

const attendanceOrg = `
orgs:
  - key: shop
    name: Test Shop
    time_zone: Asia/Shanghai
    attendance:
      grace_minutes: 5
      absent_after_minutes: 120
      overtime_min_minutes: 30
      auto_checkout_after_minutes: 240
      geofence: refuse
    sites:
      - {key: hq, name: HQ, lat: 30.2741, lon: 120.1551, radius_m: 300}
    calendar:
      holidays:
        - {date: 2026-10-01, name: 国庆节}
      workdays:
        - {date: 2026-10-10, name: 国庆节调休上班}
    shifts:
      - {key: night, name: Night, start: "22:00", end: "06:00", break_minutes: 30}
      - {key: evening, name: Evening, start: "14:00", end: "23:00", break_minutes: 60}
    schedules:
      - {key: nights, start: 2026-11-01, cycle: [night, night, off, off]}
    employees:
      - {key: boss, name: Boss Wang, role: manager, locale: en}
      - {key: hr, name: Helen HR, role: hr, locale: en}
      - {key: amy, name: Amy, manager: boss, locale: en}
      - {key: nick, name: Nick, manager: boss, schedule: nights, locale: en}
      - {key: eve, name: Eve, manager: boss, locale: en}
  - key: berlin
    name: Berlin Shop
    time_zone: Europe/Berlin
    employees:
      - {key: bert, name: Bert, locale: en}
`

var (
	shanghai = mustLoc("Asia/Shanghai")
	berlin   = mustLoc("Europe/Berlin")
	hq       = &bot.Location{Latitude: 30.2742, Longitude: 120.1552}
	farAway  = &bot.Location{Latitude: 31.2304, Longitude: 121.4737}
)

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func (h *harness) at(t time.Time) { h.clock.mu.Lock(); h.clock.now = t; h.clock.mu.Unlock() }

// punch sends a command from the console at the HQ site.
func (h *harness) punch(person, text string) string {
	h.t.Helper()
	return h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person, UserID: "shop/" + person, Text: text, Location: hq})
}

func (h *harness) record(person string, d core.Date) attendance.Record {
	h.t.Helper()
	var orgID, empID int64
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT org_id, id FROM employees WHERE key = $1`, person).Scan(&orgID, &empID); err != nil {
		h.t.Fatal(err)
	}
	r, err := h.db.FindRecord(context.Background(), orgID, empID, d)
	if err != nil {
		h.t.Fatalf("record of %s on %v: %v", person, d, err)
	}
	return r
}

func TestCheckInAndOut(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	day := core.NewDate(2026, 11, 25)
	h.at(time.Date(2026, 11, 25, 9, 5, 0, 0, shanghai))
	mustContain(t, h.punch("amy", "/checkin"), "Checked in at 09:05 — on time for standard hours 09:00–18:00.")
	// A second check-in is answered, not stored.
	h.at(time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai))
	mustContain(t, h.punch("amy", "打卡"), "You already checked in at 09:05 (work date 2026-11-25).")
	h.at(time.Date(2026, 11, 25, 9, 6, 0, 0, shanghai))
	mustContain(t, h.punch("eve", "/checkin"), "late by 6 min")
	h.at(time.Date(2026, 11, 25, 19, 40, 0, 0, shanghai))
	mustContain(t, h.punch("amy", "下班"), "Checked out at 19:40; worked 9 h 35 min.", "Overtime: 1 h 40 min (workday).")
	h.at(time.Date(2026, 11, 25, 17, 0, 0, 0, shanghai))
	mustContain(t, h.punch("eve", "/checkout"), "60 min before the end", "worked 6 h 54 min")
	r := h.record("amy", day)
	if r.LateMinutes != 0 || r.OvertimeMinutes != 100 || r.OvertimeKind != attendance.OvertimeWorkday || r.WorkedMinutes != 575 {
		t.Errorf("amy's record: %+v", r)
	}
	// The last check-out counts.
	h.at(time.Date(2026, 11, 25, 18, 0, 0, 0, shanghai))
	mustContain(t, h.punch("eve", "/checkout"), "replaces your earlier check-out")
	if r := h.record("eve", day); r.EarlyMinutes != 0 || r.LateMinutes != 6 {
		t.Errorf("eve after second check-out: %+v", r)
	}
	var n int
	h.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'attendance.check_in'`).Scan(&n)
	if n != 2 {
		t.Errorf("%d check-in audit rows, want 2", n)
	}
}

func TestCheckInRules(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	// Too early for the shift.
	h.at(time.Date(2026, 11, 25, 6, 30, 0, 0, shanghai))
	mustContain(t, h.punch("amy", "/checkin"), "has not started yet; check-in opens at 07:00")
	// Far past the absence threshold.
	h.at(time.Date(2026, 11, 25, 11, 30, 0, 0, shanghai))
	mustContain(t, h.punch("amy", "/checkin"), "late by 150 min", "counts as absent")
	// A make-up Saturday is a working day.
	h.at(time.Date(2026, 10, 10, 9, 20, 0, 0, shanghai))
	mustContain(t, h.punch("eve", "/checkin"), "late by 20 min")
	// A public holiday is not: every hour is holiday overtime.
	h.at(time.Date(2026, 10, 1, 10, 0, 0, 0, shanghai))
	mustContain(t, h.punch("eve", "/checkin"), "on a day off (public holiday 国庆节)")
	h.at(time.Date(2026, 10, 1, 15, 0, 0, 0, shanghai))
	mustContain(t, h.punch("eve", "/checkout"), "Overtime: 4 h (public holiday).")
	// An ordinary Sunday: rest-day overtime.
	h.at(time.Date(2026, 11, 29, 10, 0, 0, 0, shanghai))
	h.punch("eve", "/checkin")
	h.at(time.Date(2026, 11, 29, 12, 0, 0, 0, shanghai))
	mustContain(t, h.punch("eve", "/checkout"), "Overtime: 2 h (rest day).")
}

func TestOvernightShift(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	// Nick's cycle: nights on Nov 1 and 2. He checks in at 21:55 on the 2nd
	// and out at 06:40 on the 3rd: both belong to the 2nd.
	h.at(time.Date(2026, 11, 2, 21, 55, 0, 0, shanghai))
	mustContain(t, h.punch("nick", "/checkin"), "on time for Night 22:00–06:00")
	h.at(time.Date(2026, 11, 3, 6, 40, 0, 0, shanghai))
	mustContain(t, h.punch("nick", "/checkout"), "Overtime: 40 min (workday)")
	r := h.record("nick", core.NewDate(2026, 11, 2))
	if r.ShiftKey != "night" || r.WorkedMinutes != 495 {
		t.Errorf("night record: %+v", r)
	}
	// A check-in at 03:00 of the 3rd (his day off) still belongs to the 2nd's shift.
	h.at(time.Date(2026, 11, 2, 22, 0, 0, 0, shanghai).Add(5 * time.Hour))
	mustContain(t, h.punch("nick", "/checkin"), "already checked in at 21:55")
}

func TestTimeZoneOtherThanServers(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	// 09:03 in Berlin is 08:03 UTC and 16:03 in Shanghai: judged in Berlin.
	h.at(time.Date(2026, 11, 25, 9, 3, 0, 0, berlin))
	got := h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "b", UserID: "berlin/bert", Text: "/checkin"})
	mustContain(t, got, "Checked in at 09:03 — on time")
	// The next morning at 09:10 Berlin time (08:10 UTC, 16:10 in Shanghai).
	h.at(time.Date(2026, 11, 26, 9, 10, 0, 0, berlin))
	got = h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "b", UserID: "berlin/bert", Text: "/checkin"})
	mustContain(t, got, "Checked in at 09:10 — late by 10 min")
}

func TestGeofence(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 8, 55, 0, 0, shanghai))
	far := h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c", UserID: "shop/amy", Text: "/checkin", Location: farAway})
	mustContain(t, far, "You are 164.9 km from HQ (allowed: 300 m)")
	none := h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c", UserID: "shop/amy", Text: "/checkin"})
	mustContain(t, none, "Please share your location")
	mustContain(t, h.punch("amy", "/checkin"), "Checked in at 08:55 — on time")
}

func TestAutoClosedCheckout(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	svc := attendance.NewService(h.db, core.NewDirectory(h.db, h.clock), h.clock)
	h.at(time.Date(2026, 11, 25, 8, 50, 0, 0, shanghai))
	h.punch("amy", "/checkin")
	h.at(time.Date(2026, 11, 25, 21, 59, 0, 0, shanghai))
	if n, err := svc.CloseMissingCheckouts(context.Background()); err != nil || n != 0 {
		t.Fatalf("before the cutoff: closed %d, %v", n, err)
	}
	h.at(time.Date(2026, 11, 25, 22, 1, 0, 0, shanghai))
	if n, err := svc.CloseMissingCheckouts(context.Background()); err != nil || n != 1 {
		t.Fatalf("after the cutoff: closed %d, %v", n, err)
	}
	r := h.record("amy", core.NewDate(2026, 11, 25))
	if !r.Has(attendance.FlagAutoClosed) || !r.CheckOut.Equal(time.Date(2026, 11, 25, 18, 0, 0, 0, shanghai)) || r.OvertimeMinutes != 0 || r.WorkedMinutes != 490 {
		t.Errorf("auto-closed record: %+v", r)
	}
	if n, _ := svc.CloseMissingCheckouts(context.Background()); n != 0 {
		t.Errorf("closed again: %d", n)
	}
	mustContain(t, h.punch("amy", "/me"), "1 check-outs closed automatically")
}

func TestCorrections(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai))
	// Amy forgot yesterday's check-in; the bot asks for the reason.
	mustContain(t, h.punch("amy", "fix yesterday in 8:55"), "Why does it need correcting?")
	mustContain(t, h.punch("amy", "forgot my phone"), "Sent to Boss Wang for approval: check-in on 2026-11-24 at 08:55 (forgot my phone).")
	mustContain(t, h.punch("amy", "/fix yesterday in 8:50 again"), "already have a correction for that punch on 2026-11-24")
	mustContain(t, h.punch("eve", "/fix 11-20 out 18:30 phone died"), "Sent to Boss Wang")
	mustContain(t, h.punch("eve", "/fix tomorrow in 9:00 x"), "has not happened yet")

	// The manager sees both on his next message, with buttons.
	replies, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:boss", UserID: "shop/boss", Text: "/pending"})
	if err != nil {
		t.Fatal(err)
	}
	var buttons [][]bot.Button
	for _, r := range replies {
		if len(r.Buttons) > 0 {
			buttons = append(buttons, r.Buttons[0])
		}
	}
	// /pending lists the two; their notifications are not shown again.
	if len(buttons) != 2 || buttons[0][0].ActionID != "att.fix.approve" || buttons[0][1].ActionID != "att.fix.reject" {
		t.Fatalf("manager's buttons: %+v", buttons)
	}
	press := func(who string, b bot.Button) string {
		return h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + who, UserID: "shop/" + who, Action: &bot.Action{ID: b.ActionID, Value: b.Value}})
	}
	// Amy cannot approve her own; a colleague cannot approve at all.
	mustContain(t, press("amy", buttons[0][0]), "You cannot approve your own request.")
	mustContain(t, press("eve", buttons[0][0]), "Only their manager or HR can decide that.")
	mustContain(t, press("boss", buttons[0][0]), "Approved: Amy's check-in on 2026-11-24 at 08:55.")
	// A double click does nothing and says who decided.
	mustContain(t, press("hr", buttons[0][1]), "Already approved by Boss Wang")
	mustContain(t, press("boss", buttons[1][1]), "Rejected: Eve's check-out on 2026-11-20 at 18:30.")

	r := h.record("amy", core.NewDate(2026, 11, 24))
	if !r.CheckIn.Equal(time.Date(2026, 11, 24, 8, 55, 0, 0, shanghai)) || !r.Has(attendance.FlagCorrected) {
		t.Errorf("corrected record: %+v", r)
	}
	// Eve's rejected correction created no record.
	var eve int64
	h.db.Pool().QueryRow(context.Background(), `SELECT id FROM employees WHERE key = 'eve'`).Scan(&eve)
	if _, err := h.db.FindRecord(context.Background(), r.OrgID, eve, core.NewDate(2026, 11, 20)); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("a rejected correction left a record: %v", err)
	}
	// The employees hear the outcome on their next message.
	mustContain(t, h.punch("amy", "/me"), "Boss Wang approved your check-in correction for 2026-11-24 (08:55).")
	mustContain(t, h.punch("eve", "/me"), "Boss Wang rejected your check-out correction for 2026-11-20 (18:30).")
	var before, after string
	h.db.Pool().QueryRow(context.Background(), `SELECT coalesce(before::text, 'null'), after::text FROM audit_log WHERE action = 'attendance.correct'`).Scan(&before, &after)
	if before != "null" || !strings.Contains(after, `"check_in": "2026-11-24T00:55:00Z"`) {
		t.Errorf("correction audit: before %s after %s", before, after)
	}
}

func TestTodayBoard(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 2, 8, 50, 0, 0, shanghai))
	h.punch("amy", "/checkin")
	h.at(time.Date(2026, 11, 2, 11, 30, 0, 0, shanghai))
	got := h.punch("boss", "/today")
	mustContain(t, got, "Today 2026-11-02 · 3 people", "Absent (1): Eve (09:00–18:00)", "In (1): Amy 08:50", "Not yet in (1): Nick (22:00–06:00)")
	mustContain(t, h.punch("amy", "/today"), "Only managers, HR and administrators")
	mustContain(t, h.punch("hr", "/today"), "· 5 people")
}

// TestCheckInStorm sends hundreds of check-ins at once, each delivered
// twice or three times as platforms retry: every person is stored once.
func TestCheckInStorm(t *testing.T) {
	t.Parallel()
	const people = 300
	var b strings.Builder
	b.WriteString("orgs:\n  - key: storm\n    name: Storm\n    employees:\n")
	for i := range people {
		fmt.Fprintf(&b, "      - {key: p%d, name: P%d, telegram: \"%d\"}\n", i, i, 1000+i)
	}
	h := newHarnessWith(t, b.String())
	h.at(time.Date(2026, 11, 25, 8, 59, 0, 0, shanghai))
	var wg sync.WaitGroup
	var mu sync.Mutex
	acked := map[string]int{}
	sem := make(chan struct{}, 64)
	for i := range people {
		for try := range 1 + i%3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				in := bot.Incoming{Platform: core.PlatformTelegram, ChatID: fmt.Sprint(1000 + i), UserID: fmt.Sprint(1000 + i),
					Text: "/checkin", DeliveryID: fmt.Sprintf("u%d", i)}
				if try == 2 {
					in.DeliveryID = fmt.Sprintf("u%d-resent", i) // a new delivery of the same tap
				}
				replies, err := h.bot.Handle(context.Background(), in)
				if err != nil {
					t.Errorf("person %d: %v", i, err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for _, r := range replies {
					if strings.Contains(r.Text, "Checked in at 08:59") || strings.Contains(r.Text, "08:59 上班打卡成功") {
						acked[fmt.Sprint(i)]++
					}
				}
			}()
		}
	}
	wg.Wait()
	var records, audits int
	h.db.Pool().QueryRow(context.Background(), `SELECT count(*), count(DISTINCT employee_id) FROM attendance_records`).Scan(&records, new(int))
	h.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'attendance.check_in'`).Scan(&audits)
	if len(acked) != people || records != people || audits != people {
		t.Errorf("acknowledged %d people, stored %d records and %d audit rows; want %d of each", len(acked), records, audits, people)
	}
	for p, n := range acked {
		if n != 1 {
			t.Errorf("person %s was told 'checked in' %d times", p, n)
		}
	}
}
