package main

import (
	"bytes"
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

// The conversations below run on every adapter: console, Telegram and
// Slack. A feature added to the bot gets a case here and is checked on all
// three at once.

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
	{"a bad date is explained, nothing is asked", []step{
		{"amy", "say", "/leave annual 2026-02-30"}, {"amy", "see", "2026-02-30"},
		{"boss", "say", "pending"}, {"boss", "see", "No"},
	}},
	{"cover asked with a Chinese job name, offered, accepted", []step{
		{"boss", "say", "/cover 客服 后天 19:00-22:00 1 rush"}, {"boss", "see", "Offered to 1: Cat Chen"},
		{"cat", "see", "你能来支援 客服"},
		{"cat", "press", "接下"}, {"cat", "see", "交给你了"},
		{"boss", "see", "Cat Chen will cover customer service"},
		{"boss", "say", "/cover why 1 amy"}, {"boss", "see", "needs customer-service level 1, has 0"},
	}},
}

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
    jobs:
      - {key: customer-service, name: {zh-CN: 客服, en: customer service}, aliases: [cs]}
    cover:
      rest_hours: 0
    employees:
      - {key: boss, name: Boss Wang, role: manager, telegram: "601", slack: U0BOSS01, locale: en}
      - {key: amy, name: Amy Li, manager: boss, schedule: always, hire_date: 2015-01-01, telegram: "602", slack: U0AMY001}
      - {key: cat, name: Cat Chen, job: customer-service, manager: boss, telegram: "603", slack: U0CAT001}
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

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type consoleDriver struct {
	t     *testing.T
	in    map[string]*io.PipeWriter
	out   map[string]*syncBuffer
	after map[string]int
}

func startConsole(t *testing.T, vars map[string]string) chatDriver {
	d := &consoleDriver{t: t, in: map[string]*io.PipeWriter{}, out: map[string]*syncBuffer{}, after: map[string]int{}}
	for _, who := range []string{"amy", "boss", "cat"} {
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
		ids: map[string]int64{"boss": 601, "amy": 602, "cat": 603}, cbs: map[string]string{}, after: map[string]int{}}
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
		ids: map[string]string{"boss": "U0BOSS01", "amy": "U0AMY001", "cat": "U0CAT001"}, urls: map[string]string{}, after: map[string]int{}}
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
