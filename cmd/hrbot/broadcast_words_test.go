package main

import (
	"strings"
	"testing"

	"github.com/hrbot/hrbot/store/pgtest"
)

// A message for everyone asked for in words is previewed as /broadcast
// everyone is, with its Send button, and sent only when pressed:
// "给全员发通知：周五下午三点开会" was answered from the handbook.
func TestBroadcastInWords(t *testing.T) {
	t.Parallel()
	vars := applyOrg(t, pgtest.URL(t), slackOrg)
	r := hrbot(t, vars, "tell everyone: stock-take on Friday\n", "chat", "--as", "helen")
	if r.code != 0 || !strings.Contains(r.stdout, "everyone") || !strings.Contains(r.stdout, "\nstock-take on Friday") || strings.Contains(r.stdout, "Sending to") {
		t.Errorf("tell everyone: %+v", r)
	}
	r = hrbot(t, vars, "给全员发通知：周五下午三点开会\n1\n", "chat", "--as", "helen")
	if r.code != 0 || !strings.Contains(r.stdout, "\n周五下午三点开会") || !strings.Contains(r.stdout, "Sending to") {
		t.Errorf("给全员发通知: %+v", r)
	}
}
