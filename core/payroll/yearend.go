package payroll

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// TaxSettings is the store's side of what HR sets in chat and the console
// for China's tax rules: year-end bonuses and the 60,000 rule. The store
// given to WithTax has it (store.Payroll); without it those actions say
// the feature is off.
type TaxSettings interface {
	// SaveYearEndBonus records or replaces a bonus; EConflict once the
	// period's run is approved or the person has one in another month of
	// the year.
	SaveYearEndBonus(ctx context.Context, orgID int64, key, period string, b pay.YearEndBonus, by core.Member, channel string, at time.Time) error
	// RemoveYearEndBonus forgets it; ENotFound when there is none.
	RemoveYearEndBonus(ctx context.Context, orgID int64, key, period string, by core.Member, channel string, at time.Time) error
	// SaveSixty sets the 60,000 rule for a person and year; nil clears it.
	SaveSixty(ctx context.Context, orgID int64, key string, year int, applies *bool, by core.Member, channel string, at time.Time) error
	// SixtyYear returns who hrbot's records put under the rule in year,
	// and HR's settings, by employee id.
	SixtyYear(ctx context.Context, orgID int64, year int) (detected, set map[int64]bool, err error)
}

// BonusView is a person's year-end bonus of a period as HR sees it: how
// it is to be taxed, and the month's whole tax under each method as the
// draft works it out.
type BonusView struct {
	Key, Name string
	Period    string
	Bonus     pay.YearEndBonus // Method as HR asked: auto, separate or combined
	// Separate is the bonus taxed on its own, by itself (its own tax).
	Separate pay.BonusTax
	// SeparateTax and CombinedTax are the month's whole withholding each
	// way, "" when the month could not be worked out (no pay profile, or
	// a month split by a change of pay, which takes HR's method as is).
	SeparateTax, CombinedTax string
	Taxed                    string // the method the payslip uses: separate or combined
	ChosenBy                 string // "auto" (the lower tax) or "hr"
	DeadZone                 *pay.DeadZone
	RunStatus                string // the period's run: "", draft or approved
	Redrafted                bool   // the period's draft was redrafted to include the change
}

// Lower says which method withholds less this month: separate, combined
// or "" when they are equal or unknown.
func (v BonusView) Lower() string {
	sep, err1 := money(v.SeparateTax)
	comb, err2 := money(v.CombinedTax)
	switch {
	case err1 != nil || err2 != nil || v.SeparateTax == "" || v.CombinedTax == "" || sep.Equal(comb):
		return ""
	case sep.LessThan(comb):
		return pay.BonusSeparate
	}
	return pay.BonusCombined
}

// settings returns the store's TaxSettings, or an error saying the
// feature is off.
func (s *Service) settings() (TaxSettings, error) {
	if ts, ok := s.tax.(TaxSettings); ok {
		return ts, nil
	}
	return nil, core.Errorf(core.ENotFound, "payroll.tax_off", "year-end bonuses and the 60,000 rule are not kept here")
}

// profileOf finds key among the org's people with a pay profile: a bonus
// or the 60,000 rule means nothing for someone payroll does not pay.
func (s *Service) profileOf(ctx context.Context, orgID int64, key string) (StoredProfile, error) {
	ps, err := s.store.Profiles(ctx, orgID)
	if err != nil {
		return StoredProfile{}, err
	}
	for _, p := range ps {
		if p.Key == key {
			return p, nil
		}
	}
	return StoredProfile{}, core.Errorf(core.EInvalid, "payroll.no_profile", "%s has no pay profile", key).With("person", key)
}

// yearMarks checks what listing or setting a person's mark for a tax year
// (the 60,000 rule, first wages) needs, in this order: m is HR (a refusal
// audited on channel), the store keeps the marks (settings), key — when
// set — has a pay profile, and year is a year. It returns the store's
// settings.
func yearMarks[S any](ctx context.Context, s *Service, m core.Member, key string, year int, channel string, settings func() (S, error)) (S, error) {
	var none S
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return none, err
	}
	st, err := settings()
	if err != nil {
		return none, err
	}
	if key != "" {
		if _, err := s.profileOf(ctx, m.Org.ID, key); err != nil {
			return none, err
		}
	}
	if year < 2000 || year > 2200 {
		return none, core.Errorf(core.EInvalid, "payroll.year_bad", "%d is not a year", year).With("year", strconv.Itoa(year))
	}
	return st, nil
}

