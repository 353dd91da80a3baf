package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

const telegramDocOrg = `
orgs:
  - key: shop
    name: Telegram Shop
    time_zone: Asia/Shanghai
    leave_types:
      - {key: sick, name: Sick leave, aliases: [病假], unit: half_day, accrual: fixed, entitlement_days: 10, attachment_required: true}
    employees:
      - {key: boss, name: Boss Wang, role: manager, telegram: "501", locale: en}
      - {key: amy, name: Amy Li, manager: boss, telegram: "502", locale: en, hire_date: 2015-01-01}
`

// TestTelegramDoctorsNote: sick leave asked for on Telegram, the photo of
// the note sent after it (largest size, through getFile), attached; the
// manager's card shows it and its button sends him the photo; he
// approves. A photo declared over the limit is refused without being
// downloaded.
func TestTelegramDoctorsNote(t *testing.T) {
	t.Parallel()
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	dbURL := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	os.WriteFile(file, []byte(telegramDocOrg), 0o644)
	vars := map[string]string{"DATABASE_URL": dbURL, "HRBOT_ENCRYPTION_KEY": strings.Repeat("7a", 32)}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	h := &tgHarness{t: t, fake: fake, base: startServe(t, vars), secret: "s3cret"}

	h.post(h.secret, h.message(502, "leave sick "+nextWorkday(), nil))
	preview := h.waitFor("sendMessage", 502, "Sick leave needs a doctor's note")
	msgID, _ := strconv.Atoi(preview.Params["message_id"])
	h.post(h.secret, h.press(502, msgID, button(t, preview, "leave.submit|")))
	h.waitFor("editMessageText", 502, "and it is attached to this request")
	h.waitFor("sendMessage", 501, "No doctor's note yet")

	photo := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF"), bytes.Repeat([]byte("note "), 20_000)...)
	small := fake.UserFile([]byte("\xff\xd8\xff thumbnail"))
	big := fake.UserFile(photo)
	h.post(h.secret, h.message(502, "", map[string]any{"photo": []map[string]any{
		{"file_id": small, "file_unique_id": "s", "width": 90, "height": 120, "file_size": 12},
		{"file_id": big, "file_unique_id": "b", "width": 1280, "height": 1706, "file_size": len(photo)},
	}}))
	h.waitFor("sendMessage", 502, "The doctor's note is attached to your Sick leave")

	card := h.waitFor("sendMessage", 501, "Amy Li sent the doctor's note for this request.")
	cardID, _ := strconv.Atoi(card.Params["message_id"])
	h.post(h.secret, h.press(501, cardID, button(t, card, "doc.send|")))
	got := waitPhoto(t, fake, 501)
	if !bytes.Equal(got.Data, photo) {
		t.Errorf("the manager got %d bytes, want the %d-byte photo (largest size)", len(got.Data), len(photo))
	}
	h.post(h.secret, h.press(501, cardID, button(t, card, "leave.approve|")))
	h.waitFor("editMessageText", 501, "Approved: Amy Li")

	gets := len(fake.Calls("getFile"))
	huge := fake.UserFile([]byte("\xff\xd8\xff declared huge"))
	h.post(h.secret, h.message(502, "", map[string]any{"photo": []map[string]any{
		{"file_id": huge, "file_unique_id": "h", "width": 9000, "height": 12000, "file_size": 25 << 20}}}))
	h.waitFor("sendMessage", 502, "That file is too big: I take files up to 10 MB.")
	if n := len(fake.Calls("getFile")); n != gets {
		t.Errorf("a photo declared 25 MB was asked for (%d getFile calls, were %d)", n, gets)
	}
}

// waitPhoto waits for a photo or document sent to chat.
func waitPhoto(t *testing.T, fake *telegramtest.Server, chat int64) telegramtest.File {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, c := range append(fake.Calls("sendPhoto"), fake.Calls("sendDocument")...) {
			if f, ok := c.File(); ok && c.Params["chat_id"] == strconv.FormatInt(chat, 10) {
				return f
			}
		}
	}
	t.Fatalf("no photo sent to %d", chat)
	return telegramtest.File{}
}
