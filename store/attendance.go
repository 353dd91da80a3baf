package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
)

// Attendance is attendance's storage: check-ins and their records, the
// corrections people ask for, and what judging a day needs besides (the
// org's setup, approved leave, the covers people work). It is
// core/attendance's Store and CoverShifts.
type Attendance struct {
	db *DB
	People
}

// NewAttendance returns attendance's storage over db.
func NewAttendance(db *DB) Attendance { return Attendance{db: db, People: People{db: db}} }

var (
	_ attendance.Store       = Attendance{}
	_ attendance.CoverShifts = Attendance{}
)

// LeaveDays expands approved leave into dates, per person.
func (s Attendance) LeaveDays(ctx context.Context, orgID int64, employeeIDs []int64, from, to core.Date) (map[int64]map[core.Date]bool, error) {
	return leaveDays(ctx, s.db.q(ctx), orgID, employeeIDs, from, to)
}

const recordColumns = `id, org_id, employee_id, work_date, shift_key, day_kind, planned_start, planned_end, break_minutes,
	check_in, check_out, late_minutes, early_minutes, worked_minutes, overtime_minutes, overtime_kind, flags, checkin_lat, checkin_lon`

// scanRecord reads recordColumns, after any leading columns given in lead.
func scanRecord(row pgx.Row, lead ...any) (attendance.Record, error) {
	var r attendance.Record
	var day time.Time
	var kind, otKind string
	var ps, pe, in, out *time.Time
	err := row.Scan(append(lead, &r.ID, &r.OrgID, &r.EmployeeID, &day, &r.ShiftKey, &kind, &ps, &pe, &r.BreakMinutes,
		&in, &out, &r.LateMinutes, &r.EarlyMinutes, &r.WorkedMinutes, &r.OvertimeMinutes, &otKind, &r.Flags, &r.Lat, &r.Lon)...)
	if err != nil {
		return attendance.Record{}, err
	}
	r.WorkDate = core.DateOf(day)
	r.DayKind = parseDayKind(kind)
	r.OvertimeKind = attendance.OvertimeKind(otKind)
	for src, dst := range map[*time.Time]*time.Time{ps: &r.PlannedStart, pe: &r.PlannedEnd, in: &r.CheckIn, out: &r.CheckOut} {
		if src != nil {
			*dst = *src
		}
	}
	return r, nil
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func flagsOf(r attendance.Record) []string {
	if r.Flags == nil {
		return []string{}
	}
	return r.Flags
}

// InsertCheckIn stores a check-in, its audit row and notification n (when
// it has a recipient) in one statement: the insert, its audit row and the
// answer for a repeat are one round trip, which is what keeps the 9:00
// storm fast.
func (s Attendance) InsertCheckIn(ctx context.Context, r attendance.Record, audit core.AuditEntry, n core.Notification) (attendance.Record, bool, error) {
	after, err := json.Marshal(audit.After)
	if err != nil {
		return attendance.Record{}, false, fmt.Errorf("encode audit: %w", err)
	}
	if n.Params == nil {
		n.Params = map[string]string{}
	}
	params, err := json.Marshal(n.Params)
	if err != nil {
		return attendance.Record{}, false, fmt.Errorf("encode notification: %w", err)
	}
	// A record made earlier by a check-out alone or a correction gets its
	// check-in filled; a record with a check-in is left alone.
	row := s.db.q(ctx).QueryRow(ctx, `
		WITH ins AS (
			INSERT INTO attendance_records (org_id, employee_id, work_date, shift_key, day_kind, planned_start, planned_end,
			    break_minutes, check_in, late_minutes, flags, checkin_lat, checkin_lon)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (org_id, employee_id, work_date) DO UPDATE
			SET check_in = EXCLUDED.check_in, late_minutes = EXCLUDED.late_minutes,
			    flags = attendance_records.flags || EXCLUDED.flags, updated_at = now()
			WHERE attendance_records.check_in IS NULL
			RETURNING `+recordColumns+`
		), audit AS (
			INSERT INTO audit_log (org_id, at, actor_id, action, entity_type, entity_id, after, channel, outcome)
			SELECT $1, $14, $2, $15, 'attendance', $16, $17, $18, 'ok' FROM ins
		), note AS (
			INSERT INTO notifications (org_id, recipient_id, kind, params, created_at)
			SELECT $1, $19, $20, $21, $22 FROM ins WHERE $19::bigint <> 0
		)
		SELECT true, `+recordColumns+` FROM ins
		UNION ALL
		SELECT false, `+recordColumns+` FROM attendance_records
		WHERE org_id = $1 AND employee_id = $2 AND work_date = $3 AND NOT EXISTS (SELECT 1 FROM ins)`,
		r.OrgID, r.EmployeeID, r.WorkDate.UTC(), r.ShiftKey, r.DayKind.String(), nullTime(r.PlannedStart), nullTime(r.PlannedEnd),
		r.BreakMinutes, r.CheckIn, r.LateMinutes, flagsOf(r), r.Lat, r.Lon,
		audit.At, audit.Action, audit.EntityID, after, audit.Channel,
		n.RecipientID, n.Kind, params, n.CreatedAt)
	var inserted bool
	rec, err := scanRecord(row, &inserted)
	if errors.Is(err, pgx.ErrNoRows) {
		// A concurrent check-in committed after this statement's snapshot:
		// it is the stored one.
		rec, err = s.FindRecord(ctx, r.OrgID, r.EmployeeID, r.WorkDate)
		return rec, false, err
	}
	if err != nil {
		return attendance.Record{}, false, fmt.Errorf("insert check-in: %w", interpret(err))
	}
	return rec, inserted, nil
}

// FindRecord returns a person's record for a work date.
func (s Attendance) FindRecord(ctx context.Context, orgID, employeeID int64, d core.Date) (attendance.Record, error) {
	return interpretRecord(scanRecord(s.db.q(ctx).QueryRow(ctx, `SELECT `+recordColumns+` FROM attendance_records
		WHERE org_id = $1 AND employee_id = $2 AND work_date = $3`, orgID, employeeID, d.UTC())))
}

func interpretRecord(r attendance.Record, err error) (attendance.Record, error) {
	return r, interpret(err)
}

// LatestRecord returns a person's most recent record in [from, to].
func (s Attendance) LatestRecord(ctx context.Context, orgID, employeeID int64, from, to core.Date) (attendance.Record, error) {
	return interpretRecord(scanRecord(s.db.q(ctx).QueryRow(ctx, `SELECT `+recordColumns+` FROM attendance_records
		WHERE org_id = $1 AND employee_id = $2 AND work_date BETWEEN $3 AND $4 ORDER BY work_date DESC LIMIT 1`,
		orgID, employeeID, from.UTC(), to.UTC())))
}

// SaveRecord upserts a record by person and work date, with its audit row
// and notification n (when it has a recipient).
func (s Attendance) SaveRecord(ctx context.Context, r attendance.Record, audit core.AuditEntry, n core.Notification) (attendance.Record, error) {
	var out attendance.Record
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = saveRecord(ctx, tx, r)
		if err != nil {
			return err
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		return notify(ctx, tx, n)
	})
	return out, err
}

