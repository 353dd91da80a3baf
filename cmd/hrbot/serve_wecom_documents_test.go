package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/core/documents"
	"github.com/hrbot/hrbot/store/pgtest"
)

const wecomDocOrg = `
orgs:
  - key: shop
    name: WeCom Shop
    time_zone: Asia/Shanghai
    leave_types:
      - {key: sick, name: 病假 Sick leave, aliases: [病假], unit: half_day, accrual: fixed, entitlement_days: 10, attachment_required: true}
    employees:
      - {key: boss, name: Boss Wang, role: manager, wecom: WangBoss, locale: en}
      - {key: amy, name: 李爱美 Amy Li, manager: boss, wecom: amy, hire_date: 2015-01-01}
`

// TestWeComDoctorsNote: Amy asks for sick leave on WeCom and sends the
// photo of her doctor's note; it is kept sealed and attached, her
// manager's card says so and has a button that sends him the photo, and
// he approves. A file too large is refused and not kept.
func TestWeComDoctorsNote(t *testing.T) {
	t.Parallel()
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	dbURL := pgtest.URL(t)
	file := filepath.Join(t.TempDir(), "org.yaml")
	os.WriteFile(file, []byte(wecomDocOrg), 0o644)
	vars := map[string]string{"DATABASE_URL": dbURL, "HRBOT_ENCRYPTION_KEY": strings.Repeat("5e", 32)}
	if r := hrbot(t, vars, "", "apply", "-f", file); r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	vars["HRBOT_WECOM_CORP_ID"], vars["HRBOT_WECOM_AGENT_ID"], vars["HRBOT_WECOM_SECRET"] = app.CorpID, strconv.FormatInt(app.AgentID, 10), app.Secret
	vars["HRBOT_WECOM_TOKEN"], vars["HRBOT_WECOM_AES_KEY"], vars["HRBOT_WECOM_API_URL"] = app.Token, app.AESKey, fake.URL
	h := &wcHarness{t: t, fake: fake, url: startServe(t, vars) + "/wecom/callback"}

	h.say("amy", "请假 病假 "+nextWorkday())
	preview := h.waitFor(sendPath, "amy", "病假条")
	if _, _, err := fake.Press(h.url, "amy", preview.TaskID(), buttonLabel(t, preview, "leave.submit|")); err != nil {
		t.Fatal(err)
	}
	h.waitFor(updatePath, "amy", "请直接发在这里")
	h.waitFor(sendPath, "WangBoss", "No doctor's note yet")

	photo := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF"), bytes.Repeat([]byte("note "), 50_000)...)
	h.msg++
	fake.Deliver(h.url, fake.Image("amy", fake.UserMedia("", "image/jpeg", photo), h.msg))
	h.waitFor(sendPath, "amy", "病假条已附在你的病假")

	card := h.waitFor(sendPath, "WangBoss", "Amy Li sent the doctor's note")
	if !strings.Contains(card.Content(), "doctor's note attached: doctor_note.jpg ("+documents.HumanSize(int64(len(photo)))+")") {
		t.Errorf("the manager's card: %q", card.Content())
	}
	if _, _, err := fake.Press(h.url, "WangBoss", card.TaskID(), buttonLabel(t, card, "doc.send|")); err != nil {
		t.Fatal(err)
	}
	sent := waitMedia(t, fake, "WangBoss")
	if !bytes.Equal(sent.Data, photo) || sent.Type != "image" {
		t.Errorf("the manager got %d bytes of %s, want the %d-byte photo", len(sent.Data), sent.Type, len(photo))
	}
	if _, _, err := fake.Press(h.url, "WangBoss", card.TaskID(), buttonLabel(t, card, "leave.approve|")); err != nil {
		t.Fatal(err)
	}
	h.waitFor(updatePath, "WangBoss", "Approved: 李爱美 Amy Li")

	// A scan of 11 MB is refused, and nothing is kept of it.
	h.msg++
	big := append([]byte("%PDF-1.7\n"), make([]byte, 11<<20)...)
	fake.Deliver(h.url, fake.File("amy", fake.UserMedia("scan.pdf", "application/pdf", big), "scan.pdf", h.msg))
	h.waitFor(sendPath, "amy", "文件太大了：最大 10 MB")

	// At rest: one document, attached, sealed (not the photo's bytes).
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	var sealed []byte
	if err := conn.QueryRow(context.Background(), `SELECT count(*) OVER (), c.sealed FROM documents d
		JOIN document_contents c ON c.document_id = d.id JOIN leave_requests r ON r.id = d.leave_request_id
		WHERE r.status = 'approved' AND d.kind = 'doctor_note'`).Scan(&n, &sealed); err != nil {
		t.Fatal(err)
	}
	if n != 1 || bytes.Contains(sealed, []byte("JFIF")) || bytes.Contains(sealed, []byte("note note")) {
		t.Errorf("%d documents; the stored bytes are not sealed", n)
	}
	// The photo sent to the manager was not written down on its way: not
	// in the delivery queue (its jobs' arguments, its ledger), not with the
	// press's delivery for a retry.
	plain := base64.StdEncoding.EncodeToString(photo)[:64]
	if err := conn.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM river_job WHERE args::text LIKE '%' || $1 || '%')
		+ (SELECT count(*) FROM deliveries WHERE message::text LIKE '%' || $1 || '%')
		+ (SELECT count(*) FROM inbound_deliveries WHERE replies::text LIKE '%' || $1 || '%')`, plain).Scan(&n); err != nil || n != 0 {
		t.Errorf("the opened photo is kept in %d rows (%v)", n, err)
	}
}

// waitMedia waits for a picture or file sent to user and returns it.
func waitMedia(t *testing.T, fake *wecomfake.Server, user string) wecomfake.Media {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, c := range fake.Messages(user) {
			if c.MsgType() != "image" && c.MsgType() != "file" {
				continue
			}
			m, _ := c.Body[c.MsgType()].(map[string]any)
			id, _ := m["media_id"].(string)
			if media, ok := fake.Media(id); ok {
				media.Type = c.MsgType()
				return media
			}
		}
	}
	t.Fatalf("no picture or file sent to %s", user)
	return wecomfake.Media{}
}
