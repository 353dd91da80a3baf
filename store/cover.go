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
	"github.com/hrbot/hrbot/core/cover"
)

// Covers is the cover pool's storage: each org's cover rules and jobs,
// cover requests, the offers made for them, who took them (assignments)
// and how they were rated. It is core/cover's Store.
type Covers struct{ db *DB }

// NewCovers returns the cover pool's storage over db.
func NewCovers(db *DB) Covers { return Covers{db: db} }

var _ cover.Store = Covers{}

// OrgByID reads an org. Errors: ENotFound.
func (s Covers) OrgByID(ctx context.Context, id int64) (core.Org, error) {
	return NewOrgs(s.db).FindByID(ctx, id)
}

// GroupOrgs lists the ids of the orgs in org's group (org itself first).
func (s Covers) GroupOrgs(ctx context.Context, orgID int64) ([]int64, error) {
	return NewOrgs(s.db).GroupIDs(ctx, orgID)
}

// Policy reads an org's cover rules; the defaults when it has none.
func (s Covers) Policy(ctx context.Context, orgID int64) (cover.Policy, error) {
	var p cover.Policy
	var requires []byte
	err := s.db.q(ctx).QueryRow(ctx, `
		SELECT wave_size, wave_minutes, weekly_cap_minutes, rest_minutes, sister_orgs, escalate_minutes, requires
		FROM cover_policies WHERE org_id = $1`, orgID).
		Scan(&p.WaveSize, &p.WaveMinutes, &p.WeeklyCapMinutes, &p.RestMinutes, &p.SisterOrgs, &p.EscalateMinutes, &requires)
	if errors.Is(err, pgx.ErrNoRows) {
		return cover.DefaultPolicy(), nil
	}
	if err != nil {
		return p, interpret(err)
	}
	if err := json.Unmarshal(requires, &p.Requires); err != nil {
		return p, fmt.Errorf("cover policy of org %d: %w", orgID, err)
	}
	return p, nil
}

// Jobs lists an org's jobs: those its org file declares, with their names
// and aliases; without a jobs section, every job its people do, its shifts
// staff or its cover rules name, and every skill its people hold or its
// quizzes certify (a job not in cover.requires is covered by the skill of
// its name), known by key only.
// Shifts returns the org's shifts in the order they were declared.
func (s Covers) Shifts(ctx context.Context, orgID int64) ([]attendance.Shift, error) {
	return exportShifts(ctx, s.db.q(ctx), orgID)
}

