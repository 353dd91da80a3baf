package pay

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// Tax rule names, as ParseTaxRule reads them and TaxResult.Rule reports them.
const (
	RuleCNCumulative = "cn_cumulative" // China's cumulative withholding of wages (累计预扣法)
	RuleFlat         = "flat"          // a flat rate on the month's wage
	RuleNone         = "none"          // nothing withheld
)

// Bracket is one band of a progressive tax table on the cumulative annual
// taxable income. A taxable amount falls in the first bracket whose UpTo it
// does not exceed (UpTo is inclusive: exactly 36000 is taxed at 3%).
type Bracket struct {
	UpTo           decimal.Decimal // cumulative annual taxable upper bound, inclusive; zero = no limit (the last bracket)
	Rate           decimal.Decimal // e.g. 0.03
	QuickDeduction decimal.Decimal // 速算扣除数 of the bracket
}

// CNWageBrackets is the annual table of the individual income tax on
// comprehensive income (综合所得, Individual Income Tax Law art. 3 and its
// table 1) with the quick deductions the withholding rules use (预扣率表一,
// 国家税务总局公告2018年第61号 附件). Treat it as read-only.
var CNWageBrackets = []Bracket{
	{UpTo: decimal.NewFromInt(36000), Rate: decimal.RequireFromString("0.03"), QuickDeduction: decimal.Zero},
	{UpTo: decimal.NewFromInt(144000), Rate: decimal.RequireFromString("0.10"), QuickDeduction: decimal.NewFromInt(2520)},
	{UpTo: decimal.NewFromInt(300000), Rate: decimal.RequireFromString("0.20"), QuickDeduction: decimal.NewFromInt(16920)},
	{UpTo: decimal.NewFromInt(420000), Rate: decimal.RequireFromString("0.25"), QuickDeduction: decimal.NewFromInt(31920)},
	{UpTo: decimal.NewFromInt(660000), Rate: decimal.RequireFromString("0.30"), QuickDeduction: decimal.NewFromInt(52920)},
	{UpTo: decimal.NewFromInt(960000), Rate: decimal.RequireFromString("0.35"), QuickDeduction: decimal.NewFromInt(85920)},
	{UpTo: decimal.Zero, Rate: decimal.RequireFromString("0.45"), QuickDeduction: decimal.NewFromInt(181920)},
}

// cnBasicPerMonth is the basic deduction (减除费用) of 5000 yuan a month.
var cnBasicPerMonth = decimal.NewFromInt(5000)

// TaxInput is what a tax rule needs for one month: the cumulative figures
// of the tax year with this employer, this month included, and the tax
// already withheld before this month.
type TaxInput struct {
	Months        int             // months of this tax year with this employer, including the current one (cumulative basic deduction = 5000 × Months)
	MonthIncome   decimal.Decimal // this month's taxable wage income (what Flat taxes)
	CumIncome     decimal.Decimal // cumulative taxable wage income this year, current month included
	CumDeductions decimal.Decimal // cumulative special deductions (专项扣除: employee social insurance and housing fund)
	CumAdditional decimal.Decimal // cumulative special additional deductions (专项附加扣除)
	CumOther      decimal.Decimal // other deductions allowed by law (e.g. enterprise annuity), usually 0
	Withheld      decimal.Decimal // tax already withheld this year, before this month
	// FullYearBasic gives the whole year's basic deduction (12 × 5000)
	// from the first month: the 60,000 rule (sixty.go).
	FullYearBasic bool
	// FirstWagesMonth, under the first-wages rule (firstwages.go), is the
	// month of the year (1–12): the cumulative basic deduction counts the
	// months from January to it when that is more than Months. 0: not
	// under the rule. FullYearBasic wins.
	FirstWagesMonth int
}

// TaxResult is a rule's answer for one month. Every amount is in yuan;
// CumTax and Withhold are rounded to the cent.
type TaxResult struct {
	Taxable        decimal.Decimal // cn_cumulative: cumulative taxable income (≥ 0); flat: this month's income (≥ 0); none: 0
	Rate           decimal.Decimal // rate applied
	QuickDeduction decimal.Decimal // quick deduction of the bracket (0 for flat and none)
	CumTax         decimal.Decimal // tax due for the year so far; for flat and none, Withheld + Withhold
	// Withhold is this month's tax, never negative: there is no refund
	// within the year; the excess is settled at the annual reconciliation
	// (年度汇算).
	Withhold decimal.Decimal
	Rule     string // RuleCNCumulative, RuleFlat or RuleNone
}

