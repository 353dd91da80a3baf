package main

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/store/pgtest"
)

const wecomOrg = `
orgs:
  - key: shop
    name: WeCom Shop
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
      - {key: boss, name: Boss Wang, role: manager, wecom: WangBoss, locale: en, schedule: always}
      - {key: hr, name: Helen HR, role: hr, locale: en}
      - {key: amy, name: Amy Li, manager: boss, schedule: always, hire_date: 2015-01-01}
`

type wcHarness struct {
	t    *testing.T
	fake *wecomfake.Server
	url  string
	msg  int64
}

func (h *wcHarness) say(from, text string) {
	h.t.Helper()
	h.msg++
	if status, body := h.fake.Deliver(h.url, h.fake.Text(from, text, h.msg)); status != http.StatusOK || body != "" {
		h.t.Fatalf("%s: %d %q", text, status, body)
	}
}

// waitFor waits for a message to user, or an update of a card of theirs,
// whose words contain want.
func (h *wcHarness) waitFor(path, user, want string) wecomfake.Call {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		for _, c := range h.fake.Calls(path) {
			to := c.ToUser()
			if ids, ok := c.Body["userids"].([]any); ok && len(ids) > 0 {
				to, _ = ids[0].(string)
			}
			if c.ErrCode == 0 && !c.Duplicate && to == user && strings.Contains(c.Content(), want) {
				return c
			}
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, c := range h.fake.Calls("") {
				seen = append(seen, c.Path+" "+c.ToUser()+" "+strconv.Itoa(c.ErrCode)+": "+c.Content())
			}
			h.t.Fatalf("no %s to %s containing %q; calls:\n%s", path, user, want, strings.Join(seen, "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

const (
	sendPath   = "/cgi-bin/message/send"
	updatePath = "/cgi-bin/message/update_template_card"
)

// TestWeComEndToEnd runs `hrbot serve` with the fake WeCom: the URL
// handshake, a forged callback, linking by invite code, /whoami, a
// check-in by location, and a leave request submitted from its preview
// card and approved from the manager's card, both cards updated and the
// employee told.
func TestWeComEndToEnd(t *testing.T) {
	t.Parallel()
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	url := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	os.WriteFile(file, []byte(wecomOrg), 0o644)
	vars := map[string]string{"DATABASE_URL": url}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	r := hrbot(t, vars, "/invite amy\n", "chat", "--as", "hr")
	code := regexp.MustCompile(`/start ([A-Z0-9]{10})`).FindStringSubmatch(r.stdout)
	if code == nil {
		t.Fatalf("no invite code: %+v", r)
	}
	vars["HRBOT_WECOM_CORP_ID"], vars["HRBOT_WECOM_AGENT_ID"], vars["HRBOT_WECOM_SECRET"] = app.CorpID, strconv.FormatInt(app.AgentID, 10), app.Secret
	vars["HRBOT_WECOM_TOKEN"], vars["HRBOT_WECOM_AES_KEY"], vars["HRBOT_WECOM_API_URL"] = app.Token, app.AESKey, fake.URL
	base := startServe(t, vars)
	h := &wcHarness{t: t, fake: fake, url: base + "/wecom/callback"}
	if status, body, echo := fake.Handshake(h.url); status != http.StatusOK || body != echo {
		t.Fatalf("handshake: %d %q want %q", status, body, echo)
	}
	q, body := fake.Sealed(fake.Text("amy", "/start "+code[1], 999))
	q.Set("timestamp", "1")
	if status, _ := fake.DeliverRaw(h.url, q, body); status != http.StatusUnauthorized {
		t.Errorf("forged callback: %d", status)
	}

	h.say("amy", "/start "+code[1])
	h.waitFor(sendPath, "amy", "Amy Li")
	h.say("amy", "/whoami")
	h.waitFor(sendPath, "amy", "Amy Li")
	// Checking in from HQ is not flagged; from Shanghai it is (the
	// geofence is 300 m around the Hangzhou HQ).
	h.msg++
	fake.Deliver(h.url, fake.Location("amy", 30.2742, 120.1552, "HQ", h.msg))
	if c := h.waitFor(sendPath, "amy", "上班打卡"); strings.Contains(c.Content(), "不在任何办公地点范围内") {
		t.Errorf("a check-in at HQ was flagged: %q", c.Content())
	}
	h.msg++
	fake.Deliver(h.url, fake.Location("WangBoss", 31.2304, 121.4737, "上海", h.msg))
	h.waitFor(sendPath, "WangBoss", "you are not at any work site")

	// WeCom sends the leave request again (our answer was late): it is
	// handled once and previewed once.
	h.say("amy", "/leave annual tomorrow family")
	fake.Deliver(h.url, fake.Text("amy", "/leave annual tomorrow family", h.msg))
	preview := h.waitFor(sendPath, "amy", "Annual")
	time.Sleep(300 * time.Millisecond)
	if n := countWeCom(fake, "amy", preview.Content()); n != 1 {
		t.Errorf("the preview was sent %d times, want once", n)
	}
	if preview.MsgType() != "template_card" {
		t.Fatalf("preview is a %s", preview.MsgType())
	}
	if _, _, err := fake.Press(h.url, "amy", preview.TaskID(), buttonLabel(t, preview, "leave.submit|")); err != nil {
		t.Fatal(err)
	}
	h.waitFor(updatePath, "amy", "已提交")

	request := h.waitFor(sendPath, "WangBoss", "Amy Li asks for Annual")
	if _, _, err := fake.Press(h.url, "WangBoss", request.TaskID(), buttonLabel(t, request, "leave.approve|")); err != nil {
		t.Fatal(err)
	}
	h.waitFor(updatePath, "WangBoss", "Approved: Amy Li")
	h.waitFor(sendPath, "amy", "批准了你")
	time.Sleep(300 * time.Millisecond)
	if n := countWeCom(fake, "amy", "批准了你"); n != 1 {
		t.Errorf("Amy was told %d times, want once", n)
	}
}

// countWeCom counts the messages user received whose words contain text.
func countWeCom(fake *wecomfake.Server, user, text string) int {
	n := 0
	for _, c := range fake.Messages(user) {
		if strings.Contains(c.Content(), text) {
			n++
		}
	}
	return n
}

// buttonLabel is the label of the card's button whose key starts with prefix.
func buttonLabel(t *testing.T, c wecomfake.Call, prefix string) string {
	t.Helper()
	for _, b := range c.Buttons() {
		if strings.HasPrefix(b[1], prefix) {
			return b[0]
		}
	}
	t.Fatalf("no %s button in %v", prefix, c.Buttons())
	return ""
}
