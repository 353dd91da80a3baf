package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
)

// jobSnap is a job as compared and audited: names as JSON (keys sorted by
// encoding/json), aliases joined and its description's parts as
// jobs.Snapshot writes them, so it stays comparable and a preview names
// the part of a description that changes.
type jobSnap struct {
	Names            string `json:"names"`
	Aliases          string `json:"aliases,omitempty"`
	Summary          string `json:"summary,omitempty"`
	Responsibilities string `json:"responsibilities,omitempty"`
	Skills           string `json:"skills,omitempty"`
	KPIs             string `json:"kpis,omitempty"`
	Pay              string `json:"pay,omitempty"`
	Shifts           string `json:"shifts,omitempty"`
	Headcount        string `json:"headcount,omitempty"`
}

func snapJob(names map[core.Locale]string, aliases []string, d jobs.Description) (jobSnap, error) {
	if names == nil {
		names = map[core.Locale]string{}
	}
	b, err := json.Marshal(names)
	if err != nil {
		return jobSnap{}, err
	}
	s := jobs.Snapshot(d)
	return jobSnap{Names: string(b), Aliases: strings.Join(aliases, ","), Summary: s["summary"],
		Responsibilities: s["responsibilities"], Skills: s["skills"], KPIs: s["kpis"], Pay: s["pay"],
		Shifts: s["shifts"], Headcount: s["headcount"]}, nil
}

// descriptionValue is what the description column holds for d: NULL for
// none.
func descriptionValue(d jobs.Description) ([]byte, error) {
	if d.Empty() {
		return nil, nil
	}
	return json.Marshal(d)
}

// readDescription reads the description column; the zero Description for
// NULL.
func readDescription(raw []byte) (jobs.Description, error) {
	var d jobs.Description
	if len(raw) == 0 {
		return d, nil
	}
	err := json.Unmarshal(raw, &d)
	return d, err
}

// jobs makes the org's declared jobs match the file; a file without a jobs
// section removes them, and the org's jobs are again the keys its people
// and shifts use.
func (a *applier) jobs(ctx context.Context, orgID int64, declared core.Jobs, descriptions map[string]jobs.Description) error {
	current := map[string]any{}
	rows, err := a.tx.Query(ctx, `SELECT key, names, aliases, description FROM org_jobs WHERE org_id = $1`, orgID)
	if err != nil {
		return interpret(err)
	}
	for rows.Next() {
		var key string
		var names map[core.Locale]string
		var aliases []string
		var raw []byte
		if err := rows.Scan(&key, &names, &aliases, &raw); err != nil {
			rows.Close()
			return interpret(err)
		}
		d, err := readDescription(raw)
		if err != nil {
			rows.Close()
			return fmt.Errorf("job %s: description: %w", key, err)
		}
		s, err := snapJob(names, aliases, d)
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
	for _, j := range declared {
		s, err := snapJob(j.Names, j.Aliases, descriptions[j.Key])
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
		desc, err := descriptionValue(descriptions[key])
		if err != nil {
			return err
		}
		_, err = a.tx.Exec(ctx, `
			INSERT INTO org_jobs (org_id, key, names, aliases, description) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (org_id, key) DO UPDATE SET names = EXCLUDED.names, aliases = EXCLUDED.aliases,
			    description = EXCLUDED.description`,
			orgID, key, names, aliases, desc)
		return err
	}, func(key string) error {
		_, err := a.tx.Exec(ctx, `DELETE FROM org_jobs WHERE org_id = $1 AND key = $2`, orgID, key)
		return err
	})
}
