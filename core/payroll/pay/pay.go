// Package pay holds the pay rules of hrbot: a person's pay profile, an
// org's payroll rules, and Compute, which turns one person's month of
// attendance, leave, overtime and cover into an explained payslip with the
// employee's social insurance, housing fund and China's individual income
// tax withheld by the cumulative method (累计预扣法). It is pure: the caller
// gathers the inputs and stores the payslip; nothing here reads a clock, a
// database or the network.
//
// Money is exact decimal throughout (shopspring/decimal, never float64).
// Rates such as the daily and hourly rate of a monthly salary are kept as
// exact fractions: an amount is computed as one product divided once, and
// rounded to the cent, half away from zero, only at these points:
//
//   - each payslip line's amount (base, prorate, each allowance, each
//     overtime kind, cover, each performance bonus, each adjustment,
//     absence, unpaid leave, late);
//   - each contribution: base × rate (pension, medical, unemployment,
//     housing fund);
//   - the tax: the cumulative tax due (CumTax), so this month's tax, the
//     difference of two cent amounts, is in cents too.
//
// Gross, Social and Net are sums of rounded lines, so Net is exactly the sum
// of the payslip's line amounts. The daily rate, hourly rate and hours shown
// in a line's Params are rounded for display only: "2 × 459.77" may differ
// by a cent from the line, which was computed from the exact rate.
package pay

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// Kind says how a person is paid.
type Kind string

// Pay kinds.
const (
	Monthly Kind = "monthly" // a monthly salary
	Hourly  Kind = "hourly"  // hours worked × an hourly rate
)

// Allowance is a fixed monthly amount paid on top of the salary (meal,
// transport, phone…). It is taxable wage income.
type Allowance struct {
	Name   string
	Amount decimal.Decimal
}

// Profile is the pay profile of one employee.
type Profile struct {
	Kind              Kind
	Salary            decimal.Decimal // monthly, for Kind monthly
	HourlyRate        decimal.Decimal // for Kind hourly
	Allowances        []Allowance
	CoverRate         decimal.Decimal // per hour of cover worked
	SocialBase        decimal.Decimal // contribution base for social insurance
	HousingBase       decimal.Decimal // for the housing fund; zero → SocialBase
	PensionRate       decimal.Decimal // employee shares, e.g. 0.08
	MedicalRate       decimal.Decimal // e.g. 0.02
	UnemploymentRate  decimal.Decimal // e.g. 0.005
	HousingRate       decimal.Decimal // e.g. 0.12
	SpecialAdditional decimal.Decimal // monthly special additional deductions (专项附加扣除)
}

// DefaultRates returns the usual employee shares: pension 8%, medical 2%,
// unemployment 0.5%, housing fund 12%. Local rules differ (the housing fund
// may be 5–12%); an org sets its own.
func DefaultRates() (pension, medical, unemployment, housing decimal.Decimal) {
	return decimal.RequireFromString("0.08"), decimal.RequireFromString("0.02"),
		decimal.RequireFromString("0.005"), decimal.RequireFromString("0.12")
}

// Rules are the payroll rules of an org. A zero field takes its default
// (DefaultRules), so Rules{} computes like DefaultRules(); negative values
// are rejected.
type Rules struct {
	DayDivisor      decimal.Decimal // 21.75: daily rate = salary / DayDivisor
	DayHours        decimal.Decimal // 8: hourly rate for a monthly salary = daily / DayHours
	LatePenalty     decimal.Decimal // per late arrival beyond LateFree; zero = no penalty
	LateFree        int             // late arrivals a month without penalty
	OvertimeWorkday decimal.Decimal // 1.5
	OvertimeRestDay decimal.Decimal // 2.0
	OvertimeHoliday decimal.Decimal // 3.0
	RestDayAsLeave  bool            // rest-day overtime becomes time off in lieu (调休) instead of pay
	Tax             TaxRule         // nil → CNCumulative{}
	// MinimumWage is the local monthly minimum wage (最低工资标准); zero =
	// not set. Compute does not use it: a draft warns about net pay below it.
	MinimumWage decimal.Decimal
	// Employer are the employer's contribution rates (social.go); zero:
	// no employer part computed.
	Employer EmployerRates
}

