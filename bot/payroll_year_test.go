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

// A year of pay in chat: Alice's own, in English, with its spreadsheet;
// Bob's in the org's Chinese by /年度收入; Alice may not ask for Bob's;
// HR may; a year without payslips is said so.
func TestPayslipYearInChat(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	st := store.NewPayroll(h.db)
	hr, err := dir.Identify(ctx, core.PlatformConsole, "shop/hr")
	if err != nil {
		t.Fatal(err)
	}
	d := decimal.RequireFromString
	slip := func(key, gross, social, tax string) payroll.Slip {
		members, err := dir.Identify(ctx, core.PlatformConsole, "shop/"+key)
		if err != nil {
			t.Fatal(err)
		}
		return payroll.Slip{EmployeeID: members.Employee.ID, Key: key, Payslip: pay.Payslip{Gross: d(gross), Social: d(social),
			Tax: pay.TaxResult{Withhold: d(tax)}, Net: d(gross).Sub(d(social)).Sub(d(tax)),
			Lines: []pay.Line{{Code: pay.CodeBase, Amount: d(gross)}, {Code: pay.CodePension, Amount: d(social).Neg()}, {Code: pay.CodeIIT, Amount: d(tax).Neg()}}}}
	}
	for _, p := range []struct {
		period string
		slips  []payroll.Slip
	}{
		{"2026-09", []payroll.Slip{slip("alice", "10000", "800", "66"), slip("bob", "7000", "560", "13.20")}},
		{"2026-10", []payroll.Slip{slip("alice", "10500.50", "800", "81.02")}},
	} {
		run, err := st.SaveDraft(ctx, hr.Org.ID, p.period, "test", p.slips, nil, h.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApproveRun(ctx, hr.Org.ID, p.period, run.DraftedAt, hr, "test", "", nil, h.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	att := attendance.NewService(store.NewAttendance(h.db), dir, h.clock)
	svc := payroll.NewService(st, att, dir, h.clock)
	h.bot = bot.New(bot.Config{Directory: dir, Inbox: store.NewOutbox(h.db), Conversations: store.NewConversations(h.db), Clock: h.clock,
		Desks: bot.Desks{Payroll: svc, Render: chartRenderer(t)}})

	// The payslips of approval come along with it.
	var rs []bot.Reply
	for _, r := range h.as("alice", "/payslip year 2026") {
		if strings.Contains(r.Text, "pay in 2026") {
			rs = append(rs, r)
		}
	}
	if len(rs) != 1 || !rs[0].Ephemeral {
		t.Fatalf("%d statements; want one, private", len(rs))
	}
	for _, want := range []string{"Alice Li: pay in 2026 at Test Shop", "2026-09: income 10,000.00", "Income: 20,500.50",
		"Income tax withheld: 147.02", "Net pay: 18,753.48"} {
		if !strings.Contains(rs[0].Text, want) {
			t.Errorf("Alice's year lacks %q:\n%s", want, rs[0].Text)
		}
	}
	if len(rs[0].Attachments) != 1 || !rs[0].Attachments[0].Sealed || !strings.HasSuffix(rs[0].Attachments[0].Name, ".xlsx") {
		t.Errorf("attachments %+v: want one sealed spreadsheet", rs[0].Attachments)
	}
	if got := h.console("bob", "/年度收入"); !strings.Contains(got, "收入合计：7,000.00") || !strings.Contains(got, "已扣个人所得税：13.20") {
		t.Errorf("Bob's year: %s", got)
	}
	if got := h.console("alice", "/income 2026 bob"); strings.Contains(got, "7,000.00") {
		t.Errorf("Alice saw Bob's year: %s", got)
	}
	if got := h.console("hr", "/income 2026 bob"); !strings.Contains(got, "7,000.00") {
		t.Errorf("HR asking for Bob's year: %s", got)
	}
	if got := h.console("alice", "/income 2025"); !strings.Contains(got, "no approved payslip for alice in 2025") {
		t.Errorf("a year without payslips: %s", got)
	}

	// A month as people say it (today is 25 November 2026): "工资 11月"
	// answered that 11月 is not a month.
	for text, want := range map[string]string{
		"/payslip 10月": "Payslip 2026-10", "/payslip 2026年9月": "Payslip 2026-09", "payslip October": "Payslip 2026-10",
		"/payslip last month": "Payslip 2026-10", "/payslip sept": "Payslip 2026-09", "/payslip 11月": "no payslip for 2026-11",
		"/payslip 13月": "is not a month", "/payslip 10月3日": "is not a month", "/payslip 2026-10": "Payslip 2026-10",
	} {
		if got := h.console("alice", text); !strings.Contains(got, want) {
			t.Errorf("%s: %s, want %q", text, got, want)
		}
	}
	if got := h.console("bob", "/工资条 九月"); !strings.Contains(got, "2026-09 工资条") {
		t.Errorf("/工资条 九月: %s", got)
	}
}
