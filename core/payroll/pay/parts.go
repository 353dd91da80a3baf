package pay

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Terms are the part of a pay profile a transfer (调岗) changes: the kind
// of pay and its amounts. Contribution bases, rates, the cover rate,
// deductions and the bank account stay as they are.
type Terms struct {
	Kind       Kind
	Salary     decimal.Decimal // for Kind monthly
	HourlyRate decimal.Decimal // for Kind hourly
	// Allowances replace the profile's, unless KeepAllowances.
	Allowances     []Allowance
	KeepAllowances bool
}

// TermsOf are p's terms.
func TermsOf(p Profile) Terms {
	return Terms{Kind: p.Kind, Salary: p.Salary, HourlyRate: p.HourlyRate, Allowances: slices.Clone(p.Allowances)}
}

// Over returns p with t's kind, amounts and (unless kept) allowances.
func (t Terms) Over(p Profile) Profile {
	p.Kind, p.Salary, p.HourlyRate = t.Kind, t.Salary, t.HourlyRate
	if !t.KeepAllowances {
		p.Allowances = slices.Clone(t.Allowances)
	}
	return p
}

// Key is the same string for terms that pay the same.
func (t Terms) Key() string {
	var b strings.Builder
	b.WriteString(string(t.Kind) + "|" + t.Salary.String() + "|" + t.HourlyRate.String())
	if t.KeepAllowances {
		b.WriteString("|keep")
	}
	for _, a := range t.Allowances {
		b.WriteString("|" + a.Name + ":" + a.Amount.String())
	}
	return b.String()
}

// Validate checks terms as Compute checks a profile's kind and amounts.
func (t Terms) Validate() error {
	p := t.Over(Profile{PensionRate: decimal.Zero})
	return p.validate()
}

// Part is the share of a period paid under one profile: a month split by
// a transfer that changed pay is paid in two. Its figures are those of its
// own days; From and To ("12-07") name them on the payslip.
type Part struct {
	Profile          Profile
	From, To         string
	EmployedWorkdays int // the period's working days in this part on which the person was employed
	AbsentDays       decimal.Decimal
	AbsentDates      []string
	UnpaidLeaveHours decimal.Decimal
	UnpaidLeaveDates []string
	WorkedHours      decimal.Decimal
	OvertimeMinutes  struct{ Workday, RestDay, Holiday int }
	CoverMinutes     int
}

// inputs are in with the part's own figures.
func (pt Part) inputs(in Inputs) Inputs {
	in.EmployedWorkdays = pt.EmployedWorkdays
	in.AbsentDays, in.AbsentDates = pt.AbsentDays, pt.AbsentDates
	in.UnpaidLeaveHours, in.UnpaidLeaveDates = pt.UnpaidLeaveHours, pt.UnpaidLeaveDates
	in.WorkedHours, in.OvertimeMinutes, in.CoverMinutes = pt.WorkedHours, pt.OvertimeMinutes, pt.CoverMinutes
	return in
}

// ComputeParts is Compute for a period paid under several profiles one
// after another (a transfer that changed pay in the middle of it). Each
// part pays its base, allowances, overtime and cover, and deducts its
// absence and unpaid leave, under its own profile: a monthly salary and
// the allowances pro rata, salary × the part's employed working days / the
// period's working days (a part line per profile, marked with its days);
// hours at the part's rates. The period's adjustments and late penalty,
// the social insurance and housing fund (whole monthly contributions) and
// the income tax are taken once, under the last part's profile. in carries
// the period's figures (PeriodWorkdays, LateCount, Adjustments, YTD,
// MonthOfYear); its per-part figures are ignored. Parts paid as labour
// remuneration (labour_parts.go) pay their fee for their days and are
// withheld once on the month's labour total, apart from the wages.
//
// Errors: those of Compute, for any part.
func ComputeParts(parts []Part, r Rules, in Inputs) (Payslip, error) {
	if len(parts) == 0 {
		return Payslip{}, invalid("payroll.bad_inputs", "no part to pay").With("field", "parts").With("value", "0")
	}
	r, err := r.withDefaults()
	if err != nil {
		return Payslip{}, err
	}
	for _, pt := range parts {
		if err := pt.Profile.validate(); err != nil {
			return Payslip{}, err
		}
		if err := pt.inputs(in).validate(); err != nil {
			return Payslip{}, err
		}
	}
	if err := wholeOf(parts, in).validate(); err != nil {
		return Payslip{}, err
	}
	if hasLabour(parts) {
		return computeLabourParts(parts, r, in), nil
	}
	return computeParts(parts, r, in), nil
}

// wholeOf is in for the whole period: employed on the parts' working
// days, the per-part figures left to the parts.
func wholeOf(parts []Part, in Inputs) Inputs {
	whole := in
	whole.EmployedWorkdays, whole.AbsentDays, whole.UnpaidLeaveHours, whole.WorkedHours = 0, decimal.Zero, decimal.Zero, decimal.Zero
	for _, pt := range parts {
		whole.EmployedWorkdays += pt.EmployedWorkdays
	}
	return whole
}

// computeParts is ComputeParts for valid parts paid as wages.
func computeParts(parts []Part, r Rules, in Inputs) Payslip {
	subs := make([]*slip, len(parts))
	for i, pt := range parts {
		subs[i] = newSlip(pt.Profile, r, pt.inputs(in))
	}
	b := newSlip(parts[len(parts)-1].Profile, r, wholeOf(parts, in))
	// Each part's lines join the payslip's, its earnings and deductions
	// carried on, so a deduction is capped by all that was earned.
	each := func(steps ...func(*slip)) {
		for i, sb := range subs {
			sb.earnings, sb.s.Lines = b.earnings, nil
			for _, step := range steps {
				step(sb)
			}
			for _, l := range sb.s.Lines {
				l.Params["part_from"], l.Params["part_to"] = parts[i].From, parts[i].To
				b.s.Lines = append(b.s.Lines, l)
			}
			b.earnings = sb.earnings
		}
	}
	each((*slip).base, (*slip).allowances, (*slip).overtime, (*slip).cover)
	b.perfBonuses()
	b.adjustments()
	b.leavePayout()
	b.bonusCombined()
	each((*slip).absence, (*slip).unpaidLeave)
	b.late()
	b.s.Gross = b.earnings
	b.social()
	b.total(b.tax())
	b.bonusSeparate() // a bonus left to auto is taxed on its own here
	return b.s
}
