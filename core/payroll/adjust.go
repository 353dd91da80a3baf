package payroll

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// Adjustment is a correction recorded for a month's run — an underpayment
// last month paid, a deduction taken twice given back — as HR lists it.
// A draft of the month pays it (see pay.Adjustment) once redrafted.
type Adjustment struct {
	ID        int64
	Key, Name string // whom it is for
	pay.Adjustment
	CreatedBy string // "web:zhao", "payroll adjust"
	CreatedAt time.Time
}

// AdjustmentInput is an adjustment as HR types it.
type AdjustmentInput struct {
	Person      string // employee key
	Amount      string // "150", "-1,200.50": negative takes money back
	Description string // shown on the payslip
	NotTaxable  bool   // not wage income, e.g. a reimbursement
}

// MaxAdjustment is the largest adjustment, either way, the store keeps
// (numeric(12, 2)).
var MaxAdjustment = decimal.RequireFromString("9999999999.99")

// MaxAdjustmentDescription is how long, in characters, an adjustment's
// description may be: it is a line of a payslip.
const MaxAdjustmentDescription = 200

// AdjustmentAmount reads an adjustment's amount to the cent: "1,200.50",
// "-80", "¥150". Errors: EInvalid when it is not a number
// (payroll.adjust_not_amount), is zero to the cent (payroll.adjust_zero)
// or is beyond MaxAdjustment either way (payroll.adjust_too_large).
func AdjustmentAmount(text string) (decimal.Decimal, error) {
	text = strings.TrimSpace(text)
	n, err := decimal.NewFromString(strings.NewReplacer(",", "", "，", "", "¥", "", "￥", "", " ", "").Replace(text))
	if err != nil {
		return n, core.Errorf(core.EInvalid, "payroll.adjust_not_amount", "%q is not an amount", text).With("amount", text)
	}
	n = n.Round(2)
	if n.IsZero() {
		return n, core.Errorf(core.EInvalid, "payroll.adjust_zero", "an adjustment of zero changes nothing")
	}
	if n.Abs().GreaterThan(MaxAdjustment) {
		return n, core.Errorf(core.EInvalid, "payroll.adjust_too_large", "an adjustment of %s is more than hrbot keeps", n).
			With("amount", Amount(n)).With("max", Amount(MaxAdjustment))
	}
	return n, nil
}

// AddAdjustment records, for HR on channel, a correction to be paid (or,
// negative, taken back) in period's run. The run is not redrafted: the
// month's next draft includes it.
//
// Errors: EForbidden (audited on channel) for anyone but HR; EInvalid for
// a bad period, an amount that is not a number, zero or too large (see
// AdjustmentAmount), an empty or overlong description
// (payroll.adjust_description, payroll.adjust_description_long), or a
// person not of the org (payroll.unknown_person) or without a pay profile
// (payroll.no_profile); EConflict (payroll.approved) once the period's
// run is approved.
func (s *Service) AddAdjustment(ctx context.Context, m core.Member, period string, in AdjustmentInput, channel string) (Adjustment, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return Adjustment{}, err
	}
	if _, _, err := ParsePeriod(period); err != nil {
		return Adjustment{}, err
	}
	period = strings.TrimSpace(period)
	amount, err := AdjustmentAmount(in.Amount)
	if err != nil {
		return Adjustment{}, err
	}
	desc := strings.Join(strings.Fields(in.Description), " ")
	switch n := utf8.RuneCountInString(desc); {
	case n == 0:
		return Adjustment{}, core.Errorf(core.EInvalid, "payroll.adjust_description", "an adjustment needs a description for the payslip")
	case n > MaxAdjustmentDescription:
		return Adjustment{}, core.Errorf(core.EInvalid, "payroll.adjust_description_long", "a description of %d characters is too long", n).
			With("max", strconv.Itoa(MaxAdjustmentDescription))
	}
	key := strings.TrimSpace(in.Person)
	if key == "" {
		return Adjustment{}, core.Errorf(core.EInvalid, "payroll.adjust_person", "whom is the adjustment for?")
	}
	a := pay.Adjustment{Description: desc, Amount: amount, Taxable: !in.NotTaxable}
	now := s.clock.Now()
	if err := s.store.AddAdjustmentAs(ctx, m.Org.ID, key, period, a, m, channel, now); err != nil {
		return Adjustment{}, err
	}
	return Adjustment{Key: key, Adjustment: a, CreatedBy: channel + ":" + m.Employee.Key, CreatedAt: now}, nil
}

// Adjustments lists the corrections recorded for period, in the order
// they were recorded, for HR (EForbidden, audited on channel, for anyone
// else); EInvalid for a bad period.
func (s *Service) Adjustments(ctx context.Context, m core.Member, period, channel string) ([]Adjustment, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return nil, err
	}
	if _, _, err := ParsePeriod(period); err != nil {
		return nil, err
	}
	return s.store.ListAdjustments(ctx, m.Org.ID, strings.TrimSpace(period))
}
