package delivery_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/delivery"
	"github.com/hrbot/hrbot/store"
)

// answeringPhone is a phone that can also answer a message where it came
// from (delivery.Replier), in the order things arrive.
type answeringPhone struct {
	*phone
	mu    sync.Mutex
	order []string
	fail  error
}

func (p *answeringPhone) Send(ctx context.Context, account, key string, replies []bot.Reply) (string, error) {
	p.mu.Lock()
	p.order = append(p.order, "push "+replies[0].Text)
	p.mu.Unlock()
	return p.phone.Send(ctx, account, key, replies)
}

func (p *answeringPhone) Reply(_ context.Context, to string, replies []bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail != nil {
		return p.fail
	}
	for _, r := range replies {
		p.order = append(p.order, "reply "+to+" "+r.Text)
	}
	return nil
}

func (p *answeringPhone) sent() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.order...)
}

// A person's answer queued behind a broadcast to everyone goes out first,
// as it was written, to where the person wrote from; queueing it again
// (the platform retried) sends nothing more.
func TestRepliesGoFirst(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := &answeringPhone{phone: newPhone()}
	// One worker, so that what is sent first is what was taken first.
	q, err := delivery.New(delivery.Config{
		Pool: f.db.Pool(), Ledger: store.NewDeliveries(f.db), Renderer: textRenderer{}, Workers: 1,
		Senders: map[core.Platform]delivery.Sender{core.PlatformTelegram: p}, PollEvery: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	org := f.orgID()
	var items []delivery.Item
	for i := range 20 {
		items = append(items, delivery.Item{Key: fmt.Sprint("broadcast:1:", i), OrgID: org, Platform: core.PlatformTelegram,
			ExternalID: fmt.Sprint(200 + i), Source: core.SourceBroadcast, SourceID: 1,
			Message: delivery.Message{Kind: bot.NoticeBroadcast, Params: map[string]string{"text": "sale"}}})
	}
	if _, err := q.EnqueueNow(ctx, items); err != nil {
		t.Fatal(err)
	}
	answer := bot.QueuedReplies{Key: "reply:telegram:7:x", OrgID: org, Platform: core.PlatformTelegram, ExternalID: "101",
		To: `{"c":101}`, Replies: []bot.Reply{{Text: "Checked in at 08:58"}}}
	for range 2 {
		if err := q.QueueReplies(ctx, answer); err != nil {
			t.Fatal(err)
		}
	}
	f.start(q)
	if s := f.waitSettled(); s["sent"] != 21 {
		t.Fatalf("ledger %v, want 21 sent", s)
	}
	sent := p.sent()
	if len(sent) != 21 || sent[0] != `reply {"c":101} Checked in at 08:58` {
		t.Errorf("sent %d messages, first %q; want the reply first, once", len(sent), sent[0])
	}
	for _, s := range sent[1:] {
		if !strings.HasPrefix(s, "push ") {
			t.Errorf("after the reply: %q, want only the broadcast", s)
		}
	}
}

// A reply the platform refuses for good (the person blocked the bot) is
// recorded as failed, not tried for hours.
func TestReplyRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := &answeringPhone{phone: newPhone(), fail: fmt.Errorf("%w: blocked", delivery.ErrPermanent)}
	q := f.queue(p)
	if err := q.QueueReplies(context.Background(), bot.QueuedReplies{Key: "reply:telegram:8:x", OrgID: f.orgID(),
		Platform: core.PlatformTelegram, ExternalID: "101", To: `{"c":101}`, Replies: []bot.Reply{{Text: "hi"}}}); err != nil {
		t.Fatal(err)
	}
	f.start(q)
	if s := f.waitSettled(); s["failed"] != 1 {
		t.Errorf("ledger %v, want the reply failed", s)
	}
}
