package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

// morningOrg is a boss (Telegram 9100) and n people on a shift starting
// at start (hh:mm) in zone with no grace: the first n/2 on Telegram
// (9101…), the rest on Slack (UM0000001…).
func morningOrg(zone, start, end string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `orgs:
  - key: shop
    name: Morning Shop
    time_zone: %s
    locale: en
    attendance:
      grace_minutes: 0
      geofence: off
    shifts:
      - {key: morning, name: Morning, start: "%s", end: "%s"}
    schedules:
      - key: mornings
        start: 2020-01-06
        holidays: work
        weeks:
          - {mon: morning, tue: morning, wed: morning, thu: morning, fri: morning, sat: morning, sun: morning}
    employees:
      - {key: boss, name: Boss, role: manager, telegram: "9100"}
`, zone, start, end)
	for i := 1; i <= n; i++ {
		account := fmt.Sprintf(`telegram: "%d"`, 9100+i)
		if i > n/2 {
			account = fmt.Sprintf("slack: UM%07d", i)
		}
		fmt.Fprintf(&b, "      - {key: p%02d, name: Person %d, manager: boss, schedule: mornings, hire_date: 2015-01-01, %s}\n", i, i, account)
	}
	return b.String()
}

// nineOClock is the shift start for an outage test run at now: six whole
// minutes ago, so that now is "09:06" to "09:07" on its clock, and a time
// zone in which it is in the ninth hour (Etc/GMT-h is UTC+h), so the day
// around it is an ordinary morning far from midnight.
func nineOClock(now time.Time) (start time.Time, zone string) {
	start = now.Truncate(time.Minute).Add(-6 * time.Minute)
	h := (9 - start.UTC().Hour() + 24) % 24
	if h > 14 {
		h -= 24
	}
	switch {
	case h > 0:
		zone = fmt.Sprintf("Etc/GMT-%d", h)
	case h < 0:
		zone = fmt.Sprintf("Etc/GMT+%d", -h)
	default:
		zone = "UTC"
	}
	return start, zone
}

// hrbot is down from 08:55 to 09:06 (org time; the shift starts at 09:00
// with no grace — "09:00" is the start nineOClock picks, in the ninth
// hour and six minutes before the test runs, since serve keeps the wall
// clock). People check in at 08:58; the platforms hold their
// messages and deliver them when hrbot is back: Telegram each update
// twice (our answer to the first is lost on the way), Slack each event
// as two retries at once (X-Slack-Retry-Num 1 and 2). Every check-in is
// recorded once, at 08:58, not late; the boss is told once per person
// that the check-in arrived late; everyone is answered once.
func TestCheckInsHeldThroughOutageCountWhenSent(t *testing.T) {
	t.Parallel()
	// 3 on Telegram, 3 on Slack: the boss's notices go out at one a
	// second (Telegram's limit per chat) after a burst of three.
	const people = 6
	start, zone := nineOClock(time.Now())
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	start = start.In(loc)
	sent := start.Add(-2 * time.Minute) // 08:58
	tg := telegramtest.New("123:ABC")
	defer tg.Close()
	sl := slackfake.New("xoxb-outage", "")
	defer sl.Close()
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, morningOrg(zone, start.Format("15:04"), start.Add(8*time.Hour).Format("15:04"), people))
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", tg.URL, "s3cret"
	vars["HRBOT_SLACK_BOT_TOKEN"], vars["HRBOT_SLACK_SIGNING_SECRET"], vars["HRBOT_SLACK_API_URL"] = "xoxb-outage", slackSecret, sl.URL()
	base := startServe(t, vars) // back at 09:06
	t.Logf("shift %s in %s, check-ins sent %s, delivered from %s", start.Format("15:04"), zone, sent.Format("15:04"), time.Now().In(loc).Format("15:04:05"))

	var mu sync.Mutex
	var inline []reply
	var wg sync.WaitGroup
	// Each is delivered twice: on Slack as two retries at once; on
	// Telegram one after the other, the first answer lost on the way
	// (which is why Telegram sends the update again).
	for i := 1; i <= people; i++ {
		telegram := i <= people/2
		deliver := func(try int) {
			code, r, ok := deliverHeld(base, i, people, try, sent)
			if code != http.StatusOK {
				t.Errorf("person %d, delivery %d: %d", i, try, code)
			}
			if ok && !(telegram && try == 1) {
				mu.Lock()
				inline = append(inline, r)
				mu.Unlock()
			}
		}
		if telegram {
			wg.Add(1)
			go func() {
				defer wg.Done()
				deliver(1)
				deliver(2)
			}()
			continue
		}
		for try := 1; try <= 2; try++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				deliver(try)
			}()
		}
	}
	wg.Wait()

	at := sent.Format("15:04")
	told := waitTold(t, tg, sl, &inline, people, "Checked in at "+at, "check-in on "+start.Format("2006-01-02")+" was sent at "+at)
	for who, n := range told {
		switch {
		case n == 0:
			t.Errorf("%s was not told", who)
		case n > 1 && who != "boss":
			t.Errorf("%s was told %d times, want once", who, n)
		}
	}
	if told["boss"] != people {
		t.Errorf("the boss got %d late-arrival notices, want %d: one per person, none for a repeat", told["boss"], people)
	}
	checkHeldRecords(t, dbURL, people, sent)
}

