package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
)

var _ attendance.Store = (*DB)(nil)

// LoadSetup reads an org's attendance configuration in one round of queries.
func (db *DB) LoadSetup(ctx context.Context, org core.Org) (*attendance.Setup, error) {
	pol := core.DefaultAttendancePolicy()
	var days []int16
	err := db.q(ctx).QueryRow(ctx, `
		SELECT workweek, day_start, day_end, day_break, grace_minutes, early_grace_minutes, absent_after_minutes,
		       overtime_min_minutes, auto_checkout_after_minutes, checkin_open_minutes, geofence, correction_days,
		       corrections_per_month, o.config_version
		FROM orgs o LEFT JOIN attendance_policies p ON p.org_id = o.id WHERE o.id = $1`, org.ID).
		Scan(&days, &pol.DayStart, &pol.DayEnd, &pol.DayBreak, &pol.Grace, &pol.EarlyGrace, &pol.AbsentAfter,
			&pol.OvertimeMin, &pol.AutoCheckoutAfter, &pol.CheckinOpen, &pol.Geofence, &pol.CorrectionDays,
			&pol.CorrectionsPerMonth, &org.ConfigVersion)
	if err != nil {
		// An org applied before attendance existed has no policy row: defaults.
		if err2 := db.q(ctx).QueryRow(ctx, `SELECT config_version FROM orgs WHERE id = $1`, org.ID).Scan(&org.ConfigVersion); err2 != nil {
			return nil, interpret(err2)
		}
		pol = core.DefaultAttendancePolicy()
	} else {
		pol.Workweek = weekdays(days)
	}

	var shifts []core.Shift
	rows, err := db.q(ctx).Query(ctx, `SELECT id, key, name, start_minute, end_minute, break_minutes, job FROM shifts WHERE org_id = $1`, org.ID)
	if err != nil {
		return nil, interpret(err)
	}
	for rows.Next() {
		var s core.Shift
		if err := rows.Scan(&s.ID, &s.Key, &s.Name, &s.Start, &s.End, &s.BreakMinutes, &s.Job); err != nil {
			rows.Close()
			return nil, interpret(err)
		}
		shifts = append(shifts, s)
	}
	rows.Close()

	var schedules []core.Schedule
	rows, err = db.q(ctx).Query(ctx, `SELECT id, key, name, kind, start_date, pattern, work_holidays FROM schedules WHERE org_id = $1`, org.ID)
	if err != nil {
		return nil, interpret(err)
	}
	for rows.Next() {
		var s core.Schedule
		var start time.Time
		if err := rows.Scan(&s.ID, &s.Key, &s.Name, &s.Kind, &start, &s.Pattern, &s.WorkHolidays); err != nil {
			rows.Close()
			return nil, interpret(err)
		}
		s.Start = core.DateOf(start)
		schedules = append(schedules, s)
	}
	rows.Close()

	var overrides []core.ShiftOverride
	rows, err = db.q(ctx).Query(ctx, `
		SELECT e.key, o.work_date, coalesce(s.key, '')
		FROM shift_overrides o JOIN employees e ON e.id = o.employee_id LEFT JOIN shifts s ON s.id = o.shift_id
		WHERE o.org_id = $1`, org.ID)
	if err != nil {
		return nil, interpret(err)
	}
	for rows.Next() {
		var o core.ShiftOverride
		var d time.Time
		if err := rows.Scan(&o.Employee, &d, &o.Shift); err != nil {
			rows.Close()
			return nil, interpret(err)
		}
		o.Date = core.DateOf(d)
		overrides = append(overrides, o)
	}
	rows.Close()

	var sites []core.Site
	rows, err = db.q(ctx).Query(ctx, `SELECT key, name, latitude, longitude, radius_m FROM sites WHERE org_id = $1 ORDER BY key`, org.ID)
	if err != nil {
		return nil, interpret(err)
	}
	for rows.Next() {
		var s core.Site
		if err := rows.Scan(&s.Key, &s.Name, &s.Lat, &s.Lon, &s.RadiusM); err != nil {
			rows.Close()
			return nil, interpret(err)
		}
		sites = append(sites, s)
	}
	rows.Close()

	var cal []core.CalendarDay
	rows, err = db.q(ctx).Query(ctx, `SELECT day, holiday, name, statutory FROM calendar_days WHERE org_id = $1 ORDER BY day`, org.ID)
	if err != nil {
		return nil, interpret(err)
	}
	for rows.Next() {
		var c core.CalendarDay
		var d time.Time
		if err := rows.Scan(&d, &c.Holiday, &c.Name, &c.Statutory); err != nil {
			rows.Close()
			return nil, interpret(err)
		}
		c.Date = core.DateOf(d)
		cal = append(cal, c)
	}
	rows.Close()
	return attendance.NewSetup(org, pol, shifts, schedules, overrides, sites, cal), nil
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

// InsertCheckIn stores a check-in and its audit row in one statement: the
// insert, its audit row and the answer for a repeat are one round trip,
// which is what keeps the 9:00 storm fast.
func (db *DB) InsertCheckIn(ctx context.Context, r attendance.Record, audit core.AuditEntry) (attendance.Record, bool, error) {
	after, err := json.Marshal(audit.After)
	if err != nil {
		return attendance.Record{}, false, fmt.Errorf("encode audit: %w", err)
	}
	// A record made earlier by a check-out alone or a correction gets its
	// check-in filled; a record with a check-in is left alone.
	row := db.q(ctx).QueryRow(ctx, `
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
		)
		SELECT true, `+recordColumns+` FROM ins
		UNION ALL
		SELECT false, `+recordColumns+` FROM attendance_records
		WHERE org_id = $1 AND employee_id = $2 AND work_date = $3 AND NOT EXISTS (SELECT 1 FROM ins)`,
		r.OrgID, r.EmployeeID, r.WorkDate.UTC(), r.ShiftKey, r.DayKind.String(), nullTime(r.PlannedStart), nullTime(r.PlannedEnd),
		r.BreakMinutes, r.CheckIn, r.LateMinutes, flagsOf(r), r.Lat, r.Lon,
		audit.At, audit.Action, audit.EntityID, after, audit.Channel)
	var inserted bool
	rec, err := scanRecord(row, &inserted)
	if errors.Is(err, pgx.ErrNoRows) {
		// A concurrent check-in committed after this statement's snapshot:
		// it is the stored one.
		rec, err = db.FindRecord(ctx, r.OrgID, r.EmployeeID, r.WorkDate)
		return rec, false, err
	}
	if err != nil {
		return attendance.Record{}, false, fmt.Errorf("insert check-in: %w", interpret(err))
	}
	return rec, inserted, nil
}

// FindRecord returns a person's record for a work date.
func (db *DB) FindRecord(ctx context.Context, orgID, employeeID int64, d core.Date) (attendance.Record, error) {
	return interpretRecord(scanRecord(db.q(ctx).QueryRow(ctx, `SELECT `+recordColumns+` FROM attendance_records
		WHERE org_id = $1 AND employee_id = $2 AND work_date = $3`, orgID, employeeID, d.UTC())))
}

func interpretRecord(r attendance.Record, err error) (attendance.Record, error) {
	return r, interpret(err)
}

// LatestRecord returns a person's most recent record in [from, to].
func (db *DB) LatestRecord(ctx context.Context, orgID, employeeID int64, from, to core.Date) (attendance.Record, error) {
	return interpretRecord(scanRecord(db.q(ctx).QueryRow(ctx, `SELECT `+recordColumns+` FROM attendance_records
		WHERE org_id = $1 AND employee_id = $2 AND work_date BETWEEN $3 AND $4 ORDER BY work_date DESC LIMIT 1`,
		orgID, employeeID, from.UTC(), to.UTC())))
}

// SaveRecord upserts a record by person and work date, with its audit row.
func (db *DB) SaveRecord(ctx context.Context, r attendance.Record, audit core.AuditEntry) (attendance.Record, error) {
	var out attendance.Record
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = saveRecord(ctx, tx, r)
		if err != nil {
			return err
		}
		return recordAudit(ctx, tx, audit)
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
func (db *DB) ListRecords(ctx context.Context, orgID int64, employeeIDs []int64, from, to core.Date) ([]attendance.Record, error) {
	rows, err := db.q(ctx).Query(ctx, `SELECT `+recordColumns+` FROM attendance_records
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
func (db *DB) CloseMissingCheckouts(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := db.q(ctx).QueryRow(ctx, `
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

const correctionColumns = `c.id, c.org_id, c.employee_id, e.key, e.name, c.work_date, c.kind, c.requested_at, c.reason, c.status,
	c.approver_id, coalesce(c.decided_by, 0), coalesce(d.name, ''), c.decided_at, c.created_at, c.reject_reason`

const correctionFrom = ` FROM attendance_corrections c JOIN employees e ON e.id = c.employee_id
	LEFT JOIN employees d ON d.id = c.decided_by`

func scanCorrection(row pgx.Row) (attendance.Correction, error) {
	var c attendance.Correction
	var day time.Time
	var decided *time.Time
	err := row.Scan(&c.ID, &c.OrgID, &c.EmployeeID, &c.EmployeeKey, &c.EmployeeName, &day, &c.Kind, &c.At, &c.Reason, &c.Status,
		&c.ApproverID, &c.DecidedByID, &c.DecidedByName, &decided, &c.CreatedAt, &c.RejectReason)
	if err != nil {
		return attendance.Correction{}, interpret(err)
	}
	c.WorkDate = core.DateOf(day)
	if decided != nil {
		c.DecidedAt = *decided
	}
	return c, nil
}

// CreateCorrection stores a pending correction with its audit row and the
// approver's notification, within the org's monthly cap when it has one.
func (db *DB) CreateCorrection(ctx context.Context, c attendance.Correction, limit attendance.CorrectionLimit, audit core.AuditEntry, n core.Notification) (attendance.Correction, error) {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if limit.Max > 0 {
			// The person's row is the lock: two requests at once are
			// counted one after the other, so both cannot pass the cap.
			if _, err := tx.Exec(ctx, `SELECT 1 FROM employees WHERE org_id = $1 AND id = $2 FOR NO KEY UPDATE`, c.OrgID, c.EmployeeID); err != nil {
				return interpret(err)
			}
			used, err := countCorrections(ctx, tx, c.OrgID, c.EmployeeID, limit.From, limit.To)
			if err != nil {
				return err
			}
			if used >= limit.Max {
				return attendance.ErrCorrectionLimit
			}
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO attendance_corrections (org_id, employee_id, work_date, kind, requested_at, reason, approver_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			c.OrgID, c.EmployeeID, c.WorkDate.UTC(), c.Kind, c.At, c.Reason, c.ApproverID, c.CreatedAt).Scan(&c.ID)
		if err != nil {
			return interpret(err)
		}
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		if n.Params == nil {
			n.Params = map[string]string{}
		}
		n.Params["id"] = fmt.Sprint(c.ID)
		return notify(ctx, tx, n)
	})
	return c, err
}

// CountCorrections counts a person's pending and approved corrections of days in [from, to].
func (db *DB) CountCorrections(ctx context.Context, orgID, employeeID int64, from, to core.Date) (int, error) {
	return countCorrections(ctx, db.q(ctx), orgID, employeeID, from, to)
}

func countCorrections(ctx context.Context, q dbtx, orgID, employeeID int64, from, to core.Date) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM attendance_corrections
		WHERE org_id = $1 AND employee_id = $2 AND work_date BETWEEN $3 AND $4 AND status IN ('pending', 'approved')`,
		orgID, employeeID, from.UTC(), to.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count corrections: %w", interpret(err))
	}
	return n, nil
}

// FindCorrection returns one correction of an org.
func (db *DB) FindCorrection(ctx context.Context, orgID, id int64) (attendance.Correction, error) {
	c, err := scanCorrection(db.q(ctx).QueryRow(ctx, `SELECT `+correctionColumns+correctionFrom+` WHERE c.org_id = $1 AND c.id = $2`, orgID, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return c, core.Errorf(core.ENotFound, "att.fix_not_found", "no correction %d", id)
	}
	return c, err
}

// DecideCorrection records a decision if the correction is still pending.
func (db *DB) DecideCorrection(ctx context.Context, c attendance.Correction, rec *attendance.Record, audits []core.AuditEntry, n core.Notification) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE attendance_corrections SET status = $3, decided_by = $4, decided_at = $5, reject_reason = $6
			WHERE org_id = $1 AND id = $2 AND status = 'pending'`, c.OrgID, c.ID, c.Status, c.DecidedByID, c.DecidedAt, c.RejectReason)
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "att.fix_decided", "correction %d is no longer pending", c.ID)
		}
		if rec != nil {
			if _, err := saveRecord(ctx, tx, *rec); err != nil {
				return err
			}
		}
		for _, a := range audits {
			if err := recordAudit(ctx, tx, a); err != nil {
				return err
			}
		}
		return notify(ctx, tx, n)
	})
}

