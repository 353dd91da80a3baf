package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
)

// setItem is one record of a set the org file declares in full (shifts,
// sites...): its key and a comparable snapshot of its fields.
type setItem struct {
	key  string
	snap any
}

// syncSet makes a keyed set match the file: upserting what is new or
// changed and, when remove is set, deleting what the file no longer has.
// Each change gets an audit row.
func (a *applier) syncSet(ctx context.Context, orgID int64, entity string, current map[string]any, want []setItem,
	upsert func(key string) error, remove func(key string) error) error {
	inFile := map[string]bool{}
	for _, it := range want {
		inFile[it.key] = true
		before, existed := current[it.key]
		a.count(existed, existed && before == it.snap)
		if existed && before == it.snap {
			continue
		}
		if err := upsert(it.key); err != nil {
			return fmt.Errorf("%s %s: %w", entity, it.key, interpret(err))
		}
		action, b := entity+".create", any(nil)
		if existed {
			action, b = entity+".update", before
		}
		if err := a.audit(ctx, orgID, action, entity, it.key, b, it.snap); err != nil {
			return err
		}
	}
	if remove == nil {
		return nil
	}
	for key, before := range current {
		if inFile[key] {
			continue
		}
		if err := remove(key); err != nil {
			return fmt.Errorf("remove %s %s: %w", entity, key, interpret(err))
		}
		a.res.Updated++
		if err := a.audit(ctx, orgID, entity+".delete", entity, key, before, nil); err != nil {
			return err
		}
	}
	return nil
}

type policySnap struct {
	Workweek                                  string
	DayStart, DayEnd, DayBreak                int
	Grace, EarlyGrace, AbsentAfter, Overtime  int
	AutoCheckout, CheckinOpen, CorrectionDays int
	Geofence                                  string
	CorrectionsPerMonth                       int
}

func snapPolicy(p attendance.Policy) policySnap {
	days := make([]string, len(p.Workweek))
	for i, d := range p.Workweek {
		days[i] = fmt.Sprint(int(d))
	}
	return policySnap{strings.Join(days, ","), p.DayStart, p.DayEnd, p.DayBreak, p.Grace, p.EarlyGrace,
		p.AbsentAfter, p.OvertimeMin, p.AutoCheckoutAfter, p.CheckinOpen, p.CorrectionDays, string(p.Geofence), p.CorrectionsPerMonth}
}

func (a *applier) policy(ctx context.Context, orgID int64, p attendance.Policy) error {
	current := map[string]any{}
	var cur attendance.Policy
	var days []int16
	err := a.tx.QueryRow(ctx, `
		SELECT workweek, day_start, day_end, day_break, grace_minutes, early_grace_minutes, absent_after_minutes,
		       overtime_min_minutes, auto_checkout_after_minutes, checkin_open_minutes, geofence, correction_days,
		       corrections_per_month
		FROM attendance_policies WHERE org_id = $1`, orgID).
		Scan(&days, &cur.DayStart, &cur.DayEnd, &cur.DayBreak, &cur.Grace, &cur.EarlyGrace, &cur.AbsentAfter,
			&cur.OvertimeMin, &cur.AutoCheckoutAfter, &cur.CheckinOpen, &cur.Geofence, &cur.CorrectionDays,
			&cur.CorrectionsPerMonth)
	if err == nil {
		cur.Workweek = weekdays(days)
		current["attendance"] = snapPolicy(cur)
	} else if core.ErrorCodeOf(interpret(err)) != core.ENotFound {
		return interpret(err)
	}
	week := make([]int16, len(p.Workweek))
	for i, d := range p.Workweek {
		week[i] = int16(d)
	}
	return a.syncSet(ctx, orgID, "policy", current, []setItem{{"attendance", snapPolicy(p)}}, func(string) error {
		_, err := a.tx.Exec(ctx, `
			INSERT INTO attendance_policies (org_id, workweek, day_start, day_end, day_break, grace_minutes, early_grace_minutes,
			    absent_after_minutes, overtime_min_minutes, auto_checkout_after_minutes, checkin_open_minutes, geofence, correction_days,
			    corrections_per_month)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (org_id) DO UPDATE SET workweek = EXCLUDED.workweek, day_start = EXCLUDED.day_start,
			    day_end = EXCLUDED.day_end, day_break = EXCLUDED.day_break, grace_minutes = EXCLUDED.grace_minutes,
			    early_grace_minutes = EXCLUDED.early_grace_minutes, absent_after_minutes = EXCLUDED.absent_after_minutes,
			    overtime_min_minutes = EXCLUDED.overtime_min_minutes, auto_checkout_after_minutes = EXCLUDED.auto_checkout_after_minutes,
			    checkin_open_minutes = EXCLUDED.checkin_open_minutes, geofence = EXCLUDED.geofence, correction_days = EXCLUDED.correction_days,
			    corrections_per_month = EXCLUDED.corrections_per_month`,
			orgID, week, p.DayStart, p.DayEnd, p.DayBreak, p.Grace, p.EarlyGrace, p.AbsentAfter, p.OvertimeMin,
			p.AutoCheckoutAfter, p.CheckinOpen, p.Geofence, p.CorrectionDays, p.CorrectionsPerMonth)
		return err
	}, nil)
}