func (s Covers) Jobs(ctx context.Context, orgID int64) (core.Jobs, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT key, names, aliases FROM org_jobs WHERE org_id = $1
		UNION ALL
		SELECT job, '{}'::jsonb, '{}'::text[] FROM (
			SELECT job FROM employees WHERE org_id = $1 AND job <> ''
			UNION SELECT job FROM shifts WHERE org_id = $1 AND job <> ''
			UNION SELECT jsonb_object_keys(requires) FROM cover_policies WHERE org_id = $1
			UNION SELECT skill FROM employee_skills WHERE org_id = $1
			UNION SELECT skill FROM certifications WHERE org_id = $1
			UNION SELECT skill FROM quiz_banks WHERE org_id = $1) used
		WHERE NOT EXISTS (SELECT 1 FROM org_jobs WHERE org_id = $1)
		ORDER BY 1`, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	jobs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.Job, error) {
		var j core.Job
		err := r.Scan(&j.Key, &j.Names, &j.Aliases)
		return j, err
	})
	if err != nil {
		return nil, fmt.Errorf("jobs of org %d: %w", orgID, interpret(err))
	}
	return core.Jobs(jobs), nil
}

const coverRequestColumns = `id, org_id, job, starts_at, ends_at, needed, filled, reason, source, coalesce(leave_request_id, 0),
	coalesce(absent_id, 0), shift_key, coalesce(requested_by, 0), status, wave, coalesce(wave_at, 'epoch'),
	coalesce(escalated_at, 'epoch'), created_at`

func scanCoverRequest(row pgx.Row) (cover.Request, error) {
	var r cover.Request
	err := row.Scan(&r.ID, &r.OrgID, &r.Job, &r.Start, &r.End, &r.Needed, &r.Filled, &r.Reason, &r.Source, &r.LeaveRequestID,
		&r.AbsentID, &r.ShiftKey, &r.RequestedBy, &r.Status, &r.Wave, &r.WaveAt, &r.EscalatedAt, &r.CreatedAt)
	if r.WaveAt.Unix() == 0 {
		r.WaveAt = time.Time{}
	}
	if r.EscalatedAt.Unix() == 0 {
		r.EscalatedAt = time.Time{}
	}
	return r, interpret(err)
}

// OpenRequest records a request. One opened from leave exists once per
// uncovered shift: opening it again returns the first and false.
func (s Covers) OpenRequest(ctx context.Context, r cover.Request) (cover.Request, bool, error) {
	nullable := func(id int64) *int64 {
		if id == 0 {
			return nil
		}
		return &id
	}
	got, err := scanCoverRequest(s.db.q(ctx).QueryRow(ctx, `
		INSERT INTO cover_requests (org_id, job, starts_at, ends_at, needed, reason, source, leave_request_id, absent_id, shift_key, requested_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (org_id, leave_request_id, starts_at) DO NOTHING
		RETURNING `+coverRequestColumns,
		r.OrgID, r.Job, r.Start, r.End, r.Needed, r.Reason, r.Source, nullable(r.LeaveRequestID), nullable(r.AbsentID), r.ShiftKey,
		nullable(r.RequestedBy), r.CreatedAt))
	if core.ErrorCodeOf(err) != core.ENotFound {
		if err == nil {
			err = recordAudit(ctx, s.db.q(ctx), core.AuditEntry{OrgID: r.OrgID, At: r.CreatedAt, ActorID: r.RequestedBy, ActorLabel: "hrbot",
				Action: core.AuditCoverOpen, EntityType: "cover_request", EntityID: fmt.Sprint(got.ID), After: got, Channel: "system", Outcome: "ok"})
		}
		return got, err == nil, err
	}
	got, err = scanCoverRequest(s.db.q(ctx).QueryRow(ctx, `SELECT `+coverRequestColumns+` FROM cover_requests
		WHERE org_id = $1 AND leave_request_id = $2 AND starts_at = $3`, r.OrgID, r.LeaveRequestID, r.Start))
	return got, false, err
}

// FindRequest reads one request. Errors: ENotFound.
func (s Covers) FindRequest(ctx context.Context, id int64) (cover.Request, error) {
	r, err := scanCoverRequest(s.db.q(ctx).QueryRow(ctx, `SELECT `+coverRequestColumns+` FROM cover_requests WHERE id = $1`, id))
	if core.ErrorCodeOf(err) == core.ENotFound {
		return r, core.Errorf(core.ENotFound, "cover.not_found", "cover request %d not found", id).With("id", fmt.Sprint(id))
	}
	return r, err
}

// ListOpenRequests lists requests still open that have not ended.
func (s Covers) ListOpenRequests(ctx context.Context, now time.Time) ([]cover.Request, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+coverRequestColumns+` FROM cover_requests WHERE status = 'open' AND ends_at > $1 ORDER BY starts_at`, now)
	if err != nil {
		return nil, interpret(err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (cover.Request, error) { return scanCoverRequest(r) })
}

// RecordWave records that wave n of offers went out at `at`.
func (s Covers) RecordWave(ctx context.Context, id int64, n int, at time.Time) error {
	_, err := s.db.q(ctx).Exec(ctx, `UPDATE cover_requests SET wave = $2, wave_at = $3 WHERE id = $1`, id, n, at)
	return interpret(err)
}

// MarkEscalated records that the manager was told, once: it reports
// false when someone did already.
func (s Covers) MarkEscalated(ctx context.Context, id int64, at time.Time) (bool, error) {
	tag, err := s.db.q(ctx).Exec(ctx, `UPDATE cover_requests SET escalated_at = $2 WHERE id = $1 AND escalated_at IS NULL`, id, at)
	return tag.RowsAffected() == 1, interpret(err)
}

// Candidates lists the active people of the given orgs with what the
// cover rules need from the database: skills (the org file's, or a quiz
// certificate valid when the cover starts, whichever is higher), the covers they accepted
// around the window, their cover minutes in the window's week and in the
// 30 days before it, and their last ten ratings. Planned shifts and leave
// come from attendance.
func (s Covers) Candidates(ctx context.Context, orgIDs []int64, from, to, weekStart time.Time) ([]cover.Person, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT e.id, e.org_id, coalesce(o.group_id, 0), e.key, e.name, e.job,
		       coalesce((SELECT jsonb_object_agg(skill, level) FROM (
		                   SELECT skill, max(level) AS level FROM (
		                       SELECT skill, level FROM employee_skills s WHERE s.employee_id = e.id
		                       UNION ALL
		                       SELECT skill, level FROM certifications c
		                       WHERE c.employee_id = e.id AND (c.expires_at IS NULL OR c.expires_at > $2::timestamptz)) held
		                   GROUP BY skill) best), '{}'),
		       coalesce((SELECT sum(extract(epoch FROM a.ends_at - a.starts_at))::int / 60 FROM cover_assignments a
		                 WHERE a.employee_id = e.id AND a.starts_at >= $4::timestamptz AND a.starts_at < $4::timestamptz + interval '7 days'), 0),
		       coalesce((SELECT sum(extract(epoch FROM a.ends_at - a.starts_at))::int / 60 FROM cover_assignments a
		                 WHERE a.employee_id = e.id AND a.starts_at >= $2::timestamptz - interval '30 days' AND a.starts_at < $2::timestamptz), 0),
		       coalesce((SELECT avg(r.rating) FROM (SELECT rating FROM cover_assignments a WHERE a.employee_id = e.id AND a.rating IS NOT NULL
		                 ORDER BY a.starts_at DESC LIMIT 10) r), 0),
		       (SELECT count(*) FROM cover_assignments a WHERE a.employee_id = e.id AND a.rating IS NOT NULL),
		       coalesce((SELECT jsonb_agg(jsonb_build_array(a.starts_at, a.ends_at)) FROM cover_assignments a
		                 WHERE a.employee_id = e.id AND a.ends_at > $2::timestamptz - interval '1 day' AND a.starts_at < $3::timestamptz + interval '1 day'), '[]')
		FROM employees e JOIN orgs o ON o.id = e.org_id
		WHERE e.org_id = ANY($1) AND e.status = 'active'
		ORDER BY e.org_id, e.key`, orgIDs, from, to, weekStart)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	var out []cover.Person
	for rows.Next() {
		var p cover.Person
		var skills, covers []byte
		if err := rows.Scan(&p.ID, &p.OrgID, &p.GroupID, &p.Key, &p.Name, &p.Job, &skills, &p.WeekCoverMinutes,
			&p.RecentCoverMinutes, &p.Rating, &p.Ratings, &covers); err != nil {
			return nil, interpret(err)
		}
		p.Active = true
		if err := json.Unmarshal(skills, &p.Skills); err != nil {
			return nil, fmt.Errorf("skills of %s: %w", p.Key, err)
		}
		var spans [][2]time.Time
		if err := json.Unmarshal(covers, &spans); err != nil {
			return nil, fmt.Errorf("covers of %s: %w", p.Key, err)
		}
		for _, s := range spans {
			p.Busy = append(p.Busy, cover.Interval{Start: s[0], End: s[1], Kind: cover.KindCover})
		}
		out = append(out, p)
	}
	return out, interpret(rows.Err())
}

