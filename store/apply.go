package store

import (
	"context"
	"errors"
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
	return s.ApplyOrgFileAs(ctx, file, orgfile.Origin{Label: actor, Channel: "cli", At: at})
}

// ApplyOrgFileAs is ApplyOrgFile with the audit rows written as by.
func (s Setup) ApplyOrgFileAs(ctx context.Context, file orgfile.File, by orgfile.Origin) (orgfile.ApplyResult, error) {
	var res orgfile.ApplyResult
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		_, err := applyFile(ctx, tx, file, by, &res)
		return err
	})
	if err != nil {
		return orgfile.ApplyResult{}, err
	}
	return res, nil
}

// errPreviewed rolls a preview's apply back.
var errPreviewed = errors.New("preview: rolled back")

// PreviewOrgFile applies file as ApplyOrgFileAs would, in a transaction it
// rolls back, and returns what it counted and the audit rows it wrote:
// the preview is the apply itself, so they cannot disagree.
func (s Setup) PreviewOrgFile(ctx context.Context, file orgfile.File, by orgfile.Origin) (orgfile.ApplyResult, []orgfile.Planned, error) {
	var res orgfile.ApplyResult
	var planned []orgfile.Planned
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if planned, err = applyFile(ctx, tx, file, by, &res); err != nil {
			return err
		}
		return errPreviewed
	})
	if !errors.Is(err, errPreviewed) {
		return orgfile.ApplyResult{}, nil, err
	}
	return res, planned, nil
}

// applyFile applies file in tx and returns the audit rows it wrote.
func applyFile(ctx context.Context, tx pgx.Tx, file orgfile.File, by orgfile.Origin, res *orgfile.ApplyResult) ([]orgfile.Planned, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(applyLockKey)); err != nil {
		return nil, interpret(err)
	}
	a := &applier{tx: tx, by: by, at: by.At, res: res}
	var groupID *int64
	var groupAudit *core.AuditEntry
	if file.Group != nil {
		id, audit, err := a.group(ctx, *file.Group)
		if err != nil {
			return nil, err
		}
		groupID, groupAudit = &id, audit
	}
	for _, o := range file.Orgs {
		a.orgKey = o.Key
		orgID, err := a.org(ctx, o, groupID)
		if err != nil {
			return nil, fmt.Errorf("org %s: %w", o.Key, err)
		}
		if groupAudit != nil {
			// Groups have no org of their own; their history is kept in each member org.
			e := *groupAudit
			e.OrgID = orgID
			if err := a.record(ctx, e); err != nil {
				return nil, err
			}
		}
	}
	return a.planned, nil
}

type applier struct {
	tx  pgx.Tx
	by  orgfile.Origin
	at  time.Time
	res *orgfile.ApplyResult
	// orgKey is the org being applied; planned the audit rows written so far.
	orgKey  string
	planned []orgfile.Planned
	// shifts and schedules the file dropped, removed once nothing refers to them
	staleShifts, staleSchedules []string
}

func (a *applier) audit(ctx context.Context, orgID int64, action, entityType, entityID string, before, after any) error {
	return a.record(ctx, core.AuditEntry{
		OrgID: orgID, ActorID: a.by.ActorID, ActorLabel: a.by.Label, Action: action, EntityType: entityType, EntityID: entityID,
		Before: before, After: after, Channel: a.by.Channel, Outcome: core.OutcomeOK, At: a.at,
	})
}

// record writes an audit row and keeps it for a preview.
func (a *applier) record(ctx context.Context, e core.AuditEntry) error {
	if err := recordAudit(ctx, a.tx, e); err != nil {
		return err
	}
	a.planned = append(a.planned, orgfile.Planned{Org: a.orgKey, AuditEntry: e})
	return nil
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
	entry := &core.AuditEntry{ActorID: a.by.ActorID, ActorLabel: a.by.Label, EntityType: "group", EntityID: g.Key, After: want,
		Channel: a.by.Channel, Outcome: core.OutcomeOK, At: a.at}
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
	if err := a.sections(ctx, id, o); err != nil {
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

// sections applies the org's parts, each in the order the ones after it
// need: teams and schedules before the people in them, people before
// their overrides and skills.
func (a *applier) sections(ctx context.Context, id int64, o orgfile.OrgSpec) error {
	teams, err := a.teams(ctx, id, o.Teams)
	if err != nil {
		return err
	}
	if err := a.policy(ctx, id, o.Attendance); err != nil {
		return err
	}
	if err := a.sites(ctx, id, o.Sites); err != nil {
		return err
	}
	if err := a.shifts(ctx, id, o.Shifts); err != nil {
		return err
	}
	schedules, err := a.schedules(ctx, id, o.Schedules)
	if err != nil {
		return err
	}
	if err := a.employees(ctx, id, o.Employees, teams, schedules); err != nil {
		return err
	}
	if err := a.overrides(ctx, id, o.Overrides); err != nil {
		return err
	}
	if err := a.calendar(ctx, id, o.Calendar); err != nil {
		return err
	}
	if err := a.leavePolicy(ctx, id, o.Leave); err != nil {
		return err
	}
	if err := a.leaveTypes(ctx, id, o.LeaveTypes); err != nil {
		return err
	}
	if err := a.reminders(ctx, id, o.Reminders); err != nil {
		return err
	}
	if err := a.coverPolicy(ctx, id, o.Cover); err != nil {
		return err
	}
	if err := a.jobs(ctx, id, o.Jobs, o.Descriptions); err != nil {
		return err
	}
	if err := a.skills(ctx, id, o.Employees); err != nil {
		return err
	}
	if err := a.trainingPolicy(ctx, id, o.Training); err != nil {
		return err
	}
	if err := a.payrollPolicy(ctx, id, o.Payroll); err != nil {
		return err
	}
	if err := a.bankFiles(ctx, id, o.Payroll); err != nil {
		return err
	}
	if err := a.onboarding(ctx, id, o.Onboarding); err != nil {
		return err
	}
	if err := a.retentionPolicy(ctx, id, o.Retention); err != nil {
		return err
	}
	if err := a.certificateTexts(ctx, id, o.Certificate); err != nil {
		return err
	}
	if err := a.recruitingPolicy(ctx, id, o.Recruiting); err != nil {
		return err
	}
	if err := a.perfPolicy(ctx, id, o.Performance); err != nil {
		return err
	}
	return a.removeStale(ctx, id)
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
