package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
)

// coverWorkedMinutes is the part of a cover assignment a's person was
// checked in for (check-in to check-out inside the cover's window), in
// minutes: what a cover is paid and reported on. The person's records are
// in their own org (a.employee_org_id): saying so lets the lookup use the
// records' (org_id, employee_id, work_date) key instead of reading every
// record per cover (5 s → 0.1 s for 300 covers over a year of 300 people).
const coverWorkedMinutes = `coalesce((SELECT sum(greatest(0, extract(epoch FROM least(r.check_out, a.ends_at) - greatest(r.check_in, a.starts_at))))::int / 60
	FROM attendance_records r
	WHERE r.org_id = a.employee_org_id AND r.employee_id = a.employee_id AND r.check_in IS NOT NULL AND r.check_out IS NOT NULL
	  AND r.check_in < a.ends_at AND r.check_out > a.starts_at), 0)`

// leaveMinutesWithin is the part of leave request r's minutes inside the
// days $2 to $3, shared out by calendar days: a request across the edge
// of a period counts for its days inside.
const leaveMinutesWithin = `(r.minutes * ((least(r.to_date, $3::date) - greatest(r.from_date, $2::date) + 1)::numeric / (r.to_date - r.from_date + 1)))::int`

// Report is an org's cover in the month of `month`: per person, and
// per job the share of its hours done by people of other jobs. Actual
// hours are the part of the person's attendance (check-in to check-out)
// inside the cover's window.
func (s Covers) Report(ctx context.Context, orgID int64, month core.Date) (cover.Report, error) {
	rep, err := coverReport(ctx, s.db.q(ctx), orgID, month.MonthStart(), month.MonthEnd())
	rep.Month = month
	return rep, err
}

// coverReport is an org's cover report for the days from to to (inclusive).
func coverReport(ctx context.Context, q dbtx, orgID int64, from, to core.Date) (cover.Report, error) {
	rep := cover.Report{Month: from}
	first := from.UTC()
	next := to.AddDays(1).UTC()
	rows, err := q.Query(ctx, `
		WITH a AS (
			SELECT a.*, e.key, e.name, e.job AS own_job,
			       extract(epoch FROM a.ends_at - a.starts_at)::int / 60 AS planned,
			       `+coverWorkedMinutes+` AS actual
			FROM cover_assignments a JOIN employees e ON e.id = a.employee_id JOIN orgs o ON o.id = a.org_id
			WHERE a.org_id = $1 AND (a.starts_at AT TIME ZONE o.time_zone) >= $2 AND (a.starts_at AT TIME ZONE o.time_zone) < $3)
		SELECT employee_id, key, name, own_job, count(*), sum(planned), sum(actual), coalesce(avg(rating), 0), count(rating)
		FROM a GROUP BY employee_id, key, name, own_job ORDER BY sum(planned) DESC, key`, orgID, first, next)
	if err != nil {
		return rep, interpret(err)
	}
	rep.People, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (cover.PersonStat, error) {
		var p cover.PersonStat
		err := r.Scan(&p.EmployeeID, &p.Key, &p.Name, &p.Job, &p.Covers, &p.PlannedMinutes, &p.ActualMinutes, &p.Rating, &p.Ratings)
		return p, err
	})
	if err != nil {
		return rep, interpret(err)
	}
	rows, err = q.Query(ctx, `
		WITH cover AS (
			SELECT a.job, sum(extract(epoch FROM a.ends_at - a.starts_at))::int / 60 AS minutes
			FROM cover_assignments a JOIN employees e ON e.id = a.employee_id JOIN orgs o ON o.id = a.org_id
			WHERE a.org_id = $1 AND e.job <> a.job
			  AND (a.starts_at AT TIME ZONE o.time_zone) >= $2 AND (a.starts_at AT TIME ZONE o.time_zone) < $3
			GROUP BY a.job),
		own AS (
			SELECT e.job, sum(r.worked_minutes) AS minutes
			FROM attendance_records r JOIN employees e ON e.id = r.employee_id
			WHERE r.org_id = $1 AND r.work_date >= $2::date AND r.work_date < $3::date AND e.job <> ''
			GROUP BY e.job)
		SELECT coalesce(own.job, cover.job), coalesce(own.minutes, 0) + coalesce(cover.minutes, 0), coalesce(cover.minutes, 0)
		FROM own FULL JOIN cover ON cover.job = own.job
		ORDER BY 1`, orgID, first, next)
	if err != nil {
		return rep, interpret(err)
	}
	rep.Jobs, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (cover.JobStat, error) {
		var j cover.JobStat
		err := r.Scan(&j.Job, &j.TotalMinutes, &j.OtherJobMinutes)
		if j.TotalMinutes > 0 {
			j.OtherJobShare = float64(j.OtherJobMinutes) / float64(j.TotalMinutes)
		}
		return j, err
	})
	return rep, interpret(err)
}
