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

	"github.com/hrbot/hrbot/adapters/telegram/telegramtest"
	"github.com/hrbot/hrbot/store/pgtest"
)

// Intake does not wait for the send limits: with Telegram taking one
// message a second, 30 people checking in at once are all acknowledged
// (before, each webhook request waited for its reply to get through the
// limit, and the last ones timed out). Every person's confirmation is
// either on the webhook's answer or queued for the delivery queue, once,
// and the queue sends them at the limit.
func TestWebhookDoesNotWaitForSendLimits(t *testing.T) {
	t.Parallel()
	const people, firstID = 30, 700000
	fake := telegramtest.New("123:ABC")
	defer fake.Close()
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, allDayOrg(people, firstID, people))
	vars["HRBOT_TELEGRAM_TOKEN"], vars["HRBOT_TELEGRAM_API_URL"], vars["HRBOT_TELEGRAM_WEBHOOK_SECRET"] = "123:ABC", fake.URL, "s3cret"
	vars["HRBOT_TELEGRAM_SEND_PER_SECOND"] = "1"
	base := startServe(t, vars)

	// Sending 30 replies at one a second takes 30 s; the client gives up
	// after half of that.
	client := &http.Client{Timeout: 15 * time.Second}
	inline := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range int64(people) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, _ := json.Marshal(checkInUpdate(firstID+i, firstID+i))
			req, _ := http.NewRequest(http.MethodPost, base+"/telegram/webhook", bytes.NewReader(body))
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret")
			res, err := client.Do(req)
			if err != nil {
				t.Errorf("person %d: %v", i, err)
				return
			}
			defer res.Body.Close()
			answer, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK {
				t.Errorf("person %d: %d", i, res.StatusCode)
				return
			}
			var call struct {
				Method string `json:"method"`
				ChatID int64  `json:"chat_id"`
				Text   string `json:"text"`
			}
			if len(bytes.TrimSpace(answer)) > 0 {
				if err := json.Unmarshal(answer, &call); err != nil || call.Method != "sendMessage" || call.ChatID != firstID+i ||
					!strings.Contains(call.Text, "Checked in") {
					t.Errorf("person %d: webhook answered %s", i, answer)
				}
				mu.Lock()
				inline[fmt.Sprint(call.ChatID)]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()

	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), `SELECT external_id, count(*) FROM deliveries WHERE source = 'reply' GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	queued := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		queued[id] = n
	}
	rows.Close()
	for i := range int64(people) {
		id := fmt.Sprint(firstID + i)
		if inline[id]+queued[id] != 1 {
			t.Errorf("person %s: answered on the webhook %d times, queued %d; want one in all", id, inline[id], queued[id])
		}
	}
	// The queue sends them; a few are enough to see it at work.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if len(fake.Calls("sendMessage")) >= 3 {
			return
		}
	}
	if len(queued) > 0 {
		t.Errorf("no queued confirmation was sent")
	}
}
