package payroll

import (
	"context"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// Audit actions of the tax records.
const (
	AuditBonus = "payroll.bonus" // a year-end bonus recorded
	AuditSixty = "payroll.sixty" // the 60,000 rule set for a person and year
)

// WarnBonusDeadZone: a year-end bonus taxed on its own falls in a dead
// zone, where a smaller bonus would leave the person more after tax. Not
// blocking. Params: amount, threshold, dead_to.
const WarnBonusDeadZone = "bonus_dead_zone"

// WarnBonusSeparateAfter: a year-end bonus is taxed on its own in a year
// after the last one the rules in force allow it (SeparateBonusUntil):
// check whether a later announcement extends it. Not blocking. Params:
// until, year.
const WarnBonusSeparateAfter = "bonus_separate_after"

// SeparateBonusUntil is the last year a year-end bonus may be taxed on its
// own: 财政部 税务总局公告2023年第30号 extends it to 31 December 2027.
const SeparateBonusUntil = 2027

// TaxRecords are the records of China's tax rules beyond the monthly
// wage: year-end bonuses and the 60,000 rule.
type TaxRecords interface {
	// YearEndBonuses returns the year-end bonuses paid in period, by person.
	YearEndBonuses(ctx context.Context, orgID int64, period string) (map[int64]pay.YearEndBonus, error)
	// PriorYearUnder60k returns the people the 60,000 rule applies to in
	// year: those whose last year with the org qualifies
	// (pay.QualifiesForSixty) unless HR turned it off, and those HR
	// turned it on for.
	PriorYearUnder60k(ctx context.Context, orgID int64, year int) (map[int64]bool, error)
}

// WithTax makes drafts pay the year-end bonuses recorded and apply the
// 60,000 rule, from t.
func (s *Service) WithTax(t TaxRecords) *Service {
	s.tax = t
	return s
}

// gatherTax reads the period's bonuses, the year's 60,000 rule and its
// first-wages marks.
func (s *Service) gatherTax(ctx context.Context, org core.Org, period string, from core.Date, g *gathered) error {
	if s.tax == nil {
		return nil
	}
	var err error
	if g.bonuses, err = s.tax.YearEndBonuses(ctx, org.ID, period); err != nil {
		return err
	}
	if g.sixty, err = s.tax.PriorYearUnder60k(ctx, org.ID, from.Year); err != nil {
		return err
	}
	g.firstWages, err = s.firstWagesOf(ctx, org.ID, from.Year)
	return err
}

// taxInputs puts e's year-end bonus, the 60,000 rule and the first-wages
// mark into in.
func (d drafting) taxInputs(e core.Employee, in *pay.Inputs) {
	if b, ok := d.bonuses[e.ID]; ok {
		in.YearEndBonus = &b
	}
	in.PriorYearUnder60k = d.sixty[e.ID]
	in.FirstWagesOfYear = d.firstWages[e.ID]
}

// bonusWarnings warns about a year-end bonus in a dead zone, and about
// one taxed on its own after SeparateBonusUntil.
func bonusWarnings(e core.Employee, slip pay.Payslip, year int) []Warning {
	var out []Warning
	for _, l := range slip.Lines {
		if l.Code != pay.CodeYearEndBonus {
			continue
		}
		if l.Params["dead_to"] != "" && l.Params["method"] == pay.BonusSeparate { // combined, the bonus has no cliff of its own
			out = append(out, Warning{Code: WarnBonusDeadZone, Person: e.Key, Name: e.Name, Params: map[string]string{
				"amount": Amount(l.Amount), "threshold": l.Params["threshold"], "dead_to": l.Params["dead_to"],
				"method": l.Params["method"],
			}})
		}
		if l.Params["method"] == pay.BonusSeparate && year > SeparateBonusUntil {
			out = append(out, Warning{Code: WarnBonusSeparateAfter, Person: e.Key, Name: e.Name, Params: map[string]string{
				"until": strconv.Itoa(SeparateBonusUntil), "year": strconv.Itoa(year),
			}})
		}
	}
	return out
}

// ParseBonusMethod reads a bonus method: auto (also ""), separate or
// combined, or their Chinese names (单独计税, 并入综合所得). Errors: EInvalid.
func ParseBonusMethod(s string) (string, error) {
	switch s {
	case "", pay.BonusAuto, "自动":
		return pay.BonusAuto, nil
	case pay.BonusSeparate, "单独计税":
		return pay.BonusSeparate, nil
	case pay.BonusCombined, "并入综合所得", "合并计税":
		return pay.BonusCombined, nil
	}
	return "", core.Errorf(core.EInvalid, "payroll.bad_bonus_method", "unknown bonus method %q: use auto, separate or combined", s).With("method", s)
}

// MaxBonus is the largest year-end bonus the store keeps (numeric(14, 2)).
var MaxBonus = decimal.RequireFromString("999999999999.99")

// BonusAmount is a year-end bonus to the cent, as it is kept. Errors:
// EInvalid when it is not above zero to the cent (0.001 is kept as
// nothing) or more than MaxBonus.
func BonusAmount(n decimal.Decimal) (decimal.Decimal, error) {
	n = n.Round(2)
	if !n.IsPositive() {
		return n, core.Errorf(core.EInvalid, "payroll.bonus_amount", "a year-end bonus must be more than zero")
	}
	if n.GreaterThan(MaxBonus) {
		return n, core.Errorf(core.EInvalid, "payroll.bonus_too_large", "a year-end bonus of %s is more than hrbot keeps", n).
			With("amount", Amount(n)).With("max", Amount(MaxBonus))
	}
	return n, nil
}