// Offers returns who was offered a request, and their answer.
func (s Covers) Offers(ctx context.Context, requestID int64) (map[int64]string, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT employee_id, state FROM cover_offers WHERE request_id = $1`, requestID)
	if err != nil {
		return nil, interpret(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var state string
		if err := rows.Scan(&id, &state); err != nil {
			return nil, interpret(err)
		}
		out[id] = state
	}
	return out, interpret(rows.Err())
}

// RecordOffers records offers of wave n to people (id → their org).
func (s Covers) RecordOffers(ctx context.Context, requestID int64, wave int, people map[int64]int64, at time.Time) error {
	ids := make([]int64, 0, len(people))
	orgs := make([]int64, 0, len(people))
	for id, org := range people {
		ids, orgs = append(ids, id), append(orgs, org)
	}
	_, err := s.db.q(ctx).Exec(ctx, `
		INSERT INTO cover_offers (request_id, employee_id, org_id, wave, offered_at)
		SELECT $1, e, o, $3, $4 FROM unnest($2::bigint[], $5::bigint[]) AS t(e, o)
		ON CONFLICT DO NOTHING`, requestID, ids, wave, at, orgs)
	return interpret(err)
}

// Claim gives one of a request's places to a person who was offered
// it. Concurrent claims queue on the request's row lock, so no more than
// Needed win. Errors: ENotFound, EConflict ("cover.taken",
// "cover.cancelled", "cover.already_yours", "cover.not_offered").
func (s Covers) Claim(ctx context.Context, requestID int64, who core.Employee, at time.Time) (cover.Request, cover.Assignment, error) {
	var req cover.Request
	var asg cover.Assignment
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		req, err = scanCoverRequest(tx.QueryRow(ctx, `SELECT `+coverRequestColumns+` FROM cover_requests WHERE id = $1 FOR UPDATE`, requestID))
		if err != nil {
			return err
		}
		var state string
		err = tx.QueryRow(ctx, `SELECT state FROM cover_offers WHERE request_id = $1 AND employee_id = $2`, requestID, who.ID).Scan(&state)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return core.Errorf(core.EConflict, "cover.not_offered", "%s was not offered cover %d", who.Key, requestID)
		case err != nil:
			return err
		case state == "accepted":
			return core.Errorf(core.EConflict, "cover.already_yours", "%s already covers %d", who.Key, requestID)
		case req.Status == cover.StatusCancelled:
			return core.Errorf(core.EConflict, "cover.cancelled", "cover %d was cancelled", requestID)
		case req.Status == cover.StatusFilled || req.Filled >= req.Needed:
			return core.Errorf(core.EConflict, "cover.taken", "cover %d is filled", requestID)
		}
		asg = cover.Assignment{RequestID: req.ID, OrgID: req.OrgID, EmployeeID: who.ID, EmployeeOrgID: who.OrgID,
			EmployeeName: who.Name, Job: req.Job, Start: req.Start, End: req.End, AcceptedAt: at}
		if err := tx.QueryRow(ctx, `
			INSERT INTO cover_assignments (request_id, org_id, employee_id, employee_org_id, job, starts_at, ends_at, accepted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			req.ID, req.OrgID, who.ID, who.OrgID, req.Job, req.Start, req.End, at).Scan(&asg.ID); err != nil {
			return err
		}
		req.Filled++
		if req.Filled == req.Needed {
			req.Status = cover.StatusFilled
		}
		if _, err := tx.Exec(ctx, `UPDATE cover_requests SET filled = $2, status = $3 WHERE id = $1`, req.ID, req.Filled, req.Status); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE cover_offers SET state = 'accepted', answered_at = $3 WHERE request_id = $1 AND employee_id = $2`,
			req.ID, who.ID, at); err != nil {
			return err
		}
		return recordAudit(ctx, tx, core.AuditEntry{OrgID: req.OrgID, At: at, ActorID: who.ID, Action: core.AuditCoverAccept,
			EntityType: "cover_request", EntityID: fmt.Sprint(req.ID), After: asg, Channel: "chat", Outcome: "ok"})
	})
	if err != nil {
		return req, asg, fmt.Errorf("claim cover %d: %w", requestID, err)
	}
	return req, asg, nil
}

// Decline records a person's no to an offer made to them while its
// request is still open, and returns the offer's state as it was:
// "offered" when the no is recorded; "" when they were never offered it;
// "closed" when the request is filled, cancelled or over; otherwise their
// earlier answer ("accepted", "declined", "withdrawn").
func (s Covers) Decline(ctx context.Context, requestID, employeeID int64, at time.Time) (string, error) {
	var state string
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var open bool
		var orgID int64
		err := tx.QueryRow(ctx, `
			SELECT o.state, r.status = 'open' AND r.ends_at > $3, r.org_id FROM cover_offers o JOIN cover_requests r ON r.id = o.request_id
			WHERE o.request_id = $1 AND o.employee_id = $2 FOR UPDATE OF o`, requestID, employeeID, at).Scan(&state, &open, &orgID)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			state = ""
			return nil
		case err != nil:
			return err
		case state != "offered":
			return nil
		case !open:
			state = "closed"
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE cover_offers SET state = 'declined', answered_at = $3 WHERE request_id = $1 AND employee_id = $2`,
			requestID, employeeID, at); err != nil {
			return err
		}
		return recordAudit(ctx, tx, core.AuditEntry{OrgID: orgID, At: at, ActorID: employeeID, Action: core.AuditCoverDecline,
			EntityType: "cover_request", EntityID: fmt.Sprint(requestID), Before: map[string]string{"offer": "offered"},
			After: map[string]string{"offer": "declined"}, Channel: "chat", Outcome: "ok"})
	})
	if err != nil {
		return "", fmt.Errorf("decline cover %d: %w", requestID, interpret(err))
	}
	return state, nil
}

