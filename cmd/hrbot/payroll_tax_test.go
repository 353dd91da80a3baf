package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/store/pgtest"
)

// The calculator HR uses: 30,000 a month, 4,500 social insurance and
// housing fund, 2,000 special additional deductions — the tax authority's
// own example — month by month, across the 10% → 20% bracket in August.
func TestPayrollIITCommand(t *testing.T) {
	t.Parallel()
	r := hrbot(t, nil, "", "payroll", "iit", "--income", "30000", "--deductions", "4500", "--additional", "2000", "--months", "12")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	for month, want := range map[int]string{1: "555.00", 2: "625.00", 3: "1850.00", 7: "1850.00", 8: "2250.00", 9: "3700.00", 12: "3700.00"} {
		re := regexp.MustCompile(`(?m)^` + strconv.Itoa(month) + `\s.*\s` + regexp.QuoteMeta(want) + `$`)
		if !re.MatchString(r.stdout) {
			t.Errorf("month %d does not end with %s:\n%s", month, want, r.stdout)
		}
	}
	if r := hrbot(t, nil, "", "payroll", "iit", "--income", "abc"); r.code == 0 || !strings.Contains(r.stderr, "not an amount") {
		t.Errorf("bad income: %+v", r)
	}
}

// payroll iit --bonus: the separate tax of a year-end bonus, and the dead
// zone warning above 36,000.
func TestPayrollIITBonusCommand(t *testing.T) {
	t.Parallel()
	r := hrbot(t, nil, "", "payroll", "iit", "--bonus", "36000")
	if r.code != 0 || !strings.Contains(r.stdout, "tax 1080.00") || strings.Contains(r.stdout, "Dead zone") {
		t.Errorf("36000: %+v", r)
	}
	r = hrbot(t, nil, "", "payroll", "iit", "--bonus", "36001")
	if r.code != 0 || !strings.Contains(r.stdout, "tax 3390.10") || !strings.Contains(r.stdout, "up to 38566.67") || !strings.Contains(r.stdout, "costs 2310.10 more") {
		t.Errorf("36001: %+v", r)
	}
	r = hrbot(t, nil, "", "payroll", "iit", "--bonus", "37000", "--lang", "zh-CN")
	if r.code != 0 || !strings.Contains(r.stdout, "应纳税额 3490.00") || !strings.Contains(r.stdout, "无效区间") {
		t.Errorf("37000 zh: %+v", r)
	}
}

// payroll iit --labour: the hand-worked cases.
func TestPayrollIITLabourCommand(t *testing.T) {
	t.Parallel()
	for income, want := range map[string]string{"3000": "tax 440.00", "30000": "tax 5200.00"} {
		r := hrbot(t, nil, "", "payroll", "iit", "--labour", income)
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("%s: %+v", income, r)
		}
	}
}

// payroll iit --prior-year-under-60k: 10,000 a month, nothing until July.
func TestPayrollIITSixtyCommand(t *testing.T) {
	t.Parallel()
	r := hrbot(t, nil, "", "payroll", "iit", "--income", "10000", "--prior-year-under-60k")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	for month, want := range map[int]string{1: "0.00", 6: "0.00", 7: "300.00", 10: "580.00", 12: "1000.00"} {
		re := regexp.MustCompile(`(?m)^` + strconv.Itoa(month) + `\s+10000.00\s.*60000.00\s.*\s` + regexp.QuoteMeta(want) + `$`)
		if !re.MatchString(r.stdout) {
			t.Errorf("month %d does not end with %s:\n%s", month, want, r.stdout)
		}
	}
}

