package bot_test

import (
	"context"

	"github.com/shopspring/decimal"
	"strconv"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/core/onboarding"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/store"
)

// leavingHarness is transferOrg's bot with resignations on: Alice
// (English) and Bob (中文) work for Boss; Helen is HR. Wednesday 25
// November 2026 is the day, so the 30 days' notice ends on Friday 25
// December.
type leavingHarness struct {
	*transferHarness
	leaving    *leaving.Service
	checklists *onboarding.Service
}

func newLeavingHarness(t *testing.T) *leavingHarness { return newLeavingHarnessWith(t, "") }

// newLeavingHarnessWith adds more of the org's sections to transferOrg,
// and offboarding checklists to the bot.
func newLeavingHarnessWith(t *testing.T, more string) *leavingHarness {
	t.Helper()
	th := &transferHarness{harness: newHarnessWith(t, transferOrg+more)}
	th.restart()
	h := &leavingHarness{transferHarness: th}
	h.at("2026-11-25 10:00")
	st := store.NewLeavings(h.db)
	h.leaving = leaving.NewService(st, h.att, st, h.dir, h.clock)
	h.checklists = onboarding.NewService(store.NewOnboarding(h.db), store.NewEvents(h.db), nil, h.dir, h.clock)
	h.bot = bot.New(bot.Config{Directory: h.dir, Attendance: h.att, Inbox: store.NewOutbox(h.db),
		Conversations: store.NewConversations(h.db), Clock: h.clock,
		Desks: bot.Desks{Leaving: h.leaving, Onboarding: h.checklists}})
	return h
}

// A resignation from the first word to the last day: Alice is told her
// notice and the earliest day, a shorter one is refused with it, she
// submits; Boss approves (it goes on to HR); HR agrees an earlier day;
// Alice is told. The day after her last, the pass makes her left: her
// chat account no longer reaches hrbot and Boss is told.
func TestResignationInChat(t *testing.T) {
	t.Parallel()
	h := newLeavingHarness(t)
	ctx := context.Background()

	// Said in words, it starts the same: "我想辞职" was not understood.
	mustContain(t, h.console("bob", "我想辞职"), "30 天", "2026-12-25")
	mustContain(t, h.console("bob", "取消"), "取消")
	mustContain(t, h.console("alice", "/resign"), "Your notice is 30 days", "2026-12-25 (Fri) at the earliest")
	mustContain(t, h.console("alice", "2026-12-10"), "Resigning needs 30 days' notice: the last day can be 2026-12-25 at the earliest.")
	preview := h.replies("alice", "2026-12-31 found a job closer to home")
	mustContain(t, preview[0].Text, "You resign; your last day is 2026-12-31 (Thu).", "Reason: found a job closer to home")
	mustContain(t, h.pressAs("alice", button(t, preview, "leaving.submit")), "is waiting for Boss Wang")
	// Pressing Submit again (a double click) files nothing more.
	mustContain(t, h.pressAs("alice", button(t, preview, "leaving.submit")), "no longer")
	if n := h.count(`SELECT count(*) FROM resignations`); n != 1 {
		t.Fatalf("resignations stored: %d, want 1", n)
	}
	mine := texts(h.replies("alice", "/resign"))
	mustContain(t, mine, "Resignation #", "last day 2026-12-31 (Thu) (waiting for approval)", "Notice of 30 days", "Waiting for Boss Wang (manager).")

	mustContain(t, h.console("hr", "/resignations"), "Open resignations: 1", "Alice Li, last day 2026-12-31 (Thu)",
		"Waiting for Boss Wang (manager); as HR you may decide it now.")
	mustContain(t, h.console("bob", "/离职审批"), "没有进行中的离职。")
	// Boss's notification is the card with his buttons; approving passes it on.
	card := h.replies("boss", "/whoami")
	mustContain(t, texts(card), "Your decision is asked for, as manager.")
	mustContain(t, h.pressAs("boss", button(t, card, "leaving.approve")), "Approved for Alice Li; it now goes to Helen HR.")
	// Bob, a colleague, cannot decide it.
	id := strconv.Itoa(h.count(`SELECT max(id) FROM resignations`))
	mustContain(t, h.pressAs("bob", bot.Button{ActionID: "leaving.approve", Value: id}), "只有其上级或 HR 可以审批。")
	// HR agrees an earlier day.
	mustContain(t, h.pressAs("hr", bot.Button{ActionID: "leaving.earlier", Value: id}), "Which earlier last day did you agree with Alice Li")
	mustContain(t, h.console("hr", "2026-12-18"), "Approved: Alice Li leaves; last day 2026-12-18 (Fri).")
	mustContain(t, h.console("alice", "/whoami"), "Your resignation is approved by Helen HR: your last day is 2026-12-18")
	mustContain(t, h.pressAs("boss", bot.Button{ActionID: "leaving.approve", Value: id}), "Helen HR has already dealt with this resignation")

	// Her last day is not over on it; the morning after, it is.
	h.at("2026-12-18 23:00")
	if n, err := h.leaving.ApplyDue(ctx); err != nil || n != 0 {
		t.Fatalf("pass on the last day: %d, %v", n, err)
	}
	h.at("2026-12-19 00:30")
	if n, err := h.leaving.ApplyDue(ctx); err != nil || n != 1 {
		t.Fatalf("pass the day after: %d, %v", n, err)
	}
	if n := h.count(`SELECT count(*) FROM chat_identities c JOIN employees e ON e.id = c.employee_id WHERE e.key = 'alice'`); n != 0 {
		t.Errorf("Alice's chat accounts left linked: %d", n)
	}
	if got := h.console("alice", "/whoami"); strings.Contains(got, "Alice Li") {
		t.Errorf("Alice still recognised after leaving: %q", got)
	}
	mustContain(t, h.console("boss", "/whoami"), "Alice Li has left (last day 2026-12-18 (Fri))")
}

