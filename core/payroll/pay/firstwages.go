package pay

import "github.com/shopspring/decimal"

// First wages of the year (国家税务总局公告2020年第13号, 关于完善调整部分纳税人
// 个人所得税预扣预缴方法的公告, from 1 July 2020): a resident whose first wage
// income of a tax year comes mid-year — no wages, and no labour
// remuneration withheld by the cumulative method, from anyone since
// January (typically a graduate starting work) — has the basic deduction
// withheld cumulatively from January: 5,000 × the month of the year (a
// July start: 35,000), not 5,000 × the months employed here. The employer
// cannot know the person's other income, so HR marks the person for the
// year; the mark lasts that year. The 60,000 rule, when it applies, gives
// 60,000 already and wins.

// IITTableFirstWages is IITTable for someone whose first wages of the year
// come in month first (2–12) under the first-wages rule: rows from month
// first to month first+months−1 (at most December), the cumulative basic
// deduction 5,000 × the month of the year. first 1 is IITTable itself.
func IITTableFirstWages(monthlyIncome, monthlyDeductions, monthlyAdditional decimal.Decimal, first, months int) []IITRow {
	if first < 1 || first > 12 || months < 1 {
		return nil
	}
	months = min(months, 13-first)
	rule := CNCumulative{}
	rows := make([]IITRow, 0, months)
	withheld := decimal.Zero
	for i := 1; i <= months; i++ {
		n, month := decimal.NewFromInt(int64(i)), first+i-1
		in := TaxInput{
			Months:          i,
			MonthIncome:     monthlyIncome,
			CumIncome:       monthlyIncome.Mul(n),
			CumDeductions:   monthlyDeductions.Mul(n),
			CumAdditional:   monthlyAdditional.Mul(n),
			Withheld:        withheld,
			FirstWagesMonth: month,
		}
		res := rule.Withhold(in)
		rows = append(rows, IITRow{
			Month:          month,
			Income:         monthlyIncome,
			CumIncome:      in.CumIncome,
			CumBasic:       cnBasicPerMonth.Mul(decimal.NewFromInt(int64(month))),
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
