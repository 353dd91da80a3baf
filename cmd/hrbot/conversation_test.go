package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

// The conversations below run on every adapter: console, Telegram, Slack
// and WeCom. A feature added to the bot gets a case here and is checked on
// all of them at once.

// step is one thing a person does or sees: "say" sends text, "press"
// presses the button with that label on the newest message that has one,
// "see" waits for a message (after the last one they saw) containing it.
type step struct{ who, do, arg string }

var conversations = []struct {
	name  string
	steps []step
}{
	{"who am I, in each one's language", []step{
		{"boss", "say", "whoami"}, {"boss", "see", "You are Boss Wang"},
		{"amy", "say", "我是谁"}, {"amy", "see", "你是 Amy Li"},
	}},
	{"unknown command", []step{
		{"amy", "say", "/frobnicate"}, {"amy", "see", "/frobnicate"},
	}},
	{"check in, then the month so far", []step{
		{"amy", "say", "签到"}, {"amy", "see", "上班打卡"},
		{"amy", "say", "me"}, {"amy", "see", "考勤"},
	}},
	{"leave asked, submitted, approved, told", []step{
		{"amy", "say", "/leave annual tomorrow family"}, {"amy", "see", "Annual"},
		{"amy", "press", "提交"}, {"amy", "see", "已提交"},
		{"boss", "see", "Amy Li asks for Annual"},
		{"boss", "press", "Approve"}, {"boss", "see", "Approved: Amy Li"},
		{"amy", "see", "批准了你"},
		{"amy", "say", "balance"}, {"amy", "see", "9"},
	}},
	{"policy questions answered from the handbook, unknown ones go to HR", []step{
		{"amy", "say", "病假需要开证明吗"}, {"amy", "see", "病假条"},
		{"amy", "press", "👍"}, {"amy", "see", "谢谢反馈"},
		{"boss", "say", "what happens if I forget to check in?"}, {"boss", "see", "employee-handbook.md"},
		{"amy", "say", "帮我写一首关于芒果的诗"}, {"amy", "see", "我不知道"},
		{"amy", "press", "转给 HR"}, {"amy", "see", "已转给 HR"},
	}},
	{"leave without a type asks for one and goes on; leave by the hour", []step{
		{"amy", "say", "请假 后天 家里有事"}, {"amy", "see", "请假类型是"},
		{"amy", "press", "事假"}, {"amy", "see", "原因：家里有事"},
		{"amy", "say", "请假 事假 后天 下午3点到5点 办签证"}, {"amy", "see", "15:00–17:00，共 2 小时"},
		{"amy", "press", "提交"}, {"amy", "see", "已提交"},
		{"boss", "see", "Amy Li asks for Personal leave"},
		{"boss", "press", "Approve"}, {"boss", "see", "Approved: Amy Li"},
	}},
	{"HR deciding first is asked once", []step{
		{"boss", "say", "I'd like annual leave next week, family trip"}, {"boss", "see", "Reason: family trip"},
		{"boss", "press", "Submit"}, {"boss", "see", "waiting for Hana HR"},
		{"hana", "see", "Boss Wang asks for Annual"},
		{"hana", "press", "Approve"}, {"hana", "see", "Approved: Boss Wang"},
		{"boss", "see", "Hana HR approved your leave"},
	}},
	{"free text reaches the command", []step{
		{"amy", "say", "这周谁请假了"}, {"amy", "see", "请假"},
		{"boss", "say", "show my leave"}, {"boss", "see", "approved"},
		{"amy", "say", "谢谢"}, {"amy", "see", "不客气"},
	}},
	{"a bad date is explained, nothing is asked", []step{
		{"amy", "say", "/leave annual 2026-02-30"}, {"amy", "see", "2026-02-30"},
		{"boss", "say", "pending"}, {"boss", "see", "No"},
	}},
	{"reports name every report, the people without a job, and a chart of nothing in words", []step{
		{"boss", "say", "/report"}, {"boss", "see", "Which report?"},
		{"boss", "press", "Role mix"}, {"boss", "see", "Role mix: which period?"},
		{"boss", "press", "This month"}, {"boss", "see", "📊 Role mix"},
		{"boss", "say", "/report turnover month"}, {"boss", "see", "• No job set: headcount at start 3"},
		{"boss", "say", "/report turnover last month"}, {"boss", "see", "Nobody has left in this period, so no chart."},
		{"boss", "say", "/report training month"}, {"boss", "see", "Nothing yet for this period."},
	}},
	{"correction rejected with a reason", []step{
		{"amy", "say", "/fix today in 0:00 forgot my card"}, {"amy", "see", "已提交给 Boss Wang 审批"},
		{"boss", "see", "Amy Li asks to correct the check-in"},
		{"boss", "press", "Reject"}, {"boss", "see", "Why are you rejecting Amy Li's check-in correction"},
		{"boss", "say", "the door log has no entry"}, {"boss", "see", "Rejected: Amy Li's check-in"},
		{"amy", "see", "的上班卡补卡（00:00）：the door log has no entry"},
	}},
	{"a payroll of a month not over says so, and is approved only with a reason", []step{
		{"hana", "say", "/payroll draft " + thisMonth}, {"hana", "see", thisMonth + " is not over"},
		{"hana", "press", "Approve " + thisMonth}, {"hana", "see", "approve it with the reason: /payroll approve " + thisMonth + " REASON"},
		{"hana", "say", "/payroll approve " + thisMonth + " advance before the holiday"},
		{"hana", "see", "Reason recorded: advance before the holiday"},
	}},
	{"cover asked with a Chinese job name, offered, accepted", []step{
		{"boss", "say", "/cover 客服 后天 19:00-22:00 1 rush"}, {"boss", "see", "Offered to 1: Cat Chen"},
		{"cat", "see", "你能来支援 客服"},
		{"cat", "press", "接下"}, {"cat", "see", "交给你了"},
		{"boss", "see", "Cat Chen will cover customer service"},
		{"boss", "say", "/cover why 1 amy"}, {"boss", "see", "needs customer-service level 1, has 0"},
	}},
}

