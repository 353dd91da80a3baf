package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/payroll/pay"
	"github.com/hrbot/hrbot/store"
)

// csvColumn is a column of an imported payroll file: its name in hrbot
// and the header names a spreadsheet may give it, English and Chinese.
type csvColumn struct {
	key     string
	names   []string
	require bool
}

// profileColumns are the columns of a pay-profile CSV. key and kind are
// required; name is for the people reading the file and not checked; the
// rates default to China's usual employee shares.
var profileColumns = []csvColumn{
	{key: "key", names: []string{"工号", "员工编号", "编号"}, require: true},
	{key: "name", names: []string{"姓名"}},
	{key: "kind", names: []string{"计薪方式", "薪资类型", "工资类型"}, require: true},
	{key: "salary", names: []string{"月薪", "基本工资", "底薪"}},
	{key: "hourly_rate", names: []string{"时薪"}},
	{key: "allowances", names: []string{"补贴"}},
	{key: "cover_rate", names: []string{"顶班时薪"}},
	{key: "social_base", names: []string{"社保基数"}},
	{key: "housing_base", names: []string{"公积金基数"}},
	{key: "pension_rate", names: []string{"养老保险比例"}},
	{key: "medical_rate", names: []string{"医疗保险比例"}},
	{key: "unemployment_rate", names: []string{"失业保险比例"}},
	{key: "housing_rate", names: []string{"公积金比例"}},
	{key: "special_additional", names: []string{"专项附加扣除"}},
	{key: "bank_name", names: []string{"开户行", "开户银行", "银行", "银行名称"}},
	{key: "bank_account", names: []string{"银行账号", "银行卡号", "卡号", "账号"}},
}

// openingColumns are the columns of an opening-balances CSV: a person's
// year to date with this employer before hrbot.
var openingColumns = []csvColumn{
	{key: "key", names: []string{"工号", "员工编号", "编号"}, require: true},
	{key: "name", names: []string{"姓名"}},
	{key: "months", names: []string{"月数", "已发薪月数"}, require: true},
	{key: "income", names: []string{"累计收入"}, require: true},
	{key: "deductions", names: []string{"累计专项扣除"}},
	{key: "additional", names: []string{"累计专项附加扣除"}},
	{key: "withheld", names: []string{"累计已预扣税额", "累计已扣缴税额"}, require: true},
}

// columnList writes a column set for a help text or an error:
// "key (工号), name (姓名), …".
func columnList(cols []csvColumn) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.key + " (" + c.names[0] + ")"
	}
	return strings.Join(out, ", ")
}

// csvProblem is one problem of an imported file.
type csvProblem struct {
	line   int    // 1 is the header
	column string // as the file names it; "" for the row or the file
	err    *core.Error
}

// csvProblems are all the problems of a file, reported together.
type csvProblems struct {
	file string
	list []csvProblem
}

func (p *csvProblems) add(line int, column, key, english string, args ...string) {
	e := core.Errorf(core.EInvalid, key, "%s", english)
	for i := 0; i+1 < len(args); i += 2 {
		e = e.With(args[i], args[i+1])
	}
	p.list = append(p.list, csvProblem{line: line, column: column, err: e})
}

// render writes the problems one a line, "file:line: column: reason", in
// line order, the reasons in the reader's language.
func (p *csvProblems) render(tr translator) string {
	sort.SliceStable(p.list, func(i, j int) bool { return p.list[i].line < p.list[j].line })
	var b strings.Builder
	for _, pr := range p.list {
		fmt.Fprintf(&b, "%s:%d: ", p.file, pr.line)
		if pr.column != "" {
			b.WriteString(pr.column + ": ")
		}
		b.WriteString(tr.error(pr.err) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// csvRow is one data row: values by column key, and the header name of
// each column for messages.
type csvRow struct {
	line  int
	vals  map[string]string
	names map[string]string
}

func (r csvRow) get(key string) string { return strings.TrimSpace(r.vals[key]) }

// readTable reads a CSV with a header, matching each header name (English
// or Chinese, any case, a UTF-8 BOM ignored) to a column. Unknown,
// repeated and missing required columns are problems; the rows are read
// all the same so that every problem of the file comes out at once.
func readTable(file string, r io.Reader, cols []csvColumn, probs *csvProblems) []csvRow {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("empty")
		}
		probs.add(1, "", "payroll.csv.read", "cannot be read as CSV: "+err.Error(), "value", err.Error())
		return nil
	}
	byName := map[string]string{}
	for _, c := range cols {
		byName[c.key] = c.key
		for _, n := range c.names {
			byName[strings.ToLower(n)] = c.key
		}
	}
	at := map[string]int{}
	names := map[string]string{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		key, ok := byName[strings.ToLower(h)]
		switch {
		case !ok:
			list := columnList(cols)
			probs.add(1, h, "payroll.csv.unknown_column", "unknown column (columns: "+list+")", "columns", list)
		case names[key] != "":
			probs.add(1, h, "payroll.csv.duplicate_column", "the column appears twice")
		default:
			at[key], names[key] = i, h
		}
	}
	for _, c := range cols {
		if _, ok := at[c.key]; !ok && c.require {
			probs.add(1, c.key+" ("+c.names[0]+")", "payroll.csv.missing_column", "the column is required")
		}
	}
	var rows []csvRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			probs.add(line, "", "payroll.csv.read", "cannot be read as CSV: "+err.Error(), "value", err.Error())
			return rows
		}
		line, _ := cr.FieldPos(0)
		blank := true
		vals := map[string]string{}
		for key, i := range at {
			if i < len(rec) {
				vals[key] = rec[i]
				if strings.TrimSpace(rec[i]) != "" {
					blank = false
				}
			}
		}
		if blank {
			continue // an empty line a spreadsheet left at the end
		}
		rows = append(rows, csvRow{line: line, vals: vals, names: names})
	}
	if len(rows) == 0 && len(probs.list) == 0 {
		probs.add(1, "", "payroll.csv.no_rows", "the file has a header and no rows")
	}
	return rows
}

