package bot_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/store"
)

const attendanceOrg = `
orgs:
  - key: shop
    name: Test Shop
    time_zone: Asia/Shanghai
    go_live: 2026-09-01
    attendance:
      grace_minutes: 5
      absent_after_minutes: 120
      overtime_min_minutes: 30
      auto_checkout_after_minutes: 240
      geofence: refuse
      corrections_per_month: 2
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
      - {key: neo, name: Neo, manager: boss, hire_date: 2026-11-20, locale: en}
      - {key: mei, name: 梅梅, manager: boss, locale: zh-CN}
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
	r, err := store.NewAttendance(h.db).FindRecord(context.Background(), orgID, empID, d)
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
	// Far past the absence threshold: an absence, not a lateness.
	h.at(time.Date(2026, 11, 25, 11, 30, 0, 0, shanghai))
	got := h.punch("amy", "/checkin")
	mustContain(t, got, "Checked in at 11:30: more than 2 h after the start of standard hours 09:00–18:00", "today counts as absent")
	if strings.Contains(got, "late by") {
		t.Errorf("an absence told as a lateness: %q", got)
	}
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
	svc := attendance.NewService(store.NewAttendance(h.db), core.NewDirectory(store.NewDirectory(h.db), h.clock), h.clock)
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
	// Rejecting asks why; the answer typed next is the reason.
	mustContain(t, press("boss", buttons[1][1]), "Why are you rejecting Eve's check-out correction for 2026-11-20 (18:30)?")
	mustContain(t, h.punch("boss", "you left at 17:00"), "Rejected: Eve's check-out on 2026-11-20 at 18:30 (you left at 17:00).")

	r := h.record("amy", core.NewDate(2026, 11, 24))
	if !r.CheckIn.Equal(time.Date(2026, 11, 24, 8, 55, 0, 0, shanghai)) || !r.Has(attendance.FlagCorrected) {
		t.Errorf("corrected record: %+v", r)
	}
	// Eve's rejected correction created no record.
	var eve int64
	h.db.Pool().QueryRow(context.Background(), `SELECT id FROM employees WHERE key = 'eve'`).Scan(&eve)
	if _, err := store.NewAttendance(h.db).FindRecord(context.Background(), r.OrgID, eve, core.NewDate(2026, 11, 20)); core.ErrorCodeOf(err) != core.ENotFound {
		t.Errorf("a rejected correction left a record: %v", err)
	}
	// The employees hear the outcome on their next message.
	mustContain(t, h.punch("amy", "/me"), "Boss Wang approved your check-in correction for 2026-11-24 (08:55).")
	mustContain(t, h.punch("eve", "/me"), "Boss Wang rejected your check-out correction for 2026-11-20 (18:30): you left at 17:00")
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
	// Neo is hired on the 20th: before it he is off, not absent.
	mustContain(t, got, "Today 2026-11-02 · 5 people", "Absent (2): Eve (09:00–18:00), 梅梅 (09:00–18:00)", "In (1): Amy 08:50",
		"Not yet in (1): Nick (22:00–06:00)", "Off (1): Neo")
	mustContain(t, h.punch("amy", "/today"), "Only managers, HR and administrators")
	mustContain(t, h.punch("hr", "/today"), "· 7 people")
}

// TestCheckInStorm sends hundreds of check-ins at once, each delivered
// twice or three times as platforms retry: every person is stored once,
// and told "checked in" for one delivery (again on its retries).
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
	acked := map[string]map[string]bool{} // person → delivery ids told "checked in"
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
						// A retry of the same delivery is told the same
						// again; a new delivery of the tap must not be.
						ids := acked[fmt.Sprint(i)]
						if ids == nil {
							ids = map[string]bool{}
							acked[fmt.Sprint(i)] = ids
						}
						ids[in.DeliveryID] = true
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
	for p, ids := range acked {
		if len(ids) != 1 {
			t.Errorf("person %s was told 'checked in' for %d deliveries", p, len(ids))
		}
	}
}

// TestOvertimeOnlyForTimeWorked is the trial's 19:48 check-in and 19:49
// check-out: no check-in counts after the shift, and overtime is never
// more than the time worked after the shift's end.
func TestOvertimeOnlyForTimeWorked(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	day := core.NewDate(2026, 11, 25)
	h.at(time.Date(2026, 11, 25, 19, 48, 0, 0, shanghai))
	got := h.punch("eve", "/checkin")
	mustContain(t, got, "Your shift 09:00–18:00 ended at 18:00", "2026-11-25 counts as absent", "/fix 2026-11-25 in HH:MM REASON")
	if strings.Contains(got, "late by") {
		t.Errorf("a check-in after the shift told as late: %q", got)
	}
	h.at(time.Date(2026, 11, 25, 19, 49, 0, 0, shanghai))
	got = h.punch("eve", "/checkout")
	mustContain(t, got, "there is no check-in for 2026-11-25")
	if strings.Contains(got, "Overtime") {
		t.Errorf("overtime for a minute's stay: %q", got)
	}
	if r := h.record("eve", day); r.OvertimeMinutes != 0 || !r.CheckIn.IsZero() {
		t.Errorf("record after a check-in past the shift: %+v", r)
	}
	// She did come at 19:00: the approved correction makes it 49 minutes
	// worked, all after the shift, so 49 minutes of overtime — not the 109
	// minutes since 18:00.
	mustContain(t, h.punch("eve", "/fix today in 19:00 stocktaking"), "Sent to Boss Wang")
	rows := h.fixButtons("boss")
	mustContain(t, h.pressAs("boss", rows[0][0]), "Approved: Eve's check-in on 2026-11-25 at 19:00.")
	if r := h.record("eve", day); r.WorkedMinutes != 49 || r.OvertimeMinutes != 49 || r.OvertimeKind != attendance.OvertimeWorkday {
		t.Errorf("corrected record: worked %d overtime %d %q", r.WorkedMinutes, r.OvertimeMinutes, r.OvertimeKind)
	}
	// Someone who checked in during the shift is still told so afterwards.
	h.at(time.Date(2026, 11, 26, 8, 58, 0, 0, shanghai))
	h.punch("amy", "/checkin")
	h.at(time.Date(2026, 11, 26, 19, 0, 0, 0, shanghai))
	mustContain(t, h.punch("amy", "/checkin"), "You already checked in at 08:58 (work date 2026-11-26).")
}

// fixButtons returns the Approve/Reject rows of corrections a person sees under /pending.
func (h *harness) fixButtons(person string) [][]bot.Button {
	h.t.Helper()
	var rows [][]bot.Button
	for _, r := range h.reply(person, bot.Incoming{Text: "/pending"}) {
		if len(r.Buttons) > 0 && r.Buttons[0][0].ActionID == "att.fix.approve" {
			rows = append(rows, r.Buttons[0])
		}
	}
	return rows
}

func TestAbsentCheckInIsNotAlsoLate(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 24, 9, 20, 0, 0, shanghai))
	mustContain(t, h.punch("amy", "/checkin"), "late by 20 min")
	h.at(time.Date(2026, 11, 25, 11, 30, 0, 0, shanghai))
	mustContain(t, h.punch("amy", "/checkin"), "today counts as absent")
	// The 25th is an absence; only the 24th is a late arrival.
	mustContain(t, h.punch("amy", "/me"), "Late 1× (20 min in all)")
}

func TestCorrectionRejectAsksReason(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai))
	mustContain(t, h.punch("mei", "补卡 昨天 下班 18:30 手机没电"), "已提交给 Boss Wang 审批")
	rows := h.fixButtons("boss")
	if len(rows) != 1 {
		t.Fatalf("boss sees %d corrections", len(rows))
	}
	// A colleague is refused before being asked anything.
	mustContain(t, h.pressAs("eve", rows[0][1]), "Only their manager or HR can decide that.")
	mustContain(t, h.pressAs("boss", rows[0][1]), "Why are you rejecting 梅梅's check-out correction for 2026-11-24 (18:30)?")
	// An empty answer is not a reason; the question stays open.
	mustContain(t, h.punch("boss", " "), "Please give a reason for the rejection.")
	mustContain(t, h.punch("boss", "the door log says 17:10"), "Rejected: 梅梅's check-out on 2026-11-24 at 18:30 (the door log says 17:10).")
	mustContain(t, h.punch("mei", "/me"), "Boss Wang 驳回了你 2026-11-24 的下班卡补卡（18:30）：the door log says 17:10")
	// The reason is on the decision, and in its audit row.
	var reason, audit string
	h.db.Pool().QueryRow(context.Background(), `SELECT reject_reason FROM attendance_corrections`).Scan(&reason)
	h.db.Pool().QueryRow(context.Background(), `SELECT after::text FROM audit_log WHERE action = 'attendance.reject_correction'`).Scan(&audit)
	if reason != "the door log says 17:10" || !strings.Contains(audit, "the door log says 17:10") {
		t.Errorf("stored reason %q, audit %s", reason, audit)
	}
	// Pressing Reject again says who decided, and asks nothing.
	mustContain(t, h.pressAs("hr", rows[0][1]), "Already rejected by Boss Wang")
}

func TestCorrectionDialog(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai))
	// Bare 补卡 asks, one thing at a time, with buttons where they help.
	r := h.reply("mei", bot.Incoming{Text: "补卡"})
	mustContain(t, r[0].Text, "补哪一天的卡？")
	yesterday := buttonValue(t, r[0], "att.fix.date", "昨天")
	if yesterday != "2026-11-24" {
		t.Errorf("yesterday button: %q", yesterday)
	}
	r = h.reply("mei", bot.Incoming{Action: &bot.Action{ID: "att.fix.date", Value: yesterday}})
	mustContain(t, r[0].Text, "补 2026-11-24 的上班卡还是下班卡？")
	in := buttonValue(t, r[0], "att.fix.kind", "上班卡")
	mustContain(t, h.punch("mei", "随便"), "没看懂这个回答。", "补 2026-11-24 的上班卡还是下班卡？")
	r = h.reply("mei", bot.Incoming{Action: &bot.Action{ID: "att.fix.kind", Value: in}})
	mustContain(t, r[0].Text, "2026-11-24 的上班卡应为几点？")
	mustContain(t, h.punch("mei", "8点55"), "补卡原因是什么？")
	mustContain(t, h.punch("mei", "忘记打卡"), "已提交给 Boss Wang 审批：2026-11-24 上班卡 08:55（忘记打卡）。")

	// Typed answers in English; what the line already said is not asked again.
	mustContain(t, h.punch("eve", "/fix in 8:50 bus was late"), "Which day needs correcting?")
	mustContain(t, h.punch("eve", "11-23"), "Sent to Boss Wang for approval: check-in on 2026-11-23 at 08:50 (bus was late).")
	mustContain(t, h.punch("eve", "/fix"), "Which day needs correcting?")
	mustContain(t, h.punch("eve", "11-20 out"), "What time should the check-out on 2026-11-20 say?")
	mustContain(t, h.punch("eve", "18:30 phone died"), "Sent to Boss Wang for approval: check-out on 2026-11-20 at 18:30 (phone died).")
	// A day that cannot be corrected is said at once, and another is asked for.
	mustContain(t, h.punch("amy", "/fix"), "Which day needs correcting?")
	mustContain(t, h.punch("amy", "2026-08-20"), "2026-08-20 is before your shop started using hrbot (2026-09-01)", "Which day needs correcting?")
	mustContain(t, h.punch("amy", "/cancel"), "Cancelled")
	var n int
	h.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM attendance_corrections`).Scan(&n)
	if n != 3 {
		t.Errorf("%d corrections stored, want 3", n)
	}
}

