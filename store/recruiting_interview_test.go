package store_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// The hiring manager offers two times (not another opening's manager:
// refused, audited); someone else's candidate cannot pick them; the
// candidate picks one, then the other: a reschedule, both interviewers
// told.
func TestInterviewTimesOfferedAndPicked(t *testing.T) {
	t.Parallel()
	h := newHiring(t, 1)
	ctx := context.Background()
	bo := h.candidate("Bo Chen", "9002", recruiting.Screened, 0)
	ann := h.candidate("Ann", "9001", recruiting.Interview, 0)
	app := h.application(bo)
	times := []recruiting.SlotAsk{
		{Start: dec(5, 14, 0)},
		{Start: dec(6, 10, 0), Minutes: 45, Place: "Room 3", Interviewer: "hr"},
	}

	if _, err := h.svc.OfferSlots(ctx, h.boss, app, times, "test"); !isKey(err, "recruiting.slots_stage") {
		t.Fatalf("times for a screened application: %v", err)
	}
	if _, err := h.db.Pool().Exec(ctx, `UPDATE applications SET stage = 'interview' WHERE id = $1`, app); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.OfferSlots(ctx, h.amy, app, times, "test"); core.ErrorCodeOf(err) != core.EForbidden || h.denied(h.amy) != 1 {
		t.Fatalf("another opening's manager offering times: %v, %d refusals audited", err, h.denied(h.amy))
	}
	if _, err := h.svc.OfferSlots(ctx, h.boss, app, []recruiting.SlotAsk{{Start: dec(3, 9, 0)}}, "test"); !isKey(err, "recruiting.slot_past") {
		t.Fatalf("a time past: %v", err)
	}
	slots, err := h.svc.OfferSlots(ctx, h.boss, app, times, "test")
	if err != nil || len(slots) != 2 || slots[0].InterviewerID != h.boss.Employee.ID || slots[1].Interviewer != "Hui" {
		t.Fatalf("offer: %+v %v", slots, err)
	}
	first, second := strconv.FormatInt(slots[0].ID, 10), strconv.FormatInt(slots[1].ID, 10)
	msgs := h.outbox.sent(recruiting.TellSlots)
	if len(msgs) != 1 || msgs[0]["slots"] != first+" "+second || msgs[0]["start."+first] != "2026-12-05T14:00:00+08:00" ||
		msgs[0]["place."+second] != "Room 3" || msgs[0]["minutes."+second] != "45" || msgs[0]["locale"] != "en" {
		t.Fatalf("the candidate's message: %v", msgs)
	}

	if _, err := h.svc.PickSlot(ctx, ann, slots[0].ID); !isKey(err, "recruiting.no_slot") {
		t.Fatalf("Ann picking Bo's time: %v", err)
	}
	if _, err := h.svc.PickSlot(ctx, bo, slots[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.PickSlot(ctx, bo, slots[0].ID); err != nil { // a double tap
		t.Fatal(err)
	}
	if h.notified(recruiting.NotifyInterview, h.boss) != 1 {
		t.Errorf("the interviewer told %d times", h.notified(recruiting.NotifyInterview, h.boss))
	}
	if _, err := h.svc.PickSlot(ctx, bo, slots[1].ID); err != nil {
		t.Fatal(err)
	}
	if h.notified(recruiting.NotifyInterview, h.hr) != 1 || h.notified(recruiting.NotifyInterviewCancelled, h.boss) != 1 {
		t.Error("a reschedule tells the new interviewer and the one given up")
	}
	if n := count(t, h.db, `SELECT count(*) FROM audit_log WHERE action = 'recruiting.interview_pick' AND reason <> ''`); n != 1 {
		t.Errorf("reschedules audited: %d", n)
	}
	if n := count(t, h.db, `SELECT count(*) FROM interview_slots WHERE picked_at IS NOT NULL`); n != 1 {
		t.Errorf("%d times picked", n)
	}
}

// The day's and the hour's reminders of a picked interview go once each
// at their time — across a restart, with passes racing, and again after
// a failed send that undid its mark — to the candidate and to the
// interviewer of the time picked.
func TestInterviewRemindersOnceEach(t *testing.T) {
	t.Parallel()
	h := newHiring(t, 1)
	ctx := context.Background()
	bo := h.candidate("Bo Chen", "9002", recruiting.Interview, 0)
	slots, err := h.svc.OfferSlots(ctx, h.boss, h.application(bo), []recruiting.SlotAsk{
		{Start: dec(5, 14, 0)},
		{Start: dec(6, 10, 0), Minutes: 45, Place: "Room 3", Interviewer: "hr"},
	}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.PickSlot(ctx, bo, slots[1].ID); err != nil {
		t.Fatal(err)
	}
	second := strconv.FormatInt(slots[1].ID, 10)
	remind := func(want int) {
		t.Helper()
		if n, err := h.svc.RemindInterviews(ctx); err != nil || n != want {
			t.Fatalf("at %s: %d reminders, %v; want %d", h.clock.Now(), n, err, want)
		}
	}
	h.at(5, 9, 59)
	remind(0)
	h.at(5, 10, 0) // 24 hours before
	remind(1)
	remind(0)
	h.restart()
	h.at(5, 18, 0)
	remind(0)
	h.at(6, 9, 0) // the hour before; the queue fails once: nothing is marked
	h.outbox.fail = true
	if _, err := h.svc.RemindInterviews(ctx); err == nil {
		t.Fatal("a failed send reported no error")
	}
	if n := count(t, h.db, `SELECT count(*) FROM interview_slots WHERE reminded_hour_at IS NOT NULL`); n != 0 {
		t.Fatal("a reminder not sent is marked sent")
	}
	h.restart()
	var wg sync.WaitGroup
	sent := make([]int, 4)
	for i := range sent {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if sent[i], err = h.svc.RemindInterviews(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if sent[0]+sent[1]+sent[2]+sent[3] != 1 {
		t.Errorf("racing passes sent %v", sent)
	}
	h.at(6, 10, 30)
	remind(0)
	got := h.outbox.sent(recruiting.TellRemind)
	if len(got) != 2 || got[0]["when"] != "day" || got[1]["when"] != "hour" || got[0]["slot"] != second || got[0]["place"] != "Room 3" {
		t.Errorf("the candidate's reminders: %v", got)
	}
	if h.notified(recruiting.NotifyInterviewRemind, h.hr) != 2 || h.notified(recruiting.NotifyInterviewRemind, h.boss) != 0 {
		t.Errorf("the interviewer's reminders: Hui %d, Boss %d", h.notified(recruiting.NotifyInterviewRemind, h.hr),
			h.notified(recruiting.NotifyInterviewRemind, h.boss))
	}
}

// Scorecards come from interviewers once their interview started, once
// each (again replaces it, audited); a second round is a new pick, not a
// reschedule; the card shows the average.
func TestScorecards(t *testing.T) {
	t.Parallel()
	h := newHiring(t, 1)
	ctx := context.Background()
	bo := h.candidate("Bo Chen", "9002", recruiting.Interview, 0)
	app := h.application(bo)
	slots, err := h.svc.OfferSlots(ctx, h.boss, app, []recruiting.SlotAsk{{Start: dec(5, 14, 0), Interviewer: "hr"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.PickSlot(ctx, bo, slots[0].ID); err != nil {
		t.Fatal(err)
	}
	h.at(5, 13, 0)
	if _, err := h.svc.Score(ctx, h.hr, app, 4, "", "test"); !isKey(err, "recruiting.too_early") {
		t.Fatalf("a card before the interview: %v", err)
	}
	h.at(5, 15, 0)
	if _, err := h.svc.Score(ctx, h.li, app, 4, "", "test"); core.ErrorCodeOf(err) != core.EForbidden || h.denied(h.li) != 1 {
		t.Fatalf("someone who did not interview: %v", err)
	}
	if _, err := h.svc.Score(ctx, h.boss, app, 4, "", "test"); !isKey(err, "recruiting.not_interviewer") {
		t.Fatalf("the hiring manager who did not interview: %v", err)
	}
	if _, err := h.svc.Score(ctx, h.hr, app, 6, "", "test"); !isKey(err, "recruiting.score_range") {
		t.Fatalf("a 6: %v", err)
	}
	if _, err := h.svc.Score(ctx, h.hr, app, 4, "Calm on the phone", "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Score(ctx, h.hr, app, 5, "Calm, and knows the product", "test"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, h.db, `SELECT count(*) FROM audit_log WHERE action = 'recruiting.score' AND before->>'score' = '4'`); n != 1 {
		t.Errorf("a changed card audited with what it said: %d", n)
	}

	second, err := h.svc.OfferSlots(ctx, h.boss, app, []recruiting.SlotAsk{{Start: dec(8, 15, 0)}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.PickSlot(ctx, bo, second[0].ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, h.db, `SELECT count(*) FROM interview_slots WHERE picked_at IS NOT NULL`); n != 2 {
		t.Fatalf("a second round replaced the first: %d picked", n)
	}
	h.at(8, 16, 0)
	if _, err := h.svc.Score(ctx, h.boss, app, 2, "Unsure about nights", "test"); err != nil {
		t.Fatal(err)
	}
	iv, err := h.svc.Interviews(ctx, h.boss, app, "test")
	if err != nil || len(iv.Cards) != 2 || iv.Average.String() != "3.5" || len(iv.Slots) != 2 || iv.Offer != nil {
		t.Fatalf("the card: %+v %v", iv, err)
	}
	if _, err := h.svc.Interviews(ctx, h.hr, app, "test"); err != nil {
		t.Errorf("an interviewer reading the card: %v", err)
	}
}

// The hiring manager moves a picked time (the candidate told, reminders
// due at the new time), cancels it (told; no reminder), and records a
// no-show only once the interview started.
func TestRescheduleCancelNoShow(t *testing.T) {
	t.Parallel()
	h := newHiring(t, 1)
	ctx := context.Background()
	bo := h.candidate("Bo Chen", "9002", recruiting.Interview, 0)
	app := h.application(bo)
	slots, err := h.svc.OfferSlots(ctx, h.boss, app, []recruiting.SlotAsk{{Start: dec(5, 14, 0)}, {Start: dec(5, 18, 0)}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	a, b := slots[0], slots[1]
	if _, err := h.svc.PickSlot(ctx, bo, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Reschedule(ctx, h.li, a.ID, recruiting.SlotAsk{Start: dec(5, 16, 0)}, "test"); core.ErrorCodeOf(err) != core.EForbidden {
		t.Fatalf("an employee rescheduling: %v", err)
	}
	if _, err := h.svc.Reschedule(ctx, h.boss, a.ID, recruiting.SlotAsk{Start: dec(5, 16, 0), Place: "Room 5"}, "test"); err != nil {
		t.Fatal(err)
	}
	moved := h.outbox.sent(recruiting.TellRescheduled)
	if len(moved) != 1 || moved[0]["start"] != "2026-12-05T16:00:00+08:00" || moved[0]["picked"] != "1" || moved[0]["place"] != "Room 5" {
		t.Fatalf("the candidate told of the move: %v", moved)
	}
	h.at(4, 14, 0) // 24 hours before the old time
	if n, err := h.svc.RemindInterviews(ctx); err != nil || n != 0 {
		t.Fatalf("reminded at the old time: %d %v", n, err)
	}
	h.at(4, 16, 0)
	if n, err := h.svc.RemindInterviews(ctx); err != nil || n != 1 {
		t.Fatalf("reminded at the new time: %d %v", n, err)
	}
	if _, err := h.svc.Cancel(ctx, h.boss, a.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if got := h.outbox.sent(recruiting.TellSlotCancelled); len(got) != 1 || got[0]["slot"] != strconv.FormatInt(a.ID, 10) {
		t.Fatalf("the candidate told it is off: %v", got)
	}
	h.at(5, 15, 30)
	if n, err := h.svc.RemindInterviews(ctx); err != nil || n != 0 {
		t.Fatalf("a cancelled interview reminded: %d %v", n, err)
	}
	if _, err := h.svc.PickSlot(ctx, bo, a.ID); !isKey(err, "recruiting.slot_gone") {
		t.Fatalf("picking a cancelled time: %v", err)
	}
	if _, err := h.svc.PickSlot(ctx, bo, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.NoShow(ctx, h.boss, b.ID, "test"); !isKey(err, "recruiting.too_early") {
		t.Fatalf("a no-show before the start: %v", err)
	}
	h.at(5, 18, 20)
	if _, err := h.svc.NoShow(ctx, h.boss, b.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, h.db, `SELECT count(*) FROM interview_slots WHERE no_show`); n != 1 {
		t.Errorf("no-shows recorded: %d", n)
	}
	if n := count(t, h.db, `SELECT count(*) FROM audit_log WHERE action LIKE 'recruiting.%' AND action IN
		('recruiting.interview_reschedule', 'recruiting.interview_cancel', 'recruiting.no_show') AND outcome = 'ok'`); n != 3 {
		t.Errorf("audited: %d of reschedule, cancel, no-show", n)
	}
	if strings.Contains(strings.Join(keysSent(t, h), " "), "recruiting.advanced") {
		t.Error("an interview change told as a move")
	}
}

// dec is a time on a day of December 2026 in Shanghai.
func dec(day, hour, minute int) time.Time {
	return time.Date(2026, 12, day, hour, minute, 0, 0, shanghai)
}

// keysSent lists the kinds of everything sent.
func keysSent(t *testing.T, h *hiring) []string {
	rows, err := h.db.Pool().Query(context.Background(), `SELECT kind FROM test_outgoing ORDER BY key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out = append(out, k)
	}
	return out
}
