package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
)

// Setup reads an org's attendance configuration: its policy, shifts,
// schedules and their overrides, sites and holiday calendar.
func (s Attendance) Setup(ctx context.Context, org core.Org) (*attendance.Setup, error) {
	q := s.db.q(ctx)
	pol, version, err := attendancePolicy(ctx, q, org.ID)
	if err != nil {
		return nil, err
	}
	org.ConfigVersion = version
	shifts, err := collect(ctx, q, `SELECT id, key, name, start_minute, end_minute, break_minutes, job FROM shifts WHERE org_id = $1`,
		org.ID, func(r pgx.CollectableRow) (attendance.Shift, error) {
			var sh attendance.Shift
			return sh, r.Scan(&sh.ID, &sh.Key, &sh.Name, &sh.Start, &sh.End, &sh.BreakMinutes, &sh.Job)
		})
	if err != nil {
		return nil, err
	}
	schedules, err := collect(ctx, q, `SELECT id, key, name, kind, start_date, pattern, work_holidays FROM schedules WHERE org_id = $1`,
		org.ID, func(r pgx.CollectableRow) (attendance.Schedule, error) {
			var sc attendance.Schedule
			var start time.Time
			err := r.Scan(&sc.ID, &sc.Key, &sc.Name, &sc.Kind, &start, &sc.Pattern, &sc.WorkHolidays)
			sc.Start = core.DateOf(start)
			return sc, err
		})
	if err != nil {
		return nil, err
	}
	overrides, err := collect(ctx, q, `
		SELECT e.key, o.work_date, coalesce(s.key, '')
		FROM shift_overrides o JOIN employees e ON e.id = o.employee_id LEFT JOIN shifts s ON s.id = o.shift_id
		WHERE o.org_id = $1`, org.ID, func(r pgx.CollectableRow) (attendance.ShiftOverride, error) {
		var o attendance.ShiftOverride
		var d time.Time
		err := r.Scan(&o.Employee, &d, &o.Shift)
		o.Date = core.DateOf(d)
		return o, err
	})
	if err != nil {
		return nil, err
	}
	sites, err := collect(ctx, q, `SELECT key, name, latitude, longitude, radius_m FROM sites WHERE org_id = $1 ORDER BY key`,
		org.ID, func(r pgx.CollectableRow) (attendance.Site, error) {
			var si attendance.Site
			return si, r.Scan(&si.Key, &si.Name, &si.Lat, &si.Lon, &si.RadiusM)
		})
	if err != nil {
		return nil, err
	}
	cal, err := collect(ctx, q, `SELECT day, holiday, name, statutory FROM calendar_days WHERE org_id = $1 ORDER BY day`,
		org.ID, func(r pgx.CollectableRow) (calendar.Entry, error) {
			var c calendar.Entry
			var d time.Time
			err := r.Scan(&d, &c.Holiday, &c.Name, &c.Statutory)
			c.Date = core.DateOf(d)
			return c, err
		})
	if err != nil {
		return nil, err
	}
	setup := attendance.NewSetup(org, pol, shifts, schedules, overrides, sites, cal)
	if setup.History, err = orgHistory(ctx, q, org.ID); err != nil {
		return nil, err
	}
	return setup, nil
}

// attendancePolicy reads an org's attendance policy and its config version;
// an org applied before attendance existed has no policy row and gets the
// defaults.
func attendancePolicy(ctx context.Context, q dbtx, orgID int64) (attendance.Policy, int64, error) {
	pol := attendance.DefaultPolicy()
	var version int64
	var days []int16
	err := q.QueryRow(ctx, `
		SELECT workweek, day_start, day_end, day_break, grace_minutes, early_grace_minutes, absent_after_minutes,
		       overtime_min_minutes, auto_checkout_after_minutes, checkin_open_minutes, geofence, correction_days,
		       corrections_per_month, o.config_version
		FROM orgs o LEFT JOIN attendance_policies p ON p.org_id = o.id WHERE o.id = $1`, orgID).
		Scan(&days, &pol.DayStart, &pol.DayEnd, &pol.DayBreak, &pol.Grace, &pol.EarlyGrace, &pol.AbsentAfter,
			&pol.OvertimeMin, &pol.AutoCheckoutAfter, &pol.CheckinOpen, &pol.Geofence, &pol.CorrectionDays,
			&pol.CorrectionsPerMonth, &version)
	if err == nil {
		pol.Workweek = weekdays(days)
		return pol, version, nil
	}
	if err := q.QueryRow(ctx, `SELECT config_version FROM orgs WHERE id = $1`, orgID).Scan(&version); err != nil {
		return pol, 0, interpret(err)
	}
	return attendance.DefaultPolicy(), version, nil
}

// collect runs a query with an org id and maps its rows.
func collect[T any](ctx context.Context, q dbtx, sql string, orgID int64, fn pgx.RowToFunc[T]) ([]T, error) {
	rows, err := q.Query(ctx, sql, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	out, err := pgx.CollectRows(rows, fn)
	return out, interpret(err)
}
