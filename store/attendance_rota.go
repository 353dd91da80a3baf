package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
)

// The rota: a month of plans for the console's schedule page, and the
// changes made on it (shift_overrides, employees' schedules). The plans
// themselves are worked out in core from the org's setup; storage reads
// the rest of the grid and writes the changes.

// batcher is a pool or a transaction: what sends several statements in
// one round trip.
type batcher interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

const (
	rotaVersionSQL = `SELECT config_version FROM orgs WHERE id = $1`
	rotaTeamsSQL   = `SELECT id, org_id, key, name FROM teams WHERE org_id = $1 ORDER BY key`
	// rotaPeopleSQL reads only what a plan and a row need; ListEmployees
	// also counts every person's unread notifications.
	rotaPeopleSQL = `
		SELECT e.id, e.key, e.name, e.role, e.job, coalesce(e.team_id, 0), coalesce(t.key, ''), coalesce(t.name, ''),
		       coalesce(e.manager_id, 0), e.hire_date, coalesce(sc.key, ''), e.rotation_offset
		FROM employees e LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN schedules sc ON sc.id = e.schedule_id
		WHERE e.org_id = $1 AND e.status = 'active' ORDER BY e.key`
	// rotaLeaveSQL expands approved leave into days, with the half of the
	// day a request's first or last day takes.
	rotaLeaveSQL = `
		SELECT r.employee_id, d::date, r.type_key, t.name,
		       CASE WHEN d::date = r.from_date AND r.from_part <> 'full' THEN r.from_part
		            WHEN d::date = r.to_date AND r.to_part <> 'full' THEN r.to_part
		            ELSE 'full' END
		FROM leave_requests r JOIN leave_types t ON t.org_id = r.org_id AND t.key = r.type_key,
		     generate_series(greatest(r.from_date, $2::date), least(r.to_date, $3::date), interval '1 day') d
		WHERE r.org_id = $1 AND r.status = 'approved' AND r.from_date <= $3 AND r.to_date >= $2`
	// rotaCoversSQL reads the covers the org's people accepted, in any
	// org of its group, that start in [$2, $3).
	rotaCoversSQL = `
		SELECT a.employee_id, a.job, a.starts_at, a.ends_at
		FROM cover_assignments a JOIN cover_requests r ON r.id = a.request_id
		WHERE a.employee_org_id = $1 AND r.status <> 'cancelled' AND a.starts_at >= $2 AND a.starts_at < $3
		ORDER BY a.starts_at`
)

// RotaData reads what a month's rota needs besides the setup, in one
// round trip: the org's config version, teams, active people, approved
// leave by day and accepted covers.
func (s Attendance) RotaData(ctx context.Context, q attendance.RotaQuery) (attendance.RotaData, error) {
	var data attendance.RotaData
	bq, ok := s.db.q(ctx).(batcher)
	if !ok {
		return data, errors.New("rota data: the connection cannot send batches")
	}
	b := &pgx.Batch{}
	b.Queue(rotaVersionSQL, q.OrgID).QueryRow(func(row pgx.Row) error { return row.Scan(&data.Version) })
	b.Queue(rotaTeamsSQL, q.OrgID).Query(func(rows pgx.Rows) error {
		var err error
		data.Teams, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.Team, error) {
			var t core.Team
			return t, r.Scan(&t.ID, &t.OrgID, &t.Key, &t.Name)
		})
		return err
	})
	b.Queue(rotaPeopleSQL, q.OrgID).Query(func(rows pgx.Rows) error {
		var err error
		data.People, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.Employee, error) {
			e := core.Employee{OrgID: q.OrgID, Status: core.StatusActive}
			var hire *time.Time
			err := r.Scan(&e.ID, &e.Key, &e.Name, &e.Role, &e.Job, &e.TeamID, &e.TeamKey, &e.TeamName,
				&e.ManagerID, &hire, &e.ScheduleKey, &e.RotationOffset)
			if hire != nil {
				e.HireDate = *hire
			}
			return e, err
		})
		return err
	})
	b.Queue(rotaLeaveSQL, q.OrgID, q.From.UTC(), q.To.UTC()).Query(func(rows pgx.Rows) error {
		var err error
		data.Leave, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (attendance.LeaveMark, error) {
			var l attendance.LeaveMark
			var d time.Time
			err := r.Scan(&l.EmployeeID, &d, &l.Type, &l.TypeName, &l.Part)
			l.Date = core.DateOf(d)
			return l, err
		})
		return err
	})
	b.Queue(rotaCoversSQL, q.OrgID, q.Start, q.End).Query(func(rows pgx.Rows) error {
		var err error
		data.Covers, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (attendance.CoverWork, error) {
			var c attendance.CoverWork
			return c, r.Scan(&c.EmployeeID, &c.Job, &c.Start, &c.End)
		})
		return err
	})
	if err := bq.SendBatch(ctx, b).Close(); err != nil {
		return attendance.RotaData{}, fmt.Errorf("rota data: %w", interpret(err))
	}
	return data, nil
}

