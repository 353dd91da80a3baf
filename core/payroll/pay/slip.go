package pay

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// slip is a payslip being worked out by Compute, one part after another in
// payslip order: earnings, deductions, contributions, tax.
type slip struct {
	p  Profile
	r  Rules
	in Inputs
	s  Payslip

	// earnings is the taxable income so far: Gross once the deductions
	// are taken.
	earnings decimal.Decimal

	// The hourly rate as an exact fraction hourNum/hourDen, and rounded
	// for the explanation.
	hourNum, hourDen decimal.Decimal
	hourlyShown      string

	// prorated: a mid-month hire or leaver, paid for employed of period
	// workdays.
	prorated         bool
	period, employed decimal.Decimal
}

var hundred = decimal.NewFromInt(100)

func newSlip(p Profile, r Rules, in Inputs) *slip {
	b := &slip{p: p, r: r, in: in, earnings: decimal.Zero}
	b.hourNum, b.hourDen = p.HourlyRate, decimal.NewFromInt(1)
	if p.Kind == Monthly {
		b.hourNum, b.hourDen = p.Salary, r.DayDivisor.Mul(r.DayHours)
	}
	b.hourlyShown = money(b.hourNum.DivRound(b.hourDen, 2))
	b.prorated = in.PeriodWorkdays > 0 && in.EmployedWorkdays < in.PeriodWorkdays
	b.period, b.employed = decimal.NewFromInt(int64(in.PeriodWorkdays)), decimal.NewFromInt(int64(in.EmployedWorkdays))
	return b
}

func (b *slip) add(code string, amount decimal.Decimal, params map[string]string) {
	b.s.Lines = append(b.s.Lines, Line{Code: code, Amount: amount, Params: params})
}

func (b *slip) addNonZero(code string, amount decimal.Decimal, params map[string]string) {
	if !amount.IsZero() {
		b.add(code, amount, params)
	}
}

// earn adds a taxable earning, its line only when it is not zero.
func (b *slip) earn(code string, amount decimal.Decimal, params map[string]string) {
	b.earnings = b.earnings.Add(amount)
	b.addNonZero(code, amount, params)
}

// base is the salary, less the days before a hire or after a leave, or
// the hours worked at the hourly rate. Its line is always there.
func (b *slip) base() {
	p, in := b.p, b.in
	switch p.Kind {
	case Monthly:
		base := p.Salary.Round(2)
		b.earnings = b.earnings.Add(base)
		b.add(CodeBase, base, map[string]string{"salary": money(p.Salary)})
		if b.prorated {
			missing := b.period.Sub(b.employed)
			b.earn(CodeProrate, p.Salary.Mul(missing).DivRound(b.period, 2).Neg(), map[string]string{
				"employed": strconv.Itoa(in.EmployedWorkdays), "workdays": strconv.Itoa(in.PeriodWorkdays), "salary": money(p.Salary),
			})
		}
	case Hourly:
		base := in.WorkedHours.Mul(p.HourlyRate).Round(2)
		b.earnings = b.earnings.Add(base)
		b.add(CodeBase, base, map[string]string{"hours": in.WorkedHours.String(), "rate": money(p.HourlyRate)})
	}
}

// allowances are the fixed monthly amounts, prorated like the salary.
func (b *slip) allowances() {
	for _, a := range b.p.Allowances {
		params := map[string]string{"name": a.Name}
		amount := a.Amount.Round(2)
		if b.prorated {
			amount = a.Amount.Mul(b.employed).DivRound(b.period, 2)
			params["full"] = money(a.Amount)
			params["employed"] = strconv.Itoa(b.in.EmployedWorkdays)
			params["workdays"] = strconv.Itoa(b.in.PeriodWorkdays)
		}
		b.earn(CodeAllowance, amount, params)
	}
}

// overtime pays each kind of overtime at the hourly rate times its
// multiplier; rest-day overtime taken as time off in lieu shows its hours
// at no pay.
func (b *slip) overtime() {
	ot := b.in.OvertimeMinutes
	b.overtimeKind(CodeOvertimeWorkday, ot.Workday, b.r.OvertimeWorkday)
	if b.r.RestDayAsLeave {
		if ot.RestDay > 0 {
			b.add(CodeOvertimeRestDay, decimal.Zero, map[string]string{"hours": hours(ot.RestDay), "as_leave": "true"})
		}
	} else {
		b.overtimeKind(CodeOvertimeRestDay, ot.RestDay, b.r.OvertimeRestDay)
	}
	b.overtimeKind(CodeOvertimeHoliday, ot.Holiday, b.r.OvertimeHoliday)
}