// deliverHeld posts person i's 08:58 check-in as the platform delivers it
// after the outage, delivery try of two: person i is on Telegram when i
// is in the first half of n, else on Slack. It returns the status and a
// reply carried in the answer, if any.
func deliverHeld(base string, i, n, try int, sent time.Time) (int, reply, bool) {
	var req *http.Request
	if i <= n/2 {
		from := int64(9100 + i)
		body, _ := json.Marshal(map[string]any{"update_id": 5000 + i, "message": map[string]any{
			"message_id": i, "date": sent.Unix(), "text": "/checkin",
			"from": map[string]any{"id": from, "is_bot": false, "first_name": "P", "language_code": "en"},
			"chat": map[string]any{"id": from, "type": "private"}}})
		req, _ = http.NewRequest(http.MethodPost, base+"/telegram/webhook", bytes.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret")
		req.Header.Set("Content-Type", "application/json")
	} else {
		user := fmt.Sprintf("UM%07d", i)
		body, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": slackfake.TeamID,
			"event_id": fmt.Sprint("EvHeld", i), "event_time": sent.Unix(),
			"event": map[string]any{"type": "message", "channel_type": "im", "channel": slackfake.DMChannel(user),
				"user": user, "text": "/checkin", "ts": fmt.Sprintf("%d.%06d", sent.Unix(), i)}})
		req, _ = http.NewRequest(http.MethodPost, base+"/slack/events", bytes.NewReader(body))
		req.Header = slackfake.Sign(slackSecret, body, time.Now()) // the retry is signed when it is sent
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Slack-Retry-Num", fmt.Sprint(try))
		req.Header.Set("X-Slack-Retry-Reason", "http_error")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, reply{}, false
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(res.Body)
	r, ok := inlineReply(answer)
	return res.StatusCode, r, ok
}

// waitTold waits until each of the people was told mine (a Telegram
// reply inline or sent, a Slack message) and the boss was told boss once
// per person, then a moment longer for repeats; it counts, by person
// ("telegram:9101", "slack:UM0000006", "boss"), what they were told.
func waitTold(t *testing.T, tg *telegramtest.Server, sl *slackfake.Server, inline *[]reply, people int, mine, boss string) map[string]int {
	t.Helper()
	count := func() map[string]int {
		told := map[string]int{"boss": 0}
		for i := 1; i <= people; i++ {
			if i <= people/2 {
				told[fmt.Sprint("telegram:", 9100+i)] = 0
			} else {
				told[fmt.Sprintf("slack:UM%07d", i)] = 0
			}
		}
		texts := append([]reply{}, *inline...)
		for _, c := range tg.Calls("sendMessage") {
			texts = append(texts, reply{chat: c.Params["chat_id"], text: c.Params["text"]})
		}
		for _, r := range texts {
			switch {
			case r.chat == "9100" && strings.Contains(r.text, boss):
				told["boss"]++
			case strings.Contains(r.text, mine):
				told["telegram:"+r.chat]++
			}
		}
		for _, c := range sl.Calls("chat.postMessage") {
			if strings.Contains(c.Text, mine) {
				told["slack:U"+strings.TrimPrefix(c.Channel, "D")]++
			}
		}
		return told
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		told, done := count(), true
		for who, n := range told {
			done = done && n > 0 && (who != "boss" || n >= people)
		}
		if done || time.Now().After(deadline) {
			break
		}
	}
	time.Sleep(500 * time.Millisecond) // anything told twice would show by now
	return count()
}

// checkHeldRecords wants one attendance record per person, checked in at
// sent and not late.
func checkHeldRecords(t *testing.T, dbURL string, people int, sent time.Time) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT e.key, count(r.id), min(r.check_in), max(r.check_in), coalesce(max(r.late_minutes), -1),
			coalesce(string_agg(array_to_string(r.flags, ','), ';'), '')
		FROM employees e LEFT JOIN attendance_records r ON r.employee_id = e.id
		WHERE e.key <> 'boss' GROUP BY e.key ORDER BY e.key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var key, flags string
		var n, late int
		var first, last *time.Time
		if err := rows.Scan(&key, &n, &first, &last, &late, &flags); err != nil {
			t.Fatal(err)
		}
		seen++
		if n != 1 || !first.Equal(sent) || !last.Equal(sent) || late != 0 || flags != "" {
			t.Errorf("%s: %d records, check-in %v–%v, late %d min, flags %q; want one at %s, on time",
				key, n, first, last, late, flags, sent.Format("15:04"))
		}
	}
	if err := rows.Err(); err != nil || seen != people {
		t.Errorf("%d people in the records (err %v), want %d", seen, err, people)
	}
	var notes int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE kind = 'att.punch.delayed'`).Scan(&notes); err != nil || notes != people {
		t.Errorf("%d late-arrival notifications (err %v), want %d: one per check-in, none for a repeat", notes, err, people)
	}
}