// amount reads a money cell: blank is def; "8,700" and "8700.00" are
// amounts; anything else, or a negative, is a problem.
func (r csvRow) amount(probs *csvProblems, key string, def decimal.Decimal) decimal.Decimal {
	v := r.get(key)
	if v == "" {
		return def
	}
	d, err := money(v)
	if err != nil || d.IsNegative() {
		probs.add(r.line, r.names[key], "payroll.csv.amount", fmt.Sprintf("%q is not an amount of zero or more", v), "value", v)
		return def
	}
	return d
}

// rate reads a contribution rate, a fraction ("0.08") or a percentage ("8%").
func (r csvRow) rate(probs *csvProblems, key string, def decimal.Decimal) decimal.Decimal {
	v := r.get(key)
	if v == "" {
		return def
	}
	s, pct := strings.CutSuffix(strings.TrimSuffix(v, "％"), "%")
	if strings.HasSuffix(v, "％") {
		pct = true
	}
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err == nil && pct {
		d = d.Div(decimal.NewFromInt(100))
	}
	if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(1)) {
		probs.add(r.line, r.names[key], "payroll.csv.rate", fmt.Sprintf("%q is not a rate: write a fraction like 0.08 or a percentage like 8%%", v), "value", v)
		return def
	}
	return d
}

// payKinds are the kinds of pay as a file may write them.
var payKinds = map[string]pay.Kind{
	"monthly": pay.Monthly, "月薪": pay.Monthly, "月薪制": pay.Monthly,
	"hourly": pay.Hourly, "时薪": pay.Hourly, "时薪制": pay.Hourly, "计时": pay.Hourly,
}

