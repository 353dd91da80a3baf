package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

// After an outage the platforms deliver what they held: a check-in sent
// 8 minutes ago counts at the time it was sent, not when it arrived — on
// Telegram (message.date; the redelivery, posted twice, stored once) and
// on Slack (event_time) — and the manager is told both times.
func TestPunchCountsWhenSent(t *testing.T) {
	t.Parallel()
	sent := time.Now().Add(-8 * time.Minute).Truncate(time.Second)
	// The all-day shift ends at 23:59 UTC: a punch sent around midnight
	// would belong to another day than this test expects.
	if m := sent.UTC().Hour()*60 + sent.UTC().Minute(); m < 15 || m > 23*60+40 {
		t.Skip("too close to midnight UTC")
	}
	tg := telegramtest.New("123:ABC")
	defer tg.Close()
	sl := slackfake.New("xoxb-e2e", "")
	defer sl.Close()
	dbURL := pgtest.URL(t)
	// p00000 manages p00001 (Telegram 9101) and p00002 (Slack UL0000002).
	vars := applyOrg(t, dbURL, allDayOrg(3, 9100, 2))
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", tg.URL, "s3cret"
	vars["HRBOT_SLACK_BOT_TOKEN"], vars["HRBOT_SLACK_SIGNING_SECRET"], vars["HRBOT_SLACK_API_URL"] = "xoxb-e2e", slackSecret, sl.URL()
	base := startServe(t, vars)
	h := &tgHarness{t: t, fake: tg, base: base, secret: "s3cret"}

	update := map[string]any{"update_id": 7001, "message": map[string]any{
		"message_id": 1, "date": sent.Unix(), "text": "/checkin",
		"from": map[string]any{"id": 9101, "is_bot": false, "first_name": "P", "language_code": "en"},
		"chat": map[string]any{"id": 9101, "type": "private"}}}
	for range 2 { // Telegram sends it again: its answer to the first was lost
		if got := h.post("s3cret", update); got != http.StatusOK {
			t.Fatalf("update: %d", got)
		}
	}
	h.waitFor("sendMessage", 9101, "Checked in at "+sent.UTC().Format("15:04"))
	h.waitFor("sendMessage", 9100, "Person 1's check-in on "+sent.UTC().Format("2006-01-02")+" was sent at "+sent.UTC().Format("15:04"))

	sh := &slackHarness{t: t, fake: sl, base: base}
	body, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": slackfake.TeamID, "event_id": "EvLate1",
		"event_time": sent.Unix(), "event": map[string]any{"type": "message", "channel_type": "im",
			"channel": slackfake.DMChannel("UL0000002"), "user": "UL0000002", "text": "/checkin",
			"ts": fmt.Sprintf("%d.000100", sent.Unix())}})
	if got := sh.signed("/slack/events", "application/json", body, slackSecret, time.Now(), nil); got != http.StatusOK {
		t.Fatalf("slack event: %d", got)
	}
	sh.waitFor("chat.postMessage", slackfake.DMChannel("UL0000002"), "Checked in at "+sent.UTC().Format("15:04"))
	h.waitFor("sendMessage", 9100, "Person 2's check-in on "+sent.UTC().Format("2006-01-02")+" was sent at "+sent.UTC().Format("15:04"))

	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, who := range []string{"p00001", "p00002"} {
		var n int
		var checkIn time.Time
		if err := conn.QueryRow(context.Background(), `SELECT count(*), max(r.check_in) FROM attendance_records r
			JOIN employees e ON e.id = r.employee_id WHERE e.key = $1`, who).Scan(&n, &checkIn); err != nil {
			t.Fatal(err)
		}
		if n != 1 || !checkIn.Equal(sent) {
			t.Errorf("%s: %d records, check-in %v; want one at %v, when it was sent", who, n, checkIn, sent)
		}
	}
	var notes int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM notifications WHERE kind = 'att.punch.delayed'`).Scan(&notes); err != nil || notes != 2 {
		t.Errorf("%d delayed-punch notifications (err %v), want 2: one per punch, none for the retry", notes, err)
	}
}
