package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/store/pgtest"
)

// A pay-profile file's problems all come out at once — every row, every
// column, unknown people among them, with line numbers, in the org's
// language — and nothing is imported; a monthly row without a salary is
// one of them, not a profile that pays nothing.
func TestPayrollProfilesReportEveryProblem(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, payOrg)
	write := fileWriter(t)
	good := write("good.csv", "工号,计薪方式,月薪,社保基数\nli,月薪,8700,8700\n")
	if r := hrbot(t, vars, "", "payroll", "profiles", good); r.code != 0 || !strings.Contains(r.stdout, "1 pay profiles saved") {
		t.Fatalf("Chinese headers: %+v", r)
	}
	bad := write("bad.csv", "key,kind,salary,pension_rate,allowances,colour\n"+
		"li,monthly,\n"+ // the trial's `wang,monthly,`: would have wiped Li's profile
		"wang,monthly,9000\n"+ // nobody called wang here
		"mei,weekly,abc,1.5,meal=300,red\n"+
		"li,hourly,100\n")
	r := hrbot(t, vars, "", "payroll", "profiles", bad)
	if r.code == 0 {
		t.Fatalf("a bad file was imported: %+v", r)
	}
	for _, want := range []string{
		"bad.csv:1: colour: unknown column",
		"bad.csv:2: salary: a monthly salary is required for kind monthly",
		`bad.csv:3: key: there is nobody with the key "wang" in this org`,
		`bad.csv:4: kind: "weekly" is not a kind of pay`,
		`bad.csv:4: salary: "abc" is not an amount`,
		`bad.csv:4: pension_rate: "1.5" is not a rate`,
		`bad.csv:4: allowances: "meal=300" should read name:amount`,
		`bad.csv:5: key: "li" is in the file twice (line 2 too)`,
		"bad.csv:5: hourly_rate: an hourly rate is required for kind hourly",
		"nothing imported",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	var salary string
	if err := queryRow(t, dbURL, `SELECT p.salary::text FROM pay_profiles p JOIN employees e ON e.id = p.employee_id WHERE e.key = 'li'`, &salary); err != nil || salary != "8700.00" {
		t.Errorf("Li's profile after a refused file: %q %v", salary, err)
	}
	// In the org's language when it is Chinese.
	r = hrbot(t, vars, "", "payroll", "profiles", "--lang", "zh-CN", bad)
	if !strings.Contains(r.stderr, "bad.csv:2: salary: 月薪制必须填写月薪") || !strings.Contains(r.stderr, "什么也没有导入") {
		t.Errorf("in Chinese: %+v", r)
	}
}

// Opening balances from a Chinese spreadsheet: every bad row named at
// once; a good file makes November's tax continue the year (the tax
// authority's example: 3,700.00 in the eleventh month, not a first
// month's 555.00).
func TestPayrollOpeningBalances(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	// Live from today: November has no records and deducts nothing.
	vars := applyOrg(t, dbURL, strings.Replace(payOrg, "    go_live: 2026-01-05\n", "", 1))
	write := fileWriter(t)
	profiles := write("pay.csv", "key,kind,salary,social_base,pension_rate,medical_rate,unemployment_rate,housing_rate,special_additional\n"+
		"li,monthly,30000,30000,15%,0,0,0,2000\n")
	if r := hrbot(t, vars, "", "payroll", "profiles", profiles); r.code != 0 {
		t.Fatalf("profiles: %+v", r)
	}
	bad := write("bad.csv", "工号,姓名,月数,累计收入,累计专项扣除,累计专项附加扣除,累计已预扣税额\n"+
		"li,李明,12,300000,45000,20000,20080\n"+
		"nobody,无名,3,abc,0,0,99999999\n")
	r := hrbot(t, vars, "", "payroll", "opening", "--year", "2026", bad)
	for _, want := range []string{
		`bad.csv:2: 月数: "12" is not a number of months from 0 to 11`,
		`bad.csv:3: 工号: there is nobody with the key "nobody" in this org`,
		`bad.csv:3: 累计收入: "abc" is not an amount`,
		`bad.csv:3: 累计已预扣税额: the tax withheld (99999999.00) is more than the income`,
	} {
		if r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q: %+v", want, r)
		}
	}
	good := write("good.csv", "工号,姓名,月数,累计收入,累计专项扣除,累计专项附加扣除,累计已预扣税额\nli,李明,10,\"300,000\",45000,20000,20080.00\n")
	if r := hrbot(t, vars, "", "payroll", "opening", "--year", "2026", good); r.code != 0 || !strings.Contains(r.stdout, "opening balances of 2026 saved for 1 people") {
		t.Fatalf("opening: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "run", "--period", "2026-11"); r.code != 0 {
		t.Fatalf("run: %+v", r)
	}
	show := hrbot(t, vars, "", "payroll", "show", "--period", "2026-11", "--person", "li")
	if !strings.Contains(show.stdout, "Individual income tax: -3,700.00") || !strings.Contains(show.stdout, "less 20080.00 already withheld") {
		t.Errorf("November's tax does not continue the year:\n%s", show.stdout)
	}
}

// What the CLI says when something is wrong reads as a sentence, in the
// org's language: a month that does not exist, someone who may not
// approve, bank accounts that cannot be opened.
func TestPayrollCLIErrorsAreSentences(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, payOrg)
	if r := hrbot(t, vars, "", "payroll", "run", "--period", "2026-13"); r.code == 0 || !strings.Contains(r.stderr, `"2026-13" is not a month: write it like 2026-11.`) {
		t.Errorf("--period 2026-13: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "run"); r.code != 2 || !strings.Contains(r.stderr, "--period is required") {
		t.Errorf("no --period: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "approve", "--period", "2026-10", "--as", "li"); r.code == 0 ||
		!strings.Contains(r.stderr, "Only HR or an administrator can do that.") || strings.Contains(r.stderr, "payroll.manage") {
		t.Errorf("approve by someone not HR: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "approve", "--period", "2026-10", "--as", "helen", "--lang", "zh-CN"); r.code == 0 ||
		!strings.Contains(r.stderr, "2026-10 还没有工资表") {
		t.Errorf("approve with no draft: %+v", r)
	}

	withKey := map[string]string{"DATABASE_URL": dbURL, "HRBOT_ENCRYPTION_KEY": strings.Repeat("ab", 32)}
	dir := t.TempDir()
	profiles := filepath.Join(dir, "pay.csv")
	if err := os.WriteFile(profiles, []byte(payProfiles), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, withKey, "", "payroll", "profiles", profiles); r.code != 0 {
		t.Fatalf("profiles: %+v", r)
	}
	seedOctober(t, dbURL)
	for _, args := range [][]string{{"run", "--period", "2026-10"}, {"approve", "--period", "2026-10", "--as", "helen"}} {
		if r := hrbot(t, vars, "", append([]string{"payroll"}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	otherKey := map[string]string{"DATABASE_URL": dbURL, "HRBOT_ENCRYPTION_KEY": strings.Repeat("ef", 32)}
	for _, c := range []struct {
		vars map[string]string
		want string
	}{
		{vars, "set HRBOT_ENCRYPTION_KEY to the key they were saved with"},
		{otherKey, "it is not the key they were saved with"},
	} {
		r := hrbot(t, c.vars, "", "payroll", "export", "--period", "2026-10", "--out", t.TempDir())
		if r.code == 0 || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, "employee ") {
			t.Errorf("export: %+v", r)
		}
	}
}
