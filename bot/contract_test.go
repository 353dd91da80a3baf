package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/store"
)

// newContractHarness is the harness with contracts on; the clock says
// 2026-11-25 17:00 in Shanghai.
func newContractHarness(t *testing.T) (*harness, *contracts.Service) {
	t.Helper()
	h := newHarness(t)
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	att := attendance.NewService(store.NewAttendance(h.db), dir, h.clock)
	svc := contracts.NewService(store.NewContracts(h.db), dir, h.clock)
	h.bot = bot.New(bot.Config{Directory: dir, Attendance: att, Leave: leave.NewService(store.NewLeaves(h.db), att, dir, h.clock),
		Inbox: store.NewOutbox(h.db), Conversations: store.NewConversations(h.db), Clock: h.clock,
		Desks: bot.Desks{Contracts: svc}})
	return h, svc
}

// pressText presses a button as person and returns the replies' text.
func (h *harness) pressText(person, action, value string) string {
	h.t.Helper()
	var out []string
	for _, r := range h.reply(person, bot.Incoming{Action: &bot.Action{ID: action, Value: value}}) {
		out = append(out, r.Text)
	}
	return strings.Join(out, "\n")
}

// latestNotice renders person's latest notification as the delivery
// queue would.
func (h *harness) latestNotice(person string) bot.Reply { return h.latestNoticeOfKind(person, "") }

func actionIDs(r bot.Reply) []string {
	var out []string
	for _, row := range r.Buttons {
		for _, b := range row {
			out = append(out, b.ActionID)
		}
	}
	return out
}

func TestContractEnteredInOneLineInChinese(t *testing.T) {
	t.Parallel()
	h, _ := newContractHarness(t)
	got := h.console("hr", "/合同 alice 固定期限 2026-01-01至2028-12-31 试用期至2026-03-31 签订于2026年1月2日")
	mustContain(t, got, "已保存：Alice Li — 固定期限合同 2026-01-01 至 2028-12-31；试用期至 2026-03-31；2026-01-02 签订")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'contract.create' AND channel = 'console' AND outcome = 'ok'`); n != 1 {
		t.Errorf("%d audit rows", n)
	}
	// The person sees their own, in English.
	mustContain(t, h.console("alice", "/contract"), "Your contract, Alice Li:",
		"Now: Fixed-term contract 2026-01-01 – 2028-12-31; probation until 2026-03-31; signed 2026-01-02")
	// The manager sees their report's; a colleague is refused.
	mustContain(t, h.console("boss", "/合同 alice"), "Alice Li 的合同：", "当前：固定期限合同")
	mustContain(t, h.console("bob", "/合同 alice"), "只有对方的上级或 HR 可以查看其信息")
	// A probation length in months is counted from the start.
	mustContain(t, h.console("hr", "合同 bob 无固定期限 2026-12-01 试用期3个月"), "无固定期限合同 2026-12-01 至 无终止日；试用期至 2027-02-28；尚未签订")
}

func TestContractBadInputInEnglish(t *testing.T) {
	t.Parallel()
	h, _ := newContractHarness(t)
	h.console("hr", "/lang en")
	mustContain(t, h.console("hr", "/contract bob fixed 2026-01-01 2026-12-31 probation 2026-03-31"),
		"For a term of 1 to under 3 years the probation may last at most 2 month(s): until 2026-02-28 at the latest (Labour Contract Law art. 19).")
	mustContain(t, h.console("hr", "/contract bob fixed 2026-02-30 2027-01-01"), "2026-02-30 is not a date")
	mustContain(t, h.console("hr", "/contract bob fixed 2026-06-01 2026-01-01"), "The contract cannot end (2026-01-01) before it starts (2026-06-01).")
	mustContain(t, h.console("hr", "/contract bob part-time 2026-06-01 probation 2026-06-15"), "Part-time work (非全日制) may have no probation (Labour Contract Law art. 70).")
	mustContain(t, h.console("hr", "/contract bob fixed 2026-06-01 2026-07-31 probation 2026-06-15"), "less than 3 months may have no probation")
	if n := h.count(`SELECT count(*) FROM contracts`); n != 0 {
		t.Errorf("%d contracts stored from bad input", n)
	}
	// Only HR enters contracts: the refusal is audited.
	mustContain(t, h.console("alice", "/contract bob fixed 2026-01-01 2026-12-31"), "Only HR or an administrator can do that.")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'contract.manage' AND outcome = 'denied'`); n != 1 {
		t.Errorf("%d refusals audited", n)
	}
	mustContain(t, h.console("alice", "/contracts"), "Only managers, HR and administrators can see that.")
}

