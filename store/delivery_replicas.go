package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
)

// Beat records that replica (a River client id) is alive and sending.
func (s Deliveries) Beat(ctx context.Context, replica string) error {
	if _, err := s.db.q(ctx).Exec(ctx, `
		INSERT INTO delivery_replicas (id) VALUES ($1)
		ON CONFLICT (id) DO UPDATE SET beat_at = now()`, replica); err != nil {
		return fmt.Errorf("delivery replica beat: %w", interpret(err))
	}
	return nil
}

// Leave forgets a replica that stopped cleanly, so its jobs still running
// (if any) are picked up at once; it also forgets replicas and rescues
// from more than a day ago.
func (s Deliveries) Leave(ctx context.Context, replica string) error {
	if _, err := s.db.q(ctx).Exec(ctx, `
		WITH old AS (DELETE FROM delivery_rescues WHERE rescued_at < now() - interval '1 day')
		DELETE FROM delivery_replicas WHERE id = $1 OR beat_at < now() - interval '1 day'`, replica); err != nil {
		return fmt.Errorf("delivery replica leave: %w", interpret(err))
	}
	return nil
}

// Orphans takes up to limit River jobs of kind that a dead replica was
// running — one whose last beat is older than alive, or that has left —
// other than self's, and returns them for self to queue again in the
// transaction ctx carries. Each is taken once, whichever replica asks
// first (delivery_rescues). River's tables are read, never written: the
// old job stays River's, to be rescued by River in its time and found
// settled.
func (s Deliveries) Orphans(ctx context.Context, kind, self string, alive time.Duration, limit int) ([]core.OrphanJob, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		WITH orphans AS (
			SELECT j.id, j.args, j.queue, j.max_attempts, j.attempted_by[cardinality(j.attempted_by)] AS holder
			FROM river_job j
			WHERE j.state = 'running' AND j.kind = $1
				AND j.attempted_by[cardinality(j.attempted_by)] <> $2
				AND NOT EXISTS (SELECT 1 FROM delivery_replicas r
					WHERE r.id = j.attempted_by[cardinality(j.attempted_by)] AND r.beat_at > now() - make_interval(secs => $3))
			ORDER BY j.id LIMIT $4),
		taken AS (
			INSERT INTO delivery_rescues (job_id, replica) SELECT id, holder FROM orphans
			ON CONFLICT (job_id) DO NOTHING RETURNING job_id)
		SELECT o.id, o.args, o.queue, o.max_attempts FROM orphans o JOIN taken t ON t.job_id = o.id`,
		kind, self, alive.Seconds(), limit)
	if err != nil {
		return nil, fmt.Errorf("orphaned delivery jobs: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.OrphanJob, error) {
		var j core.OrphanJob
		var attempts int16
		err := r.Scan(&j.JobID, &j.Args, &j.Queue, &attempts)
		j.MaxAttempts = int(attempts)
		return j, err
	})
	if err != nil {
		return nil, fmt.Errorf("orphaned delivery jobs: %w", interpret(err))
	}
	return out, nil
}

// InDoubt lists deliveries whose send was interrupted while its request
// was on its way to the platform, newest first, with what was done.
func (s Deliveries) InDoubt(ctx context.Context, limit int) ([]core.DeliveryInDoubt, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT d.key, o.key, coalesce(e.key, ''), d.platform, d.external_id, d.source, d.state,
			coalesce(d.in_doubt_outcome, ''), d.updated_at
		FROM deliveries d JOIN orgs o ON o.id = d.org_id LEFT JOIN employees e ON e.id = d.employee_id
		WHERE d.in_doubt ORDER BY d.updated_at DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("in-doubt deliveries: %w", interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.DeliveryInDoubt, error) {
		var d core.DeliveryInDoubt
		var platform string
		err := r.Scan(&d.Key, &d.Org, &d.Employee, &platform, &d.ExternalID, &d.Source, &d.State, &d.Outcome, &d.At)
		d.Platform = core.Platform(platform)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("in-doubt deliveries: %w", interpret(err))
	}
	return out, nil
}
