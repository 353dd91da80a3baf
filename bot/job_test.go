package bot_test

import (
	"strings"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/store"
)

// jobOrg: customer service is described (three places, two filled);
// finance is not. Fay does finance and holds customer-service:2 from the
// org file; Bob reads Chinese.
const jobOrg = `
orgs:
  - key: shop
    name: Test Shop
    time_zone: Asia/Shanghai
    locale: en
    jobs:
      - key: customer-service
        name: {zh-CN: 客服, en: Customer service}
        aliases: [cs, 售后]
        description:
          summary: {zh-CN: 在淘宝、京东、抖音回复顾客。, en: "Answers shoppers on Taobao, JD and Douyin."}
          responsibilities:
            - zh-CN: 处理售后
              en: Handle after-sales
          skills: [customer-service:2, typing:1]
          kpis:
            - {key: punctual, name: {zh-CN: 准时, en: Punctuality}, measure: attendance.late_count, target: 2, weight: 20}
            - {key: rating, name: {zh-CN: 满意度, en: Satisfaction}, measure: import, target: 4.8, weight: 50}
            - {key: team, name: {zh-CN: 协作, en: Teamwork}, measure: judgement, weight: 30}
          pay: {min: 4500, max: 6500, kind: monthly}
          shifts: [late, early]
          headcount: 3
      - {key: finance, name: {zh-CN: 财务, en: Finance}}
    shifts:
      - {key: early, name: 早班 Early, start: "09:00", end: "18:00", job: customer-service}
      - {key: late, name: 晚班 Late, start: "14:00", end: "23:00", job: customer-service}
    employees:
      - {key: alice, name: Alice Li, job: customer-service, skills: [typing:1]}
      - {key: bob, name: Bob Chen, job: customer-service, locale: zh-CN}
      - {key: fay, name: Fay Wu, job: finance, skills: [customer-service:2, typing:3]}
`

func newJobHarness(t *testing.T) *harness {
	t.Helper()
	return newJobHarnessOn(t, newHarnessWith(t, jobOrg))
}

// newJobHarnessOn gives h a bot with job descriptions on.
func newJobHarnessOn(t *testing.T, h *harness) *harness {
	t.Helper()
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	att := attendance.NewService(store.NewAttendance(h.db), dir, h.clock)
	h.bot = bot.New(bot.Config{Directory: dir, Attendance: att, Leave: leave.NewService(store.NewLeaves(h.db), att, dir, h.clock),
		Inbox: store.NewOutbox(h.db), Conversations: store.NewConversations(h.db), Clock: h.clock,
		Desks: bot.Desks{Jobs: jobs.NewService(store.NewJobs(h.db), dir, h.clock).WithBuiltinJobs(i18n.New().BuiltinJobs())}})
	return h
}

func TestJobDescriptionInChat(t *testing.T) {
	t.Parallel()
	h := newJobHarness(t)
	mustHave := func(who, text string, want ...string) {
		t.Helper()
		got := h.console(who, text)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %q: no %q in\n%s", who, text, w, got)
			}
		}
	}

	// The list: people against headcount, which jobs are described.
	mustHave("alice", "/job", "This org's jobs (2):",
		"• Customer service (customer-service) — 2 of 3 places filled (1 open) · description",
		"• Finance (finance) — 1 in the job\n", "/job Customer service")

	// Alice's own job, in English: her typing counts, her customer
	// service (not certified, not in the file) does not.
	mustHave("alice", "/job cs", "📋 Job description: Customer service (customer-service)", "This is your job.",
		"Answers shoppers on Taobao, JD and Douyin.", "Responsibilities:\n• Handle after-sales",
		"✗ Customer service level 2 (you: none)", "✓ typing level 1 (you: level 1)", "You lack 1 of them",
		"KPIs:\n• Punctuality: late arrivals; target at most 2; weight 20%",
		"• Satisfaction: a figure imported from elsewhere; target at least 4.8; weight 50%",
		"• Teamwork: the reviewer's judgement; weight 30%",
		"Pay: 4,500–6,500 a month", "Shifts: Late 14:00–23:00; Early 09:00–18:00", "2 of 3 places filled (1 open)")

	// Bob reads it in Chinese, by an alias.
	mustHave("bob", "/岗位 售后", "📋 岗位说明：客服（customer-service）", "在淘宝、京东、抖音回复顾客。", "岗位职责：\n• 处理售后",
		"✗ 客服 2 级（你：无）", "✗ typing 1 级（你：无）", "你还差 2 项", "准时：迟到次数；目标 ≤ 2；权重 20%",
		"薪资范围：月薪 4,500–6,500 元", "班次：晚班 14:00–23:00；早班 09:00–18:00", "在岗 2/3 人（缺 1 人）")

	// Fay in finance is an internal candidate who has what it takes.
	mustHave("fay", "/岗位说明 customer service", "✓ Customer service level 2 (you: level 2)", "✓ typing level 1 (you: level 3)",
		"You have every skill this job needs.")
	if got := h.console("fay", "/job cs"); strings.Contains(got, "This is your job.") {
		t.Errorf("fay's job is finance:\n%s", got)
	}

	// A job without a description, and a word naming none.
	mustHave("fay", "/job finance", "This is your job.", "1 in the job", "No description yet")
	mustHave("alice", "/job barista", `I don't know the job "barista". This org's jobs: Customer service (customer-service), Finance (finance).`)
}
