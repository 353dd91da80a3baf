package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

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
