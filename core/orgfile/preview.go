package orgfile

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// ActorPrefix starts the audit actor label of every org-file apply ("apply
// examples/org.yaml"): what tells an apply's changes from edits made in
// chat or on the web.
const ActorPrefix = "apply "

// Origin is who applies a file, for the audit rows: an operator at the
// command line (ActorID 0, channel cli) or a member importing it on the
// web console.
type Origin struct {
	ActorID int64
	Label   string // ActorPrefix + the file's name
	Channel string
	At      time.Time
}

// Planned is one audit row an apply would write, with its org's key.
type Planned struct {
	Org string
	core.AuditEntry
}

// Record names one record an org file declares as the audit log names
// it: entity type and id within an org (employee/alice, shift/cs-morning,
// skill/alice/customer-service).
type Record struct {
	OrgID  int64
	Entity string
	Key    string
}

// Edit is a change made to a record outside org files: in chat, on the
// web console, by another command.
type Edit struct {
	At      time.Time
	Actor   string // the person's key, or the label of who did it ("system")
	Name    string // the person's name; "" for a label
	Channel string // web, telegram, slack, cli...
	Action  string
	Before  any
	After   any
}

// FieldChange is one field of a record, before and after.
type FieldChange struct {
	Field         string
	Before, After string // "" when absent
}

// Change is one record an apply would create, change or delete.
type Change struct {
	Org    string
	Entity string // employee, team, shift, calendar, ...
	Key    string
	Action string // the audit action: employee.update, site.delete, identity.link...
	Fields []FieldChange
	// Undoes are the edits made outside org files since the record was
	// last applied that this change reverts, oldest first.
	Undoes []Edit
}

// Changes is what applying a file would do.
type Changes struct {
	Records []Change
	// NotInFile lists people the file does not mention; apply leaves them.
	NotInFile []string
}

// Empty reports whether applying the file would change nothing.
func (c Changes) Empty() bool { return len(c.Records) == 0 }

// Undoing returns the changes that revert edits made outside org files.
func (c Changes) Undoing() []Change {
	var out []Change
	for _, r := range c.Records {
		if len(r.Undoes) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// keepsOwnEdits are actions whose changes an apply does not revert even
// when they touch a record the file declares: a language chosen with
// /lang is kept beside the file's, and outlives it.
var keepsOwnEdits = map[string]bool{string(core.ActionLocaleSet): true}

// changesOf turns the audit rows an apply would write into changes, each
// with the outside edits it would revert.
func changesOf(planned []Planned, edits map[Record][]Edit) []Change {
	out := make([]Change, 0, len(planned))
	for _, p := range planned {
		c := Change{Org: p.Org, Entity: p.EntityType, Key: p.EntityID, Action: p.Action, Fields: diff(p.Before, p.After)}
		whole := p.Before == nil || p.After == nil // created or deleted: every edit of it is undone
		changed := map[string]bool{}
		for _, f := range c.Fields {
			changed[f.Field] = true
		}
		for _, e := range edits[Record{OrgID: p.OrgID, Entity: p.EntityType, Key: p.EntityID}] {
			if keepsOwnEdits[e.Action] {
				continue
			}
			if whole || touches(e, changed) {
				c.Undoes = append(c.Undoes, e)
			}
		}
		out = append(out, c)
	}
	return out
}

// touches reports whether an edit changed one of the fields; an edit that
// does not say which fields it changed is taken to touch them all.
func touches(e Edit, fields map[string]bool) bool {
	names := map[string]bool{}
	for k := range snapshot(e.Before) {
		names[k] = true
	}
	for k := range snapshot(e.After) {
		names[k] = true
	}
	if len(names) == 0 || names[""] {
		return true
	}
	for k := range names {
		if fields[k] {
			return true
		}
	}
	return false
}

// diff lists the fields that differ between two snapshots, by name.
func diff(before, after any) []FieldChange {
	b, a := snapshot(before), snapshot(after)
	var out []FieldChange
	for k, av := range a {
		if bv, ok := b[k]; !ok || bv != av {
			out = append(out, FieldChange{Field: k, Before: b[k], After: av})
		}
	}
	for k, bv := range b {
		if _, ok := a[k]; !ok {
			out = append(out, FieldChange{Field: k, Before: bv})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// snapshot flattens an audit snapshot to its fields as text: a JSON
// object's keys (a JSON object held in a string, as reminder specs are,
// too); anything else is one field named "".
func snapshot(v any) map[string]string {
	if v == nil {
		return nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return map[string]string{"": fmt.Sprint(v)}
	}
	var s string
	if json.Unmarshal(raw, &s) == nil && strings.HasPrefix(s, "{") {
		raw = []byte(s)
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return map[string]string{"": text(raw)}
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		out[k] = text(v)
	}
	return out
}

// text shows a JSON value as people read it: strings without quotes.
func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if string(raw) == "null" {
		return ""
	}
	return string(raw)
}