func TestCorrectionLimits(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai))
	// Before the hire date, before the org's go-live: nothing to correct.
	mustContain(t, h.punch("neo", "/fix 11-19 in 9:00 forgot"), "2026-11-19 is before your hire date (2026-11-20): there is nothing to correct.")
	mustContain(t, h.punch("amy", "/fix 2026-08-31 in 9:00 forgot"), "2026-08-31 is before your shop started using hrbot (2026-09-01)")
	mustContain(t, h.punch("mei", "补卡 2026-08-31 上班 9:00 忘了"), "2026-08-31 早于公司开始使用 hrbot 的日期（2026-09-01），无需补卡。")
	// corrections_per_month: 2, counted by the month of the corrected day.
	mustContain(t, h.punch("amy", "/fix 11-23 in 9:00 forgot"), "Sent to Boss Wang")
	mustContain(t, h.punch("amy", "/fix 11-24 in 9:00 phone died"), "Sent to Boss Wang")
	mustContain(t, h.punch("amy", "/fix 11-24 out 18:00 badge broken"), "You have used all 2 corrections allowed for 2026-11 (shop rule).")
	mustContain(t, h.punch("mei", "补卡 昨天 上班 9:00 忘了"), "已提交")
	mustContain(t, h.punch("mei", "补卡 11-23 上班 9:00 忘了"), "已提交")
	mustContain(t, h.punch("mei", "补卡 11-20 上班 9:00 忘了"), "2026-11 的补卡次数已用完（公司规定每月最多 2 次）。")
	mustContain(t, h.punch("amy", "/fix 10-30 in 9:00 app down"), "Sent to Boss Wang")
	// The guided dialog says so as soon as the day is known.
	h.punch("amy", "/fix")
	mustContain(t, h.punch("amy", "11-20"), "You have used all 2 corrections allowed for 2026-11", "Which day needs correcting?")
	h.punch("amy", "/cancel")
	// A rejected correction does not use one up.
	rows := h.fixButtons("boss")
	h.pressAs("boss", rows[0][1])
	mustContain(t, h.punch("boss", "no"), "Rejected: Amy's check-in on 2026-11-23")
	mustContain(t, h.punch("amy", "/fix 11-24 out 18:00 badge broken"), "Sent to Boss Wang")
}