func TestContractDialogAsksWhatIsMissing(t *testing.T) {
	t.Parallel()
	h, _ := newContractHarness(t)
	mustContain(t, h.console("hr", "/合同 bob"), "系统里没有 Bob Chen 的合同记录。")
	mustContain(t, h.console("hr", "/合同 bob 固定期限"), "Bob Chen 的合同从哪天开始？")
	mustContain(t, h.console("hr", "2026-12-01"), "固定期限到哪天结束？")
	mustContain(t, h.console("hr", "2026-02-30"), "“2026-02-30”不是日期", "固定期限到哪天结束？")
	mustContain(t, h.console("hr", "2026-11-30"), "合同终止日（2026-11-30）不能早于起始日（2026-12-01）", "固定期限到哪天结束？")
	mustContain(t, h.console("hr", "2027-11-30"), "试用期到哪天？该期限最多2个月，最晚至 2027-01-31")
	mustContain(t, h.console("hr", "3个月"), "期限一年以上不满三年的劳动合同，试用期不得超过2个月，最晚至 2027-01-31", "试用期到哪天？")
	mustContain(t, h.console("hr", "2个月"), "哪天签订的？")
	mustContain(t, h.console("hr", "未签"), "已保存：Bob Chen — 固定期限合同 2026-12-01 至 2027-11-30；试用期至 2027-01-31；尚未签订")
	if n := h.count(`SELECT count(*) FROM contracts WHERE probation_end = '2027-01-31' AND signed_on IS NULL`); n != 1 {
		t.Errorf("%d contracts as answered", n)
	}
	// Recording the signing later.
	mustContain(t, h.console("hr", "合同 bob 签订 2026-11-24"), "2026-11-24 签订")
	// A second probation for the same person is refused.
	mustContain(t, h.console("hr", "合同 bob 固定期限 2027-12-01 2030-11-30 试用期 2个月"), "只能约定一次试用期")
}

func TestContractDialogFromTheButtonInEnglish(t *testing.T) {
	t.Parallel()
	h, _ := newContractHarness(t)
	h.console("hr", "/lang en")
	mustContain(t, h.console("hr", "/contract"), "No contract of yours is recorded", "To enter a contract:")
	mustContain(t, h.pressText("hr", "contract.new", ""), "Whose contract?")
	mustContain(t, h.console("hr", "carol"), "Which kind of contract for Carol Wu?")
	mustContain(t, h.pressText("hr", "contract.kind", "task"), "First day of Carol Wu's contract?")
	mustContain(t, h.console("hr", "2026-12-01"), "Last day, if there is one?")
	// A task-based contract is asked no probation.
	mustContain(t, h.pressText("hr", "contract.answer", "end="+"-"), "When was it signed?")
	mustContain(t, h.pressText("hr", "contract.answer", "signed=2026-11-25"),
		"Saved: Carol Wu — Task-based contract 2026-12-01 – no end; signed 2026-11-25.")
	// A stale answer button does nothing.
	mustContain(t, h.pressText("hr", "contract.answer", "signed=2026-11-25"), "no longer valid")
}

