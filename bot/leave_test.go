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
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/store"
)

const leaveOrg = `
orgs:
  - key: shop
    name: Test Shop
    time_zone: Asia/Shanghai
    calendar:
      holidays:
        - {date: 2027-01-01, name: 元旦}
      workdays:
        - {date: 2027-01-02, name: 元旦调休上班}
    leave:
      hr_approval_over_days: 3
      resend_after_hours: 24
    leave_types:
      - {key: annual, name: Annual, aliases: [年假], unit: half_day, accrual: statutory_cn}
      - {key: sick, name: Sick, aliases: [病假], unit: half_day, accrual: fixed, entitlement_days: 5, attachment_required: true}
      - {key: personal, name: Personal, aliases: [事假], unit: hour, paid: false, reason_required: true}
      - {key: marriage, name: Marriage, aliases: [婚假], accrual: fixed, entitlement_days: 3}
    shifts:
      - {key: cs, name: CS, start: "09:00", end: "18:00", break_minutes: 60, job: customer-service}
    schedules:
      - key: cs-week
        start: 2026-11-02
        weeks:
          - {mon: cs, tue: cs, wed: cs, thu: cs, fri: cs}
    employees:
      - {key: boss, name: Boss Wang, role: manager, locale: en, delegate: dep, hire_date: 2010-01-01}
      - {key: dep, name: Deputy Dee, role: employee, locale: en, manager: boss, hire_date: 2018-01-01}
      - {key: hr, name: Helen HR, role: hr, locale: en}
      - {key: amy, name: Amy, manager: boss, locale: en, job: customer-service, schedule: cs-week, hire_date: 2015-03-01}
      - {key: bea, name: Bea, manager: boss, locale: en, job: customer-service, schedule: cs-week, hire_date: 2024-01-01}
      - {key: zoe, name: Zoe, manager: boss, locale: en, hire_date: 2020-06-01}
`

func newLeaveHarness(t *testing.T) *harness {
	h := newHarnessWith(t, leaveOrg)
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai))
	return h
}

// ask sends a request and presses Submit on its preview.
func (h *harness) ask(person, text string) (preview, sent string) {
	h.t.Helper()
	in := bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person, UserID: "shop/" + person, Text: text}
	replies, err := h.bot.Handle(context.Background(), in)
	if err != nil || len(replies) == 0 {
		h.t.Fatalf("%s: %v %v", text, replies, err)
	}
	preview = replies[0].Text
	if len(replies[0].Buttons) == 0 || replies[0].Buttons[0][0].ActionID != "leave.submit" {
		return preview, ""
	}
	return preview, h.pressAs(person, replies[0].Buttons[0][0])
}

func (h *harness) pressAs(person string, b bot.Button) string {
	h.t.Helper()
	return h.send(bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person, UserID: "shop/" + person, Action: &bot.Action{ID: b.ActionID, Value: b.Value}})
}

// pendingButtons returns the Approve/Reject rows a person sees under /pending.
func (h *harness) pendingButtons(person string) [][]bot.Button {
	h.t.Helper()
	replies, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person, UserID: "shop/" + person, Text: "/pending"})
	if err != nil {
		h.t.Fatal(err)
	}
	var rows [][]bot.Button
	for _, r := range replies {
		if len(r.Buttons) > 0 && r.Buttons[0][0].ActionID == "leave.approve" {
			rows = append(rows, r.Buttons[0])
		}
	}
	return rows
}

func TestLeaveOneLineRequests(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	cases := []struct{ person, text, want string }{
		// Mon 30 Nov – Fri 4 Dec: five working days.
		{"zoe", "leave annual nov 30 - dec 4 family visit", "Annual: 2026-11-30 → 2026-12-04 — 5 working day(s)."},
		// Over New Year: 1 Jan is a holiday, Saturday 2 Jan a make-up working day, Sunday off.
		{"zoe", "请假 病假 12月31日到1月3日", "Sick: 2026-12-31 → 2027-01-03 — 2 working day(s)."},
		{"zoe", "leave sick tomorrow afternoon", "Sick: 2026-11-26 afternoon — 0.5 working day(s)."},
		{"zoe", "leave sick tomorrow", "Sick needs a document (a doctor's note, a certificate): give it to HR."},
		{"zoe", "请假 事假 明天 2小时 看病", "Personal: 2026-11-26 — 2 hour(s)."},
		// Amy works shifts Monday to Friday; the make-up Saturday is not hers.
		{"amy", "leave sick jan 1-3", "has no working day for you"},
		{"zoe", "leave marriage tomorrow afternoon", "Marriage is taken in whole days."},
		{"zoe", "请假 事假 明天", "Personal needs a reason"},
		{"zoe", "leave annual dec 1-3 2月30日", "Annual: 2026-12-01 → 2026-12-03"},
		{"zoe", "leave annual 2月30日", "There is no such date as 2月30日"},
		{"zoe", "leave annual yesterday", "Leave cannot start in the past"},
		{"zoe", "leave annual dec 1 - dec 20", "Not enough Annual: you have 5 day(s), this needs 14"},
		{"zoe", "leave dec 1", "Which kind of leave?"},
		{"zoe", "请假 年假", "Which dates?"},
	}
	for _, c := range cases {
		mustContain(t, h.punch(c.person, c.text), c.want)
	}
	// Answering the dates question finishes the request.
	got := h.punch("zoe", "下周一")
	mustContain(t, got, "Annual: 2026-11-30 — 1 working day(s).", "Balance: 5 day(s) now, 4 after this request.")
}

