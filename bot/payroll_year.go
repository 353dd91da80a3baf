package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/bot/i18n"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll"
)

// PayrollYear gives a person's year statement: their own, or anyone's for
// HR. A PayrollDesk that is one too gets /income (年度收入) and
// /payslip year.
type PayrollYear interface {
	YearStatement(ctx context.Context, m core.Member, key string, year int) (payroll.Statement, error)
}

// isYearArgs says whether /payslip's arguments ask for the year
// ("year 2025", "年度"), and returns the rest.
func isYearArgs(args string) (string, bool) {
	word, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	switch strings.ToLower(word) {
	case "year", "annual", "年度", "全年", "年度收入":
		return rest, true
	}
	return "", false
}

// payslipYear shows a year statement privately, with a spreadsheet of it:
// "[YYYY] [KEY]", this year unless told, mine unless HR names someone.
func (b *Bot) payslipYear(ctx context.Context, t *turn, args string) ([]Reply, error) {
	desk, ok := b.cfg.Payroll.(PayrollYear)
	if !ok {
		return nil, core.Errorf(core.ENotFound, "payroll.year_none", "no year statements").With("person", t.member.Employee.Key).
			With("year", strconv.Itoa(t.now.In(t.member.Org.Location()).Year()))
	}
	year, key := t.now.In(t.member.Org.Location()).Year(), ""
	for _, f := range strings.Fields(args) {
		if n, err := strconv.Atoi(f); err == nil && len(f) == 4 {
			year = n
		} else if key == "" {
			key = f
		} else {
			return nil, core.Errorf(core.EInvalid, "payroll.year_bad", "%q is not a year", f).With("year", f)
		}
	}
	st, err := desk.YearStatement(ctx, *t.member, key, year)
	if err != nil {
		return nil, err
	}
	reply := Reply{Text: YearStatementText(b.cat, t.locale, t.member.Org.Name, st), Ephemeral: true}
	if b.cfg.Render != nil {
		header := make([]string, 0, len(payroll.StatementColumns()))
		for _, c := range payroll.StatementColumns() {
			header = append(header, b.cat.T(t.locale, "payroll.year.col."+c))
		}
		data, err := b.cfg.Render.XLSX(b.cat.T(t.locale, "payroll.year.sheet", "year", strconv.Itoa(year)), header,
			st.Table(b.cat.T(t.locale, "payroll.year.total")))
		if err != nil {
			return nil, fmt.Errorf("year statement xlsx: %w", err)
		}
		// Sealed: pay is not written down on its way to the person.
		reply.Attachments = []Attachment{{Name: fmt.Sprintf("statement-%d-%s.xlsx", year, st.Key),
			MIME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: data, Sealed: true}}
	}
	return []Reply{reply}, nil
}

// YearStatementText is a year statement in a reader's language: each
// month in a line, then the totals.
func YearStatementText(cat *i18n.Catalog, loc core.Locale, org string, st payroll.Statement) string {
	T := func(key string, args ...string) string { return cat.T(loc, key, args...) }
	lines := []string{T("payroll.year.title", "name", st.Name, "year", strconv.Itoa(st.Year), "org", org),
		T("payroll.year.months", "count", strconv.Itoa(len(st.Months))), ""}
	for _, m := range st.Months {
		lines = append(lines, T("payroll.year.month", "period", m.Period, "gross", payroll.Amount(m.Gross),
			"social", payroll.Amount(m.Social), "tax", payroll.Amount(m.Tax), "net", payroll.Amount(m.Net)))
	}
	tot := st.Total
	return strings.Join(append(lines, "",
		T("payroll.year.sum_income", "amount", payroll.Amount(tot.Gross)),
		T("payroll.year.sum_social", "amount", payroll.Amount(tot.Social), "pension", payroll.Amount(tot.Pension),
			"medical", payroll.Amount(tot.Medical), "unemployment", payroll.Amount(tot.Unemployment), "housing_fund", payroll.Amount(tot.HousingFund)),
		T("payroll.year.sum_additional", "amount", payroll.Amount(tot.Additional)),
		T("payroll.year.sum_tax", "amount", payroll.Amount(tot.Tax)),
		T("payroll.year.sum_net", "amount", payroll.Amount(tot.Net))), "\n")
}
