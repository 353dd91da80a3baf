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

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

// coverOrg has Amy on customer-service evenings, and two finance people
// on flexible hours (no planned shifts) who can also answer customers.
const coverOrg = `
orgs:
  - key: shop
    name: Cover Shop
    time_zone: UTC
    attendance:
      checkin_open_minutes: 720
    shifts:
      - {key: cs-eve, name: CS evening, start: "18:00", end: "23:00", job: customer-service}
    schedules:
      - key: evenings
        start: 2026-01-05
        holidays: work
        weeks:
          - {mon: cs-eve, tue: cs-eve, wed: cs-eve, thu: cs-eve, fri: cs-eve, sat: cs-eve, sun: cs-eve}
      - key: flexible
        start: 2026-01-05
        weeks:
          - {mon: off, tue: off, wed: off, thu: off, fri: off, sat: off, sun: off}
    cover:
      weekly_cap_hours: 20
      rest_hours: 0
    leave_types:
      - {key: annual, name: Annual, aliases: [年假], unit: half_day, accrual: fixed, entitlement_days: 10}
    employees:
      - {key: boss, name: Boss Wang, role: manager, locale: en, %s: "%s"}
      - {key: amy, name: Amy Li, job: customer-service, schedule: evenings, manager: boss, locale: en, hire_date: 2015-01-01, %s: "%s"}
      - {key: li, name: Li Ming, job: finance, skills: [customer-service:1], schedule: flexible, manager: boss, locale: en, %s: "%s"}
      - {key: zoe, name: Zoe Zhou, job: finance, skills: [customer-service:1], schedule: flexible, manager: boss, locale: en, %s: "%s"}
      - {key: max, name: Max Ma, job: finance, schedule: flexible, manager: boss, locale: en, %s: "%s"}
`

