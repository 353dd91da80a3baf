package recruiting

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// staleBatch is how many stale applications one transaction reminds of.
const staleBatch = 100

// Waiting is an application that has waited too long in one stage.
type Waiting struct {
	ApplicationID   int64
	OrgID           int64
	OpeningID       int64
	HiringManagerID int64
	Stage           Stage
	Since           time.Time
}

// Waits lists the stages in which an application waits for its hiring
// manager: the ones a stale reminder is about. Applying waits for the
// candidate; a closed application waits for nobody.
func Waits() []Stage { return []Stage{Applied, Screened, Interview, Offer} }

// StaleStore is the store's side of the stale reminders (store.Recruiting
// has it beside Store).
type StaleStore interface {
	// Stale locks up to limit applications of any org waiting in one of
	// stages since before their org's stale_days (defaultDays without a
	// recruiting policy) before now, not reminded since they entered it;
	// those another pass holds are skipped. Call it within InTurn.
	Stale(ctx context.Context, stages []Stage, now time.Time, defaultDays, limit int) ([]Waiting, error)
	// MarkReminded records applications reminded at `at` and writes
	// their notifications, in the caller's transaction.
	MarkReminded(ctx context.Context, ids []int64, at time.Time, notes []core.Notification) error
}

// Tick is one pass of recruiting's periodic work: it reminds each
// application's hiring manager, once, of every application that has
// waited in applied, screened, interview or offer longer than its org's
// stale_days (reminded_at is cleared by every move, so each stage is
// reminded of once). Each batch's notifications are written with their
// marks in one transaction, and rows another replica holds are skipped,
// so no reminder goes twice.
func (s *Service) Tick(ctx context.Context) error {
	_, err := s.RemindStale(ctx)
	return err
}

// RemindStale is Tick, returning how many applications it reminded of.
func (s *Service) RemindStale(ctx context.Context) (int, error) {
	st, ok := s.store.(StaleStore)
	if !ok {
		return 0, fmt.Errorf("stale reminders: the recruiting store %T keeps no reminders", s.store)
	}
	sent := 0
	for {
		n := 0
		err := s.store.InTurn(ctx, func(ctx context.Context) error {
			now := s.clock.Now()
			due, err := st.Stale(ctx, Waits(), now, DefaultStaleDays, staleBatch)
			if err != nil || len(due) == 0 {
				return err
			}
			ids := make([]int64, len(due))
			notes := make([]core.Notification, len(due))
			for i, w := range due {
				ids[i] = w.ApplicationID
				notes[i] = core.Notification{OrgID: w.OrgID, RecipientID: w.HiringManagerID, Kind: NotifyStale, CreatedAt: now,
					Params: map[string]string{"application": strconv.FormatInt(w.ApplicationID, 10),
						"opening": strconv.FormatInt(w.OpeningID, 10), "stage": string(w.Stage)}}
			}
			n = len(due)
			return st.MarkReminded(ctx, ids, now, notes)
		})
		if err != nil {
			return sent, fmt.Errorf("stale reminders: %w", err)
		}
		sent += n
		if n < staleBatch {
			return sent, nil
		}
	}
}