// onlyMark returns the one person's mark a listing for a key read back
// after it was set.
func onlyMark[V any](vs []V, err error) (V, error) {
	if err != nil {
		var none V
		return none, err
	}
	return vs[0], nil
}

// SetYearEndBonus records (or replaces) key's year-end bonus paid in
// period, for HR on channel, and returns it worked out both ways. A draft
// of the period is redrafted to include it.
//
// Errors: EForbidden (audited) for anyone but HR; EInvalid for a bad
// period, an amount not above zero or above MaxBonus, or a person
// without a pay profile;
// EConflict once the run is approved or when the person has a bonus in
// another month of the year.
func (s *Service) SetYearEndBonus(ctx context.Context, m core.Member, key, period string, b pay.YearEndBonus, channel string) (BonusView, error) {
	return s.changeBonus(ctx, m, key, period, &b, channel)
}

// RemoveYearEndBonus forgets key's year-end bonus of period, for HR;
// ENotFound when there is none. A draft of the period is redrafted.
func (s *Service) RemoveYearEndBonus(ctx context.Context, m core.Member, key, period, channel string) (BonusView, error) {
	return s.changeBonus(ctx, m, key, period, nil, channel)
}

func (s *Service) changeBonus(ctx context.Context, m core.Member, key, period string, b *pay.YearEndBonus, channel string) (BonusView, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return BonusView{}, err
	}
	ts, err := s.settings()
	if err != nil {
		return BonusView{}, err
	}
	if _, _, err := ParsePeriod(period); err != nil {
		return BonusView{}, err
	}
	p, err := s.profileOf(ctx, m.Org.ID, key)
	if err != nil {
		return BonusView{}, err
	}
	if b != nil && p.Profile.Kind == pay.Labour { // labour remuneration is not a wage: it has no year-end bonus
		return BonusView{}, core.Errorf(core.EInvalid, "payroll.bonus_labour", "%s is paid labour remuneration, which has no year-end bonus", key).With("person", key)
	}
	now := s.clock.Now()
	if b == nil {
		err = ts.RemoveYearEndBonus(ctx, m.Org.ID, key, period, m, channel, now)
	} else {
		if b.Amount, err = BonusAmount(b.Amount); err != nil {
			return BonusView{}, err
		}
		if b.Method, err = ParseBonusMethod(b.Method); err != nil {
			return BonusView{}, err
		}
		err = ts.SaveYearEndBonus(ctx, m.Org.ID, key, period, *b, m, channel, now)
	}
	if err != nil {
		return BonusView{}, err
	}
	views, err := s.bonusViews(ctx, m, period, channel+":"+m.Employee.Key)
	if err != nil {
		return BonusView{}, err
	}
	for _, v := range views {
		if v.Key == key {
			return v, nil
		}
	}
	// Removed (or not on a payslip): what is left to show is who, when,
	// and the bonus on its own.
	v := BonusView{Key: key, Name: p.Name, Period: period}
	if b != nil {
		v = bonusView(Slip{Key: key, Name: p.Name}, period, *b)
	}
	if len(views) > 0 {
		v.RunStatus, v.Redrafted = views[0].RunStatus, views[0].Redrafted
	} else if run, err := s.store.FindRun(ctx, m.Org.ID, period); err == nil {
		v.RunStatus, v.Redrafted = run.Status, run.Status == StatusDraft
	}
	return v, nil
}

// YearEndBonuses lists the year-end bonuses of period, each worked out
// both ways as a draft would, for HR (EForbidden, audited on channel,
// for anyone else).
func (s *Service) YearEndBonuses(ctx context.Context, m core.Member, period, channel string) ([]BonusView, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, channel); err != nil {
		return nil, err
	}
	if _, err := s.settings(); err != nil {
		return nil, err
	}
	if _, _, err := ParsePeriod(period); err != nil {
		return nil, err
	}
	return s.bonusViews(ctx, m, period, "")
}