// TestCorrectionLimitUnderConcurrency asks for five corrections at once
// with a cap of two: two are stored.
func TestCorrectionLimitUnderConcurrency(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai))
	ctx := context.Background()
	eve, err := store.NewDirectory(h.db).FindMemberByIdentity(ctx, core.PlatformConsole, "shop/eve")
	if err != nil {
		t.Fatal(err)
	}
	svc := attendance.NewService(store.NewAttendance(h.db), core.NewDirectory(store.NewDirectory(h.db), h.clock), h.clock)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var stored, refused int
	for i := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := attendance.CorrectionRequest{Date: core.NewDate(2026, 11, 16+i), Kind: attendance.FixCheckIn, Minute: 9 * 60, Reason: "x"}
			_, _, err := svc.RequestCorrection(ctx, eve, req, "console")
			mu.Lock()
			defer mu.Unlock()
			if e, ok := core.AsError(err); ok && e.Key == "att.fix_limit" {
				refused++
			} else if err == nil {
				stored++
			} else {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if stored != 2 || refused != 3 {
		t.Errorf("stored %d, refused %d; want 2 and 3", stored, refused)
	}
}

func TestMonthBeforeHireOrGoLive(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai))
	mustContain(t, h.punch("neo", "/me 1999-01"), "1999-01 is before your hire date (2026-11-20): there is no attendance to show.")
	mustContain(t, h.punch("amy", "/me 2026-08"), "2026-08 is before Test Shop started using hrbot (2026-09-01)")
	mustContain(t, h.punch("mei", "考勤 1999-01"), "1999-01 早于 Test Shop 开始使用 hrbot 的日期（2026-09-01），没有考勤可查。")
	mustContain(t, h.punch("amy", "/me 2027-01"), "2027-01 has not started yet.")
	// Hired on Friday the 20th: the 20th, 23rd and 24th are absences, the
	// 25th not yet (before 11:00); nothing before the 20th counts.
	mustContain(t, h.punch("neo", "/me"), "Worked 0 of 4 planned days · absent 3", "Counted from your hire date, 2026-11-20.")
	// A month that starts before the go-live counts from it.
	mustContain(t, h.punch("amy", "/me 2026-09"), "Worked 0 of 22 planned days · absent 22")
}

