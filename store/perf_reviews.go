package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
)

const reviewSelect = `SELECT r.id, r.org_id, r.cycle_id, r.employee_id, e.key, e.name, coalesce(r.manager_id, 0), coalesce(mg.name, ''), r.job,
	coalesce(r.team_id, 0), r.kpis, r.facts, r.facts_at, r.self_scores, r.self_comment, r.self_done_at, r.manager_scores,
	r.manager_comment, r.manager_done_at, coalesce(r.score::text, '0'), coalesce(r.calibrated_score::text, '0'),
	r.calibration_reason, coalesce(r.calibrated_by, 0), r.calibrated_at, r.band, coalesce(r.coefficient::text, '0'), r.outcome,
	r.published_at, r.appeal, r.appealed_at, r.appeal_answer, r.appeal_closed_at, r.self_reminded_at, r.manager_asked_at,
	r.manager_reminded_at, r.escalated_at
	FROM perf_reviews r JOIN employees e ON e.id = r.employee_id LEFT JOIN employees mg ON mg.id = r.manager_id`

func scanReview(row pgx.Row) (perf.Review, error) {
	var r perf.Review
	var items, facts, self, mgr []byte
	var factsAt, selfDone, mgrDone, calAt, published, appealed, appealClosed, selfRem, asked, mgrRem, escalated *time.Time
	err := row.Scan(&r.ID, &r.OrgID, &r.CycleID, &r.EmployeeID, &r.EmployeeKey, &r.EmployeeName, &r.ManagerID, &r.ManagerName, &r.Job,
		&r.TeamID, &items, &facts, &factsAt, &self, &r.SelfComment, &selfDone, &mgr,
		&r.ManagerNote, &mgrDone, decimalText{&r.Score}, decimalText{&r.Calibrated},
		&r.CalibrationReason, &r.CalibratedByID, &calAt, &r.Band, decimalText{&r.Coefficient}, &r.Outcome,
		&published, &r.Appeal, &appealed, &r.AppealAnswer, &appealClosed, &selfRem, &asked, &mgrRem, &escalated)
	if err != nil {
		return r, interpret(err)
	}
	for _, j := range []struct {
		src []byte
		dst any
	}{{items, &r.Items}, {facts, &r.Facts}, {self, &r.Self}, {mgr, &r.Manager}} {
		if err := json.Unmarshal(j.src, j.dst); err != nil {
			return r, fmt.Errorf("review %d: %w", r.ID, err)
		}
	}
	for _, t := range []struct {
		src *time.Time
		dst *time.Time
	}{{factsAt, &r.FactsAt}, {selfDone, &r.SelfDoneAt}, {mgrDone, &r.ManagerDoneAt}, {calAt, &r.CalibratedAt},
		{published, &r.PublishedAt}, {appealed, &r.AppealedAt}, {appealClosed, &r.AppealClosedAt}, {selfRem, &r.SelfRemindedAt},
		{asked, &r.ManagerAskedAt}, {mgrRem, &r.ManagerRemindedAt}, {escalated, &r.EscalatedAt}} {
		if t.src != nil {
			*t.dst = *t.src
		}
	}
	return r, nil
}

