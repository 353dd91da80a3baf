package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/payroll"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// employerRatesJSON writes the employer's rates as stored: each rate a
// string, so none is rounded through a float.
func employerRatesJSON(r pay.EmployerRates) string {
	b, _ := json.Marshal(map[string]string{"pension": r.Pension.String(), "medical": r.Medical.String(),
		"unemployment": r.Unemployment.String(), "injury": r.Injury.String(), "maternity": r.Maternity.String(),
		"housing": r.Housing.String()})
	return string(b)
}

// parseEmployerRates reads them back; {} (no rates set) is all zero.
func parseEmployerRates(raw []byte) (pay.EmployerRates, error) {
	var m map[string]string
	var r pay.EmployerRates
	if err := json.Unmarshal(raw, &m); err != nil {
		return r, fmt.Errorf("employer rates: %w", err)
	}
	for key, dst := range map[string]*decimal.Decimal{"pension": &r.Pension, "medical": &r.Medical, "unemployment": &r.Unemployment,
		"injury": &r.Injury, "maternity": &r.Maternity, "housing": &r.Housing} {
		if m[key] == "" {
			continue
		}
		d, err := decimal.NewFromString(m[key])
		if err != nil {
			return r, fmt.Errorf("employer rate %s: %w", key, err)
		}
		*dst = d
	}
	return r, nil
}

// baseSnap is one city's bases from a month, as compared and audited.
type baseSnap struct {
	SocialFloor    string `json:"social.floor"`
	SocialCeiling  string `json:"social.ceiling"`
	HousingFloor   string `json:"housing.floor"`
	HousingCeiling string `json:"housing.ceiling"`
}

func snapBases(e pay.CityBases) baseSnap {
	return baseSnap{e.Social.Floor.StringFixed(2), e.Social.Ceiling.StringFixed(2), e.Housing.Floor.StringFixed(2), e.Housing.Ceiling.StringFixed(2)}
}

// socialBases keeps the table of bases, one row per city and month.
func (a *applier) socialBases(ctx context.Context, orgID int64, p *orgfile.PayrollPolicy) error {
	stored, err := readSocialBases(ctx, a.tx, orgID)
	if err != nil {
		return err
	}
	current := map[string]any{}
	for _, e := range stored {
		current[e.City+" "+e.From] = snapBases(e)
	}
	var want []setItem
	byKey := map[string]pay.CityBases{}
	if p != nil {
		for _, e := range p.SocialBases {
			k := e.City + " " + e.From
			byKey[k] = e
			want = append(want, setItem{k, snapBases(e)})
		}
	}
	return a.syncSet(ctx, orgID, "payroll_social_base", current, want, func(key string) error {
		e := byKey[key]
		_, err := a.tx.Exec(ctx, `
			INSERT INTO payroll_social_bases (org_id, city, from_month, social_floor, social_ceiling, housing_floor, housing_ceiling)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (org_id, city, from_month) DO UPDATE SET social_floor = $4, social_ceiling = $5, housing_floor = $6, housing_ceiling = $7`,
			orgID, e.City, e.From, e.Social.Floor.String(), e.Social.Ceiling.String(), e.Housing.Floor.String(), e.Housing.Ceiling.String())
		return err
	}, func(key string) error {
		city, from, _ := strings.Cut(key, " ")
		_, err := a.tx.Exec(ctx, `DELETE FROM payroll_social_bases WHERE org_id = $1 AND city = $2 AND from_month = $3`, orgID, city, from)
		return err
	})
}