func (b *slip) overtimeKind(code string, minutes int, multiplier decimal.Decimal) {
	if minutes == 0 {
		return
	}
	m := decimal.NewFromInt(int64(minutes))
	b.earn(code, m.Mul(b.hourNum).Mul(multiplier).DivRound(b.hourDen.Mul(sixty), 2), map[string]string{
		"hours": hours(minutes), "hourly": b.hourlyShown, "multiplier": multiplier.String(),
	})
}

// cover pays the hours of cover worked at the cover rate.
func (b *slip) cover() {
	if b.in.CoverMinutes > 0 {
		b.earn(CodeCover, decimal.NewFromInt(int64(b.in.CoverMinutes)).Mul(b.p.CoverRate).DivRound(sixty, 2), map[string]string{
			"hours": hours(b.in.CoverMinutes), "rate": money(b.p.CoverRate),
		})
	}
}

// perfBonuses pay each review cycle's result: coefficient × the
// performance pay, taxable wage income of the month. A percent is of the
// full monthly salary, not pro-rated: the bonus rewards a past period.
// Each is a line even when it comes to nothing, so the person sees why.
func (b *slip) perfBonuses() {
	for _, pb := range b.in.PerfBonuses {
		base := pb.Base
		params := map[string]string{"cycle": pb.Cycle, "band": pb.Band, "coefficient": pb.Coefficient.String()}
		if pb.Percent.IsPositive() {
			salary := decimal.Zero
			if b.p.Kind == Monthly {
				salary = b.p.Salary
			} else {
				params["hourly"] = "true"
			}
			base = salary.Mul(pb.Percent).Div(hundred)
			params["percent"], params["salary"] = pb.Percent.String(), money(salary)
		}
		params["base"] = money(base)
		amount := base.Mul(pb.Coefficient).Round(2)
		b.earnings = b.earnings.Add(amount)
		b.add(CodePerfBonus, amount, params)
	}
}

// adjustments carry corrections and one-off payments; only taxable ones
// are part of Gross, the others only of Net.
func (b *slip) adjustments() {
	for _, a := range b.in.Adjustments {
		amount := a.Amount.Round(2)
		if a.Taxable {
			b.earnings = b.earnings.Add(amount)
		}
		b.addNonZero(CodeAdjustment, amount, map[string]string{"description": a.Description, "taxable": strconv.FormatBool(a.Taxable)})
	}
}

// leavePayout pays unused annual leave on leaving: wage income, taxed
// with the month's pay.
func (b *slip) leavePayout() {
	lp := b.in.LeavePayout
	if lp == nil || !lp.Amount.IsPositive() {
		return
	}
	b.earn(CodeLeavePayout, lp.Amount.Round(2), map[string]string{"days": lp.Days.String(), "earned": strconv.Itoa(lp.Earned),
		"taken": lp.Taken.String(), "daily": money(lp.Daily), "rate": "2"})
}

// deduct takes full from the earnings, capped at what is left of them so
// Gross stays ≥ 0; a capped line says so and keeps the full amount.
func (b *slip) deduct(code string, full decimal.Decimal, params map[string]string) {
	amount := full
	if room := nonNegative(b.earnings); amount.GreaterThan(room) {
		amount = room
		params["capped"] = "true"
		params["full"] = money(full)
	}
	b.earnings = b.earnings.Sub(amount)
	b.addNonZero(code, amount.Neg(), params)
}

// absence takes a daily rate for each absent day (monthly kind only: the
// hourly kind is not paid for hours not worked anyway).
func (b *slip) absence() {
	p, in := b.p, b.in
	if p.Kind != Monthly || !in.AbsentDays.IsPositive() {
		return
	}
	b.deduct(CodeAbsence, in.AbsentDays.Mul(p.Salary).DivRound(b.r.DayDivisor, 2), map[string]string{
		"days": in.AbsentDays.String(), "dates": strings.Join(in.AbsentDates, ", "),
		"daily": money(p.Salary.DivRound(b.r.DayDivisor, 2)),
	})
}

// unpaidLeave takes the hourly rate for each hour of unpaid leave (monthly
// kind only).
func (b *slip) unpaidLeave() {
	in := b.in
	if b.p.Kind != Monthly || !in.UnpaidLeaveHours.IsPositive() {
		return
	}
	b.deduct(CodeUnpaidLeave, in.UnpaidLeaveHours.Mul(b.hourNum).DivRound(b.hourDen, 2), map[string]string{
		"hours": in.UnpaidLeaveHours.String(), "dates": strings.Join(in.UnpaidLeaveDates, ", "), "hourly": b.hourlyShown,
	})
}