// FindEmployeeByKey returns one person of an org by key, whatever their status.
func (s Attendance) FindEmployeeByKey(ctx context.Context, orgID int64, key string) (core.Employee, error) {
	m, err := scanMember(s.db.q(ctx).QueryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.org_id = $1 AND e.key = $2`, orgID, key))
	return m.Employee, err
}

// ConfigVersion returns an org's config version.
func (s Attendance) ConfigVersion(ctx context.Context, orgID int64) (int64, error) {
	var v int64
	err := s.db.q(ctx).QueryRow(ctx, rotaVersionSQL, orgID).Scan(&v)
	return v, interpret(err)
}

// SaveRota writes a change of the plan with its audit rows. It first moves
// the org's config version on from version, which holds the org's row
// until commit: concurrent changes are saved one after the other, and one
// worked out on an older plan fails with attendance.ErrRotaChanged.
func (s Attendance) SaveRota(ctx context.Context, orgID, version int64, ch attendance.RotaChange) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE orgs SET config_version = config_version + 1 WHERE id = $1 AND config_version = $2`, orgID, version)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return attendance.ErrRotaChanged
		}
		for _, d := range ch.Days {
			if err := saveDay(ctx, tx, orgID, d); err != nil {
				return err
			}
		}
		if a := ch.Assign; a != nil {
			tag, err := tx.Exec(ctx, `
				UPDATE employees SET schedule_id = (SELECT id FROM schedules WHERE org_id = $1 AND key = $3), rotation_offset = $4
				WHERE org_id = $1 AND id = $2 AND ($3 = '' OR EXISTS (SELECT 1 FROM schedules WHERE org_id = $1 AND key = $3))`,
				orgID, a.EmployeeID, a.Schedule, a.Offset)
			if err != nil {
				return interpret(err)
			}
			if tag.RowsAffected() == 0 {
				return attendance.ErrRotaChanged
			}
		}
		for _, e := range ch.Audits {
			if err := recordAudit(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// saveDay writes or removes one override. A shift that is gone (an apply
// removed it since the change was worked out) fails the change rather
// than turning into a day off.
func saveDay(ctx context.Context, tx pgx.Tx, orgID int64, d attendance.DayChange) error {
	if d.Remove {
		_, err := tx.Exec(ctx, `DELETE FROM shift_overrides WHERE org_id = $1 AND employee_id = $2 AND work_date = $3`,
			orgID, d.EmployeeID, d.Date.UTC())
		return interpret(err)
	}
	tag, err := tx.Exec(ctx, `
		INSERT INTO shift_overrides (org_id, employee_id, work_date, shift_id)
		SELECT $1, $2, $3, s.id FROM (SELECT 1) one LEFT JOIN shifts s ON s.org_id = $1 AND s.key = $4
		WHERE $4 = '' OR s.id IS NOT NULL
		ON CONFLICT (org_id, employee_id, work_date) DO UPDATE SET shift_id = EXCLUDED.shift_id`,
		orgID, d.EmployeeID, d.Date.UTC(), d.Shift)
	if err != nil {
		return interpret(err)
	}
	if tag.RowsAffected() == 0 {
		return attendance.ErrRotaChanged
	}
	return nil
}
