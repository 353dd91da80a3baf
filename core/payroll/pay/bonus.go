package pay

import (
	"github.com/shopspring/decimal"
)

// Year-end bonus (全年一次性奖金). Until 31 December 2027 (财政部 税务总局
// 公告2023年第30号, extending 财税〔2018〕164号 art. 1(1)) a resident may
// have it taxed on its own — the bonus divided by 12 picks a rate and quick
// deduction of the monthly table, and the whole bonus is taxed at that rate
// less one quick deduction — or together with the month's wages under the
// cumulative method. Once a year per person; the taxpayer chooses.

// Bonus methods, as a bonus is recorded and a line reports them.
const (
	BonusAuto     = "auto"     // the method that withholds less tax this month
	BonusSeparate = "separate" // 单独计税
	BonusCombined = "combined" // 并入当月工资薪金
)

// Line codes of a year-end bonus.
const (
	// CodeYearEndBonus is the bonus itself. Params: method (separate or
	// combined), chosen ("auto" or "hr"), separate_tax, combined_tax (the
	// month's whole tax under each method), dead_to when the bonus falls
	// in a dead zone (see BonusDeadZones) and threshold, the bonus the zone starts above.
	CodeYearEndBonus = "year_end_bonus"
	// CodeIITBonus is the tax of a bonus taxed on its own. Params: bonus,
	// monthly (bonus ÷ 12), rate, quick_deduction.
	CodeIITBonus = "iit_year_end_bonus"
)

// CNMonthlyBrackets is the monthly table (按月换算后的综合所得税率表) a
// year-end bonus taxed on its own is looked up in, by bonus ÷ 12.
var CNMonthlyBrackets = []Bracket{
	{UpTo: decimal.NewFromInt(3000), Rate: decimal.RequireFromString("0.03"), QuickDeduction: decimal.Zero},
	{UpTo: decimal.NewFromInt(12000), Rate: decimal.RequireFromString("0.10"), QuickDeduction: decimal.NewFromInt(210)},
	{UpTo: decimal.NewFromInt(25000), Rate: decimal.RequireFromString("0.20"), QuickDeduction: decimal.NewFromInt(1410)},
	{UpTo: decimal.NewFromInt(35000), Rate: decimal.RequireFromString("0.25"), QuickDeduction: decimal.NewFromInt(2660)},
	{UpTo: decimal.NewFromInt(55000), Rate: decimal.RequireFromString("0.30"), QuickDeduction: decimal.NewFromInt(4410)},
	{UpTo: decimal.NewFromInt(80000), Rate: decimal.RequireFromString("0.35"), QuickDeduction: decimal.NewFromInt(7160)},
	{UpTo: decimal.Zero, Rate: decimal.RequireFromString("0.45"), QuickDeduction: decimal.NewFromInt(15160)},
}

var twelve = decimal.NewFromInt(12)

// BonusTax is the separate taxation of a year-end bonus.
type BonusTax struct {
	Bonus          decimal.Decimal
	Monthly        decimal.Decimal // Bonus ÷ 12, to the cent for display; the bracket is chosen on the exact quotient
	Rate           decimal.Decimal
	QuickDeduction decimal.Decimal
	Tax            decimal.Decimal // Bonus × Rate − QuickDeduction, rounded to the cent, ≥ 0
}

// SeparateBonusTax taxes a year-end bonus on its own: bonus ÷ 12 picks the
// bracket of CNMonthlyBrackets, the tax is bonus × rate − one quick
// deduction. A bonus of zero or less is taxed nothing.
func SeparateBonusTax(bonus decimal.Decimal) BonusTax {
	bonus = nonNegative(bonus)
	b := bracketFor(CNMonthlyBrackets, bonus.Div(twelve))
	return BonusTax{
		Bonus: bonus, Monthly: bonus.DivRound(twelve, 2), Rate: b.Rate, QuickDeduction: b.QuickDeduction,
		Tax: nonNegative(bonus.Mul(b.Rate).Sub(b.QuickDeduction).Round(2)),
	}
}

// DeadZone is a range of bonuses taxed separately where a larger bonus
// leaves less after tax than Threshold does: from just above Threshold up
// to To, inclusive (at To the bonus after tax is back to Threshold's, to
// the cent). Jump is the extra tax of the first cent above Threshold.
type DeadZone struct {
	Threshold decimal.Decimal // 12 × a monthly bracket's upper bound, e.g. 36000
	To        decimal.Decimal
	Jump      decimal.Decimal // tax of Threshold + 1 yuan − tax of Threshold, e.g. 2310.10 at 36000
}

