package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/store/pgtest"
)

// newShop is a shop set up today, as a new user does: no go_live in the
// file, so it went live the day it was first applied.
const newShop = `
orgs:
  - key: shop
    name: 鲜果小铺
    time_zone: Asia/Shanghai
    locale: zh-CN
    employees:
      - {key: zhao, name: 赵敏, role: hr, hire_date: 2019-09-02}
      - {key: alice, name: Alice Li, hire_date: 2022-03-01, locale: en}
      - {key: liu, name: 刘洋, hire_date: 2024-11-11}
`

// Chinese headers, as a Chinese spreadsheet writes them; Liu is paid by
// the hour and, with no hours yet, nets below zero.
const newShopProfiles = "\ufeff工号,姓名,计薪方式,月薪,时薪,补贴,社保基数,开户行,银行账号\n" +
	"zhao,赵敏,月薪,9000,,餐补:300,9000,工商银行,6222 0000 0000 1111\n" +
	"alice,Alice Li,monthly,7000,,meal:300；transport:200,7000,ICBC,6222 0000 0000 2222\n" +
	"liu,刘洋,时薪,,30,,6500,建设银行,6217 0000 0000 3333\n"

// The trial's first payroll, by hand: apply, import profiles, draft last
// month and this one. Last month (before go-live) deducts no absence and
// says why; this month says it is not over and who has not checked in;
// neither is approved while someone nets below zero or the month runs,
// unless HR gives a reason; the bank file holds only positive transfers.
func TestPayrollFirstRunOfANewInstall(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, newShop)
	vars["HRBOT_ENCRYPTION_KEY"] = strings.Repeat("cd", 32)
	dir := t.TempDir()
	file := filepath.Join(dir, "pay.csv")
	if err := os.WriteFile(file, []byte(newShopProfiles), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, vars, "", "payroll", "profiles", file); r.code != 0 || !strings.Contains(r.stdout, "已保存 3 份薪资档案") {
		t.Fatalf("profiles: %+v", r)
	}
	now := time.Now().In(mustZone(t, "Asia/Shanghai"))
	this := now.Format("2006-01")
	last := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")

	r := hrbot(t, vars, "", "payroll", "run", "--period", last)
	if r.code != 0 || !strings.Contains(r.stdout, "hrbot 于 "+now.Format("2006-01-02")+" 启用") || !strings.Contains(r.stdout, "刘洋（liu）：实发 -") {
		t.Fatalf("last month's draft: %+v", r)
	}
	show := hrbot(t, vars, "", "payroll", "show", "--period", last, "--lang", "en")
	if strings.Contains(show.stdout, "Absence") || !strings.Contains(show.stdout, "Base pay: 7,000.00") {
		t.Errorf("last month, before go-live, deducts absences:\n%s", show.stdout)
	}
	if n := payrollCount(t, dbURL, `SELECT count(*) FROM payroll_lines l JOIN employees e ON e.id = l.employee_id WHERE l.net < 0 AND e.key <> 'liu'`); n != 0 {
		t.Errorf("%d salaried people net below zero in the first month", n)
	}
	r = hrbot(t, vars, "", "payroll", "approve", "--period", last, "--as", "zhao", "--lang", "en")
	if r.code != 1 || !strings.Contains(r.stderr, "The "+last+" payroll is not approved") || !strings.Contains(r.stderr, "刘洋 (liu): net pay -") ||
		!strings.Contains(r.stderr, "--override") {
		t.Errorf("approve with a negative net: %+v", r)
	}

	r = hrbot(t, vars, "", "payroll", "run", "--period", this, "--lang", "en")
	if r.code != 0 || !strings.Contains(r.stdout, this+" is not over") {
		t.Fatalf("this month's draft: %+v", r)
	}
	if n := payrollCount(t, dbURL, `SELECT count(*) FROM payroll_lines l JOIN employees e ON e.id = l.employee_id WHERE l.net < 0 AND e.key <> 'liu'`); n != 0 {
		t.Errorf("%d salaried people net below zero this month", n)
	}
	r = hrbot(t, vars, "", "payroll", "approve", "--period", this, "--as", "zhao")
	if r.code != 1 || !strings.Contains(r.stderr, this+" 还没结束") {
		t.Errorf("approving a month not over: %+v", r)
	}
	if n := payrollCount(t, dbURL, `SELECT count(*) FROM payroll_runs WHERE status = 'approved'`); n != 0 {
		t.Errorf("%d runs approved without a reason", n)
	}

	r = hrbot(t, vars, "", "payroll", "approve", "--period", last, "--as", "zhao", "--override", "刘洋 改为时薪，本月手工发放")
	if r.code != 0 || !strings.Contains(r.stdout, "原因已记录：刘洋 改为时薪，本月手工发放") {
		t.Fatalf("approve with a reason: %+v", r)
	}
	out := t.TempDir()
	r = hrbot(t, vars, "", "payroll", "export", "--period", last, "--out", out)
	if r.code != 0 || !strings.Contains(r.stderr, "实发为零或负数、未写入银行代发文件：liu") {
		t.Fatalf("export: %+v", r)
	}
	bank, err := os.ReadFile(filepath.Join(out, "bank-shop-"+last+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(bank), "刘洋") || strings.Contains(string(bank), ",-") || strings.Contains(string(bank), ",0.00,") ||
		!strings.Contains(string(bank), "赵敏,工商银行,6222 0000 0000 1111,") || bytes.HasPrefix(bank, []byte("\ufeff")) {
		t.Errorf("bank file:\n%s", bank)
	}
	sheet, err := os.ReadFile(filepath.Join(out, "payroll-shop-"+last+".csv"))
	if err != nil || !bytes.HasPrefix(sheet, []byte("\ufeffkey,name,")) || !strings.Contains(string(sheet), "zhao,赵敏,9000.00") {
		t.Errorf("the payroll CSV does not start with a BOM for Excel: %q %v", sheet[:min(len(sheet), 40)], err)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
