package store

import (
	"context"
	"fmt"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
)

// employeeSnap is a person as the org file describes them: what apply
// compares and what its audit rows record.
type employeeSnap struct {
	Delegate    string `json:"delegate,omitempty"`
	CareerStart string `json:"career_start,omitempty"`
	Schedule    string `json:"schedule,omitempty"`
	Rotation    int    `json:"rotation_offset,omitempty"`
	Name        string `json:"name"`
	Email       string `json:"email,omitempty"`
	Role        string `json:"role"`
	Job         string `json:"job,omitempty"`
	Team        string `json:"team,omitempty"`
	Manager     string `json:"manager,omitempty"`
	HireDate    string `json:"hire_date,omitempty"`
	Status      string `json:"status"`
	LeftOn      string `json:"left_on,omitempty"`
	Locale      string `json:"locale,omitempty"`
	Gender      string `json:"gender,omitempty"`
}

func (a *applier) employees(ctx context.Context, orgID int64, specs []orgfile.EmployeeSpec, teams, schedules map[string]int64) error {
	ids, current, err := a.currentEmployees(ctx, orgID)
	if err != nil {
		return err
	}
	// New people first, so that managers can be referred to by id below
	// whatever order the file lists them in.
	inFile := map[string]bool{}
	for _, e := range specs {
		inFile[e.Key] = true
		if _, ok := ids[e.Key]; ok {
			continue
		}
		var id int64
		if err := a.tx.QueryRow(ctx, `INSERT INTO employees (org_id, key, name, role) VALUES ($1, $2, $3, $4) RETURNING id`,
			orgID, e.Key, e.Name, e.Role).Scan(&id); err != nil {
			return fmt.Errorf("employee %s: %w", e.Key, interpret(err))
		}
		ids[e.Key] = id
	}
	for _, e := range specs {
		before, existed := current[e.Key]
		want := a.employeeWant(e, before)
		a.count(existed, existed && before == want)
		if !existed || before != want {
			if err := a.writeEmployee(ctx, orgID, ids, teams, schedules, e, want.LeftOn); err != nil {
				return fmt.Errorf("employee %s: %w", e.Key, err)
			}
			action, beforeSnap := "employee.create", any(nil)
			if existed {
				action, beforeSnap = "employee.update", before
			}
			if err := a.audit(ctx, orgID, action, "employee", e.Key, beforeSnap, want); err != nil {
				return err
			}
		}
		if !existed && e.Status != core.StatusLeft { // a hire: onboarding takes it from here
			h := core.EmployeeHired{EmployeeID: ids[e.Key], Employee: e.Key, ByID: a.by.ActorID, Via: core.HiredViaOrgFile, Channel: a.by.Channel}
			if err := publish(ctx, a.tx, orgID, core.EventEmployeeHired, h, a.at); err != nil {
				return err
			}
		}
		if err := a.chatAccounts(ctx, orgID, ids[e.Key], e); err != nil {
			return err
		}
	}
	for key, s := range current {
		if !inFile[key] && s.Status == string(core.StatusActive) {
			a.res.NotInFile = append(a.res.NotInFile, key)
		}
	}
	return nil
}

// currentEmployees reads the org's people as the file describes them,
// locked for the rest of the apply, by key.
func (a *applier) currentEmployees(ctx context.Context, orgID int64) (map[string]int64, map[string]employeeSnap, error) {
	ids := map[string]int64{}
	current := map[string]employeeSnap{}
	rows, err := a.tx.Query(ctx, `
		SELECT e.id, e.key, e.name, e.email, e.role, e.job, coalesce(t.key, ''), coalesce(m.key, ''),
		       coalesce(to_char(e.hire_date, 'YYYY-MM-DD'), ''), e.status, coalesce(e.locale, ''),
		       coalesce(s.key, ''), e.rotation_offset, coalesce(d.key, ''), coalesce(to_char(e.career_start, 'YYYY-MM-DD'), ''),
		       coalesce(to_char(e.left_on, 'YYYY-MM-DD'), ''), coalesce(e.gender, '')
		FROM employees e LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN employees m ON m.id = e.manager_id
		LEFT JOIN schedules s ON s.id = e.schedule_id LEFT JOIN employees d ON d.id = e.delegate_id
		WHERE e.org_id = $1 FOR UPDATE OF e`, orgID)
	if err != nil {
		return nil, nil, interpret(err)
	}
	for rows.Next() {
		var id int64
		var key string
		var s employeeSnap
		if err := rows.Scan(&id, &key, &s.Name, &s.Email, &s.Role, &s.Job, &s.Team, &s.Manager, &s.HireDate, &s.Status, &s.Locale,
			&s.Schedule, &s.Rotation, &s.Delegate, &s.CareerStart, &s.LeftOn, &s.Gender); err != nil {
			rows.Close()
			return nil, nil, interpret(err)
		}
		ids[key], current[key] = id, s
	}
	rows.Close()
	return ids, current, interpret(rows.Err())
}

// employeeWant is the row the file asks for. Someone marked as left
// without a date in the file left on the day apply first saw them gone.
func (a *applier) employeeWant(e orgfile.EmployeeSpec, before employeeSnap) employeeSnap {
	want := employeeSnap{
		Name: e.Name, Email: e.Email, Role: string(e.Role), Job: e.Job, Team: e.Team, Manager: e.Manager,
		Status: string(e.Status), Locale: string(e.Locale), Schedule: e.Schedule, Rotation: e.RotationOffset,
		Delegate: e.Delegate, Gender: string(e.Gender),
	}
	if !e.CareerStart.IsZero() {
		want.CareerStart = e.CareerStart.Format(time.DateOnly)
	}
	if !e.HireDate.IsZero() {
		want.HireDate = e.HireDate.Format(time.DateOnly)
	}
	if e.Status == core.StatusLeft {
		switch {
		case !e.LeftOn.IsZero():
			want.LeftOn = e.LeftOn.Format(time.DateOnly)
		case before.LeftOn != "":
			want.LeftOn = before.LeftOn
		default:
			want.LeftOn = a.at.Format(time.DateOnly)
		}
	}
	return want
}

