package broadcast_test

import (
	"context"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/broadcast"
)

type draft struct {
	audience, text string
	sent           bool
	recipients     int
}

type fakeStore struct{ drafts map[int64]*draft }

var _ broadcast.Store = (*fakeStore)(nil)

func (s *fakeStore) InTurn(ctx context.Context, fn func(context.Context) error) error { return fn(ctx) }
func (s *fakeStore) Draft(_ context.Context, _, _ int64, audience, text string, n int) (int64, error) {
	id := int64(len(s.drafts) + 1)
	s.drafts[id] = &draft{audience: audience, text: text, recipients: n}
	return id, nil
}
func (s *fakeStore) Lock(_ context.Context, _, _, id int64) (string, string, bool, error) {
	d, ok := s.drafts[id]
	if !ok {
		return "", "", false, core.Errorf(core.ENotFound, "broadcast.gone", "no broadcast %d", id)
	}
	return d.audience, d.text, d.sent, nil
}
func (s *fakeStore) MarkSent(_ context.Context, _, _, id int64, _ time.Time, n int, _, _, _ string) error {
	s.drafts[id].sent, s.drafts[id].recipients = true, n
	return nil
}
func (s *fakeStore) Recent(context.Context, int64, int) ([]core.BroadcastStatus, error) {
	return nil, nil
}

type fakePeople map[core.AudienceKind][]int64

func (p fakePeople) People(_ context.Context, _ int64, aud core.Audience) ([]int64, error) {
	return p[aud.Kind], nil
}

type noRoster struct{}

func (noRoster) Roster(context.Context, core.Org, core.Date) ([]attendance.RosterEntry, error) {
	return nil, nil
}

// fakeOutbox reaches everyone but person 3, who has no chat account.
type fakeOutbox struct{ sent []core.Outgoing }

func (o *fakeOutbox) reach(people []int64) core.Reach {
	var r core.Reach
	for _, p := range people {
		r.Sent = append(r.Sent, "p")
		if p == 3 {
			r.Unreached = append(r.Unreached, core.Unreached{EmployeeID: p, Reason: core.ReachNoAccount})
		}
	}
	return r
}
func (o *fakeOutbox) Reach(_ context.Context, people []int64) (core.Reach, error) {
	return o.reach(people), nil
}
func (o *fakeOutbox) Send(_ context.Context, m core.Outgoing) (core.Reach, error) {
	o.sent = append(o.sent, m)
	return o.reach(m.To), nil
}

func TestDraftAndSendOnce(t *testing.T) {
	ctx := context.Background()
	st, out := &fakeStore{drafts: map[int64]*draft{}}, &fakeOutbox{}
	svc := &broadcast.Service{Store: st, People: fakePeople{core.AudienceEveryone: {1, 2, 3}}, Roster: noRoster{}, Outbox: out,
		Clock: core.SystemClock{}}
	m := core.Member{Org: core.Org{ID: 1, DefaultLocale: "en"}, Employee: core.Employee{ID: 9, Name: "HR"}}

	id, n, unreached, err := svc.Draft(ctx, m, core.Audience{Kind: core.AudienceEveryone}, "hello")
	if err != nil || n != 2 || len(unreached) != 1 || unreached[0].EmployeeID != 3 {
		t.Fatalf("draft: n=%d unreached=%v err=%v; want 2 reached, person 3 not", n, unreached, err)
	}
	n, toChat, err := svc.Send(ctx, m, id, "test")
	if err != nil || n != 2 || toChat {
		t.Fatalf("send: n=%d toChat=%v err=%v; want 2 chat deliveries", n, toChat, err)
	}
	if got := out.sent[0]; got.Key(2) != "broadcast:1:2" || got.SenderID != 9 || got.Kind != core.NotifyBroadcast {
		t.Errorf("outgoing = key %q sender %d kind %q", got.Key(2), got.SenderID, got.Kind)
	}
	if _, _, err := svc.Send(ctx, m, id, "test"); core.ErrorCodeOf(err) != core.EConflict {
		t.Errorf("second send: %v, want a conflict", err)
	}
}

func TestSendToChat(t *testing.T) {
	ctx := context.Background()
	st, out := &fakeStore{drafts: map[int64]*draft{}}, &fakeOutbox{}
	svc := &broadcast.Service{Store: st, People: fakePeople{}, Roster: noRoster{}, Outbox: out, Clock: core.SystemClock{}}
	m := core.Member{Org: core.Org{ID: 1, DefaultLocale: "zh-CN"}, Employee: core.Employee{ID: 9}}
	id, err := svc.DraftToChat(ctx, m, core.PlatformTelegram, "-1001", "hi")
	if err != nil {
		t.Fatal(err)
	}
	n, toChat, err := svc.Send(ctx, m, id, "test")
	if err != nil || n != 1 || !toChat {
		t.Fatalf("send: n=%d toChat=%v err=%v", n, toChat, err)
	}
	got := out.sent[0]
	if got.Platform != core.PlatformTelegram || got.ChatID != "-1001" || got.Params["locale"] != "zh-CN" || got.Key(0) != "broadcast:1:chat" {
		t.Errorf("outgoing = %+v", got)
	}
}
