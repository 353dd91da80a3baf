package staff

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// NewPerson is someone to hire. Team, Manager and Schedule may be given by
// key or name; Job by key, name or alias. Key may be empty: it is then
// made from the e-mail address, else "emp-N".
type NewPerson struct {
	Key      string
	Name     string
	Email    string
	Role     core.Role // "" is employee
	Job      string
	Team     string
	Manager  string
	HireDate core.Date
	Locale   core.Locale // "" is the org's language
	Schedule string
}

// Change is an edit of a person: nil fields stay as they are; a field set
// to "" (a zero date) is cleared, except Name and Role, which a person
// always has.
type Change struct {
	Name     *string
	Email    *string
	Role     *core.Role
	Job      *string
	Team     *string
	Manager  *string
	HireDate *core.Date
	Locale   *core.Locale
	Schedule *string
}

// Hire creates a person and a one-time invite code for them to send to the
// bot (`/start CODE`), which links their chat account; the code is shown
// once and only its hash is kept. Errors: EForbidden (audited), EInvalid
// or EConflict with a staff.* key (Args: field and the problem's own), the
// first problem found.
func (s *Service) Hire(ctx context.Context, actor core.Member, p NewPerson, channel string) (core.Employee, string, error) {
	org, today, err := s.prepare(ctx, actor, channel)
	if err != nil {
		return core.Employee{}, "", err
	}
	e := &entry{mode: modeNew, cells: map[Field]string{
		FieldKey: p.Key, FieldName: p.Name, FieldEmail: p.Email, FieldRole: string(p.Role), FieldJob: p.Job,
		FieldTeam: p.Team, FieldManager: p.Manager, FieldHireDate: dateText(p.HireDate), FieldLocale: string(p.Locale),
		FieldSchedule: p.Schedule,
	}}
	for f, v := range e.cells {
		e.cells[f] = strings.TrimSpace(v)
	}
	c := newChecker(org, actor.Employee, today, false)
	c.check([]*entry{e})
	if len(c.problems) > 0 {
		return core.Employee{}, "", problemError(c.problems[0])
	}
	now := s.clock.Now()
	w, code := s.create(actor, e.after, channel, now, "")
	if err := s.store.Save(ctx, Batch{OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Writes: []Write{w}}); err != nil {
		return core.Employee{}, "", fmt.Errorf("hire %s: %w", e.after.Key, err)
	}
	emp, err := s.store.FindEmployee(ctx, actor.Org.ID, e.after.Key)
	if err != nil {
		return core.Employee{}, "", fmt.Errorf("hire %s: %w", e.after.Key, err)
	}
	return emp, code, nil
}

// Edit changes a person. Nothing is written when nothing changes. Errors:
// EForbidden (audited), ENotFound, EInvalid or EConflict with a staff.*
// key, EConflict staff.changed when someone else changed them meanwhile.
func (s *Service) Edit(ctx context.Context, actor core.Member, key string, ch Change, channel string) (core.Employee, error) {
	cells := map[Field]string{}
	set := func(f Field, v *string) {
		if v != nil {
			cells[f] = strings.TrimSpace(*v)
		}
	}
	set(FieldName, ch.Name)
	set(FieldEmail, ch.Email)
	set(FieldJob, ch.Job)
	set(FieldTeam, ch.Team)
	set(FieldManager, ch.Manager)
	set(FieldSchedule, ch.Schedule)
	if ch.Role != nil {
		cells[FieldRole] = string(*ch.Role)
	}
	if ch.HireDate != nil {
		cells[FieldHireDate] = dateText(*ch.HireDate)
	}
	if ch.Locale != nil {
		cells[FieldLocale] = string(*ch.Locale)
	}
	return s.change(ctx, actor, key, cells, AuditEdit, channel)
}

// Offboard records that a person left on lastDay, which may not be later
// than today: from then on they can do nothing (core.Authorize refuses
// anyone not active), are offered no cover and get no reminders. Their
// reports' approvals fall to HR until they get a new manager. Errors: as
// Edit, and EInvalid staff.last_day_future, staff.left_before_hire,
// staff.offboard_self.
func (s *Service) Offboard(ctx context.Context, actor core.Member, key string, lastDay core.Date, channel string) (core.Employee, error) {
	if lastDay.IsZero() || !lastDay.Valid() {
		return core.Employee{}, problemError(Problem{Column: string(FieldLeftOn), Key: "staff.bad_date", Args: map[string]string{"value": lastDay.String()}})
	}
	cells := map[Field]string{FieldStatus: string(core.StatusLeft), FieldLeftOn: lastDay.String()}
	return s.change(ctx, actor, key, cells, AuditOffboard, channel)
}

