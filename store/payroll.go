package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/store/sealed"
)

// Payroll is payroll's storage: each org's payroll rules, pay profiles
// (bank accounts sealed), opening balances, adjustments, and the runs with
// their payslips; and what a run is worked out from besides attendance
// (unpaid leave, cover worked). It is core/payroll's Store.
type Payroll struct{ db *DB }

// NewPayroll returns payroll's storage over db.
func NewPayroll(db *DB) Payroll { return Payroll{db: db} }

var _ payroll.Store = Payroll{}

// LeaveDays expands approved leave into dates, per person.
func (s Payroll) LeaveDays(ctx context.Context, orgID int64, employeeIDs []int64, from, to core.Date) (map[int64]map[core.Date]bool, error) {
	return leaveDays(ctx, s.db.q(ctx), orgID, employeeIDs, from, to)
}

// Rules returns the org's payroll rules, China's defaults where it
// has set none.
func (s Payroll) Rules(ctx context.Context, orgID int64) (pay.Rules, error) {
	r := pay.DefaultRules()
	var tax string
	var employer []byte
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT day_divisor::text, day_hours::text, late_penalty::text, late_free, overtime_workday::text, overtime_rest_day::text,
		       overtime_holiday::text, rest_day_as_leave, tax_rule, minimum_wage::text, employer_rates
		FROM payroll_policies WHERE org_id = $1`, orgID).Scan(
		decimalText{&r.DayDivisor}, decimalText{&r.DayHours}, decimalText{&r.LatePenalty}, &r.LateFree,
		decimalText{&r.OvertimeWorkday}, decimalText{&r.OvertimeRestDay}, decimalText{&r.OvertimeHoliday}, &r.RestDayAsLeave, &tax,
		decimalText{&r.MinimumWage}, &employer)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("payroll rules of org %d: %w", orgID, interpret(err))
	}
	if r.Tax, err = pay.ParseTaxRule(tax); err != nil {
		return r, fmt.Errorf("payroll rules of org %d: %w", orgID, err)
	}
	if r.Employer, err = parseEmployerRates(employer); err != nil {
		return r, fmt.Errorf("payroll rules of org %d: %w", orgID, err)
	}
	return r, nil
}

// decimalText scans numeric::text into a decimal.
type decimalText struct{ d *decimal.Decimal }

func (t decimalText) Scan(src any) error {
	s, ok := src.(string)
	if !ok {
		return fmt.Errorf("decimal: got %T", src)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return err
	}
	*t.d = d
	return nil
}

// SaveProfiles creates or replaces the pay profiles of people of an
// org, sealing bank accounts, recorded in the audit log as by actor (an
// operator's command) on the CLI. One transaction: a file with an unknown
// person changes nothing.
func (s Payroll) SaveProfiles(ctx context.Context, orgID int64, in []payroll.ProfileInput, actor string, at time.Time) (int, error) {
	return s.saveProfiles(ctx, orgID, in, core.AuditEntry{ActorLabel: actor, Channel: "cli"}, at)
}

// SaveProfilesAs is SaveProfiles by a person (HR) on channel.
func (s Payroll) SaveProfilesAs(ctx context.Context, orgID int64, in []payroll.ProfileInput, by core.Member, channel string, at time.Time) (int, error) {
	return s.saveProfiles(ctx, orgID, in, core.AuditEntry{ActorID: by.Employee.ID, Channel: channel}, at)
}

// CanSeal says whether bank accounts can be saved: HRBOT_ENCRYPTION_KEY
// is set.
func (s Payroll) CanSeal() bool { return s.db.seal != nil }

// saveProfiles saves profiles with an audit row each, who and channel
// taken from who.
func (s Payroll) saveProfiles(ctx context.Context, orgID int64, in []payroll.ProfileInput, who core.AuditEntry, at time.Time) (int, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		for _, p := range in {
			var id int64
			if err := tx.QueryRow(ctx, `SELECT id FROM employees WHERE org_id = $1 AND key = $2`, orgID, p.Key).Scan(&id); err != nil {
				if errors.Is(err, pgx.ErrNoRows) {
					return core.Errorf(core.EInvalid, "payroll.unknown_person", "no person %q in this org", p.Key).With("person", p.Key)
				}
				return err
			}
			var account []byte
			var last4 string
			if p.BankAccount != "" {
				var err error
				if account, err = s.db.seal.Seal(p.BankAccount, accountContext(id)); err != nil {
					return core.Errorf(core.EInvalid, "payroll.no_key", "bank account of %s: %v", p.Key, err)
				}
				last4 = sealed.Last4(p.BankAccount)
			}
			allowances, err := json.Marshal(nonNilAllowances(p.Profile.Allowances))
			if err != nil {
				return err
			}
			pr := p.Profile
			if _, err := tx.Exec(ctx, `
				INSERT INTO pay_profiles (employee_id, org_id, kind, salary, hourly_rate, allowances, cover_rate, social_base, housing_base,
				                          pension_rate, medical_rate, unemployment_rate, housing_rate, special_additional, bank_name, bank_account, bank_last4, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
				ON CONFLICT (employee_id) DO UPDATE SET kind = $3, salary = $4, hourly_rate = $5, allowances = $6, cover_rate = $7,
				    social_base = $8, housing_base = $9, pension_rate = $10, medical_rate = $11, unemployment_rate = $12, housing_rate = $13,
				    special_additional = $14, bank_name = $15,
				    bank_account = coalesce($16, pay_profiles.bank_account), bank_last4 = CASE WHEN $16::bytea IS NULL THEN pay_profiles.bank_last4 ELSE $17 END,
				    updated_at = $18`,
				id, orgID, string(pr.Kind), pr.Salary.String(), pr.HourlyRate.String(), allowances, pr.CoverRate.String(), pr.SocialBase.String(),
				pr.HousingBase.String(), pr.PensionRate.String(), pr.MedicalRate.String(), pr.UnemploymentRate.String(), pr.HousingRate.String(),
				pr.SpecialAdditional.String(), p.BankName, account, last4, at); err != nil {
				return err
			}
			// The audit row says what changed, never the amounts or the account.
			if err := recordAudit(ctx, tx, core.AuditEntry{OrgID: orgID, At: at, ActorID: who.ActorID, ActorLabel: who.ActorLabel,
				Action: core.AuditPayrollProfile, EntityType: "employee", EntityID: p.Key,
				After: map[string]any{"kind": pr.Kind, "bank_account": sealed.Mask(last4)}, Channel: who.Channel, Outcome: "ok"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("save pay profiles: %w", interpret(err))
	}
	return len(in), nil
}

func accountContext(employeeID int64) []byte {
	return []byte("pay_profiles.bank_account:" + strconv.FormatInt(employeeID, 10))
}

func nonNilAllowances(a []pay.Allowance) []pay.Allowance {
	if a == nil {
		return []pay.Allowance{}
	}
	return a
}

// Profiles returns an org's pay profiles, bank accounts masked.
func (s Payroll) Profiles(ctx context.Context, orgID int64) ([]payroll.StoredProfile, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT p.employee_id, e.key, e.name, p.kind, p.salary::text, p.hourly_rate::text, p.allowances, p.cover_rate::text, p.social_base::text,
		       p.housing_base::text, p.pension_rate::text, p.medical_rate::text, p.unemployment_rate::text, p.housing_rate::text,
		       p.special_additional::text, p.bank_name, p.bank_last4
		FROM pay_profiles p JOIN employees e ON e.id = p.employee_id
		WHERE p.org_id = $1 ORDER BY e.key`, orgID)
	if err != nil {
		return nil, fmt.Errorf("pay profiles of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (payroll.StoredProfile, error) {
		var p payroll.StoredProfile
		var kind string
		var allowances []byte
		pr := &p.Profile
		err := r.Scan(&p.EmployeeID, &p.Key, &p.Name, &kind, decimalText{&pr.Salary}, decimalText{&pr.HourlyRate}, &allowances,
			decimalText{&pr.CoverRate}, decimalText{&pr.SocialBase}, decimalText{&pr.HousingBase}, decimalText{&pr.PensionRate},
			decimalText{&pr.MedicalRate}, decimalText{&pr.UnemploymentRate}, decimalText{&pr.HousingRate}, decimalText{&pr.SpecialAdditional},
			&p.BankName, &p.BankLast4)
		if err != nil {
			return p, err
		}
		pr.Kind = pay.Kind(kind)
		return p, json.Unmarshal(allowances, &pr.Allowances)
	})
	if err != nil {
		return nil, fmt.Errorf("pay profiles of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// PayPeople returns the org's active people and whether each has a pay
// profile, by key.
func (s Payroll) PayPeople(ctx context.Context, orgID int64) ([]payroll.ProfilePerson, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT e.key, e.name, p.employee_id IS NOT NULL
		FROM employees e LEFT JOIN pay_profiles p ON p.employee_id = e.id
		WHERE e.org_id = $1 AND e.status = 'active' ORDER BY e.key`, orgID)
	if err != nil {
		return nil, fmt.Errorf("pay people of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (payroll.ProfilePerson, error) {
		var p payroll.ProfilePerson
		return p, r.Scan(&p.Key, &p.Name, &p.HasProfile)
	})
	if err != nil {
		return nil, fmt.Errorf("pay people of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// BankAccounts opens the sealed bank accounts of an org's people, by
// employee id, for the bank-transfer file.
func (s Payroll) BankAccounts(ctx context.Context, orgID int64) (map[int64]string, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT employee_id, bank_account FROM pay_profiles WHERE org_id = $1 AND bank_account IS NOT NULL`, orgID)
	if err != nil {
		return nil, fmt.Errorf("bank accounts of org %d: %w", orgID, interpret(err))
	}
	out := map[int64]string{}
	var id int64
	var raw []byte
	_, err = pgx.ForEachRow(rows, []any{&id, &raw}, func() error {
		acct, err := s.db.seal.Open(raw, accountContext(id))
		if errors.Is(err, sealed.ErrNoKey) {
			return core.Errorf(core.EInvalid, "payroll.bank_no_key",
				"the bank accounts are sealed: set HRBOT_ENCRYPTION_KEY to the key they were saved with to write the bank file")
		}
		if err != nil {
			return core.Errorf(core.EInvalid, "payroll.bank_wrong_key",
				"the bank accounts cannot be opened with this HRBOT_ENCRYPTION_KEY: it is not the key they were saved with (%v)", err)
		}
		out[id] = acct
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bank accounts of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// Inputs returns, per person, approved unpaid leave and the cover
// they worked (their attendance inside the cover's window) in [from, to].
// Unpaid leave that spans the period's edge counts for the share of its
// days inside the period.
func (s Payroll) Inputs(ctx context.Context, orgID int64, from, to core.Date) (map[int64]payroll.PersonInputs, error) {
	out := map[int64]payroll.PersonInputs{}
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT r.employee_id, r.from_date, r.to_date,
		       `+leaveMinutesWithin+`
		FROM leave_requests r JOIN leave_types t ON t.org_id = r.org_id AND t.key = r.type_key
		WHERE r.org_id = $1 AND r.status = 'approved' AND NOT t.paid AND r.from_date <= $3 AND r.to_date >= $2
		ORDER BY r.employee_id, r.from_date`, orgID, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("payroll inputs of org %d: %w", orgID, interpret(err))
	}
	var id int64
	var f, t time.Time
	var minutes int
	if _, err := pgx.ForEachRow(rows, []any{&id, &f, &t, &minutes}, func() error {
		in := out[id]
		in.UnpaidLeaveMinutes += minutes
		date := f.Format("01-02")
		if !t.Equal(f) {
			date += "–" + t.Format("01-02")
		}
		in.UnpaidLeaveDates = append(in.UnpaidLeaveDates, date)
		out[id] = in
		return nil
	}); err != nil {
		return nil, fmt.Errorf("payroll inputs of org %d: %w", orgID, interpret(err))
	}
	rows, err = s.db.q(ctx).Query(ctx, `
		SELECT a.employee_id,
		       sum(`+coverWorkedMinutes+`)::int
		FROM cover_assignments a JOIN orgs o ON o.id = a.employee_org_id
		WHERE a.employee_org_id = $1 AND (a.starts_at AT TIME ZONE o.time_zone)::date BETWEEN $2 AND $3
		GROUP BY a.employee_id`, orgID, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("payroll inputs of org %d: %w", orgID, interpret(err))
	}
	if _, err := pgx.ForEachRow(rows, []any{&id, &minutes}, func() error {
		in := out[id]
		in.CoverMinutes = minutes
		out[id] = in
		return nil
	}); err != nil {
		return nil, fmt.Errorf("payroll inputs of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// YearToDate returns each person's year-to-date totals after the org's
// latest approved run of the same year before period; for someone without
// one, the opening balances imported for the year (an org that started
// mid-year), which that first run then carries forward.
func (s Payroll) YearToDate(ctx context.Context, orgID int64, period string) (map[int64]pay.YearToDate, error) {
	out, err := s.openings(ctx, orgID, period)
	if err != nil {
		return nil, fmt.Errorf("year to date of org %d: %w", orgID, interpret(err))
	}
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT DISTINCT ON (l.employee_id) l.employee_id, l.ytd
		FROM payroll_lines l JOIN payroll_runs r ON r.id = l.run_id
		WHERE r.org_id = $1 AND r.status = 'approved' AND r.period < $2 AND left(r.period, 4) = left($2, 4)
		ORDER BY l.employee_id, r.period DESC`, orgID, period)
	if err != nil {
		return nil, fmt.Errorf("year to date of org %d: %w", orgID, interpret(err))
	}
	var id int64
	var raw []byte
	if _, err := pgx.ForEachRow(rows, []any{&id, &raw}, func() error {
		var y pay.YearToDate
		if err := json.Unmarshal(raw, &y); err != nil {
			return err
		}
		out[id] = y
		return nil
	}); err != nil {
		return nil, fmt.Errorf("year to date of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// SaveOpenings creates or replaces the opening balances of year for people
// of an org, in one transaction. They are refused (EConflict) once a run of
// that year is approved: that run's totals already carry the year forward,
// and changing where it started would not change what was withheld.
func (s Payroll) SaveOpenings(ctx context.Context, orgID int64, year int, in []payroll.OpeningInput, actor string, at time.Time) (int, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var approved string
		err := tx.QueryRow(ctx, `
			SELECT period FROM payroll_runs WHERE org_id = $1 AND status = 'approved' AND left(period, 4) = $2
			ORDER BY period LIMIT 1`, orgID, strconv.Itoa(year)).Scan(&approved)
		if err == nil {
			return core.Errorf(core.EConflict, "payroll.opening_after_run",
				"the %s payroll is approved already: opening balances of %d can only be imported before the year's first approved run", approved, year).
				With("period", approved).With("year", strconv.Itoa(year))
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		for _, o := range in {
			var id int64
			if err := tx.QueryRow(ctx, `SELECT id FROM employees WHERE org_id = $1 AND key = $2`, orgID, o.Key).Scan(&id); err != nil {
				if errors.Is(err, pgx.ErrNoRows) {
					return core.Errorf(core.EInvalid, "payroll.unknown_person", "no person %q in this org", o.Key).With("person", o.Key)
				}
				return err
			}
			y := o.YTD
			if _, err := tx.Exec(ctx, `
				INSERT INTO payroll_openings (org_id, employee_id, year, months, income, deductions, additional, withheld, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
				ON CONFLICT (employee_id, year) DO UPDATE SET months = $4, income = $5, deductions = $6, additional = $7, withheld = $8, updated_at = $9`,
				orgID, id, year, y.Months, y.Income.String(), y.Deductions.String(), y.Additional.String(), y.Withheld.String(), at); err != nil {
				return err
			}
			// The audit row says whose balances changed, never the amounts.
			if err := recordAudit(ctx, tx, core.AuditEntry{OrgID: orgID, At: at, ActorLabel: actor, Action: core.AuditPayrollOpening,
				EntityType: "employee", EntityID: o.Key, After: map[string]any{"year": year, "months": y.Months},
				Channel: "cli", Outcome: "ok"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("save opening balances: %w", interpret(err))
	}
	return len(in), nil
}

// openings returns the opening balances of the year of period, per person.
func (s Payroll) openings(ctx context.Context, orgID int64, period string) (map[int64]pay.YearToDate, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT employee_id, months, income::text, deductions::text, additional::text, withheld::text
		FROM payroll_openings WHERE org_id = $1 AND year::text = left($2, 4)`, orgID, period)
	if err != nil {
		return nil, err
	}
	out := map[int64]pay.YearToDate{}
	var id int64
	var y pay.YearToDate
	_, err = pgx.ForEachRow(rows, []any{&id, &y.Months, decimalText{&y.Income}, decimalText{&y.Deductions}, decimalText{&y.Additional},
		decimalText{&y.Withheld}}, func() error {
		out[id] = y
		return nil
	})
	return out, err
}
