package pay

import "github.com/shopspring/decimal"

// The 60,000 rule (国家税务总局公告2020年第19号, 关于进一步简便优化部分纳税人
// 个人所得税预扣预缴方法的公告, from 2021; 2020年第13号 is the other rule, for
// someone whose first wages of the year come mid-year): someone this employer
// employed for all twelve months of last year, declaring their wages and
// withholding each month, whose wages of last year came to at most 60,000
// (all wage income, year-end bonus included, before any deduction), gets
// the whole year's basic deduction of 60,000 from the first month of this
// year: no tax is withheld until their income passes 60,000. The employer
// applies it unless the employee objects (then HR turns it off per
// person); it lasts the year.

// SixtyThousand is last year's wage ceiling of the 60,000 rule.
var SixtyThousand = decimal.NewFromInt(60000)

// QualifiesForSixty says whether last year's final year to date with this
// employer qualifies for the 60,000 rule: twelve months paid (runs, or
// opening balances and runs) and income, a separately taxed year-end bonus
// included, of at most 60,000.
func QualifiesForSixty(lastYear YearToDate) bool {
	return lastYear.Months == 12 && lastYear.Income.Add(lastYear.SeparateBonus).LessThanOrEqual(SixtyThousand)
}

// IITTableSixty is IITTable under the 60,000 rule: the cumulative basic
// deduction is 60,000 in every month.
func IITTableSixty(monthlyIncome, monthlyDeductions, monthlyAdditional decimal.Decimal, months int) []IITRow {
	return iitTable(monthlyIncome, monthlyDeductions, monthlyAdditional, months, true)
}