// thisMonth is the month it is in conversationOrg's zone, for payroll.
var thisMonth = func() string {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return time.Now().In(loc).Format("2006-01")
}()

const conversationOrg = `
orgs:
  - key: shop
    name: Chat Shop
    time_zone: Asia/Shanghai
    attendance:
      checkin_open_minutes: 720
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
      - {key: personal, name: 事假 Personal leave, aliases: [事假], unit: hour, paid: false, reason_required: true}
    jobs:
      - {key: customer-service, name: {zh-CN: 客服, en: customer service}, aliases: [cs]}
    cover:
      rest_hours: 0
    employees:
      - {key: boss, name: Boss Wang, role: manager, telegram: "601", slack: U0BOSS01, wecom: BossWang, locale: en}
      - {key: amy, name: Amy Li, manager: boss, schedule: always, hire_date: 2015-01-01, telegram: "602", slack: U0AMY001, wecom: AmyLi}
      - {key: hana, name: Hana HR, role: hr, telegram: "603", slack: U0HANA01, wecom: HanaHR, locale: en}
      - {key: cat, name: Cat Chen, job: customer-service, manager: boss, telegram: "604", slack: U0CAT001, wecom: CatChen}
`

// chatDriver plays the people of conversationOrg on one platform.
type chatDriver interface {
	say(who, text string)
	press(who, label string)
	see(who, want string)
}

func TestConversationsOnEveryAdapter(t *testing.T) {
	t.Parallel()
	drivers := []struct {
		name  string
		start func(t *testing.T, vars map[string]string) chatDriver
	}{
		{"console", startConsole},
		{"telegram", startTelegram},
		{"slack", startSlack},
		{"wecom", startWeCom},
	}
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(t.TempDir(), "org.yaml")
			os.WriteFile(file, []byte(conversationOrg), 0o644)
			vars := map[string]string{"DATABASE_URL": pgtest.URL(t)}
			if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
				t.Fatalf("apply: %+v", r)
			}
			if r := hrbot(t, vars, "", "kb", "import", sampleHandbook); r.code != 0 {
				t.Fatalf("kb import: %+v", r)
			}
			drv := d.start(t, vars)
			for _, c := range conversations {
				t.Run(c.name, func(t *testing.T) {
					for _, s := range c.steps {
						switch s.do {
						case "say":
							drv.say(s.who, s.arg)
						case "press":
							drv.press(s.who, s.arg)
						case "see":
							drv.see(s.who, s.arg)
						}
						if t.Failed() {
							return
						}
					}
				})
			}
		})
	}
}

// eventually retries look until it finds something or 15 seconds pass.
func eventually(t *testing.T, what string, look func() bool, seen func() string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !look(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s; so far:\n%s", what, seen())
		}
	}
}

// --- console: `hrbot chat --as PERSON` per person, notifications polled.

type consoleDriver struct {
	t     *testing.T
	in    map[string]*io.PipeWriter
	out   map[string]*syncBuffer
	after map[string]int
}

