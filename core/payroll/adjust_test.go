package payroll

import (
	"testing"

	"github.com/hrbot/hrbot/core"
)

// An adjustment's amount is read to the cent with the separators people
// type, either sign; not a number, zero to the cent and more than the
// store keeps are refused, each with its own key.
func TestAdjustmentAmount(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, want, key string
	}{
		{in: "150", want: "150"},
		{in: " -1,200.50 ", want: "-1200.5"},
		{in: "¥80", want: "80"},
		{in: "0.005", want: "0.01"},
		{in: "-9999999999.99", want: "-9999999999.99"},
		{in: "lots", key: "payroll.adjust_not_amount"},
		{in: "", key: "payroll.adjust_not_amount"},
		{in: "0", key: "payroll.adjust_zero"},
		{in: "-0.004", key: "payroll.adjust_zero"},
		{in: "10000000000", key: "payroll.adjust_too_large"},
		{in: "-1e12", key: "payroll.adjust_too_large"},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, err := AdjustmentAmount(c.in)
			if c.key != "" {
				if e, ok := core.AsError(err); !ok || e.Code != core.EInvalid || e.Key != c.key {
					t.Errorf("AdjustmentAmount(%q) = %v, %v; want EInvalid %s", c.in, got, err, c.key)
				}
				return
			}
			if err != nil || got.String() != c.want {
				t.Errorf("AdjustmentAmount(%q) = %v, %v; want %s", c.in, got, err, c.want)
			}
		})
	}
}
