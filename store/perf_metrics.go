package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/perf"
)

// PerfMetrics stores the business numbers imported per person, metric and
// period (perf_metrics). It is core/perf's MetricStore.
type PerfMetrics struct{ db *DB }

// NewPerfMetrics returns the imported numbers' storage over db.
func NewPerfMetrics(db *DB) PerfMetrics { return PerfMetrics{db: db} }

var _ perf.MetricStore = PerfMetrics{}

// MetricPeople are the org's people, those who left too.
func (s PerfMetrics) MetricPeople(ctx context.Context, orgID int64) ([]perf.MetricPerson, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT id, key, name, status = 'active' FROM employees WHERE org_id = $1 ORDER BY key`, orgID)
	if err != nil {
		return nil, fmt.Errorf("metric people of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (perf.MetricPerson, error) {
		var p perf.MetricPerson
		return p, r.Scan(&p.ID, &p.Key, &p.Name, &p.Active)
	})
	if err != nil {
		return nil, fmt.Errorf("metric people of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// SaveMetrics upserts the batch's numbers (one statement, however many)
// and writes its audit row, in one transaction. A person of another org
// fails the whole batch (the foreign key).
func (s PerfMetrics) SaveMetrics(ctx context.Context, b perf.MetricBatch) error {
	n := len(b.Rows)
	ids, metrics := make([]int64, n), make([]string, n)
	froms, tos, values := make([]string, n), make([]string, n), make([]string, n)
	for i, r := range b.Rows {
		ids[i], metrics[i], values[i] = r.EmployeeID, r.Metric, r.Value.String()
		froms[i], tos[i] = r.Period.From.String(), r.Period.To.String()
	}
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
			INSERT INTO perf_metrics (org_id, employee_id, metric, period_from, period_to, value, imported_by, imported_at)
			SELECT $1, u.e, u.m, u.f, u.t, u.v, $7, $8
			FROM unnest($2::bigint[], $3::text[], $4::text[]::date[], $5::text[]::date[], $6::text[]::numeric[]) AS u(e, m, f, t, v)
			ON CONFLICT (org_id, employee_id, metric, period_from, period_to)
			DO UPDATE SET value = EXCLUDED.value, imported_by = EXCLUDED.imported_by, imported_at = EXCLUDED.imported_at`,
			b.OrgID, ids, metrics, froms, tos, values, b.ImportedBy, b.At); err != nil {
			return fmt.Errorf("save %d metrics: %w", n, interpret(err))
		}
		return recordAudit(ctx, tx, b.Audit)
	})
	if err != nil {
		return fmt.Errorf("save metrics of org %d: %w", b.OrgID, err)
	}
	return nil
}

// Metrics are the org's numbers whose period lies within p.
func (s PerfMetrics) Metrics(ctx context.Context, orgID int64, p perf.Period) ([]perf.MetricRecord, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT pm.employee_id, e.key, e.name, pm.metric, pm.period_from, pm.period_to, pm.value::text,
		       coalesce(ib.name, ''), pm.imported_at
		FROM perf_metrics pm
		JOIN employees e ON e.org_id = pm.org_id AND e.id = pm.employee_id
		LEFT JOIN employees ib ON ib.org_id = pm.org_id AND ib.id = pm.imported_by
		WHERE pm.org_id = $1 AND pm.period_from >= $2 AND pm.period_to <= $3
		ORDER BY e.key, pm.metric, pm.period_from, pm.period_to`, orgID, p.From.String(), p.To.String())
	if err != nil {
		return nil, fmt.Errorf("metrics of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (perf.MetricRecord, error) {
		var m perf.MetricRecord
		var from, to time.Time
		err := r.Scan(&m.EmployeeID, &m.EmployeeKey, &m.EmployeeName, &m.Metric.Metric, &from, &to, decimalText{&m.Value},
			&m.ImportedByName, &m.ImportedAt)
		m.Period = perf.Period{From: core.DateOf(from), To: core.DateOf(to)}
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("metrics of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}

// ImportKeys are the keys of the org's KPIs and personal goals of
// measure import, sorted.
func (s PerfMetrics) ImportKeys(ctx context.Context, orgID int64) ([]string, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT k->>'key' FROM org_jobs j, jsonb_array_elements(coalesce(j.description->'kpis', '[]')) k
		WHERE j.org_id = $1 AND k->>'measure' = 'import'
		UNION
		SELECT key FROM perf_goals WHERE org_id = $1 AND measure = 'import'
		ORDER BY 1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("import keys of org %d: %w", orgID, interpret(err))
	}
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("import keys of org %d: %w", orgID, interpret(err))
	}
	return keys, nil
}

// MetricImports sums up the org's latest imports: the numbers stored with
// one import time and importer.
func (s PerfMetrics) MetricImports(ctx context.Context, orgID int64, limit int) ([]perf.MetricImport, error) {
	rows, err := s.db.q(ctx).Query(ctx, `
		SELECT pm.imported_at, coalesce(min(ib.name), ''), count(*), count(DISTINCT pm.employee_id),
		       array_agg(DISTINCT pm.metric ORDER BY pm.metric), min(pm.period_from), max(pm.period_to)
		FROM perf_metrics pm
		LEFT JOIN employees ib ON ib.org_id = pm.org_id AND ib.id = pm.imported_by
		WHERE pm.org_id = $1
		GROUP BY pm.imported_at, pm.imported_by
		ORDER BY pm.imported_at DESC
		LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, fmt.Errorf("metric imports of org %d: %w", orgID, interpret(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (perf.MetricImport, error) {
		var m perf.MetricImport
		var from, to time.Time
		err := r.Scan(&m.At, &m.ByName, &m.Values, &m.People, &m.Metrics, &from, &to)
		m.Period = perf.Period{From: core.DateOf(from), To: core.DateOf(to)}
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("metric imports of org %d: %w", orgID, interpret(err))
	}
	return out, nil
}
