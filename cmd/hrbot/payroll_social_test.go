package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/store/pgtest"
)

// October at Pay Shop with Hangzhou's bases (a floor of 7000 for the
// test) and employer rates: Mei's declared 6000 is held up to 7000 and her
// payslip says why; --cost adds the employer's part to each gross:
// Li 8700 × 14 % + 8700 × 12 % = 2262.00, Mei 7000 × 14 % + 6000 × 12 % =
// 1700.00.
func TestPayrollSocialCostCommand(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	org := strings.Replace(payOrg, "      tax: cn_cumulative\n", `      tax: cn_cumulative
      social_city: 杭州
      social_bases:
        - {city: 杭州, year: 2026, social: {floor: 7000, ceiling: 24930}, housing: {floor: 2490, ceiling: 38390}}
      employer_rates: {pension: 0.14, housing: 0.12}
`, 1)
	vars := applyOrg(t, dbURL, org)
	seedOctober(t, dbURL)
	profiles := filepath.Join(t.TempDir(), "pay.csv")
	if err := os.WriteFile(profiles, []byte("key,kind,salary,social_base\nli,monthly,8700,8700\nmei,monthly,6000,6000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, vars, "", "payroll", "profiles", profiles); r.code != 0 {
		t.Fatalf("profiles: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "run", "--period", "2026-10"); r.code != 0 {
		t.Fatalf("run: %+v", r)
	}
	show := hrbot(t, vars, "", "payroll", "show", "--period", "2026-10", "--person", "mei")
	if want := "Pension insurance: -560.00 (7000.00 × 8%: the declared base 6000.00 is below 杭州's floor 7000.00, so the floor is used)"; !strings.Contains(show.stdout, want) {
		t.Errorf("show lacks %q:\n%s", want, show.stdout)
	}
	cost := hrbot(t, vars, "", "payroll", "show", "--period", "2026-10", "--cost")
	for _, want := range []string{"Cost of labour, 2026-10", "Li Ming (li): gross ", "+ employer 2,262.00 = ", "Mei Han (mei): gross ",
		"+ employer 1,700.00 = ", "Pension insurance (employer): 980.00 (7000.00 × 14%)", "Total: gross 11,792.86 + employer 3,962.00 = 15,754.86", "Li Ming (li): gross 8,650.00 + employer 2,262.00 = 10,912.00"} {
		if !strings.Contains(cost.stdout, want) {
			t.Errorf("cost lacks %q:\n%s", want, cost.stdout)
		}
	}
	zh := hrbot(t, vars, "", "payroll", "show", "--period", "2026-10", "--cost", "--lang", "zh-CN", "--person", "mei")
	if want := "养老保险（单位）：980.00（7000.00 × 14%）"; !strings.Contains(zh.stdout, want) {
		t.Errorf("zh cost lacks %q:\n%s", want, zh.stdout)
	}
}