// DefaultRules returns the rules of the Labour Law and the usual practice:
// 21.75 paid days a month (劳社部发〔2008〕3号), 8-hour days, overtime at
// 150% on workdays, 200% on rest days and 300% on public holidays (Labour
// Law art. 44), no late penalty, and cumulative income tax withholding.
func DefaultRules() Rules {
	return Rules{
		DayDivisor:      decimal.RequireFromString("21.75"),
		DayHours:        decimal.NewFromInt(8),
		OvertimeWorkday: decimal.RequireFromString("1.5"),
		OvertimeRestDay: decimal.NewFromInt(2),
		OvertimeHoliday: decimal.NewFromInt(3),
		Tax:             CNCumulative{},
	}
}

// Inputs are one person's figures for one period, gathered by the caller
// from attendance, leave and cover.
type Inputs struct {
	PeriodWorkdays   int             // working days of the org's calendar in the period (for pro-rating); 0 = no pro-rating (EmployedWorkdays 0 too)
	EmployedWorkdays int             // of those, days the person was employed (mid-month hire or leaver); == PeriodWorkdays for a full month
	AbsentDays       decimal.Decimal // planned working days with no attendance and no approved leave (monthly kind only)
	AbsentDates      []string        // for the explanation, e.g. "11-04"
	UnpaidLeaveHours decimal.Decimal // approved unpaid leave (personal leave 事假), hours (monthly kind only)
	UnpaidLeaveDates []string
	WorkedHours      decimal.Decimal // for Kind hourly: hours worked
	LateCount        int
	OvertimeMinutes  struct{ Workday, RestDay, Holiday int }
	CoverMinutes     int
	Adjustments      []Adjustment // corrections carried from earlier periods
	// LeavePayout, for someone whose last day falls in the period, pays
	// their unused statutory annual leave (a taxable wage line); nil
	// otherwise.
	LeavePayout *LeavePayout
	// PerfBonuses are the performance bonuses paid this period, one per
	// review cycle whose results are paid in it (core/perf), oldest first.
	PerfBonuses []PerfBonus
	// YearEndBonus is the year-end bonus paid this period (全年一次性奖金,
	// bonus.go), nil when none.
	YearEndBonus *YearEndBonus
	// PriorYearUnder60k applies the 60,000 rule (国家税务总局公告2020年第19号):
	// the whole year's basic deduction of 60,000 from the first month.
	PriorYearUnder60k bool
	// FirstWagesOfYear applies the first-wages rule (国家税务总局公告2020年
	// 第13号, firstwages.go): the cumulative basic deduction is 5,000 ×
	// MonthOfYear, which must be given. PriorYearUnder60k wins.
	FirstWagesOfYear bool
	YTD              YearToDate // before this period, this tax year, this employer
	// MonthOfYear is the calendar month of the period (1–12), 0 when not
	// given. It is a check only: months employed this year including this
	// one (TaxInput.Months = YTD.Months + 1) cannot exceed it, which catches
	// a YTD not reset at the start of the year.
	MonthOfYear int
	// Bases are the contribution base bounds of the person's city for the
	// period (BasesFor); nil: the declared bases are used as they are.
	Bases *CityBases
}

// LeavePayout is unused annual leave paid when someone leaves, worked
// out by the caller (core/leaving): the line shows how.
type LeavePayout struct {
	Days   decimal.Decimal // unused days paid
	Earned int             // days earned this year up to the last day
	Taken  decimal.Decimal // days taken this year
	Daily  decimal.Decimal // daily wage
	Amount decimal.Decimal // Days × Daily × 200 %
}

