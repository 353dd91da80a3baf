package store

import (
	"context"
	"errors"

	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/jackc/pgx/v5"
)

// payrollSnap is a payroll policy as compared and audited.
type payrollSnap struct {
	DayDivisor, DayHours, LatePenalty                 string
	LateFree                                          int
	OvertimeWorkday, OvertimeRestDay, OvertimeHoliday string
	RestDayAsLeave                                    bool
	TaxRule                                           string
	MinimumWage                                       string
	SocialCity, EmployerRates                         string // apply_social.go
}

func snapPayroll(p orgfile.PayrollPolicy) payrollSnap {
	return payrollSnap{p.DayDivisor.StringFixed(2), p.DayHours.StringFixed(2), p.LatePenalty.StringFixed(2), p.LateFree,
		p.OvertimeWorkday.StringFixed(2), p.OvertimeRestDay.StringFixed(2), p.OvertimeHoliday.StringFixed(2), p.RestDayAsLeave, p.TaxRule,
		p.MinimumWage.StringFixed(2), p.SocialCity, employerRatesJSON(p.EmployerRates)}
}

// payrollPolicy keeps the org's payroll rules as its file says; a file
// without a payroll section leaves China's defaults (no row).
func (a *applier) payrollPolicy(ctx context.Context, orgID int64, p *orgfile.PayrollPolicy) error {
	current := map[string]any{}
	var cur payrollSnap
	var rates []byte
	err := a.tx.QueryRow(ctx, `
		SELECT to_char(day_divisor, 'FM990.00'), to_char(day_hours, 'FM990.00'), to_char(late_penalty, 'FM9999999990.00'), late_free,
		       to_char(overtime_workday, 'FM990.00'), to_char(overtime_rest_day, 'FM990.00'), to_char(overtime_holiday, 'FM990.00'),
		       rest_day_as_leave, tax_rule, to_char(minimum_wage, 'FM9999999990.00'), social_city, employer_rates
		FROM payroll_policies WHERE org_id = $1`, orgID).
		Scan(&cur.DayDivisor, &cur.DayHours, &cur.LatePenalty, &cur.LateFree, &cur.OvertimeWorkday, &cur.OvertimeRestDay,
			&cur.OvertimeHoliday, &cur.RestDayAsLeave, &cur.TaxRule, &cur.MinimumWage, &cur.SocialCity, &rates)
	switch {
	case err == nil:
		r, err := parseEmployerRates(rates)
		if err != nil {
			return err
		}
		cur.EmployerRates = employerRatesJSON(r)
		current["payroll"] = cur
	case !errors.Is(err, pgx.ErrNoRows):
		return interpret(err)
	}
	var want []setItem
	if p != nil {
		want = []setItem{{"payroll", snapPayroll(*p)}}
	}
	err = a.syncSet(ctx, orgID, "payroll_policy", current, want, func(string) error {
		_, err := a.tx.Exec(ctx, `
			INSERT INTO payroll_policies (org_id, day_divisor, day_hours, late_penalty, late_free, overtime_workday, overtime_rest_day,
			                              overtime_holiday, rest_day_as_leave, tax_rule, minimum_wage, social_city, employer_rates)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (org_id) DO UPDATE SET day_divisor = $2, day_hours = $3, late_penalty = $4, late_free = $5,
			    overtime_workday = $6, overtime_rest_day = $7, overtime_holiday = $8, rest_day_as_leave = $9, tax_rule = $10,
			    minimum_wage = $11, social_city = $12, employer_rates = $13`,
			orgID, p.DayDivisor.String(), p.DayHours.String(), p.LatePenalty.String(), p.LateFree, p.OvertimeWorkday.String(),
			p.OvertimeRestDay.String(), p.OvertimeHoliday.String(), p.RestDayAsLeave, p.TaxRule, p.MinimumWage.String(),
			p.SocialCity, employerRatesJSON(p.EmployerRates))
		return err
	}, func(string) error {
		_, err := a.tx.Exec(ctx, `DELETE FROM payroll_policies WHERE org_id = $1`, orgID)
		return err
	})
	if err != nil {
		return err
	}
	return a.socialBases(ctx, orgID, p) // apply_social.go
}
