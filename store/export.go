package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/calendar"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/leave"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/reminder"
	"github.com/hrbot/hrbot/core/training"
)

// ExportOrgFile reads orgs back as the org file that declares them: the
// orgs with the given keys, every org when none are given. It reads in one
// snapshot, so the file is what the database held at one moment. The orgs
// of one file share one group or none (EInvalid otherwise); an unknown
// key is ENotFound.
func (s Setup) ExportOrgFile(ctx context.Context, orgKeys []string) (orgfile.File, error) {
	tx, err := s.db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return orgfile.File{}, interpret(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	f, ids, err := exportOrgs(ctx, tx, orgKeys)
	if err != nil {
		return orgfile.File{}, err
	}
	for i := range f.Orgs {
		if err := exportSections(ctx, tx, ids[i], &f.Orgs[i]); err != nil {
			return orgfile.File{}, fmt.Errorf("export org %s: %w", f.Orgs[i].Key, err)
		}
	}
	return f, nil
}

// exportOrgs reads the orgs and their group; ids are the orgs' in order.
func exportOrgs(ctx context.Context, q dbtx, keys []string) (orgfile.File, []int64, error) {
	rows, err := q.Query(ctx, `
		SELECT o.id, o.key, o.name, o.time_zone, o.default_locale, o.go_live, extract(epoch FROM o.reminder_late_after)::bigint,
		       coalesce(g.key, ''), coalesce(g.name, '')
		FROM orgs o LEFT JOIN org_groups g ON g.id = o.group_id
		WHERE coalesce(cardinality($1::text[]), 0) = 0 OR o.key = ANY($1)
		ORDER BY o.id`, keys)
	if err != nil {
		return orgfile.File{}, nil, interpret(err)
	}
	defer rows.Close()
	var f orgfile.File
	var ids []int64
	groups := map[string]bool{}
	for rows.Next() {
		var id, lateSecs int64
		var o orgfile.OrgSpec
		var goLive *time.Time
		var g orgfile.GroupSpec
		if err := rows.Scan(&id, &o.Key, &o.Name, &o.TimeZone, &o.Locale, &goLive, &lateSecs, &g.Key, &g.Name); err != nil {
			return orgfile.File{}, nil, interpret(err)
		}
		if goLive != nil {
			o.GoLive = core.DateOf(*goLive)
		}
		o.Reminders.LateAfter = time.Duration(lateSecs) * time.Second
		groups[g.Key] = true
		if g.Key != "" {
			f.Group = &g
		}
		f.Orgs = append(f.Orgs, o)
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return orgfile.File{}, nil, interpret(err)
	}
	switch {
	case len(f.Orgs) == 0 || (len(keys) > 0 && len(f.Orgs) < len(keys)):
		return orgfile.File{}, nil, core.Errorf(core.ENotFound, "orgfile.export_unknown_org", "no org %v", keys)
	case len(groups) > 1:
		return orgfile.File{}, nil, core.Errorf(core.EInvalid, "orgfile.export_groups",
			"these orgs belong to different groups (or some to none): an org file has one group; export one org at a time")
	}
	return f, ids, nil
}

// exportSections reads every section of an org the org file declares.
func exportSections(ctx context.Context, q dbtx, orgID int64, o *orgfile.OrgSpec) error {
	var err error
	steps := []func() error{
		func() error { o.Teams, err = exportTeams(ctx, q, orgID); return err },
		func() error { o.Employees, err = exportEmployees(ctx, q, orgID); return err },
		func() error { o.Attendance, err = exportAttendance(ctx, q, orgID); return err },
		func() error { o.Sites, err = exportSites(ctx, q, orgID); return err },
		func() error { o.Shifts, err = exportShifts(ctx, q, orgID); return err },
		func() error { o.Schedules, err = exportSchedules(ctx, q, orgID); return err },
		func() error { o.Overrides, err = exportOverrides(ctx, q, orgID); return err },
		func() error { o.Calendar, err = exportCalendar(ctx, q, orgID); return err },
		func() error { o.Leave, err = exportLeavePolicy(ctx, q, orgID); return err },
		func() error { o.LeaveTypes, err = exportLeaveTypes(ctx, q, orgID); return err },
		func() error { o.Reminders.Rules, err = exportReminders(ctx, q, orgID); return err },
		func() error { o.Cover, err = exportCover(ctx, q, orgID); return err },
		func() error { o.Training, err = exportTraining(ctx, q, orgID); return err },
		func() error { o.Jobs, o.Descriptions, err = exportJobs(ctx, q, orgID); return err },
		func() error { o.Payroll, err = exportPayroll(ctx, q, orgID); return err },
		func() error { o.Onboarding, err = exportOnboarding(ctx, q, orgID); return err },
		func() error { o.Retention, err = exportRetention(ctx, q, orgID); return err },
		func() error { o.Certificate, err = exportCertificate(ctx, q, orgID); return err },
		func() error { o.Recruiting, err = exportRecruiting(ctx, q, orgID); return err },
		func() error { o.Performance, err = exportPerf(ctx, q, orgID); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// readAll reads every row of a query with scan.
func readAll[T any](ctx context.Context, q dbtx, scan func(pgx.Rows) (T, error), sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, interpret(err)
		}
		out = append(out, v)
	}
	return out, interpret(rows.Err())
}

func exportTeams(ctx context.Context, q dbtx, orgID int64) ([]orgfile.TeamSpec, error) {
	return readAll(ctx, q, func(r pgx.Rows) (t orgfile.TeamSpec, err error) {
		return t, r.Scan(&t.Key, &t.Name)
	}, `SELECT key, name FROM teams WHERE org_id = $1 ORDER BY id`, orgID)
}

// exportEmployees reads people as the file declares them: the language
// the file gave (not one chosen with /lang), the chat accounts linked
// however they were, skills in the order they were given.
func exportEmployees(ctx context.Context, q dbtx, orgID int64) ([]orgfile.EmployeeSpec, error) {
	people, err := readAll(ctx, q, func(r pgx.Rows) (orgfile.EmployeeSpec, error) {
		var e orgfile.EmployeeSpec
		var hire, career, left *time.Time
		err := r.Scan(&e.Key, &e.Name, &e.Email, &e.Role, &e.Job, &e.Team, &e.Manager, &hire, &e.Status, &e.Locale,
			&e.Schedule, &e.RotationOffset, &e.Delegate, &career, &left, &e.Gender, &e.Slack, &e.Telegram, &e.WeCom)
		for _, d := range []struct {
			from *time.Time
			to   *time.Time
		}{{hire, &e.HireDate}, {career, &e.CareerStart}, {left, &e.LeftOn}} {
			if d.from != nil {
				*d.to = time.Date(d.from.Year(), d.from.Month(), d.from.Day(), 0, 0, 0, 0, time.UTC)
			}
		}
		return e, err
	}, `
		SELECT e.key, e.name, e.email, e.role, e.job, coalesce(t.key, ''), coalesce(m.key, ''), e.hire_date, e.status,
		       coalesce(e.locale, ''), coalesce(s.key, ''), e.rotation_offset, coalesce(d.key, ''), e.career_start, e.left_on,
		       coalesce(e.gender, ''),
		       coalesce((SELECT external_id FROM chat_identities WHERE employee_id = e.id AND platform = 'slack'), ''),
		       coalesce((SELECT external_id FROM chat_identities WHERE employee_id = e.id AND platform = 'telegram'), ''),
		       coalesce((SELECT external_id FROM chat_identities WHERE employee_id = e.id AND platform = 'wecom'), '')
		FROM employees e LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN employees m ON m.id = e.manager_id
		LEFT JOIN schedules s ON s.id = e.schedule_id LEFT JOIN employees d ON d.id = e.delegate_id
		WHERE e.org_id = $1 ORDER BY e.id`, orgID)
	if err != nil {
		return nil, err
	}
	type skill struct {
		emp string
		s   core.SkillLevel
	}
	skills, err := readAll(ctx, q, func(r pgx.Rows) (s skill, err error) {
		return s, r.Scan(&s.emp, &s.s.Skill, &s.s.Level)
	}, `SELECT e.key, s.skill, s.level FROM employee_skills s JOIN employees e ON e.id = s.employee_id
		WHERE s.org_id = $1 ORDER BY e.id, s.skill`, orgID)
	if err != nil {
		return nil, err
	}
	at := map[string]int{}
	for i, e := range people {
		at[e.Key] = i
	}
	for _, s := range skills {
		people[at[s.emp]].Skills = append(people[at[s.emp]].Skills, s.s)
	}
	return people, nil
}

func exportAttendance(ctx context.Context, q dbtx, orgID int64) (attendance.Policy, error) {
	var p attendance.Policy
	var days []int16
	err := q.QueryRow(ctx, `
		SELECT workweek, day_start, day_end, day_break, grace_minutes, early_grace_minutes, absent_after_minutes,
		       overtime_min_minutes, auto_checkout_after_minutes, checkin_open_minutes, geofence, correction_days,
		       corrections_per_month
		FROM attendance_policies WHERE org_id = $1`, orgID).
		Scan(&days, &p.DayStart, &p.DayEnd, &p.DayBreak, &p.Grace, &p.EarlyGrace, &p.AbsentAfter,
			&p.OvertimeMin, &p.AutoCheckoutAfter, &p.CheckinOpen, &p.Geofence, &p.CorrectionDays, &p.CorrectionsPerMonth)
	if err != nil {
		if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
			return attendance.DefaultPolicy(), nil
		}
		return p, interpret(err)
	}
	p.Workweek = weekdays(days)
	return p, nil
}

func exportSites(ctx context.Context, q dbtx, orgID int64) ([]attendance.Site, error) {
	return readAll(ctx, q, func(r pgx.Rows) (s attendance.Site, err error) {
		return s, r.Scan(&s.Key, &s.Name, &s.Lat, &s.Lon, &s.RadiusM)
	}, `SELECT key, name, latitude, longitude, radius_m FROM sites WHERE org_id = $1 ORDER BY key`, orgID)
}

func exportShifts(ctx context.Context, q dbtx, orgID int64) ([]attendance.Shift, error) {
	return readAll(ctx, q, func(r pgx.Rows) (s attendance.Shift, err error) {
		return s, r.Scan(&s.Key, &s.Name, &s.Start, &s.End, &s.BreakMinutes, &s.Job)
	}, `SELECT key, name, start_minute, end_minute, break_minutes, job FROM shifts WHERE org_id = $1 ORDER BY id`, orgID)
}

func exportSchedules(ctx context.Context, q dbtx, orgID int64) ([]attendance.Schedule, error) {
	return readAll(ctx, q, func(r pgx.Rows) (s attendance.Schedule, err error) {
		var start time.Time
		err = r.Scan(&s.Key, &s.Name, &s.Kind, &start, &s.Pattern, &s.WorkHolidays)
		s.Start = core.DateOf(start)
		return s, err
	}, `SELECT key, name, kind, start_date, pattern, work_holidays FROM schedules WHERE org_id = $1 ORDER BY id`, orgID)
}

func exportOverrides(ctx context.Context, q dbtx, orgID int64) ([]attendance.ShiftOverride, error) {
	return readAll(ctx, q, func(r pgx.Rows) (o attendance.ShiftOverride, err error) {
		var d time.Time
		err = r.Scan(&o.Employee, &d, &o.Shift)
		o.Date = core.DateOf(d)
		return o, err
	}, `
		SELECT e.key, o.work_date, coalesce(s.key, '')
		FROM shift_overrides o JOIN employees e ON e.id = o.employee_id LEFT JOIN shifts s ON s.id = o.shift_id
		WHERE o.org_id = $1 ORDER BY o.work_date, e.id`, orgID)
}

// exportCalendar reads the org's special days. Which holiday file a day
// came from is not kept, so every day is written out as the org's own.
func exportCalendar(ctx context.Context, q dbtx, orgID int64) ([]calendar.Entry, error) {
	return readAll(ctx, q, func(r pgx.Rows) (c calendar.Entry, err error) {
		var d time.Time
		err = r.Scan(&d, &c.Holiday, &c.Name, &c.Statutory)
		c.Date = core.DateOf(d)
		return c, err
	}, `SELECT day, holiday, name, statutory FROM calendar_days WHERE org_id = $1 ORDER BY day`, orgID)
}

func exportLeavePolicy(ctx context.Context, q dbtx, orgID int64) (leave.Policy, error) {
	var p leave.Policy
	err := q.QueryRow(ctx, `SELECT day_minutes, hr_approval_over_days, resend_after_hours FROM leave_policies WHERE org_id = $1`, orgID).
		Scan(&p.DayMinutes, &p.HRApprovalOverDays, &p.ResendAfterHours)
	if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
		return leave.DefaultPolicy(), nil
	}
	return p, interpret(err)
}