// PerfBonus is one review cycle's result paid as a bonus: the band's
// coefficient times the org's performance pay, a fixed amount (Base) or,
// when Percent is set, that percent of the person's monthly salary. An
// hourly worker has no monthly salary, so a percent earns them nothing;
// the line says why.
type PerfBonus struct {
	Cycle       string          // the cycle's name, as HR gave it
	Band        string          // the result band, e.g. "A"
	Coefficient decimal.Decimal // the band's coefficient, e.g. 1.2
	Base        decimal.Decimal // the fixed performance pay; used when Percent is zero
	Percent     decimal.Decimal // the performance pay as a percent of the monthly salary, e.g. 10
}

// Adjustment is a correction carried from an earlier period, or a one-off
// payment: a bonus or a missed overtime (Taxable), a reimbursement of
// expenses (not Taxable). Negative amounts take money back.
type Adjustment struct {
	Description string
	Amount      decimal.Decimal
	Taxable     bool
}

// YearToDate are the cumulative figures of the tax year with this
// employer, which the cumulative withholding needs.
type YearToDate struct {
	Months     int             // months already paid this year (0–11 before a period)
	Income     decimal.Decimal // taxable wage income (sum of Gross)
	Deductions decimal.Decimal // employee social insurance and housing fund (sum of Social)
	Additional decimal.Decimal // special additional deductions
	Withheld   decimal.Decimal // income tax withheld
	// SeparateBonus is the year-end bonus taxed on its own this year: not
	// wage income of the cumulative method, but counted by the 60,000
	// rule's test of last year's wages.
	SeparateBonus decimal.Decimal
}

// Line codes of a payslip, in payslip order.
const (
	CodeBase            = "base"              // Params: monthly: salary; hourly: hours, rate
	CodeProrate         = "prorate"           // mid-month join or leave; Params: employed, workdays, salary
	CodeAllowance       = "allowance"         // Params: name; when prorated also full, employed, workdays
	CodeOvertimeWorkday = "overtime_workday"  // Params: hours, hourly, multiplier
	CodeOvertimeRestDay = "overtime_rest_day" // Params: hours, hourly, multiplier; or hours, as_leave="true" with Amount 0
	CodeOvertimeHoliday = "overtime_holiday"  // Params: hours, hourly, multiplier
	CodeCover           = "cover"             // Params: hours, rate
	CodePerfBonus       = "perf_bonus"        // Params: cycle, band, coefficient, base; percent and salary when a percent of salary; hourly="true" when that salary is none
	CodeAdjustment      = "adjustment"        // Params: description, taxable ("true"/"false")
	CodeLeavePayout     = "leave_payout"      // Params: days, earned, taken, daily, rate (unused annual leave on leaving)
	CodeAbsence         = "absence"           // Params: days, dates, daily; capped="true" and full when capped
	CodeUnpaidLeave     = "unpaid_leave"      // Params: hours, dates, hourly; capped="true" and full when capped
	CodeLate            = "late"              // Params: count, free, charged, penalty; capped="true" and full when capped
	CodePension         = "pension"           // Params: base, rate; when the base was clamped also clamped, declared, floor, ceiling, city, from (social.go)
	CodeMedical         = "medical"           // Params: as pension
	CodeUnemployment    = "unemployment"      // Params: as pension
	CodeHousingFund     = "housing_fund"      // Params: as pension, of the housing fund base
	CodeIIT             = "iit"               // Params: taxable, rate, quick_deduction, cum_tax, withheld, rule; sixty="true" under the 60,000 rule; first_wages="true", basic and month under the first-wages rule
)

// Line is one explained line of a payslip. Code says what it is; Params
// carry the numbers the explanation needs, so the bot can write it in the
// reader's language. Money params have two decimals ("459.77"); rates are
// fractions ("0.08", "1.5"); hours are rounded to two places without
// trailing zeros ("1.5", "0.83"); dates are joined with ", " and may be "".
type Line struct {
	Code   string
	Amount decimal.Decimal // signed: earnings positive, deductions negative; rounded to the cent
	Params map[string]string
}

