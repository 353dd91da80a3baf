package personfile

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Status is where a correction is.
type Status string

// Statuses of a correction.
const (
	Pending  Status = "pending"
	Approved Status = "approved"
	Rejected Status = "rejected"
)

// Correction is a change to their own file a person asked HR for.
type Correction struct {
	ID         int64
	OrgID      int64
	EmployeeID int64
	// Person is who asked (ID, key, name, role, manager, hire date).
	Person core.Employee
	Field  Field
	// Value is the new value as Set normalised it ("" clears the field).
	Value         string
	Reason        string
	Status        Status
	DecidedBy     int64
	DecidedByName string
	CreatedAt     time.Time
	DecidedAt     time.Time
}

// masked is c with its value masked when its field is sensitive.
func (c Correction) masked() Correction {
	if c.Field.Sensitive() {
		var f File
		_ = f.Set(c.Field, c.Value)
		c.Value = f.Masked().Get(c.Field)
	}
	return c
}

// Decision is what deciding a correction writes: its new status, the file
// when it was approved, the audit rows and who is told (the person who
// asked, NotifyFileFixDecided).
type Decision struct {
	Status Status
	File   *File
	Audit  []core.AuditEntry
	Notify int64
}

// RequestFix asks HR to change a field of the reader's own file to value,
// for reason (may be empty). Every active HR person and admin is told,
// with buttons to approve or reject. The value is checked now, as HR's
// edit would check it, so a bad one is refused before anyone is asked.
// Errors: EInvalid (a problem with the value, Args: field;
// personfile.fix_same when it is the value stored; personfile.no_hr when
// the org has nobody to decide it), EConflict personfile.fix_pending when
// a correction of the field waits already.
func (s *Service) RequestFix(ctx context.Context, m core.Member, field Field, value, reason, channel string) (Correction, error) {
	e := m.Employee
	if err := s.auth.Authorize(ctx, m, core.ActionFileView, &e, channel); err != nil {
		return Correction{}, err
	}
	if !field.Valid() {
		return Correction{}, core.Errorf(core.EInvalid, "personfile.bad_field", "no field %q", field).With("field", string(field))
	}
	rec, err := s.store.Read(ctx, m.Org.ID, e.ID, nil)
	if err != nil {
		return Correction{}, fmt.Errorf("correct file of %s: %w", e.Key, err)
	}
	next := rec.File
	if err := next.Set(field, value); err != nil {
		return Correction{}, withField(err, field)
	}
	now := s.clock.Now()
	if _, err := Check(next, hireDate(e), core.DateOf(now.In(m.Org.Location()))); err != nil {
		return Correction{}, err
	}
	if next.Get(field) == rec.File.Get(field) {
		return Correction{}, core.Errorf(core.EInvalid, "personfile.fix_same", "%s is already that", field).With("field", string(field))
	}
	for _, p := range rec.Pending {
		if p.Field == field {
			return Correction{}, core.Errorf(core.EConflict, "personfile.fix_pending", "a correction of %s waits for HR", field).
				With("field", string(field))
		}
	}
	hr, err := s.store.HR(ctx, m.Org.ID)
	if err != nil {
		return Correction{}, fmt.Errorf("correct file of %s: %w", e.Key, err)
	}
	hr = slices.DeleteFunc(hr, func(id int64) bool { return id == e.ID }) // never one's own judge
	if len(hr) == 0 {
		return Correction{}, core.Errorf(core.EInvalid, "personfile.no_hr", "nobody in HR to decide it")
	}
	c := Correction{OrgID: m.Org.ID, EmployeeID: e.ID, Person: e, Field: field, Value: next.Get(field),
		Reason: strings.TrimSpace(reason), Status: Pending, CreatedAt: now}
	c, err = s.store.AddCorrection(ctx, c, hr, core.AuditEntry{OrgID: m.Org.ID, ActorID: e.ID, Action: AuditFixRequest,
		EntityType: "employee", EntityID: e.Key, After: map[string]any{"field": string(field)}, Channel: channel,
		Outcome: core.OutcomeOK, At: now})
	if err != nil {
		return Correction{}, fmt.Errorf("correct file of %s: %w", e.Key, err)
	}
	return c, nil
}

// Correction returns a correction for its person or HR, its value masked
// (it is what a notification shows). Errors: ENotFound, EForbidden.
func (s *Service) Correction(ctx context.Context, m core.Member, id int64) (Correction, error) {
	c, err := s.store.FindCorrection(ctx, m.Org.ID, id)
	if err != nil {
		return Correction{}, fmt.Errorf("file correction %d: %w", id, err)
	}
	if c.EmployeeID != m.Employee.ID {
		if err := core.Authorize(m, core.ActionFileManage, &c.Person); err != nil {
			return Correction{}, err
		}
	}
	return c.masked(), nil
}

// Decide approves or rejects a correction: approved, the field takes its
// value (the file checked again as a whole); either way the person is
// told. Errors: ENotFound, EForbidden (audited; nobody decides their own),
// EConflict personfile.fix_decided (Args: by) when it was decided
// already, EInvalid when the value no longer fits the file.
func (s *Service) Decide(ctx context.Context, m core.Member, id int64, approve bool, channel string) (Correction, error) {
	found, err := s.store.FindCorrection(ctx, m.Org.ID, id)
	if err != nil {
		return Correction{}, fmt.Errorf("decide file correction %d: %w", id, err)
	}
	if err := s.auth.Authorize(ctx, m, core.ActionFileDecide, &found.Person, channel); err != nil {
		return Correction{}, err
	}
	now := s.clock.Now()
	today := core.DateOf(now.In(m.Org.Location()))
	audit := func(action string, after map[string]any, reason string) core.AuditEntry {
		return core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: action, EntityType: "employee",
			EntityID: found.Person.Key, After: after, Reason: reason, Channel: channel, Outcome: core.OutcomeOK, At: now}
	}
	c, err := s.store.DecideCorrection(ctx, m.Org.ID, id, func(c Correction, cur File) (Decision, error) {
		if c.Status != Pending {
			return Decision{}, core.Errorf(core.EConflict, "personfile.fix_decided", "correction %d was %s already", c.ID, c.Status).
				With("by", c.DecidedByName)
		}
		d := Decision{Status: Rejected, Notify: c.EmployeeID}
		if approve {
			next := cur
			if err := next.Set(c.Field, c.Value); err != nil {
				return Decision{}, withField(err, c.Field)
			}
			next, err := Check(next, hireDate(c.Person), today)
			if err != nil {
				return Decision{}, err
			}
			d.Status, d.File = Approved, &next
			d.Audit = append(d.Audit, audit(AuditUpdate, map[string]any{"fields": fieldNames(cur.Changed(next))},
				"correction "+strconv.FormatInt(c.ID, 10)))
		}
		d.Audit = append(d.Audit, audit(AuditFixDecide, map[string]any{"id": c.ID, "field": string(c.Field), "status": string(d.Status)}, ""))
		return d, nil
	})
	if err != nil {
		return Correction{}, fmt.Errorf("decide file correction %d: %w", id, err)
	}
	return c.masked(), nil
}
