package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

// Audience resolves who a message is for — everyone, a team, a job, a
// person, the managers, those with a decision waiting — to active
// employees' ids, in id order: the one place reminders, broadcasts and
// quiz assignments ask it. Who is on shift comes from attendance's
// roster, not from here.
type Audience struct{ db *DB }

// NewAudience returns the audience queries over db.
func NewAudience(db *DB) Audience { return Audience{db: db} }

// People lists the active employees of an org in aud: everyone, team:KEY,
// job:NAME or managers_pending (people with a request waiting for their
// decision). Other kinds (on_shift, not_checked_in) are the roster's.
func (s Audience) People(ctx context.Context, orgID int64, aud core.Audience) ([]int64, error) {
	switch aud.Kind {
	case core.AudienceTeam:
		return s.employees(ctx, orgID, `team_id = (SELECT id FROM teams WHERE org_id = $1 AND key = $2)`, aud.Value)
	case core.AudienceJob:
		return s.employees(ctx, orgID, `job = $2`, aud.Value)
	case core.AudienceManagersPending:
		return s.PendingApprovers(ctx, orgID)
	case core.AudienceEveryone:
		return s.employees(ctx, orgID, `true`)
	}
	return nil, core.Errorf(core.EInvalid, "error.invalid", "audience %q is not a list of people", aud.String())
}

// Person returns the active employee with key, as a list of one (none
// when there is nobody by that key).
func (s Audience) Person(ctx context.Context, orgID int64, key string) ([]int64, error) {
	return s.employees(ctx, orgID, `key = $2`, key)
}

// Managers lists the managers, HR and admins.
func (s Audience) Managers(ctx context.Context, orgID int64) ([]int64, error) {
	return s.employees(ctx, orgID, `role IN ('manager', 'hr', 'admin')`)
}

// PendingApprovers lists people with a leave request or a punch
// correction waiting for their decision.
func (s Audience) PendingApprovers(ctx context.Context, orgID int64) ([]int64, error) {
	return s.employees(ctx, orgID, `id IN (
		SELECT approver_id FROM leave_requests WHERE org_id = $1 AND status = 'pending'
		UNION SELECT approver_id FROM attendance_corrections WHERE org_id = $1 AND status = 'pending')`)
}

func (s Audience) employees(ctx context.Context, orgID int64, where string, args ...any) ([]int64, error) {
	rows, err := s.db.q(ctx).Query(ctx, `SELECT id FROM employees WHERE org_id = $1 AND status = 'active' AND `+where+` ORDER BY id`,
		append([]any{orgID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("audience: %w", interpret(err))
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("audience: %w", interpret(err))
	}
	return ids, nil
}