// late charges the penalty for each late arrival beyond the free ones.
func (b *slip) late() {
	r := b.r
	if charged := max(0, b.in.LateCount-r.LateFree); charged > 0 && r.LatePenalty.IsPositive() {
		b.deduct(CodeLate, decimal.NewFromInt(int64(charged)).Mul(r.LatePenalty).Round(2), map[string]string{
			"count": strconv.Itoa(b.in.LateCount), "free": strconv.Itoa(r.LateFree),
			"charged": strconv.Itoa(charged), "penalty": money(r.LatePenalty),
		})
	}
}

// social takes the employee's social insurance and housing fund on the
// bases held to the city's bounds (social.go), and works out the
// employer's part: whole monthly contributions, none when the person was
// employed on none of the period's workdays.
func (b *slip) social() {
	p := b.p
	b.s.Social, b.s.EmployerTotal = decimal.Zero, decimal.Zero
	if b.in.PeriodWorkdays > 0 && b.in.EmployedWorkdays == 0 {
		return
	}
	social, housing := b.bases()
	b.contribute(CodePension, social, p.PensionRate)
	b.contribute(CodeMedical, social, p.MedicalRate)
	b.contribute(CodeUnemployment, social, p.UnemploymentRate)
	b.contribute(CodeHousingFund, housing, p.HousingRate)
	b.employer(social, housing)
}

func (b *slip) contribute(code string, base contributionBase, rate decimal.Decimal) {
	amount := base.base.Mul(rate).Round(2)
	b.s.Social = b.s.Social.Add(amount)
	params := map[string]string{"base": money(base.base), "rate": rate.String()}
	for k, v := range base.params {
		params[k] = v
	}
	b.addNonZero(code, amount.Neg(), params)
}

// tax withholds the income tax under the org's rule from the year's
// cumulative figures, which it returns.
func (b *slip) tax() TaxInput {
	s, in := &b.s, b.in
	ti := TaxInput{
		Months:        in.YTD.Months + monthEmployed(in),
		MonthIncome:   s.Gross,
		CumIncome:     in.YTD.Income.Add(s.Gross),
		CumDeductions: in.YTD.Deductions.Add(s.Social),
		CumAdditional: in.YTD.Additional.Add(b.p.SpecialAdditional),
		Withheld:      in.YTD.Withheld,
		FullYearBasic: in.PriorYearUnder60k,
	}
	if in.FirstWagesOfYear && !in.PriorYearUnder60k {
		ti.FirstWagesMonth = in.MonthOfYear
	}
	s.Tax = b.r.Tax.Withhold(ti)
	params := map[string]string{
		"taxable": money(s.Tax.Taxable), "rate": s.Tax.Rate.String(), "quick_deduction": money(s.Tax.QuickDeduction),
		"cum_tax": money(s.Tax.CumTax), "withheld": money(ti.Withheld), "rule": s.Tax.Rule,
	}
	if in.PriorYearUnder60k && s.Tax.Rule == RuleCNCumulative {
		params["sixty"] = "true"
	}
	if ti.FirstWagesMonth > 0 && s.Tax.Rule == RuleCNCumulative {
		// Written even when nothing is due: it says why nothing is.
		params["first_wages"], params["month"] = "true", strconv.Itoa(ti.FirstWagesMonth)
		params["basic"] = money(cnBasicPerMonth.Mul(decimal.NewFromInt(int64(max(ti.Months, ti.FirstWagesMonth)))))
		b.add(CodeIIT, s.Tax.Withhold.Neg(), params)
		return ti
	}
	b.addNonZero(CodeIIT, s.Tax.Withhold.Neg(), params)
	return ti
}

// total sums Net from the lines and moves the year to date on by this
// period.
func (b *slip) total(ti TaxInput) {
	s := &b.s
	s.Net = decimal.Zero
	for _, l := range s.Lines {
		s.Net = s.Net.Add(l.Amount)
	}
	s.YTD = YearToDate{
		Months:     ti.Months,
		Income:     ti.CumIncome,
		Deductions: ti.CumDeductions,
		Additional: ti.CumAdditional,
		Withheld:   b.in.YTD.Withheld.Add(s.Tax.Withhold),
		// A bonus taxed on its own is added by bonusSeparate, after.
		SeparateBonus: b.in.YTD.SeparateBonus,
	}
}

// monthEmployed is 1 when the person was employed in the period, 0 when
// on none of its workdays (hired after it, or gone before it): the
// cumulative method counts the months with this employer only
// (公告2018年第61号: 累计减除费用 = 5000 × months employed this year).
func monthEmployed(in Inputs) int {
	if in.PeriodWorkdays > 0 && in.EmployedWorkdays == 0 {
		return 0
	}
	return 1
}
