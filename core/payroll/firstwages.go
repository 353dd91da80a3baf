package payroll

import (
	"context"
	"sort"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// AuditFirstWages: a person's first wages of the year marked or unmarked.
const AuditFirstWages = "payroll.first_wages"

// FirstWagesRecords are the marks of the first-wages rule (国家税务总局公告
// 2020年第13号, pay/firstwages.go): HR marks a person whose first wage
// income of a tax year is with this employer, and the cumulative basic
// deduction of that year counts from January. The TaxRecords given to
// WithTax have it when the store keeps the marks.
type FirstWagesRecords interface {
	// FirstWages returns the people marked in year, by employee id.
	FirstWages(ctx context.Context, orgID int64, year int) (map[int64]bool, error)
}

// FirstWagesSettings is the store's side of HR setting the mark in chat and
// on the console.
type FirstWagesSettings interface {
	FirstWagesRecords
	// SaveFirstWages marks (on) or unmarks a person for year; unmarking a
	// person not marked is not an error.
	SaveFirstWages(ctx context.Context, orgID int64, key string, year int, on bool, by core.Member, channel string, at time.Time) error
}

// FirstWagesView is whether a person is marked as having their first wages
// of the year here.
type FirstWagesView struct {
	Key, Name string
	Year      int
	On        bool
	// Labour: the person is paid labour remuneration, which the mark does
	// not change (only wages are withheld by the cumulative method).
	Labour bool
}

// firstWagesOf reads the year's marks into g when the store keeps them.
func (s *Service) firstWagesOf(ctx context.Context, orgID int64, year int) (map[int64]bool, error) {
	fw, ok := s.tax.(FirstWagesRecords)
	if !ok {
		return nil, nil
	}
	return fw.FirstWages(ctx, orgID, year)
}

// firstWagesSettings returns the store's FirstWagesSettings, or an error
// saying the feature is off.
func (s *Service) firstWagesSettings() (FirstWagesSettings, error) {
	if fw, ok := s.tax.(FirstWagesSettings); ok {
		return fw, nil
	}
	return nil, core.Errorf(core.ENotFound, "payroll.first_wages_off", "the first-wages rule is not kept here")
}

// FirstWagesOfYear lists, for HR, who is marked as having their first
// wages of year here: everyone paid wages, and anyone marked (only key
// when key is set).
//
// Errors: EForbidden (audited on channel) for anyone but HR; EInvalid for
// a bad year or a key without a pay profile; ENotFound when the store
// keeps no marks.
func (s *Service) FirstWagesOfYear(ctx context.Context, m core.Member, year int, key, channel string) ([]FirstWagesView, error) {
	fw, err := yearMarks(ctx, s, m, "", year, channel, s.firstWagesSettings)
	if err != nil {
		return nil, err
	}
	ps, err := s.store.Profiles(ctx, m.Org.ID)
	if err != nil {
		return nil, err
	}
	marked, err := fw.FirstWages(ctx, m.Org.ID, year)
	if err != nil {
		return nil, err
	}
	var out []FirstWagesView
	for _, p := range ps {
		labour := p.Profile.Kind == pay.Labour
		if key != "" && p.Key != key || key == "" && labour && !marked[p.EmployeeID] {
			continue
		}
		out = append(out, FirstWagesView{Key: p.Key, Name: p.Name, Year: year, On: marked[p.EmployeeID], Labour: labour})
	}
	if key != "" && len(out) == 0 {
		return nil, core.Errorf(core.EInvalid, "payroll.no_profile", "%s has no pay profile", key).With("person", key)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// SetFirstWagesOfYear marks (on) or unmarks key's first wages of year, for
// HR on channel, audited as AuditFirstWages; the next draft of the year
// applies it. It returns the person's mark as it now stands.
//
// Errors: as FirstWagesOfYear.
func (s *Service) SetFirstWagesOfYear(ctx context.Context, m core.Member, key string, year int, on bool, channel string) (FirstWagesView, error) {
	fw, err := yearMarks(ctx, s, m, key, year, channel, s.firstWagesSettings)
	if err != nil {
		return FirstWagesView{}, err
	}
	if err := fw.SaveFirstWages(ctx, m.Org.ID, key, year, on, m, channel, s.clock.Now()); err != nil {
		return FirstWagesView{}, err
	}
	return onlyMark(s.FirstWagesOfYear(ctx, m, year, key, channel))
}
