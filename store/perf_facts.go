package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core/perf"
)

// PerfFacts counts the records a review's facts are made of, for many
// people at once: a query per kind of record over everyone asked for,
// never one per person. It is core/perf's FactStore.
type PerfFacts struct{ db *DB }

// NewPerfFacts returns the fact counts over db.
func NewPerfFacts(db *DB) PerfFacts { return PerfFacts{db: db} }

var _ perf.FactStore = PerfFacts{}

// Leavers returns those of ids who have left, with their last day (zero
// when not recorded).
func (s PerfFacts) Leavers(ctx context.Context, orgID int64, ids []int64) ([]perf.FactLeaver, error) {
	out, err := readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (perf.FactLeaver, error) {
		var l perf.FactLeaver
		var d employeeDates
		err := r.Scan(append(employeeDest(&l.Employee, &d), dateDest{&l.LastDay})...)
		d.set(&l.Employee)
		return l, err
	}, `SELECT `+employeeColumns+`, e.left_on
		FROM employees e
		LEFT JOIN teams t ON t.id = e.team_id
		LEFT JOIN employees m ON m.id = e.manager_id
		LEFT JOIN schedules sc ON sc.id = e.schedule_id
		WHERE e.org_id = $1 AND e.id = ANY($2) AND e.status = 'left' ORDER BY e.key`, orgID, ids)
	if err != nil {
		return nil, fmt.Errorf("leavers among %d people of org %d: %w", len(ids), orgID, err)
	}
	return out, nil
}

// factQuery is one count over everyone asked for: its SQL (with $1 the
// org, $2 the first day, $3 the last, $4 the people and, when asOf, $5
// now) and how a row adds to a person's counts.
type factQuery struct {
	name string
	sql  string
	asOf bool
	// dest returns the scan destinations after the employee id, and what
	// to do with them once scanned.
	dest func() ([]any, func(c *perf.FactCounts))
}

// dayIn is the day, in the org's time zone (orgs o), of a timestamp.
func dayIn(col string) string { return `(` + col + ` AT TIME ZONE o.time_zone)::date` }

