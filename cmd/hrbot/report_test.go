package main

import (
	"bytes"
	"fmt"
	"image/png"
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
			if strings.HasSuffix(df.Name, ".csv") && !strings.Contains(string(df.Data), "分店 Branch,客服组 Customer service,1,") {
				t.Errorf("csv: %s", df.Data)
			}
		}
	}
	if len(names) != 2 || !strings.HasSuffix(names[0], ".csv") || !strings.HasSuffix(names[1], ".xlsx") {
		t.Errorf("documents %v", names)
	}
}