// readProfiles reads a pay-profile CSV. people are the keys of the org's
// people (nil: not checked); hasKey says whether bank accounts can be
// sealed. Every problem of every row and column is collected.
func readProfiles(file string, r io.Reader, people map[string]bool, hasKey bool, probs *csvProblems) []store.PayProfileInput {
	rows := readTable(file, r, profileColumns, probs)
	var out []store.PayProfileInput
	seen := map[string]int{}
	noKeyTold := false
	for _, row := range rows {
		p := store.PayProfileInput{Key: row.get("key"), BankName: row.get("bank_name"), BankAccount: row.get("bank_account")}
		keyCol := row.names["key"]
		switch {
		case p.Key == "":
			probs.add(row.line, keyCol, "payroll.csv.empty", "is empty")
		case seen[p.Key] != 0:
			probs.add(row.line, keyCol, "payroll.csv.duplicate_person", fmt.Sprintf("%q is in the file twice (line %d too)", p.Key, seen[p.Key]),
				"value", p.Key, "first", strconv.Itoa(seen[p.Key]))
		case people != nil && !people[p.Key]:
			probs.add(row.line, keyCol, "payroll.csv.unknown_person", fmt.Sprintf("there is nobody with the key %q in this org", p.Key), "value", p.Key)
		}
		if p.Key != "" && seen[p.Key] == 0 {
			seen[p.Key] = row.line
		}
		pr := &p.Profile
		kind := row.get("kind")
		if k, ok := payKinds[strings.ToLower(kind)]; ok {
			pr.Kind = k
		} else if row.names["kind"] != "" {
			probs.add(row.line, row.names["kind"], "payroll.csv.kind", fmt.Sprintf("%q is not a kind of pay: write monthly or hourly", kind), "value", kind)
		}
		pension, medical, unemployment, housing := pay.DefaultRates()
		pr.Salary = row.amount(probs, "salary", decimal.Zero)
		pr.HourlyRate = row.amount(probs, "hourly_rate", decimal.Zero)
		pr.CoverRate = row.amount(probs, "cover_rate", decimal.Zero)
		pr.SocialBase = row.amount(probs, "social_base", decimal.Zero)
		pr.HousingBase = row.amount(probs, "housing_base", decimal.Zero)
		pr.SpecialAdditional = row.amount(probs, "special_additional", decimal.Zero)
		pr.PensionRate = row.rate(probs, "pension_rate", pension)
		pr.MedicalRate = row.rate(probs, "medical_rate", medical)
		pr.UnemploymentRate = row.rate(probs, "unemployment_rate", unemployment)
		pr.HousingRate = row.rate(probs, "housing_rate", housing)
		// A blank salary would save a profile paying nothing: a row cut
		// short is refused, not taken for a wage of zero.
		switch pr.Kind {
		case pay.Monthly:
			if v := row.get("salary"); v == "" {
				probs.add(row.line, colName(row, "salary"), "payroll.csv.salary_required", "a monthly salary is required for kind monthly")
			} else if _, err := money(v); err == nil && !pr.Salary.IsPositive() {
				probs.add(row.line, colName(row, "salary"), "payroll.csv.positive", fmt.Sprintf("%q must be more than zero", v), "value", v)
			}
		case pay.Hourly:
			if v := row.get("hourly_rate"); v == "" {
				probs.add(row.line, colName(row, "hourly_rate"), "payroll.csv.rate_required", "an hourly rate is required for kind hourly")
			} else if _, err := money(v); err == nil && !pr.HourlyRate.IsPositive() {
				probs.add(row.line, colName(row, "hourly_rate"), "payroll.csv.positive", fmt.Sprintf("%q must be more than zero", v), "value", v)
			}
		}
		for _, a := range strings.FieldsFunc(row.get("allowances"), func(r rune) bool { return r == ';' || r == '；' }) {
			if strings.TrimSpace(a) == "" {
				continue
			}
			n, v, ok := strings.Cut(strings.ReplaceAll(a, "：", ":"), ":")
			d, err := money(v)
			if !ok || strings.TrimSpace(n) == "" || err != nil || d.IsNegative() {
				a = strings.TrimSpace(a)
				probs.add(row.line, row.names["allowances"], "payroll.csv.allowance", fmt.Sprintf("%q should read name:amount, e.g. meal:300;transport:200", a), "value", a)
				continue
			}
			pr.Allowances = append(pr.Allowances, pay.Allowance{Name: strings.TrimSpace(n), Amount: d})
		}
		if p.BankAccount != "" && !hasKey && !noKeyTold {
			probs.add(row.line, row.names["bank_account"], "payroll.csv.no_key", "bank accounts are sealed with HRBOT_ENCRYPTION_KEY, which is not set")
			noKeyTold = true
		}
		out = append(out, p)
	}
	return out
}

// colName is the header name of a column, or its hrbot name when the file
// lacks it.
func colName(row csvRow, key string) string {
	if n := row.names[key]; n != "" {
		return n
	}
	return key
}

// readOpenings reads an opening-balances CSV, collecting every problem.
func readOpenings(file string, r io.Reader, people map[string]bool, probs *csvProblems) []store.OpeningInput {
	rows := readTable(file, r, openingColumns, probs)
	var out []store.OpeningInput
	seen := map[string]int{}
	for _, row := range rows {
		o := store.OpeningInput{Key: row.get("key")}
		keyCol := row.names["key"]
		switch {
		case o.Key == "":
			probs.add(row.line, keyCol, "payroll.csv.empty", "is empty")
		case seen[o.Key] != 0:
			probs.add(row.line, keyCol, "payroll.csv.duplicate_person", fmt.Sprintf("%q is in the file twice (line %d too)", o.Key, seen[o.Key]),
				"value", o.Key, "first", strconv.Itoa(seen[o.Key]))
		case people != nil && !people[o.Key]:
			probs.add(row.line, keyCol, "payroll.csv.unknown_person", fmt.Sprintf("there is nobody with the key %q in this org", o.Key), "value", o.Key)
		}
		if o.Key != "" && seen[o.Key] == 0 {
			seen[o.Key] = row.line
		}
		v := row.get("months")
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 11 {
			probs.add(row.line, colName(row, "months"), "payroll.csv.months", fmt.Sprintf("%q is not a number of months from 0 to 11", v), "value", v)
		}
		o.YTD.Months = n
		for _, c := range []struct {
			key      string
			dst      *decimal.Decimal
			required bool
		}{{"income", &o.YTD.Income, true}, {"deductions", &o.YTD.Deductions, false}, {"additional", &o.YTD.Additional, false}, {"withheld", &o.YTD.Withheld, true}} {
			if c.required && row.get(c.key) == "" && row.names[c.key] != "" {
				probs.add(row.line, row.names[c.key], "payroll.csv.empty", "is empty")
				continue
			}
			*c.dst = row.amount(probs, c.key, decimal.Zero)
		}
		if o.YTD.Withheld.GreaterThan(o.YTD.Income) {
			w := o.YTD.Withheld.StringFixed(2)
			probs.add(row.line, colName(row, "withheld"), "payroll.csv.withheld_above_income", "the tax withheld ("+w+") is more than the income", "value", w)
		}
		out = append(out, o)
	}
	return out
}
