package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/store"
)

// newBonusHarness is a bot whose payroll keeps year-end bonuses and the
// 60,000 rule, with Alice and Bob on 10,000 a month without contributions.
func newBonusHarness(t *testing.T) (*harness, *payroll.Service) {
	t.Helper()
	h := newHarness(t)
	ctx := context.Background()
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	st := store.NewPayroll(h.db)
	var orgID int64
	if err := h.db.Pool().QueryRow(ctx, `SELECT id FROM orgs WHERE key = 'shop'`).Scan(&orgID); err != nil {
		t.Fatal(err)
	}
	zero := decimal.Zero
	var in []payroll.ProfileInput
	for _, key := range []string{"alice", "bob"} {
		in = append(in, payroll.ProfileInput{Key: key, Profile: pay.Profile{Kind: pay.Monthly, Salary: decimal.NewFromInt(10000),
			PensionRate: zero, MedicalRate: zero, UnemploymentRate: zero, HousingRate: zero}})
	}
	if _, err := st.SaveProfiles(ctx, orgID, in, "test", h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	att := attendance.NewService(store.NewAttendance(h.db), dir, h.clock)
	svc := payroll.NewService(st, att, dir, h.clock).WithTax(st)
	h.bot = bot.New(bot.Config{Directory: dir, Attendance: att, Inbox: store.NewOutbox(h.db), Conversations: store.NewConversations(h.db),
		Clock: h.clock, Desks: bot.Desks{Payroll: svc}})
	return h, svc
}

// HR records Alice's year-end bonus in Chinese and sees both taxes, which
// is lower and the dead zone it falls in; employees are refused in their
// language, audited; in English HR replaces it, the draft follows, the
// Remove button removes it; once the run is approved it is refused.
func TestYearEndBonusInChat(t *testing.T) {
	t.Parallel()
	h, svc := newBonusHarness(t)
	got := h.console("hr", "/年终奖 alice 37,000 2026-12")
	mustContain(t, got, "Alice Li（alice）：2026-12 全年一次性奖金 37,000.00，两种方式中税额较低者。",
		"全年一次性奖金 37000.00 单独计税：37000.00 ÷ 12 = 3083.33，税率 10%，速算扣除数 210.00；应纳税额 3490.00",
		"本月个人所得税合计：单独计税 3640.00，并入当月工资 1680.00——并入当月工资计税较低。", "工资条采用税额较低者：并入当月工资计税。", "比 36,000.00 多 1 元，税多 2,310.10", "工资 计算 2026-12")

	mustContain(t, h.console("bob", "/年终奖 alice 1000 2026-12"), "只有 HR 或管理员可以执行此操作")
	mustContain(t, h.console("alice", "/bonus alice 1000 2026-12"), "Only HR or an administrator can do that.")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'payroll.manage' AND outcome = 'denied' AND channel = 'console'`); n != 2 {
		t.Errorf("%d refusals audited, want 2", n)
	}
	if n := h.count(`SELECT count(*) FROM payroll_bonuses WHERE amount = 37000`); n != 1 {
		t.Errorf("the refused changed the bonus: %d of 37000 left", n)
	}

	// HR is pointed to the console, not to a terminal command.
	if got := h.console("hr", "/payroll draft 2026-12"); !strings.Contains(got, "后台“工资”页的 2026-12 工资表") || strings.Contains(got, "hrbot payroll") {
		t.Errorf("draft: %s", got)
	}
	h.console("hr", "/lang en")
	rs := h.as("hr", "/bonus alice 36000 separate 2026-12")
	text := rs[0].Text
	mustContain(t, text, "Alice Li (alice): year-end bonus 36,000.00 in 2026-12, taxed on its own.",
		"tax 1080.00", "This month's whole income tax: ", "The payslip uses the method HR chose: taxed on its own.",
		"The 2026-12 draft was worked out again to include it")
	if strings.Contains(text, "dead zone") {
		t.Errorf("36,000 is in no dead zone: %s", text)
	}
	run, err := svc.Review(context.Background(), h.hr(t), "2026-12")
	if err != nil {
		t.Fatal(err)
	}
	if !slipHas(run, "alice", pay.CodeIITBonus, "-1080") {
		t.Errorf("the draft does not tax the replaced bonus on its own: %+v", run.Slips)
	}
	mustContain(t, h.console("hr", "/bonus 2026-12"), "Alice Li (alice): year-end bonus 36,000.00")

	removed := h.press("hr", button(t, rs, "payroll.bonus_remove"))
	mustContain(t, removed[0].Text, "Alice Li (alice): the year-end bonus of 2026-12 is removed.")
	mustContain(t, h.console("hr", "/bonus 2026-12"), "No year-end bonuses in 2026-12.")
	mustContain(t, h.console("hr", "/bonus alice remove 2026-12"), "alice has no year-end bonus in 2026-12.")

	h.console("hr", "/bonus alice 20000 combined 2026-12")
	mustContain(t, h.console("hr", "/payroll approve 2026-12 paid before the holiday"), "2026-12")
	mustContain(t, h.console("hr", "/bonus alice 30000 2026-12"), "The 2026-12 payroll is approved and cannot change.")
	h.console("hr", "/lang zh-CN")
	mustContain(t, h.console("hr", "/年终奖 alice 删除 2026-12"), "2026-12 工资表已批准，不能再改。")
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'payroll.bonus' AND outcome = 'ok' AND channel = 'console' AND actor_id IS NOT NULL`); n != 4 {
		t.Errorf("%d bonus changes audited, want 4 (two recorded, one removed, one recorded)", n)
	}
	mustContain(t, h.console("hr", "/年终奖 alice 很多"), "请写：年终奖 工号 金额")
}

