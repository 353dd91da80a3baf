package payroll

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/payroll/pay"
)

// ProfileInput is a pay profile as imported, bank account in the clear
// (the store seals it).
type ProfileInput struct {
	Key         string
	Profile     pay.Profile
	BankName    string
	BankAccount string
}

// ProfileColumns are the columns of a pay-profile file. key and kind are
// required; name is for the people reading the file and not checked; the
// rates default to China's usual employee shares.
var ProfileColumns = []Column{
	{Key: "key", Names: []string{"工号", "员工编号", "编号"}, Required: true},
	{Key: "name", Names: []string{"姓名"}},
	{Key: "kind", Names: []string{"计薪方式", "薪资类型", "工资类型"}, Required: true},
	{Key: "salary", Names: []string{"月薪", "基本工资", "底薪"}},
	{Key: "hourly_rate", Names: []string{"时薪"}},
	{Key: "allowances", Names: []string{"补贴"}},
	{Key: "cover_rate", Names: []string{"顶班时薪"}},
	{Key: "social_base", Names: []string{"社保基数"}},
	{Key: "housing_base", Names: []string{"公积金基数"}},
	{Key: "pension_rate", Names: []string{"养老保险比例"}},
	{Key: "medical_rate", Names: []string{"医疗保险比例"}},
	{Key: "unemployment_rate", Names: []string{"失业保险比例"}},
	{Key: "housing_rate", Names: []string{"公积金比例"}},
	{Key: "special_additional", Names: []string{"专项附加扣除"}},
	{Key: "bank_name", Names: []string{"开户行", "开户银行", "银行", "银行名称"}},
	{Key: "bank_account", Names: []string{"银行账号", "银行卡号", "卡号", "账号"}},
}

// payKinds are the kinds of pay as a file may write them.
var payKinds = map[string]pay.Kind{
	"monthly": pay.Monthly, "月薪": pay.Monthly, "月薪制": pay.Monthly,
	"hourly": pay.Hourly, "时薪": pay.Hourly, "时薪制": pay.Hourly, "计时": pay.Hourly,
	// Labour remuneration (劳务报酬): the salary column is the agreed fee a month.
	"labour": pay.Labour, "labor": pay.Labour, "劳务": pay.Labour, "劳务报酬": pay.Labour,
}

// ReadProfiles reads a pay-profile file, .xlsx or CSV (see readTable).
// people are the keys of the org's people (nil: not checked); canSeal
// says whether bank accounts can be sealed. Every problem of every row
// and column is returned, by line and column with a catalogue key
// (payroll.csv.*); the profiles are only to be saved when there is none.
func ReadProfiles(file string, r io.Reader, people map[string]bool, canSeal bool) ([]ProfileInput, Problems) {
	var probs Problems
	rows := readTable(file, r, ProfileColumns, &probs)
	var out []ProfileInput
	seen := map[string]int{}
	noKeyTold := false
	for _, row := range rows {
		p := ProfileInput{Key: row.get("key"), BankName: row.get("bank_name"), BankAccount: row.get("bank_account")}
		checkPerson(&probs, row, p.Key, seen, people)
		readProfile(&probs, row, &p.Profile)
		if p.BankAccount != "" && !canSeal && !noKeyTold {
			probs.add(row.line, row.names["bank_account"], "payroll.csv.no_key", "bank accounts are sealed with HRBOT_ENCRYPTION_KEY, which is not set")
			noKeyTold = true
		}
		out = append(out, p)
	}
	return out, probs
}

// checkPerson checks a row's person: named, once, and of the org.
func checkPerson(probs *Problems, row row, key string, seen map[string]int, people map[string]bool) {
	keyCol := row.names["key"]
	switch {
	case key == "":
		probs.add(row.line, keyCol, "payroll.csv.empty", "is empty")
	case seen[key] != 0:
		probs.add(row.line, keyCol, "payroll.csv.duplicate_person", fmt.Sprintf("%q is in the file twice (line %d too)", key, seen[key]),
			"value", key, "first", strconv.Itoa(seen[key]))
	case people != nil && !people[key]:
		probs.add(row.line, keyCol, "payroll.csv.unknown_person", fmt.Sprintf("there is nobody with the key %q in this org", key), "value", key)
	}
	if key != "" && seen[key] == 0 {
		seen[key] = row.line
	}
}

// readProfile reads a row's kind of pay, amounts, rates and allowances.
func readProfile(probs *Problems, row row, pr *pay.Profile) {
	kind := row.get("kind")
	if k, ok := payKinds[strings.ToLower(kind)]; ok {
		pr.Kind = k
	} else if row.names["kind"] != "" {
		probs.add(row.line, row.names["kind"], "payroll.csv.kind", fmt.Sprintf("%q is not a kind of pay: write monthly, hourly or labour", kind), "value", kind)
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
			probs.add(row.line, row.colName("salary"), "payroll.csv.salary_required", "a monthly salary is required for kind monthly")
		} else if _, err := money(v); err == nil && !pr.Salary.IsPositive() {
			probs.add(row.line, row.colName("salary"), "payroll.csv.positive", fmt.Sprintf("%q must be more than zero", v), "value", v)
		}
	case pay.Hourly:
		if v := row.get("hourly_rate"); v == "" {
			probs.add(row.line, row.colName("hourly_rate"), "payroll.csv.rate_required", "an hourly rate is required for kind hourly")
		} else if _, err := money(v); err == nil && !pr.HourlyRate.IsPositive() {
			probs.add(row.line, row.colName("hourly_rate"), "payroll.csv.positive", fmt.Sprintf("%q must be more than zero", v), "value", v)
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
}