// ListCorrections returns an org's corrections in a status, oldest first.
func (db *DB) ListCorrections(ctx context.Context, orgID int64, status attendance.CorrectionStatus, approverID int64) ([]attendance.Correction, error) {
	rows, err := db.q(ctx).Query(ctx, `SELECT `+correctionColumns+correctionFrom+`
		WHERE c.org_id = $1 AND c.status = $2 AND ($3 = 0 OR c.approver_id = $3) ORDER BY c.id`, orgID, status, approverID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []attendance.Correction
	for rows.Next() {
		c, err := scanCorrection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, interpret(rows.Err())
}

// ListEmployees returns an org's active people, or one manager's direct reports.
func (db *DB) ListEmployees(ctx context.Context, orgID, managerID int64) ([]core.Employee, error) {
	rows, err := db.q(ctx).Query(ctx, `SELECT `+memberColumns+memberFrom+`
		WHERE e.org_id = $1 AND e.status = 'active' AND ($2 = 0 OR e.manager_id = $2) ORDER BY e.key`, orgID, managerID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []core.Employee
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m.Employee)
	}
	return out, interpret(rows.Err())
}

// FindEmployeeByID returns one person of an org.
func (db *DB) FindEmployeeByID(ctx context.Context, orgID, id int64) (core.Employee, error) {
	m, err := scanMember(db.q(ctx).QueryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE e.org_id = $1 AND e.id = $2`, orgID, id))
	return m.Employee, err
}

// FindApprover returns a person's manager, else the org's first active HR
// person or admin other than them.
func (db *DB) FindApprover(ctx context.Context, e core.Employee) (core.Employee, error) {
	m, err := scanMember(db.q(ctx).QueryRow(ctx, `SELECT `+memberColumns+memberFrom+`
		WHERE e.org_id = $1 AND e.status = 'active' AND e.id <> $2
		  AND (e.id = $3 OR e.role IN ('hr', 'admin'))
		ORDER BY e.id = $3 DESC, e.role = 'hr' DESC, e.id LIMIT 1`, e.OrgID, e.ID, e.ManagerID))
	return m.Employee, err
}

func notify(ctx context.Context, q dbtx, n core.Notification) error {
	if n.RecipientID == 0 {
		return nil
	}
	if n.Params == nil {
		n.Params = map[string]string{}
	}
	_, err := q.Exec(ctx, `INSERT INTO notifications (org_id, recipient_id, kind, params, created_at) VALUES ($1, $2, $3, $4, $5)`,
		n.OrgID, n.RecipientID, n.Kind, n.Params, n.CreatedAt)
	if err != nil {
		return fmt.Errorf("notify: %w", interpret(err))
	}
	return nil
}

// TakeNotifications returns a person's undelivered notifications, oldest
// first, and marks them delivered.
func (db *DB) TakeNotifications(ctx context.Context, recipientID int64) ([]core.Notification, error) {
	rows, err := db.q(ctx).Query(ctx, `
		UPDATE notifications SET delivered_at = now()
		WHERE id IN (SELECT id FROM notifications WHERE recipient_id = $1 AND delivered_at IS NULL AND enqueued_at IS NULL ORDER BY id FOR UPDATE SKIP LOCKED)
		RETURNING id, org_id, recipient_id, kind, params, created_at`, recipientID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []core.Notification
	for rows.Next() {
		var n core.Notification
		if err := rows.Scan(&n.ID, &n.OrgID, &n.RecipientID, &n.Kind, &n.Params, &n.CreatedAt); err != nil {
			return nil, interpret(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, interpret(err)
	}
	// UPDATE ... RETURNING keeps no order.
	slices.SortFunc(out, func(a, b core.Notification) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// Notification reads one notification and whether it was delivered.
func (db *DB) Notification(ctx context.Context, id int64) (core.Notification, bool, error) {
	var n core.Notification
	var delivered bool
	err := db.q(ctx).QueryRow(ctx, `
		SELECT id, org_id, recipient_id, kind, params, created_at, delivered_at IS NOT NULL
		FROM notifications WHERE id = $1`, id).Scan(&n.ID, &n.OrgID, &n.RecipientID, &n.Kind, &n.Params, &n.CreatedAt, &delivered)
	return n, delivered, interpret(err)
}

func parseDayKind(s string) calendar.Kind {
	for _, k := range []calendar.Kind{calendar.Workday, calendar.RestDay, calendar.Holiday, calendar.MakeupWorkday} {
		if k.String() == s {
			return k
		}
	}
	return calendar.Workday
}

// LeaveDays expands approved leave into dates, per person.
func (db *DB) LeaveDays(ctx context.Context, orgID int64, employeeIDs []int64, from, to core.Date) (map[int64]map[core.Date]bool, error) {
	rows, err := db.q(ctx).Query(ctx, `
		SELECT r.employee_id, d::date
		FROM leave_requests r, generate_series(greatest(r.from_date, $3::date), least(r.to_date, $4::date), interval '1 day') d
		WHERE r.org_id = $1 AND r.status = 'approved' AND ($2::bigint[] IS NULL OR r.employee_id = ANY($2))
		  AND r.from_date <= $4 AND r.to_date >= $3`, orgID, employeeIDs, from.UTC(), to.UTC())
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	out := map[int64]map[core.Date]bool{}
	for rows.Next() {
		var id int64
		var d time.Time
		if err := rows.Scan(&id, &d); err != nil {
			return nil, interpret(err)
		}
		if out[id] == nil {
			out[id] = map[core.Date]bool{}
		}
		out[id][core.DateOf(d)] = true
	}
	return out, interpret(rows.Err())
}