// TestContractRemindersInChat renders the reminders for HR and the
// manager and presses their buttons.
func TestContractRemindersInChat(t *testing.T) {
	t.Parallel()
	h, svc := newContractHarness(t)
	h.console("hr", "/lang en")
	hr := func(line string) {
		t.Helper()
		mustContain(t, h.console("hr", line), "Saved:")
	}
	// Alice's probation ends 2026-12-02 (a week after today); Bob's second
	// fixed term ends 2026-12-25 (30 days after today).
	hr("/contract alice fixed 2026-09-03 2029-09-02 probation 2026-12-02 signed 2026-09-03")
	hr("/contract bob fixed 2023-12-26 2024-12-25 signed 2023-12-26")
	hr("/contract bob fixed 2024-12-26 2026-12-25 signed 2024-12-26")
	n, err := svc.Remind(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("%d reminders, %v", n, err)
	}
	// The manager is told, without the buttons.
	boss := h.latestNotice("boss")
	mustContain(t, boss.Text, "由人事记录决定")
	if len(boss.Buttons) != 0 {
		t.Errorf("the manager got buttons: %v", actionIDs(boss))
	}
	exp := h.latestNotice("hr")
	mustContain(t, exp.Text, "Bob Chen's fixed-term contract (2024-12-26 – 2026-12-25) ends in 30 days.",
		"fixed-term contract no. 2 in a row", "art. 14")
	if ids := strings.Join(actionIDs(exp), ","); ids != "contract.renew,contract.not_renew" {
		t.Errorf("expiry buttons %s", ids)
	}
	// Renewing asks for the new contract, from the day after.
	mustContain(t, h.pressText("hr", "contract.renew", exp.Buttons[0][0].Value), "Bob Chen's contract is to be renewed", "Which kind of contract for Bob Chen?")
	mustContain(t, h.pressText("hr", "contract.kind", "open_ended"), "Probation until when? For this term at most 6 month(s): until 2027-06-25")
	mustContain(t, h.console("hr", "none"), "When was it signed?")
	mustContain(t, h.console("hr", "not yet"), "Open-ended contract 2026-12-26 – no end; not signed yet")
	mustContain(t, h.pressText("hr", "contract.not_renew", exp.Buttons[0][0].Value), "already decided")

	var probationID int64
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT id FROM contracts WHERE probation_end IS NOT NULL`).Scan(&probationID); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(probationID, 10)
	// Extending: at most six months for a three-year term.
	mustContain(t, h.pressText("hr", "contract.extend", id), "At most 6 month(s) in all for this contract: until 2027-03-02 at the latest.")
	mustContain(t, h.console("hr", "2027-04-01"), "may last at most 6 month(s): until 2027-03-02", "to when?")
	mustContain(t, h.console("hr", "2027-01-15"), "probation now ends on 2027-01-15")
	// The reminder about the old end says nothing now.
	if r := h.latestNoticeOfKind("boss", core.NotifyProbationEnding); r.Text != "" {
		t.Errorf("a reminder about the old end still speaks: %q", r.Text)
	}
	mustContain(t, h.pressText("hr", "contract.confirm", id), "Alice Li passed probation")
	mustContain(t, h.pressText("hr", "contract.end_yes", id), "already confirmed this probation")
	mustContain(t, h.pressText("boss", "contract.confirm", id), "只有 HR 或管理员可以执行此操作")
}

// latestNoticeOfKind renders person's latest notification of kind (any
// kind for "").
func (h *harness) latestNoticeOfKind(person, kind string) bot.Reply {
	h.t.Helper()
	var id int64
	if err := h.db.Pool().QueryRow(context.Background(), `SELECT n.id FROM notifications n JOIN employees e ON e.id = n.recipient_id
		WHERE e.key = $1 AND (n.kind = $2 OR $2 = '') ORDER BY n.id DESC LIMIT 1`, person, kind).Scan(&id); err != nil {
		h.t.Fatalf("no %s notification for %s: %v", kind, person, err)
	}
	replies, err := h.bot.Render(context.Background(), core.PlatformConsole, "shop/"+person,
		bot.Notice{Kind: bot.NoticeNotification, Params: map[string]string{"id": strconv.FormatInt(id, 10)}})
	if err != nil {
		h.t.Fatal(err)
	}
	if len(replies) == 0 {
		return bot.Reply{}
	}
	return replies[0]
}
