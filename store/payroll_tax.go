package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

var (
	_ payroll.TaxRecords  = Payroll{}
	_ payroll.TaxSettings = Payroll{}
)

// payeeOf returns the id of the org's person key, who must have a pay
// profile: a year-end bonus or a tax-year mark means nothing for someone
// payroll does not pay. EInvalid when there is no such person or profile.
func payeeOf(ctx context.Context, tx pgx.Tx, orgID int64, key string) (int64, error) {
	var (
		id      int64
		profile bool
	)
	err := tx.QueryRow(ctx, `
		SELECT e.id, EXISTS (SELECT 1 FROM pay_profiles p WHERE p.employee_id = e.id)
		FROM employees e WHERE e.org_id = $1 AND e.key = $2`, orgID, key).Scan(&id, &profile)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, core.Errorf(core.EInvalid, "payroll.unknown_person", "no person %q in this org", key).With("person", key)
	case err != nil:
		return 0, err
	case !profile:
		return 0, core.Errorf(core.EInvalid, "payroll.no_profile", "%s has no pay profile", key).With("person", key)
	}
	return id, nil
}

// SetYearEndBonus records (or replaces) the year-end bonus of a person
// paid in period and how it is to be taxed (pay.BonusAuto, BonusSeparate,
// BonusCombined); EConflict once the period's run is approved.
func (s Payroll) SetYearEndBonus(ctx context.Context, orgID int64, key, period string, b pay.YearEndBonus, actor string, at time.Time) error {
	return s.setYearEndBonus(ctx, orgID, key, period, &b, actor, core.AuditEntry{OrgID: orgID, At: at, ActorLabel: actor, Channel: "cli"})
}

// SaveYearEndBonus is SetYearEndBonus by a person of the org on channel
// (chat, web), who the audit row names.
func (s Payroll) SaveYearEndBonus(ctx context.Context, orgID int64, key, period string, b pay.YearEndBonus, by core.Member, channel string, at time.Time) error {
	return s.setYearEndBonus(ctx, orgID, key, period, &b, channel+":"+by.Employee.Key,
		core.AuditEntry{OrgID: orgID, At: at, ActorID: by.Employee.ID, Channel: channel})
}

// RemoveYearEndBonus forgets a person's year-end bonus of period;
// ENotFound when there is none, EConflict once the run is approved.
func (s Payroll) RemoveYearEndBonus(ctx context.Context, orgID int64, key, period string, by core.Member, channel string, at time.Time) error {
	return s.setYearEndBonus(ctx, orgID, key, period, nil, "", core.AuditEntry{OrgID: orgID, At: at, ActorID: by.Employee.ID, Channel: channel})
}

