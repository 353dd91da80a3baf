package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/adapters/slack/slackfake"
	"github.com/hrbot/hrbot/store/pgtest"
)

// A message Slack is taking when serve is told to stop is finished before
// serve exits: recorded as sent, not left in doubt for the next process to
// send again. Every message Slack took is one hrbot recorded as sent.
func TestServeFinishesSendsOnStop(t *testing.T) {
	t.Parallel()
	fake := slackfake.New("xoxb-stop", "")
	defer fake.Close()
	// Slack carries a message out halfway through its answer.
	fake.SetLatency("chat.postMessage", 3*time.Second)
	dbURL := pgtest.URL(t)
	vars := applyOrg(t, dbURL, slackOrg)
	serveVars := map[string]string{"DATABASE_URL": dbURL, "HRBOT_SLACK_BOT_TOKEN": "xoxb-stop",
		"HRBOT_SLACK_SIGNING_SECRET": slackSecret, "HRBOT_SLACK_API_URL": fake.URL()}
	s := serveOn(t, freeAddr(t), serveVars, nil)

	vars["HRBOT_SLACK_BOT_TOKEN"], vars["HRBOT_SLACK_SIGNING_SECRET"] = "xoxb-stop", slackSecret
	if r := hrbot(t, vars, "/broadcast everyone Stock-take on Friday\n1\n", "chat", "--as", "helen"); !strings.Contains(r.stdout, "Sending to") {
		t.Fatalf("broadcast: %+v", r)
	}
	for deadline := time.Now().Add(20 * time.Second); len(fake.Calls("chat.postMessage")) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("nothing sent: %s", s.logs.String())
		}
	}
	// Stopped while Slack is still answering.
	if code := s.stop(t, 30*time.Second); code != 0 {
		t.Fatalf("serve exited %d: %s", code, s.logs.String())
	}

	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	calls := fake.Calls("chat.postMessage")
	for _, c := range calls {
		key := fmt.Sprint(c.Metadata.EventPayload["key"])
		var state string
		if err := conn.QueryRow(context.Background(), `SELECT state FROM deliveries WHERE key = $1`, key).Scan(&state); err != nil || state != "sent" {
			t.Errorf("Slack took %s; hrbot recorded it as %q (%v), want sent", key, state, err)
		}
	}
	var sending int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM deliveries WHERE state = 'sending'`).Scan(&sending); err != nil || sending != 0 {
		t.Errorf("%d deliveries left in doubt (%v)", sending, err)
	}
}