func saveRecord(ctx context.Context, q dbtx, r attendance.Record) (attendance.Record, error) {
	out, err := interpretRecord(scanRecord(q.QueryRow(ctx, `
		INSERT INTO attendance_records (org_id, employee_id, work_date, shift_key, day_kind, planned_start, planned_end, break_minutes,
		    check_in, check_out, late_minutes, early_minutes, worked_minutes, overtime_minutes, overtime_kind, flags, checkin_lat, checkin_lon)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT (org_id, employee_id, work_date) DO UPDATE SET
		    shift_key = EXCLUDED.shift_key, day_kind = EXCLUDED.day_kind, planned_start = EXCLUDED.planned_start,
		    planned_end = EXCLUDED.planned_end, break_minutes = EXCLUDED.break_minutes, check_in = EXCLUDED.check_in,
		    check_out = EXCLUDED.check_out, late_minutes = EXCLUDED.late_minutes, early_minutes = EXCLUDED.early_minutes,
		    worked_minutes = EXCLUDED.worked_minutes, overtime_minutes = EXCLUDED.overtime_minutes,
		    overtime_kind = EXCLUDED.overtime_kind, flags = EXCLUDED.flags,
		    checkin_lat = coalesce(EXCLUDED.checkin_lat, attendance_records.checkin_lat),
		    checkin_lon = coalesce(EXCLUDED.checkin_lon, attendance_records.checkin_lon), updated_at = now()
		RETURNING `+recordColumns,
		r.OrgID, r.EmployeeID, r.WorkDate.UTC(), r.ShiftKey, r.DayKind.String(), nullTime(r.PlannedStart), nullTime(r.PlannedEnd),
		r.BreakMinutes, nullTime(r.CheckIn), nullTime(r.CheckOut), r.LateMinutes, r.EarlyMinutes, r.WorkedMinutes,
		r.OvertimeMinutes, string(r.OvertimeKind), flagsOf(r), r.Lat, r.Lon)))
	if err != nil {
		return attendance.Record{}, fmt.Errorf("save attendance record: %w", err)
	}
	return out, nil
}

