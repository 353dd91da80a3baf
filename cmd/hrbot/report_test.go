package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

const reportOrg = `
group: {key: fruit, name: Fruit Group}
orgs:
  - key: shop
    name: 鲜果小铺 Shop
    time_zone: UTC
    locale: en
    teams:
      - {key: cs, name: 客服组 Customer service}
    employees:
      - {key: gadmin, name: Grace Admin, role: admin, telegram: "951"}
      - {key: amy, name: Amy, team: cs, telegram: "952"}
  - key: branch
    name: 分店 Branch
    time_zone: UTC
    locale: en
    teams:
      - {key: cs, name: 客服组 Customer service}
    employees:
      - {key: bm, name: Bo Manager, role: manager, telegram: "953"}
      - {key: erin, name: Erin, team: cs, manager: bm, telegram: "954"}
`

// A group admin picks a report with buttons on Telegram and gets both
// shops side by side as a PNG chart with the summary as its caption, then
// the CSV and XLSX; a shop manager is refused the group view, an employee
// every report.
func TestReportsOnTelegram(t *testing.T) {
	t.Parallel()
	vars := applyOrg(t, pgtest.URL(t), reportOrg)
	// Amy was late today, so this month's chart has something to draw (a
	// chart of nothing but zeros is not sent).
	if _, err := pgxExec(vars["DATABASE_URL"], `INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in, late_minutes)
		SELECT org_id, id, (now() AT TIME ZONE 'UTC')::date, 'workday', now(), 12 FROM employees WHERE key = 'amy'`); err != nil {
		t.Fatal(err)
	}
	// On the console the chart is saved where --files says.
	files := t.TempDir()
	if r := hrbot(t, vars, "/report attendance month\n", "chat", "--as", "shop/gadmin", "--files", files); r.code != 0 || !strings.Contains(r.stdout, "saved to "+files) {
		t.Fatalf("console report: %+v", r)
	}
	pngs, _ := filepath.Glob(filepath.Join(files, "attendance-*.png"))
	if len(pngs) != 1 {
		t.Fatalf("files saved: %v", pngs)
	}
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}
	press := func(chat int64, c telegramtest.Call, data string) {
		t.Helper()
		id, _ := strconv.Atoi(c.Params["message_id"])
		h.post("s3cret", h.press(chat, id, data))
	}
	waitCall := func(method string, chat int64, want string) telegramtest.Call {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			for _, c := range fake.Calls(method) {
				if c.Params["chat_id"] == fmt.Sprint(chat) && strings.Contains(c.Params["caption"], want) {
					return c
				}
			}
		}
		t.Fatalf("no %s to %d with caption %q", method, chat, want)
		return telegramtest.Call{}
	}

	h.post("s3cret", h.message(952, "/report", nil))
	h.waitFor("sendMessage", 952, "managers")
	h.post("s3cret", h.message(953, "/report attendance month group", nil))
	h.waitFor("sendMessage", 953, "Only an admin of the group")

	h.post("s3cret", h.message(951, "/report", nil))
	menu := h.waitFor("sendMessage", 951, "Which report?")
	press(951, menu, button(t, menu, "report.kind|attendance"))
	periods := h.waitFor("editMessageText", 951, "which period?")
	press(951, periods, button(t, periods, "report.show|attendance|month|group"))
	photo := waitCall("sendPhoto", 951, "📊 Attendance")
	caption := photo.Params["caption"]
	for _, want := range []string{"分店 Branch · 鲜果小铺 Shop", "鲜果小铺 Shop 客服组 Customer service", "分店 Branch 客服组 Customer service", "Total"} {
		if !strings.Contains(caption, want) {
			t.Errorf("caption lacks %q:\n%s", want, caption)
		}
	}
	f, ok := photo.File()
	if !ok {
		t.Fatal("sendPhoto without a file")
	}
	img, err := png.Decode(bytes.NewReader(f.Data))
	if err != nil || img.Bounds().Dx() < 600 {
		t.Fatalf("chart: %v %v", img.Bounds(), err)
	}

	press(951, photo, button(t, photo, "report.files|"))
	for deadline := time.Now().Add(15 * time.Second); len(fake.Calls("sendDocument")) < 2; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("files not sent: %d documents", len(fake.Calls("sendDocument")))
		}
	}
	var names []string
	for _, c := range fake.Calls("sendDocument") {
		if df, ok := c.File(); ok {
			names = append(names, df.Name)
			if strings.HasSuffix(df.Name, ".csv") && (!strings.HasPrefix(string(df.Data), "\ufeffShop,Team,") ||
				!strings.Contains(string(df.Data), "分店 Branch,客服组 Customer service,1,") || !strings.Contains(string(df.Data), "鲜果小铺 Shop,No team,1,")) {
				t.Errorf("csv: %s", df.Data)
			}
		}
	}
	if len(names) != 2 || !strings.HasSuffix(names[0], ".csv") || !strings.HasSuffix(names[1], ".xlsx") {
		t.Errorf("documents %v", names)
	}
}

