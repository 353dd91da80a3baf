package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hrbot/hrbot/core/onboarding"
)

// checklistSnap is a checklist template as compared and audited: its
// tasks as JSON, so it stays comparable.
type checklistSnap struct {
	Buddy string `json:"buddy,omitempty"`
	Tasks string `json:"tasks"`
}

type onboardingSnap struct {
	RemindAt    int    `json:"remind_at"`
	TeamBuddies string `json:"team_buddies"`
}

func templateKey(kind onboarding.Kind, job string) string {
	if job == "" {
		job = "default"
	}
	return string(kind) + ":" + job
}

func tasksJSON(ts []onboarding.TaskTemplate) (string, error) {
	out := make([]taskJSON, len(ts))
	for i, t := range ts {
		out[i] = taskJSON{Title: t.Title, Owner: string(t.Owner), Day: t.Day, Quiz: t.Quiz}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// onboarding makes the org's checklist templates and onboarding settings
// match the file; a file without the section removes them (checklists
// already made stay).
func (a *applier) onboarding(ctx context.Context, orgID int64, p onboarding.Policy) error {
	cur, err := onboardingPolicy(ctx, a.tx, orgID)
	if err != nil {
		return err
	}
	snaps := func(p onboarding.Policy) (map[string]any, []setItem, map[string]onboarding.Template, error) {
		m, byKey := map[string]any{}, map[string]onboarding.Template{}
		var items []setItem
		for _, t := range p.Checklists {
			tasks, err := tasksJSON(t.Tasks)
			if err != nil {
				return nil, nil, nil, err
			}
			k := templateKey(t.Kind, t.Job)
			m[k], byKey[k] = checklistSnap{Buddy: t.Buddy, Tasks: tasks}, t
			items = append(items, setItem{k, m[k]})
		}
		return m, items, byKey, nil
	}
	current, _, _, err := snaps(cur)
	if err != nil {
		return err
	}
	_, want, byKey, err := snaps(p)
	if err != nil {
		return err
	}
	err = a.syncSet(ctx, orgID, "checklist", current, want, func(key string) error {
		t := byKey[key]
		tasks, err := tasksJSON(t.Tasks)
		if err != nil {
			return err
		}
		_, err = a.tx.Exec(ctx, `
			INSERT INTO checklist_templates (org_id, kind, job, buddy, tasks) VALUES ($1, $2, $3, $4, $5::jsonb)
			ON CONFLICT (org_id, kind, job) DO UPDATE SET buddy = EXCLUDED.buddy, tasks = EXCLUDED.tasks`,
			orgID, t.Kind, t.Job, t.Buddy, tasks)
		return err
	}, func(key string) error {
		for _, t := range cur.Checklists {
			if templateKey(t.Kind, t.Job) == key {
				_, err := a.tx.Exec(ctx, `DELETE FROM checklist_templates WHERE org_id = $1 AND kind = $2 AND job = $3`, orgID, t.Kind, t.Job)
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return a.onboardingSettings(ctx, orgID, cur, p)
}

// onboardingSettings keeps the org's reminder time and team buddies, for
// as long as it has checklists.
func (a *applier) onboardingSettings(ctx context.Context, orgID int64, cur, p onboarding.Policy) error {
	snap := func(p onboarding.Policy) (onboardingSnap, error) {
		b, err := json.Marshal(p.TeamBuddies)
		if p.TeamBuddies == nil {
			b = []byte("{}")
		}
		return onboardingSnap{RemindAt: p.RemindAt, TeamBuddies: string(b)}, err
	}
	current := map[string]any{}
	if len(cur.Checklists) > 0 {
		s, err := snap(cur)
		if err != nil {
			return err
		}
		current["onboarding"] = s
	}
	var want []setItem
	wantSnap, err := snap(p)
	if err != nil {
		return fmt.Errorf("onboarding: %w", err)
	}
	if len(p.Checklists) > 0 {
		want = []setItem{{"onboarding", wantSnap}}
	}
	return a.syncSet(ctx, orgID, "onboarding_policy", current, want, func(string) error {
		_, err := a.tx.Exec(ctx, `
			INSERT INTO onboarding_policies (org_id, remind_at, team_buddies) VALUES ($1, $2, $3::jsonb)
			ON CONFLICT (org_id) DO UPDATE SET remind_at = EXCLUDED.remind_at, team_buddies = EXCLUDED.team_buddies`,
			orgID, wantSnap.RemindAt, wantSnap.TeamBuddies)
		return err
	}, func(string) error {
		_, err := a.tx.Exec(ctx, `DELETE FROM onboarding_policies WHERE org_id = $1`, orgID)
		return err
	})
}

// exportOnboarding reads an org's onboarding back as its file declares it.
func exportOnboarding(ctx context.Context, q dbtx, orgID int64) (onboarding.Policy, error) {
	return onboardingPolicy(ctx, q, orgID)
}