// chatAccounts links the chat accounts the file names for a person.
func (a *applier) chatAccounts(ctx context.Context, orgID, employeeID int64, e orgfile.EmployeeSpec) error {
	for _, id := range []core.Identity{
		{Platform: core.PlatformSlack, ExternalID: e.Slack},
		{Platform: core.PlatformTelegram, ExternalID: e.Telegram},
		{Platform: core.PlatformWeCom, ExternalID: e.WeCom},
	} {
		if id.ExternalID == "" {
			continue
		}
		id.OrgID, id.EmployeeID, id.LinkedVia = orgID, employeeID, "orgfile"
		if err := a.identity(ctx, e.Key, id); err != nil {
			return fmt.Errorf("employee %s: %w", e.Key, err)
		}
	}
	return nil
}

func (a *applier) writeEmployee(ctx context.Context, orgID int64, ids, teams, schedules map[string]int64, e orgfile.EmployeeSpec, leftOn string) error {
	var team, manager, schedule, delegate *int64
	if e.Delegate != "" {
		id, ok := ids[e.Delegate]
		if !ok {
			return core.Errorf(core.EInvalid, "orgfile.unknown_delegate", "unknown delegate %q", e.Delegate).With("name", e.Delegate)
		}
		delegate = &id
	}
	var career *time.Time
	if !e.CareerStart.IsZero() {
		career = &e.CareerStart
	}
	if e.Schedule != "" {
		id, ok := schedules[e.Schedule]
		if !ok {
			return core.Errorf(core.EInvalid, "orgfile.unknown_schedule", "unknown schedule %q", e.Schedule).With("name", e.Schedule)
		}
		schedule = &id
	}
	if e.Team != "" {
		id, ok := teams[e.Team]
		if !ok {
			return core.Errorf(core.EInvalid, "orgfile.unknown_team", "unknown team %q", e.Team).With("name", e.Team)
		}
		team = &id
	}
	if e.Manager != "" {
		id, ok := ids[e.Manager]
		if !ok {
			return core.Errorf(core.EInvalid, "orgfile.unknown_manager", "unknown manager %q", e.Manager).With("name", e.Manager)
		}
		manager = &id
	}
	var hire *time.Time
	if !e.HireDate.IsZero() {
		hire = &e.HireDate
	}
	var locale *string
	if e.Locale != "" {
		l := string(e.Locale)
		locale = &l
	}
	_, err := a.tx.Exec(ctx, `
		UPDATE employees SET name = $3, email = $4, role = $5, job = $6, team_id = $7, manager_id = $8,
		       hire_date = $9, status = $10, locale = $11, schedule_id = $12, rotation_offset = $13,
		       delegate_id = $14, career_start = $15, left_on = nullif($16, '')::date, gender = nullif($17, ''), updated_at = now()
		WHERE org_id = $1 AND id = $2`,
		orgID, ids[e.Key], e.Name, e.Email, e.Role, e.Job, team, manager, hire, e.Status, locale, schedule, e.RotationOffset,
		delegate, career, leftOn, string(e.Gender))
	return interpret(err)
}

func (a *applier) identity(ctx context.Context, key string, id core.Identity) error {
	var owner int64
	var ownerKey, ownerOrg string
	err := a.tx.QueryRow(ctx, `
		SELECT ci.employee_id, e.key, o.key FROM chat_identities ci
		JOIN employees e ON e.id = ci.employee_id JOIN orgs o ON o.id = ci.org_id
		WHERE ci.platform = $1 AND ci.external_id = $2`, id.Platform, id.ExternalID).Scan(&owner, &ownerKey, &ownerOrg)
	switch {
	case err == nil && owner == id.EmployeeID:
		a.res.Unchanged++
		return nil
	case err == nil:
		return core.Errorf(core.EConflict, "orgfile.identity_taken", "%s account %s already belongs to %s/%s", id.Platform, id.ExternalID, ownerOrg, ownerKey).
			With("platform", string(id.Platform)).With("account", id.ExternalID).With("owner", ownerOrg+"/"+ownerKey)
	case core.ErrorCodeOf(interpret(err)) != core.ENotFound:
		return interpret(err)
	}
	var prev string
	err = a.tx.QueryRow(ctx, `SELECT external_id FROM chat_identities WHERE org_id = $1 AND employee_id = $2 AND platform = $3`,
		id.OrgID, id.EmployeeID, id.Platform).Scan(&prev)
	existed := err == nil
	a.count(existed, false)
	if _, err := a.tx.Exec(ctx, `
		INSERT INTO chat_identities (org_id, employee_id, platform, external_id, linked_via)
		VALUES ($1, $2, $3, $4, 'orgfile')
		ON CONFLICT (org_id, employee_id, platform) DO UPDATE SET external_id = EXCLUDED.external_id, linked_via = 'orgfile', linked_at = now()`,
		id.OrgID, id.EmployeeID, id.Platform, id.ExternalID); err != nil {
		return interpret(err)
	}
	var before any
	if existed {
		before = map[string]string{string(id.Platform): prev}
	}
	return a.audit(ctx, id.OrgID, core.AuditIdentityLink, "employee", key, before, map[string]string{string(id.Platform): id.ExternalID, "via": "orgfile"})
}
