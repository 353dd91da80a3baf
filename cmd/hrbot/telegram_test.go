package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

const telegramOrg = `
orgs:
  - key: shop
    name: Telegram Shop
    time_zone: Asia/Shanghai
    attendance:
      checkin_open_minutes: 720
      geofence: flag
    sites:
      - {key: hq, name: HQ, lat: 30.2741, lon: 120.1551, radius_m: 300}
    shifts:
      - {key: allday, name: All day, start: "00:00", end: "23:59"}
    schedules:
      - key: always
        start: 2026-01-05
        holidays: work
        weeks:
          - {mon: allday, tue: allday, wed: allday, thu: allday, fri: allday, sat: allday, sun: allday}
    leave_types:
      - {key: annual, name: Annual, aliases: [年假], unit: half_day, accrual: fixed, entitlement_days: 10}
    employees:
      - {key: boss, name: Boss Wang, role: manager, telegram: "501", locale: en}
      - {key: hr, name: Helen HR, role: hr, locale: en}
      - {key: amy, name: Amy Li, manager: boss, schedule: always, hire_date: 2015-01-01}
`

type tgHarness struct {
	t       *testing.T
	fake    *telegramtest.Server
	base    string
	secret  string
	nextUpd int64
}

func (h *tgHarness) post(secret string, update map[string]any) int {
	h.t.Helper()
	status, _, err := h.fake.Deliver(h.base+"/telegram/webhook", secret, update)
	if err != nil {
		h.t.Fatal(err)
	}
	return status
}

// postRaw posts an update as Telegram would and returns the status and
// the webhook's answer, without making the call it carries: Telegram
// never got it.
func (h *tgHarness) postRaw(secret string, update map[string]any) (int, string) {
	h.t.Helper()
	body, _ := json.Marshal(update)
	req, _ := http.NewRequest(http.MethodPost, h.base+"/telegram/webhook", bytes.NewReader(body))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(bytes.TrimSpace(answer))
}

// countSent counts the messages sent to chat whose text is or contains text.
func countSent(fake *telegramtest.Server, chat int64, text string) int {
	n := 0
	for _, c := range fake.Calls("sendMessage") {
		if c.Params["chat_id"] == strconv.FormatInt(chat, 10) && strings.Contains(c.Params["text"], text) {
			n++
		}
	}
	return n
}

func (h *tgHarness) message(from int64, text string, extra map[string]any) map[string]any {
	h.nextUpd++
	msg := map[string]any{"message_id": h.nextUpd, "date": time.Now().Unix(), "text": text,
		"from": map[string]any{"id": from, "is_bot": false, "first_name": "P", "language_code": "en"},
		"chat": map[string]any{"id": from, "type": "private"}}
	for k, v := range extra {
		msg[k] = v
	}
	return map[string]any{"update_id": h.nextUpd, "message": msg}
}

func (h *tgHarness) press(from int64, msgID int, data string) map[string]any {
	h.nextUpd++
	return map[string]any{"update_id": h.nextUpd, "callback_query": map[string]any{
		"id": fmt.Sprint("cb", h.nextUpd), "data": data, "chat_instance": "x",
		"from":    map[string]any{"id": from, "is_bot": false, "first_name": "P", "language_code": "en"},
		"message": map[string]any{"message_id": msgID, "date": time.Now().Unix(), "chat": map[string]any{"id": from, "type": "private"}},
	}}
}

