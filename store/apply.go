package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
)

// applyLockKey serialises concurrent applies of org files.
const applyLockKey = 0x68726274_6170706c // "hrbtappl"

// Setup applies org files: orgfile.Setup's store.
type Setup struct{ db *DB }

// NewSetup returns the org-file store over db.
func NewSetup(db *DB) Setup { return Setup{db: db} }

var _ orgfile.Store = Setup{}

// ApplyOrgFile makes the database match file in one transaction, writing an
// audit row for every record it creates or changes and none for the rest.
func (s Setup) ApplyOrgFile(ctx context.Context, file orgfile.File, actor string, at time.Time) (orgfile.ApplyResult, error) {
	var res orgfile.ApplyResult
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(applyLockKey)); err != nil {
			return interpret(err)
		}
		a := &applier{tx: tx, actor: actor, at: at, res: &res}
		var groupID *int64
		var groupAudit *core.AuditEntry
		if file.Group != nil {
			id, audit, err := a.group(ctx, *file.Group)
			if err != nil {
				return err
			}
			groupID, groupAudit = &id, audit
		}
		for _, o := range file.Orgs {
			orgID, err := a.org(ctx, o, groupID)
			if err != nil {
				return fmt.Errorf("org %s: %w", o.Key, err)
			}
			if groupAudit != nil {
				// Groups have no org of their own; their history is kept in each member org.
				e := *groupAudit
				e.OrgID = orgID
				if err := recordAudit(ctx, tx, e); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return orgfile.ApplyResult{}, err
	}
	return res, nil
}

type applier struct {
	tx    pgx.Tx
	actor string
	at    time.Time
	res   *orgfile.ApplyResult
	// shifts and schedules the file dropped, removed once nothing refers to them
	staleShifts, staleSchedules []string
}

func (a *applier) audit(ctx context.Context, orgID int64, action, entityType, entityID string, before, after any) error {
	return recordAudit(ctx, a.tx, core.AuditEntry{
		OrgID: orgID, ActorLabel: a.actor, Action: action, EntityType: entityType, EntityID: entityID,
		Before: before, After: after, Channel: "cli", Outcome: core.OutcomeOK, At: a.at,
	})
}

// count tallies one record and reports whether it needs writing.
func (a *applier) count(existed, same bool) {
	switch {
	case !existed:
		a.res.Created++
	case same:
		a.res.Unchanged++
	default:
		a.res.Updated++
	}
}

type groupSnap struct {
	Name string `json:"name"`
}

func (a *applier) group(ctx context.Context, g orgfile.GroupSpec) (int64, *core.AuditEntry, error) {
	var id int64
	var cur groupSnap
	err := a.tx.QueryRow(ctx, `SELECT id, name FROM org_groups WHERE key = $1 FOR UPDATE`, g.Key).Scan(&id, &cur.Name)
	existed := err == nil
	if err != nil && core.ErrorCodeOf(interpret(err)) != core.ENotFound {
		return 0, nil, interpret(err)
	}
	want := groupSnap{Name: g.Name}
	a.count(existed, existed && cur == want)
	entry := &core.AuditEntry{ActorLabel: a.actor, EntityType: "group", EntityID: g.Key, After: want, Channel: "cli", Outcome: core.OutcomeOK, At: a.at}
	switch {
	case !existed:
		entry.Action = core.AuditGroupCreate
		err = a.tx.QueryRow(ctx, `INSERT INTO org_groups (key, name) VALUES ($1, $2) RETURNING id`, g.Key, g.Name).Scan(&id)
	case cur != want:
		entry.Action, entry.Before = "group.update", cur
		_, err = a.tx.Exec(ctx, `UPDATE org_groups SET name = $2, updated_at = now() WHERE id = $1`, id, g.Name)
	default:
		return id, nil, nil
	}
	if err != nil {
		return 0, nil, fmt.Errorf("group %s: %w", g.Key, interpret(err))
	}
	return id, entry, nil
}