func TestLeaveApprovedUpdatesBalance(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	mustContain(t, h.punch("zoe", "/balance"), "Annual: 5 day(s) left of 5")
	preview, sent := h.ask("zoe", "leave annual dec 1-3 wedding trip")
	mustContain(t, preview, "Balance: 5 day(s) now, 2 after this request.", "It goes to Boss Wang for approval.")
	mustContain(t, sent, "Sent: Annual 2026-12-01 → 2026-12-03")
	mustContain(t, h.punch("zoe", "/balance"), "Annual: 2 day(s) left of 5 (used 0) — 3 day(s) pending")

	// The manager's next message carries the request, with who else is off.
	got := h.punch("boss", "/whoami")
	mustContain(t, got, "Zoe asks for Annual: 2026-12-01 → 2026-12-03 — 3 working day(s).", "Reason: wedding trip")
	rows := h.pendingButtons("boss")
	if len(rows) != 1 {
		t.Fatalf("boss sees %d requests", len(rows))
	}
	mustContain(t, h.pressAs("boss", rows[0][0]), "Approved: Zoe, 2026-12-01 → 2026-12-03.")
	// A second click, or HR's, does nothing and says who decided.
	mustContain(t, h.pressAs("hr", rows[0][0]), "Already approved by Boss Wang")
	mustContain(t, h.pressAs("boss", rows[0][1]), "Already approved by Boss Wang")
	got = h.punch("zoe", "/balance")
	mustContain(t, got, "Annual: 2 day(s) left of 5 (used 3)", "Boss Wang approved your leave 2026-12-01 → 2026-12-03.")

	// Who is off that week, seen in the first days of December.
	h.at(time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai))
	mustContain(t, h.punch("boss", "/whosoff"), "Zoe: 2026-12-01 → 2026-12-03")
	var audits int
	h.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action IN ('leave.request', 'leave.approve')`).Scan(&audits)
	if audits != 2 {
		t.Errorf("%d leave audit rows, want 2", audits)
	}
}

func TestLeaveRejectAsksReason(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	h.ask("zoe", "leave annual dec 7")
	rows := h.pendingButtons("boss")
	mustContain(t, h.pressAs("boss", rows[0][1]), "Why are you rejecting Zoe's request?")
	mustContain(t, h.punch("boss", "peak season, sorry"), "Rejected: Zoe, 2026-12-07 (peak season, sorry).")
	mustContain(t, h.punch("zoe", "/balance"), "Boss Wang rejected your leave 2026-12-07: peak season, sorry", "Annual: 5 day(s) left")
}

func TestLeaveOverlapRejectedByDatabase(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	svc := h.leaveService()
	zoe, err := store.NewDirectory(h.db).FindMemberByIdentity(context.Background(), core.PlatformConsole, "shop/zoe")
	if err != nil {
		t.Fatal(err)
	}
	// Ten overlapping requests race: exactly one is stored.
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, conflicts := 0, 0
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ask := leave.Ask{Type: "personal", Reason: "moving house",
				Span: leave.Span{From: core.NewDate(2026, 12, 1+i%3), To: core.NewDate(2026, 12, 4), FromPart: leave.FullDay, ToPart: leave.FullDay}}
			_, _, err := svc.Submit(context.Background(), zoe, ask, "test")
			mu.Lock()
			defer mu.Unlock()
			switch e, _ := core.AsError(err); {
			case err == nil:
				ok++
			case e != nil && e.Key == "leave.overlap_error":
				conflicts++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 1 || conflicts != 9 {
		t.Errorf("stored %d, refused %d; want 1 and 9", ok, conflicts)
	}
	// Half days that do not touch are fine: a morning and an afternoon.
	_, sentAM := h.ask("zoe", "leave sick dec 8 morning")
	_, sentPM := h.ask("zoe", "leave sick dec 8 afternoon")
	mustContain(t, sentAM+sentPM, "Sent: Sick 2026-12-08 morning", "Sent: Sick 2026-12-08 afternoon")
	preview, _ := h.ask("zoe", "leave sick dec 8")
	mustContain(t, preview, "overlaps another request of yours")
}

func (h *harness) leaveService() *leave.Service {
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	return leave.NewService(store.NewLeaves(h.db), attendance.NewService(store.NewAttendance(h.db), dir, h.clock), dir, h.clock)
}

func TestLeaveCancelAndStaleButtons(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	h.ask("zoe", "leave annual dec 10")
	rows := h.pendingButtons("boss")
	// Zoe withdraws it; the manager's button then does nothing.
	replies, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:zoe", UserID: "shop/zoe", Text: "/myleave"})
	if err != nil || len(replies) != 2 {
		t.Fatalf("myleave: %+v %v", replies, err)
	}
	mustContain(t, h.pressAs("zoe", replies[1].Buttons[0][0]), "Cancelled your leave 2026-12-10.")
	mustContain(t, h.pressAs("boss", rows[0][0]), "Zoe has cancelled this request.")
	mustContain(t, h.pressAs("zoe", replies[1].Buttons[0][0]), "Zoe has cancelled this request.")

	// An approved future leave can be cancelled too: the balance comes back
	// and the manager is told.
	h.ask("zoe", "leave annual dec 11")
	h.pressAs("boss", h.pendingButtons("boss")[0][0])
	mustContain(t, h.punch("zoe", "/balance"), "Annual: 4 day(s) left")
	replies, _ = h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:zoe", UserID: "shop/zoe", Text: "/myleave"})
	mustContain(t, h.pressAs("zoe", replies[1].Buttons[0][0]), "Cancelled your leave 2026-12-11.")
	mustContain(t, h.punch("zoe", "/balance"), "Annual: 5 day(s) left")
	mustContain(t, h.punch("boss", "/whoami"), "Zoe cancelled their approved leave 2026-12-11.")
	// Someone else cannot cancel it.
	h.ask("zoe", "leave annual dec 14")
	replies, _ = h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:zoe", UserID: "shop/zoe", Text: "/myleave"})
	mustContain(t, h.pressAs("amy", replies[1].Buttons[0][0]), "Only HR or an administrator can do that.")
}

func TestLeaveTwoStepChainAndDelegate(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	// Four days is over the org's three: manager, then HR.
	_, sent := h.ask("amy", "leave annual dec 1-4")
	mustContain(t, sent, "waiting for Boss Wang")
	mustContain(t, h.pressAs("boss", h.pendingButtons("boss")[0][0]), "Approved for Amy, 2026-12-01 → 2026-12-04; it now goes to HR.")
	if len(h.pendingButtons("boss")) != 0 {
		t.Error("the manager still sees it")
	}
	got := h.punch("hr", "/whoami")
	mustContain(t, got, "Amy asks for Annual", "Approved by the manager; HR's approval is needed too.")
	mustContain(t, h.pressAs("hr", h.pendingButtons("hr")[0][0]), "Approved: Amy, 2026-12-01 → 2026-12-04.")

	// Amy's shifts in those days are uncovered for the cover pool.
	var events int
	h.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM domain_events WHERE kind = 'shift.uncovered' AND payload->>'job' = 'customer-service'`).Scan(&events)
	if events != 4 {
		t.Errorf("%d shift.uncovered events, want 4", events)
	}

	// The manager takes today off; his delegate approves meanwhile.
	h.ask("boss", "leave annual today")
	h.pressAs("hr", h.pendingButtons("hr")[0][0])
	_, sent = h.ask("bea", "leave sick dec 15")
	mustContain(t, sent, "waiting for Deputy Dee")
	mustContain(t, h.pressAs("dep", h.pendingButtons("dep")[0][0]), "Approved: Bea, 2026-12-15.")
	// Dee cannot approve her own requests through the delegation.
	_, sent = h.ask("dep", "leave sick dec 16")
	mustContain(t, sent, "waiting for Boss Wang")
}

