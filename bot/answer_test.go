package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
)

// queuedBot is the harness's bot with its replies queued on a delivery
// queue that only enqueues, as `hrbot serve` wires it.
func (h *harness) queuedBot() *bot.Bot {
	h.t.Helper()
	q, err := delivery.New(delivery.Config{Pool: h.db.Pool(), Ledger: store.NewDeliveries(h.db)})
	if err != nil {
		h.t.Fatal(err)
	}
	dir := core.NewDirectory(store.NewDirectory(h.db), h.clock)
	att := attendance.NewService(store.NewAttendance(h.db), dir, h.clock)
	return bot.New(bot.Config{
		Directory: dir, Attendance: att, Leave: leave.NewService(store.NewLeaves(h.db), att, dir, h.clock),
		Inbox: store.NewOutbox(h.db), Conversations: store.NewConversations(h.db), CheckInGroups: store.NewCheckInGroups(h.db),
		Clock: h.clock, Replies: q,
	})
}

// queuedReplies lists the replies queued for delivery, by recipient.
func (h *harness) queuedReplies() map[string]int {
	h.t.Helper()
	rows, err := h.db.Pool().Query(context.Background(), `SELECT external_id, count(*) FROM deliveries WHERE source = 'reply' GROUP BY 1`)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			h.t.Fatal(err)
		}
		out[id] = n
	}
	return out
}

// A turn run without waiting on the send limits queues its replies with
// the turn (a check-in stored by a check-in group, in a transaction right
// after); a retry of the delivery runs nothing and queues nothing again.
// What the adapter keeps for its answer to the platform is not queued,
// and is given again when the platform retries.
func TestRepliesQueuedWithTheTurn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.at(time.Date(2026, 11, 25, 8, 58, 0, 0, shanghai))
	b := h.queuedBot()
	ctx := context.Background()
	in := bot.Incoming{Platform: core.PlatformTelegram, ChatID: "111", UserID: "111", Private: true, Text: "/checkin", DeliveryID: "u1"}
	a := bot.Answer{To: `{"c":111}`}
	for range 2 {
		out, err := b.HandleQueued(ctx, in, a)
		if err != nil || len(out.Now)+len(out.Send) != 0 {
			t.Fatalf("queued turn: %+v, %v; want everything queued", out, err)
		}
	}
	if got := h.queuedReplies(); got["111"] != 1 || len(got) != 1 {
		t.Errorf("queued replies %v, want one for 111", got)
	}
	var text string
	if err := h.db.Pool().QueryRow(ctx, `SELECT args->'replies'->0->>'Text' FROM river_job WHERE args->>'key' LIKE 'reply:%'`).Scan(&text); err != nil {
		t.Fatal(err)
	}
	mustContain(t, text, "08:58")

	// Any other turn queues its replies in its own transaction.
	other := bot.Incoming{Platform: core.PlatformTelegram, ChatID: "111", UserID: "111", Private: true, Text: "/whoami", DeliveryID: "u0"}
	for range 2 {
		if out, err := b.HandleQueued(ctx, other, a); err != nil || len(out.Now)+len(out.Send) != 0 {
			t.Fatalf("queued /whoami: %+v, %v", out, err)
		}
	}
	if got := h.queuedReplies(); got["111"] != 2 {
		t.Errorf("queued replies %v, want two for 111", got)
	}

	// The adapter keeps the answer for the platform's request.
	in.DeliveryID, in.Text = "u2", "/whoami"
	now := bot.Answer{To: a.To, Split: func(r []bot.Reply) (now, later []bot.Reply) { return r, nil }}
	first, err := b.HandleQueued(ctx, in, now)
	if err != nil || len(first.Now) != 1 || len(first.Send) != 0 {
		t.Fatalf("answered now: %+v, %v", first, err)
	}
	again, err := b.HandleQueued(ctx, in, now)
	if err != nil || len(again.Now) != 1 || again.Now[0].Text != first.Now[0].Text {
		t.Errorf("retry of an answer given now: %+v, %v; want the same answer", again, err)
	}
	if got := h.queuedReplies(); got["111"] != 2 {
		t.Errorf("queued replies %v, want still two", got)
	}

	// Someone the bot does not know yet is answered by the adapter.
	stranger := bot.Incoming{Platform: core.PlatformTelegram, ChatID: "999", UserID: "999", Private: true, Text: "/checkin", DeliveryID: "u3"}
	out, err := b.HandleQueued(ctx, stranger, a)
	if err != nil || len(out.Send) == 0 || len(out.Now) != 0 {
		t.Errorf("stranger: %+v, %v; want the answer for the adapter to send", out, err)
	}
	if got := h.queuedReplies(); len(got) != 1 {
		t.Errorf("queued replies %v, want none for a stranger", got)
	}
}

// Check-ins arriving together are stored by a group and their replies
// queued together: each person's once, and a retry of any of them runs
// nothing and queues nothing more.
func TestGroupRepliesQueuedOnce(t *testing.T) {
	t.Parallel()
	const people = 20
	var org strings.Builder
	org.WriteString("orgs:\n  - key: storm\n    name: Storm\n    time_zone: Asia/Shanghai\n    employees:\n")
	for i := range people {
		fmt.Fprintf(&org, "      - {key: p%d, name: P%d, telegram: \"%d\"}\n", i, i, 2000+i)
	}
	h := newHarnessWith(t, org.String())
	h.at(time.Date(2026, 11, 25, 8, 58, 0, 0, shanghai))
	b := h.queuedBot()
	ctx := context.Background()
	in := func(i int) bot.Incoming {
		id := fmt.Sprint(2000 + i)
		return bot.Incoming{Platform: core.PlatformTelegram, ChatID: id, UserID: id, Private: true, Text: "/checkin", DeliveryID: "g" + id}
	}
	for round := range 2 { // the second time, as the platform's retry
		var wg sync.WaitGroup
		for i := range people {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, err := b.HandleQueued(ctx, in(i), bot.Answer{To: fmt.Sprintf(`{"c":%d}`, 2000+i)})
				if err != nil || len(out.Now)+len(out.Send) != 0 {
					t.Errorf("round %d, person %d: %+v, %v; want everything queued", round, i, out, err)
				}
			}()
		}
		wg.Wait()
	}
	got := h.queuedReplies()
	for i := range people {
		if n := got[fmt.Sprint(2000+i)]; n != 1 {
			t.Errorf("person %d: %d replies queued, want 1", i, n)
		}
	}
	var records int
	if err := h.db.Pool().QueryRow(ctx, `SELECT count(*) FROM attendance_records`).Scan(&records); err != nil || records != people {
		t.Errorf("%d records (%v), want %d", records, err, people)
	}
}
