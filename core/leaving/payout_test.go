package leaving_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leaving"
)

// The worked example of docs/payroll.md: 8,700 a month, 10 days a year,
// leaving on 20 October 2026 having taken 3 days.
func TestLeavePayout(t *testing.T) {
	for _, c := range []struct {
		name        string
		from, last  core.Date
		entitlement int
		taken       string
		days, amt   string
	}{
		{"docs example", core.NewDate(2026, 1, 1), core.NewDate(2026, 10, 20), 10, "3", "5", "4000"},
		{"hired mid-year", core.NewDate(2026, 7, 1), core.NewDate(2026, 12, 31), 5, "0", "2", "1600"},
		{"took more than earned", core.NewDate(2026, 1, 1), core.NewDate(2026, 3, 31), 10, "5", "0", "0"},
	} {
		p := leaving.LeavePayout(c.from, c.last, c.entitlement, decimal.RequireFromString(c.taken), decimal.RequireFromString("8700"))
		if !p.Days.Equal(decimal.RequireFromString(c.days)) || !p.Amount.Equal(decimal.RequireFromString(c.amt)) {
			t.Errorf("%s: %s days, %s, want %s days, %s (worked %d, earned %d, daily %s)", c.name, p.Days, p.Amount, c.days, c.amt, p.Worked, p.Earned, p.Daily)
		}
	}
}