// bonusViews works the period out as a draft would and describes its
// bonuses, by key. When redraftBy is set and the period has a draft, the
// draft is replaced by this one (recorded as by redraftBy).
func (s *Service) bonusViews(ctx context.Context, m core.Member, period, redraftBy string) ([]BonusView, error) {
	from, to, err := ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	status := ""
	run, err := s.store.FindRun(ctx, m.Org.ID, period)
	switch {
	case err == nil:
		status = run.Status
	case core.ErrorCodeOf(err) != core.ENotFound:
		return nil, err
	}
	bonuses, err := s.tax.YearEndBonuses(ctx, m.Org.ID, period)
	if err != nil || len(bonuses) == 0 && (redraftBy == "" || status != StatusDraft) {
		return nil, err
	}
	slips := run.Slips
	redrafted := false
	if status != StatusApproved {
		g, err := s.gather(ctx, m.Org, period, from, to)
		if err != nil {
			return nil, err
		}
		d := drafting{org: m.Org, period: period, from: from, to: to, now: s.clock.Now(), gathered: g}
		var warnings []Warning
		if slips, _, warnings, err = d.run(); err != nil {
			return nil, err
		}
		if redraftBy != "" && status == StatusDraft {
			if _, err := s.store.SaveDraft(ctx, m.Org.ID, period, redraftBy, slips, warnings, d.now); err != nil {
				return nil, err
			}
			redrafted = true
		}
	}
	out := make([]BonusView, 0, len(bonuses))
	for _, sl := range slips {
		b, ok := bonuses[sl.EmployeeID]
		if !ok {
			continue
		}
		v := bonusView(sl, period, b)
		v.RunStatus, v.Redrafted = status, redrafted
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// bonusView reads a bonus's results off the payslip that pays it.
func bonusView(sl Slip, period string, b pay.YearEndBonus) BonusView {
	v := BonusView{Key: sl.Key, Name: sl.Name, Period: period, Bonus: b, Separate: pay.SeparateBonusTax(b.Amount)}
	if z, ok := pay.BonusDeadZone(b.Amount); ok {
		v.DeadZone = &z
	}
	for _, l := range sl.Lines {
		if l.Code != pay.CodeYearEndBonus {
			continue
		}
		v.Taxed, v.ChosenBy = l.Params["method"], l.Params["chosen"]
		if t := l.Params["separate_tax"]; t != "-" {
			v.SeparateTax = t
		}
		if t := l.Params["combined_tax"]; t != "-" {
			v.CombinedTax = t
		}
	}
	return v
}

// SixtyView is whether the 60,000 rule applies to a person in a year, and
// why: hrbot's records (Detected) unless HR set it (Set).
type SixtyView struct {
	Key, Name string
	Year      int
	Applies   bool
	Detected  bool  // last year's approved December run shows the person qualifies
	Set       *bool // HR's setting; nil: the records decide
}

// SixtyRule lists, for HR, whether the 60,000 rule applies in year to each
// person with a pay profile (only key's when key is set).
func (s *Service) SixtyRule(ctx context.Context, m core.Member, year int, key, channel string) ([]SixtyView, error) {
	ts, err := yearMarks(ctx, s, m, "", year, channel, s.settings)
	if err != nil {
		return nil, err
	}
	ps, err := s.store.Profiles(ctx, m.Org.ID)
	if err != nil {
		return nil, err
	}
	detected, set, err := ts.SixtyYear(ctx, m.Org.ID, year)
	if err != nil {
		return nil, err
	}
	var out []SixtyView
	for _, p := range ps {
		if key != "" && p.Key != key || p.Profile.Kind == pay.Labour {
			continue
		}
		v := SixtyView{Key: p.Key, Name: p.Name, Year: year, Detected: detected[p.EmployeeID], Applies: detected[p.EmployeeID]}
		if a, ok := set[p.EmployeeID]; ok {
			v.Set, v.Applies = &a, a
		}
		out = append(out, v)
	}
	if key != "" && len(out) == 0 {
		return nil, core.Errorf(core.EInvalid, "payroll.no_profile", "%s has no pay profile", key).With("person", key)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// SetSixtyRule sets the 60,000 rule for key in year, for HR: applies true
// or false, nil for hrbot's records to decide again. It returns the
// person's rule as it now stands.
func (s *Service) SetSixtyRule(ctx context.Context, m core.Member, key string, year int, applies *bool, channel string) (SixtyView, error) {
	ts, err := yearMarks(ctx, s, m, key, year, channel, s.settings)
	if err != nil {
		return SixtyView{}, err
	}
	if err := ts.SaveSixty(ctx, m.Org.ID, key, year, applies, m, channel, s.clock.Now()); err != nil {
		return SixtyView{}, err
	}
	return onlyMark(s.SixtyRule(ctx, m, year, key, channel))
}
