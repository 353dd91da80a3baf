package recruiting

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// When a picked interview is reminded of, to the candidate and the
// interviewer: 24 hours before it — the same time the day before, so
// whatever the org's zone an interview at 14:00 is reminded of at 14:00
// the day before — and one hour before. A reminder whose time came while
// hrbot was down goes out late, as long as it still says something: the
// day's until the hour's is due, the hour's until the start.
const (
	DayBefore  = 24 * time.Hour
	HourBefore = time.Hour
)

// Which reminder (DueReminder.When, Params "when").
const (
	RemindDay  = "day"
	RemindHour = "hour"
)

// tickBatch is how many reminders one transaction sends; a pass goes on
// while batches come full, up to tickBatches of them.
const (
	tickBatch   = 50
	tickBatches = 20
)

// DueReminder is a reminder owed for a picked slot.
type DueReminder struct {
	Slot        Slot
	When        string // RemindDay or RemindHour
	Application Application
}

// InterviewTick sends the interview reminders that are due, each once:
// a pass for the periodic loop. Each batch is sent with its marks in one
// transaction, over rows locked with SKIP LOCKED, so a crash, a restart
// or a second replica sends none twice.
func (s *Service) InterviewTick(ctx context.Context) error {
	_, err := s.RemindInterviews(ctx)
	return err
}

// RemindInterviews is InterviewTick, returning how many reminders it sent.
func (s *Service) RemindInterviews(ctx context.Context) (int, error) {
	h, err := s.hiringStore()
	if err != nil {
		return 0, err
	}
	total := 0
	for range tickBatches {
		n, err := s.remindBatch(ctx, h)
		total += n
		if err != nil {
			return total, fmt.Errorf("interview reminders: %w", err)
		}
		if n < tickBatch {
			break
		}
	}
	return total, nil
}

// remindBatch sends one batch of due reminders with their marks.
func (s *Service) remindBatch(ctx context.Context, h HiringStore) (int, error) {
	now := s.clock.Now()
	n := 0
	err := s.store.InTurn(ctx, func(ctx context.Context) error {
		due, err := h.DueReminders(ctx, now, tickBatch)
		if err != nil {
			return err
		}
		orgs := map[int64]core.Org{}
		for _, d := range due {
			org, ok := orgs[d.Slot.OrgID]
			if !ok {
				if org, err = s.store.OrgByID(ctx, d.Slot.OrgID); err != nil {
					return err
				}
				orgs[org.ID] = org
			}
			if err := s.remind(ctx, h, org, d, now); err != nil {
				return err
			}
		}
		n = len(due)
		return nil
	})
	return n, err
}

// remind sends one reminder to the candidate and the interviewer, and
// marks it sent.
func (s *Service) remind(ctx context.Context, h HiringStore, org core.Org, d DueReminder, now time.Time) error {
	sl, a := d.Slot, d.Application
	id := strconv.FormatInt(sl.ID, 10)
	p := s.candidateParams(a)
	p["slot"], p["when"], p["start"] = id, d.When, sl.Start.In(org.Location()).Format(time.RFC3339)
	p["minutes"], p["place"] = strconv.Itoa(sl.Minutes), sl.Place
	// The start is in the key: a slot moved is reminded of again.
	if err := s.sendCandidate(ctx, a, TellRemind, p, fmt.Sprintf("slot:%d:remind:%s:%d", sl.ID, d.When, sl.Start.Unix())); err != nil {
		return err
	}
	ns := []core.Notification{{OrgID: sl.OrgID, RecipientID: sl.InterviewerID, Kind: NotifyInterviewRemind, CreatedAt: now,
		Params: map[string]string{"application": strconv.FormatInt(a.ID, 10), "slot": id, "when": d.When}}}
	return h.MarkSlotReminded(ctx, sl.ID, d.When, now, ns)
}