func exportLeaveTypes(ctx context.Context, q dbtx, orgID int64) ([]leave.Type, error) {
	return readAll(ctx, q, func(r pgx.Rows) (t leave.Type, err error) {
		err = r.Scan(&t.Key, &t.Name, &t.Aliases, &t.Paid, &t.Unit, &t.Accrual, &t.EntitlementDays, &t.CarryOverDays,
			&t.CarryOverExpiry, &t.ReasonRequired, &t.AllowNegative, &t.AttachmentRequired, &t.NoticeDays, &t.AppliesTo, &t.NoProration)
		if len(t.Aliases) == 0 {
			t.Aliases = nil
		}
		if len(t.AppliesTo) == 0 {
			t.AppliesTo = nil
		}
		return t, err
	}, `SELECT key, name, aliases, paid, unit, accrual, entitlement_days, carry_over_days, carry_over_expiry,
		       reason_required, allow_negative, attachment_required, notice_days, applies_to, NOT prorate
		FROM leave_types WHERE org_id = $1 ORDER BY key`, orgID)
}

func exportReminders(ctx context.Context, q dbtx, orgID int64) ([]reminder.Rule, error) {
	return readAll(ctx, q, func(r pgx.Rows) (rule reminder.Rule, err error) {
		var spec []byte
		if err := r.Scan(&spec); err != nil {
			return rule, err
		}
		if err := json.Unmarshal(spec, &rule); err != nil {
			return rule, fmt.Errorf("reminder spec: %w", err)
		}
		return rule, nil
	}, `SELECT spec FROM reminder_rules WHERE org_id = $1 ORDER BY created_at, key`, orgID)
}

