package bot_test

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// TestRetriedDeliveryAnsweredAgain: a platform retry of a delivery that was
// done (its commit succeeded, its answer was cut off) gets the same
// confirmation again, without the check-in running twice.
func TestRetriedDeliveryAnsweredAgain(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, "orgs:\n  - key: storm\n    name: Storm\n    employees:\n      - {key: p1, name: P1, telegram: \"1001\"}\n")
	h.at(time.Date(2026, 11, 25, 8, 59, 0, 0, shanghai))
	in := bot.Incoming{Platform: core.PlatformTelegram, ChatID: "1001", UserID: "1001", Private: true, Text: "/checkin", DeliveryID: "u1"}
	first, err := h.bot.Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, first[0].Text, "08:59 上班打卡成功")

	h.at(time.Date(2026, 11, 25, 9, 3, 0, 0, shanghai))
	var wg sync.WaitGroup
	for range 2 { // twice at once, as a platform may
		wg.Add(1)
		go func() {
			defer wg.Done()
			again, err := h.bot.Handle(context.Background(), in)
			if err != nil || !reflect.DeepEqual(again, first) {
				t.Errorf("retry: %+v, %v; want %+v", again, err, first)
			}
		}()
	}
	wg.Wait()
	h.restart()
	if again, err := h.bot.Handle(context.Background(), in); err != nil || !reflect.DeepEqual(again, first) {
		t.Errorf("retry after restart: %+v, %v; want %+v", again, err, first)
	}
	// Slack's retry of an event whose acknowledgement was lost: the first
	// handling answered, so this one says nothing.
	quiet := in
	quiet.QuietRepeat = true
	if again, err := h.bot.Handle(context.Background(), quiet); err != nil || len(again) != 0 {
		t.Errorf("quiet repeat: %+v, %v; want no replies", again, err)
	}
	// A new delivery of the same text is a new message.
	in.DeliveryID = "u2"
	if got := h.send(in); got == first[0].Text {
		t.Errorf("a second check-in was answered as the first: %q", got)
	}

	var records, audits int
	h.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM attendance_records`).Scan(&records)
	h.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'attendance.check_in'`).Scan(&audits)
	if records != 1 || audits != 1 {
		t.Errorf("%d attendance records and %d check-in audit rows, want 1 of each", records, audits)
	}
}

// TestRetriedPressAnsweredAgain: a retried button press (same delivery id)
// gets the answer of the press that ran, not "already approved".
func TestRetriedPressAnsweredAgain(t *testing.T) {
	t.Parallel()
	h := newLeaveHarness(t)
	if _, sent := h.ask("zoe", "leave annual dec 1-3 wedding trip"); sent == "" {
		t.Fatal("the request was not sent")
	}
	rows := h.pendingButtons("boss")
	if len(rows) != 1 {
		t.Fatalf("boss sees %d requests", len(rows))
	}
	press := bot.Incoming{Platform: core.PlatformConsole, ChatID: "c:boss", UserID: "shop/boss",
		Action: &bot.Action{ID: rows[0][0].ActionID, Value: rows[0][0].Value}, DeliveryID: "action:t1"}
	first := h.send(press)
	mustContain(t, first, "Approved: Zoe, 2026-12-01 → 2026-12-03.")
	if again := h.send(press); again != first {
		t.Errorf("retried press answered %q, want %q", again, first)
	}
	press.DeliveryID = "action:t2" // a second click
	mustContain(t, h.send(press), "Already approved by Boss Wang")
	var audits int
	h.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'leave.approve'`).Scan(&audits)
	if audits != 1 {
		t.Errorf("%d leave.approve audit rows, want 1", audits)
	}
}
