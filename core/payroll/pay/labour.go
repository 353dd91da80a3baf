package pay

import (
	"github.com/shopspring/decimal"
)

// Labour remuneration (劳务报酬所得): part-time helpers and retirees paid a
// fee under a service agreement, not wages. The payer withholds per
// payment (国家税务总局公告2018年第61号 art. 8): the income less 800 when
// it is at most 4,000, less 20% above; the rest (预扣预缴应纳税所得额) is
// taxed by 预扣率表二. A fee of the same engagement paid within a month is
// one payment (Individual Income Tax Law implementing regulations art. 14),
// so hrbot withholds on the month's total. No social insurance, no
// cumulative method, nothing carried to the next month.

// Labour is the pay kind of someone paid labour remuneration: Salary is the
// agreed fee a month (zero when paid per task only), paid for the working
// days of the month the helper was engaged; taxable adjustments
// add per-task fees, adjustments not taxable (expenses) are paid untaxed.
const Labour Kind = "labour"

// RuleCNLabour is the tax rule of a labour-remuneration payslip.
const RuleCNLabour = "cn_labour"

// Line codes of a labour-remuneration payslip.
const (
	CodeLabourFee = "labour_fee" // Params: fee
	CodeIITLabour = "iit_labour" // Params: income, deduction, deduction_rule ("800" or "20%"), taxable, rate, quick_deduction
)

// CNLabourBrackets is 预扣率表二 of labour remuneration, on the taxable
// amount of one payment.
var CNLabourBrackets = []Bracket{
	{UpTo: decimal.NewFromInt(20000), Rate: decimal.RequireFromString("0.20"), QuickDeduction: decimal.Zero},
	{UpTo: decimal.NewFromInt(50000), Rate: decimal.RequireFromString("0.30"), QuickDeduction: decimal.NewFromInt(2000)},
	{UpTo: decimal.Zero, Rate: decimal.RequireFromString("0.40"), QuickDeduction: decimal.NewFromInt(7000)},
}

var (
	labourFlat      = decimal.NewFromInt(800)
	labourFlatUpTo  = decimal.NewFromInt(4000)
	labourRemaining = decimal.RequireFromString("0.8")
)

// LabourTax is the withholding on one payment of labour remuneration.
type LabourTax struct {
	Income         decimal.Decimal
	Deduction      decimal.Decimal // 800, or 20% of the income above 4,000
	DeductionRule  string          // "800" or "20%"
	Taxable        decimal.Decimal // Income − Deduction, ≥ 0
	Rate           decimal.Decimal
	QuickDeduction decimal.Decimal
	Tax            decimal.Decimal // Taxable × Rate − QuickDeduction, rounded to the cent, ≥ 0
}

// LabourWithholding works out the tax withheld on a payment of labour
// remuneration: income ≤ 4,000: taxable = income − 800 (not below 0);
// above: taxable = income × 80%; then 20% up to 20,000, 30% − 2,000 up to
// 50,000, 40% − 7,000 above.
func LabourWithholding(income decimal.Decimal) LabourTax {
	income = nonNegative(income)
	t := LabourTax{Income: income, Deduction: decimal.Min(income, labourFlat), DeductionRule: "800"}
	if income.GreaterThan(labourFlatUpTo) {
		t.Deduction, t.DeductionRule = income.Sub(income.Mul(labourRemaining)).Round(2), "20%"
	}
	t.Taxable = income.Sub(t.Deduction)
	b := bracketFor(CNLabourBrackets, t.Taxable)
	t.Rate, t.QuickDeduction = b.Rate, b.QuickDeduction
	t.Tax = nonNegative(t.Taxable.Mul(b.Rate).Sub(b.QuickDeduction).Round(2))
	return t
}

// computeLabour is the payslip of a labour-remuneration month: the agreed
// fee, less the working days before the helper started or after they left
// (a prorate line, as wages' partial months: the fee is agreed a month),
// the adjustments, the tax on the taxable total. Gross is that total;
// Social is zero; YTD is carried unchanged (labour remuneration is not in
// the cumulative wage figures).
func computeLabour(p Profile, in Inputs) Payslip {
	b := newSlip(p, DefaultRules(), in)
	b.labourFee(Part{Profile: p, EmployedWorkdays: in.EmployedWorkdays}, in.PeriodWorkdays)
	b.adjustments()
	s := &b.s
	s.Gross, s.Social = b.earnings, decimal.Zero
	lt := LabourWithholding(b.earnings)
	s.Tax = TaxResult{Taxable: lt.Taxable, Rate: lt.Rate, QuickDeduction: lt.QuickDeduction, CumTax: in.YTD.Withheld.Add(lt.Tax),
		Withhold: lt.Tax, Rule: RuleCNLabour}
	b.addNonZero(CodeIITLabour, lt.Tax.Neg(), map[string]string{
		"income": money(lt.Income), "deduction": money(lt.Deduction), "deduction_rule": lt.DeductionRule,
		"taxable": money(lt.Taxable), "rate": lt.Rate.String(), "quick_deduction": money(lt.QuickDeduction),
	})
	s.Net = decimal.Zero
	for _, l := range s.Lines {
		s.Net = s.Net.Add(l.Amount)
	}
	s.YTD = in.YTD
	return b.s
}
