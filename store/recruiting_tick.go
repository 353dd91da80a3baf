package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

var _ recruiting.StaleStore = Recruiting{}

// Stale locks the applications, of every org, waiting in one of stages
// for longer than their org's stale_days, not reminded since they
// entered it, oldest first; rows another replica's pass holds are
// skipped, so two passes never remind of the same one.
func (s Recruiting) Stale(ctx context.Context, stages []recruiting.Stage, now time.Time, defaultDays, limit int) ([]recruiting.Waiting, error) {
	names := make([]string, len(stages))
	for i, st := range stages {
		names[i] = string(st)
	}
	return readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (w recruiting.Waiting, err error) {
		return w, r.Scan(&w.ApplicationID, &w.OrgID, &w.OpeningID, &w.HiringManagerID, &w.Stage, &w.Since)
	}, `SELECT a.id, a.org_id, a.opening_id, o.hiring_manager_id, a.stage, a.stage_since
		FROM applications a
		JOIN openings o ON o.org_id = a.org_id AND o.id = a.opening_id
		LEFT JOIN recruiting_policies p ON p.org_id = a.org_id
		WHERE a.stage = ANY($1) AND a.reminded_at IS NULL
		  AND a.stage_since <= $2::timestamptz - make_interval(days => coalesce(p.stale_days, $3))
		ORDER BY a.stage_since, a.id
		LIMIT $4
		FOR UPDATE OF a SKIP LOCKED`, names, now, defaultDays, limit)
}

// MarkReminded marks applications reminded and writes their
// notifications, in the caller's transaction (InTurn).
func (s Recruiting) MarkReminded(ctx context.Context, ids []int64, at time.Time, notes []core.Notification) error {
	q := s.db.q(ctx)
	if _, err := q.Exec(ctx, `UPDATE applications SET reminded_at = $2 WHERE id = ANY($1)`, ids, at); err != nil {
		return interpret(err)
	}
	return notifyAll(ctx, q, notes)
}
