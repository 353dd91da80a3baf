package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/core/reports"
	"github.com/hrbot/hrbot/core/transfer"
	"github.com/hrbot/hrbot/store"
)

// transferOrg: Alice works customer service's early shift for Boss;
// Lead runs operations on the late shift. Wednesday 25 November 2026 is
// the harness's day; "next Monday" is the 30th.
const transferOrg = `
orgs:
  - key: shop
    name: Test Shop
    time_zone: Asia/Shanghai
    locale: en
    go_live: 2026-10-01
    teams:
      - {key: cs, name: Customer service}
      - {key: ops, name: Operations}
    shifts:
      - {key: early, name: Early, start: "09:00", end: "18:00"}
      - {key: late, name: Late, start: "14:00", end: "23:00"}
    schedules:
      - key: cs-week
        name: CS week
        start: 2026-11-02
        weeks:
          - {mon: early, tue: early, wed: early, thu: early, fri: early}
      - key: ops-week
        name: Ops week
        start: 2026-11-02
        weeks:
          - {mon: late, tue: late, wed: late, thu: late, fri: late}
    employees:
      - {key: boss, name: Boss Wang, role: manager, job: customer-service, team: cs}
      - {key: lead, name: Lead Li, role: manager, job: ops, team: ops}
      - {key: hr, name: Helen HR, role: hr}
      - {key: alice, name: Alice Li, role: employee, job: customer-service, team: cs, manager: boss, schedule: cs-week, hire_date: 2025-03-01}
      - {key: bob, name: Bob Chen, role: employee, job: customer-service, team: cs, manager: boss, schedule: cs-week, locale: zh-CN}
`

// transferHarness is a bot with transfers on transferOrg, and the
// services a test reads around it.
type transferHarness struct {
	*harness
	transfers *transfer.Service
	att       *attendance.Service
	dir       *core.Directory
}

func newTransferHarness(t *testing.T) *transferHarness {
	t.Helper()
	h := newHarnessWith(t, transferOrg)
	th := &transferHarness{harness: h}
	th.restart()
	return th
}

// restart builds the services and the bot again on the same database,
// as a new process would.
func (h *transferHarness) restart() {
	h.dir = core.NewDirectory(store.NewDirectory(h.db), h.clock)
	h.att = attendance.NewService(store.NewAttendance(h.db), h.dir, h.clock)
	lv := leave.NewService(store.NewLeaves(h.db), h.att, h.dir, h.clock)
	h.transfers = transfer.NewService(store.NewTransfers(h.db), h.att, h.dir, h.clock)
	h.bot = bot.New(bot.Config{Directory: h.dir, Attendance: h.att, Leave: lv, Inbox: store.NewOutbox(h.db),
		Conversations: store.NewConversations(h.db), Clock: h.clock, Desks: bot.Desks{Transfers: h.transfers}})
}

func (h *transferHarness) at(local string) {
	h.t.Helper()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	at, err := time.ParseInLocation("2006-01-02 15:04", local, loc)
	if err != nil {
		h.t.Fatal(err)
	}
	h.clock.mu.Lock()
	h.clock.now = at
	h.clock.mu.Unlock()
}

