package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/xuri/excelize/v2"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

// The payroll commands' tests, by topic: a month end to end here (with
// the shop, profiles and October the other payroll_*_test.go files
// share), a new install's first run in payroll_firstrun_test.go, files and
// arguments with problems in payroll_problems_test.go, the tax calculator
// and China's tax rules in payroll_tax_test.go.

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
	for amount, want := range map[string]string{"0": "changes nothing", "1e30": "more than hrbot keeps", "lots": "not an amount"} {
		if r := hrbot(t, vars, "", "payroll", "adjust", "--period", "2026-11", "--person", "li", "--amount", amount, "--description", "x"); r.code == 0 ||
			!strings.Contains(r.stderr, want) {
			t.Errorf("an adjustment of %s: %+v", amount, r)
		}
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

// queryRow reads one row of a query on the database at url.
// fileWriter writes files of a test into a directory of its own and
// returns their paths.
func fileWriter(t *testing.T) func(name, data string) string {
	dir := t.TempDir()
	return func(name, data string) string {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return file
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

// payrollCount is the count a query returns.
func payrollCount(t *testing.T, url, sql string) int {
	t.Helper()
	var n int
	if err := queryRow(t, url, sql, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
