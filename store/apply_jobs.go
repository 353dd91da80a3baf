package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// jobSnap is a job as compared and audited: names as JSON (keys sorted by
// encoding/json) and aliases joined, so it stays comparable.
type jobSnap struct {
	Names   string `json:"names"`
	Aliases string `json:"aliases,omitempty"`
}

func snapJob(names map[core.Locale]string, aliases []string) (jobSnap, error) {
	if names == nil {
		names = map[core.Locale]string{}
	}
	b, err := json.Marshal(names)
	if err != nil {
		return jobSnap{}, err
	}
	return jobSnap{string(b), strings.Join(aliases, ",")}, nil
}

// jobs makes the org's declared jobs match the file; a file without a jobs
// section removes them, and the org's jobs are again the keys its people
// and shifts use.
func (a *applier) jobs(ctx context.Context, orgID int64, jobs core.Jobs) error {
	current := map[string]any{}
	rows, err := a.tx.Query(ctx, `SELECT key, names, aliases FROM org_jobs WHERE org_id = $1`, orgID)
	if err != nil {
		return interpret(err)
	}
	for rows.Next() {
		var key string
		var names map[core.Locale]string
		var aliases []string
		if err := rows.Scan(&key, &names, &aliases); err != nil {
			rows.Close()
			return interpret(err)
		}
		s, err := snapJob(names, aliases)
		if err != nil {
			rows.Close()
			return fmt.Errorf("job %s: %w", key, err)
		}
		current[key] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return interpret(err)
	}
	byKey := map[string]core.Job{}
	var want []setItem
	for _, j := range jobs {
		s, err := snapJob(j.Names, j.Aliases)
		if err != nil {
			return fmt.Errorf("job %s: %w", j.Key, err)
		}
		byKey[j.Key] = j
		want = append(want, setItem{j.Key, s})
	}
	return a.syncSet(ctx, orgID, "job", current, want, func(key string) error {
		j := byKey[key]
		names := j.Names
		if names == nil {
			names = map[core.Locale]string{}
		}
		aliases := j.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		_, err := a.tx.Exec(ctx, `
			INSERT INTO org_jobs (org_id, key, names, aliases) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id, key) DO UPDATE SET names = EXCLUDED.names, aliases = EXCLUDED.aliases`,
			orgID, key, names, aliases)
		return err
	}, func(key string) error {
		_, err := a.tx.Exec(ctx, `DELETE FROM org_jobs WHERE org_id = $1 AND key = $2`, orgID, key)
		return err
	})
}
