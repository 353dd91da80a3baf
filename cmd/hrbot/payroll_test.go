package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
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

const payOrg = `
orgs:
  - key: shop
    name: Pay Shop
    time_zone: UTC
    locale: en
    go_live: 2026-01-05
    attendance:
      workweek: [mon, tue, wed, thu, fri]
      hours: {start: "09:00", end: "18:00", break_minutes: 60}
    calendar:
      holidays:
        - {date: 2026-10-01, name: National Day, statutory: true}
    leave_types:
      - {key: personal, name: Personal leave, paid: false, unit: hour}
    payroll:
      late_penalty: 50
      tax: cn_cumulative
    employees:
      - {key: helen, name: Helen HR, role: hr, telegram: "901", hire_date: 2020-01-01}
      - {key: li, name: Li Ming, telegram: "902", hire_date: 2021-05-10}
      - {key: mei, name: Mei Han, telegram: "903", hire_date: 2026-10-16, locale: zh-CN}
`

const payProfiles = `key,kind,salary,allowances,social_base,special_additional,bank_name,bank_account
li,monthly,8700,,8700,1000,ICBC Hangzhou,6222 0212 3456 7890
mei,monthly,6000,meal:300,6000,0,,
`

// October 2026 at Pay Shop: 21 working days (National Day on the 1st is a
// statutory holiday). Li works them all on time except: absent on the
// 5th, 20 minutes late on the 6th, half a day of unpaid personal leave on
// the 8th, and four hours on National Day. Mei joins on the 16th and works
// every day from then.
func seedOctober(t *testing.T, dbURL string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `
		INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, planned_start, planned_end, break_minutes,
		                                check_in, check_out, late_minutes, worked_minutes)
		SELECT e.org_id, e.id, d::date, 'workday', d + time '09:00', d + time '18:00', 60,
		       d + time '09:00' + CASE WHEN d::date = '2026-10-06' AND e.key = 'li' THEN interval '20 minutes' ELSE interval '0' END,
		       d + time '18:00', CASE WHEN d::date = '2026-10-06' AND e.key = 'li' THEN 20 ELSE 0 END, 480
		FROM employees e, generate_series(timestamp '2026-10-02', timestamp '2026-10-30', interval '1 day') d
		WHERE e.key IN ('li', 'mei') AND extract(isodow FROM d) < 6 AND d::date >= e.hire_date
		  AND NOT (e.key = 'li' AND d::date IN ('2026-10-05', '2026-10-08'))`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(ctx, `
		INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in, check_out, worked_minutes, overtime_minutes, overtime_kind)
		SELECT org_id, id, '2026-10-01', 'holiday', '2026-10-01 09:00Z', '2026-10-01 13:00Z', 240, 240, 'holiday' FROM employees WHERE key = 'li'`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(ctx, `
		INSERT INTO leave_requests (org_id, employee_id, type_key, from_date, to_date, from_part, to_part, period, minutes, status, created_at, sent_at)
		SELECT org_id, id, 'personal', '2026-10-08', '2026-10-08', 'morning', 'morning', tstzrange('2026-10-08 09:00Z', '2026-10-08 13:00Z'),
		       240, 'approved', '2026-10-07', '2026-10-07'
		FROM employees WHERE key = 'li'`)
	if err != nil {
		t.Fatal(err)
	}
}

// A month's payroll end to end: profiles imported with a sealed bank
// account, the run drafted (twice, the same), every line explained, HR
// approves it in Telegram, payslips arrive privately — never in a group —
// with a question button that reaches HR; the approved run cannot change,
// not even by SQL; CSV, XLSX and the bank file come out.
func TestPayrollMonthOnTelegram(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, payOrg)
	vars["HRBOT_ENCRYPTION_KEY"] = strings.Repeat("ab", 32)
	seedOctober(t, dbURL)
	profiles := filepath.Join(dir, "pay.csv")
	if err := os.WriteFile(profiles, []byte(payProfiles), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, map[string]string{"DATABASE_URL": dbURL}, "", "payroll", "profiles", profiles); r.code == 0 || !strings.Contains(r.stderr, "HRBOT_ENCRYPTION_KEY") {
		t.Errorf("a bank account without a key: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "profiles", profiles); r.code != 0 || !strings.Contains(r.stdout, "2 pay profiles saved") {
		t.Fatalf("profiles: %+v", r)
	}
	var raw []byte
	if err := queryRow(t, dbURL, `SELECT p.bank_account FROM pay_profiles p JOIN employees e ON e.id = p.employee_id WHERE e.key = 'li'`, &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw) == 0 || bytes.Contains(raw, []byte("7890")) || bytes.Contains(raw, []byte("6222")) {
		t.Errorf("bank account not sealed at rest: %q", raw)
	}

	var first string
	for i := range 2 {
		r := hrbot(t, vars, "", "payroll", "run", "--period", "2026-10")
		if r.code != 0 || !strings.Contains(r.stdout, "2 payslips") || !strings.Contains(r.stdout, "left out: helen") {
			t.Fatalf("run #%d: %+v", i+1, r)
		}
		show := hrbot(t, vars, "", "payroll", "show", "--period", "2026-10")
		if i == 0 {
			first = show.stdout
		} else if show.stdout != first {
			t.Errorf("a second draft differs:\n%s\n---\n%s", first, show.stdout)
		}
	}
	// Li: 8,700 a month is 400.00 a day and 50.00 an hour.
	for _, want := range []string{
		"Base pay: 8,700.00 (monthly salary 8700.00)",
		"Overtime on public holidays: 600.00 (4 h × 50.00 × 300%)",
		"Absence: -400.00 (1 day(s) 10-05 × daily rate 400.00)",
		"Unpaid leave: -200.00 (4 h 10-08 × hourly rate 50.00)",
		"Pension insurance: -696.00 (8700.00 × 8%)",
		"Housing fund: -1,044.00 (8700.00 × 12%)",
		"Late arrivals: -50.00 (1 late, first 0 free, 1 × 50.00)",
		"Individual income tax: -20.78",
		"gross 8,650.00 · social 1,957.50 · tax 20.78 · net 6,671.72",
		// Mei joined on the 16th: 11 of 21 working days.
		"Part of the month: -2,857.14 (employed 11 of 21 working days)",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("payroll show lacks %q:\n%s", want, first)
		}
	}

	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	vars["HRBOT_SCHEDULER_INTERVAL"] = "1s"
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}
	press := func(chat int64, c telegramtest.Call, data string) {
		t.Helper()
		id, _ := strconv.Atoi(c.Params["message_id"])
		h.post("s3cret", h.press(chat, id, data))
	}

	// Nobody but HR reviews payroll; no payslip before approval.
	h.post("s3cret", h.message(902, "/payroll 2026-10", nil))
	h.waitFor("sendMessage", 902, "Only HR")
	h.post("s3cret", h.message(902, "/payslip 2026-10", nil))
	h.waitFor("sendMessage", 902, "no payslip for 2026-10 yet")

	h.post("s3cret", h.message(901, "/payroll 2026-10", nil))
	review := h.waitFor("sendMessage", 901, "Payroll 2026-10 (draft): 2 people")
	press(901, review, button(t, review, "payroll.approve|"))
	h.waitFor("editMessageText", 901, "Payroll 2026-10 approved: 2 payslips")

	slip := h.waitFor("sendMessage", 902, "Payslip 2026-10 — Li Ming")
	if !strings.Contains(slip.Params["text"], "Net pay: 6,671.72") {
		t.Errorf("Li's payslip: %q", slip.Params["text"])
	}
	h.waitFor("sendMessage", 903, "2026-10 工资条 — Mei Han") // in her language
	press(902, slip, button(t, slip, "payslip.ask|"))
	h.waitFor("sendMessage", 902, "HR has been told")
	h.waitFor("sendMessage", 901, "Li Ming has a question about their payslip for 2026-10")

	// Asked for in a group, the payslip goes to the private chat only.
	group := map[string]any{"chat": map[string]any{"id": -5001, "type": "group", "title": "Shop"}}
	h.post("s3cret", h.message(902, "/payslip 2026-10", group))
	deadline := len(fake.Calls("sendMessage"))
	h.waitFor("sendMessage", 902, "Net pay: 6,671.72")
	for _, c := range fake.Calls("sendMessage")[deadline-1:] {
		if c.Params["chat_id"] == "-5001" && strings.Contains(c.Params["text"], "6,671.72") {
			t.Errorf("a payslip was shown in the group: %q", c.Params["text"])
		}
	}

	// Approved is final: not redrafted, not changed even by SQL.
	if r := hrbot(t, vars, "", "payroll", "run", "--period", "2026-10"); r.code == 0 || !strings.Contains(r.stderr, "approved and cannot change") {
		t.Errorf("redraft of an approved run: %+v", r)
	}
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `UPDATE payroll_lines SET net = net + 1`); err == nil || !strings.Contains(err.Error(), "approved") {
		t.Errorf("SQL changed an approved run: %v", err)
	}
	// A correction goes into November instead.
	if r := hrbot(t, vars, "", "payroll", "adjust", "--period", "2026-10", "--person", "li", "--amount", "50", "--description", "late fix"); r.code == 0 {
		t.Errorf("an adjustment into an approved month: %+v", r)
	}
	if r := hrbot(t, vars, "", "payroll", "adjust", "--period", "2026-11", "--person", "li", "--amount", "150", "--description", "October overtime missed"); r.code != 0 {
		t.Fatalf("adjust: %+v", r)
	}

	out := t.TempDir()
	r := hrbot(t, vars, "", "payroll", "export", "--period", "2026-10", "--out", out)
	if r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	bank, err := os.ReadFile(filepath.Join(out, "bank-shop-2026-10.csv"))
	if err != nil || !strings.Contains(string(bank), "Li Ming,ICBC Hangzhou,6222 0212 3456 7890,6671.72,salary 2026-10") {
		t.Errorf("bank file: %q %v", bank, err)
	}
	if !strings.Contains(r.stderr, "mei") {
		t.Errorf("Mei has no account and is not named: %q", r.stderr)
	}
	// The transfer's reference is in the language asked for, as payroll
	// bank writes it.
	zh := t.TempDir()
	if r := hrbot(t, vars, "", "payroll", "export", "--period", "2026-10", "--out", zh, "--lang", "zh-CN"); r.code != 0 {
		t.Fatalf("export zh-CN: %+v", r)
	}
	if bank, err := os.ReadFile(filepath.Join(zh, "bank-shop-2026-10.csv")); err != nil || !strings.Contains(string(bank), ",6671.72,工资 2026-10") {
		t.Errorf("bank file in Chinese: %q %v", bank, err)
	}
	csvData, err := os.ReadFile(filepath.Join(out, "payroll-shop-2026-10.csv"))
	if err != nil || !strings.Contains(string(csvData), "li,Li Ming,8700.00,") || !strings.Contains(string(csvData), ",6671.72\n") {
		t.Errorf("payroll csv: %q %v", csvData, err)
	}
	x, err := excelize.OpenFile(filepath.Join(out, "payroll-shop-2026-10.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, err := x.GetCellValue("Payroll 2026-10", "A2"); err != nil || v != "li" {
		t.Errorf("xlsx A2 = %q %v", v, err)
	}
}

func queryRow(t *testing.T, url, sql string, dest ...any) error {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	return conn.QueryRow(context.Background(), sql).Scan(dest...)
}

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

func payrollCount(t *testing.T, url, sql string) int {
	t.Helper()
	var n int
	if err := queryRow(t, url, sql, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A pay-profile file's problems all come out at once — every row, every
// column, unknown people among them, with line numbers, in the org's
// language — and nothing is imported; a monthly row without a salary is
// one of them, not a profile that pays nothing.
func TestPayrollProfilesReportEveryProblem(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, payOrg)
	dir := t.TempDir()
	write := func(name, data string) string {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return file
	}
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
	dir := t.TempDir()
	write := func(name, data string) string {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return file
	}
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
