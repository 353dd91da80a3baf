package attendance

import (
	"context"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
)

func TestPunchTime(t *testing.T) {
	t.Parallel()
	received := at(2026, 11, 24, 9, 6)
	for _, c := range []struct {
		name        string
		sent, want  time.Time
		wantDelayed bool
	}{
		{"Unknown", time.Time{}, received, false},
		{"InTheFuture", received.Add(time.Minute), received, false},
		{"OlderThanTheHorizon", received.Add(-RedeliveryHorizon - time.Second), received, false},
		{"AtTheHorizon", received.Add(-RedeliveryHorizon), received.Add(-RedeliveryHorizon), true},
		{"EightMinutesLate", received.Add(-8 * time.Minute), received.Add(-8 * time.Minute), true},
		{"WithinAFewMinutes", received.Add(-2 * time.Minute), received.Add(-2 * time.Minute), false},
		{"ExactlyDelayedAfter", received.Add(-DelayedAfter), received.Add(-DelayedAfter), false},
		{"AtReceipt", received, received, false},
	} {
		got, delayed := punchTime(c.sent, received)
		if !got.Equal(c.want) || delayed != c.wantDelayed {
			t.Errorf("%s: punch at %v delayed %v, want %v %v", c.name, got, delayed, c.want, c.wantDelayed)
		}
	}
}

// A check-in held up by the platform counts when it was sent, and the
// manager is told both times; one sent in the future counts on receipt.
func TestCheckInAtSendTime(t *testing.T) {
	t.Parallel()
	org := core.Org{ID: 1, Key: "shop", TimeZone: "Asia/Shanghai", ConfigVersion: 1}
	boss := core.Employee{ID: 99, Key: "boss", Name: "Boss"}
	received := at(2026, 11, 24, 9, 6)
	stored := func(r Record) (Record, bool, error) { return r, true, nil }
	notFound := func(core.Date) (Record, error) {
		return Record{}, core.Errorf(core.ENotFound, "att.no_record", "no record")
	}
	checkIn := func(sent time.Time) (PunchResult, *fakeStore) {
		t.Helper()
		st := &fakeStore{findRecord: notFound, insertCheckIn: stored, approver: boss}
		s := NewService(st, allowAll{}, core.ClockFunc(func() time.Time { return received }))
		res, err := s.CheckIn(context.Background(), core.Member{Org: org, Employee: office}, nil, sent, "test")
		if err != nil {
			t.Fatal(err)
		}
		return res, st
	}

	t.Run("EightMinutesLateIsOnTimeAndFlagged", func(t *testing.T) {
		sent := at(2026, 11, 24, 8, 58)
		res, st := checkIn(sent)
		if !res.Record.CheckIn.Equal(sent) || res.Record.LateMinutes != 0 {
			t.Errorf("check-in %v late %d, want %v on time", res.Record.CheckIn, res.Record.LateMinutes, sent)
		}
		if len(st.notes) != 1 {
			t.Fatalf("notifications %+v, want one to the manager", st.notes)
		}
		n := st.notes[0]
		if n.Kind != core.NotifyPunchDelayed || n.RecipientID != boss.ID || n.Params["kind"] != "check_in" ||
			n.Params["sent"] != "2026-11-24T00:58:00Z" || n.Params["received"] != "2026-11-24T01:06:00Z" || n.Params["date"] != "2026-11-24" {
			t.Errorf("notification %+v", n)
		}
	})
	t.Run("WithinAFewMinutesIsNotFlagged", func(t *testing.T) {
		sent := at(2026, 11, 24, 9, 4)
		res, st := checkIn(sent)
		if !res.Record.CheckIn.Equal(sent) || len(st.notes) != 0 {
			t.Errorf("check-in %v notes %+v, want %v and no notification", res.Record.CheckIn, st.notes, sent)
		}
	})
	t.Run("InTheFutureTakesTheReceiptTime", func(t *testing.T) {
		res, st := checkIn(received.Add(10 * time.Minute))
		if !res.Record.CheckIn.Equal(received) || len(st.notes) != 0 {
			t.Errorf("check-in %v notes %+v, want %v and no notification", res.Record.CheckIn, st.notes, received)
		}
	})
	t.Run("TooOldTakesTheReceiptTime", func(t *testing.T) {
		res, st := checkIn(received.Add(-25 * time.Hour))
		if !res.Record.CheckIn.Equal(received) || len(st.notes) != 0 {
			t.Errorf("check-in %v notes %+v, want %v and no notification", res.Record.CheckIn, st.notes, received)
		}
	})
}

// punchStore is fakeStore with what a check-out and a correction need.
type punchStore struct {
	fakeStore
	latest Record
	saved  []Record
}

func (p *punchStore) LatestRecord(context.Context, int64, int64, core.Date, core.Date) (Record, error) {
	return p.latest, nil
}

func (p *punchStore) SaveRecord(_ context.Context, r Record, _ core.AuditEntry, n core.Notification) (Record, error) {
	p.saved = append(p.saved, r)
	if n.RecipientID != 0 {
		p.notes = append(p.notes, n)
	}
	return r, nil
}

func (p *punchStore) CreateCorrection(_ context.Context, c Correction, _ CorrectionLimit, _ core.AuditEntry, _ core.Notification) (Correction, error) {
	return c, nil
}

// A check-out held up counts when it was sent, and is told like a
// check-in; a correction asked for on the last day of its window and
// received after midnight is still in time.
func TestCheckOutAndCorrectionAtSendTime(t *testing.T) {
	t.Parallel()
	org := core.Org{ID: 1, Key: "shop", TimeZone: "Asia/Shanghai", ConfigVersion: 1}
	boss := core.Employee{ID: 99, Key: "boss", Name: "Boss"}

	received := at(2026, 11, 24, 18, 10)
	sent := at(2026, 11, 24, 18, 1)
	st := &punchStore{fakeStore: fakeStore{approver: boss},
		latest: Record{WorkDate: core.NewDate(2026, 11, 24), ShiftKey: "morning", CheckIn: at(2026, 11, 24, 9, 0)}}
	s := NewService(st, allowAll{}, core.ClockFunc(func() time.Time { return received }))
	res, err := s.CheckOut(context.Background(), core.Member{Org: org, Employee: office}, nil, sent, "test")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Record.CheckOut.Equal(sent) || res.Record.OvertimeMinutes != 0 {
		t.Errorf("check-out %v overtime %d, want %v and none", res.Record.CheckOut, res.Record.OvertimeMinutes, sent)
	}
	if len(st.notes) != 1 || st.notes[0].Params["kind"] != "check_out" || st.notes[0].Kind != core.NotifyPunchDelayed {
		t.Errorf("notifications %+v, want one delayed check-out", st.notes)
	}

	// The window is 30 days: on 24 December the 24th of November is the last day.
	received = at(2026, 12, 25, 0, 3)
	req := CorrectionRequest{Date: core.NewDate(2026, 11, 24), Kind: FixCheckIn, Minute: 9 * 60, Reason: "forgot"}
	if _, _, err := s.RequestCorrection(context.Background(), core.Member{Org: org, Employee: office}, req, "test"); core.ErrorCodeOf(err) != core.EInvalid {
		t.Errorf("a correction received after its window without a send time: %v, want too old", err)
	}
	req.Sent = at(2026, 12, 24, 23, 58)
	if _, _, err := s.RequestCorrection(context.Background(), core.Member{Org: org, Employee: office}, req, "test"); err != nil {
		t.Errorf("a correction sent within its window: %v", err)
	}
}
