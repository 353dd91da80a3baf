package payroll

import (
	"fmt"
	"io"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// OpeningInput is one person's year to date from before hrbot.
type OpeningInput struct {
	Key string
	YTD pay.YearToDate
}

// OpeningColumns are the columns of an opening-balances file: a person's
// year to date with this employer before hrbot.
var OpeningColumns = []Column{
	{Key: "key", Names: []string{"工号", "员工编号", "编号"}, Required: true},
	{Key: "name", Names: []string{"姓名"}},
	{Key: "months", Names: []string{"月数", "已发薪月数"}, Required: true},
	{Key: "income", Names: []string{"累计收入"}, Required: true},
	{Key: "deductions", Names: []string{"累计专项扣除"}},
	{Key: "additional", Names: []string{"累计专项附加扣除"}},
	{Key: "withheld", Names: []string{"累计已预扣税额", "累计已扣缴税额"}, Required: true},
}

// ReadOpenings reads an opening-balances file (.xlsx or CSV), collecting
// every problem; people as for ReadProfiles.
func ReadOpenings(file string, r io.Reader, people map[string]bool) ([]OpeningInput, Problems) {
	var probs Problems
	rows := readTable(file, r, OpeningColumns, &probs)
	var out []OpeningInput
	seen := map[string]int{}
	for _, row := range rows {
		o := OpeningInput{Key: row.get("key")}
		checkPerson(&probs, row, o.Key, seen, people)
		v := row.get("months")
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 11 {
			probs.add(row.line, row.colName("months"), "payroll.csv.months", fmt.Sprintf("%q is not a number of months from 0 to 11", v), "value", v)
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
			*c.dst = row.amount(&probs, c.key, decimal.Zero)
		}
		if o.YTD.Withheld.GreaterThan(o.YTD.Income) {
			w := o.YTD.Withheld.StringFixed(2)
			probs.add(row.line, row.colName("withheld"), "payroll.csv.withheld_above_income", "the tax withheld ("+w+") is more than the income", "value", w)
		}
		out = append(out, o)
	}
	return out, probs
}
