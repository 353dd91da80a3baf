package pay

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Range is the contribution base floor and ceiling a city sets for a
// year (缴费基数上下限), usually 60 % and 300 % of the local average wage.
// A zero Ceiling means no ceiling.
type Range struct {
	Floor, Ceiling decimal.Decimal
}

// clamp returns declared held to r, and which bound it was held to
// ("floor", "ceiling", or "" when it was inside).
func (r Range) clamp(declared decimal.Decimal) (decimal.Decimal, string) {
	switch {
	case declared.LessThan(r.Floor):
		return r.Floor, "floor"
	case r.Ceiling.IsPositive() && declared.GreaterThan(r.Ceiling):
		return r.Ceiling, "ceiling"
	}
	return declared, ""
}

// CityBases are the bases of one city from one month on: social insurance
// and the housing fund have their own (they differ in many cities). From
// is "YYYY-MM": an entry for a year alone starts in its January; a city
// that switches in July has a second entry from July.
type CityBases struct {
	City    string
	From    string // "YYYY-MM"
	Social  Range
	Housing Range
}

// monthsCovered is how long an entry lasts when no later one of its city
// replaces it: a year of bases, so a forgotten update shows (no clamping)
// rather than clamping to stale figures for ever.
const monthsCovered = 12

// BasesFor returns the entry of table covering period ("YYYY-MM") for
// city: the latest of the city's entries starting on or before period, if
// period falls within its twelve months. ok is false when none does.
func BasesFor(table []CityBases, city, period string) (CityBases, bool) {
	city = strings.TrimSpace(city)
	var best *CityBases
	for i := range table {
		e := &table[i]
		if e.City != city || e.From > period {
			continue
		}
		if best == nil || e.From > best.From {
			best = e
		}
	}
	if best == nil || monthsBetween(best.From, period) >= monthsCovered {
		return CityBases{}, false
	}
	return *best, true
}

// monthsBetween counts the months from a to b, both "YYYY-MM"; -1 when
// either is malformed.
func monthsBetween(a, b string) int {
	var ay, am, by, bm int
	if _, err := fmt.Sscanf(a, "%d-%d", &ay, &am); err != nil {
		return -1
	}
	if _, err := fmt.Sscanf(b, "%d-%d", &by, &bm); err != nil {
		return -1
	}
	return (by-ay)*12 + bm - am
}

// SortBases orders a table by city, then month, as the org file is
// written back.
func SortBases(table []CityBases) {
	sort.SliceStable(table, func(i, j int) bool {
		if table[i].City != table[j].City {
			return table[i].City < table[j].City
		}
		return table[i].From < table[j].From
	})
}

// EmployerRates are the employer's shares of each contribution, of the
// same clamped bases as the employee's: pension, medical, unemployment,
// work injury, maternity on the social insurance base, the housing fund
// on the housing base. All zero: no employer contributions computed.
type EmployerRates struct {
	Pension, Medical, Unemployment, Injury, Maternity, Housing decimal.Decimal
}

// IsZero reports whether no employer rate is set.
func (e EmployerRates) IsZero() bool {
	for _, r := range e.list() {
		if !r.rate.IsZero() {
			return false
		}
	}
	return true
}

type employerRate struct {
	code    string
	rate    decimal.Decimal
	housing bool // of the housing base
}

func (e EmployerRates) list() []employerRate {
	return []employerRate{
		{CodePension, e.Pension, false}, {CodeMedical, e.Medical, false}, {CodeUnemployment, e.Unemployment, false},
		{CodeInjury, e.Injury, false}, {CodeMaternity, e.Maternity, false}, {CodeHousingFund, e.Housing, true},
	}
}

// Employer-only contribution codes: the employee pays no share of these.
const (
	CodeInjury    = "injury"    // work injury insurance (工伤保险); Params: base, rate
	CodeMaternity = "maternity" // maternity insurance (生育保险); Params: base, rate
)

// contributionBase is one base of a payslip: the declared one, and the
// one contributions are computed on after the city's bounds.
type contributionBase struct {
	declared, base decimal.Decimal
	params         map[string]string // the clamping explained; nil when not clamped
}

// bases works out the social insurance and housing fund bases: the
// profile's declared ones (a zero housing base is the social one), each
// held to its range of the city's bases when the caller found them. A
// declared base of zero stays zero: the person is not insured here (a
// retiree, a part-time helper), and the floor must not make them so.
func (b *slip) bases() (social, housing contributionBase) {
	p := b.p
	social = contributionBase{declared: p.SocialBase, base: p.SocialBase}
	hd := p.HousingBase
	if hd.IsZero() {
		hd = p.SocialBase
	}
	housing = contributionBase{declared: hd, base: hd}
	cb := b.in.Bases
	if cb == nil {
		return social, housing
	}
	held := func(c *contributionBase, r Range) {
		if c.declared.IsZero() {
			return
		}
		base, bound := r.clamp(c.declared)
		if bound == "" {
			return
		}
		c.base = base
		c.params = map[string]string{"clamped": bound, "declared": money(c.declared), "floor": money(r.Floor),
			"ceiling": money(r.Ceiling), "city": cb.City, "from": cb.From}
	}
	held(&social, cb.Social)
	held(&housing, cb.Housing)
	return social, housing
}

// employer works out the employer's contributions on the clamped bases:
// a part kept with the run for the cost of labour, never on the employee's
// net pay. The housing fund's share is taken only when the person pays
// into it too; nothing when the person is not insured (base zero).
func (b *slip) employer(social, housing contributionBase) {
	b.s.EmployerTotal = decimal.Zero
	for _, er := range b.r.Employer.list() {
		base := social.base
		if er.housing {
			base = housing.base
			if b.p.HousingRate.IsZero() {
				continue
			}
		}
		amount := base.Mul(er.rate).Round(2)
		if amount.IsZero() {
			continue
		}
		b.s.EmployerTotal = b.s.EmployerTotal.Add(amount)
		b.s.Employer = append(b.s.Employer, Line{Code: er.code, Amount: amount, Params: map[string]string{"base": money(base), "rate": er.rate.String()}})
	}
}

// validate rejects employer rates outside 0–1.
func (e EmployerRates) validate() error {
	for _, r := range e.list() {
		if r.rate.IsNegative() || r.rate.GreaterThan(maxRate) {
			return invalid("payroll.bad_rate", "the employer %s rate must be a fraction between 0 and 1, like 0.16 (got %s)", r.code, r.rate).
				With("field", "employer "+r.code).With("value", r.rate.String())
		}
	}
	return nil
}
