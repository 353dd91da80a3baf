package payroll

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
)

// StatementMonth is one month of a person's year statement, or its total.
type StatementMonth struct {
	Period       string // "2026-03"; "" for the total
	Gross        decimal.Decimal
	Pension      decimal.Decimal // employee contributions, as positive numbers
	Medical      decimal.Decimal
	Unemployment decimal.Decimal
	HousingFund  decimal.Decimal
	Social       decimal.Decimal // the four together
	Additional   decimal.Decimal // special additional deductions (专项附加扣除) the month's tax allowed
	Tax          decimal.Decimal
	Net          decimal.Decimal
}

// Statement is a person's year with this employer as hrbot paid it: each
// approved month and the total. The total's Additional is the year's
// cumulative deduction, openings from before hrbot included, as the
// last month's tax counted it.
type Statement struct {
	Year       int
	EmployeeID int64
	Key, Name  string
	Locale     core.Locale
	Months     []StatementMonth
	Total      StatementMonth
}

// Statements gathers the year statements of everyone in runs (the
// approved runs of one year, in period order).
func Statements(year int, runs []Run) []Statement {
	byID := map[int64]*Statement{}
	var order []int64
	prevAdditional := map[int64]decimal.Decimal{}
	for _, r := range runs {
		if r.Status != StatusApproved {
			continue
		}
		for _, s := range r.Slips {
			st := byID[s.EmployeeID]
			if st == nil {
				st = &Statement{Year: year, EmployeeID: s.EmployeeID, Key: s.Key, Name: s.Name, Locale: s.Locale}
				byID[s.EmployeeID] = st
				order = append(order, s.EmployeeID)
			}
			m := StatementMonth{Period: r.Period, Gross: s.Gross, Social: s.Social, Tax: s.Tax.Withhold, Net: s.Net,
				Additional: s.YTD.Additional.Sub(prevAdditional[s.EmployeeID])}
			prevAdditional[s.EmployeeID] = s.YTD.Additional
			for _, l := range s.Lines {
				switch l.Code {
				case pay.CodePension:
					m.Pension = m.Pension.Sub(l.Amount)
				case pay.CodeMedical:
					m.Medical = m.Medical.Sub(l.Amount)
				case pay.CodeUnemployment:
					m.Unemployment = m.Unemployment.Sub(l.Amount)
				case pay.CodeHousingFund:
					m.HousingFund = m.HousingFund.Sub(l.Amount)
				}
			}
			st.Months = append(st.Months, m)
			t := &st.Total
			t.Gross, t.Social, t.Tax, t.Net = t.Gross.Add(m.Gross), t.Social.Add(m.Social), t.Tax.Add(m.Tax), t.Net.Add(m.Net)
			t.Pension, t.Medical = t.Pension.Add(m.Pension), t.Medical.Add(m.Medical)
			t.Unemployment, t.HousingFund = t.Unemployment.Add(m.Unemployment), t.HousingFund.Add(m.HousingFund)
			t.Additional = s.YTD.Additional
		}
	}
	out := make([]Statement, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out
}

// Row is a month as the cells of a statement table, amounts with two
// places, in StatementColumns order after the period.
func (m StatementMonth) Row() []string {
	row := []string{m.Period}
	for _, d := range []decimal.Decimal{m.Gross, m.Pension, m.Medical, m.Unemployment, m.HousingFund, m.Social, m.Additional, m.Tax, m.Net} {
		row = append(row, d.StringFixed(2))
	}
	return row
}

// StatementColumns name a statement table's columns (catalogue keys
// payroll.year.col.NAME).
func StatementColumns() []string {
	return []string{"period", "gross", "pension", "medical", "unemployment", "housing_fund", "social", "additional", "tax", "net"}
}

// YearRuns reads the approved runs of a year, in period order.
func YearRuns(ctx context.Context, find func(ctx context.Context, orgID int64, period string) (Run, error), orgID int64, year int) ([]Run, error) {
	var runs []Run
	for month := 1; month <= 12; month++ {
		period := fmt.Sprintf("%04d-%02d", year, month)
		r, err := find(ctx, orgID, period)
		if core.ErrorCodeOf(err) == core.ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if r.Status == StatusApproved {
			runs = append(runs, r)
		}
	}
	return runs, nil
}

// YearStatement returns a person's year statement: m's own when key is ""
// or m's key, anyone's for HR (who may manage payroll). ENotFound
// payroll.year_none when the year has no approved payslip of theirs.
func (s *Service) YearStatement(ctx context.Context, m core.Member, key string, year int) (Statement, error) {
	if key != "" && key != m.Employee.Key {
		if err := s.auth.Authorize(ctx, m, core.ActionPayrollManage, nil, "chat"); err != nil {
			return Statement{}, err
		}
	}
	if year < 2000 || year > 9999 {
		return Statement{}, core.Errorf(core.EInvalid, "payroll.year_bad", "%d is not a year", year).With("year", fmt.Sprint(year))
	}
	runs, err := YearRuns(ctx, s.store.FindRun, m.Org.ID, year)
	if err != nil {
		return Statement{}, fmt.Errorf("year %d: %w", year, err)
	}
	for _, st := range Statements(year, runs) {
		if (key == "" && st.EmployeeID == m.Employee.ID) || (key != "" && st.Key == key) {
			return st, nil
		}
	}
	who := key
	if who == "" {
		who = m.Employee.Key
	}
	return Statement{}, core.Errorf(core.ENotFound, "payroll.year_none", "no approved payslip of %s in %d", who, year).
		With("year", fmt.Sprint(year)).With("person", who)
}

// Table is the statement as rows: each month, then the total under
// totalLabel.
func (st Statement) Table(totalLabel string) [][]string {
	rows := make([][]string, 0, len(st.Months)+1)
	for _, m := range st.Months {
		rows = append(rows, m.Row())
	}
	total := st.Total.Row()
	total[0] = totalLabel
	return append(rows, total)
}