var factQueries = []factQuery{
	{name: "leave", sql: `
		SELECT r.employee_id, sum(` + leaveMinutesWithin + `)::int
		FROM leave_requests r
		WHERE r.org_id = $1 AND r.employee_id = ANY($4) AND r.status = 'approved' AND r.from_date <= $3 AND r.to_date >= $2
		GROUP BY r.employee_id`,
		dest: func() ([]any, func(*perf.FactCounts)) {
			var m int
			return []any{&m}, func(c *perf.FactCounts) { c.LeaveMinutes = m }
		}},
	{name: "cover given", asOf: true, sql: `
		SELECT a.employee_id, count(*), sum(` + coverWorkedMinutes + `)::int, coalesce(sum(a.rating), 0)::int, count(a.rating)
		FROM cover_assignments a JOIN orgs o ON o.id = a.employee_org_id
		WHERE a.employee_org_id = $1 AND a.employee_id = ANY($4) AND a.starts_at <= $5
		  AND ` + dayIn("a.starts_at") + ` BETWEEN $2 AND $3
		GROUP BY a.employee_id`,
		dest: func() ([]any, func(*perf.FactCounts)) {
			var n, minutes, sum, rated int
			return []any{&n, &minutes, &sum, &rated}, func(c *perf.FactCounts) {
				c.CoverGiven, c.CoverGivenMinutes, c.RatingSum, c.Rated = n, minutes, sum, rated
			}
		}},
	{name: "cover received", asOf: true, sql: `
		SELECT q.absent_id, count(*), sum(` + coverWorkedMinutes + `)::int
		FROM cover_requests q JOIN cover_assignments a ON a.request_id = q.id JOIN orgs o ON o.id = q.org_id
		WHERE q.org_id = $1 AND q.absent_id = ANY($4) AND a.employee_id <> q.absent_id AND a.starts_at <= $5
		  AND ` + dayIn("a.starts_at") + ` BETWEEN $2 AND $3
		GROUP BY q.absent_id`,
		dest: func() ([]any, func(*perf.FactCounts)) {
			var n, minutes int
			return []any{&n, &minutes}, func(c *perf.FactCounts) { c.CoverReceived, c.CoverReceivedMinutes = n, minutes }
		}},
	{name: "quizzes", asOf: true, sql: `
		SELECT q.employee_id, count(*)
		FROM quiz_attempts q JOIN orgs o ON o.id = q.org_id
		WHERE q.org_id = $1 AND q.employee_id = ANY($4) AND q.status = 'submitted' AND q.passed
		  AND q.submitted_at <= $5 AND ` + dayIn("q.submitted_at") + ` BETWEEN $2 AND $3
		GROUP BY q.employee_id`,
		dest: func() ([]any, func(*perf.FactCounts)) {
			var n int
			return []any{&n}, func(c *perf.FactCounts) { c.QuizzesPassed = n }
		}},
	{name: "certifications", asOf: true, sql: `
		SELECT c.employee_id, c.skill, c.level,
		       c.certified_at <= $5 AND ` + dayIn("c.certified_at") + ` BETWEEN $2 AND $3,
		       coalesce(c.expires_at <= $5 AND ` + dayIn("c.expires_at") + ` BETWEEN $2 AND $3, false)
		FROM certifications c JOIN orgs o ON o.id = c.org_id
		WHERE c.org_id = $1 AND c.employee_id = ANY($4)
		  AND (` + dayIn("c.certified_at") + ` BETWEEN $2 AND $3 OR ` + dayIn("c.expires_at") + ` BETWEEN $2 AND $3)`,
		dest: func() ([]any, func(*perf.FactCounts)) {
			var ch perf.SkillChange
			var gained, expired bool
			return []any{&ch.Skill, &ch.Level, &gained, &expired}, func(c *perf.FactCounts) {
				if gained {
					c.SkillsGained = append(c.SkillsGained, ch)
				}
				if expired {
					c.SkillsExpired = append(c.SkillsExpired, ch)
				}
			}
		}},
	{name: "onboarding", asOf: true, sql: `
		SELECT l.employee_id, count(*)
		FROM checklists l JOIN checklist_tasks k ON k.checklist_id = l.id JOIN orgs o ON o.id = l.org_id
		WHERE l.org_id = $1 AND l.employee_id = ANY($4) AND l.kind = 'onboarding'
		  AND k.done_at <= $5 AND ` + dayIn("k.done_at") + ` BETWEEN $2 AND $3
		GROUP BY l.employee_id`,
		dest: func() ([]any, func(*perf.FactCounts)) {
			var n int
			return []any{&n}, func(c *perf.FactCounts) { c.OnboardingDone = n }
		}},
	{name: "metrics", sql: `
		SELECT m.employee_id, m.metric, m.period_from, m.period_to, m.value::text
		FROM perf_metrics m
		WHERE m.org_id = $1 AND m.employee_id = ANY($4) AND m.period_from >= $2 AND m.period_to <= $3
`,
		dest: func() ([]any, func(*perf.FactCounts)) {
			var m perf.Metric
			var v decimal.Decimal
			return []any{&m.Metric, dateDest{&m.Period.From}, dateDest{&m.Period.To}, decimalText{&v}}, func(c *perf.FactCounts) {
				m.Value = v
				c.Metrics = append(c.Metrics, m)
			}
		}},
}

// CountFacts counts each of ids' records over p: one query per kind of
// record (leave, cover given, cover received, quizzes, certifications,
// onboarding, imports), sent together in one round trip. Days are the
// org's; only what had happened by now counts (a cover not yet begun, a
// certificate not yet expired), except approved leave and imports, which
// count for the whole period.
func (s PerfFacts) CountFacts(ctx context.Context, orgID int64, ids []int64, p perf.Period, now time.Time) (map[int64]perf.FactCounts, error) {
	out := make(map[int64]perf.FactCounts, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	from, to := p.From.UTC(), p.To.UTC()
	bq, ok := s.db.q(ctx).(batcher)
	if !ok {
		return nil, errors.New("fact counts: the connection cannot send batches")
	}
	b := &pgx.Batch{}
	for _, fq := range factQueries {
		args := []any{orgID, from, to, ids}
		if fq.asOf {
			args = append(args, now)
		}
		b.Queue(fq.sql, args...)
	}
	res := bq.SendBatch(ctx, b)
	defer res.Close()
	for _, fq := range factQueries {
		rows, err := res.Query()
		if err != nil {
			return nil, fmt.Errorf("%s facts of org %d: %w", fq.name, orgID, interpret(err))
		}
		var id int64
		dest, add := fq.dest()
		_, err = pgx.ForEachRow(rows, append([]any{&id}, dest...), func() error {
			c := out[id]
			add(&c)
			out[id] = c
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s facts of org %d: %w", fq.name, orgID, interpret(err))
		}
	}
	if err := res.Close(); err != nil {
		return nil, fmt.Errorf("facts of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}