func TestLeaveResentWhenWaiting(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	h.ask("zoe", "leave annual dec 10")
	h.punch("boss", "/whoami") // the first notification is seen
	svc := h.leaveService()
	if n, err := svc.ResendStale(context.Background()); err != nil || n != 0 {
		t.Fatalf("too early: %d %v", n, err)
	}
	h.clock.Add(25 * time.Hour)
	if n, err := svc.ResendStale(context.Background()); err != nil || n != 1 {
		t.Fatalf("after a day: %d %v", n, err)
	}
	mustContain(t, h.punch("boss", "/whoami"), "Still waiting: 📝 Zoe asks for Annual")
	if n, _ := svc.ResendStale(context.Background()); n != 0 {
		t.Errorf("sent again at once: %d", n)
	}
}

func TestLeaveInChinese(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, strings.ReplaceAll(leaveOrg, "locale: en", "locale: zh-CN"))
	h.at(time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai))
	preview, sent := h.ask("zoe", "请假 年假 12月1日到3日 回老家")
	mustContain(t, preview, "📋 Annual：2026-12-01 → 2026-12-03，共 3 个工作日。", "余额：现在 5 天，提交后 2 天。", "原因：回老家")
	mustContain(t, sent, "已提交")
	mustContain(t, h.punch("boss", "待审批"), "Zoe 申请Annual：2026-12-01 → 2026-12-03")
	mustContain(t, h.punch("zoe", "假期余额"), fmt.Sprintf("审批中 %d 天", 3))
}