func startConsole(t *testing.T, vars map[string]string) chatDriver {
	d := &consoleDriver{t: t, in: map[string]*io.PipeWriter{}, out: map[string]*syncBuffer{}, after: map[string]int{}}
	for _, who := range []string{"amy", "boss", "hana", "cat"} {
		r, w := io.Pipe()
		out := &syncBuffer{}
		d.in[who], d.out[who] = w, out
		done := make(chan int, 1)
		go func() {
			done <- run(context.Background(), []string{"chat", "--as", who, "-poll", "100ms"}, r, out, io.Discard, func(k string) string { return vars[k] })
		}()
		t.Cleanup(func() {
			w.Close()
			<-done
		})
	}
	return d
}

func (d *consoleDriver) say(who, text string) { fmt.Fprintln(d.in[who], text) }

func (d *consoleDriver) press(who, label string) {
	d.t.Helper()
	re := regexp.MustCompile(`\[(\d+)\] ` + regexp.QuoteMeta(label))
	var n string
	eventually(d.t, "no "+label+" button for "+who, func() bool {
		all := re.FindAllStringSubmatch(d.out[who].String(), -1)
		if len(all) > 0 {
			n = all[len(all)-1][1]
		}
		return n != ""
	}, d.out[who].String)
	fmt.Fprintln(d.in[who], n)
}

func (d *consoleDriver) see(who, want string) {
	d.t.Helper()
	eventually(d.t, fmt.Sprintf("%s did not see %q", who, want), func() bool {
		out := d.out[who].String()
		if i := strings.Index(out[d.after[who]:], want); i >= 0 {
			d.after[who] += i + len(want)
			return true
		}
		return false
	}, d.out[who].String)
}

// --- Telegram: hrbot serve with a webhook, the real client against a fake Bot API.

type telegramDriver struct {
	h     *tgHarness
	ids   map[string]int64
	mu    sync.Mutex
	cbs   map[string]string // callback query id → who pressed
	after map[string]int
}

func startTelegram(t *testing.T, vars map[string]string) chatDriver {
	fake := telegramtest.New("123:CONV")
	t.Cleanup(fake.Close)
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:CONV", fake.URL, "conv-secret"
	base := startServe(t, vars)
	return &telegramDriver{h: &tgHarness{t: t, fake: fake, base: base, secret: "conv-secret"},
		ids: map[string]int64{"boss": 601, "amy": 602, "hana": 603, "cat": 604}, cbs: map[string]string{}, after: map[string]int{}}
}

func (d *telegramDriver) say(who, text string) {
	if code := d.h.post(d.h.secret, d.h.message(d.ids[who], text, nil)); code != http.StatusOK {
		d.h.t.Errorf("say %q: %d", text, code)
	}
}

