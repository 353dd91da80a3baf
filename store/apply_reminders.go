package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core/reminder"
)

// reminders makes the org's reminder rules match the file. A new rule
// starts counting from now: applying a file never fires occurrences from
// before it existed. A rule whose spec changes keeps its place in time.
func (a *applier) reminders(ctx context.Context, orgID int64, p reminder.Policy) error {
	current := map[string]any{}
	rows, err := a.tx.Query(ctx, `SELECT key, spec::text FROM reminder_rules WHERE org_id = $1`, orgID)
	if err != nil {
		return interpret(err)
	}
	for rows.Next() {
		var key, spec string
		if err := rows.Scan(&key, &spec); err != nil {
			rows.Close()
			return interpret(err)
		}
		current[key] = canonicalJSON(spec)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return interpret(err)
	}
	specs := map[string]string{}
	want := make([]setItem, 0, len(p.Rules))
	for _, r := range p.Rules {
		raw, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("reminder %s: %w", r.Key, err)
		}
		specs[r.Key] = canonicalJSON(string(raw))
		want = append(want, setItem{r.Key, specs[r.Key]})
	}
	if len(p.Rules) > 0 {
		late := p.LateAfter
		if late <= 0 {
			late = time.Hour
		}
		if _, err := a.tx.Exec(ctx, `UPDATE orgs SET reminder_late_after = make_interval(secs => $2) WHERE id = $1`, orgID, late.Seconds()); err != nil {
			return interpret(err)
		}
	}
	return a.syncSet(ctx, orgID, "reminder", current, want, func(key string) error {
		_, err := a.tx.Exec(ctx, `
			INSERT INTO reminder_rules (org_id, key, spec, checked_until) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id, key) DO UPDATE SET spec = EXCLUDED.spec, updated_at = now()`,
			orgID, key, specs[key], a.at)
		return err
	}, func(key string) error {
		_, err := a.tx.Exec(ctx, `DELETE FROM reminder_rules WHERE org_id = $1 AND key = $2`, orgID, key)
		return err
	})
}

// canonicalJSON re-encodes a JSON object so that specs read back from
// jsonb compare equal to freshly marshalled ones.
func canonicalJSON(s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	out, _ := json.Marshal(v)
	return string(out)
}
