package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/store/pgtest"
)

// payroll iit --first-wages-month 7: 8,000 a month with 1,800 of
// contributions from July, the basic deduction from January (35,000 in
// July): nothing withheld all year; without it July is 8,000 − 5,000 −
// 1,800 = 1,200 × 3% = 36.00.
func TestPayrollIITFirstWagesCommand(t *testing.T) {
	t.Parallel()
	r := hrbot(t, nil, "", "payroll", "iit", "--income", "8000", "--deductions", "1800", "--first-wages-month", "7")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	for month, basic := range map[string]string{"7": "35000.00", "12": "60000.00"} {
		if !regexp.MustCompile(`(?m)^` + month + `\s+8000.00\s+\S+\s+` + basic + `\s.*\s0.00$`).MatchString(r.stdout) {
			t.Errorf("month %s: basic %s and nothing withheld wanted:\n%s", month, basic, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\n6 ") {
		t.Errorf("rows before July:\n%s", r.stdout)
	}
	r = hrbot(t, nil, "", "payroll", "iit", "--income", "8000", "--deductions", "1800", "--months", "1")
	if !regexp.MustCompile(`(?m)^1\s+8000.00\s.*\s36.00$`).MatchString(r.stdout) {
		t.Errorf("without the rule:\n%s", r.stdout)
	}
	if r := hrbot(t, nil, "", "payroll", "iit", "--income", "8000", "--first-wages-month", "13"); r.code == 0 {
		t.Errorf("month 13 accepted: %+v", r)
	}
}

// payroll first-wages marks Li for 2026: November (his first month here in
// hrbot) withholds nothing, 30,000 − 5,000 × 11 < 0, and says why; --off
// removes the mark. Mei, a helper on 3,000 from Friday 16 October, is paid
// October's fee for her 11 of its 21 working days (1 October a holiday):
// 3,000 − 3,000 × 10/21 = 1,571.43, (1,571.43 − 800) × 20% = 154.29.
func TestPayrollFirstWagesCommand(t *testing.T) {
	t.Parallel()
	vars := applyOrg(t, pgtest.URL(t), strings.Replace(payOrg, "    go_live: 2026-01-05\n", "", 1))
	file := filepath.Join(t.TempDir(), "pay.csv")
	if err := os.WriteFile(file, []byte("key,kind,salary\nli,monthly,30000\nmei,劳务,3000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, vars, "", "payroll", "profiles", file); r.code != 0 {
		t.Fatalf("profiles: %+v", r)
	}
	r := hrbot(t, vars, "", "payroll", "first-wages", "--year", "2026", "--person", "li")
	if r.code != 0 || !strings.Contains(r.stdout, "li: marked as having their first wages of 2026 here") {
		t.Fatalf("first-wages: %+v", r)
	}
	for _, period := range []string{"2026-10", "2026-11"} {
		if r := hrbot(t, vars, "", "payroll", "run", "--period", period); r.code != 0 {
			t.Fatalf("run %s: %+v", period, r)
		}
	}
	show := hrbot(t, vars, "", "payroll", "show", "--period", "2026-11", "--person", "li")
	if !strings.Contains(show.stdout, "Individual income tax: 0.00 (first wages of the year (国家税务总局公告2020年第13号): basic deduction from January, 5,000 × 11 = 55000.00") {
		t.Errorf("show li:\n%s", show.stdout)
	}
	show = hrbot(t, vars, "", "payroll", "show", "--period", "2026-10", "--person", "mei", "--lang", "en")
	for _, want := range []string{"Part of the month: -1,428.57 (the agreed fee 3000.00 for the 11 of 21 working days engaged)",
		"Income tax on labour remuneration: -154.29"} {
		if !strings.Contains(show.stdout, want) {
			t.Errorf("show mei lacks %q:\n%s", want, show.stdout)
		}
	}
	r = hrbot(t, vars, "", "payroll", "first-wages", "--year", "2026", "--person", "li", "--off")
	if r.code != 0 || !strings.Contains(r.stdout, "li: not marked for 2026") {
		t.Errorf("--off: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "first-wages", "--year", "2026"); r.code == 0 {
		t.Errorf("no person accepted: %+v", r)
	}
}
