package bot_test

import (
	"context"
	"testing"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// HR marks Bob's first wages of 2026 in Chinese and unmarks them in
// English; October's draft applies the mark to Bob only and the payslip
// explains it in both languages (10,000 − 5,000 × 10 < 0: nothing, where
// Alice's 10,000 − 5,000 = 5,000 × 3% = 150); an employee is refused in
// their language, and the refusal audited.
func TestFirstWagesInChat(t *testing.T) {
	t.Parallel()
	h, svc := newBonusHarness(t)
	mustContain(t, h.console("hr", "/首次取薪 2026"), "2026 年首次取得工资（国家税务总局公告2020年第13号",
		"Alice Li（alice）：2026 年未标记", "Bob Chen（bob）：2026 年未标记")
	mustContain(t, h.console("hr", "/首次取薪 bob 开 2026"), "Bob Chen（bob）：已标记 2026 年首次取薪——减除费用自1月起算。", "2026 年的下一次工资表计算起生效")
	run, _, err := svc.Draft(context.Background(), h.hr(t), "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	var bobs pay.Line
	for _, s := range run.Slips {
		for _, l := range s.Lines {
			if l.Code != pay.CodeIIT {
				continue
			}
			if (l.Params["first_wages"] == "true") != (s.Key == "bob") {
				t.Errorf("%s's tax of October: first_wages=%q", s.Key, l.Params["first_wages"])
			}
			if s.Key == "bob" {
				bobs = l
			} else if l.Amount.StringFixed(2) != "-150.00" {
				t.Errorf("alice's tax %s, want -150", l.Amount)
			}
		}
	}
	cat := bot.NewCatalog()
	mustContain(t, bot.DescribeLine(cat, core.LocaleZH, bobs), "年度首次取得工资（国家税务总局公告2020年第13号）：减除费用自1月起累计 5000 × 10 = 50000.00")
	mustContain(t, bot.DescribeLine(cat, core.LocaleEN, bobs), "first wages of the year (国家税务总局公告2020年第13号): basic deduction from January, 5,000 × 10 = 50000.00")

	mustContain(t, h.console("alice", "/firstwages alice on 2026"), "Only HR or an administrator can do that.")
	mustContain(t, h.console("bob", "/首次取薪 bob 开 2026"), "只有 HR 或管理员可以执行此操作")
	h.console("hr", "/lang en")
	mustContain(t, h.console("hr", "/firstwages bob off 2026"), "Bob Chen (bob): not marked for 2026 — the basic deduction counts the months employed here.")
	mustContain(t, h.console("hr", "/firstwages carol on 2026"), "carol has no pay profile")
	mustContain(t, h.console("hr", "/firstwages bob maybe 2026"), "Write /firstwages PERSON on|off [YEAR]")
	mustContain(t, h.console("hr", "/help"), "/firstwages [YEAR]")
	if n := h.count(`SELECT count(*) FROM payroll_first_wages`); n != 0 {
		t.Errorf("%d marks kept, want none", n)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'payroll.first_wages' AND outcome = 'ok' AND channel = 'console'`); n != 2 {
		t.Errorf("%d changes audited, want 2", n)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'payroll.manage' AND outcome = 'denied' AND channel = 'console'`); n != 2 {
		t.Errorf("%d refusals audited, want 2", n)
	}
}
