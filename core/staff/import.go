package staff

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Create is a person a staff list adds.
type Create struct {
	Row    int
	Person Person
}

// FieldChange is one field a staff list changes for one person.
type FieldChange struct {
	Row    int
	Key    string // the person's
	Name   string
	Field  Field
	Column string // the header as written; the field's name when no column gave it (a last day set to today)
	Before string
	After  string
}

// ImportPreview is what applying a staff list would do, and what stands
// in its way.
type ImportPreview struct {
	Rows      int
	Creates   []Create
	Changes   []FieldChange // grouped by person, in row order
	Changed   int           // people changed
	Unchanged int           // people the list names as they already are
	// NewTeams are teams the list names that the org lacks: applying the
	// list creates them.
	NewTeams []core.Team
	// Ignored are columns hrbot does not know (staff.column_ignored):
	// reported, not in the way.
	Ignored []Problem
	// Problems stop the list from being applied; each names its row and
	// column.
	Problems []Problem
}

// OK reports whether the list can be applied.
func (p ImportPreview) OK() bool { return len(p.Problems) == 0 }

// Invite is a new person's one-time code, to hand to them.
type Invite struct {
	Key       string
	Name      string
	Code      string
	ExpiresAt time.Time
}

// ImportResult is what applying a staff list did.
type ImportResult struct {
	Preview ImportPreview
	Invites []Invite // one per person created active, in row order
}

// PreviewImport checks a staff list against the org and says what
// applying it would create and change, and every problem by row and
// column. It writes nothing. Errors: EForbidden (audited).
func (s *Service) PreviewImport(ctx context.Context, actor core.Member, ro Roster, channel string) (ImportPreview, error) {
	org, today, err := s.prepare(ctx, actor, channel)
	if err != nil {
		return ImportPreview{}, err
	}
	pv, _ := plan(org, actor.Employee, today, ro)
	return pv, nil
}

// ApplyImport checks the staff list again and, when it has no problem,
// applies all of it in one transaction: new teams, new people with their
// invites, changes, an audit row for each. With any problem it writes
// nothing and returns EInvalid staff.import_problems (Args: count) with
// the preview in the result. Errors also: EForbidden (audited), EConflict
// staff.changed when someone changed a person between the check and the
// write.
func (s *Service) ApplyImport(ctx context.Context, actor core.Member, ro Roster, channel string) (ImportResult, error) {
	org, today, err := s.prepare(ctx, actor, channel)
	if err != nil {
		return ImportResult{}, err
	}
	pv, entries := plan(org, actor.Employee, today, ro)
	res := ImportResult{Preview: pv}
	if !pv.OK() {
		return res, core.Errorf(core.EInvalid, "staff.import_problems", "the staff list has %d problems", len(pv.Problems)).
			With("count", fmt.Sprint(len(pv.Problems)))
	}
	now := s.clock.Now()
	b := Batch{OrgID: actor.Org.ID, ActorID: actor.Employee.ID}
	for _, t := range pv.NewTeams {
		b.Teams = append(b.Teams, TeamWrite{Team: t, Audit: core.AuditEntry{
			OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: AuditTeam, EntityType: "team", EntityID: t.Key,
			After: map[string]any{"name": t.Name}, Channel: channel, Outcome: core.OutcomeOK, Reason: "import " + ro.Filename, At: now,
		}})
	}
	for _, e := range entries {
		reason := fmt.Sprintf("import %s row %d", ro.Filename, e.row)
		if e.link != nil {
			b.Links = append(b.Links, LinkWrite{Key: e.after.Key, Identity: *e.link, Audit: core.AuditEntry{
				OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: core.AuditIdentityLink, EntityType: "employee", EntityID: e.after.Key,
				After:   map[string]string{string(e.link.Platform): e.link.ExternalID, "via": e.link.LinkedVia},
				Channel: channel, Outcome: core.OutcomeOK, Reason: reason, At: now,
			}})
		}
		switch {
		case e.before == nil:
			w, code := s.create(actor, e.after, channel, now, reason)
			b.Writes = append(b.Writes, w)
			if w.Invite != nil {
				res.Invites = append(res.Invites, Invite{Key: e.after.Key, Name: e.after.Name, Code: code, ExpiresAt: w.Invite.ExpiresAt})
			}
		case *e.before != e.after:
			action := AuditEdit
			if e.after.Status == core.StatusLeft && e.before.Status != core.StatusLeft {
				action = AuditOffboard
			}
			b.Writes = append(b.Writes, Write{Before: e.before, After: e.after, Audit: s.audit(actor, action, e.before, e.after, channel, now, reason)})
		}
	}
	if len(b.Writes) > 0 || len(b.Teams) > 0 || len(b.Links) > 0 {
		if err := s.store.Save(ctx, b); err != nil {
			return ImportResult{Preview: pv}, fmt.Errorf("import %s: %w", ro.Filename, err)
		}
	}
	return res, nil
}