func exportCover(ctx context.Context, q dbtx, orgID int64) (cover.Policy, error) {
	var p cover.Policy
	var requires []byte
	err := q.QueryRow(ctx, `
		SELECT wave_size, wave_minutes, weekly_cap_minutes, rest_minutes, sister_orgs, escalate_minutes, requires
		FROM cover_policies WHERE org_id = $1`, orgID).
		Scan(&p.WaveSize, &p.WaveMinutes, &p.WeeklyCapMinutes, &p.RestMinutes, &p.SisterOrgs, &p.EscalateMinutes, &requires)
	switch {
	case core.ErrorCodeOf(interpret(err)) == core.ENotFound:
		return cover.DefaultPolicy(), nil
	case err != nil:
		return p, interpret(err)
	}
	if err := json.Unmarshal(requires, &p.Requires); err != nil {
		return p, fmt.Errorf("cover requires: %w", err)
	}
	if len(p.Requires) == 0 {
		p.Requires = nil
	}
	return p, nil
}

func exportTraining(ctx context.Context, q dbtx, orgID int64) (training.Policy, error) {
	var p training.Policy
	err := q.QueryRow(ctx, `SELECT certificate_months, retake_hours FROM training_policies WHERE org_id = $1`, orgID).
		Scan(&p.CertificateMonths, &p.RetakeHours)
	if core.ErrorCodeOf(interpret(err)) == core.ENotFound {
		return training.DefaultPolicy(), nil
	}
	return p, interpret(err)
}