// Review returns one review of an org.
func (s Perf) Review(ctx context.Context, orgID, id int64) (perf.Review, error) {
	r, err := scanReview(s.db.q(ctx).QueryRow(ctx, reviewSelect+` WHERE r.org_id = $1 AND r.id = $2`, orgID, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return r, core.Errorf(core.ENotFound, "perf.no_review", "no review %d", id).With("id", fmt.Sprint(id))
	}
	return r, err
}

// Reviews returns a cycle's reviews by name.
func (s Perf) Reviews(ctx context.Context, orgID, cycleID int64) ([]perf.Review, error) {
	rows, err := s.db.q(ctx).Query(ctx, reviewSelect+` WHERE r.org_id = $1 AND r.cycle_id = $2 ORDER BY e.name, r.id`,
		orgID, cycleID)
	return scanAll(rows, err, scanReview)
}

// ReviewsOf returns a person's reviews, newest cycle first.
func (s Perf) ReviewsOf(ctx context.Context, orgID, employeeID int64) ([]perf.Review, error) {
	rows, err := s.db.q(ctx).Query(ctx, reviewSelect+`
		JOIN perf_cycles c ON c.id = r.cycle_id
		WHERE r.org_id = $1 AND r.employee_id = $2 AND c.status <> 'cancelled' ORDER BY r.cycle_id DESC LIMIT 24`, orgID, employeeID)
	return scanAll(rows, err, scanReview)
}

// ReviewsFor returns the unfinished reviews of open cycles given to a
// reviewer: their reports', and, for HR, those of people with no manager.
func (s Perf) ReviewsFor(ctx context.Context, orgID, managerID int64) ([]perf.Review, error) {
	rows, err := s.db.q(ctx).Query(ctx, reviewSelect+`
		JOIN perf_cycles c ON c.id = r.cycle_id
		WHERE r.org_id = $1 AND c.status = 'open' AND r.manager_done_at IS NULL AND r.manager_asked_at IS NOT NULL
		  AND r.employee_id <> $2
		  AND (r.manager_id = $2 OR r.manager_id IS NULL AND EXISTS (
		      SELECT 1 FROM employees h WHERE h.id = $2 AND h.role IN ('hr', 'admin')))
		ORDER BY r.cycle_id, e.name`, orgID, managerID)
	return scanAll(rows, err, scanReview)
}

// OpenAppeals returns the unanswered appeals of the org's published
// cycles, newest cycle first, by name within a cycle: one query for what
// was a query per cycle.
func (s Perf) OpenAppeals(ctx context.Context, orgID int64) ([]perf.Review, error) {
	rows, err := s.db.q(ctx).Query(ctx, reviewSelect+`
		JOIN perf_cycles c ON c.id = r.cycle_id
		WHERE r.org_id = $1 AND c.status = 'published' AND r.appealed_at IS NOT NULL AND r.appeal_closed_at IS NULL
		ORDER BY r.cycle_id DESC, e.name, r.id`, orgID)
	return scanAll(rows, err, scanReview)
}

// SaveReview saves a review's changing parts while guard holds.
func (s Perf) SaveReview(ctx context.Context, r perf.Review, guard perf.Guard, audit *core.AuditEntry, ns []core.Notification) error {
	cond := map[perf.Guard]string{
		perf.GuardNone:        "",
		perf.GuardSelfOpen:    " AND self_done_at IS NULL AND manager_done_at IS NULL",
		perf.GuardManagerOpen: " AND manager_done_at IS NULL AND published_at IS NULL",
		perf.GuardUnpublished: " AND published_at IS NULL",
		perf.GuardUnappealed:  " AND appealed_at IS NULL",
		perf.GuardAppealOpen:  " AND appealed_at IS NOT NULL AND appeal_closed_at IS NULL",
	}[guard]
	facts, err := json.Marshal(r.Facts)
	if err != nil {
		return fmt.Errorf("review facts: %w", err)
	}
	self, err := json.Marshal(orEmpty(r.Self))
	if err != nil {
		return err
	}
	mgr, err := json.Marshal(orEmpty(r.Manager))
	if err != nil {
		return err
	}
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE perf_reviews SET facts = $3, facts_at = $4, self_scores = $5, self_comment = $6,
			    self_done_at = $7, manager_scores = $8, manager_comment = $9, manager_done_at = $10, score = $11,
			    calibrated_score = $12, calibration_reason = $13, calibrated_by = $14, calibrated_at = $15, outcome = $16,
			    appeal = $17, appealed_at = $18, appeal_answer = $19, appeal_closed_at = $20, self_reminded_at = $21,
			    manager_asked_at = $22, manager_reminded_at = $23, escalated_at = $24
			WHERE org_id = $1 AND id = $2`+cond,
			r.OrgID, r.ID, facts, nullTime(r.FactsAt), self, r.SelfComment, nullTime(r.SelfDoneAt), mgr, r.ManagerNote,
			nullTime(r.ManagerDoneAt), decOrNull(r.Score), decOrNull(r.Calibrated), r.CalibrationReason, idOrNull(r.CalibratedByID),
			nullTime(r.CalibratedAt), r.Outcome, r.Appeal, nullTime(r.AppealedAt), r.AppealAnswer, nullTime(r.AppealClosedAt),
			nullTime(r.SelfRemindedAt), nullTime(r.ManagerAskedAt), nullTime(r.ManagerRemindedAt), nullTime(r.EscalatedAt))
		if err != nil {
			return interpret(err)
		}
		if tag.RowsAffected() == 0 {
			return core.Errorf(core.EConflict, "perf.changed", "review %d changed meanwhile", r.ID).With("name", r.EmployeeName)
		}
		if audit != nil {
			if err := recordAudit(ctx, tx, *audit); err != nil {
				return err
			}
		}
		for _, n := range ns {
			n.Params = withID(n.Params, r.ID)
			if err := notify(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
}

func orEmpty(s perf.Scores) perf.Scores {
	if s == nil {
		return perf.Scores{}
	}
	return s
}

// Goals returns the personal goals of people whose period overlaps p.
func (s Perf) Goals(ctx context.Context, orgID int64, employeeIDs []int64, p perf.Period) ([]perf.Goal, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT id, employee_id, key, name, measure, coalesce(target::text, ''), weight,
		    higher_is_better, period_from, period_to
		FROM perf_goals WHERE org_id = $1 AND employee_id = ANY($2) AND period_from <= $4 AND period_to >= $3
		ORDER BY employee_id, period_from, key`, orgID, employeeIDs, p.From.UTC(), p.To.UTC())
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []perf.Goal
	for rows.Next() {
		g := perf.Goal{OrgID: orgID}
		var name []byte
		var target string
		var from, to time.Time
		if err := rows.Scan(&g.ID, &g.EmployeeID, &g.Item.Key, &name, &g.Item.Measure, &target, &g.Item.Weight,
			&g.Item.HigherIsBetter, &from, &to); err != nil {
			return nil, interpret(err)
		}
		if err := json.Unmarshal(name, &g.Item.Name); err != nil {
			return nil, fmt.Errorf("goal %d: %w", g.ID, err)
		}
		if target != "" {
			d, err := decimal.NewFromString(target)
			if err != nil {
				return nil, fmt.Errorf("goal %d target: %w", g.ID, err)
			}
			g.Item.Target = &d
		}
		g.Period = perf.Period{From: core.DateOf(from), To: core.DateOf(to)}
		out = append(out, g)
	}
	return out, interpret(rows.Err())
}