func (a *applier) sites(ctx context.Context, orgID int64, sites []attendance.Site) error {
	current := map[string]any{}
	rows, err := a.tx.Query(ctx, `SELECT key, name, latitude, longitude, radius_m FROM sites WHERE org_id = $1`, orgID)
	if err != nil {
		return interpret(err)
	}
	for rows.Next() {
		var s attendance.Site
		if err := rows.Scan(&s.Key, &s.Name, &s.Lat, &s.Lon, &s.RadiusM); err != nil {
			rows.Close()
			return interpret(err)
		}
		current[s.Key] = s
	}
	rows.Close()
	byKey := map[string]attendance.Site{}
	var want []setItem
	for _, s := range sites {
		byKey[s.Key] = s
		want = append(want, setItem{s.Key, s})
	}
	return a.syncSet(ctx, orgID, "site", current, want, func(key string) error {
		s := byKey[key]
		_, err := a.tx.Exec(ctx, `
			INSERT INTO sites (org_id, key, name, latitude, longitude, radius_m) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (org_id, key) DO UPDATE SET name = EXCLUDED.name, latitude = EXCLUDED.latitude,
			    longitude = EXCLUDED.longitude, radius_m = EXCLUDED.radius_m`,
			orgID, s.Key, s.Name, s.Lat, s.Lon, s.RadiusM)
		return err
	}, func(key string) error {
		_, err := a.tx.Exec(ctx, `DELETE FROM sites WHERE org_id = $1 AND key = $2`, orgID, key)
		return err
	})
}

// shifts upserts the file's shifts; removing the others waits for
// removeStale, after overrides no longer point at them.
func (a *applier) shifts(ctx context.Context, orgID int64, shifts []attendance.Shift) error {
	current := map[string]any{}
	rows, err := a.tx.Query(ctx, `SELECT key, name, start_minute, end_minute, break_minutes, job FROM shifts WHERE org_id = $1`, orgID)
	if err != nil {
		return interpret(err)
	}
	for rows.Next() {
		var s attendance.Shift
		if err := rows.Scan(&s.Key, &s.Name, &s.Start, &s.End, &s.BreakMinutes, &s.Job); err != nil {
			rows.Close()
			return interpret(err)
		}
		current[s.Key] = s
	}
	rows.Close()
	byKey := map[string]attendance.Shift{}
	var want []setItem
	for _, s := range shifts {
		s.ID = 0
		byKey[s.Key] = s
		want = append(want, setItem{s.Key, s})
	}
	a.staleShifts = nil
	for key := range current {
		if _, ok := byKey[key]; !ok {
			a.staleShifts = append(a.staleShifts, key)
		}
	}
	return a.syncSet(ctx, orgID, "shift", current, want, func(key string) error {
		s := byKey[key]
		_, err := a.tx.Exec(ctx, `
			INSERT INTO shifts (org_id, key, name, start_minute, end_minute, break_minutes, job) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (org_id, key) DO UPDATE SET name = EXCLUDED.name, start_minute = EXCLUDED.start_minute,
			    end_minute = EXCLUDED.end_minute, break_minutes = EXCLUDED.break_minutes, job = EXCLUDED.job`,
			orgID, s.Key, s.Name, s.Start, s.End, s.BreakMinutes, s.Job)
		return err
	}, nil)
}

