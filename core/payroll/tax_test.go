package payroll

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// A bonus in a dead zone is warned about; one taxed on its own after 2027
// too, since the rules hrbot knows allow that only until then.
func TestBonusWarnings(t *testing.T) {
	t.Parallel()
	e := core.Employee{Key: "li", Name: "Li"}
	slip := func(amount string) pay.Payslip {
		t.Helper()
		s, err := pay.Compute(pay.Profile{Kind: pay.Monthly, Salary: decimal.NewFromInt(10000)}, pay.Rules{},
			pay.Inputs{YearEndBonus: &pay.YearEndBonus{Amount: decimal.RequireFromString(amount), Method: pay.BonusSeparate}})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	codes := func(ws []Warning) []string {
		var out []string
		for _, w := range ws {
			out = append(out, w.Code)
		}
		return out
	}
	cases := []struct {
		amount string
		year   int
		want   []string
	}{
		{"36000", 2026, nil},
		{"37000", 2026, []string{WarnBonusDeadZone}},
		{"36000", 2027, nil},
		{"37000", 2028, []string{WarnBonusDeadZone, WarnBonusSeparateAfter}},
	}
	for _, c := range cases {
		got := codes(bonusWarnings(e, slip(c.amount), c.year))
		if len(got) != len(c.want) {
			t.Errorf("%s in %d: %v, want %v", c.amount, c.year, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s in %d: %v, want %v", c.amount, c.year, got, c.want)
			}
		}
	}
	if w := bonusWarnings(e, slip("37000"), 2026); w[0].Params["dead_to"] != "38566.67" || w[0].Params["amount"] == "" {
		t.Errorf("dead-zone params %v", w[0].Params)
	}
}

// A bonus is kept to the cent: one that rounds to nothing is not above
// zero, and one past what the store's numeric(14, 2) holds is refused
// before it reaches the store (which would fail with a driver error).
func TestBonusAmount(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"36000": "36000", "0.005": "0.01", "999999999999.99": "999999999999.99"} {
		got, err := BonusAmount(decimal.RequireFromString(in))
		if err != nil || got.String() != want {
			t.Errorf("%s: %s, %v; want %s", in, got, err, want)
		}
	}
	for in, key := range map[string]string{"0.004": "payroll.bonus_amount", "-5": "payroll.bonus_amount", "0": "payroll.bonus_amount",
		"1e12": "payroll.bonus_too_large", "1e30": "payroll.bonus_too_large"} {
		_, err := BonusAmount(decimal.RequireFromString(in))
		if e, ok := core.AsError(err); !ok || e.Code != core.EInvalid || e.Key != key {
			t.Errorf("%s: %v, want EInvalid %s", in, err, key)
		}
	}
}