// AddGoal stores a goal, replacing one of the same key and start.
func (s Perf) AddGoal(ctx context.Context, g perf.Goal, by int64, audit core.AuditEntry) (perf.Goal, error) {
	name, err := json.Marshal(g.Item.Name)
	if err != nil {
		return g, err
	}
	var target any
	if g.Item.Target != nil {
		target = g.Item.Target.String()
	}
	err = s.db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO perf_goals (org_id, employee_id, key, name, measure, target, weight, higher_is_better,
			    period_from, period_to, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (org_id, employee_id, key, period_from) DO UPDATE SET name = EXCLUDED.name, measure = EXCLUDED.measure,
			    target = EXCLUDED.target, weight = EXCLUDED.weight, higher_is_better = EXCLUDED.higher_is_better,
			    period_to = EXCLUDED.period_to
			RETURNING id`, g.OrgID, g.EmployeeID, g.Item.Key, name, g.Item.Measure, target, g.Item.Weight, g.Item.HigherIsBetter,
			g.Period.From.UTC(), g.Period.To.UTC(), by, audit.At).Scan(&g.ID)
		if err != nil {
			return interpret(err)
		}
		audit.EntityID = fmt.Sprint(g.ID)
		return recordAudit(ctx, tx, audit)
	})
	return g, err
}

// AddNote stores a manager's note.
func (s Perf) AddNote(ctx context.Context, n perf.Note, audit core.AuditEntry, ns []core.Notification) (perf.Note, error) {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO perf_notes (org_id, employee_id, author_id, body, shared, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, n.OrgID, n.EmployeeID, n.AuthorID, n.Body, n.Shared, n.CreatedAt).Scan(&n.ID)
		if err != nil {
			return interpret(err)
		}
		audit.EntityID = fmt.Sprint(n.ID)
		if err := recordAudit(ctx, tx, audit); err != nil {
			return err
		}
		for _, x := range ns {
			x.Params = map[string]string{"note": fmt.Sprint(n.ID)}
			if err := notify(ctx, tx, x); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// Notes returns the notes on a person, newest first.
func (s Perf) Notes(ctx context.Context, orgID, employeeID int64) ([]perf.Note, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT n.id, n.author_id, a.name, n.body, n.shared, n.created_at
		FROM perf_notes n JOIN employees a ON a.id = n.author_id
		WHERE n.org_id = $1 AND n.employee_id = $2 ORDER BY n.created_at DESC, n.id DESC LIMIT 100`, orgID, employeeID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []perf.Note
	for rows.Next() {
		n := perf.Note{OrgID: orgID, EmployeeID: employeeID}
		if err := rows.Scan(&n.ID, &n.AuthorID, &n.AuthorName, &n.Body, &n.Shared, &n.CreatedAt); err != nil {
			return nil, interpret(err)
		}
		out = append(out, n)
	}
	return out, interpret(rows.Err())
}

// Remind stamps one of a review's reminders and writes its
// notifications, once: false when it was stamped already or the review is
// done (the manager review finished).
func (s Perf) Remind(ctx context.Context, orgID, reviewID int64, what perf.Reminder, at time.Time, ns []core.Notification) (bool, error) {
	column := map[perf.Reminder]string{perf.RemindSelf: "self_reminded_at", perf.AskManager: "manager_asked_at",
		perf.RemindManager: "manager_reminded_at", perf.EscalateManager: "escalated_at"}[what]
	if column == "" {
		return false, fmt.Errorf("unknown reminder %q", what)
	}
	sent := false
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE perf_reviews SET `+column+` = $3
			WHERE org_id = $1 AND id = $2 AND `+column+` IS NULL AND manager_done_at IS NULL`, orgID, reviewID, at)
		if err != nil || tag.RowsAffected() == 0 {
			return interpret(err)
		}
		sent = true
		for _, n := range ns {
			n.Params = withID(n.Params, reviewID)
			if err := notify(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
	return sent, err
}
