package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/cover"
	"github.com/hrbot/hrbot/core/orgfile"
	"github.com/hrbot/hrbot/core/training"
)

// coverPolicySnap is a cover policy as compared and audited: requirements
// flattened to a sorted string so the snapshot stays comparable.
type coverPolicySnap struct {
	WaveSize, WaveMinutes, WeeklyCapMinutes, RestMinutes, EscalateMinutes int
	SisterOrgs                                                            bool
	Requires                                                              string
}

func snapCoverPolicy(p cover.Policy) coverPolicySnap {
	var req []string
	for job, s := range p.Requires {
		req = append(req, fmt.Sprintf("%s=%s:%d", job, s.Skill, s.Level))
	}
	sort.Strings(req)
	return coverPolicySnap{p.WaveSize, p.WaveMinutes, p.WeeklyCapMinutes, p.RestMinutes, p.EscalateMinutes, p.SisterOrgs, strings.Join(req, ",")}
}

func (a *applier) coverPolicy(ctx context.Context, orgID int64, p cover.Policy) error {
	if p.WaveMinutes == 0 && p.WeeklyCapMinutes == 0 && p.RestMinutes == 0 && p.EscalateMinutes == 0 {
		p = cover.DefaultPolicy() // a file built in code rather than parsed
	}
	current := map[string]any{}
	var cur cover.Policy
	var requires []byte
	err := a.tx.QueryRow(ctx, `
		SELECT wave_size, wave_minutes, weekly_cap_minutes, rest_minutes, sister_orgs, escalate_minutes, requires
		FROM cover_policies WHERE org_id = $1`, orgID).
		Scan(&cur.WaveSize, &cur.WaveMinutes, &cur.WeeklyCapMinutes, &cur.RestMinutes, &cur.SisterOrgs, &cur.EscalateMinutes, &requires)
	switch {
	case err == nil:
		if err := json.Unmarshal(requires, &cur.Requires); err != nil {
			return fmt.Errorf("cover policy: %w", err)
		}
		current["cover"] = snapCoverPolicy(cur)
	case core.ErrorCodeOf(interpret(err)) != core.ENotFound:
		return interpret(err)
	}
	req, err := json.Marshal(p.Requires)
	if err != nil {
		return fmt.Errorf("cover policy: %w", err)
	}
	if p.Requires == nil {
		req = []byte("{}")
	}
	return a.syncSet(ctx, orgID, "cover_policy", current, []setItem{{"cover", snapCoverPolicy(p)}}, func(string) error {
		_, err := a.tx.Exec(ctx, `
			INSERT INTO cover_policies (org_id, wave_size, wave_minutes, weekly_cap_minutes, rest_minutes, sister_orgs, escalate_minutes, requires)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (org_id) DO UPDATE SET wave_size = EXCLUDED.wave_size, wave_minutes = EXCLUDED.wave_minutes,
			    weekly_cap_minutes = EXCLUDED.weekly_cap_minutes, rest_minutes = EXCLUDED.rest_minutes,
			    sister_orgs = EXCLUDED.sister_orgs, escalate_minutes = EXCLUDED.escalate_minutes, requires = EXCLUDED.requires`,
			orgID, p.WaveSize, p.WaveMinutes, p.WeeklyCapMinutes, p.RestMinutes, p.SisterOrgs, p.EscalateMinutes, req)
		return err
	}, nil)
}

// skills makes people's skills match the file, one record per person and
// skill ("alice/customer-service").
func (a *applier) skills(ctx context.Context, orgID int64, emps []orgfile.EmployeeSpec) error {
	current := map[string]any{}
	rows, err := a.tx.Query(ctx, `
		SELECT e.key, s.skill, s.level FROM employee_skills s JOIN employees e ON e.id = s.employee_id WHERE s.org_id = $1`, orgID)
	if err != nil {
		return interpret(err)
	}
	for rows.Next() {
		var emp, skill string
		var level int
		if err := rows.Scan(&emp, &skill, &level); err != nil {
			rows.Close()
			return interpret(err)
		}
		current[emp+"/"+skill] = level
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return interpret(err)
	}
	var want []setItem
	for _, e := range emps {
		for _, s := range e.Skills {
			want = append(want, setItem{e.Key + "/" + s.Skill, s.Level})
		}
	}
	levels := map[string]int{}
	for _, it := range want {
		levels[it.key] = it.snap.(int)
	}
	return a.syncSet(ctx, orgID, "skill", current, want, func(key string) error {
		emp, skill, _ := strings.Cut(key, "/")
		_, err := a.tx.Exec(ctx, `
			INSERT INTO employee_skills (org_id, employee_id, skill, level)
			SELECT org_id, id, $3, $4 FROM employees WHERE org_id = $1 AND key = $2
			ON CONFLICT (employee_id, skill) DO UPDATE SET level = EXCLUDED.level`, orgID, emp, skill, levels[key])
		return err
	}, func(key string) error {
		emp, skill, _ := strings.Cut(key, "/")
		_, err := a.tx.Exec(ctx, `
			DELETE FROM employee_skills WHERE skill = $3 AND employee_id = (SELECT id FROM employees WHERE org_id = $1 AND key = $2)`,
			orgID, emp, skill)
		return err
	})
}

func (a *applier) trainingPolicy(ctx context.Context, orgID int64, p training.Policy) error {
	if p == (training.Policy{}) {
		p = training.DefaultPolicy() // a file built in code rather than parsed
	}
	current := map[string]any{}
	var cur training.Policy
	err := a.tx.QueryRow(ctx, `SELECT certificate_months, retake_hours FROM training_policies WHERE org_id = $1`, orgID).
		Scan(&cur.CertificateMonths, &cur.RetakeHours)
	switch {
	case err == nil:
		current["training"] = cur
	case core.ErrorCodeOf(interpret(err)) != core.ENotFound:
		return interpret(err)
	}
	return a.syncSet(ctx, orgID, "training_policy", current, []setItem{{"training", p}}, func(string) error {
		_, err := a.tx.Exec(ctx, `
			INSERT INTO training_policies (org_id, certificate_months, retake_hours) VALUES ($1, $2, $3)
			ON CONFLICT (org_id) DO UPDATE SET certificate_months = EXCLUDED.certificate_months, retake_hours = EXCLUDED.retake_hours`,
			orgID, p.CertificateMonths, p.RetakeHours)
		return err
	}, nil)
}