func (h *transferHarness) replies(person, text string) []bot.Reply {
	h.t.Helper()
	rs, err := h.bot.Handle(context.Background(), bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:" + person, UserID: "shop/" + person, Text: text})
	if err != nil {
		h.t.Fatalf("%s: %v", text, err)
	}
	return rs
}

// request types a transfer, presses Submit and returns the transfer's id.
func (h *transferHarness) request(person, text string) int64 {
	h.t.Helper()
	sent := h.pressAs(person, button(h.t, h.replies(person, text), "transfer.submit"))
	open, err := h.transfers.Open(context.Background(), h.member(person))
	if err != nil || len(open) == 0 {
		h.t.Fatalf("after %q (%q): open transfers %v, %v", text, sent, open, err)
	}
	return open[len(open)-1].ID
}

func (h *transferHarness) member(person string) core.Member {
	h.t.Helper()
	m, err := h.dir.Identify(context.Background(), core.PlatformConsole, "shop/"+person)
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

func (h *transferHarness) decide(person string, id int64, approve bool) string {
	h.t.Helper()
	action := "transfer.approve"
	if !approve {
		action = "transfer.reject"
	}
	return h.pressAs(person, bot.Button{ActionID: action, Value: strconv.FormatInt(id, 10)})
}

// A transfer asked for by HR, with a raise, effective next Monday: Boss
// (current manager) then Lead (receiving) approve; neither Alice nor HR may
// approve it. Before Monday everything reads the old job, team and
// schedule; from Monday — even before the effective-day pass, and after
// it — the new ones; payroll for November pays the old salary for the
// days before the 30th and the new one from it; a report of the week
// before still puts Alice in customer service.
func TestTransferTakesEffectOnItsDayOnly(t *testing.T) {
	t.Parallel()
	h := newTransferHarness(t)
	ctx := context.Background()
	var orgID int64
	if err := h.db.Pool().QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&orgID); err != nil {
		t.Fatal(err)
	}
	zero := decimal.Zero
	if _, err := store.NewPayroll(h.db).SaveProfiles(ctx, orgID, []payroll.ProfileInput{{Key: "alice", Profile: pay.Profile{
		Kind: pay.Monthly, Salary: decimal.NewFromInt(8000), PensionRate: zero, MedicalRate: zero, UnemploymentRate: zero, HousingRate: zero,
	}}}, "test", h.clock.Now()); err != nil {
		t.Fatal(err)
	}

	preview := h.replies("hr", "/transfer alice job=ops team=ops manager=lead schedule=ops-week pay=monthly:10000 from=2026-11-30 moves to operations")
	mustContain(t, preview[0].Text, "Transfer Alice Li from 2026-11-30", "• team: Customer service → Operations",
		"• manager: Boss Wang → Lead Li", "• schedule: cs-week → ops-week", "• pay: monthly 10,000.00", "Boss Wang (current manager)")
	h.pressAs("hr", button(t, preview, "transfer.submit"))
	open, err := h.transfers.Open(ctx, h.member("hr"))
	if err != nil || len(open) != 1 {
		t.Fatalf("open: %+v %v", open, err)
	}
	id := open[0].ID

	h.approveThroughTheChain(id)

	// Friday before: Alice is Boss's, on the early shift; her schedule
	// shows the late shift from Monday only.
	h.at("2026-11-27 08:30")
	boss, lead := h.console("boss", "/today"), h.console("lead", "/today")
	mustContain(t, boss, "Alice Li (09:00–18:00)")
	if strings.Contains(lead, "Alice") {
		t.Errorf("Friday: Lead's today lists Alice: %q", lead)
	}
	sched := h.console("alice", "/schedule")
	mustContain(t, sched, "2026-11-27", "2026-11-30")
	for _, line := range strings.Split(sched, "\n")[1:] {
		switch {
		case strings.Contains(line, "2026-11-27") && !strings.Contains(line, "09:00"),
			strings.Contains(line, "2026-11-30") && !strings.Contains(line, "14:00"),
			strings.Contains(line, "2026-12-01") && !strings.Contains(line, "14:00"):
			t.Errorf("schedule line %q", line)
		}
	}

	// Monday, before the pass: the plan is the new one already.
	h.at("2026-11-30 08:30")
	mustContain(t, h.console("boss", "/today"), "Alice Li (14:00–23:00)")
	n, err := h.transfers.ApplyDue(ctx)
	if err != nil || n != 1 {
		t.Fatalf("pass: %d, %v", n, err)
	}
	boss, lead = h.console("boss", "/today"), h.console("lead", "/today")
	mustContain(t, lead, "Alice Li (14:00–23:00)")
	mustContain(t, boss, "Alice Li moves") // the day's notice
	if strings.Contains(boss, "Alice Li (") {
		t.Errorf("Monday: Boss's today still lists Alice: %q", boss)
	}
	mustContain(t, h.console("alice", "/whoami"), "Team: Operations", "Manager: Lead Li")

	checkTransferReports(t, h, orgID)
	checkTransferPayroll(t, h, orgID)
}

// approveThroughTheChain: neither Alice nor HR (who asked) may approve
// transfer id; Lead not before Boss; Boss (who sees no pay amounts), then
// Lead approve it; Alice is told.
func (h *transferHarness) approveThroughTheChain(id int64) {
	t := h.t
	t.Helper()
	// Nobody approves their own: not the person moved, not who asked.
	mustContain(t, h.decide("alice", id, true), "You cannot approve your own request.")
	mustContain(t, h.decide("hr", id, true), "You cannot approve your own request.")
	denied := 0
	for _, a := range h.audit("shop") {
		if a.Action == string(core.ActionTransferDecide) && a.Outcome == core.OutcomeDenied {
			denied++
		}
	}
	if denied != 2 {
		t.Errorf("denied transfer decisions audited: %d, want 2", denied)
	}
	// Lead's turn is not yet: Boss, the current manager, first.
	mustContain(t, h.decide("lead", id, true), "Only their manager or HR can decide that.")
	// Boss sees the request waiting (a manager sees no pay amounts), approves; it goes on to Lead.
	card := h.replies("boss", "/transfers")
	var cardText []string
	for _, r := range card {
		cardText = append(cardText, r.Text)
	}
	mustContain(t, strings.Join(cardText, "\n"), "pay changes too", "Your approval is asked for, as current manager.")
	if strings.Contains(strings.Join(cardText, "\n"), "10,000") {
		t.Errorf("a manager sees the pay: %q", cardText)
	}
	mustContain(t, h.pressAs("boss", button(t, card, "transfer.approve")), "it now goes to Lead Li")
	mustContain(t, h.decide("lead", id, true), "Approved: the transfer of Alice Li from 2026-11-30.")
	// Alice was told, when HR asked and when it was approved.
	mustContain(t, h.console("alice", "/whoami"), "Helen HR asked to transfer you from 2026-11-30", "approved by Lead Li")

}

// checkTransferReports: the week before the transfer counts Alice in
// customer service, the week from it in operations.
func checkTransferReports(t *testing.T, h *transferHarness, orgID int64) {
	t.Helper()
	reps := reports.NewService(store.NewReports(h.db), h.att, leave.NewService(store.NewLeaves(h.db), h.att, h.dir, h.clock), h.dir)
	people := func(from, to core.Date) map[string]float64 {
		res, err := reps.Report(context.Background(), h.member("hr"), reports.Attendance, reports.Period{From: from, To: to}, false, "test")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, r := range res.Rows {
			out[r.Label] = r.Values[0]
		}
		return out
	}
	before := people(core.NewDate(2026, 11, 23), core.NewDate(2026, 11, 29))
	if before["Customer service"] != 3 || before["Operations"] != 1 {
		t.Errorf("week before: %v, want Alice still in customer service (3) and operations 1", before)
	}
	after := people(core.NewDate(2026, 11, 30), core.NewDate(2026, 12, 6))
	if after["Customer service"] != 2 || after["Operations"] != 2 {
		t.Errorf("week of the transfer: %v, want customer service 2, operations 2", after)
	}
	_ = orgID
}

// checkTransferPayroll: November is paid 8,000 × 20/21 (the working days
// before the 30th) + 10,000 × 1/21, each part on its own lines; October
// at the old salary whole.
func checkTransferPayroll(t *testing.T, h *transferHarness, orgID int64) {
	t.Helper()
	ctx := context.Background()
	// Every working day checked in on the shift of the day.
	if _, err := h.db.Pool().Exec(ctx, `
		INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in, check_out, worked_minutes)
		SELECT e.org_id, e.id, d::date, 'workday',
		       (d::date + CASE WHEN d::date >= '2026-11-30' THEN time '14:00' ELSE time '09:00' END) AT TIME ZONE 'Asia/Shanghai',
		       (d::date + CASE WHEN d::date >= '2026-11-30' THEN time '23:00' ELSE time '18:00' END) AT TIME ZONE 'Asia/Shanghai', 540
		FROM employees e, generate_series('2026-10-01'::date, '2026-11-30'::date, interval '1 day') d
		WHERE e.key = 'alice' AND extract(isodow FROM d) < 6`); err != nil {
		t.Fatal(err)
	}
	h.at("2026-12-02 10:00")
	svc := payroll.NewService(store.NewPayroll(h.db), h.att, h.dir, h.clock)
	org := h.member("hr").Org
	slipOf := func(period string) payroll.Slip {
		run, _, err := svc.DraftOrg(ctx, org, period, "test")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range run.Slips {
			if s.Key == "alice" {
				return s
			}
		}
		t.Fatalf("%s: no payslip for alice in %+v", period, run.Slips)
		return payroll.Slip{}
	}
	oct := slipOf("2026-10")
	if got := oct.Gross.StringFixed(2); got != "8000.00" {
		t.Errorf("October gross %s, want 8000.00: %+v", got, oct.Lines)
	}
	nov := slipOf("2026-11")
	if got := nov.Gross.StringFixed(2); got != "8095.24" {
		t.Errorf("November gross %s, want 8095.24 (8000×20/21 + 10000×1/21): %+v", got, nov.Lines)
	}
	var parts []string
	for _, l := range nov.Lines {
		if l.Code == pay.CodeBase || l.Code == pay.CodeProrate {
			parts = append(parts, l.Code+" "+l.Amount.StringFixed(2)+" "+l.Params["part_from"]+".."+l.Params["part_to"])
		}
	}
	want := []string{"base 8000.00 11-01..11-29", "prorate -380.95 11-01..11-29", "base 10000.00 11-30..11-30", "prorate -9523.81 11-30..11-30"}
	if strings.Join(parts, "; ") != strings.Join(want, "; ") {
		t.Errorf("November lines:\n got %v\nwant %v", parts, want)
	}
	_ = orgID
}

// What cannot be is refused with a reason in the reader's language: a job
// or team the org does not have, a day gone by, pay from a manager; and a
// transfer asked for without everything is completed step by step.
func TestTransferRefusalsAndDialog(t *testing.T) {
	t.Parallel()
	h := newTransferHarness(t)
	cases := []struct{ person, text, want string }{
		{"hr", "/transfer alice job=astronaut from=2026-11-30 x", "There is no job “astronaut” here. Jobs: customer-service, ops."},
		{"hr", "/transfer alice team=moon from=2026-11-30 x", "There is no team “moon” here. Teams: cs, ops."},
		{"bob", "/调岗 我 团队=月球 生效=2026-11-30 想换组", "没有“月球”这个团队。现有团队：cs, ops。"},
		{"hr", "/transfer alice team=ops from=2026-11-20 x", "2026-11-20 has gone by"},
		{"hr", "/transfer alice schedule=nights from=2026-11-30 x", "There is no schedule “nights”. Schedules: cs-week, ops-week"},
		{"hr", "/transfer alice manager=alice from=2026-11-30 x", "Alice Li cannot be their own manager."},
		{"boss", "/transfer alice pay=monthly:9000 from=2026-11-30 raise", "Only HR or an administrator can do that."},
		{"bob", "/transfer alice team=ops from=2026-11-30 x", "只有本人、其上级或 HR 可以为其申请调岗。"},
		{"lead", "/transfer alice team=ops from=2026-11-30 x", "Only the person, their manager or HR can ask for their transfer."},
		{"hr", "/transfer alice team=cs from=2026-11-30 x", "That changes nothing for Alice Li."},
	}
	for _, c := range cases {
		mustContain(t, h.console(c.person, c.text), c.want)
	}
	if n := h.count(`SELECT count(*) FROM transfers`); n != 0 {
		t.Errorf("refused transfers stored: %d", n)
	}

	// Alice asks for her own, a piece at a time.
	mustContain(t, h.console("alice", "/transfer"), "Whom to transfer?")
	mustContain(t, h.console("alice", "myself"), "What changes?")
	mustContain(t, h.console("alice", "I would like ops"), "What changes?") // not an answer: asked again
	mustContain(t, h.console("alice", "team=ops"), "From which day?")
	mustContain(t, h.console("alice", "2026-12-07"), "Why?")
	preview := h.replies("alice", "closer to home")
	mustContain(t, preview[0].Text, "Transfer Alice Li from 2026-12-07", "• team: Customer service → Operations", "Reason: closer to home", "Boss Wang")
	mustContain(t, h.pressAs("alice", button(t, preview, "transfer.submit")), "waiting for Boss Wang")
	// A second while the first is open is refused.
	mustContain(t, h.console("hr", "/transfer alice job=ops from=2026-12-14 x"), "Alice Li already has transfer #")
	// The chain: Boss, then HR (no new manager); Bob cannot step in.
	id := strconv.Itoa(h.count(`SELECT max(id) FROM transfers`))
	mustContain(t, h.pressAs("bob", bot.Button{ActionID: "transfer.approve", Value: id}), "只有其上级或 HR 可以审批。")
	mustContain(t, h.pressAs("boss", bot.Button{ActionID: "transfer.approve", Value: id}), "it now goes to Helen HR")
	rejected := h.pressAs("hr", bot.Button{ActionID: "transfer.reject", Value: id})
	mustContain(t, rejected, "Why are you rejecting the transfer of Alice Li?")
	mustContain(t, h.console("hr", "ops is full until January"), "Rejected: the transfer of Alice Li (ops is full until January).")
	mustContain(t, h.console("alice", "/whoami"), "rejected by Helen HR: ops is full until January")
	// Decided: its buttons do nothing more.
	mustContain(t, h.pressAs("boss", bot.Button{ActionID: "transfer.approve", Value: id}), "Already rejected by Helen HR")
}

func (h *transferHarness) count(sql string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}