// TaxRule computes the tax to withhold for one month.
type TaxRule interface {
	// Name returns the rule as ParseTaxRule reads it back: "cn_cumulative",
	// "none" or "flat:0.1". Custom brackets or basic deduction of
	// CNCumulative do not show in the name.
	Name() string
	Withhold(in TaxInput) TaxResult
}

// CNCumulative is the cumulative withholding method for the wages of a
// resident (累计预扣法, 国家税务总局公告2018年第61号 art. 6):
//
//	CumTaxable = CumIncome − BasicPerMonth×Months − CumDeductions − CumAdditional − CumOther, floored at 0
//	             (Months: FirstWagesMonth when more, 12 with FullYearBasic)
//	CumTax     = CumTaxable × rate − quick deduction of its bracket, rounded to the cent
//	Withhold   = max(0, CumTax − Withheld)
//
// Months is taken as at least 1 and at most 12.
type CNCumulative struct {
	Brackets      []Bracket       // nil → CNWageBrackets
	BasicPerMonth decimal.Decimal // zero → 5000
}

// Name implements TaxRule.
func (CNCumulative) Name() string { return RuleCNCumulative }

// Withhold implements TaxRule.
func (c CNCumulative) Withhold(in TaxInput) TaxResult {
	brackets := c.Brackets
	if len(brackets) == 0 {
		brackets = CNWageBrackets
	}
	basic := c.BasicPerMonth
	if basic.IsZero() {
		basic = cnBasicPerMonth
	}
	months := min(max(in.Months, 1), 12)
	if in.FirstWagesMonth > months {
		months = min(in.FirstWagesMonth, 12)
	}
	if in.FullYearBasic {
		months = 12
	}
	taxable := in.CumIncome.
		Sub(basic.Mul(decimal.NewFromInt(int64(months)))).
		Sub(in.CumDeductions).
		Sub(in.CumAdditional).
		Sub(in.CumOther)
	taxable = nonNegative(taxable)
	b := bracketFor(brackets, taxable)
	cumTax := nonNegative(taxable.Mul(b.Rate).Sub(b.QuickDeduction).Round(2))
	return TaxResult{
		Taxable:        taxable,
		Rate:           b.Rate,
		QuickDeduction: b.QuickDeduction,
		CumTax:         cumTax,
		Withhold:       nonNegative(cumTax.Sub(in.Withheld)),
		Rule:           RuleCNCumulative,
	}
}

// bracketFor returns the bracket taxable falls in; the last one when none
// has room (a table whose last UpTo is not zero).
func bracketFor(brackets []Bracket, taxable decimal.Decimal) Bracket {
	for _, b := range brackets {
		if b.UpTo.IsZero() || taxable.LessThanOrEqual(b.UpTo) {
			return b
		}
	}
	return brackets[len(brackets)-1]
}

// Flat withholds Rate of this month's wage (TaxInput.MonthIncome), with no
// basic or other deduction: for shops that withhold a fixed percentage, for
// example of people paid under a service contract. Withhold is
// MonthIncome × Rate rounded to the cent, 0 when MonthIncome is not
// positive.
type Flat struct{ Rate decimal.Decimal }

// Name implements TaxRule.
func (f Flat) Name() string { return RuleFlat + ":" + f.Rate.String() }

// Withhold implements TaxRule.
func (f Flat) Withhold(in TaxInput) TaxResult {
	taxable := nonNegative(in.MonthIncome)
	tax := nonNegative(taxable.Mul(f.Rate).Round(2))
	return TaxResult{
		Taxable:  taxable,
		Rate:     f.Rate,
		CumTax:   in.Withheld.Add(tax),
		Withhold: tax,
		Rule:     RuleFlat,
	}
}

// NoTax withholds nothing, for orgs whose tax is handled elsewhere.
type NoTax struct{}

// Name implements TaxRule.
func (NoTax) Name() string { return RuleNone }

// Withhold implements TaxRule.
func (NoTax) Withhold(in TaxInput) TaxResult {
	return TaxResult{CumTax: in.Withheld, Rule: RuleNone}
}

