package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/store/pgtest"
)

// TestCoverFromLeaveOnWeCom: approved leave opens a cover request; the
// offers go out as cards; the first to press Accept wins, their card and
// the other's are updated, the manager is told; the leave cancelled, both
// are told it is no longer needed.
func TestCoverFromLeaveOnWeCom(t *testing.T) {
	t.Parallel()
	const boss, amy, li, zoe, max = "BossWang", "AmyLi", "LiMing", "ZoeZhou", "MaxMa"
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	vars := map[string]string{"DATABASE_URL": pgtest.URL(t)}
	if r := hrbot(t, vars, "", "apply", "-f", coverOrgFor(t, "wecom", boss, amy, li, zoe, max)); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	vars["HRBOT_WECOM_CORP_ID"], vars["HRBOT_WECOM_AGENT_ID"], vars["HRBOT_WECOM_SECRET"] = app.CorpID, fmt.Sprint(app.AgentID), app.Secret
	vars["HRBOT_WECOM_TOKEN"], vars["HRBOT_WECOM_AES_KEY"], vars["HRBOT_WECOM_API_URL"] = app.Token, app.AESKey, fake.URL
	vars["HRBOT_SCHEDULER_INTERVAL"] = "1s"
	h := &wcHarness{t: t, fake: fake, url: startServe(t, vars) + "/wecom/callback"}
	press := func(who string, card wecomfake.Call, keyPrefix string) {
		t.Helper()
		if status, _, err := fake.Press(h.url, who, card.TaskID(), buttonLabel(t, card, keyPrefix)); err != nil || status != http.StatusOK {
			t.Fatalf("press %s: %d %v", keyPrefix, status, err)
		}
	}

	h.say(amy, "/leave annual tomorrow family")
	press(amy, h.waitFor(sendPath, amy, "Annual"), "leave.submit|")
	press(boss, h.waitFor(sendPath, boss, "Amy Li asks for Annual"), "leave.approve|")
	h.waitFor(updatePath, boss, "Approved: Amy Li")

	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format("01-02")
	offerLi := h.waitFor(sendPath, li, "Can you cover customer service · "+tomorrow)
	offerZoe := h.waitFor(sendPath, zoe, "Can you cover customer service · "+tomorrow)
	if offerLi.MsgType() != "template_card" || !strings.Contains(offerLi.Content(), "18:00–23:00") {
		t.Errorf("offer %s %q", offerLi.MsgType(), offerLi.Content())
	}
	press(li, offerLi, "cover.accept|")
	if u := h.waitFor(updatePath, li, "It's yours"); u.Body["template_card"].(map[string]any)["task_id"] != offerLi.TaskID() {
		t.Errorf("Li's update is for another card: %+v", u.Body)
	}
	if u := h.waitFor(updatePath, zoe, "was taken by Li Ming"); u.Body["template_card"].(map[string]any)["task_id"] != offerZoe.TaskID() {
		t.Errorf("Zoe's update is for another card: %+v", u.Body)
	}
	h.waitFor(sendPath, boss, "Li Ming will cover customer service")
	if got := fake.Messages(max); len(got) != 0 {
		t.Errorf("Max was sent %d messages", len(got))
	}

	// Amy cancels. Li's card was updated with the code of her press, so
	// the code it was sent with still updates it; Zoe's was updated with
	// that one, and WeCom takes no second: she gets the news as a message.
	h.say(amy, "myleave")
	press(amy, h.waitFor(sendPath, amy, "— approved"), "leave.cancel|")
	h.waitFor(updatePath, li, "is no longer needed")
	h.waitFor(sendPath, zoe, "is no longer needed")
}