// change applies cells to the person with key, as Edit and Offboard do.
func (s *Service) change(ctx context.Context, actor core.Member, key string, cells map[Field]string, action, channel string) (core.Employee, error) {
	org, today, err := s.prepare(ctx, actor, channel)
	if err != nil {
		return core.Employee{}, err
	}
	key = strings.ToLower(strings.TrimSpace(key))
	found := false
	for _, p := range org.People {
		found = found || p.Key == key
	}
	if !found {
		return core.Employee{}, core.Errorf(core.ENotFound, "employee.not_found", "no employee %q", key).With("key", key)
	}
	e := &entry{mode: modeEdit, key: key, cells: cells, blankClears: true}
	c := newChecker(org, actor.Employee, today, false)
	c.check([]*entry{e})
	if len(c.problems) > 0 {
		return core.Employee{}, problemError(c.problems[0])
	}
	if *e.before != e.after {
		now := s.clock.Now()
		w := Write{Before: e.before, After: e.after, Audit: s.audit(actor, action, e.before, e.after, channel, now, "")}
		if err := s.store.Save(ctx, Batch{OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Writes: []Write{w}}); err != nil {
			return core.Employee{}, fmt.Errorf("%s %s: %w", action, key, err)
		}
	}
	emp, err := s.store.FindEmployee(ctx, actor.Org.ID, key)
	if err != nil {
		return core.Employee{}, fmt.Errorf("%s %s: %w", action, key, err)
	}
	return emp, nil
}

// prepare refuses anyone who may not manage people (with an audit row),
// before anything about the org is read, and reads it for the others.
func (s *Service) prepare(ctx context.Context, actor core.Member, channel string) (Org, core.Date, error) {
	if err := s.auth.Authorize(ctx, actor, core.ActionPeopleManage, nil, channel); err != nil {
		return Org{}, core.Date{}, err
	}
	org, err := s.store.Org(ctx, actor.Org.ID)
	if err != nil {
		return Org{}, core.Date{}, fmt.Errorf("read staff of %s: %w", actor.Org.Key, err)
	}
	org.Builtin = s.builtin
	return org, core.DateOf(s.clock.Now().In(actor.Org.Location())), nil
}

// create is the write of a new person with their invite; it returns the
// invite's code, which only the caller ever sees. Someone a staff list
// records as gone already gets none.
func (s *Service) create(actor core.Member, p Person, channel string, now time.Time, reason string) (Write, string) {
	if p.Status != core.StatusActive {
		return Write{After: p, Audit: s.audit(actor, AuditHire, nil, p, channel, now, reason)}, ""
	}
	code := core.NewInviteCode()
	expires := now.Add(core.InviteTTL)
	return Write{
		After: p,
		Invite: &NewInvite{CodeHash: core.HashInviteCode(code), CreatedAt: now, ExpiresAt: expires,
			Audit: core.AuditEntry{
				OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: string(core.ActionInviteCreate),
				EntityType: "employee", EntityID: p.Key, After: map[string]any{"employee": p.Key, "expires_at": expires},
				Channel: channel, Outcome: core.OutcomeOK, Reason: reason, At: now,
			}},
		Audit: s.audit(actor, AuditHire, nil, p, channel, now, reason),
	}, code
}

func (s *Service) audit(actor core.Member, action string, before *Person, after Person, channel string, now time.Time, reason string) core.AuditEntry {
	a := core.AuditEntry{
		OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: action, EntityType: "employee", EntityID: after.Key,
		After: after.Snapshot(), Channel: channel, Outcome: core.OutcomeOK, Reason: reason, At: now,
	}
	if before != nil {
		a.Before = before.Snapshot()
	}
	return a
}

// problemError is the error for a change with a problem: its key and
// arguments, with the field it is about as "field".
func problemError(p Problem) *core.Error {
	code := core.EInvalid
	if p.Key == "staff.key_taken" || p.Key == "staff.email_taken" {
		code = core.EConflict
	}
	e := &core.Error{Code: code, Key: p.Key, Message: fmt.Sprintf("%s: %s %v", p.Column, p.Key, p.Args)}
	for k, v := range p.Args {
		e = e.With(k, v)
	}
	return e.With("field", p.Column)
}
