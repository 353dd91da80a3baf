package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
)

// --- WeCom: hrbot serve with the callback URL, the real client against a fake WeCom.

type wecomDriver struct {
	t     *testing.T
	fake  *wecomfake.Server
	url   string
	ids   map[string]string
	msg   atomic.Int64
	after map[string]int
}

func startWeCom(t *testing.T, vars map[string]string) chatDriver {
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	vars["HRBOT_WECOM_CORP_ID"], vars["HRBOT_WECOM_AGENT_ID"], vars["HRBOT_WECOM_SECRET"] = app.CorpID, fmt.Sprint(app.AgentID), app.Secret
	vars["HRBOT_WECOM_TOKEN"], vars["HRBOT_WECOM_AES_KEY"], vars["HRBOT_WECOM_API_URL"] = app.Token, app.AESKey, fake.URL
	return &wecomDriver{t: t, fake: fake, url: startServe(t, vars) + "/wecom/callback",
		ids: map[string]string{"boss": "BossWang", "amy": "AmyLi", "hana": "HanaHR", "cat": "CatChen"}, after: map[string]int{}}
}

func (d *wecomDriver) say(who, text string) {
	if status, _ := d.fake.Deliver(d.url, d.fake.Text(d.ids[who], text, d.msg.Add(1))); status != http.StatusOK {
		d.t.Errorf("say %q: %d", text, status)
	}
}

// stream is what who has been shown, in order: messages and card updates.
func (d *wecomDriver) stream(who string) []wecomfake.Call {
	id := d.ids[who]
	var out []wecomfake.Call
	for _, c := range d.fake.Calls("") {
		if c.ErrCode != 0 || c.Duplicate {
			continue
		}
		to := c.ToUser()
		if ids, ok := c.Body["userids"].([]any); ok && len(ids) > 0 {
			to, _ = ids[0].(string)
		}
		if to == id && (c.Path == sendPath || c.Path == updatePath) {
			out = append(out, c)
		}
	}
	return out
}

func (d *wecomDriver) shown(who string) string {
	var s []string
	for _, c := range d.stream(who) {
		s = append(s, c.Path+": "+c.Content()+fmt.Sprint(c.Buttons()))
	}
	return texts(s)
}

// press presses the button labelled label on the newest card that has one.
func (d *wecomDriver) press(who, label string) {
	d.t.Helper()
	var task string
	eventually(d.t, "no "+label+" button for "+who, func() bool {
		calls := d.stream(who)
		for i := len(calls) - 1; i >= 0 && task == ""; i-- {
			for _, b := range calls[i].Buttons() {
				if b[0] == label && task == "" {
					task, _ = calls[i].Body["template_card"].(map[string]any)["task_id"].(string)
				}
			}
		}
		return task != ""
	}, func() string { return d.shown(who) })
	if status, _, err := d.fake.Press(d.url, d.ids[who], task, label); err != nil || status != http.StatusOK {
		d.t.Errorf("press %q: %d %v", label, status, err)
	}
}

func (d *wecomDriver) see(who, want string) {
	d.t.Helper()
	eventually(d.t, fmt.Sprintf("%s did not see %q", who, want), func() bool {
		calls := d.stream(who)
		for i := d.after[who]; i < len(calls); i++ {
			if strings.Contains(calls[i].Content(), want) {
				d.after[who] = i + 1
				return true
			}
		}
		return false
	}, func() string { return d.shown(who) })
}
