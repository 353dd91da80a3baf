package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

// FunnelRows reads an org's applications begun or hired in span (of one
// opening when openingID is set), each with its moves in the order they
// happened, and the openings opened in span: what recruiting's funnel is
// worked out from.
func (s Recruiting) FunnelRows(ctx context.Context, orgID, openingID int64, span recruiting.Span) (recruiting.FunnelRows, error) {
	return funnelRows(ctx, s.db.q(ctx), orgID, openingID, span)
}

// Jobs lists the org's jobs: those it declares, or those in use.
func (s Recruiting) Jobs(ctx context.Context, orgID int64) (core.Jobs, error) {
	return Covers{db: s.db}.Jobs(ctx, orgID)
}

// RecruitingRows reads what the recruiting report is worked out from:
// see Recruiting.FunnelRows.
func (s Reports) RecruitingRows(ctx context.Context, orgID int64, span recruiting.Span) (recruiting.FunnelRows, error) {
	return funnelRows(ctx, s.db.q(ctx), orgID, 0, span)
}

// spanEnds are a span's ends for SQL: NULL for an open one.
func spanEnds(span recruiting.Span) (from, to *time.Time) {
	if !span.From.IsZero() {
		from = &span.From
	}
	if !span.To.IsZero() {
		to = &span.To
	}
	return from, to
}

func funnelRows(ctx context.Context, q dbtx, orgID, openingID int64, span recruiting.Span) (recruiting.FunnelRows, error) {
	from, to := spanEnds(span)
	var out recruiting.FunnelRows
	// An application is read when it began in the span (the cohort) or
	// was hired in it (the span's hires); every move of it, in order.
	rows, err := q.Query(ctx, `
		WITH picked AS (
			SELECT a.id, a.opening_id, o.job, a.source
			FROM applications a JOIN openings o ON o.org_id = a.org_id AND o.id = a.opening_id
			WHERE a.org_id = $1 AND ($2::bigint = 0 OR a.opening_id = $2)
			  AND (($3::timestamptz IS NULL OR a.created_at >= $3) AND ($4::timestamptz IS NULL OR a.created_at < $4)
			       OR EXISTS (SELECT 1 FROM application_moves h WHERE h.org_id = a.org_id AND h.application_id = a.id
			                  AND h.to_stage = 'hired' AND ($3::timestamptz IS NULL OR h.at >= $3)
			                  AND ($4::timestamptz IS NULL OR h.at < $4))))
		SELECT p.id, p.opening_id, p.job, p.source, m.from_stage, m.to_stage, m.at
		FROM picked p JOIN application_moves m ON m.org_id = $1 AND m.application_id = p.id
		ORDER BY p.id, m.at, m.id`, orgID, openingID, from, to)
	if err != nil {
		return out, fmt.Errorf("funnel of org %d: %w", orgID, interpret(err))
	}
	defer rows.Close()
	for rows.Next() {
		var t recruiting.Track
		var mv recruiting.Move
		if err := rows.Scan(&t.ID, &t.OpeningID, &t.Job, &t.Source, &mv.From, &mv.To, &mv.At); err != nil {
			return out, fmt.Errorf("funnel of org %d: %w", orgID, interpret(err))
		}
		mv.ApplicationID = t.ID
		if n := len(out.Tracks); n == 0 || out.Tracks[n-1].ID != t.ID {
			out.Tracks = append(out.Tracks, t)
		}
		last := &out.Tracks[len(out.Tracks)-1]
		last.Moves = append(last.Moves, mv)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("funnel of org %d: %w", orgID, interpret(err))
	}
	out.Openings, err = readAll(ctx, q, func(r pgx.Rows) (recruiting.Opened, error) {
		var o recruiting.Opened
		err := r.Scan(&o.ID, &o.Job, &o.Headcount, &o.At)
		return o, err
	}, `SELECT id, job, headcount, created_at FROM openings
		WHERE org_id = $1 AND ($2::bigint = 0 OR id = $2) AND ($3::timestamptz IS NULL OR created_at >= $3)
		  AND ($4::timestamptz IS NULL OR created_at < $4)
		ORDER BY id`, orgID, openingID, from, to)
	if err != nil {
		return out, fmt.Errorf("openings of org %d: %w", orgID, err)
	}
	return out, nil
}