func TestLeaveBalanceRace(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	svc := h.leaveService()
	zoe, _ := store.NewDirectory(h.db).FindMemberByIdentity(context.Background(), core.PlatformConsole, "shop/zoe")
	// Five days of annual leave; two 3-day requests for different weeks at once.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := core.NewDate(2026, 12, 1+7*i)
			_, _, errs[i] = svc.Submit(context.Background(), zoe, leave.Ask{Type: "annual",
				Span: leave.Span{From: from, To: from.AddDays(2), FromPart: leave.FullDay, ToPart: leave.FullDay}}, "test")
		}()
	}
	wg.Wait()
	failed := 0
	for _, err := range errs {
		if e, ok := core.AsError(err); ok && e.Key == "leave.insufficient" {
			failed++
		} else if err != nil {
			t.Errorf("unexpected: %v", err)
		}
	}
	if failed != 1 {
		t.Errorf("%d of 2 racing requests refused, want exactly 1", failed)
	}
}

func TestLeaveAndAttendanceAgree(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	h.ask("amy", "leave sick dec 1")
	h.pressAs("boss", h.pendingButtons("boss")[0][0])
	h.at(time.Date(2026, 12, 1, 12, 0, 0, 0, shanghai))
	mustContain(t, h.punch("boss", "/today"), "On leave (1): Amy", "Absent (3): Bea")
	mustContain(t, h.punch("amy", "/me"), "absent 0 · on leave 1")
}

func TestCompensatoryLeaveFromRestDayOvertime(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, strings.Replace(leaveOrg, "    leave_types:\n",
		"    leave_types:\n      - {key: comp, name: Lieu, aliases: [调休], unit: hour, accrual: rest_day_overtime}\n", 1))
	// Zoe works five hours on Sunday 29 November.
	h.at(time.Date(2026, 11, 29, 10, 0, 0, 0, shanghai))
	h.punch("zoe", "/checkin")
	h.at(time.Date(2026, 11, 29, 16, 0, 0, 0, shanghai))
	mustContain(t, h.punch("zoe", "/checkout"), "Overtime: 5 h (rest day).")
	mustContain(t, h.punch("zoe", "/balance"), "Lieu: 5 hour(s) left of 5")
	preview, _ := h.ask("zoe", "请假 调休 明天 4小时")
	mustContain(t, preview, "Lieu: 2026-11-30 — 4 hour(s).", "Balance: 5 hour(s) now, 1 after")
}

func TestCarryOver(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, strings.Replace(leaveOrg, "accrual: statutory_cn}", `accrual: statutory_cn, carry_over_days: 3, carry_over_expires: "03-31"}`, 1))
	// Zoe took 1 of her 5 days in 2026: 3 of the other 4 carry into 2027 until March.
	h.ask("zoe", "leave annual dec 2")
	h.pressAs("boss", h.pendingButtons("boss")[0][0])
	h.at(time.Date(2027, 1, 5, 10, 0, 0, 0, shanghai))
	mustContain(t, h.punch("zoe", "/balance"), "Annual: 8 day(s) left of 8")
	h.ask("zoe", "leave annual jan 6")
	h.pressAs("boss", h.pendingButtons("boss")[0][0])
	// After 31 March only the carried day she used still counts.
	h.at(time.Date(2027, 4, 1, 10, 0, 0, 0, shanghai))
	mustContain(t, h.punch("zoe", "/balance"), "Annual: 5 day(s) left of 6 (used 1)")
}
