package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/hrbot/hrbot/render"
	"github.com/hrbot/hrbot/store/pgtest"
)

// October at Pay Shop, approved, then the files others take: the tax
// client's declaration (names from the personal files, each read
// audited; Li and Mei have no ID number on file and are named), ICBC's
// GBK batch-payment file from the org file's layout, and Li's year
// statement whose total is October's payslip.
func TestPayrollFilesCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dbURL := pgtest.URL(t)
	org := strings.Replace(payOrg, "      tax: cn_cumulative\n", "      tax: cn_cumulative\n      bank_files:\n"+
		"        - {key: icbc, name: 工商银行代发, encoding: gbk, header: true, columns: [{title: 账号, field: account}, {title: 户名, field: name}, {title: 金额, field: amount, format: \"0.00\"}, {title: 用途, text: 工资}]}\n", 1)
	vars := applyOrg(t, dbURL, org)
	vars["HRBOT_ENCRYPTION_KEY"] = strings.Repeat("ab", 32)
	seedOctober(t, dbURL)
	profiles := filepath.Join(dir, "pay.csv")
	if err := os.WriteFile(profiles, []byte(payProfiles), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"payroll", "profiles", profiles}, {"payroll", "run", "--period", "2026-10"}} {
		if r := hrbot(t, vars, "", args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	if r := hrbot(t, vars, "", "payroll", "bank", "--period", "2026-10", "--layout", "icbc", "--out", dir); r.code == 0 || !strings.Contains(r.stderr, "not approved") {
		t.Errorf("bank file of a draft: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "approve", "--period", "2026-10", "--as", "helen"); r.code != 0 {
		t.Fatalf("approve: %+v", r)
	}

	r := hrbot(t, vars, "", "payroll", "declaration", "--period", "2026-10", "--out", dir)
	if r.code != 0 || !strings.Contains(r.stderr, "No ID number") || !strings.Contains(r.stderr, "li, mei") {
		t.Fatalf("declaration: %+v", r)
	}
	x, err := excelize.OpenFile(filepath.Join(dir, "declaration-wages-shop-2026-10.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("正常工资薪金所得")
	if err != nil || len(rows) != 3 || strings.Join(rows[0], "|") != strings.Join(render.WagesHeader, "|") {
		t.Fatalf("declaration rows %v %v", rows, err)
	}
	if got := strings.Join(rows[1][:10], "|"); got != "li|Li Ming|||8650|0|696|174|43.5|1044" && got != "li|Li Ming|||8650||696|174|43.5|1044" {
		t.Errorf("Li's row %q", got)
	}
	if n := payrollCount(t, dbURL, `SELECT count(*) FROM audit_log WHERE action = 'personfile.read' AND actor_label = 'payroll declaration'`); n != 2 {
		t.Errorf("%d personal-file reads audited, want 2", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "declaration-labour-shop-2026-10.xlsx")); !os.IsNotExist(err) {
		t.Errorf("a labour declaration with nobody paid as labour: %v", err)
	}

	if r := hrbot(t, vars, "", "payroll", "bank", "--period", "2026-10", "--layout", "icbc", "--out", dir); r.code != 0 || !strings.Contains(r.stderr, "mei") {
		t.Fatalf("bank: %+v", r)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "bank-shop-2026-10-icbc.csv"))
	if err != nil {
		t.Fatal(err)
	}
	utf, err := simplifiedchinese.GBK.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(utf)).ReadAll()
	if err != nil || len(recs) != 2 || strings.Join(recs[0], "|") != "账号|户名|金额|用途" ||
		strings.Join(recs[1], "|") != "6222 0212 3456 7890|Li Ming|6671.72|工资" {
		t.Errorf("bank file %q %v", recs, err)
	}
	if r := hrbot(t, vars, "", "payroll", "bank", "--period", "2026-10", "--layout", "cmb", "--out", dir); r.code == 0 || !strings.Contains(r.stderr, "no bank layout cmb") {
		t.Errorf("unknown layout: %+v", r)
	}

	if r := hrbot(t, vars, "", "payroll", "statement", "--year", "2026", "--person", "li", "--out", dir); r.code != 0 {
		t.Fatalf("statement: %+v", r)
	}
	s, err := excelize.OpenFile(filepath.Join(dir, "statement-shop-2026-li.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srows, err := s.GetRows("Year 2026")
	if err != nil || len(srows) != 3 || srows[1][0] != "2026-10" || srows[2][0] != "Total" || srows[2][1] != "8650" || srows[2][9] != "6671.72" {
		t.Errorf("statement %v %v", srows, err)
	}
}