// FirstOfferAt returns when a request was first offered to anyone;
// false when it never was.
func (s Covers) FirstOfferAt(ctx context.Context, requestID int64) (time.Time, bool, error) {
	var at *time.Time
	err := s.db.q(ctx).QueryRow(ctx, `SELECT min(offered_at) FROM cover_offers WHERE request_id = $1`, requestID).Scan(&at)
	if err != nil || at == nil {
		return time.Time{}, false, interpret(err)
	}
	return *at, true, nil
}

// Assignments lists who covers a request.
func (s Covers) Assignments(ctx context.Context, requestID int64) ([]cover.Assignment, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT a.id, a.request_id, a.org_id, a.employee_id, a.employee_org_id, e.name, a.job, a.starts_at, a.ends_at, a.accepted_at,
		       coalesce(a.rating, 0), a.rating_comment
		FROM cover_assignments a JOIN employees e ON e.id = a.employee_id WHERE a.request_id = $1 ORDER BY a.accepted_at`, requestID)
	if err != nil {
		return nil, interpret(err)
	}
	return pgx.CollectRows(rows, scanAssignment)
}

func scanAssignment(r pgx.CollectableRow) (cover.Assignment, error) {
	var a cover.Assignment
	err := r.Scan(&a.ID, &a.RequestID, &a.OrgID, &a.EmployeeID, &a.EmployeeOrgID, &a.EmployeeName, &a.Job, &a.Start, &a.End,
		&a.AcceptedAt, &a.Rating, &a.Comment)
	return a, err
}

// FindAssignment reads one assignment. Errors: ENotFound.
func (s Covers) FindAssignment(ctx context.Context, id int64) (cover.Assignment, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT a.id, a.request_id, a.org_id, a.employee_id, a.employee_org_id, e.name, a.job, a.starts_at, a.ends_at, a.accepted_at,
		       coalesce(a.rating, 0), a.rating_comment
		FROM cover_assignments a JOIN employees e ON e.id = a.employee_id WHERE a.id = $1`, id)
	if err != nil {
		return cover.Assignment{}, interpret(err)
	}
	a, err := pgx.CollectExactlyOneRow(rows, scanAssignment)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, core.Errorf(core.ENotFound, "cover.not_found", "cover assignment %d not found", id).With("id", fmt.Sprint(id))
	}
	return a, interpret(err)
}