// setYearEndBonus saves b as recorded by by, or removes the bonus when b
// is nil, with an audit row from audit.
func (s Payroll) setYearEndBonus(ctx context.Context, orgID int64, key, period string, b *pay.YearEndBonus, by string, audit core.AuditEntry) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		id, err := payeeOf(ctx, tx, orgID, key)
		if err != nil {
			return err
		}
		var status string
		err = tx.QueryRow(ctx, `SELECT status FROM payroll_runs WHERE org_id = $1 AND period = $2`, orgID, period).Scan(&status)
		if err == nil && status == payroll.StatusApproved {
			return core.Errorf(core.EConflict, "payroll.approved", "the %s run is approved: pay the bonus in a later period", period).With("period", period)
		}
		audit.Action, audit.EntityType, audit.EntityID, audit.Outcome = payroll.AuditBonus, "employee", key, "ok"
		if b == nil {
			tag, err := tx.Exec(ctx, `DELETE FROM payroll_bonuses WHERE employee_id = $1 AND period = $2`, id, period)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return core.Errorf(core.ENotFound, "payroll.bonus_none", "%s has no year-end bonus in %s", key, period).With("person", key).With("period", period)
			}
			audit.Before = map[string]any{"period": period}
			return recordAudit(ctx, tx, audit)
		}
		// Separate taxation is once a year per person (财税〔2018〕164号):
		// one year-end bonus a year; anything more is an adjustment.
		var other string
		err = tx.QueryRow(ctx, `SELECT period FROM payroll_bonuses WHERE employee_id = $1 AND left(period, 4) = left($2, 4) AND period <> $2`,
			id, period).Scan(&other)
		if err == nil {
			return core.Errorf(core.EConflict, "payroll.bonus_once", "%s already has a year-end bonus in %s: one a year; pay more as an adjustment", key, other).
				With("person", key).With("period", other)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO payroll_bonuses (org_id, employee_id, period, amount, method, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (employee_id, period) DO UPDATE SET amount = $4, method = $5, created_by = $6, created_at = $7`,
			orgID, id, period, b.Amount.String(), b.Method, by, audit.At); err != nil {
			return err
		}
		// The audit row says whose bonus and how it is taxed, never the amount.
		audit.After = map[string]any{"period": period, "method": b.Method}
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return fmt.Errorf("year-end bonus: %w", interpret(err))
	}
	return nil
}

// YearEndBonuses implements payroll.TaxRecords.
func (s Payroll) YearEndBonuses(ctx context.Context, orgID int64, period string) (map[int64]pay.YearEndBonus, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT employee_id, amount::text, method FROM payroll_bonuses WHERE org_id = $1 AND period = $2`, orgID, period)
	if err != nil {
		return nil, fmt.Errorf("year-end bonuses of org %d: %w", orgID, interpret(err))
	}
	out := map[int64]pay.YearEndBonus{}
	var id int64
	var b pay.YearEndBonus
	if _, err := pgx.ForEachRow(rows, []any{&id, decimalText{&b.Amount}, &b.Method}, func() error {
		out[id] = b
		return nil
	}); err != nil {
		return nil, fmt.Errorf("year-end bonuses of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// SetSixty sets whether the 60,000 rule applies to a person in year;
// applies nil clears HR's setting, so hrbot's records decide again.
func (s Payroll) SetSixty(ctx context.Context, orgID int64, key string, year int, applies *bool, actor string, at time.Time) error {
	return s.setSixty(ctx, orgID, key, year, applies, actor, core.AuditEntry{OrgID: orgID, At: at, ActorLabel: actor, Channel: "cli"})
}

// SaveSixty is SetSixty by a person of the org on channel (chat, web),
// who the audit row names.
func (s Payroll) SaveSixty(ctx context.Context, orgID int64, key string, year int, applies *bool, by core.Member, channel string, at time.Time) error {
	return s.setSixty(ctx, orgID, key, year, applies, channel+":"+by.Employee.Key,
		core.AuditEntry{OrgID: orgID, At: at, ActorID: by.Employee.ID, Channel: channel})
}

func (s Payroll) setSixty(ctx context.Context, orgID int64, key string, year int, applies *bool, by string, audit core.AuditEntry) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		id, err := payeeOf(ctx, tx, orgID, key)
		if err != nil {
			return err
		}
		// Before is what HR had set (applies null: the records decided).
		var had *bool
		err = tx.QueryRow(ctx, `SELECT applies FROM payroll_sixty WHERE employee_id = $1 AND year = $2 FOR UPDATE`, id, year).Scan(&had)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		audit.Before = map[string]any{"year": year, "applies": had}
		after := map[string]any{"year": year, "applies": nil}
		if applies == nil {
			_, err = tx.Exec(ctx, `DELETE FROM payroll_sixty WHERE employee_id = $1 AND year = $2`, id, year)
		} else {
			after["applies"] = *applies
			_, err = tx.Exec(ctx, `
				INSERT INTO payroll_sixty (org_id, employee_id, year, applies, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (employee_id, year) DO UPDATE SET applies = $4, set_by = $5, set_at = $6`, orgID, id, year, *applies, by, audit.At)
		}
		if err != nil {
			return err
		}
		audit.Action, audit.EntityType, audit.EntityID, audit.After, audit.Outcome = payroll.AuditSixty, "employee", key, after, "ok"
		return recordAudit(ctx, tx, audit)
	})
	if err != nil {
		return fmt.Errorf("60,000 rule: %w", interpret(err))
	}
	return nil
}

// PriorYearUnder60k implements payroll.TaxRecords: last year's December
// run, approved, gives each person's whole year with the org (its year to
// date includes opening balances and separately taxed bonuses); HR's
// setting for the year overrides it.
func (s Payroll) PriorYearUnder60k(ctx context.Context, orgID int64, year int) (map[int64]bool, error) {
	out, set, err := s.SixtyYear(ctx, orgID, year)
	if err != nil {
		return nil, err
	}
	for id, applies := range set {
		if applies {
			out[id] = true
		} else {
			delete(out, id)
		}
	}
	return out, nil
}

// SixtyYear returns, for year, the people hrbot's records put under the
// 60,000 rule (last year's approved December run) and HR's settings, by
// employee id.
func (s Payroll) SixtyYear(ctx context.Context, orgID int64, year int) (detected, set map[int64]bool, err error) {
	detected, set = map[int64]bool{}, map[int64]bool{}
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT l.employee_id, l.ytd FROM payroll_lines l JOIN payroll_runs r ON r.id = l.run_id
		WHERE r.org_id = $1 AND r.status = 'approved' AND r.period = $2`, orgID, strconv.Itoa(year-1)+"-12")
	if err != nil {
		return nil, nil, fmt.Errorf("60,000 rule of org %d: %w", orgID, interpret(err))
	}
	var id int64
	var raw []byte
	if _, err := pgx.ForEachRow(rows, []any{&id, &raw}, func() error {
		var y pay.YearToDate
		if err := json.Unmarshal(raw, &y); err != nil {
			return err
		}
		if pay.QualifiesForSixty(y) {
			detected[id] = true
		}
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("60,000 rule of org %d: %w", orgID, interpret(err))
	}
	rows, err = s.db.q(ctx).Query(ctx, `SELECT employee_id, applies FROM payroll_sixty WHERE org_id = $1 AND year = $2`, orgID, year)
	if err != nil {
		return nil, nil, fmt.Errorf("60,000 rule of org %d: %w", orgID, interpret(err))
	}
	var applies bool
	if _, err := pgx.ForEachRow(rows, []any{&id, &applies}, func() error {
		set[id] = applies
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("60,000 rule of org %d: %w", orgID, interpret(err))
	}
	return detected, set, nil
}
