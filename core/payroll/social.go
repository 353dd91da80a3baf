package payroll

import (
	"context"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// SocialSetup is what holds each person's contribution bases to their
// city's floor and ceiling: the org's table of bases (org file, payroll
// social_bases), the city for people whose file names none (social_city),
// and the social-insurance city each person's file names, by employee id.
type SocialSetup struct {
	DefaultCity string
	Bases       []pay.CityBases
	Cities      map[int64]string
}

// SocialStore is the store of a SocialSetup. It is optional: a Store that
// does not have it (test fakes) drafts on the declared bases, as before
// cities had bases.
type SocialStore interface {
	SocialSetup(ctx context.Context, orgID int64) (SocialSetup, error)
}

// socialSetup reads the setup when the store keeps one.
func (s *Service) socialSetup(ctx context.Context, orgID int64) (SocialSetup, error) {
	if ss, ok := s.store.(SocialStore); ok {
		return ss.SocialSetup(ctx, orgID)
	}
	return SocialSetup{}, nil
}

// CityOf is the city whose bases apply to a person: the one their file
// names, else the org's default.
func (ss SocialSetup) CityOf(employeeID int64) string {
	if c := strings.TrimSpace(ss.Cities[employeeID]); c != "" {
		return c
	}
	return ss.DefaultCity
}

// BasesOf returns the bases of the person's city covering period, nil when
// the table has none (their declared bases are used as they are). A city
// written with or without 市 (杭州市, 杭州) is the same city.
func (ss SocialSetup) BasesOf(employeeID int64, period string) *pay.CityBases {
	city := ss.CityOf(employeeID)
	if city == "" {
		return nil
	}
	for _, c := range []string{city, strings.TrimSuffix(city, "市"), city + "市"} {
		if cb, ok := pay.BasesFor(ss.Bases, c, period); ok {
			return &cb
		}
	}
	return nil
}

// CostRow is one person's cost of labour in a run: the gross wage and the
// employer's contributions on top of it.
type CostRow struct {
	EmployeeID int64
	Key, Name  string
	Gross      decimal.Decimal
	Employer   decimal.Decimal // the employer's social insurance and housing fund
	Total      decimal.Decimal // Gross + Employer
	Lines      []pay.Line      // the employer's contributions one by one
}

// Cost lists the run's cost per person, in the run's order, and the total.
func (r Run) Cost() (rows []CostRow, total CostRow) {
	total.Key = "TOTAL"
	for _, s := range r.Slips {
		row := CostRow{EmployeeID: s.EmployeeID, Key: s.Key, Name: s.Name, Gross: s.Gross, Employer: s.EmployerTotal,
			Total: s.Gross.Add(s.EmployerTotal), Lines: s.Employer}
		rows = append(rows, row)
		total.Gross, total.Employer, total.Total = total.Gross.Add(row.Gross), total.Employer.Add(row.Employer), total.Total.Add(row.Total)
	}
	return rows, total
}

// WarnNoBases: the org keeps contribution bases but none covers the
// person's city for the period (a city missing from the table, or its
// bases older than twelve months): their declared bases were used as they
// are. Params: city ("" when neither their file nor the org names one),
// period.
const WarnNoBases = "no_bases"

// socialWarning is e's WarnNoBases, when the org keeps bases, e is insured
// (a declared base) and none covered them.
func (ss SocialSetup) socialWarning(e core.Employee, p pay.Profile, in pay.Inputs, period string) (Warning, bool) {
	if len(ss.Bases) == 0 || in.Bases != nil || p.SocialBase.IsZero() && p.HousingBase.IsZero() {
		return Warning{}, false
	}
	return Warning{Code: WarnNoBases, Person: e.Key, Name: e.Name, Params: map[string]string{"city": ss.CityOf(e.ID), "period": period}}, true
}