// AssignmentsToRate lists covers that are over — ended before `before`,
// or the person checked out of them — and whose rating was not asked for
// yet, and marks them asked: each is asked once.
func (s Covers) AssignmentsToRate(ctx context.Context, before, at time.Time) ([]cover.Assignment, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		WITH due AS (
			UPDATE cover_assignments SET rating_asked_at = $2
			WHERE id IN (
				SELECT a.id FROM cover_assignments a
				WHERE a.rating_asked_at IS NULL
				  AND (a.ends_at <= $1 OR EXISTS (
				       SELECT 1 FROM attendance_records r WHERE r.employee_id = a.employee_id
				       AND r.check_out IS NOT NULL AND r.check_out >= a.starts_at AND r.check_in < a.ends_at))
				FOR UPDATE SKIP LOCKED)
			RETURNING *)
		SELECT a.id, a.request_id, a.org_id, a.employee_id, a.employee_org_id, e.name, a.job, a.starts_at, a.ends_at, a.accepted_at,
		       coalesce(a.rating, 0), a.rating_comment
		FROM due a JOIN employees e ON e.id = a.employee_id`, before, at)
	if err != nil {
		return nil, interpret(err)
	}
	return pgx.CollectRows(rows, scanAssignment)
}

// Rate records the manager's rating (1–5) and comment.
func (s Covers) Rate(ctx context.Context, id int64, rater core.Employee, rating int, comment string, at time.Time) error {
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		var before int
		if err := tx.QueryRow(ctx, `SELECT coalesce(rating, 0) FROM cover_assignments WHERE id = $1 FOR UPDATE`, id).Scan(&before); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			UPDATE cover_assignments SET rating = $2, rating_comment = CASE WHEN $3 = '' THEN rating_comment ELSE $3 END, rated_by = $4, rated_at = $5
			WHERE id = $1`, id, rating, comment, rater.ID, at); err != nil {
			return err
		}
		return recordAudit(ctx, tx, core.AuditEntry{OrgID: rater.OrgID, At: at, ActorID: rater.ID, Action: core.AuditCoverRate,
			EntityType: "cover_assignment", EntityID: fmt.Sprint(id), Before: map[string]int{"rating": before},
			After: map[string]any{"rating": rating, "comment": comment}, Channel: "chat", Outcome: "ok"})
	})
}

