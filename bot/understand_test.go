package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/store"
)

// trialOrg is a shop as the first-week trial met it: bilingual names,
// leave rules a shop sets, a manager without a manager of his own.
const trialOrg = `
orgs:
  - key: shop
    name: 鲜果小铺 Fresh Shop
    time_zone: Asia/Shanghai
    locale: zh-CN
    leave:
      hr_approval_over_days: 3
    leave_types:
      - {key: annual, name: 年假 Annual leave, aliases: [年假], unit: half_day, accrual: statutory_cn, notice_days: 3}
      - {key: sick, name: 病假 Sick leave, aliases: [病假], unit: half_day, accrual: fixed, entitlement_days: 12, attachment_required: true}
      - {key: personal, name: 事假 Personal leave, aliases: [事假], unit: hour, paid: false, reason_required: true}
      - {key: maternity, name: 产假 Maternity leave, aliases: [产假], accrual: fixed, entitlement_days: 158, applies_to: [gender:female], prorate: false}
    employees:
      - {key: wang, name: 王磊 Wang Lei, role: manager, hire_date: 2016-04-01}
      - {key: zhao, name: 赵敏 Zhao Min, role: hr, manager: wang, hire_date: 2019-09-02}
      - {key: alice, name: 李爱丽 Alice Li, manager: wang, locale: en, gender: female, hire_date: 2026-10-01}
      - {key: chen, name: 陈静 Chen Jing, manager: wang, gender: male, hire_date: 2020-07-15}
`

// Wednesday 2 December 2026, 10:00 in Shanghai: the trial's day.
var trialDay = time.Date(2026, 12, 2, 10, 0, 0, 0, shanghai)

func newTrialHarness(t *testing.T) *harness {
	h := newHarnessWith(t, trialOrg)
	h.at(trialDay)
	return h
}

func TestFreeTextReachesTheCommand(t *testing.T) {
	t.Parallel()
	h := newTrialHarness(t)
	mustContain(t, h.punch("chen", "上班打卡"), "上班打卡")
	mustContain(t, h.punch("chen", "下班打卡"), "下班打卡")
	mustContain(t, h.punch("alice", "show my leave"), "You have no upcoming leave.")
	mustContain(t, h.punch("chen", "这周谁请假了"), "2026-11-30 → 2026-12-06 没有人请假")
	mustContain(t, h.punch("alice", "who's off tomorrow?"), "Nobody is off 2026-12-03")
	mustContain(t, h.punch("alice", "how much annual leave do I have left?"), "Annual leave:", "day(s) left")
	mustContain(t, h.punch("alice", "thanks!"), "You're welcome")
	// Small talk is not "I did not understand"; gibberish is.
	mustContain(t, h.punch("alice", "zxqv"), "did not understand")
}

func TestLeaveWithoutATypeAsksAndGoesOn(t *testing.T) {
	t.Parallel()
	h := newTrialHarness(t)
	// The buttons ask; pressing one goes on with what was said before.
	replies := h.reply("chen", bot.Incoming{Text: "请假 明天 家里有事"})
	mustContain(t, replies[0].Text, "请假类型是？")
	personal := buttonValue(t, replies[0], "leave.type", "事假")
	got := texts(h.reply("chen", bot.Incoming{Action: &bot.Action{ID: "leave.type", Value: personal}}))
	mustContain(t, got, "事假：2026-12-03", "原因：家里有事")
	if strings.Contains(got, "此按钮已失效") {
		t.Errorf("the type button is stale: %q", got)
	}
	// Typing the type works too; so does /leave alone.
	h.punch("alice", "/cancel")
	mustContain(t, h.punch("alice", "I want to take tomorrow off"), "Which kind of leave?")
	mustContain(t, h.punch("alice", "sick"), "Sick leave: 2026-12-03 — 1 working day(s).")
	replies = h.reply("alice", bot.Incoming{Text: "/leave"})
	mustContain(t, replies[0].Text, "Which kind of leave?")
	annual := buttonValue(t, replies[0], "leave.type", "Annual leave")
	mustContain(t, texts(h.reply("alice", bot.Incoming{Action: &bot.Action{ID: "leave.type", Value: annual}})), "Which dates?")
}

func TestLeaveByTheHour(t *testing.T) {
	t.Parallel()
	h := newTrialHarness(t)
	mustContain(t, h.punch("alice", "leave personal dec 9 3-5pm dentist"),
		"Personal leave: 2026-12-09 15:00–17:00 — 2 hour(s).", "Reason: dentist")
	mustContain(t, h.punch("chen", "请假 事假 12月24日 下午3点到5点 办签证"), "事假：2026-12-24 15:00–17:00，共 2 小时。", "原因：办签证")
	preview, sent := h.ask("chen", "请假 事假 明天 两个小时 看病")
	mustContain(t, preview, "事假：2026-12-03，共 2 小时。", "原因：看病")
	mustContain(t, sent, "已提交")
	// Two hour-leaves on one day do not overlap; the approver sees the hours.
	_, sent = h.ask("alice", "leave personal dec 9 3-5pm dentist")
	mustContain(t, sent, "2026-12-09 15:00–17:00")
	_, sent = h.ask("alice", "leave personal dec 9 9:00-10:00 bank")
	mustContain(t, sent, "2026-12-09 09:00–10:00")
	mustContain(t, h.punch("wang", "/pending"), "Alice Li 申请事假：2026-12-09 15:00–17:00，共 2 小时。")
	mustContain(t, h.punch("alice", "leave personal dec 9 3:30-5pm dentist"), "Personal leave is taken in whole hours.")
}

