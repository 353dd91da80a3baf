package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core/recruiting"
)

// recruitingSnap is the org's recruiting rules as compared and audited.
type recruitingSnap struct {
	RetentionDays int `json:"retention_days"`
	StaleDays     int `json:"stale_days"`
}

// questionsSnap is one job's screening questions as compared and
// audited: the JSON list openings copy, so it stays comparable.
type questionsSnap struct {
	Questions string `json:"questions"`
}

// recruitingPolicy applies the org file's recruiting section to the
// org's recruiting_policies row: its two numbers as one record
// (recruiting_policy), each job's questions as another
// (recruiting_questions/<job>), so a preview and the audit log name the
// job whose questions change. A file without the section deletes the
// row: the defaults apply and no job has questions. Openings made
// before keep the questions they copied.
func (a *applier) recruitingPolicy(ctx context.Context, orgID int64, p *recruiting.Policy) error {
	cur, err := exportRecruiting(ctx, a.tx, orgID)
	if err != nil {
		return err
	}
	current, have, err := recruitingSnaps(cur)
	if err != nil {
		return err
	}
	want, wantQs, err := recruitingSnaps(p)
	if err != nil {
		return err
	}
	var items []setItem
	if p != nil {
		items = []setItem{{"recruiting", want["recruiting"]}}
	}
	err = a.syncSet(ctx, orgID, "recruiting_policy", current, items, func(string) error {
		_, err := a.tx.Exec(ctx, `
			INSERT INTO recruiting_policies (org_id, retention_days, stale_days) VALUES ($1, $2, $3)
			ON CONFLICT (org_id) DO UPDATE SET retention_days = EXCLUDED.retention_days, stale_days = EXCLUDED.stale_days`,
			orgID, p.RetentionDays, p.StaleDays)
		return err
	}, func(string) error {
		_, err := a.tx.Exec(ctx, `DELETE FROM recruiting_policies WHERE org_id = $1`, orgID)
		return err
	})
	if err != nil {
		return err
	}
	// The row exists now if the file has the section; without it, the
	// questions' deletions below only audit what the row took with it.
	var jobs []setItem
	for job, snap := range wantQs {
		jobs = append(jobs, setItem{job, snap})
	}
	sort.Slice(jobs, func(i, j int) bool { return jobs[i].key < jobs[j].key })
	return a.syncSet(ctx, orgID, "recruiting_questions", have, jobs, func(job string) error {
		_, err := a.tx.Exec(ctx, `UPDATE recruiting_policies SET questions = jsonb_set(questions, ARRAY[$2::text], $3::jsonb)
			WHERE org_id = $1`, orgID, job, wantQs[job].(questionsSnap).Questions)
		return err
	}, func(job string) error {
		_, err := a.tx.Exec(ctx, `UPDATE recruiting_policies SET questions = questions - $2::text WHERE org_id = $1`, orgID, job)
		return err
	})
}

// recruitingSnaps splits a policy into its records: "recruiting" → its
// numbers, and job → its questions; both empty for none.
func recruitingSnaps(p *recruiting.Policy) (policy, questions map[string]any, err error) {
	policy, questions = map[string]any{}, map[string]any{}
	if p == nil {
		return policy, questions, nil
	}
	policy["recruiting"] = recruitingSnap{RetentionDays: p.RetentionDays, StaleDays: p.StaleDays}
	for job, qs := range p.Questions {
		if qs == nil {
			qs = []recruiting.Question{}
		}
		b, err := json.Marshal(qs)
		if err != nil {
			return nil, nil, fmt.Errorf("questions of job %s: %w", job, err)
		}
		questions[job] = questionsSnap{string(b)}
	}
	return policy, questions, nil
}

// exportRecruiting reads an org's recruiting section back; nil when it
// has none. Each job's questions are read as recruiting.Question, the
// storage format openings copy.
func exportRecruiting(ctx context.Context, q dbtx, orgID int64) (*recruiting.Policy, error) {
	p := &recruiting.Policy{}
	var raw []byte
	err := q.QueryRow(ctx, `SELECT retention_days, stale_days, questions FROM recruiting_policies WHERE org_id = $1`, orgID).
		Scan(&p.RetentionDays, &p.StaleDays, &raw)
	if err == pgx.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, interpret(err)
	}
	if err := json.Unmarshal(raw, &p.Questions); err != nil {
		return nil, fmt.Errorf("recruiting questions of org %d: %w", orgID, err)
	}
	if p.Questions == nil {
		p.Questions = map[string][]recruiting.Question{}
	}
	return p, nil
}