// readSocialBases reads an org's table of bases by city, then month.
func readSocialBases(ctx context.Context, q dbtx, orgID int64) ([]pay.CityBases, error) {
	rows, err := q.Query(ctx, `
		SELECT city, from_month, social_floor::text, social_ceiling::text, housing_floor::text, housing_ceiling::text
		FROM payroll_social_bases WHERE org_id = $1 ORDER BY city, from_month`, orgID)
	if err != nil {
		return nil, fmt.Errorf("social bases: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (pay.CityBases, error) {
		var e pay.CityBases
		err := row.Scan(&e.City, &e.From, decimalText{&e.Social.Floor}, decimalText{&e.Social.Ceiling},
			decimalText{&e.Housing.Floor}, decimalText{&e.Housing.Ceiling})
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("social bases: %w", interpret(err))
	}
	pay.SortBases(out)
	return out, nil
}

// exportSocial adds the social settings to an exported payroll section.
func exportSocial(ctx context.Context, q dbtx, orgID int64, p *orgfile.PayrollPolicy) error {
	var rates []byte
	if err := q.QueryRow(ctx, `SELECT social_city, employer_rates FROM payroll_policies WHERE org_id = $1`, orgID).
		Scan(&p.SocialCity, &rates); err != nil {
		return fmt.Errorf("payroll social settings: %w", interpret(err))
	}
	var err error
	if p.EmployerRates, err = parseEmployerRates(rates); err != nil {
		return err
	}
	p.SocialBases, err = readSocialBases(ctx, q, orgID)
	return err
}

// SocialSetup returns what a draft needs to hold each person's bases to
// their city's: the org's table of bases, its default city, and the
// social-insurance city each person's file names (people whose file names
// none are left out).
func (s Payroll) SocialSetup(ctx context.Context, orgID int64) (payroll.SocialSetup, error) {
	q := s.db.q(ctx)
	out := payroll.SocialSetup{Cities: map[int64]string{}}
	err := q.QueryRow(ctx, `SELECT social_city FROM payroll_policies WHERE org_id = $1`, orgID).Scan(&out.DefaultCity)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return out, fmt.Errorf("social setup of org %d: %w", orgID, interpret(err))
	}
	if out.Bases, err = readSocialBases(ctx, q, orgID); err != nil {
		return out, err
	}
	rows, err := q.Query(ctx, `SELECT employee_id, insurance_city FROM person_files
		WHERE org_id = $1 AND insurance_city <> '' AND erased_at IS NULL`, orgID)
	if err != nil {
		return out, fmt.Errorf("social cities of org %d: %w", orgID, interpret(err))
	}
	var id int64
	var city string
	_, err = pgx.ForEachRow(rows, []any{&id, &city}, func() error {
		out.Cities[id] = city
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("social cities of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

func nonNilLines(ls []pay.Line) []pay.Line {
	if ls == nil {
		return []pay.Line{}
	}
	return ls
}

// PayrollCost returns the cost of labour of an org's run of period, per
// person by key, and the total: gross wage and the employer's
// contributions, for the reports. ENotFound when the period has no run.
func (s Payroll) PayrollCost(ctx context.Context, orgID int64, period string) ([]payroll.CostRow, payroll.CostRow, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT l.employee_id, e.key, e.name, l.gross::text, l.employer::text, l.employer_lines
		FROM payroll_runs r JOIN payroll_lines l ON l.run_id = r.id JOIN employees e ON e.id = l.employee_id
		WHERE r.org_id = $1 AND r.period = $2 ORDER BY e.key`, orgID, period)
	if err != nil {
		return nil, payroll.CostRow{}, fmt.Errorf("payroll cost %s: %w", period, interpret(err))
	}
	var run payroll.Run
	run.Slips, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (payroll.Slip, error) {
		var sl payroll.Slip
		var lines []byte
		if err := row.Scan(&sl.EmployeeID, &sl.Key, &sl.Name, decimalText{&sl.Gross}, decimalText{&sl.EmployerTotal}, &lines); err != nil {
			return sl, err
		}
		return sl, json.Unmarshal(lines, &sl.Employer)
	})
	if err != nil {
		return nil, payroll.CostRow{}, fmt.Errorf("payroll cost %s: %w", period, interpret(err))
	}
	if len(run.Slips) == 0 {
		if _, err := s.FindRun(ctx, orgID, period); err != nil {
			return nil, payroll.CostRow{}, err
		}
	}
	out, total := run.Cost()
	return out, total, nil
}