// ListRecords returns records in a date range, for some people or all (nil).
func (s Attendance) ListRecords(ctx context.Context, orgID int64, employeeIDs []int64, from, to core.Date) ([]attendance.Record, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+recordColumns+` FROM attendance_records
		WHERE org_id = $1 AND work_date BETWEEN $2 AND $3 AND ($4::bigint[] IS NULL OR employee_id = ANY($4))
		ORDER BY employee_id, work_date`, orgID, from.UTC(), to.UTC(), employeeIDs)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []attendance.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, interpret(err)
		}
		out = append(out, r)
	}
	return out, interpret(rows.Err())
}

// CloseMissingCheckouts closes, in one statement, every open record whose
// org's auto check-out time has passed: at the planned end, or for work on
// a day off at the check-in itself, with no overtime, flagged and audited.
func (s Attendance) CloseMissingCheckouts(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := s.db.q(ctx).QueryRow(ctx, `
		WITH due AS (
			SELECT r.id
			FROM attendance_records r
			JOIN orgs o ON o.id = r.org_id
			LEFT JOIN attendance_policies p ON p.org_id = r.org_id
			WHERE r.check_out IS NULL AND r.check_in IS NOT NULL
			  AND coalesce(r.planned_end, r.check_in + interval '12 hours')
			      + make_interval(mins => coalesce(p.auto_checkout_after_minutes, 240)) < $1
			FOR UPDATE OF r SKIP LOCKED
		), closed AS (
			UPDATE attendance_records r
			SET check_out = greatest(coalesce(r.planned_end, r.check_in), r.check_in),
			    worked_minutes = greatest(0, floor(extract(epoch FROM greatest(coalesce(r.planned_end, r.check_in), r.check_in) - r.check_in) / 60)::int - r.break_minutes),
			    early_minutes = 0, overtime_minutes = 0, overtime_kind = '',
			    flags = array_append(array_remove(r.flags, 'auto_closed'), 'auto_closed'), updated_at = now()
			FROM due WHERE r.id = due.id
			RETURNING r.org_id, r.employee_id, r.work_date, r.check_out
		), audit AS (
			INSERT INTO audit_log (org_id, at, actor_label, action, entity_type, entity_id, after, channel, outcome, reason)
			SELECT c.org_id, $1, 'system', 'attendance.auto_check_out', 'attendance', e.key || '@' || c.work_date,
			       jsonb_build_object('check_out', c.check_out, 'auto_closed', true), 'system', 'ok',
			       'no check-out by the org''s auto check-out time'
			FROM closed c JOIN employees e ON e.id = c.employee_id
		)
		SELECT count(*) FROM closed`, now).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("close missing check-outs: %w", interpret(err))
	}
	return n, nil
}

func parseDayKind(s string) calendar.Kind {
	for _, k := range []calendar.Kind{calendar.Workday, calendar.RestDay, calendar.Holiday, calendar.MakeupWorkday} {
		if k.String() == s {
			return k
		}
	}
	return calendar.Workday
}

// CoverAt returns the cover a person accepted whose window, opened earlier
// by checkinOpen, contains t.
func (s Attendance) CoverAt(ctx context.Context, employeeID int64, t time.Time, checkinOpen time.Duration) (time.Time, time.Time, string, bool, error) {
	var start, end time.Time
	var job string
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT a.starts_at, a.ends_at, a.job FROM cover_assignments a JOIN cover_requests r ON r.id = a.request_id
		WHERE a.employee_id = $1 AND r.status <> 'cancelled' AND a.starts_at - $3::interval <= $2 AND a.ends_at > $2
		ORDER BY a.starts_at LIMIT 1`, employeeID, t, checkinOpen).Scan(&start, &end, &job)
	if errors.Is(err, pgx.ErrNoRows) {
		return start, end, job, false, nil
	}
	return start, end, job, err == nil, interpret(err)
}
