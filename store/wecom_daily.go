package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/dirsync"
)

// WeComDaily is the daily WeCom sync of each org (table wecom_daily): the
// switches HR sets on the console, and the claim that makes one replica
// run a day's job.
type WeComDaily struct{ db *DB }

// NewWeComDaily returns the daily jobs over db.
func NewWeComDaily(db *DB) WeComDaily { return WeComDaily{db: db} }

var _ dirsync.Store = WeComDaily{}

// dailyColumns are a job's columns, from wecom_daily d and the person who
// switched it on, s, in the order readDaily reads them.
const dailyColumns = `d.org_id, d.directory_daily, d.checkins_daily, d.switched_by, s.name, d.switched_at,
	d.ran_on, d.checkins_through, coalesce(d.last_result, '{}'::jsonb)`

// FindDaily returns org's job; one never switched on is all off.
func (s WeComDaily) FindDaily(ctx context.Context, orgID int64) (dirsync.Daily, error) {
	d, err := s.readDaily(ctx, s.db.q(ctx), orgID)
	if core.ErrorCodeOf(err) == core.ENotFound {
		return dirsync.Daily{OrgID: orgID}, nil
	}
	return d, err
}

func (s WeComDaily) readDaily(ctx context.Context, q dbtx, orgID int64) (dirsync.Daily, error) {
	var ranOn, through *time.Time
	var last map[string]string
	var d dirsync.Daily
	err := q.QueryRow(ctx, `SELECT `+dailyColumns+` FROM wecom_daily d JOIN employees s ON s.id = d.switched_by
		WHERE d.org_id = $1`, orgID).Scan(&d.OrgID, &d.Directory, &d.Checkins, &d.ByID, &d.ByName, &d.At, &ranOn, &through, &last)
	if err != nil {
		return dirsync.Daily{}, interpret(err)
	}
	setDailyDates(&d, ranOn, through, last)
	return d, nil
}

func setDailyDates(d *dirsync.Daily, ranOn, through *time.Time, last map[string]string) {
	if ranOn != nil {
		d.RanOn = core.DateOf(*ranOn)
	}
	if through != nil {
		d.CheckinsThrough = core.DateOf(*through)
	}
	d.Last = dirsync.ParseOutcome(last)
}

// SaveDaily sets the switches and who set them, with the audit row, in
// one transaction.
func (s WeComDaily) SaveDaily(ctx context.Context, d dirsync.Daily, audit core.AuditEntry) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			INSERT INTO wecom_daily (org_id, directory_daily, checkins_daily, switched_by, switched_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (org_id) DO UPDATE SET directory_daily = $2, checkins_daily = $3, switched_by = $4, switched_at = $5`,
			d.OrgID, d.Directory, d.Checkins, d.ByID, d.At)
		if err != nil {
			return fmt.Errorf("save daily sync: %w", interpret(err))
		}
		return recordAudit(ctx, tx, audit)
	})
}

// DueDaily lists the jobs switched on, each with the person it acts as as
// they are now, whatever the hour: the caller decides which are due in
// their org's day.
func (s WeComDaily) DueDaily(ctx context.Context) ([]dirsync.Job, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT d.directory_daily, d.checkins_daily, d.switched_at, d.ran_on, d.checkins_through,
		       coalesce(d.last_result, '{}'::jsonb), `+memberColumns+memberFrom+`
		JOIN wecom_daily d ON d.org_id = e.org_id AND d.switched_by = e.id
		WHERE d.directory_daily OR d.checkins_daily
		ORDER BY d.org_id`)
	if err != nil {
		return nil, fmt.Errorf("due daily syncs: %w", interpret(err))
	}
	defer rows.Close()
	var out []dirsync.Job
	for rows.Next() {
		var j dirsync.Job
		var ranOn, through *time.Time
		var last map[string]string
		j.As, err = scanMember(rows, &j.Daily.Directory, &j.Daily.Checkins, &j.Daily.At, &ranOn, &through, &last)
		if err != nil {
			return nil, fmt.Errorf("due daily syncs: %w", err)
		}
		setDailyDates(&j.Daily, ranOn, through, last)
		j.Daily.OrgID, j.Daily.ByID, j.Daily.ByName = j.As.Org.ID, j.As.Employee.ID, j.As.Employee.Name
		out = append(out, j)
	}
	return out, interpret(rows.Err())
}

// ClaimDaily takes org's job for day: true for exactly one caller a day,
// however many replicas ask at once (the UPDATE waits for a concurrent
// one and finds the day taken), false once it ran that day or when it is
// switched off.
func (s WeComDaily) ClaimDaily(ctx context.Context, orgID int64, day core.Date) (bool, error) {
	var got int64
	err := s.db.pool.QueryRow(ctx, `
		UPDATE wecom_daily SET ran_on = $2
		WHERE org_id = $1 AND (ran_on IS NULL OR ran_on < $2) AND (directory_daily OR checkins_daily)
		RETURNING org_id`, orgID, day.UTC()).Scan(&got)
	if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim daily sync: %w", interpret(err))
	}
	return true, nil
}

// FinishDaily records what org's job did (and, when punches were
// imported, the day they reached) with the notifications that tell it,
// in one transaction.
func (s WeComDaily) FinishDaily(ctx context.Context, orgID int64, o dirsync.Outcome, checkinsThrough core.Date, notes []core.Notification) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			UPDATE wecom_daily SET last_result = $2, last_run_at = now(), checkins_through = coalesce($3, checkins_through)
			WHERE org_id = $1`, orgID, o.Params(), dateArg(checkinsThrough))
		if err != nil {
			return fmt.Errorf("finish daily sync: %w", interpret(err))
		}
		for _, n := range notes {
			if err := notify(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
}