func coverOrgFor(t *testing.T, platform string, ids ...string) string {
	t.Helper()
	args := make([]any, 0, 2*len(ids))
	for _, id := range ids {
		args = append(args, platform, id)
	}
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(fmt.Sprintf(coverOrg, args...)), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// Approved leave opens a cover request; the qualified and free are
// offered it; the first accept wins and the other offer is edited; the
// manager is told.
func TestCoverFromLeaveOnSlack(t *testing.T) {
	t.Parallel()
	const boss, amy, li, zoe, max = "U0BOSS01", "U0AMY001", "U0LI0001", "U0ZOE001", "U0MAX001"
	fake := slackfake.New("xoxb-cover", "")
	defer fake.Close()
	dbURL := pgtest.URL(t)
	vars := map[string]string{"DATABASE_URL": dbURL}
	if r := hrbot(t, vars, "", "apply", "-f", coverOrgFor(t, "slack", boss, amy, li, zoe, max)); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	vars["HRBOT_SLACK_BOT_TOKEN"], vars["HRBOT_SLACK_SIGNING_SECRET"], vars["HRBOT_SLACK_API_URL"] = "xoxb-cover", slackSecret, fake.URL()
	vars["HRBOT_SCHEDULER_INTERVAL"] = "1s"
	h := &slackHarness{t: t, fake: fake, base: startServe(t, vars)}
	dm := slackfake.DMChannel

	// Amy takes tomorrow off; the boss approves.
	h.command(amy, "leave annual tomorrow family")
	h.press(amy, h.waitFor("response_url", "", "Annual"), "leave.submit", true)
	h.press(boss, h.waitFor("chat.postMessage", dm(boss), "Amy Li asks for Annual"), "leave.approve", false)
	h.waitFor("chat.update", dm(boss), "Approved: Amy Li")

	// Her evening shift is offered to Li and Zoe (Max lacks the skill).
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format("01-02")
	offerLi := h.waitFor("chat.postMessage", dm(li), "Can you cover customer service · "+tomorrow)
	offerZoe := h.waitFor("chat.postMessage", dm(zoe), "Can you cover customer service · "+tomorrow)
	if !strings.Contains(offerLi.Text, "18:00–23:00") {
		t.Errorf("offer %q", offerLi.Text)
	}
	// Li accepts first.
	h.press(li, offerLi, "cover.accept", false)
	if u := h.waitFor("chat.update", dm(li), "It's yours"); u.TS != offerLi.TS || len(u.Buttons()) != 0 {
		t.Errorf("Li's offer became %+v", u)
	}
	// Zoe's offer is edited to say so; the boss is told.
	if u := h.waitFor("chat.update", dm(zoe), "was taken by Li Ming"); u.TS != offerZoe.TS || len(u.Buttons()) != 0 {
		t.Errorf("Zoe's offer became %+v", u)
	}
	h.waitFor("chat.postMessage", dm(boss), "Li Ming will cover customer service")
	for _, c := range fake.Calls("chat.postMessage") {
		if c.Channel == dm(max) {
			t.Errorf("Max was offered cover he is not qualified for: %q", c.Text)
		}
	}
	// The boss asks why Max was not asked.
	h.command(boss, "cover why 1 max")
	h.waitFor("response_url", "", "needs customer-service level 1, has 0")

	// Amy cancels her leave after all: nobody needs to cover her, and Li's
	// and Zoe's messages say so.
	before := len(fake.Calls("response_url"))
	h.command(amy, "myleave")
	h.next("response_url", before) // "Your upcoming leave:"
	h.press(amy, h.next("response_url", before+1), "leave.cancel", true)
	h.waitFor("chat.update", dm(li), "is no longer needed")
	h.waitFor("chat.update", dm(zoe), "is no longer needed")
}

// A manager asks for cover now; the person who takes it checks in and
// out, and the manager rates them with the buttons and a comment.
func TestCoverCheckInAndRatingOnTelegram(t *testing.T) {
	t.Parallel()
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	dbURL := pgtest.URL(t)
	vars := map[string]string{"DATABASE_URL": dbURL}
	if r := hrbot(t, vars, "", "apply", "-f", coverOrgFor(t, "telegram", "601", "602", "603", "604", "605")); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	vars["HRBOT_SCHEDULER_INTERVAL"] = "1s"
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}

	from := time.Now().UTC().Truncate(time.Minute)
	h.post("s3cret", h.message(601, fmt.Sprintf("/cover customer-service today %s-%s 1 rush hour",
		from.Format("15:04"), from.Add(30*time.Minute).Format("15:04")), nil))
	// Amy too when it is not her evening shift; never Max, who lacks the skill.
	opened := h.waitFor("sendMessage", 601, "Offered to")
	if !strings.Contains(opened.Params["text"], "Li Ming") || !strings.Contains(opened.Params["text"], "Zoe Zhou") || strings.Contains(opened.Params["text"], "Max") {
		t.Errorf("opened: %q", opened.Params["text"])
	}

	offer := h.waitFor("sendMessage", 603, "Can you cover customer service")
	h.waitFor("sendMessage", 604, "Can you cover customer service")
	msgID := 0
	fmt.Sscan(offer.Params["message_id"], &msgID)
	h.post("s3cret", h.press(603, msgID, button(t, offer, "cover.accept|")))
	h.waitFor("editMessageText", 603, "It's yours")
	h.waitFor("editMessageText", 604, "was taken by Li Ming")

	// Li works the cover: checks in and out.
	h.post("s3cret", h.message(603, "/checkin", nil))
	h.waitFor("sendMessage", 603, "on time for your cover (customer service) "+from.Format("15:04"))
	h.post("s3cret", h.message(603, "/checkout", nil))
	h.waitFor("sendMessage", 603, "Checked out")

	// The boss is asked to rate, presses 4 and adds a comment.
	ask := h.waitFor("sendMessage", 601, "How did Li Ming do covering customer service")
	fmt.Sscan(ask.Params["message_id"], &msgID)
	h.post("s3cret", h.press(601, msgID, "cover.rate|"+rateValue(t, ask, "4⭐")))
	h.waitFor("editMessageText", 601, "Rated 4/5 for Li Ming")
	h.post("s3cret", h.message(601, "quick and friendly", nil))
	h.waitFor("sendMessage", 601, "Thanks, noted.")

	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var rating int
	var comment string
	if err := conn.QueryRow(context.Background(), `SELECT rating, rating_comment FROM cover_assignments`).Scan(&rating, &comment); err != nil ||
		rating != 4 || comment != "quick and friendly" {
		t.Errorf("recorded rating %d %q, %v", rating, comment, err)
	}
	h.post("s3cret", h.message(601, "/cover report", nil))
	h.waitFor("sendMessage", 601, "Li Ming: 1× · 0.5 h planned")

	// The same report as files, for payroll and the owner.
	dir := t.TempDir()
	r := hrbot(t, map[string]string{"DATABASE_URL": dbURL}, "", "report", "cover", "--org", "shop", "--month", from.Format("2006-01"), "--out", dir)
	if r.code != 0 {
		t.Fatalf("report cover: %+v", r)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "cover-shop-"+from.Format("2006-01")+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"li,Li Ming,finance,1,30,", ",4.0,1\n", "customer-service,"} {
		if !strings.Contains(string(csv), want) {
			t.Errorf("cover CSV lacks %q:\n%s", want, csv)
		}
	}
}

