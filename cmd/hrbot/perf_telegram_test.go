package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

// perfTelegramOrg: Alice in customer service, reviewed on punctuality
// (from attendance) and CSAT (imported); Boss her manager; Helen HR.
// go_live and the schedule start at the month under review.
const perfTelegramOrg = `
orgs:
  - key: shop
    name: Telegram Shop
    time_zone: Asia/Shanghai
    go_live: %[1]s
    shifts:
      - {key: day, name: Day, start: "09:00", end: "18:00", break_minutes: 60}
    schedules:
      - key: week
        start: %[1]s
        weeks:
          - {mon: day, tue: day, wed: day, thu: day, fri: day}
    jobs:
      - key: customer-service
        name: {zh-CN: 客服, en: customer service}
        description:
          kpis:
            - {key: punctuality, name: {zh-CN: 准时上班, en: Punctuality}, measure: attendance.late_count, target: 2, weight: 50}
            - {key: csat, name: {zh-CN: 顾客满意度, en: CSAT}, measure: import, target: 4.8, weight: 50}
    performance:
      bands:
        - {band: A, min: 4.5, coefficient: 1.2, name: {zh-CN: 优秀, en: Excellent}}
        - {band: B, min: 3.5, coefficient: 1.0}
        - {band: C, min: 1, coefficient: 0.8}
      bonus: {base: 1000}
      pay_offset: 1
    employees:
      - {key: boss, name: Boss Wang, role: manager, job: customer-service, telegram: "501", locale: en}
      - {key: hr, name: Helen HR, role: hr, telegram: "503", locale: en}
      - {key: alice, name: Alice Li, job: customer-service, manager: boss, schedule: week, telegram: "502", locale: en, hire_date: 2025-01-01}
`