type scheduleSnap struct {
	Name, Kind, Start, Pattern string
	WorkHolidays               bool
}

func (a *applier) schedules(ctx context.Context, orgID int64, schedules []attendance.Schedule) (map[string]int64, error) {
	current := map[string]any{}
	ids := map[string]int64{}
	rows, err := a.tx.Query(ctx, `SELECT id, key, name, kind, start_date, pattern, work_holidays FROM schedules WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	for rows.Next() {
		var id int64
		var key string
		var s scheduleSnap
		var start time.Time
		var pattern []string
		if err := rows.Scan(&id, &key, &s.Name, &s.Kind, &start, &pattern, &s.WorkHolidays); err != nil {
			rows.Close()
			return nil, interpret(err)
		}
		s.Start, s.Pattern = core.DateOf(start).String(), strings.Join(pattern, ",")
		current[key], ids[key] = s, id
	}
	rows.Close()
	byKey := map[string]attendance.Schedule{}
	var want []setItem
	for _, s := range schedules {
		byKey[s.Key] = s
		want = append(want, setItem{s.Key, scheduleSnap{s.Name, string(s.Kind), s.Start.String(), strings.Join(s.Pattern, ","), s.WorkHolidays}})
	}
	a.staleSchedules = nil
	for key := range current {
		if _, ok := byKey[key]; !ok {
			a.staleSchedules = append(a.staleSchedules, key)
		}
	}
	err = a.syncSet(ctx, orgID, "schedule", current, want, func(key string) error {
		s := byKey[key]
		var id int64
		err := a.tx.QueryRow(ctx, `
			INSERT INTO schedules (org_id, key, name, kind, start_date, pattern, work_holidays) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (org_id, key) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, start_date = EXCLUDED.start_date,
			    pattern = EXCLUDED.pattern, work_holidays = EXCLUDED.work_holidays
			RETURNING id`,
			orgID, s.Key, s.Name, s.Kind, s.Start.UTC(), s.Pattern, s.WorkHolidays).Scan(&id)
		ids[key] = id
		return err
	}, nil)
	return ids, err
}

func (a *applier) overrides(ctx context.Context, orgID int64, overrides []attendance.ShiftOverride) error {
	current := map[string]any{}
	rows, err := a.tx.Query(ctx, `
		SELECT e.key, o.work_date, coalesce(s.key, '')
		FROM shift_overrides o JOIN employees e ON e.id = o.employee_id LEFT JOIN shifts s ON s.id = o.shift_id
		WHERE o.org_id = $1`, orgID)
	if err != nil {
		return interpret(err)
	}
	for rows.Next() {
		var o attendance.ShiftOverride
		var d time.Time
		if err := rows.Scan(&o.Employee, &d, &o.Shift); err != nil {
			rows.Close()
			return interpret(err)
		}
		o.Date = core.DateOf(d)
		current[o.Employee+"@"+o.Date.String()] = o
	}
	rows.Close()
	byKey := map[string]attendance.ShiftOverride{}
	var want []setItem
	for _, o := range overrides {
		k := o.Employee + "@" + o.Date.String()
		byKey[k] = o
		want = append(want, setItem{k, o})
	}
	return a.syncSet(ctx, orgID, "shift_override", current, want, func(key string) error {
		o := byKey[key]
		_, err := a.tx.Exec(ctx, `
			INSERT INTO shift_overrides (org_id, employee_id, work_date, shift_id)
			SELECT $1, e.id, $3, (SELECT id FROM shifts WHERE org_id = $1 AND key = $4)
			FROM employees e WHERE e.org_id = $1 AND e.key = $2
			ON CONFLICT (org_id, employee_id, work_date) DO UPDATE SET shift_id = EXCLUDED.shift_id`,
			orgID, o.Employee, o.Date.UTC(), o.Shift)
		return err
	}, func(key string) error {
		emp, day, _ := strings.Cut(key, "@")
		d, _ := core.ParseDate(day)
		_, err := a.tx.Exec(ctx, `
			DELETE FROM shift_overrides o USING employees e
			WHERE o.org_id = $1 AND e.id = o.employee_id AND e.key = $2 AND o.work_date = $3`, orgID, emp, d.UTC())
		return err
	})
}

// calendar replaces the org's special days. It is audited as one change
// listing the days added and removed, not a row per day.
func (a *applier) calendar(ctx context.Context, orgID int64, days []calendar.Entry) error {
	current := map[core.Date]calendar.Entry{}
	rows, err := a.tx.Query(ctx, `SELECT day, holiday, name, statutory FROM calendar_days WHERE org_id = $1`, orgID)
	if err != nil {
		return interpret(err)
	}
	for rows.Next() {
		var c calendar.Entry
		var d time.Time
		if err := rows.Scan(&d, &c.Holiday, &c.Name, &c.Statutory); err != nil {
			rows.Close()
			return interpret(err)
		}
		c.Date = core.DateOf(d)
		current[c.Date] = c
	}
	rows.Close()
	want := map[core.Date]calendar.Entry{}
	for _, d := range days {
		want[d.Date] = d // later entries win
	}
	var added, removed []string
	for d, c := range want {
		if cur, ok := current[d]; !ok || cur != c {
			added = append(added, d.String())
			if _, err := a.tx.Exec(ctx, `
				INSERT INTO calendar_days (org_id, day, holiday, name, statutory) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (org_id, day) DO UPDATE SET holiday = EXCLUDED.holiday, name = EXCLUDED.name, statutory = EXCLUDED.statutory`,
				orgID, d.UTC(), c.Holiday, c.Name, c.Statutory); err != nil {
				return fmt.Errorf("calendar %s: %w", d, interpret(err))
			}
		}
	}
	for d := range current {
		if _, ok := want[d]; !ok {
			removed = append(removed, d.String())
			if _, err := a.tx.Exec(ctx, `DELETE FROM calendar_days WHERE org_id = $1 AND day = $2`, orgID, d.UTC()); err != nil {
				return interpret(err)
			}
		}
	}
	if len(added)+len(removed) == 0 {
		if len(want) > 0 {
			a.res.Unchanged++
		}
		return nil
	}
	if len(current) == 0 {
		a.res.Created++
	} else {
		a.res.Updated++
	}
	return a.audit(ctx, orgID, "calendar.update", "calendar", "", map[string]any{"days": len(current)},
		map[string]any{"days": len(want), "set": added, "removed": removed})
}

// removeStale deletes shifts and schedules the file no longer declares,
// once nothing points at them any more.
func (a *applier) removeStale(ctx context.Context, orgID int64) error {
	for _, key := range a.staleSchedules {
		if _, err := a.tx.Exec(ctx, `DELETE FROM schedules WHERE org_id = $1 AND key = $2`, orgID, key); err != nil {
			return fmt.Errorf("remove schedule %s (still used by someone not in the file?): %w", key, interpret(err))
		}
		a.res.Updated++
		if err := a.audit(ctx, orgID, "schedule.delete", "schedule", key, map[string]string{"key": key}, nil); err != nil {
			return err
		}
	}
	for _, key := range a.staleShifts {
		if _, err := a.tx.Exec(ctx, `DELETE FROM shifts WHERE org_id = $1 AND key = $2`, orgID, key); err != nil {
			return fmt.Errorf("remove shift %s: %w", key, interpret(err))
		}
		a.res.Updated++
		if err := a.audit(ctx, orgID, "shift.delete", "shift", key, map[string]string{"key": key}, nil); err != nil {
			return err
		}
	}
	return nil
}

func weekdays(days []int16) []time.Weekday {
	out := make([]time.Weekday, len(days))
	for i, d := range days {
		out[i] = time.Weekday(d)
	}
	return out
}