// ParseTaxRule reads a tax rule setting: "cn_cumulative" (also ""), "none",
// or "flat:RATE" where RATE is a fraction ("flat:0.1") or a percentage
// ("flat:10%") between 0 and 1 (100%), of at most 6 decimal places. Case and surrounding spaces do not
// matter. Errors: EInvalid.
func ParseTaxRule(s string) (TaxRule, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "", RuleCNCumulative:
		return CNCumulative{}, nil
	case RuleNone:
		return NoTax{}, nil
	}
	spec, ok := strings.CutPrefix(s, RuleFlat+":")
	if !ok {
		return nil, core.Errorf(core.EInvalid, "payroll.bad_tax_rule",
			"unknown tax rule %q: use cn_cumulative, none or flat:10%%", s).With("rule", s)
	}
	spec = strings.TrimSpace(spec)
	pct := strings.HasSuffix(spec, "%")
	rate, err := decimal.NewFromString(strings.TrimSpace(strings.TrimSuffix(spec, "%")))
	if err != nil || spec == "" {
		return nil, core.Errorf(core.EInvalid, "payroll.bad_tax_rate",
			"flat tax rate %q is not a number like 0.1 or 10%%", spec).With("rate", spec)
	}
	if pct {
		rate = rate.Shift(-2)
	}
	if len(spec) > 16 || !rate.Equal(rate.Round(6)) {
		return nil, core.Errorf(core.EInvalid, "payroll.bad_tax_rate",
			"flat tax rate %q has too many digits", spec).With("rate", spec)
	}
	if rate.IsNegative() || rate.GreaterThan(decimal.NewFromInt(1)) {
		return nil, core.Errorf(core.EInvalid, "payroll.bad_tax_rate",
			"flat tax rate %q must be between 0 and 100%%", spec).With("rate", spec)
	}
	return Flat{Rate: rate}, nil
}

// IITRow is one month of the calculator (hrbot payroll iit): the same
// monthly figures every month, withheld with CNCumulative.
type IITRow struct {
	Month          int
	Income         decimal.Decimal // this month's wage
	CumIncome      decimal.Decimal
	CumBasic       decimal.Decimal // 5000 × Month
	CumDeductions  decimal.Decimal
	CumAdditional  decimal.Decimal
	CumTaxable     decimal.Decimal
	Rate           decimal.Decimal
	QuickDeduction decimal.Decimal
	CumTax         decimal.Decimal
	Withheld       decimal.Decimal // before this month
	Withhold       decimal.Decimal // this month
}

// IITTable returns months rows (at most 12; none when months < 1) of the
// cumulative withholding of someone paid monthlyIncome with
// monthlyDeductions of social insurance and housing fund and
// monthlyAdditional special additional deductions, from the first month of
// the tax year.
func IITTable(monthlyIncome, monthlyDeductions, monthlyAdditional decimal.Decimal, months int) []IITRow {
	return iitTable(monthlyIncome, monthlyDeductions, monthlyAdditional, months, false)
}

// iitTable is IITTable, under the 60,000 rule when fullYearBasic.
func iitTable(monthlyIncome, monthlyDeductions, monthlyAdditional decimal.Decimal, months int, fullYearBasic bool) []IITRow {
	months = min(months, 12)
	if months < 1 {
		return nil
	}
	rule := CNCumulative{}
	rows := make([]IITRow, 0, months)
	withheld := decimal.Zero
	for m := 1; m <= months; m++ {
		n := decimal.NewFromInt(int64(m))
		in := TaxInput{
			Months:        m,
			MonthIncome:   monthlyIncome,
			CumIncome:     monthlyIncome.Mul(n),
			CumDeductions: monthlyDeductions.Mul(n),
			CumAdditional: monthlyAdditional.Mul(n),
			Withheld:      withheld,
			FullYearBasic: fullYearBasic,
		}
		res := rule.Withhold(in)
		basic := cnBasicPerMonth.Mul(n)
		if fullYearBasic {
			basic = cnBasicPerMonth.Mul(twelve)
		}
		rows = append(rows, IITRow{
			Month:          m,
			Income:         monthlyIncome,
			CumIncome:      in.CumIncome,
			CumBasic:       basic,
			CumDeductions:  in.CumDeductions,
			CumAdditional:  in.CumAdditional,
			CumTaxable:     res.Taxable,
			Rate:           res.Rate,
			QuickDeduction: res.QuickDeduction,
			CumTax:         res.CumTax,
			Withheld:       withheld,
			Withhold:       res.Withhold,
		})
		withheld = withheld.Add(res.Withhold)
	}
	return rows
}

func nonNegative(d decimal.Decimal) decimal.Decimal {
	if d.IsNegative() {
		return decimal.Zero
	}
	return d
}