type orgSnap struct {
	Group    int64  `json:"group_id,omitempty"`
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
	Locale   string `json:"locale"`
	GoLive   string `json:"go_live,omitempty"`
}

func (a *applier) org(ctx context.Context, o orgfile.OrgSpec, groupID *int64) (int64, error) {
	var id int64
	var cur orgSnap
	err := a.tx.QueryRow(ctx, `SELECT id, coalesce(group_id, 0), name, time_zone, default_locale, to_char(go_live, 'YYYY-MM-DD') FROM orgs WHERE key = $1 FOR UPDATE`, o.Key).
		Scan(&id, &cur.Group, &cur.Name, &cur.TimeZone, &cur.Locale, &cur.GoLive)
	existed := err == nil
	if err != nil && core.ErrorCodeOf(interpret(err)) != core.ENotFound {
		return 0, interpret(err)
	}
	// An org file without go_live keeps the day the org went live; a new
	// org goes live today on its own clock.
	want := orgSnap{Name: o.Name, TimeZone: o.TimeZone, Locale: string(o.Locale), GoLive: cur.GoLive}
	if !o.GoLive.IsZero() {
		want.GoLive = o.GoLive.String()
	} else if !existed {
		loc, err := time.LoadLocation(o.TimeZone)
		if err != nil {
			return 0, fmt.Errorf("org %s: time zone: %w", o.Key, err)
		}
		want.GoLive = core.DateOf(a.at.In(loc)).String()
	}
	if groupID != nil {
		want.Group = *groupID
	}
	a.count(existed, existed && cur == want)
	switch {
	case !existed:
		err = a.tx.QueryRow(ctx, `INSERT INTO orgs (group_id, key, name, time_zone, default_locale, go_live) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			groupID, o.Key, o.Name, o.TimeZone, o.Locale, want.GoLive).Scan(&id)
		if err == nil {
			err = a.audit(ctx, id, "org.create", "org", o.Key, nil, want)
		}
	case cur != want:
		_, err = a.tx.Exec(ctx, `UPDATE orgs SET group_id = $2, name = $3, time_zone = $4, default_locale = $5, go_live = $6, updated_at = now() WHERE id = $1`,
			id, groupID, o.Name, o.TimeZone, o.Locale, want.GoLive)
		if err == nil {
			err = a.audit(ctx, id, "org.update", "org", o.Key, cur, want)
		}
	}
	if err != nil {
		return 0, interpret(err)
	}
	changesBefore := a.res.Created + a.res.Updated
	teams, err := a.teams(ctx, id, o.Teams)
	if err != nil {
		return 0, err
	}
	if err := a.policy(ctx, id, o.Attendance); err != nil {
		return 0, err
	}
	if err := a.sites(ctx, id, o.Sites); err != nil {
		return 0, err
	}
	if err := a.shifts(ctx, id, o.Shifts); err != nil {
		return 0, err
	}
	schedules, err := a.schedules(ctx, id, o.Schedules)
	if err != nil {
		return 0, err
	}
	if err := a.employees(ctx, id, o.Employees, teams, schedules); err != nil {
		return 0, err
	}
	if err := a.overrides(ctx, id, o.Overrides); err != nil {
		return 0, err
	}
	if err := a.calendar(ctx, id, o.Calendar); err != nil {
		return 0, err
	}
	if err := a.leavePolicy(ctx, id, o.Leave); err != nil {
		return 0, err
	}
	if err := a.leaveTypes(ctx, id, o.LeaveTypes); err != nil {
		return 0, err
	}
	if err := a.reminders(ctx, id, o.Reminders); err != nil {
		return 0, err
	}
	if err := a.coverPolicy(ctx, id, o.Cover); err != nil {
		return 0, err
	}
	if err := a.jobs(ctx, id, o.Jobs); err != nil {
		return 0, err
	}
	if err := a.skills(ctx, id, o.Employees); err != nil {
		return 0, err
	}
	if err := a.trainingPolicy(ctx, id, o.Training); err != nil {
		return 0, err
	}
	if err := a.payrollPolicy(ctx, id, o.Payroll); err != nil {
		return 0, err
	}
	if err := a.removeStale(ctx, id); err != nil {
		return 0, err
	}
	if a.res.Created+a.res.Updated > changesBefore {
		// Services cache what they derive from an org's setup by this version.
		if _, err := a.tx.Exec(ctx, `UPDATE orgs SET config_version = config_version + 1 WHERE id = $1`, id); err != nil {
			return 0, interpret(err)
		}
	}
	return id, nil
}

func (a *applier) teams(ctx context.Context, orgID int64, specs []orgfile.TeamSpec) (map[string]int64, error) {
	ids := map[string]int64{}
	rows, err := a.tx.Query(ctx, `SELECT id, key, name FROM teams WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, interpret(err)
	}
	names := map[string]string{}
	for rows.Next() {
		var id int64
		var key, name string
		if err := rows.Scan(&id, &key, &name); err != nil {
			rows.Close()
			return nil, interpret(err)
		}
		ids[key], names[key] = id, name
	}
	rows.Close()
	for _, t := range specs {
		id, existed := ids[t.Key]
		a.count(existed, existed && names[t.Key] == t.Name)
		switch {
		case !existed:
			err = a.tx.QueryRow(ctx, `INSERT INTO teams (org_id, key, name) VALUES ($1, $2, $3) RETURNING id`, orgID, t.Key, t.Name).Scan(&id)
			if err == nil {
				ids[t.Key] = id
				err = a.audit(ctx, orgID, "team.create", "team", t.Key, nil, map[string]string{"name": t.Name})
			}
		case names[t.Key] != t.Name:
			_, err = a.tx.Exec(ctx, `UPDATE teams SET name = $2, updated_at = now() WHERE id = $1`, id, t.Name)
			if err == nil {
				err = a.audit(ctx, orgID, "team.update", "team", t.Key, map[string]string{"name": names[t.Key]}, map[string]string{"name": t.Name})
			}
		}
		if err != nil {
			return nil, fmt.Errorf("team %s: %w", t.Key, interpret(err))
		}
	}
	return ids, nil
}

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
		return interpret(err)
	}
	for rows.Next() {
		var id int64
		var key string
		var s employeeSnap
		if err := rows.Scan(&id, &key, &s.Name, &s.Email, &s.Role, &s.Job, &s.Team, &s.Manager, &s.HireDate, &s.Status, &s.Locale,
			&s.Schedule, &s.Rotation, &s.Delegate, &s.CareerStart, &s.LeftOn, &s.Gender); err != nil {
			rows.Close()
			return interpret(err)
		}
		ids[key], current[key] = id, s
	}
	rows.Close()

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
		before, existed := current[e.Key]
		if e.Status == core.StatusLeft {
			// Without a date in the file, the day apply first saw them gone.
			switch {
			case !e.LeftOn.IsZero():
				want.LeftOn = e.LeftOn.Format(time.DateOnly)
			case before.LeftOn != "":
				want.LeftOn = before.LeftOn
			default:
				want.LeftOn = a.at.Format(time.DateOnly)
			}
		}
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
		for _, id := range []core.Identity{
			{Platform: core.PlatformSlack, ExternalID: e.Slack},
			{Platform: core.PlatformTelegram, ExternalID: e.Telegram},
		} {
			if id.ExternalID == "" {
				continue
			}
			id.OrgID, id.EmployeeID, id.LinkedVia = orgID, ids[e.Key], "orgfile"
			if err := a.identity(ctx, e.Key, id); err != nil {
				return fmt.Errorf("employee %s: %w", e.Key, err)
			}
		}
	}
	for key, s := range current {
		if !inFile[key] && s.Status == string(core.StatusActive) {
			a.res.NotInFile = append(a.res.NotInFile, key)
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