// BonusDeadZones lists the dead zones of separately taxed bonuses, one
// above each bracket bound of CNMonthlyBrackets × 12: 36,000, 144,000,
// 300,000, 420,000, 660,000, 960,000. For a bound T with tax t(T) and the
// next bracket's rate r and quick deduction q, a bonus B > T leaves no
// more after tax while B − (B×r − q) ≤ T − t(T), that is up to
// (T − t(T) − q) ÷ (1 − r), to the cent with the tax rounded.
func BonusDeadZones() []DeadZone {
	out := make([]DeadZone, 0, len(CNMonthlyBrackets)-1)
	for i, b := range CNMonthlyBrackets[:len(CNMonthlyBrackets)-1] {
		t := b.UpTo.Mul(twelve)
		next := CNMonthlyBrackets[i+1]
		after := t.Sub(SeparateBonusTax(t).Tax)
		// The exact bound, then the cents past it whose rounded tax still
		// leaves no more than after.
		to := after.Sub(next.QuickDeduction).Div(decimal.NewFromInt(1).Sub(next.Rate)).RoundFloor(2)
		for cent := decimal.New(1, -2); ; to = to.Add(cent) {
			if n := to.Add(cent); n.Sub(SeparateBonusTax(n).Tax).GreaterThan(after) {
				break
			}
		}
		out = append(out, DeadZone{
			Threshold: t,
			To:        to,
			Jump:      SeparateBonusTax(t.Add(decimal.NewFromInt(1))).Tax.Sub(SeparateBonusTax(t).Tax),
		})
	}
	return out
}

// BonusDeadZone returns the dead zone bonus falls in, if any.
func BonusDeadZone(bonus decimal.Decimal) (DeadZone, bool) {
	for _, z := range BonusDeadZones() {
		if bonus.GreaterThan(z.Threshold) && bonus.LessThanOrEqual(z.To) {
			return z, true
		}
	}
	return DeadZone{}, false
}

// YearEndBonus is a year-end bonus paid in a period, and how HR wants it
// taxed: BonusAuto (or "") takes the method that withholds less.
type YearEndBonus struct {
	Amount decimal.Decimal
	Method string
}

// computeWithBonus works the payslip out under both methods and keeps the
// one HR chose, or the one withholding less this month (separate on a
// tie: it leaves the cumulative figures of the year lower). The bonus line
// carries both results.
func computeWithBonus(p Profile, r Rules, in Inputs) Payslip {
	yb := *in.YearEndBonus
	sepIn, combIn := in, in
	sepIn.YearEndBonus = &YearEndBonus{Amount: yb.Amount, Method: BonusSeparate}
	combIn.YearEndBonus = &YearEndBonus{Amount: yb.Amount, Method: BonusCombined}
	sep, comb := compute(p, r, sepIn), compute(p, r, combIn)
	chosen, s := "hr", sep
	switch yb.Method {
	case BonusCombined:
		s = comb
	case BonusSeparate:
	default:
		chosen = "auto"
		if comb.Tax.Withhold.LessThan(sep.Tax.Withhold) {
			s = comb
		}
	}
	for i, l := range s.Lines {
		if l.Code != CodeYearEndBonus {
			continue
		}
		l.Params["chosen"] = chosen
		l.Params["separate_tax"] = money(sep.Tax.Withhold)
		l.Params["combined_tax"] = money(comb.Tax.Withhold)
		if z, ok := BonusDeadZone(yb.Amount.Round(2)); ok {
			l.Params["threshold"], l.Params["dead_to"] = money(z.Threshold), money(z.To)
		}
		s.Lines[i] = l
	}
	return s
}

// bonusCombined adds a bonus taxed with the month's wages to the
// earnings, before the deductions.
func (b *slip) bonusCombined() {
	yb := b.in.YearEndBonus
	if yb == nil || yb.Method != BonusCombined || !yb.Amount.IsPositive() {
		return
	}
	// chosen and the comparison are set by computeWithBonus; a month
	// split by a change of pay (ComputeParts) takes HR's method as given.
	b.earn(CodeYearEndBonus, yb.Amount.Round(2), map[string]string{"method": BonusCombined, "chosen": "hr", "separate_tax": "-", "combined_tax": "-"})
}

// bonusSeparate adds a bonus taxed on its own and its tax, after the
// month's wages are taxed and totalled: the bonus is not in Gross nor in
// the year to date's income, only in Net, and its tax is added to
// Tax.Withhold (the month's whole withholding) but not to the year to
// date's Withheld, which is the cumulative method's.
func (b *slip) bonusSeparate() {
	yb := b.in.YearEndBonus
	if yb == nil || yb.Method == BonusCombined || !yb.Amount.IsPositive() {
		return
	}
	s := &b.s
	amount := yb.Amount.Round(2)
	bt := SeparateBonusTax(amount)
	line := map[string]string{"method": BonusSeparate, "chosen": "auto", "combined_tax": "-"}
	b.add(CodeYearEndBonus, amount, line)
	b.addNonZero(CodeIITBonus, bt.Tax.Neg(), map[string]string{
		"bonus": money(amount), "monthly": money(bt.Monthly), "rate": bt.Rate.String(), "quick_deduction": money(bt.QuickDeduction),
	})
	s.Net = s.Net.Add(amount).Sub(bt.Tax)
	s.Tax.Withhold = s.Tax.Withhold.Add(bt.Tax)
	line["separate_tax"] = money(s.Tax.Withhold)
	s.YTD.SeparateBonus = s.YTD.SeparateBonus.Add(amount)
}
