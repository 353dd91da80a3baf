package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/reports"
)

// Reports reads what reports need beyond the features' services: leave
// taken, cover, headcount and quiz results, per org or across a group.
// It is core/reports' Store.
type Reports struct {
	db *DB
	People
}

// NewReports returns the report reads over db.
func NewReports(db *DB) Reports { return Reports{db: db, People: People{db: db}} }

var _ reports.Store = Reports{}

// OrgsOfGroup returns the orgs of a group, by key.
func (s Reports) OrgsOfGroup(ctx context.Context, groupID int64) ([]core.Org, error) {
	return NewOrgs(s.db).OfGroup(ctx, groupID)
}

// CoverReportBetween is the cover report of an org for the days from to
// to (inclusive): see Covers.Report.
func (s Reports) CoverReportBetween(ctx context.Context, orgID int64, from, to core.Date) (cover.Report, error) {
	return coverReport(ctx, s.db.q(ctx), orgID, from, to)
}

// LeaveUsage returns, per leave type, the approved leave taken in [from,
// to]: requests spanning an edge count for the share of their days inside.
func (s Reports) LeaveUsage(ctx context.Context, orgID int64, from, to core.Date) ([]reports.LeaveUse, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT t.name, count(*), sum(`+leaveMinutesWithin+`)::int, count(DISTINCT r.employee_id)
		FROM leave_requests r JOIN leave_types t ON t.org_id = r.org_id AND t.key = r.type_key
		WHERE r.org_id = $1 AND r.status = 'approved' AND r.from_date <= $3 AND r.to_date >= $2
		GROUP BY t.name ORDER BY t.name`, orgID, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("leave usage of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (reports.LeaveUse, error) {
		var u reports.LeaveUse
		err := r.Scan(&u.Type, &u.Requests, &u.Minutes, &u.People)
		return u, err
	})
	if err != nil {
		return nil, fmt.Errorf("leave usage of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// EverEmployed returns everyone an org has employed, with hire and leaving
// dates, for headcount and turnover.
func (s Reports) EverEmployed(ctx context.Context, orgID int64) ([]reports.Person, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT id, job, hire_date, left_on FROM employees WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("people of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (reports.Person, error) {
		var p reports.Person
		var hire, left *time.Time
		err := r.Scan(&p.ID, &p.Job, &hire, &left)
		if hire != nil {
			p.HireDate = *hire
		}
		if left != nil {
			p.LeftOn = *left
		}
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("people of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// QuizStats returns, per quiz of the org, the attempts submitted in
// [from, to] (in the org's zone) and how many passed.
func (s Reports) QuizStats(ctx context.Context, orgID int64, from, to core.Date) ([]reports.QuizStat, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT b.code, count(a.id), count(a.id) FILTER (WHERE a.passed)
		FROM quiz_banks b JOIN orgs o ON o.id = b.org_id
		LEFT JOIN quiz_attempts a ON a.bank_id = b.id AND a.status = 'submitted'
		     AND (a.submitted_at AT TIME ZONE o.time_zone)::date BETWEEN $2 AND $3
		WHERE b.org_id = $1 GROUP BY b.code ORDER BY b.code`, orgID, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("quiz stats of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (reports.QuizStat, error) {
		var q reports.QuizStat
		err := r.Scan(&q.Code, &q.Attempts, &q.Passed)
		return q, err
	})
	if err != nil {
		return nil, fmt.Errorf("quiz stats of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}