func TestReasonsReadAsTyped(t *testing.T) {
	t.Parallel()
	h := newTrialHarness(t)
	mustContain(t, h.punch("alice", "I need sick leave tomorrow afternoon, fever"), "Sick leave: 2026-12-03 afternoon", "Reason: fever")
	h.punch("alice", "/cancel")
	got := h.punch("chen", "后天请事假 搬家")
	mustContain(t, got, "原因：搬家")
	if strings.Contains(got, "请 搬家") {
		t.Errorf("request words in the reason: %q", got)
	}
}

func TestLeaveRulesOfTheShop(t *testing.T) {
	t.Parallel()
	h := newTrialHarness(t)
	// Annual leave three working days ahead: Wednesday → Monday at the earliest.
	mustContain(t, h.punch("alice", "leave annual dec 4"), "Annual leave must be asked for 3 working day(s) ahead: the earliest day is 2026-12-07.")
	mustContain(t, h.punch("chen", "请假 年假 12月7日"), "年假：2026-12-07")
	mustContain(t, h.punch("alice", "leave annual dec 7"), "Not enough Annual leave: you have 0 day(s)")
	mustContain(t, h.punch("alice", "leave annual 2031-01-05"), "too far ahead")
	mustContain(t, h.punch("alice", "leave annual jan 5 2027 - jan 3 2027"), "ends (2027-01-03) before it starts (2027-01-05)")
	// Maternity leave is Alice's to take, not Chen's; whole, though she joined in October.
	mustContain(t, h.punch("alice", "/balance"), "Maternity leave: 158 day(s) left of 158")
	balance := h.punch("chen", "/balance")
	if strings.Contains(balance, "产假") {
		t.Errorf("maternity leave shown to Chen: %q", balance)
	}
	mustContain(t, h.punch("chen", "请假 产假 12月7日到12月11日"), "你不能请产假")
}

func TestHRApprovingFirstIsNotAskedAgain(t *testing.T) {
	t.Parallel()
	h := newTrialHarness(t)
	// Wang has no manager: his four days go to HR first, and HR's yes is final.
	preview, sent := h.ask("wang", "请假 年假 12月14日到17日 回老家")
	if strings.Contains(preview, "之后还需 HR 审批") {
		t.Errorf("the preview promises a second HR step: %q", preview)
	}
	mustContain(t, sent, "等待 赵敏 Zhao Min 审批")
	rows := h.pendingButtons("zhao")
	if len(rows) != 1 {
		t.Fatalf("zhao sees %d requests", len(rows))
	}
	mustContain(t, h.pressAs("zhao", rows[0][0]), "已批准：王磊 Wang Lei")
	if rows := h.pendingButtons("zhao"); len(rows) != 0 {
		t.Errorf("HR asked again: %d requests pending", len(rows))
	}
	mustContain(t, h.punch("wang", "/myleave"), "已批准")
}

func TestCancelLeaveInWords(t *testing.T) {
	t.Parallel()
	h := newTrialHarness(t)
	mustContain(t, h.punch("alice", "cancel my sick leave tomorrow"), "no pending or coming leave that matches")
	_, sent := h.ask("alice", "leave sick tomorrow fever")
	mustContain(t, sent, "Sent")
	replies := h.reply("alice", bot.Incoming{Text: "cancel my sick leave tomorrow"})
	mustContain(t, texts(replies), "Which one?", "Sick leave 2026-12-03 — waiting for approval")
	cancel := buttonValue(t, replies[1], "leave.cancel", "Cancel")
	mustContain(t, texts(h.reply("alice", bot.Incoming{Action: &bot.Action{ID: "leave.cancel", Value: cancel}})), "Cancelled your leave 2026-12-03.")
}

func TestAnAbandonedDialogLetsGo(t *testing.T) {
	t.Parallel()
	h := newTrialHarness(t)
	mustContain(t, h.punch("chen", "请假 年假"), "哪几天？")
	got := h.punch("chen", "下班打卡")
	if strings.Contains(got, "哪几天") {
		t.Errorf("the dialog swallowed an unrelated message: %q", got)
	}
	mustContain(t, got, "下班打卡")
	// The dialog is over: a date now is not an answer to it.
	mustContain(t, h.punch("chen", "请假 年假"), "哪几天？")
	mustContain(t, h.punch("chen", "下周一"), "年假：2026-12-07")
}

func TestWhoisByName(t *testing.T) {
	t.Parallel()
	h := newTrialHarness(t)
	for _, q := range []string{"/whois 李爱丽", "/whois Alice", "/whois alice li", "李爱丽是谁"} {
		mustContain(t, h.punch("zhao", q), "李爱丽 Alice Li（alice）")
	}
	mustContain(t, h.punch("zhao", "/whois 李"), "这里没有叫 李 的人")
}

func TestOwnLanguageOutlivesApply(t *testing.T) {
	t.Parallel()
	h := newTrialHarness(t)
	mustContain(t, h.punch("chen", "/lang en"), "English")
	spec, err := orgfile.Parse("test.yaml", []byte(trialOrg))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orgfile.NewSetup(store.NewSetup(h.db), h.clock).Apply(context.Background(), spec, "test.yaml"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.punch("chen", "/whoami"), "You are")
}
