package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

// recruitingTelegramOrg: Boss hires customer service from Telegram; the
// one screening question knocks out a "no" to evenings.
const recruitingTelegramOrg = `
orgs:
  - key: shop
    name: Telegram Shop
    time_zone: Asia/Shanghai
    employees:
      - {key: boss, name: Boss Wang, role: manager, job: customer-service, telegram: "501", locale: en}
      - {key: hr, name: Helen HR, role: hr, locale: en}
    recruiting:
      questions:
        customer-service:
          - {key: evenings, text: {zh-CN: 能接受晚班吗？, en: "Can you work evening shifts?"}, kind: yesno, knock_out: "no", score: 10}
`

// Through hrbot serve with the real Telegram client against the fake Bot
// API: a candidate in Chinese opens the apply link, agrees, is knocked
// out on their answer; another, in English, applies to the end; Boss gets
// the card on Telegram and advances them with its button; the candidate
// is told on Telegram.
func TestCandidateOnTelegram(t *testing.T) {
	t.Parallel()
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	url := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(recruitingTelegramOrg), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"DATABASE_URL": url, "HRBOT_ENCRYPTION_KEY": strings.Repeat("ab", 32)}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	r := hrbot(t, vars, "/hire customer-service\n", "chat", "--as", "boss")
	code := regexp.MustCompile(`/start apply-([a-z0-9]+)`).FindStringSubmatch(r.stdout)
	if code == nil {
		t.Fatalf("no apply link: %+v", r)
	}
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}
	zh := map[string]any{"from": map[string]any{"id": 9001, "is_bot": false, "first_name": "芳", "language_code": "zh-hans"}}

	h.post("s3cret", h.message(9001, "/start apply-"+code[1], zh))
	welcome := h.waitFor("sendMessage", 9001, "感谢你关注")
	h.post("s3cret", h.press(9001, 1, button(t, welcome, "recruit.consent|")))
	q := h.waitFor("sendMessage", 9001, "能接受晚班吗？")
	h.post("s3cret", h.press(9001, 2, button(t, q, "recruit.answer|evenings:no")))
	h.waitFor("sendMessage", 9001, "这次无法继续你的申请")

	h.post("s3cret", h.message(9002, "/start apply-"+code[1], nil))
	welcome = h.waitFor("sendMessage", 9002, "Thank you for your interest")
	h.post("s3cret", h.press(9002, 3, button(t, welcome, "recruit.consent|")))
	q = h.waitFor("sendMessage", 9002, "Can you work evening shifts?")
	h.post("s3cret", h.press(9002, 4, button(t, q, "recruit.answer|evenings:yes")))
	cv := h.waitFor("sendMessage", 9002, "send your CV")
	h.post("s3cret", h.press(9002, 5, button(t, cv, "recruit.nocv|")))
	h.waitFor("sendMessage", 9002, "your name and a phone number")
	h.post("s3cret", h.message(9002, "Bo Wang 13800138000", nil))
	h.waitFor("sendMessage", 9002, "is sent")

	card := h.waitFor("sendMessage", 501, "Bo Wang — customer service (applied) · score 10")
	if strings.Contains(card.Params["text"], "芳") {
		t.Errorf("the knocked-out candidate reached the manager: %q", card.Params["text"])
	}
	h.post("s3cret", h.press(501, 6, button(t, card, "recruit.advance|")))
	h.waitFor("editMessageText", 501, "Bo Wang moved to screened")
	h.waitFor("sendMessage", 9002, "Good news: your application for customer service passed the first look.")
}

// On the console: a candidate applies with `chat --candidate`, the
// manager moves them on with `chat --as`, and the candidate's next
// session shows where it stands and the message waiting for them.
func TestCandidateOnTheConsole(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": pgtest.URL(t), "HRBOT_ENCRYPTION_KEY": strings.Repeat("ab", 32)}
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(recruitingTelegramOrg), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	r := hrbot(t, vars, "/hire customer-service\n", "chat", "--as", "boss")
	code := regexp.MustCompile(`/start apply-([a-z0-9]+)`).FindStringSubmatch(r.stdout)
	if code == nil {
		t.Fatalf("no apply link: %+v", r)
	}
	r = hrbot(t, vars, "/start apply-"+code[1]+"\n1\n是\n没有\n李娜 139 1234 5678\n", "chat", "--candidate", "李娜", "--lang", "zh-CN")
	if r.code != 0 || !strings.Contains(r.stdout, "申请已提交") {
		t.Fatalf("apply on the console: %+v", r)
	}
	r = hrbot(t, vars, "/candidates 1\n1\n", "chat", "--as", "boss")
	if !strings.Contains(r.stdout, "李娜 moved to screened") {
		t.Fatalf("advance: %+v", r)
	}
	r = hrbot(t, vars, "你好\n", "chat", "--candidate", "李娜")
	if !strings.Contains(r.stdout, "你的客服岗位申请：已初筛") && !strings.Contains(r.stdout, "申请：已初筛") {
		t.Errorf("the candidate's status: %+v", r)
	}
	if !strings.Contains(r.stdout, "好消息：你的") {
		t.Errorf("the message waiting for the candidate: %+v", r)
	}
}
