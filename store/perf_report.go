package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
	"github.com/hrbot/hrbot/core/reports"
)

// PublishedCycles returns the org's published review cycles, the latest
// period first (then the latest published).
func (s Reports) PublishedCycles(ctx context.Context, orgID int64) ([]reports.PerfCycle, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT id, name, period_from, period_to, published_at FROM perf_cycles
		WHERE org_id = $1 AND status = 'published'
		ORDER BY period_to DESC, published_at DESC NULLS LAST, id DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("published cycles of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (reports.PerfCycle, error) {
		var c reports.PerfCycle
		var published *time.Time
		err := r.Scan(&c.ID, &c.Name, dateDest{&c.Period.From}, dateDest{&c.Period.To}, &published)
		if published != nil {
			c.PublishedAt = *published
		}
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("published cycles of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// PerfResults returns the published reviews of the cycles (a review
// counts once its cycle and it are published and it has a score): the
// final score is the calibrated one, else the manager's. With managerID,
// only the reviews that manager wrote or of their direct reports.
func (s Reports) PerfResults(ctx context.Context, orgID int64, cycleIDs []int64, managerID int64) ([]reports.PerfResult, error) {
	if len(cycleIDs) == 0 {
		return nil, nil
	}
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT r.cycle_id, r.employee_id, e.name, coalesce(t.name, ''), r.job,
		       coalesce(r.calibrated_score, r.score)::float8, r.band
		FROM perf_reviews r
		JOIN perf_cycles c ON c.org_id = r.org_id AND c.id = r.cycle_id
		JOIN employees e ON e.org_id = r.org_id AND e.id = r.employee_id
		LEFT JOIN teams t ON t.org_id = r.org_id AND t.id = r.team_id
		WHERE r.org_id = $1 AND r.cycle_id = ANY($2) AND c.status = 'published' AND r.published_at IS NOT NULL
		  AND coalesce(r.calibrated_score, r.score) IS NOT NULL
		  AND ($3::bigint = 0 OR r.manager_id = $3 OR e.manager_id = $3)
		ORDER BY e.name, r.employee_id, c.period_to`, orgID, cycleIDs, managerID)
	if err != nil {
		return nil, fmt.Errorf("performance results of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (reports.PerfResult, error) {
		var x reports.PerfResult
		err := r.Scan(&x.CycleID, &x.EmployeeID, &x.Name, &x.Team, &x.Job, &x.Final, &x.Band)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("performance results of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// PerfBands returns the org's result bands, best first; none when the org
// has no performance policy.
func (s Reports) PerfBands(ctx context.Context, orgID int64) ([]perf.Band, error) {
	var raw []byte
	err := s.db.q(ctx).QueryRow(ctx, `SELECT bands FROM perf_policies WHERE org_id = $1`, orgID).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("performance bands of org %d: %w", orgID, interpret(err))
	}
	var bands []perf.Band
	if err := json.Unmarshal(raw, &bands); err != nil {
		return nil, fmt.Errorf("performance bands of org %d: %w", orgID, err)
	}
	return bands, nil
}

// roleLoadWork is the attendance of the days $2 to $3 per person and job:
// a record worked as cover (or at standard hours inside one of the
// person's covers) is the cover's job, one of a shift that staffs a job is
// that job, any other the person's own job.
const roleLoadWork = `
	SELECT r.employee_id, e.name,
	       CASE WHEN r.shift_key IN ('', 'cover') AND c.job IS NOT NULL THEN c.job
	            WHEN coalesce(s.job, '') <> '' THEN s.job ELSE e.job END AS job,
	       sum(r.worked_minutes)::int, sum(r.overtime_minutes)::int
	FROM attendance_records r
	JOIN employees e ON e.org_id = r.org_id AND e.id = r.employee_id
	LEFT JOIN shifts s ON s.org_id = r.org_id AND s.key = r.shift_key
	LEFT JOIN LATERAL (
		SELECT a.job FROM cover_assignments a
		WHERE a.employee_id = r.employee_id
		  AND a.starts_at < coalesce(r.check_out, r.planned_end) AND a.ends_at > coalesce(r.check_in, r.planned_start)
		ORDER BY a.starts_at LIMIT 1) c ON true
	WHERE r.org_id = $1 AND r.work_date BETWEEN $2 AND $3
	GROUP BY 1, 2, 3 ORDER BY 2, 1, 3`

// roleLoadCover is the cover each job's shifts starting on the days $2
// to $3 (in the org's zone) needed: requests not cancelled, places still
// open, and the hours of the covers accepted.
const roleLoadCover = `
	SELECT q.job, count(*)::int, sum(q.needed - q.filled)::int,
	       coalesce(sum((SELECT sum(extract(epoch FROM a.ends_at - a.starts_at)) FROM cover_assignments a WHERE a.request_id = q.id)), 0)::int / 60
	FROM cover_requests q JOIN orgs o ON o.id = q.org_id
	WHERE q.org_id = $1 AND q.status <> 'cancelled' AND (q.starts_at AT TIME ZONE o.time_zone)::date BETWEEN $2 AND $3
	GROUP BY q.job ORDER BY q.job`

// RoleLoad returns, for the days from to to, each person's hours worked
// and overtime per job, and the cover each job's shifts needed.
func (s Reports) RoleLoad(ctx context.Context, orgID int64, from, to core.Date) ([]reports.JobWork, []reports.JobCover, error) {
	q := s.db.q(ctx)
	rows, err := q.Query(ctx, roleLoadWork, orgID, from.UTC(), to.UTC())
	if err != nil {
		return nil, nil, fmt.Errorf("role load of org %d: %w", orgID, interpret(err))
	}
	work, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (reports.JobWork, error) {
		var w reports.JobWork
		err := r.Scan(&w.EmployeeID, &w.Name, &w.Job, &w.WorkedMinutes, &w.OvertimeMinutes)
		return w, err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("role load of org %d: %w", orgID, interpret(err))
	}
	rows, err = q.Query(ctx, roleLoadCover, orgID, from.UTC(), to.UTC())
	if err != nil {
		return nil, nil, fmt.Errorf("role load of org %d: %w", orgID, interpret(err))
	}
	covers, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (reports.JobCover, error) {
		var c reports.JobCover
		err := r.Scan(&c.Job, &c.Requests, &c.Open, &c.CoverMinutes)
		return c, err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("role load of org %d: %w", orgID, interpret(err))
	}
	return work, covers, nil
}