// SumOf adds up the lines of code; any says whether there was one (a
// column with none stays empty rather than 0.00).
func SumOf(lines []Line, code string) (sum decimal.Decimal, any bool) {
	for _, l := range lines {
		if l.Code == code {
			sum, any = sum.Add(l.Amount), true
		}
	}
	return sum, any
}

// Payslip is one person's pay for one period.
type Payslip struct {
	Lines []Line
	// Gross is the taxable wage income of the month: earnings and taxable
	// adjustments minus absence, unpaid leave and late deductions, before
	// social insurance and tax. Those deductions are capped so that they
	// never take it below zero; only negative taxable adjustments larger
	// than the month's earnings can make it negative.
	Gross  decimal.Decimal
	Social decimal.Decimal // employee social insurance + housing fund (a positive number)
	Tax    TaxResult
	Net    decimal.Decimal // the sum of all line amounts; may be negative (no earnings, contributions still due)
	YTD    YearToDate      // after this period, for the next one
	// Employer is the employer's part (social.go): its contributions on
	// the same bases, positive amounts, not on the employee's net pay.
	Employer      []Line
	EmployerTotal decimal.Decimal
}

// Compute works out one person's payslip for one period under r.
//
// Lines come in this order, each omitted when its amount is zero except
// "base", rest-day overtime taken as leave and performance bonuses (one
// per cycle, explained even when a coefficient of 0 or an hourly wage
// makes it nothing): base, prorate, allowances, overtime (workday, rest
// day, holiday), cover, perf_bonus, adjustments, leave_payout, absence,
// unpaid_leave, late, pension, medical, unemployment, housing_fund, iit.
// A year-end bonus (Inputs.YearEndBonus, bonus.go) is a year_end_bonus line
// after leave_payout when taxed with the wages, or year_end_bonus and
// iit_year_end_bonus after iit when taxed on its own; Compute works both
// out and keeps the one HR chose or the lower tax. The Labour kind
// (labour.go) has its own payslip: labour_fee, adjustments, iit_labour.
//
// For the monthly kind, daily = Salary / DayDivisor and hourly = daily /
// DayHours; a mid-month hire or leaver (0 < PeriodWorkdays and
// EmployedWorkdays < PeriodWorkdays) loses Salary × missing / PeriodWorkdays
// in a prorate line. For the hourly kind, base = WorkedHours × HourlyRate,
// overtime is paid on HourlyRate, and absence and unpaid leave are ignored
// (hours not worked are not paid anyway). Fixed allowances are prorated like
// the salary, for both kinds. Social insurance and housing fund are whole
// monthly contributions, not prorated, and none is taken when the person was
// employed on none of the period's workdays.
//
// Errors: EInvalid for an invalid profile (unknown kind, negative amounts or
// rates above 100%, hourly without a rate, an allowance without a name),
// invalid rules (negative values) or invalid inputs (negative figures,
// EmployedWorkdays above PeriodWorkdays, a year to date of 12 months or
// more than MonthOfYear allows).
func Compute(p Profile, r Rules, in Inputs) (Payslip, error) {
	if err := p.validate(); err != nil {
		return Payslip{}, err
	}
	r, err := r.withDefaults()
	if err != nil {
		return Payslip{}, err
	}
	if err := in.validate(); err != nil {
		return Payslip{}, err
	}
	switch {
	case p.Kind == Labour:
		return computeLabour(p, in), nil
	case in.YearEndBonus != nil && in.YearEndBonus.Amount.IsPositive():
		return computeWithBonus(p, r, in), nil
	}
	return compute(p, r, in), nil
}