// exportJobs reads the org's declared jobs and their descriptions; nil
// when it declares none.
func exportJobs(ctx context.Context, q dbtx, orgID int64) (core.Jobs, map[string]jobs.Description, error) {
	var descriptions map[string]jobs.Description
	declared, err := readAll(ctx, q, func(r pgx.Rows) (j core.Job, err error) {
		var raw []byte
		if err = r.Scan(&j.Key, &j.Names, &j.Aliases, &raw); err != nil {
			return j, err
		}
		if len(j.Aliases) == 0 {
			j.Aliases = nil
		}
		d, err := readDescription(raw)
		if err != nil {
			return j, fmt.Errorf("job %s: description: %w", j.Key, err)
		}
		if !d.Empty() {
			if descriptions == nil {
				descriptions = map[string]jobs.Description{}
			}
			descriptions[j.Key] = d
		}
		return j, nil
	}, `SELECT key, names, aliases, description FROM org_jobs WHERE org_id = $1 ORDER BY key`, orgID)
	if len(declared) == 0 {
		return nil, nil, err
	}
	return core.Jobs(declared), descriptions, err
}

// exportPayroll reads the org's payroll rules; nil when it keeps China's
// defaults (no payroll section).
func exportPayroll(ctx context.Context, q dbtx, orgID int64) (*orgfile.PayrollPolicy, error) {
	var p orgfile.PayrollPolicy
	var nums [7]string
	err := q.QueryRow(ctx, `
		SELECT day_divisor::text, day_hours::text, late_penalty::text, late_free, overtime_workday::text,
		       overtime_rest_day::text, overtime_holiday::text, rest_day_as_leave, tax_rule, minimum_wage::text
		FROM payroll_policies WHERE org_id = $1`, orgID).
		Scan(&nums[0], &nums[1], &nums[2], &p.LateFree, &nums[3], &nums[4], &nums[5], &p.RestDayAsLeave, &p.TaxRule, &nums[6])
	switch {
	case core.ErrorCodeOf(interpret(err)) == core.ENotFound:
		return nil, nil // no payroll section: China's defaults, not a missing record
	case err != nil:
		return nil, interpret(err)
	}
	for i, dst := range []*decimal.Decimal{&p.DayDivisor, &p.DayHours, &p.LatePenalty, &p.OvertimeWorkday,
		&p.OvertimeRestDay, &p.OvertimeHoliday, &p.MinimumWage} {
		d, err := decimal.NewFromString(nums[i])
		if err != nil {
			return nil, fmt.Errorf("payroll policy: %w", err)
		}
		*dst = d.Truncate(2)
	}
	if p.BankFiles, err = bankLayouts(ctx, q, orgID); err != nil {
		return nil, err
	}
	return &p, exportSocial(ctx, q, orgID, &p) // apply_social.go
}