// Bob (中文) resigns with a date in words and withdraws it while it
// waits; HR then ends his employment, asked the reason; a manager may
// not; a second open resignation is refused.
func TestResignationWithdrawnAndHREnding(t *testing.T) {
	t.Parallel()
	h := newLeavingHarness(t)

	mustContain(t, h.console("bob", "/离职 下周五 回老家"), "辞职需提前 30 天通知：最后工作日最早为 2026-12-25")
	preview := h.replies("bob", "/辞职 2027年1月8日 回老家发展")
	mustContain(t, preview[0].Text, "你申请辞职，最后工作日 2027-01-08（周五）。", "原因：回老家发展")
	mustContain(t, h.pressAs("bob", button(t, preview, "leaving.submit")), "等待 Boss Wang 审批")
	mustContain(t, h.console("hr", "/offboard bob 2026-12-31 x"), "Bob Chen already has a resignation open")
	card := h.replies("bob", "/离职")
	mustContain(t, texts(card), "待审批")
	mustContain(t, h.pressAs("bob", button(t, card, "leaving.withdraw")), "已撤回：Bob Chen 于 2027-01-08（周五）的离职。")
	mustContain(t, h.console("boss", "/whoami"), "Bob Chen's resignation (last day 2027-01-08 (Fri)) is withdrawn.")

	mustContain(t, h.console("boss", "/offboard bob 2026-12-31 not needed"), "Only HR or an administrator can do that.")
	mustContain(t, h.console("hr", "/offboard bob 2026-12-31"), "Why does Bob Chen's employment end?")
	preview = h.replies("hr", "contract not renewed")
	mustContain(t, preview[0].Text, "End the employment of Bob Chen; last day 2026-12-31 (Thu).", "Reason: contract not renewed")
	mustContain(t, h.pressAs("hr", button(t, preview, "leaving.submit")), "Recorded: Bob Chen's employment ends; last day 2026-12-31 (Thu)")
	mustContain(t, h.console("bob", "/whoami"), "HR（Helen HR）已登记你的劳动关系结束，最后工作日 2026-12-31（周四）")
	// HR takes it back, by agreement, with a reason.
	id := strconv.Itoa(h.count(`SELECT max(id) FROM resignations`))
	mustContain(t, h.pressAs("hr", bot.Button{ActionID: "leaving.withdraw", Value: id}), "Why is the leaving of Bob Chen on 2026-12-31 (Thu) cancelled?")
	mustContain(t, h.console("hr", "agreed to stay"), "Withdrawn: the leaving of Bob Chen on 2026-12-31 (Thu).")
	mustContain(t, h.console("bob", "/whoami"), "你于 2026-12-31（周四）结束劳动关系的安排已取消。")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'leaving.cancel' AND reason = 'agreed to stay'`); n != 1 {
		t.Errorf("HR's cancel audited with its reason: %d rows", n)
	}
}

// offboardingOrg gives every job the same checklist for leaving.
const offboardingOrg = `    offboarding:
      checklists:
        - job: default
          tasks:
            - {title: {zh-CN: 工作交接, en: Hand over your work}, owner: person, day: -7}
            - {title: {zh-CN: 离职面谈, en: Exit talk}, owner: manager, day: -1}
            - {title: Return the laptop 归还电脑, owner: hr, day: 0}
            - {title: {zh-CN: 结算最后一笔工资, en: Settle the final pay}, owner: hr, day: 2}
`

// An approved leaving gets the offboarding checklist of the org file,
// counted back from the last day; each task is reminded to its owner on
// its day; a leaving cancelled takes its checklist with it.
func TestOffboardingChecklist(t *testing.T) {
	t.Parallel()
	h := newLeavingHarnessWith(t, offboardingOrg)
	ctx := context.Background()
	approve := func(person, lastDay string) string {
		preview := h.replies(person, "/resign "+lastDay)
		h.pressAs(person, button(t, preview, "leaving.submit"))
		id := strconv.Itoa(h.count(`SELECT max(id) FROM resignations`))
		h.pressAs("boss", bot.Button{ActionID: "leaving.approve", Value: id})
		mustContain(t, h.pressAs("hr", bot.Button{ActionID: "leaving.approve", Value: id}), "Approved")
		return id
	}
	tasksOf := func(person string) int {
		return h.count(`SELECT count(*) FROM checklist_tasks t JOIN checklists c ON c.id = t.checklist_id
			JOIN employees e ON e.id = c.employee_id WHERE e.key = $1 AND c.kind = 'offboarding'`, person)
	}
	approve("alice", "2026-12-31")
	if err := h.checklists.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if n := tasksOf("alice"); n != 4 {
		t.Fatalf("Alice's offboarding tasks: %d, want 4", n)
	}
	if got := h.console("alice", "/whoami"); strings.Contains(got, "Hand over") {
		t.Errorf("reminded a week early: %q", got)
	}

	h.at("2026-12-24 09:30")
	if err := h.checklists.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	note := h.replies("alice", "/whoami")
	mustContain(t, texts(note), "Alice Li is leaving: “Hand over your work” is due 2026-12-24.")
	mustContain(t, h.pressAs("alice", button(t, note, "onboarding.done")), "Hand over your work (Alice Li) — done, by Alice Li.")
	h.at("2026-12-30 09:30")
	if err := h.checklists.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.console("boss", "/whoami"), "Alice Li is leaving: “Exit talk” is due 2026-12-30.")
	// After her last day she is gone, but HR's tasks for her are not:
	// the final pay two days later is reminded and listed.
	h.at("2027-01-01 00:30")
	if n, err := h.leaving.ApplyDue(ctx); err != nil || n != 1 {
		t.Fatalf("last-day pass: %d, %v", n, err)
	}
	h.at("2027-01-02 09:30")
	if err := h.checklists.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.console("hr", "/whoami"), "Alice Li is leaving: “Settle the final pay” is due 2027-01-02.")
	mustContain(t, h.console("hr", "/onboarding"), "Settle the final pay")

	// Bob's leaving, approved then cancelled by agreement: no checklist left.
	h.at("2026-11-26 10:00")
	id := approve("bob", "2027-01-08")
	if err := h.checklists.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if n := tasksOf("bob"); n != 4 {
		t.Fatalf("Bob's offboarding tasks: %d, want 4", n)
	}
	h.pressAs("hr", bot.Button{ActionID: "leaving.withdraw", Value: id})
	mustContain(t, h.console("hr", "agreed to stay"), "Withdrawn")
	if n := tasksOf("bob"); n != 0 {
		t.Errorf("a cancelled leaving's tasks left: %d", n)
	}
}

// Final pay: HR ends Alice's employment with Friday 18 December as her
// last day. December's run pays her salary for the 14 of its 23 working
// days she was employed, counts no absence after her last day, and pays
// her unused annual leave: a year's 5 days (one full year of work), 352
// days of 2026 worked → 352 × 5 ÷ 365 = 4.8 → 4 days, none taken, at
// 8,700 ÷ 21.75 = 400 a day, × 200 % = 3,200.00.
func TestFinalPayWithLeavePayout(t *testing.T) {
	t.Parallel()
	h := newLeavingHarnessWith(t, "    leave_types:\n      - {key: annual, name: Annual, unit: half_day, accrual: statutory_cn}\n")
	ctx := context.Background()
	if _, err := h.leaving.Request(ctx, h.member("hr"), leaving.Ask{Person: "alice", LastDay: core.NewDate(2026, 12, 18),
		Reason: "store closing"}, "test"); err != nil {
		t.Fatal(err)
	}
	var orgID int64
	if err := h.db.Pool().QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&orgID); err != nil {
		t.Fatal(err)
	}
	zero := decimal.Zero
	if _, err := store.NewPayroll(h.db).SaveProfiles(ctx, orgID, []payroll.ProfileInput{{Key: "alice", Profile: pay.Profile{
		Kind: pay.Monthly, Salary: decimal.NewFromInt(8700), PensionRate: zero, MedicalRate: zero, UnemploymentRate: zero, HousingRate: zero,
	}}}, "test", h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.Pool().Exec(ctx, `
		INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in, check_out, worked_minutes)
		SELECT e.org_id, e.id, d::date, 'workday', (d::date + time '09:00') AT TIME ZONE 'Asia/Shanghai',
		       (d::date + time '18:00') AT TIME ZONE 'Asia/Shanghai', 540
		FROM employees e, generate_series('2026-12-01'::date, '2026-12-18'::date, interval '1 day') d
		WHERE e.key = 'alice' AND extract(isodow FROM d) < 6`); err != nil {
		t.Fatal(err)
	}
	org := h.member("hr").Org
	h.at("2026-12-19 08:00")
	if n, err := h.leaving.ApplyDue(ctx); err != nil || n != 1 {
		t.Fatalf("last-day pass: %d, %v", n, err)
	}
	h.at("2027-01-02 10:00")
	lv := leave.NewService(store.NewLeaves(h.db), h.att, h.dir, h.clock)
	svc := payroll.NewService(store.NewPayroll(h.db), h.att, h.dir, h.clock).WithAnnualLeave(lv)
	run, _, err := svc.DraftOrg(ctx, org, "2026-12", "test")
	if err != nil {
		t.Fatal(err)
	}
	var slip *payroll.Slip
	for i := range run.Slips {
		if run.Slips[i].Key == "alice" {
			slip = &run.Slips[i]
		}
	}
	if slip == nil {
		t.Fatalf("no final payslip for Alice: %+v", run.Slips)
	}
	lines := map[string]pay.Line{}
	for _, l := range slip.Lines {
		lines[l.Code] = l
	}
	if l := lines[pay.CodeProrate]; l.Params["employed"] != "14" || l.Params["workdays"] != "23" {
		t.Errorf("prorate line %+v, want 14 of 23 working days", l)
	}
	if l, ok := lines[pay.CodeAbsence]; ok {
		t.Errorf("absences counted after the last day: %+v", l)
	}
	l := lines[pay.CodeLeavePayout]
	if l.Amount.StringFixed(2) != "3200.00" || l.Params["days"] != "4" || l.Params["earned"] != "4" || l.Params["daily"] != "400.00" {
		t.Errorf("leave payout line %+v, want 4 days × 400.00 × 200%% = 3200.00", l)
	}
	// Its line reads like every other line, in the reader's language.
	mustContain(t, bot.DescribeLine(i18n.New(), core.LocaleEN, l), "Unused annual leave, paid on leaving",
		"4 day(s) (4 earned this year − 0 taken) × daily wage 400.00 × 200%")
	mustContain(t, bot.DescribeLine(i18n.New(), core.LocaleZH, l), "未休年休假工资报酬（离职）", "4 天（今年应休 4 天 − 已休 0 天）× 日工资 400.00 × 200%")
}