// compute works out a valid payslip; a year-end bonus in has its method
// decided (BonusSeparate or BonusCombined).
func compute(p Profile, r Rules, in Inputs) Payslip {
	b := newSlip(p, r, in)
	b.base()
	b.allowances()
	b.overtime()
	b.cover()
	b.perfBonuses()
	b.adjustments()
	b.leavePayout()
	b.bonusCombined()
	b.absence()
	b.unpaidLeave()
	b.late()
	b.s.Gross = b.earnings
	b.social()
	b.total(b.tax())
	b.bonusSeparate()
	return b.s
}

var (
	sixty   = decimal.NewFromInt(60)
	maxRate = decimal.NewFromInt(1) // no employee share above 100% of the base
)

// money formats an amount with two decimals.
func money(d decimal.Decimal) string { return d.StringFixed(2) }

// hours formats minutes as hours rounded to two places: 90 → "1.5".
func hours(minutes int) string {
	return decimal.NewFromInt(int64(minutes)).DivRound(sixty, 2).String()
}

func invalid(key, format string, args ...any) *core.Error {
	return core.Errorf(core.EInvalid, key, format, args...)
}

func (p Profile) validate() error {
	switch p.Kind {
	case Monthly, Hourly, Labour:
	case "":
		return invalid("payroll.no_kind", "the pay profile has no kind: use monthly, hourly or labour")
	default:
		return invalid("payroll.bad_kind", "unknown pay kind %q: use monthly, hourly or labour", string(p.Kind)).With("kind", string(p.Kind))
	}
	amounts := []struct {
		name string
		v    decimal.Decimal
	}{
		{"salary", p.Salary}, {"hourly rate", p.HourlyRate}, {"cover rate", p.CoverRate},
		{"social insurance base", p.SocialBase}, {"housing fund base", p.HousingBase},
		{"special additional deductions", p.SpecialAdditional},
	}
	for _, a := range amounts {
		if a.v.IsNegative() {
			return invalid("payroll.negative", "the %s cannot be negative (%s)", a.name, a.v).With("field", a.name).With("value", a.v.String())
		}
	}
	rates := []struct {
		name string
		v    decimal.Decimal
	}{
		{"pension rate", p.PensionRate}, {"medical rate", p.MedicalRate},
		{"unemployment rate", p.UnemploymentRate}, {"housing fund rate", p.HousingRate},
	}
	for _, a := range rates {
		if a.v.IsNegative() || a.v.GreaterThan(maxRate) {
			return invalid("payroll.bad_rate", "the %s must be a fraction between 0 and 1, like 0.08 (got %s)", a.name, a.v).
				With("field", a.name).With("value", a.v.String())
		}
	}
	if p.Kind == Hourly && !p.HourlyRate.IsPositive() {
		return invalid("payroll.no_hourly_rate", "an hourly worker needs an hourly rate")
	}
	for _, a := range p.Allowances {
		if strings.TrimSpace(a.Name) == "" {
			return invalid("payroll.allowance_name", "an allowance has no name")
		}
		if a.Amount.IsNegative() {
			return invalid("payroll.negative", "the allowance %q cannot be negative (%s)", a.Name, a.Amount).
				With("field", a.Name).With("value", a.Amount.String())
		}
	}
	return nil
}

// withDefaults fills zero fields with DefaultRules and rejects negative ones.
func (r Rules) withDefaults() (Rules, error) {
	d := DefaultRules()
	fields := []struct {
		name string
		v    *decimal.Decimal
		def  decimal.Decimal
	}{
		{"day divisor", &r.DayDivisor, d.DayDivisor},
		{"day hours", &r.DayHours, d.DayHours},
		{"late penalty", &r.LatePenalty, d.LatePenalty},
		{"workday overtime multiplier", &r.OvertimeWorkday, d.OvertimeWorkday},
		{"rest-day overtime multiplier", &r.OvertimeRestDay, d.OvertimeRestDay},
		{"holiday overtime multiplier", &r.OvertimeHoliday, d.OvertimeHoliday},
		{"minimum wage", &r.MinimumWage, d.MinimumWage},
	}
	for _, f := range fields {
		if f.v.IsNegative() {
			return r, invalid("payroll.bad_rules", "the payroll %s cannot be negative (%s)", f.name, *f.v).
				With("field", f.name).With("value", f.v.String())
		}
		if f.v.IsZero() {
			*f.v = f.def
		}
	}
	if r.LateFree < 0 {
		return r, invalid("payroll.bad_rules", "the free late arrivals cannot be negative (%d)", r.LateFree).
			With("field", "late free").With("value", strconv.Itoa(r.LateFree))
	}
	if r.Tax == nil {
		r.Tax = CNCumulative{}
	}
	return r, r.Employer.validate()
}