// rateValue finds the callback data of the rating button labelled label.
func rateValue(t *testing.T, c telegramtest.Call, label string) string {
	t.Helper()
	for _, row := range telegramtest.Keyboard(c) {
		for _, b := range row {
			if l, data, _ := strings.Cut(b, "="); l == label {
				return strings.TrimPrefix(data, "cover.rate|")
			}
		}
	}
	t.Fatalf("no %q button in %v", label, telegramtest.Keyboard(c))
	return ""
}

// reachOrg: HR asks for cover; Li and Zoe are on Telegram, Dee has no chat
// account. Nobody has planned shifts, so everyone is free.
const reachOrg = `
orgs:
  - key: shop
    name: Reach Shop
    time_zone: Asia/Shanghai
    jobs:
      - {key: customer-service, name: {zh-CN: 客服, en: customer service}, aliases: [cs]}
    schedules:
      - key: flexible
        start: 2026-01-05
        weeks:
          - {mon: off, tue: off, wed: off, thu: off, fri: off, sat: off, sun: off}
    cover:
      rest_hours: 0
    employees:
      - {key: zhao, name: 赵敏, role: hr, schedule: flexible, telegram: "701"}
      - {key: li, name: Li Ming, job: customer-service, schedule: flexible, locale: en, telegram: "703"}
      - {key: zoe, name: Zoe Zhou, job: customer-service, schedule: flexible, locale: en, telegram: "704"}
      - {key: dee, name: Dee Xu, job: customer-service, schedule: flexible, locale: en}
`

// HR asks for cover on the console — a process with no Telegram token —
// naming the job in Chinese, while `hrbot serve` runs Telegram: the offers
// are queued on the console and sent by serve. The answer names who no
// chat reaches (Dee, no account) with an invite button that makes Dee's
// code; Zoe, who blocked the bot, is reported to HR on Telegram when the
// send is refused.
func TestCoverFromTheConsoleIsSentByServe(t *testing.T) {
	t.Parallel()
	fake := telegramtest.New("123:REACH")
	defer fake.Close()
	fake.Block(704)
	dbURL := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(file, []byte(reachOrg), 0o644); err != nil {
		t.Fatal(err)
	}
	console := map[string]string{"DATABASE_URL": dbURL}
	if r := hrbot(t, console, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	vars := map[string]string{"DATABASE_URL": dbURL, "HRBOT_TELEGRAM_TOKEN": "123:REACH", "HRBOT_TELEGRAM_API_URL": fake.URL,
		"HRBOT_TELEGRAM_WEBHOOK_SECRET": "s3cret", "HRBOT_SCHEDULER_INTERVAL": "1s"}
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}

	r := hrbot(t, console, "求支援 客服 明天 10:00-12:00\n1\n", "chat", "--as", "zhao")
	if r.code != 0 {
		t.Fatalf("chat: %+v", r)
	}
	for _, want := range []string{"支援单 #1：客服", "已邀请 3 人", "Dee Xu：没有绑定聊天账号", "[1] 邀请 Dee Xu", "Dee Xu 的邀请码："} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("console lacks %q:\n%s", want, r.stdout)
		}
	}
	h.waitFor("sendMessage", 703, "Can you cover customer service")
	h.waitFor("sendMessage", 701, "没有送达 Zoe Zhou：屏蔽了机器人")

	// A broadcast to the job by its Chinese name: the preview names Dee and
	// Zoe too; a job the shop does not have is refused, listing its jobs.
	// Cover for it by its English name, in two words; for one it does not
	// have, refused.
	r = hrbot(t, console, "/broadcast job:客服 明天十点开会\n/broadcast job:保洁 明天十点开会\n"+
		"/cover customer service 后天 10:00-12:00\n/cover 保洁 后天 10:00-12:00\n", "chat", "--as", "zhao")
	for _, want := range []string{"发给 1 人（job:customer-service）", "Zoe Zhou：屏蔽了机器人", "Dee Xu：没有绑定聊天账号", "[2] 邀请 Dee Xu",
		"不认识岗位“保洁”。本店的岗位：客服 (customer-service)。", "支援单 #2：客服 · "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("console lacks %q:\n%s", want, r.stdout)
		}
	}
	if n := strings.Count(r.stdout, "不认识岗位“保洁”"); n != 2 {
		t.Errorf("the unknown job refused %d times, want for the broadcast and the cover:\n%s", n, r.stdout)
	}
}
