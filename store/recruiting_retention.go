package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/recruiting"
)

var _ recruiting.RetentionStore = Recruiting{}

// candidateDue is when candidate c of org $1 is due for erasure as of
// cutoff $2: not erased yet, not in the talent pool, not an employee
// applying internally who is still here (a hired candidate is erased:
// their data went into their employee file), and every application
// closed before the cutoff — or left unfinished, the candidate not seen
// since before it.
const candidateDue = `c.org_id = $1 AND c.erased_at IS NULL AND NOT c.talent_pool AND c.created_at < $2
	AND (c.employee_id IS NULL
	     OR EXISTS (SELECT 1 FROM applications h WHERE h.org_id = c.org_id AND h.candidate_id = c.id AND h.stage = 'hired')
	     OR EXISTS (SELECT 1 FROM employees e WHERE e.org_id = c.org_id AND e.id = c.employee_id AND e.status = 'left'))
	AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.org_id = c.org_id AND a.candidate_id = c.id
	    AND NOT (a.stage IN ('hired', 'rejected', 'withdrawn', 'knocked_out') AND a.stage_since < $2
	             OR a.stage = 'applying' AND a.stage_since < $2 AND c.last_seen_at < $2))`

// Retentions lists every org with how many days it keeps candidates.
func (s Recruiting) Retentions(ctx context.Context, defaultDays int) ([]recruiting.OrgRetention, error) {
	return readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (o recruiting.OrgRetention, err error) {
		return o, r.Scan(append(orgDest(&o.Org), &o.Days)...)
	}, `SELECT `+orgColumns+`, coalesce(p.retention_days, $1) FROM orgs o
		LEFT JOIN recruiting_policies p ON p.org_id = o.id ORDER BY o.id`, defaultDays)
}

// Erasable lists an org's candidates due for erasure as of cutoff, with
// what of theirs is erased.
func (s Recruiting) Erasable(ctx context.Context, orgID int64, cutoff time.Time) ([]recruiting.Erasable, error) {
	return readAll(ctx, s.db.q(ctx), func(r pgx.Rows) (e recruiting.Erasable, err error) {
		return e, r.Scan(&e.CandidateID, &e.Applications, &e.Files, &e.Contact, &e.ClosedAt)
	}, `SELECT c.id,
		    (SELECT count(*) FROM applications a WHERE a.org_id = c.org_id AND a.candidate_id = c.id),
		    (SELECT count(*) FROM candidate_files f WHERE f.org_id = c.org_id AND f.candidate_id = c.id),
		    c.contact_sealed IS NOT NULL,
		    greatest(c.last_seen_at, (SELECT max(a.stage_since) FROM applications a WHERE a.org_id = c.org_id AND a.candidate_id = c.id))
		FROM candidates c WHERE `+candidateDue+` ORDER BY c.id`, orgID, cutoff)
}

// Erase erases one candidate's personal data if they are still due,
// locking their row first: a candidate applying again at that moment
// either is no longer due or waits for the erasure.
func (s Recruiting) Erase(ctx context.Context, orgID, candidateID int64, cutoff time.Time, audit core.AuditEntry) (bool, error) {
	done := false
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT c.id FROM candidates c WHERE `+candidateDue+` AND c.id = $3 FOR UPDATE`,
			orgID, cutoff, candidateID).Scan(&id)
		if err == pgx.ErrNoRows {
			return nil
		}
		if err != nil {
			return interpret(err)
		}
		steps := []struct {
			sql  string
			args []any
		}{
			{`DELETE FROM candidate_files WHERE org_id = $1 AND candidate_id = $2`, nil},
			{`UPDATE applications SET answers = '{}' WHERE org_id = $1 AND candidate_id = $2`, nil},
			{`UPDATE scorecards s SET comment = '' FROM applications a
			  WHERE a.id = s.application_id AND a.org_id = $1 AND a.candidate_id = $2 AND s.comment <> ''`, nil},
			{`UPDATE candidates SET name = '', contact_sealed = NULL, user_id = '', chat_id = '', erased_at = $3
			  WHERE org_id = $1 AND id = $2`, []any{audit.At}},
		}
		for _, st := range steps {
			if _, err := tx.Exec(ctx, st.sql, append([]any{orgID, candidateID}, st.args...)...); err != nil {
				return fmt.Errorf("erase candidate %d: %w", candidateID, interpret(err))
			}
		}
		done = true
		return recordAudit(ctx, tx, audit)
	})
	return done, err
}
