package pay

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// A month split by a transfer may be paid partly or wholly as labour
// remuneration (a helper whose fee changes, an employee who retires and
// stays on as a helper). Labour remuneration is not wages: it has no
// social insurance and no cumulative method, and the fees of one
// engagement paid within the month are one payment (公告2018年第61号
// art. 8), withheld once on the month's total labour income. So each
// labour part pays its fee for its working days, and the month's labour
// income is taxed apart from the wages of the other parts, which are
// paid as ComputeParts pays any month.

// hasLabour says whether any part is paid as labour remuneration.
func hasLabour(parts []Part) bool {
	for _, pt := range parts {
		if pt.Profile.Kind == Labour {
			return true
		}
	}
	return false
}

// computeLabourParts is ComputeParts for parts of which some are labour:
// the wage parts as a month of their own (social insurance, the
// cumulative method, the year to date), then the labour parts' fees, the
// adjustments when the month's last part is labour, and the labour
// withholding on them. The labour tax is in the payslip's tax
// (Tax.Withhold) but not in the year to date. In a month wholly of labour
// Gross is the labour income and Tax the labour withholding (as
// computeLabour); in a mixed one Gross is the wages only.
func computeLabourParts(parts []Part, r Rules, in Inputs) Payslip {
	var wages, labour []Part
	for _, pt := range parts {
		if pt.Profile.Kind == Labour {
			labour = append(labour, pt)
		} else {
			wages = append(wages, pt)
		}
	}
	lastLabour := parts[len(parts)-1].Profile.Kind == Labour
	lb := newSlip(labour[len(labour)-1].Profile, r, in)
	for _, pt := range labour {
		lb.labourFee(pt, in.PeriodWorkdays)
	}
	if lastLabour {
		lb.adjustments()
	}
	lt := LabourWithholding(lb.earnings)
	params := map[string]string{
		"income": money(lt.Income), "deduction": money(lt.Deduction), "deduction_rule": lt.DeductionRule,
		"taxable": money(lt.Taxable), "rate": lt.Rate.String(), "quick_deduction": money(lt.QuickDeduction),
	}
	if len(wages) == 0 {
		s := &lb.s
		s.Gross, s.Social = lb.earnings, decimal.Zero
		s.Tax = TaxResult{Taxable: lt.Taxable, Rate: lt.Rate, QuickDeduction: lt.QuickDeduction, CumTax: in.YTD.Withheld.Add(lt.Tax),
			Withhold: lt.Tax, Rule: RuleCNLabour}
		lb.addNonZero(CodeIITLabour, lt.Tax.Neg(), params)
		s.Net = sumLines(s.Lines)
		s.YTD = in.YTD
		return lb.s
	}
	win := in
	if lastLabour {
		win.Adjustments = nil // they went with the labour income
	}
	s := computeParts(wages, r, win)
	s.Lines = append(s.Lines, lb.s.Lines...)
	// Always written in a mixed month, even when nothing is due: it says
	// how the labour part was taxed, and the declaration reads its income.
	s.Lines = append(s.Lines, Line{Code: CodeIITLabour, Amount: lt.Tax.Neg(), Params: params})
	s.Net = sumLines(s.Lines)
	s.Tax.Withhold = s.Tax.Withhold.Add(lt.Tax)
	return s
}

// labourFee pays a labour part's fee for its working days: the agreed fee
// a month, less the days of the period outside the part (a prorate line
// marked labour, as a monthly salary's part), both marked with the part's
// days when it is a part of a split month (From set).
func (b *slip) labourFee(pt Part, period int) {
	fee := pt.Profile.Salary.Round(2)
	if !fee.IsPositive() {
		return
	}
	mark := func(m map[string]string) map[string]string {
		if pt.From != "" {
			m["part_from"], m["part_to"] = pt.From, pt.To
		}
		return m
	}
	b.earn(CodeLabourFee, fee, mark(map[string]string{"fee": money(fee)}))
	if period > 0 && pt.EmployedWorkdays < period {
		missing := decimal.NewFromInt(int64(period - pt.EmployedWorkdays))
		b.earn(CodeProrate, fee.Mul(missing).DivRound(decimal.NewFromInt(int64(period)), 2).Neg(), mark(map[string]string{
			"employed": strconv.Itoa(pt.EmployedWorkdays), "workdays": strconv.Itoa(period), "salary": money(fee), "labour": "true",
		}))
	}
}

// sumLines is the sum of the lines' amounts: a payslip's net pay.
func sumLines(lines []Line) decimal.Decimal {
	sum := decimal.Zero
	for _, l := range lines {
		sum = sum.Add(l.Amount)
	}
	return sum
}