const oneShop = `
orgs:
  - key: solo
    name: 独店 Solo
    time_zone: Asia/Shanghai
    go_live: 2026-01-01
    employees:
      - {key: owner, name: Owner, role: admin, locale: en}
      - {key: li, name: 李雷, team: cs}
    teams:
      - {key: cs, name: 客服组}
`

// hrbot report needs no --org when there is one org, like hrbot payroll;
// with several it says which there are. Its CSV files start with a UTF-8
// byte order mark, so Excel on a Chinese Windows reads the names.
func TestReportCommandFindsTheOrg(t *testing.T) {
	t.Parallel()
	vars := applyOrg(t, pgtest.URL(t), oneShop)
	if _, err := pgxExec(vars["DATABASE_URL"], `INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in, late_minutes)
		SELECT org_id, id, '2026-10-12', 'workday', '2026-10-12 01:05Z', 5 FROM employees WHERE key = 'li'`); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	for _, kind := range []string{"attendance", "cover"} {
		r := hrbot(t, vars, "", "report", kind, "--month", "2026-10", "--out", out)
		if r.code != 0 {
			t.Fatalf("report %s without --org: %+v", kind, r)
		}
		csv := filepath.Join(out, kind+"-solo-2026-10.csv")
		if !strings.Contains(r.stdout, "wrote "+csv) {
			t.Errorf("report %s: %q", kind, r.stdout)
		}
		data, err := os.ReadFile(csv)
		if err != nil || !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
			t.Errorf("%s: %q %v", csv, data, err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(out, "attendance-solo-2026-10.csv")); !bytes.Contains(data, []byte("\nli,李雷,")) {
		t.Errorf("attendance csv: %q", data)
	}
	if r := hrbot(t, vars, "", "report", "attendance", "--org", "solo", "--month", "2026-10", "--out", out); r.code != 0 {
		t.Errorf("report with --org: %+v", r)
	}
	if r := hrbot(t, vars, "", "report", "attendance", "--org", "nosuch", "--out", out); r.code != 1 {
		t.Errorf("report of an org that is not there: %+v", r)
	}

	two := applyOrg(t, pgtest.URL(t), reportOrg)
	r := hrbot(t, two, "", "report", "attendance", "--month", "2026-10", "--out", t.TempDir())
	if r.code != 1 || !strings.Contains(r.stderr, "--org") || !strings.Contains(r.stderr, "branch") || !strings.Contains(r.stderr, "shop") {
		t.Errorf("report without --org in an install of two orgs: %+v", r)
	}
}

// Without a font for Chinese (HRBOT_FONT names a file that is not there),
// chat still answers a report — the numbers, a line that there is no chart
// this time, the files on request — and says nothing of fonts on its
// standard error; hrbot serve says it in one short line, once.
func TestReportsWithoutChartFont(t *testing.T) {
	t.Parallel()
	vars := applyOrg(t, pgtest.URL(t), oneShop)
	// 李雷 was late today: there is a chart to draw, if it could be.
	if _, err := pgxExec(vars["DATABASE_URL"], `INSERT INTO attendance_records (org_id, employee_id, work_date, day_kind, check_in, late_minutes)
		SELECT org_id, id, (now() AT TIME ZONE 'Asia/Shanghai')::date, 'workday', now(), 12 FROM employees WHERE key = 'li'`); err != nil {
		t.Fatal(err)
	}
	vars["HRBOT_FONT"] = filepath.Join(t.TempDir(), "no-such-font.ttc")
	files := t.TempDir()
	r := hrbot(t, vars, "/report attendance month\n1\n", "chat", "--as", "owner", "--files", files)
	if r.code != 0 {
		t.Fatalf("chat: %+v", r)
	}
	for _, want := range []string{"📊 Attendance", "• 客服组: people 1 · late 1 · min late 12", "• No team: people 1", "No chart this time", "[1] 📎 CSV + XLSX", ".csv", ".xlsx"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("chat lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, not := range []string{"font", "chart", "wqy"} {
		if strings.Contains(strings.ToLower(r.stderr), not) {
			t.Errorf("chat's standard error speaks of %s:\n%s", not, r.stderr)
		}
	}
	saved, _ := filepath.Glob(filepath.Join(files, "attendance-*"))
	if len(saved) != 2 {
		t.Errorf("files saved: %v", saved)
	}

	var log syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	vars["HRBOT_HTTP_ADDR"] = freeAddr(t)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, strings.NewReader(""), io.Discard, &log, func(k string) string { return vars[k] })
	}()
	eventually(t, "serve did not start", func() bool { return strings.Contains(log.String(), "hrbot serving") }, log.String)
	cancel()
	<-done
	var lines []string
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, "chart") || strings.Contains(l, "font") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || len(lines[0]) > 250 || !strings.Contains(lines[0], "HRBOT_FONT") || !strings.Contains(lines[0], "no-such-font.ttc") {
		t.Errorf("serve's word on charts, want one short line naming HRBOT_FONT:\n%s", strings.Join(lines, "\n"))
	}
}
