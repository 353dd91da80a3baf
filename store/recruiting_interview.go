package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

var _ recruiting.HiringStore = Recruiting{}

const slotSelect = `SELECT s.id, s.org_id, s.application_id, s.starts_at, s.minutes, s.place, s.interviewer_id, i.name,
	s.picked_at, s.cancelled_at, s.no_show, s.reminded_day_at, s.reminded_hour_at
	FROM interview_slots s JOIN employees i ON i.id = s.interviewer_id`

func scanSlot(r pgx.Row) (recruiting.Slot, error) {
	var sl recruiting.Slot
	var picked, cancelled, day, hour *time.Time
	if err := r.Scan(&sl.ID, &sl.OrgID, &sl.ApplicationID, &sl.Start, &sl.Minutes, &sl.Place, &sl.InterviewerID, &sl.Interviewer,
		&picked, &cancelled, &sl.NoShow, &day, &hour); err != nil {
		return sl, interpret(err)
	}
	sl.PickedAt, sl.CancelledAt, sl.RemindedDayAt, sl.RemindedHourAt = timeOf(picked), timeOf(cancelled), timeOf(day), timeOf(hour)
	return sl, nil
}

// timeOf is a nullable timestamp read: zero for NULL.
func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// lockInterview locks an application's row while its slots change, and
// checks it is still at stage interview.
func lockInterview(ctx context.Context, tx pgx.Tx, orgID, appID int64) error {
	var stage string
	if err := tx.QueryRow(ctx, `SELECT stage FROM applications WHERE org_id = $1 AND id = $2 FOR NO KEY UPDATE`, orgID, appID).
		Scan(&stage); err != nil {
		return interpret(err)
	}
	if stage != string(recruiting.Interview) {
		return core.Errorf(core.EConflict, "recruiting.moved_meanwhile", "application %d is %s", appID, stage).With("stage", stage)
	}
	return nil
}

// AddSlots stores interview times for an application at interview.
func (s Recruiting) AddSlots(ctx context.Context, a recruiting.Application, slots []recruiting.Slot, audit core.AuditEntry) ([]recruiting.Slot, error) {
	var out []recruiting.Slot
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockInterview(ctx, tx, a.OrgID, a.ID); err != nil {
			return err
		}
		ids := make([]int64, 0, len(slots))
		for _, sl := range slots {
			var id int64
			if err := tx.QueryRow(ctx, `
				INSERT INTO interview_slots (org_id, application_id, starts_at, minutes, place, interviewer_id)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
				a.OrgID, a.ID, sl.Start, sl.Minutes, sl.Place, sl.InterviewerID).Scan(&id); err != nil {
				return fmt.Errorf("interview time: %w", interpret(err))
			}
			ids = append(ids, id)
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		var err error
		out, err = readAll(ctx, tx, func(r pgx.Rows) (recruiting.Slot, error) { return scanSlot(r) },
			slotSelect+` WHERE s.id = ANY($1) ORDER BY s.starts_at, s.id`, ids)
		return err
	})
	return out, err
}

// Slot returns one interview time of an org.
func (s Recruiting) Slot(ctx context.Context, orgID, id int64) (recruiting.Slot, error) {
	return scanSlot(s.db.q(ctx).QueryRow(ctx, slotSelect+` WHERE s.org_id = $1 AND s.id = $2`, orgID, id))
}

// Slots lists an application's interview times by start.
func (s Recruiting) Slots(ctx context.Context, orgID, applicationID int64) ([]recruiting.Slot, error) {
	return readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (recruiting.Slot, error) { return scanSlot(r) },
		slotSelect+` WHERE s.org_id = $1 AND s.application_id = $2 ORDER BY s.starts_at, s.id`, orgID, applicationID)
}

// SlotOf returns an interview time of the candidate on acc, with its
// application.
func (s Recruiting) SlotOf(ctx context.Context, acc recruiting.Account, id int64) (recruiting.Slot, recruiting.Application, error) {
	var orgID, appID int64
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT s.org_id, s.application_id FROM interview_slots s
		JOIN applications a ON a.id = s.application_id JOIN candidates c ON c.id = a.candidate_id
		WHERE s.id = $3 AND c.platform = $1 AND c.user_id = $2 AND c.erased_at IS NULL`, acc.Platform, acc.UserID, id).Scan(&orgID, &appID)
	if err != nil {
		return recruiting.Slot{}, recruiting.Application{}, interpret(err)
	}
	sl, err := s.Slot(ctx, orgID, id)
	if err != nil {
		return sl, recruiting.Application{}, err
	}
	a, err := s.Application(ctx, orgID, appID)
	return sl, a, err
}

func slotChanged(id int64) error {
	return core.Errorf(core.EConflict, "recruiting.slot_changed", "interview time %d changed meanwhile", id)
}

// PickSlot makes sl the candidate's pick instead of previous.
func (s Recruiting) PickSlot(ctx context.Context, sl recruiting.Slot, previous int64, audit core.AuditEntry, ns []core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockInterview(ctx, tx, sl.OrgID, sl.ApplicationID); err != nil {
			return err
		}
		var current int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM interview_slots
			WHERE org_id = $1 AND application_id = $2 AND picked_at IS NOT NULL AND cancelled_at IS NULL AND starts_at > $3`,
			sl.OrgID, sl.ApplicationID, sl.PickedAt).Scan(&current); err != nil {
			return interpret(err)
		}
		if current != previous {
			return slotChanged(sl.ID)
		}
		if previous != 0 {
			if _, err := tx.Exec(ctx, `UPDATE interview_slots SET picked_at = NULL, reminded_day_at = NULL, reminded_hour_at = NULL
				WHERE org_id = $1 AND id = $2`, sl.OrgID, previous); err != nil {
				return interpret(err)
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE interview_slots SET picked_at = $3, reminded_day_at = $4, reminded_hour_at = $5
			WHERE org_id = $1 AND id = $2 AND cancelled_at IS NULL AND starts_at > $3`,
			sl.OrgID, sl.ID, sl.PickedAt, nullTime(sl.RemindedDayAt), nullTime(sl.RemindedHourAt))
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return slotChanged(sl.ID)
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		return notifyAll(ctx, tx, ns)
	})
}