// stream is what who has been shown, in order: messages, edits, and the
// notices answering their presses.
func (d *telegramDriver) stream(who string) []telegramtest.Call {
	d.mu.Lock()
	defer d.mu.Unlock()
	chat := fmt.Sprint(d.ids[who])
	var out []telegramtest.Call
	for _, c := range d.h.fake.Calls("") {
		switch c.Method {
		case "sendMessage", "editMessageText":
			if c.Params["chat_id"] == chat {
				out = append(out, c)
			}
		case "answerCallbackQuery":
			if d.cbs[c.Params["callback_query_id"]] == who && c.Params["text"] != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

func texts(calls []string) string { return strings.Join(calls, "\n---\n") }

func (d *telegramDriver) shown(who string) string {
	var s []string
	for _, c := range d.stream(who) {
		s = append(s, c.Method+": "+c.Params["text"])
	}
	return texts(s)
}

func (d *telegramDriver) press(who, label string) {
	d.h.t.Helper()
	var data, msgID string
	eventually(d.h.t, "no "+label+" button for "+who, func() bool {
		calls := d.stream(who)
		for i := len(calls) - 1; i >= 0 && data == ""; i-- {
			for _, row := range telegramtest.Keyboard(calls[i]) {
				for _, b := range row {
					if l, dt, _ := strings.Cut(b, "="); l == label && data == "" {
						data, msgID = dt, calls[i].Params["message_id"]
					}
				}
			}
		}
		return data != ""
	}, func() string { return d.shown(who) })
	var id int
	fmt.Sscan(msgID, &id)
	upd := d.h.press(d.ids[who], id, data)
	d.mu.Lock()
	d.cbs[upd["callback_query"].(map[string]any)["id"].(string)] = who
	d.mu.Unlock()
	d.h.post(d.h.secret, upd)
}

func (d *telegramDriver) see(who, want string) {
	d.h.t.Helper()
	eventually(d.h.t, fmt.Sprintf("%s did not see %q", who, want), func() bool {
		calls := d.stream(who)
		for i := d.after[who]; i < len(calls); i++ {
			if strings.Contains(calls[i].Params["text"], want) {
				d.after[who] = i + 1
				return true
			}
		}
		return false
	}, func() string { return d.shown(who) })
}

// --- Slack: hrbot serve with signed HTTP intake, the real client against a fake Slack.

type slackDriver struct {
	h     *slackHarness
	ids   map[string]string
	mu    sync.Mutex
	urls  map[string]string // response_url → whose
	after map[string]int
}

func startSlack(t *testing.T, vars map[string]string) chatDriver {
	fake := slackfake.New("xoxb-conv", "")
	t.Cleanup(fake.Close)
	vars["HRBOT_SLACK_BOT_TOKEN"], vars["HRBOT_SLACK_SIGNING_SECRET"], vars["HRBOT_SLACK_API_URL"] = "xoxb-conv", slackSecret, fake.URL()
	return &slackDriver{h: &slackHarness{t: t, fake: fake, base: startServe(t, vars)},
		ids: map[string]string{"boss": "U0BOSS01", "amy": "U0AMY001", "hana": "U0HANA01", "cat": "U0CAT001"}, urls: map[string]string{}, after: map[string]int{}}
}

// say sends a DM; what starts with "/" goes through the /hr command, as
// Slack does not let people type other slash commands to a bot.
func (d *slackDriver) say(who, text string) {
	user := d.ids[who]
	if strings.HasPrefix(text, "/") {
		code, ru := d.h.command(user, strings.TrimPrefix(text, "/"))
		d.mu.Lock()
		d.urls[ru] = who
		d.mu.Unlock()
		if code != http.StatusOK {
			d.h.t.Errorf("/hr %s: %d", text, code)
		}
		return
	}
	if code := d.h.dm(user, text); code != http.StatusOK {
		d.h.t.Errorf("say %q: %d", text, code)
	}
}

func (d *slackDriver) stream(who string) []slackfake.Call {
	d.mu.Lock()
	defer d.mu.Unlock()
	user := d.ids[who]
	var out []slackfake.Call
	for _, c := range d.h.fake.Calls("") {
		switch {
		case c.Method == "response_url" && d.urls[c.URL] == who,
			c.Method == "chat.postEphemeral" && c.User == user,
			(c.Method == "chat.postMessage" || c.Method == "chat.update") && c.Channel == slackfake.DMChannel(user):
			out = append(out, c)
		}
	}
	return out
}

func (d *slackDriver) shown(who string) string {
	var s []string
	for _, c := range d.stream(who) {
		s = append(s, c.Method+": "+c.Text)
	}
	return texts(s)
}

func (d *slackDriver) press(who, label string) {
	d.h.t.Helper()
	var on *slackfake.Call
	var btn slackfake.Element
	eventually(d.h.t, "no "+label+" button for "+who, func() bool {
		calls := d.stream(who)
		for i := len(calls) - 1; i >= 0 && on == nil; i-- {
			for _, b := range calls[i].Buttons() {
				if b.Text != nil && b.Text.Text == label {
					on, btn = &calls[i], b
					break
				}
			}
		}
		return on != nil
	}, func() string { return d.shown(who) })
	channel, ephemeral := on.Channel, on.Method == "response_url" || on.Method == "chat.postEphemeral"
	if channel == "" {
		channel = slackfake.DMChannel(d.ids[who])
	}
	ru := d.h.fake.ResponseURL()
	d.mu.Lock()
	d.urls[ru] = who
	d.mu.Unlock()
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": d.ids[who]}, "trigger_id": fmt.Sprint("trig", d.h.event.Add(1)),
		"response_url": ru,
		"container":    map[string]any{"type": "message", "channel_id": channel, "message_ts": on.TS, "is_ephemeral": ephemeral},
		"actions":      []map[string]any{{"type": "button", "block_id": "row0", "action_id": btn.ActionID, "value": btn.Value}},
	})
	form := url.Values{"payload": {string(payload)}}
	d.h.signed("/slack/interactive", "application/x-www-form-urlencoded", []byte(form.Encode()), slackSecret, time.Now(), nil)
}

func (d *slackDriver) see(who, want string) {
	d.h.t.Helper()
	eventually(d.h.t, fmt.Sprintf("%s did not see %q", who, want), func() bool {
		calls := d.stream(who)
		for i := d.after[who]; i < len(calls); i++ {
			if strings.Contains(calls[i].Text, want) {
				d.after[who] = i + 1
				return true
			}
		}
		return false
	}, func() string { return d.shown(who) })
}