func TestScheduleSpans(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai)) // a Wednesday
	got := h.punch("amy", "/schedule next week")
	mustContain(t, got, "Your schedule 2026-11-30 – 2026-12-06:", "2026-11-30 Mon: standard hours 09:00–18:00", "2026-12-06 Sun: off")
	if strings.Contains(got, "2026-11-29") || strings.Contains(got, "2026-12-07") {
		t.Errorf("next week is Monday to Sunday: %q", got)
	}
	mustContain(t, h.punch("mei", "排班 下周"), "你 2026-11-30 至 2026-12-06 的排班：", "2026-12-05 周六：休息")
	// The words of a question name the span too: what a router passes on.
	mustContain(t, h.punch("mei", "排班 我下周上什么班"), "你 2026-11-30 至 2026-12-06 的排班：")
	mustContain(t, h.punch("nick", "/schedule this week"), "2026-11-23 – 2026-11-29", "2026-11-25 Wed: Night 22:00–06:00", "2026-11-27 Fri: off")
	mustContain(t, h.punch("amy", "/schedule 2026-10-01"), "2026-10-01 – 2026-10-01", "off · 国庆节")
	mustContain(t, h.punch("amy", "/schedule this month"), "2026-11-01 – 2026-11-30")
	mustContain(t, h.punch("amy", "/schedule"), "2026-11-25 – 2026-12-01")
	mustContain(t, h.punch("amy", "/schedule dec 1 to feb 1"), "at most 31 days")
	mustContain(t, h.punch("amy", "/schedule whenever"), "Which days?")
	// Asked in words without days: the coming week, not "Which days?".
	mustContain(t, h.punch("amy", "when is my next shift?"), "2026-11-25 – 2026-12-01")
	mustContain(t, h.punch("mei", "我下个班是什么时候"), "2026-11-25 至 2026-12-01")
}