func (in Inputs) validate() error {
	bad := func(field, value string) error {
		return invalid("payroll.bad_inputs", "the %s cannot be negative (%s)", field, value).With("field", field).With("value", value)
	}
	ints := []struct {
		name string
		v    int
	}{
		{"period workdays", in.PeriodWorkdays}, {"employed workdays", in.EmployedWorkdays}, {"late count", in.LateCount},
		{"workday overtime minutes", in.OvertimeMinutes.Workday}, {"rest-day overtime minutes", in.OvertimeMinutes.RestDay},
		{"holiday overtime minutes", in.OvertimeMinutes.Holiday}, {"cover minutes", in.CoverMinutes},
		{"months to date", in.YTD.Months}, {"month of year", in.MonthOfYear},
	}
	for _, f := range ints {
		if f.v < 0 {
			return bad(f.name, strconv.Itoa(f.v))
		}
	}
	decs := []struct {
		name string
		v    decimal.Decimal
	}{
		{"absent days", in.AbsentDays}, {"unpaid leave hours", in.UnpaidLeaveHours}, {"worked hours", in.WorkedHours},
		{"social insurance to date", in.YTD.Deductions}, {"special additional deductions to date", in.YTD.Additional},
		{"tax withheld to date", in.YTD.Withheld},
	}
	for _, f := range decs {
		if f.v.IsNegative() {
			return bad(f.name, f.v.String())
		}
	}
	for _, pb := range in.PerfBonuses {
		for _, f := range []struct {
			name string
			v    decimal.Decimal
		}{{"performance coefficient", pb.Coefficient}, {"performance pay", pb.Base}, {"performance pay percent", pb.Percent}} {
			if f.v.IsNegative() {
				return bad(f.name, f.v.String())
			}
		}
	}
	if in.EmployedWorkdays > in.PeriodWorkdays {
		return invalid("payroll.bad_inputs", "employed on %d workdays of a period of %d", in.EmployedWorkdays, in.PeriodWorkdays).
			With("field", "employed workdays").With("value", strconv.Itoa(in.EmployedWorkdays))
	}
	if in.YTD.Months >= 12 {
		return invalid("payroll.ytd_full", "the year to date already has %d months: start a new tax year", in.YTD.Months).
			With("months", strconv.Itoa(in.YTD.Months))
	}
	if in.MonthOfYear > 12 {
		return invalid("payroll.bad_inputs", "month of year %d is not 1–12", in.MonthOfYear).
			With("field", "month of year").With("value", strconv.Itoa(in.MonthOfYear))
	}
	if in.FirstWagesOfYear && in.MonthOfYear == 0 {
		return invalid("payroll.bad_inputs", "the first-wages rule needs the month of the year").
			With("field", "month of year").With("value", "0")
	}
	if in.MonthOfYear > 0 && in.YTD.Months+1 > in.MonthOfYear {
		return invalid("payroll.bad_ytd", "%d months paid before month %d of the year: is the year to date from last year?", in.YTD.Months, in.MonthOfYear).
			With("months", strconv.Itoa(in.YTD.Months)).With("month", strconv.Itoa(in.MonthOfYear))
	}
	return nil
}