// SaveSlot writes what a reschedule, a cancellation or a no-show
// changes, if the slot is still open and as picked as sl says.
func (s Recruiting) SaveSlot(ctx context.Context, sl recruiting.Slot, audit core.AuditEntry, ns []core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE interview_slots SET starts_at = $3, minutes = $4, place = $5, interviewer_id = $6, cancelled_at = $7, no_show = $8,
			       reminded_day_at = $9, reminded_hour_at = $10
			WHERE org_id = $1 AND id = $2 AND cancelled_at IS NULL AND (picked_at IS NOT NULL) = $11`,
			sl.OrgID, sl.ID, sl.Start, sl.Minutes, sl.Place, sl.InterviewerID, nullTime(sl.CancelledAt), sl.NoShow,
			nullTime(sl.RemindedDayAt), nullTime(sl.RemindedHourAt), !sl.PickedAt.IsZero())
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return slotChanged(sl.ID)
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		return notifyAll(ctx, tx, ns)
	})
}

// DueReminders locks the reminders due at now: the hour's of picked
// slots starting within HourBefore, the day's of those starting later
// but within DayBefore, each not sent, of applications still at
// interview and candidates not erased.
func (s Recruiting) DueReminders(ctx context.Context, now time.Time, limit int) ([]recruiting.DueReminder, error) {
	type due struct {
		orgID, id, appID int64
		when             string
	}
	list, err := readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (d due, err error) {
		return d, r.Scan(&d.orgID, &d.id, &d.appID, &d.when)
	}, `SELECT s.org_id, s.id, s.application_id, CASE WHEN s.starts_at <= $2 THEN 'hour' ELSE 'day' END
		FROM interview_slots s JOIN applications a ON a.id = s.application_id JOIN candidates c ON c.id = a.candidate_id
		WHERE s.picked_at IS NOT NULL AND s.cancelled_at IS NULL AND s.starts_at > $1 AND s.starts_at <= $3
		  AND a.stage = 'interview' AND c.erased_at IS NULL
		  AND (s.reminded_hour_at IS NULL AND s.starts_at <= $2 OR s.reminded_day_at IS NULL AND s.starts_at > $2)
		ORDER BY s.starts_at, s.id LIMIT $4 FOR UPDATE OF s SKIP LOCKED`,
		now, now.Add(recruiting.HourBefore), now.Add(recruiting.DayBefore), limit)
	if err != nil {
		return nil, fmt.Errorf("interview reminders due: %w", err)
	}
	out := make([]recruiting.DueReminder, 0, len(list))
	for _, d := range list {
		sl, err := s.Slot(ctx, d.orgID, d.id)
		if err != nil {
			return nil, err
		}
		a, err := s.Application(ctx, d.orgID, d.appID)
		if err != nil {
			return nil, err
		}
		out = append(out, recruiting.DueReminder{Slot: sl, When: d.when, Application: a})
	}
	return out, nil
}

// MarkSlotReminded records a slot's reminder sent, with its notifications.
func (s Recruiting) MarkSlotReminded(ctx context.Context, slotID int64, when string, at time.Time, ns []core.Notification) error {
	column := "reminded_day_at"
	if when == recruiting.RemindHour {
		column = "reminded_hour_at"
	}
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE interview_slots SET `+column+` = $2 WHERE id = $1`, slotID, at); err != nil {
			return interpret(err)
		}
		return notifyAll(ctx, tx, ns)
	})
}

// SaveScorecard stores an interviewer's card, replacing theirs.
func (s Recruiting) SaveScorecard(ctx context.Context, c recruiting.Scorecard, audit core.AuditEntry) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
			INSERT INTO scorecards (org_id, application_id, interviewer_id, score, comment, at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (application_id, interviewer_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, at = excluded.at`,
			c.OrgID, c.ApplicationID, c.InterviewerID, c.Score, c.Comment, c.At); err != nil {
			return interpret(err)
		}
		return recordAudit(ctx, tx, audit)
	})
}

// Scorecards lists an application's cards, oldest first.
func (s Recruiting) Scorecards(ctx context.Context, orgID, applicationID int64) ([]recruiting.Scorecard, error) {
	return readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (c recruiting.Scorecard, err error) {
		return c, r.Scan(&c.ID, &c.OrgID, &c.ApplicationID, &c.InterviewerID, &c.Interviewer, &c.Score, &c.Comment, &c.At)
	}, `SELECT c.id, c.org_id, c.application_id, c.interviewer_id, e.name, c.score, c.comment, c.at
		FROM scorecards c JOIN employees e ON e.id = c.interviewer_id
		WHERE c.org_id = $1 AND c.application_id = $2 ORDER BY c.at, c.id`, orgID, applicationID)
}