// payroll iit says what is wrong with its arguments in --lang's language,
// as the other payroll commands do in the org's.
func TestPayrollIITArgumentErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args   []string
		code   int
		en, zh string
	}{
		{[]string{"--income", "abc"}, 1, `"abc" is not an amount`, "“abc”不是金额"},
		{[]string{"--income", "8000", "--deductions", "-1"}, 1, "-1 is negative", "-1 是负数"},
		{[]string{"--bonus", "lots"}, 1, `"lots" is not an amount`, "“lots”不是金额"},
		{[]string{"--labour", "-3000"}, 1, "-3000 is negative", "-3000 是负数"},
		{[]string{"--deductions", "100"}, 2, "--income is required", "需要 --income"},
		{[]string{"--income", "8000", "--months", "13"}, 2, "--months 13: write a number of months from 1 to 12", "--months 13：请写 1 到 12"},
		{[]string{"--income", "8000", "--first-wages-month", "13"}, 2, "--first-wages-month 13: write the month", "--first-wages-month 13：请写首次取得工资的月份"},
		{[]string{"--income", "8000", "--first-wages-month", "7", "--prior-year-under-60k"}, 2, "do not go together", "不能同时使用"},
	} {
		for lang, want := range map[string]string{"en": c.en, "zh-CN": c.zh} {
			args := append([]string{"payroll", "iit", "--lang", lang}, c.args...)
			if r := hrbot(t, nil, "", args...); r.code != c.code || !strings.Contains(r.stderr, want) {
				t.Errorf("%s: exit %d, want %d; stderr does not say %q:\n%s", strings.Join(args, " "), r.code, c.code, want, r.stderr)
			}
		}
		// English when --lang is not given: there is no org to ask.
		if r := hrbot(t, nil, "", append([]string{"payroll", "iit"}, c.args...)...); !strings.Contains(r.stderr, c.en) {
			t.Errorf("%s without --lang: %s", strings.Join(c.args, " "), r.stderr)
		}
	}
}

// A year-end bonus, a helper on labour remuneration and the 60,000 rule
// through the CLI: recorded, drafted, shown with every line explained.
func TestPayrollBonusLabourAndSixtyCommands(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, strings.Replace(payOrg, "    go_live: 2026-01-05\n", "", 1))
	file := filepath.Join(t.TempDir(), "pay.csv")
	if err := os.WriteFile(file, []byte("key,kind,salary\nli,monthly,30000\nmei,劳务,3000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, vars, "", "payroll", "profiles", file); r.code != 0 {
		t.Fatalf("profiles: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "bonus", "--period", "2026-11", "--person", "li", "--amount", "36000", "--method", "yearly"); r.code == 0 ||
		!strings.Contains(r.stderr, `"yearly" is not a way to tax a bonus`) {
		t.Errorf("bad method: %+v", r)
	}
	for amount, want := range map[string]string{"1e30": "A year-end bonus of 1,000,000,000,000,000,000,000,000,000,000.00 is more than hrbot keeps: at most 999,999,999,999.99.",
		"0.001": "A year-end bonus must be more than zero."} {
		if r := hrbot(t, vars, "", "payroll", "bonus", "--period", "2026-11", "--person", "li", "--amount", amount); r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("--amount %s: %+v", amount, r)
		}
	}
	r := hrbot(t, vars, "", "payroll", "bonus", "--period", "2026-11", "--person", "li", "--amount", "36000")
	if r.code != 0 || !strings.Contains(r.stdout, "li: year-end bonus 36000.00 in 2026-11, the lower tax of the two methods") {
		t.Fatalf("bonus: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "run", "--period", "2026-11"); r.code != 0 {
		t.Fatalf("run: %+v", r)
	}
	// Li's first month: 30,000 − 5,000 = 25,000 × 3% = 750; the bonus on
	// its own 1,080 (1,830 in all), with the wages 61,000 × 10% − 2,520 =
	// 3,580. Mei: (3,000 − 800) × 20% = 440.
	show := hrbot(t, vars, "", "payroll", "show", "--period", "2026-11")
	for _, want := range []string{
		"Year-end bonus: 36,000.00 (taxed on its own, the lower tax: this month's tax 1830.00 on its own, 3580.00 with the wages)",
		"Income tax on the year-end bonus: -1,080.00 (36000.00 ÷ 12 = 3000.00 → rate 3%: 36000.00 × 3% − 0.00)",
		"Labour remuneration (agreed fee): 3,000.00",
		"Income tax on labour remuneration: -440.00 (3000.00 less 800.00 (800 off) = 2200.00 × 20% − 0.00)",
	} {
		if !strings.Contains(show.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, show.stdout)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "li: the 60,000 rule applies in 2027."},
		{[]string{"--off"}, "li: the 60,000 rule does not apply in 2027."},
		{[]string{"--clear"}, "li: in 2027 hrbot's records decide the 60,000 rule again."},
	} {
		r := hrbot(t, vars, "", append([]string{"payroll", "sixty", "--year", "2027", "--person", "li"}, c.args...)...)
		if r.code != 0 || !strings.Contains(r.stdout, c.want) {
			t.Errorf("sixty %v: %+v", c.args, r)
		}
	}
}