// plan checks a staff list against the org: the preview, and the entries
// to write when it is OK.
func plan(org Org, actor core.Employee, today core.Date, ro Roster) (ImportPreview, []*entry) {
	pv := ImportPreview{Rows: len(ro.Rows)}
	c := newChecker(org, actor, today, true)
	c.declared = ro.Teams
	cols := map[Field]int{}
	for i, col := range ro.Columns {
		switch _, twice := cols[col.Field]; {
		case col.Field == "" && col.Header != "":
			pv.Ignored = append(pv.Ignored, Problem{Row: ro.HeaderLine, Column: col.Header, Key: "staff.column_ignored"})
		case col.Field == "":
		case twice:
			c.problems = append(c.problems, Problem{Row: ro.HeaderLine, Column: col.Header, Key: "staff.column_twice",
				Args: map[string]string{"first": ro.Columns[cols[col.Field]].Header}})
		default:
			cols[col.Field] = i
		}
	}
	if _, ok := cols[FieldName]; !ok {
		c.problems = append(c.problems, Problem{Row: ro.HeaderLine, Key: "staff.no_name_column"})
	}
	if len(ro.Rows) == 0 {
		c.problems = append(c.problems, Problem{Row: ro.HeaderLine, Key: "staff.no_rows"})
	}
	entries := make([]*entry, 0, len(ro.Rows))
	for _, r := range ro.Rows {
		e := &entry{row: r.Line, mode: modeMatch, cells: map[Field]string{}, cols: map[Field]string{}, link: r.Link}
		for f, i := range cols {
			if i < len(r.Cells) {
				e.cells[f] = r.Cells[i]
			}
			e.cols[f] = ro.Columns[i].Header
		}
		entries = append(entries, e)
	}
	c.check(entries)
	// By row, and within a row from left to right, as the sheet reads.
	at := map[string]int{}
	for i := len(ro.Columns) - 1; i >= 0; i-- {
		at[ro.Columns[i].Header] = i
	}
	sort.SliceStable(c.problems, func(i, j int) bool {
		a, b := c.problems[i], c.problems[j]
		return a.Row < b.Row || a.Row == b.Row && at[a.Column] < at[b.Column]
	})
	pv.Problems, pv.NewTeams = c.problems, c.newTeams
	for _, e := range entries {
		switch {
		case e.before == nil:
			pv.Creates = append(pv.Creates, Create{Row: e.row, Person: e.after})
		case *e.before == e.after:
			pv.Unchanged++
		default:
			pv.Changed++
			pv.Changes = append(pv.Changes, diff(e)...)
		}
	}
	return pv, entries
}

// diff lists the fields an entry changes.
func diff(e *entry) []FieldChange {
	var out []FieldChange
	for _, f := range Fields() {
		before, after := e.before.get(f), e.after.get(f)
		if before == after {
			continue
		}
		out = append(out, FieldChange{Row: e.row, Key: e.after.Key, Name: e.after.Name, Field: f, Column: e.column(f),
			Before: before, After: after})
	}
	return out
}