// TestAttendanceCatalogueKeys reads the attendance code for the catalogue
// keys it uses and finds each in both languages; keys built from a prefix
// are checked for every value the code can append.
func TestAttendanceCatalogueKeys(t *testing.T) {
	t.Parallel()
	files := []string{"attendance.go", "../store/attendance.go"}
	coreFiles, err := filepath.Glob("../core/attendance/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range coreFiles {
		if !strings.HasSuffix(f, "_test.go") {
			files = append(files, f)
		}
	}
	use := regexp.MustCompile(`(?:b\.T\(t, |Errorf\(core\.E[A-Za-z]+, |helpKey: |key :?= )"([^"]+)"`)
	keys := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range use.FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = true
		}
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d keys: the pattern no longer matches the code", len(keys))
	}
	expand := map[string][]string{
		"att.flag.":        {attendance.FlagOutsideSite, attendance.FlagNoLocation},
		"att.kind.":        {string(attendance.FixCheckIn), string(attendance.FixCheckOut)},
		"att.fix_decided_": {string(attendance.CorrectionApproved), string(attendance.CorrectionRejected)},
		"ot.":              {string(attendance.OvertimeWorkday), string(attendance.OvertimeRestDay), string(attendance.OvertimeHoliday)},
		"day.":             {"workday", "rest_day", "holiday", "makeup_workday"},
		"weekday.":         {"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
		"att.today.": {string(attendance.StatusOff), string(attendance.StatusNotYet), string(attendance.StatusIn), string(attendance.StatusLate),
			string(attendance.StatusOut), string(attendance.StatusAbsent), string(attendance.StatusExtra), string(attendance.StatusOnLeave)},
	}
	for k := range keys {
		if strings.HasSuffix(k, ".") || strings.HasSuffix(k, "_") {
			if _, ok := expand[k]; !ok {
				t.Errorf("key prefix %q: add the values the code appends to this test", k)
			}
			delete(keys, k)
		}
	}
	for prefix, values := range expand {
		for _, v := range values {
			keys[prefix+v] = true
		}
	}
	cat := bot.NewCatalog()
	en, zh := cat.Keys(core.LocaleEN), cat.Keys(core.LocaleZH)
	for k := range keys {
		if !slices.Contains(en, k) {
			t.Errorf("%q is used but missing in English", k)
		}
		if !slices.Contains(zh, k) {
			t.Errorf("%q is used but missing in Chinese", k)
		}
	}
}

// TestRejectQuestionClosesWhenDecided: an approver who pressed Reject and
// then Approve (or whom a colleague beat to it) is not left with a
// question that eats their next message.
func TestRejectQuestionClosesWhenDecided(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, attendanceOrg)
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai))
	h.punch("amy", "/fix yesterday in 8:55 forgot")
	h.punch("eve", "/fix yesterday in 8:50 bus")
	rows := h.fixButtons("boss")
	mustContain(t, h.pressAs("boss", rows[0][1]), "Why are you rejecting Amy's")
	mustContain(t, h.pressAs("boss", rows[0][0]), "Approved: Amy's check-in")
	mustContain(t, h.punch("boss", "/cancel"), "There is nothing to cancel.")
	mustContain(t, h.pressAs("boss", rows[1][1]), "Why are you rejecting Eve's")
	mustContain(t, h.pressAs("hr", rows[1][0]), "Approved: Eve's check-in")
	mustContain(t, h.punch("boss", "too late anyway"), "Already approved by Helen HR")
	mustContain(t, h.punch("boss", "/cancel"), "There is nothing to cancel.")
}
