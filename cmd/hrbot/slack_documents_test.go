package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/store/pgtest"
)

const slackDocOrg = `
orgs:
  - key: shop
    name: Slack Shop
    time_zone: Asia/Shanghai
    leave_types:
      - {key: marriage, name: Marriage leave, aliases: [婚假], accrual: fixed, entitlement_days: 3, attachment_required: true}
    employees:
      - {key: boss, name: Boss Wang, role: manager, slack: U0BOSS01, locale: en}
      - {key: amy, name: Amy Li, manager: boss, slack: U0AMY001, locale: en, hire_date: 2015-01-01}
`

// TestSlackCertificatePDF: Amy asks for marriage leave in her DM and
// shares the certificate as a PDF, which hrbot downloads from url_private
// with the bot token and attaches; her manager's request shows it and his
// button sends him the PDF.
func TestSlackCertificatePDF(t *testing.T) {
	t.Parallel()
	fake := slackfake.New("xoxb-e2e", "")
	defer fake.Close()
	dbURL := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	os.WriteFile(file, []byte(slackDocOrg), 0o644)
	vars := map[string]string{"DATABASE_URL": dbURL, "HRBOT_ENCRYPTION_KEY": strings.Repeat("3c", 32)}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	vars["HRBOT_SLACK_BOT_TOKEN"], vars["HRBOT_SLACK_SIGNING_SECRET"], vars["HRBOT_SLACK_API_URL"] = "xoxb-e2e", slackSecret, fake.URL()
	h := &slackHarness{t: t, fake: fake, base: startServe(t, vars)}
	const amy, boss = "U0AMY001", "U0BOSS01"
	amyDM, bossDM := slackfake.DMChannel(amy), slackfake.DMChannel(boss)

	h.dm(amy, "leave marriage next monday")
	preview := h.waitFor("chat.postMessage", amyDM, "Marriage leave needs a certificate")
	h.press(amy, preview, "leave.submit", false)
	h.waitFor("chat.update", amyDM, "Sent: Marriage leave")

	pdf := []byte("%PDF-1.7\n1 0 obj << /Title (Marriage certificate) >> endobj\n%%EOF")
	h.signed("/slack/events", "application/json", h.fileShare(amy, fake.UserFile("certificate.pdf", "application/pdf", pdf)), slackSecret, time.Now(), nil)
	h.waitFor("chat.postMessage", amyDM, "The certificate is attached to your Marriage leave")

	card := h.waitFor("chat.postMessage", bossDM, "Amy Li sent the certificate for this request.")
	if !strings.Contains(card.Text, "certificate attached: certificate.pdf") {
		t.Errorf("the manager's request: %q", card.Text)
	}
	h.press(boss, card, "doc.send", false)
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		shared := fake.Calls("files.completeUploadExternal")
		if len(shared) > 0 && len(shared[0].Files) == 1 && bytes.Equal(shared[0].Files[0].Data, pdf) && shared[0].Channel == bossDM {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the PDF was not sent to the manager: %+v", shared)
		}
	}
	if fake.Downloads() != 1 {
		t.Errorf("%d downloads of the shared PDF", fake.Downloads())
	}
}

// fileShare is a message event sharing f in user's DM with the bot.
func (h *slackHarness) fileShare(user string, f any) []byte {
	id := h.event.Add(1)
	body, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": slackfake.TeamID, "event_id": fmt.Sprint("Ev", id),
		"event": map[string]any{"type": "message", "subtype": "file_share", "channel_type": "im", "channel": slackfake.DMChannel(user),
			"user": user, "text": "", "files": []any{f}, "ts": fmt.Sprintf("1800000000.%06d", id)}})
	return body
}
