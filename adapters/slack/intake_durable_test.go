package slack_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/slack"
	"github.com/hrbot/hrbot/bot"
)

// countPosts counts the answers posted per text.
func countPosts(h *harness) map[string]int {
	out := map[string]int{}
	for _, c := range h.fake.Calls("chat.postMessage") {
		out[c.Text]++
	}
	return out
}

// TestEveryAcknowledgedEventIsAnswered: a burst far larger than the old
// in-memory queues took (256 a worker), sent while the bot is stuck, is
// acknowledged in full — no 503 — and once the bot moves every event is
// answered exactly once, each person's in the order they were sent. Slack's
// retries of events still waiting are acknowledged and not kept twice.
func TestEveryAcknowledgedEventIsAnswered(t *testing.T) {
	const people, each = 20, 40
	h := newHarness(t, "", func(c *slack.Config) {
		c.Limits = slack.Limits{PerChannelSecond: 1000, ChannelBurst: 1000, PostPerMinute: 1e6}
		c.Workers = 2 // the old queues held 2 × 256 of the 800
	})
	stuck := make(chan struct{})
	var mu sync.Mutex
	order := map[string][]string{}
	h.bot.replies = func(in bot.Incoming) []bot.Reply {
		<-stuck
		mu.Lock()
		order[in.UserID] = append(order[in.UserID], in.Text)
		mu.Unlock()
		return []bot.Reply{{Text: "echo " + in.Text}}
	}
	for i := range each {
		for p := range people {
			user := fmt.Sprintf("U%03d", p)
			if code, body := h.event(fmt.Sprintf("Ev%03d-%03d", p, i), dm(user, fmt.Sprintf("m %s %03d", user, i))); code != http.StatusOK {
				t.Fatalf("event %d of %s: %d %s", i, user, code, body)
			}
		}
	}
	// Slack sends some again (our acknowledgement was late, say).
	for p := range people {
		body := dm(fmt.Sprintf("U%03d", p), "a retry")
		if code, _ := h.event(fmt.Sprintf("Ev%03d-%03d", p, each-1), body); code != http.StatusOK {
			t.Fatalf("retry: %d", code)
		}
	}
	if n := len(h.kept.Items()); n != people*each {
		t.Fatalf("%d kept, want %d", n, people*each)
	}
	close(stuck)
	for deadline := time.Now().Add(60 * time.Second); len(h.fake.Calls("chat.postMessage")) < people*each; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d answered", len(h.fake.Calls("chat.postMessage")), people*each)
		}
	}
	time.Sleep(100 * time.Millisecond) // room for an answer too many
	posts := countPosts(h)
	for p := range people {
		user := fmt.Sprintf("U%03d", p)
		for i := range each {
			if n := posts[fmt.Sprintf("echo m %s %03d", user, i)]; n != 1 {
				t.Errorf("%s's message %d answered %d times", user, i, n)
			}
		}
		mu.Lock()
		got := order[user]
		mu.Unlock()
		for i, text := range got {
			if want := fmt.Sprintf("m %s %03d", user, i); text != want {
				t.Errorf("%s's message %d handled as %q: out of order", user, i, text)
				break
			}
		}
	}
	if posts["echo a retry"] != 0 {
		t.Errorf("a retry of a waiting event was handled")
	}
}

// TestNotKeptIsNotAcknowledged: when the intake cannot keep an event (the
// database is down) Slack gets 500, so it sends the event again, and the
// bot never sees it; Slack's retry after the database is back is kept,
// acknowledged and answered once.
func TestNotKeptIsNotAcknowledged(t *testing.T) {
	h := newHarness(t, "")
	h.kept.FailPuts(errors.New("database down"))
	if code, _ := h.event("EvDown", dm("U7", "whoami")); code != http.StatusInternalServerError {
		t.Fatalf("event not kept: %d, want 500", code)
	}
	code, _ := h.command("U7", "D7", "balance", h.fake.ResponseURL())
	if code != http.StatusInternalServerError {
		t.Fatalf("command not kept: %d, want 500", code)
	}
	h.kept.FailPuts(nil)
	body := dm("U7", "whoami")
	if code, _ := h.event("EvDown", body); code != http.StatusOK {
		t.Fatalf("Slack's retry: %d", code)
	}
	h.waitCall("chat.postMessage", "echo whoami")
	time.Sleep(100 * time.Millisecond) // room for an answer too many
	if in := h.bot.incoming(); len(in) != 1 || in[0].DeliveryID != "event:EvDown" {
		t.Errorf("the bot saw %+v, want the retry once", in)
	}
	if n := countPosts(h)["echo whoami"]; n != 1 {
		t.Errorf("answered %d times", n)
	}
}

// TestSocketModeAcknowledgesOnlyWhatIsKept: an envelope whose event cannot
// be kept is not acknowledged (Slack sends it again); once kept it is
// acknowledged and answered.
func TestSocketModeAcknowledgesOnlyWhatIsKept(t *testing.T) {
	h := newHarness(t, "xapp-test")
	h.kept.FailPuts(errors.New("database down"))
	event := map[string]any{"type": "event_callback", "event_id": "EvSock", "event": dm("U8", "whoami")}
	first, err := h.fake.SendSocket("events_api", event, 0)
	if err != nil {
		t.Fatal(err)
	}
	// An envelope sent after it is acknowledged once handled in turn:
	// then the first one's fate is known.
	marker, err := h.fake.SendSocket("events_api", map[string]any{"type": "event_callback", "event_id": "EvOther",
		"event": map[string]any{"type": "reaction_added", "user": "U8"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); !h.fake.Acked(marker); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("an envelope with nothing to keep was not acknowledged")
		}
	}
	if h.fake.Acked(first) || len(h.kept.Items()) != 0 {
		t.Fatal("an envelope not kept was acknowledged")
	}
	h.kept.FailPuts(nil)
	again, err := h.fake.SendSocket("events_api", event, 1)
	if err != nil {
		t.Fatal(err)
	}
	h.waitCall("chat.postMessage", "echo whoami")
	for deadline := time.Now().Add(10 * time.Second); !h.fake.Acked(again); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the kept envelope was not acknowledged")
		}
	}
	if in := h.bot.incoming(); len(in) != 1 || !strings.HasSuffix(in[0].DeliveryID, "EvSock") {
		t.Errorf("the bot saw %+v", in)
	}
}
