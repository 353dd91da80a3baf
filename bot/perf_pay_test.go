package bot_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// A performance bonus line says which cycle, which band and how the
// amount was reached, in either language.
func TestPerfBonusIsExplained(t *testing.T) {
	cat := bot.NewCatalog()
	fixed := pay.Line{Code: pay.CodePerfBonus, Amount: decimal.RequireFromString("1200"),
		Params: map[string]string{"cycle": "2026年10月", "band": "A", "coefficient": "1.2", "base": "1000.00"}}
	percent := pay.Line{Code: pay.CodePerfBonus, Amount: decimal.RequireFromString("640"),
		Params: map[string]string{"cycle": "2026年10月", "band": "C", "coefficient": "0.8", "base": "800.00", "percent": "10", "salary": "8000.00"}}
	hourly := pay.Line{Code: pay.CodePerfBonus, Amount: decimal.Zero,
		Params: map[string]string{"cycle": "2026年10月", "band": "B", "coefficient": "1", "base": "0.00", "percent": "10", "salary": "0.00", "hourly": "true"}}
	for _, c := range []struct {
		l    pay.Line
		loc  core.Locale
		want string
	}{
		{fixed, core.LocaleEN, "Performance bonus (2026年10月): 1,200.00 (band A: performance pay 1000.00 × coefficient 1.2)"},
		{fixed, core.LocaleZH, "绩效奖金（2026年10月）：1,200.00（等级 A：绩效工资 1000.00 × 系数 1.2）"},
		{percent, core.LocaleEN, "(band C: 10% of the monthly salary 8000.00 = 800.00 × coefficient 0.8)"},
		{percent, core.LocaleZH, "（等级 C：月薪 8000.00 × 10% = 800.00 × 系数 0.8）"},
		{hourly, core.LocaleEN, "hourly pay has none"},
		{hourly, core.LocaleZH, "计时工资没有月薪"},
	} {
		if got := bot.DescribeLine(cat, c.loc, c.l); !strings.Contains(got, c.want) {
			t.Errorf("%s %s: %q, want it to contain %q", c.loc, c.l.Params["band"], got, c.want)
		}
	}
}