// ManagerOf returns a person's manager's id, 0 when they have none.
func (s Covers) ManagerOf(ctx context.Context, employeeID int64) (int64, error) {
	var id int64
	err := s.db.q(ctx).QueryRow(ctx, `SELECT coalesce(manager_id, 0) FROM employees WHERE id = $1`, employeeID).Scan(&id)
	return id, interpret(err)
}

// CancelForCancelledLeave cancels the requests opened for leave that
// was cancelled since, with their assignments, and returns them: nobody
// needs to cover a shift its own person works after all.
func (s Covers) CancelForCancelledLeave(ctx context.Context, at time.Time) ([]cover.Request, error) {
	var out []cover.Request
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		// The SELECT sees the rows as they were before the UPDATE, so the
		// status is set again below.
		rows, err := tx.Query(ctx, `
			WITH cancelled AS (
				UPDATE cover_requests c SET status = 'cancelled'
				FROM leave_requests l
				WHERE c.source = 'leave' AND c.status IN ('open', 'filled') AND l.id = c.leave_request_id AND l.status = 'cancelled'
				RETURNING c.id)
			SELECT `+coverRequestColumns+` FROM cover_requests WHERE id IN (SELECT id FROM cancelled)`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (cover.Request, error) { return scanCoverRequest(r) })
		if err != nil {
			return err
		}
		for i := range out {
			out[i].Status = cover.StatusCancelled
			// The cover does not happen: it counts for no one's hours, cap or rating.
			if _, err := tx.Exec(ctx, `DELETE FROM cover_assignments WHERE request_id = $1`, out[i].ID); err != nil {
				return err
			}
		}
		for _, r := range out {
			if err := recordAudit(ctx, tx, core.AuditEntry{OrgID: r.OrgID, At: at, ActorLabel: "hrbot", Action: core.AuditCoverCancel,
				EntityType: "cover_request", EntityID: fmt.Sprint(r.ID), After: map[string]string{"reason": "leave cancelled"},
				Channel: "system", Outcome: "ok"}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// ListRecentRequests lists an org's requests that end after since, the
// latest start first, at most limit.
func (s Covers) ListRecentRequests(ctx context.Context, orgID int64, since time.Time, limit int) ([]cover.Request, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT `+coverRequestColumns+` FROM cover_requests
		WHERE org_id = $1 AND ends_at > $2 ORDER BY starts_at DESC, id DESC LIMIT $3`, orgID, since, limit)
	if err != nil {
		return nil, interpret(err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (cover.Request, error) { return scanCoverRequest(r) })
}