// Through hrbot serve with the real Telegram client against the fake Bot
// API: HR imports last month's CSAT (a bad row refused by its number)
// and opens the month's cycle; Alice's facts are computed from the
// attendance seeded for her (every working day checked in, two of them
// late) and her imported CSAT; she self-reviews with the buttons; Boss
// gets her card and reviews her; HR calibrates with a reason and
// publishes; Alice gets her result, band A, on Telegram; this month's
// payroll draft pays her its bonus, explained.
func TestPerformanceOnTelegram(t *testing.T) {
	t.Parallel()
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	url := pgtest.URL(t)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Now().In(loc)
	first := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, loc)
	month := first.Format("2006-01")
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(fmt.Sprintf(perfTelegramOrg, first.Format("2006-01-02"))), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"DATABASE_URL": url, "HRBOT_SCHEDULER_INTERVAL": "1s"}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	seedPerfMonth(t, url, first)
	csat := filepath.Join(t.TempDir(), "csat.csv")
	if err := os.WriteFile(csat, []byte("工号,指标,期间,数值\nalice,csat,"+month+",4.9\nboss,csat,"+month+",4.x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, vars, "", "perf", "import", "-f", csat, "--lang", "en"); r.code != 1 ||
		!strings.Contains(r.stderr, "csat.csv:3: 数值: “4.x” is not a number") || !strings.Contains(r.stdout, "1 numbers imported") {
		t.Fatalf("perf import: %+v", r)
	}
	pay := filepath.Join(t.TempDir(), "pay.csv")
	if err := os.WriteFile(pay, []byte("key,kind,salary,social_base\nalice,monthly,6000,6000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, vars, "", "payroll", "profiles", pay); r.code != 0 {
		t.Fatalf("profiles: %+v", r)
	}

	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}
	msg := 100
	press := func(chat int64, c telegramtest.Call, prefix string) {
		msg++
		h.post("s3cret", h.press(chat, msg, button(t, c, prefix)))
	}

	h.post("s3cret", h.message(503, "/cycle open monthly job customer-service", nil))
	press(503, h.waitFor("sendMessage", 503, "Open the monthly review "+month+" customer-service for job customer-service: 2 people"), "perf.open|")
	h.waitFor("editMessageText", 503, "Cycle "+month+" customer-service is open: 2 people")

	start := h.waitFor("sendMessage", 502, "Your self-review for "+month+" customer-service is open")
	press(502, start, "perf.s.start|")
	h.waitFor("sendMessage", 502, "Attendance: 2 days late, 0 days absent")
	item := h.waitFor("sendMessage", 502, "Fact: 2 days late — target ≤ 2 ✓")
	press(502, item, "perf.s.score|")
	press(502, h.waitFor("editMessageText", 502, "Punctuality: 1."), "perf.s.next|")
	item = h.waitFor("sendMessage", 502, "Fact: 4.9 — target ≥ 4.8 ✓")
	press(502, item, "perf.s.score|")
	press(502, h.waitFor("editMessageText", 502, "CSAT: 1."), "perf.s.next|")
	press(502, h.waitFor("sendMessage", 502, "All 2 scored."), "perf.s.next|")
	press(502, h.waitFor("sendMessage", 502, "Punctuality: 1"), "perf.s.submit|")
	h.waitFor("editMessageText", 502, "Self-review for "+month+" customer-service sent. Boss Wang reviews it next")

	card := h.waitFor("sendMessage", 501, "Please review Alice Li for "+month+" customer-service")
	press(501, card, "perf.m.start|")
	press(501, h.waitFor("sendMessage", 501, "Alice Li's self-score: 1"), "perf.m.score|")
	press(501, h.waitFor("editMessageText", 501, "Punctuality: 1."), "perf.m.next|")
	press(501, h.waitFor("sendMessage", 501, "CSAT · Weight: 50%"), "perf.m.score|")
	press(501, h.waitFor("editMessageText", 501, "CSAT: 1."), "perf.m.next|")
	press(501, h.waitFor("sendMessage", 501, "All 2 scored."), "perf.m.next|")
	press(501, h.waitFor("sendMessage", 501, "Weighted score: 1"), "perf.m.submit|")
	h.waitFor("editMessageText", 501, "Your review of Alice Li for "+month+" customer-service is sent: 1.")

	alice, boss := reviewIDOf(t, url, "alice"), reviewIDOf(t, url, "boss")
	h.post("s3cret", h.message(503, fmt.Sprintf("/calibrate %d 4.5 CSAT 4.9 and punctual: the manager pressed the first button", alice), nil))
	h.waitFor("sendMessage", 503, "Alice Li: 1 → 4.5, reason kept")
	h.post("s3cret", h.message(503, fmt.Sprintf("/calibrate %d 3 reviewed with the owner", boss), nil))
	h.waitFor("sendMessage", 503, "Boss Wang: – → 3")
	h.post("s3cret", h.message(503, fmt.Sprintf("/cycle %d", cycleIDOf(t, url)), nil))
	press(503, h.waitFor("sendMessage", 503, "Distribution by job"), "perf.publish|")
	h.waitFor("editMessageText", 503, month+" customer-service is published: 2 people")
	h.waitFor("sendMessage", 502, "Your result for "+month+" customer-service: 4.5 — A.")

	this := now.Format("2006-01")
	if r := hrbot(t, vars, "", "payroll", "run", "--period", this); r.code != 0 {
		t.Fatalf("payroll run: %+v", r)
	}
	show := hrbot(t, vars, "", "payroll", "show", "--period", this, "--person", "alice", "--lang", "en")
	if !strings.Contains(show.stdout, "Performance bonus ("+month+" customer-service): 1,200.00 (band A: performance pay 1000.00 × coefficient 1.2)") {
		t.Fatalf("no bonus line in the draft: %+v", show)
	}
}

// seedPerfMonth checks Alice in on every working day of the month from
// first, 09:00–18:00, late by 10 minutes on the first two.
func seedPerfMonth(t *testing.T, url string, first time.Time) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	from, to := first.Format("2006-01-02"), first.AddDate(0, 1, -1).Format("2006-01-02")
	for _, sql := range []string{
		`INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, planned_start, planned_end, break_minutes, check_in, check_out, worked_minutes)
		 SELECT e.org_id, e.id, d::date, 'workday', (d + time '09:00') AT TIME ZONE 'Asia/Shanghai', (d + time '18:00') AT TIME ZONE 'Asia/Shanghai', 60,
		        (d + time '09:00') AT TIME ZONE 'Asia/Shanghai', (d + time '18:00') AT TIME ZONE 'Asia/Shanghai', 480
		 FROM employees e CROSS JOIN generate_series($1::date::timestamp, $2::date::timestamp, interval '1 day') d
		 WHERE e.key = 'alice' AND extract(isodow FROM d) < 6`,
		`UPDATE attendance_records r SET late_minutes = 10, check_in = check_in + interval '10 minutes'
		 FROM employees e WHERE e.id = r.employee_id AND e.key = 'alice'
		   AND r.work_date IN (SELECT work_date FROM attendance_records WHERE employee_id = e.id ORDER BY work_date LIMIT 2)`,
	} {
		args := []any{from, to}
		if !strings.Contains(sql, "$1") {
			args = nil
		}
		if _, err := conn.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("seed: %v\n%s", err, sql)
		}
	}
}

func reviewIDOf(t *testing.T, url, person string) int64 {
	t.Helper()
	return queryID(t, url, `SELECT r.id FROM perf_reviews r JOIN employees e ON e.id = r.employee_id WHERE e.key = $1`, person)
}

func cycleIDOf(t *testing.T, url string) int64 {
	t.Helper()
	return queryID(t, url, `SELECT max(id) FROM perf_cycles`)
}

func queryID(t *testing.T, url, sql string, args ...any) int64 {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var id int64
	if err := conn.QueryRow(ctx, sql, args...).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