// HR writes amounts as Chinese writes money — 3.6万, 五万, 八千 — and a
// manager who is not HR is refused as such, not shown the usage.
func TestYearEndBonusInTenThousands(t *testing.T) {
	t.Parallel()
	h, _ := newBonusHarness(t)
	mustContain(t, h.console("hr", "/年终奖 alice 3.6万 2026-12"), "2026-12 全年一次性奖金 36,000.00")
	mustContain(t, h.console("hr", "/年终奖 alice 五万 2026-12"), "2026-12 全年一次性奖金 50,000.00")
	mustContain(t, h.console("hr", "/bonus alice 8k 2026-12"), "全年一次性奖金 8,000.00")
	mustContain(t, h.console("bob", "/年终奖 alice 五万 2026-12"), "只有 HR 或管理员可以执行此操作")
	if n := h.count(`SELECT count(*) FROM payroll_bonuses WHERE amount = 8000`); n != 1 {
		t.Errorf("%d bonuses of 8,000 kept, want 1 (the manager's refused)", n)
	}
}

// HR sees and sets the 60,000 rule per person: on, off, back to what
// hrbot's records say; the draft of January applies it; an employee is
// refused.
func TestSixtyRuleInChat(t *testing.T) {
	t.Parallel()
	h, svc := newBonusHarness(t)
	got := h.console("hr", "/六万 2027")
	mustContain(t, got, "2027 年6万元减除费用规定", "Alice Li（alice）：2027 年不适用——hrbot 的记录未显示", "Bob Chen（bob）：2027 年不适用")
	mustContain(t, h.console("hr", "/六万 alice 开 2027"), "Alice Li（alice）：2027 年适用——人事设置。")
	run, _, err := svc.Draft(context.Background(), h.hr(t), "2027-01")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range run.Slips {
		for _, l := range s.Lines {
			if l.Code == pay.CodeIIT && (l.Params["sixty"] == "true") != (s.Key == "alice") {
				t.Errorf("%s's tax of January: sixty=%q", s.Key, l.Params["sixty"])
			}
		}
	}
	h.console("hr", "/lang en")
	mustContain(t, h.console("hr", "/sixty bob off 2027"), "Bob Chen (bob): does not apply in 2027 — set by HR.")
	mustContain(t, h.console("hr", "/sixty alice auto 2027"), "Alice Li (alice): does not apply in 2027 — hrbot's records do not show")
	mustContain(t, h.console("hr", "/sixty alice 2027"), "Alice Li (alice): does not apply in 2027")
	mustContain(t, h.console("hr", "/sixty carol on 2027"), "carol has no pay profile")
	mustContain(t, h.console("alice", "/sixty alice on 2027"), "Only HR or an administrator can do that.")
	if n := h.count(`SELECT count(*) FROM payroll_sixty`); n != 1 {
		t.Errorf("%d settings kept, want Bob's only", n)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'payroll.sixty' AND outcome = 'ok' AND channel = 'console'`); n != 3 {
		t.Errorf("%d settings audited, want 3", n)
	}
}

func (h *harness) hr(t *testing.T) core.Member {
	t.Helper()
	m, err := core.NewDirectory(store.NewDirectory(h.db), h.clock).Identify(context.Background(), core.PlatformConsole, "shop/hr")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// slipHas says whether key's payslip in run has a line of code for amount.
func slipHas(run payroll.Run, key, code, amount string) bool {
	for _, s := range run.Slips {
		for _, l := range s.Lines {
			if s.Key == key && l.Code == code && l.Amount.Equal(decimal.RequireFromString(amount)) {
				return true
			}
		}
	}
	return false
}

// An amount past what the ledger's columns hold (a slip of the keyboard)
// is refused in the reader's language, not answered "something went wrong".
func TestYearEndBonusTooLarge(t *testing.T) {
	t.Parallel()
	h, _ := newBonusHarness(t)
	mustContain(t, h.console("hr", "/年终奖 alice 99999999999999 2026-12"), "超出 hrbot 可记录的金额")
	if n := h.count(`SELECT count(*) FROM payroll_bonuses`); n != 0 {
		t.Errorf("%d bonuses recorded", n)
	}
}