// waitFor waits for a call of method to chat whose text contains want.
func (h *tgHarness) waitFor(method string, chat int64, want string) telegramtest.Call {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		for _, c := range h.fake.Calls(method) {
			if c.Params["chat_id"] == fmt.Sprint(chat) && strings.Contains(c.Params["text"], want) {
				return c
			}
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, c := range h.fake.Calls("") {
				seen = append(seen, c.Method+" "+c.Params["chat_id"]+": "+c.Params["text"])
			}
			h.t.Fatalf("no %s to %d containing %q; calls:\n%s", method, chat, want, strings.Join(seen, "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func button(t *testing.T, c telegramtest.Call, prefix string) string {
	t.Helper()
	for _, row := range telegramtest.Keyboard(c) {
		for _, b := range row {
			if _, data, _ := strings.Cut(b, "="); strings.HasPrefix(data, prefix) {
				return data
			}
		}
	}
	t.Fatalf("no %s button in %v", prefix, telegramtest.Keyboard(c))
	return ""
}

func TestTelegramEndToEnd(t *testing.T) {
	t.Parallel()
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	url := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	os.WriteFile(file, []byte(telegramOrg), 0o644)
	vars := map[string]string{"DATABASE_URL": url}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	r := hrbot(t, vars, "/invite amy\n", "chat", "--as", "hr")
	code := regexp.MustCompile(`/start ([A-Z0-9]{10})`).FindStringSubmatch(r.stdout)
	if code == nil {
		t.Fatalf("no invite code: %+v", r)
	}
	if !strings.Contains(r.stdout, "https://t.me/") {
		// The console has no Telegram username; serve's bot does (see below).
		t.Log("console invite has no t.me link, as expected")
	}

	vars = map[string]string{"DATABASE_URL": url, "HRBOT_TELEGRAM_TOKEN": "123:ABC",
		"HRBOT_TELEGRAM_API_URL": fake.URL, "HRBOT_TELEGRAM_WEBHOOK_SECRET": "s3cret"}
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}

	// A forged or missing secret is refused and nothing is processed.
	if got := h.post("wrong", h.message(502, "/start "+code[1], nil)); got != http.StatusUnauthorized {
		t.Errorf("forged secret: %d", got)
	}
	if got := h.post("", h.message(502, "/whoami", nil)); got != http.StatusUnauthorized {
		t.Errorf("no secret: %d", got)
	}
	// Amy links her account with the invite code.
	if got := h.post("s3cret", h.message(502, "/start "+code[1], nil)); got != http.StatusOK {
		t.Fatalf("link: %d", got)
	}
	h.waitFor("sendMessage", 502, "Amy Li")
	if n := len(fake.Calls("sendMessage")); n != 1 {
		t.Errorf("%d messages after the forged updates and the link, want 1", n)
	}

	// She checks in by sharing her location.
	loc := map[string]any{"location": map[string]any{"latitude": 30.2742, "longitude": 120.1552}}
	if got := h.post("s3cret", h.message(502, "", loc)); got != http.StatusOK {
		t.Fatalf("location: %d", got)
	}
	h.waitFor("sendMessage", 502, "上班打卡")

	// She asks for leave; the preview comes with a Submit button. Our
	// answer to Telegram is lost, so Telegram delivers the update again:
	// nothing runs twice and she gets the preview once, whether it went on
	// the webhook's answer (lost, so given again) or through the delivery
	// queue (sent whatever became of the answer).
	leaveUpdate := h.message(502, "/leave annual tomorrow family", nil)
	if status, _ := h.postRaw("s3cret", leaveUpdate); status != http.StatusOK {
		t.Fatalf("leave: %d", status)
	}
	h.post("s3cret", leaveUpdate)
	preview := h.waitFor("sendMessage", 502, "Annual")
	submit := button(t, preview, "leave.submit|")
	time.Sleep(300 * time.Millisecond)
	if n := countSent(fake, 502, preview.Params["text"]); n != 1 {
		t.Errorf("the preview was sent %d times, want once", n)
	}
	h.post("s3cret", h.press(502, 7001, submit))
	h.waitFor("editMessageText", 502, "已提交")
	if n := len(fake.Calls("answerCallbackQuery")); n != 1 {
		t.Errorf("%d callback answers, want 1", n)
	}

	// The manager is sent the request with Approve / Reject and approves.
	request := h.waitFor("sendMessage", 501, "Amy Li asks for Annual")
	approve := button(t, request, "leave.approve|")
	// Telegram answers 429 twice: what follows the press (Amy's notice,
	// sent by the delivery queue) still arrives, once.
	fake.Fail429(2)
	h.post("s3cret", h.press(501, 7002, approve))
	h.waitFor("editMessageText", 501, "Approved: Amy Li")
	// Amy is told.
	h.waitFor("sendMessage", 502, "批准了你")
	if n := countSent(fake, 502, "批准了你"); n != 1 {
		t.Errorf("Amy was told %d times, want once", n)
	}

	// A second press is answered with a notice and edits nothing.
	edits := len(fake.Calls("editMessageText"))
	h.post("s3cret", h.press(501, 7002, approve))
	answers := fake.Calls("answerCallbackQuery")
	if last := answers[len(answers)-1]; !strings.Contains(last.Params["text"], "Already approved by Boss Wang") {
		t.Errorf("second press answered %q", last.Params["text"])
	}
	if len(fake.Calls("editMessageText")) != edits {
		t.Error("a refused press edited the message")
	}

	h.post("s3cret", h.message(501, "/whoami", nil))
	h.waitFor("sendMessage", 501, "You are Boss Wang")

	// Amy blocks the bot; HR broadcasts from the console (pressing Send,
	// button 1). The boss gets it; Amy's delivery fails and is listed
	// with the reason, and /metrics counts both.
	fake.Block(502)
	chatVars := map[string]string{"DATABASE_URL": url, "HRBOT_TELEGRAM_TOKEN": "123:ABC", "HRBOT_TELEGRAM_WEBHOOK_SECRET": "s3cret"}
	r = hrbot(t, chatVars, "/broadcast everyone Stock-take on Friday\n1\n", "chat", "--as", "hr")
	if !strings.Contains(r.stdout, "Preview — to 2 people (everyone)") || !strings.Contains(r.stdout, "Sending to 2 people") {
		t.Fatalf("console broadcast: %+v", r)
	}
	h.waitFor("sendMessage", 501, "📣 Helen HR:\nStock-take on Friday")
	var failed result
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		failed = hrbot(t, vars, "", "deliveries", "--failed")
		if strings.Contains(failed.stdout, "amy") || time.Now().After(deadline) {
			break
		}
	}
	if failed.code != 0 || !strings.Contains(failed.stdout, "shop") || !strings.Contains(failed.stdout, "bot was blocked by the user") {
		t.Errorf("deliveries --failed: %+v", failed)
	}
	resp, err := http.Get(h.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`hrbot_deliveries_total{outcome="sent",platform="telegram"}`, `hrbot_deliveries_total{outcome="failed",platform="telegram"} 1`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
