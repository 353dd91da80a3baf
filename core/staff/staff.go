// Package staff is the people desk of HR: hiring someone (with the invite
// that links their chat account), editing them, offboarding them, and
// importing the staff list (花名册) from a spreadsheet — previewed row by
// row, then applied in one transaction or not at all. It is what the web
// console calls; the org file (core/orgfile) remains the other way in.
package staff

import (
	"context"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Person is an employee as the staff list shows them: what Hire, Edit and
// an import compare and write, and what their audit rows record. Team,
// Manager and Schedule are keys. It is comparable: two equal Persons need
// no write.
type Person struct {
	Key      string
	Name     string
	Email    string
	Role     core.Role
	Job      string
	Team     string
	Manager  string
	HireDate core.Date // zero when unknown
	Locale   core.Locale
	Schedule string
	Status   core.EmployeeStatus
	LeftOn   core.Date // zero while active
}

// Snapshot is p as an audit row records it, with the field names the org
// file's apply uses, so the audit log reads the same whichever way a
// person was changed.
func (p Person) Snapshot() map[string]any {
	m := map[string]any{"name": p.Name, "role": string(p.Role), "status": string(p.Status)}
	for _, f := range []Field{FieldEmail, FieldJob, FieldTeam, FieldManager, FieldHireDate, FieldLocale, FieldSchedule, FieldLeftOn} {
		if v := p.get(f); v != "" {
			m[string(f)] = v
		}
	}
	return m
}

// get returns one field of p as text ("" when empty).
func (p Person) get(f Field) string {
	switch f {
	case FieldKey:
		return p.Key
	case FieldName:
		return p.Name
	case FieldEmail:
		return p.Email
	case FieldRole:
		return string(p.Role)
	case FieldJob:
		return p.Job
	case FieldTeam:
		return p.Team
	case FieldManager:
		return p.Manager
	case FieldHireDate:
		return dateText(p.HireDate)
	case FieldLocale:
		return string(p.Locale)
	case FieldSchedule:
		return p.Schedule
	case FieldStatus:
		return string(p.Status)
	case FieldLeftOn:
		return dateText(p.LeftOn)
	}
	return ""
}

func dateText(d core.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// Schedule is one of the org's shift schedules, as a person may be put on it.
type Schedule struct {
	Key  string
	Name string
}

// Org is what the rules check a change against: the org's people (those
// who left too), teams, schedules and jobs.
type Org struct {
	People    []Person
	Teams     []core.Team
	Schedules []Schedule
	Jobs      core.Jobs
	// Builtin are the names hrbot knows for common jobs (客服, finance…):
	// a shop that declared no jobs still writes them in its staff list.
	Builtin core.Jobs
}

// NewInvite is a one-time code to create with a new person: only its hash
// is stored, exactly as core.Directory.CreateInvite stores one, so `/start
// CODE` redeems it the same way.
type NewInvite struct {
	CodeHash  []byte
	CreatedAt time.Time
	ExpiresAt time.Time
	Audit     core.AuditEntry // invite.create, as CreateInvite writes it
}

// Write is one person to create (Before nil) or change.
type Write struct {
	Before *Person
	After  Person
	Invite *NewInvite // for a new person
	Audit  core.AuditEntry
}

// TeamWrite is a team to create, with its audit row.
type TeamWrite struct {
	Team  core.Team
	Audit core.AuditEntry
}

// LinkWrite links a person to a chat account (Identity's OrgID and
// EmployeeID are left for the store to fill in from Key).
type LinkWrite struct {
	Key      string
	Identity core.Identity
	Audit    core.AuditEntry // identity.link, written only when the link is new
}

// Batch is everything one Hire, Edit, Offboard or import writes.
type Batch struct {
	OrgID   int64
	ActorID int64 // who created the invites
	Teams   []TeamWrite
	Writes  []Write
	Links   []LinkWrite
}

// Store is what the staff desk needs from storage.
type Store interface {
	// Org reads what the rules check against.
	Org(ctx context.Context, orgID int64) (Org, error)
	// Save writes a batch in one transaction with its audit rows: the
	// teams, then the people (new ones first, so managers may be named in
	// any order), then the invites. A person whose row is no longer what
	// Before says, or a new person whose key is taken, fails the whole
	// batch with EConflict "staff.changed" (Args: key). Links come last;
	// a link the person already has writes nothing, an account linked to
	// someone else fails the batch with EConflict "staff.link_taken"
	// (Args: account, key).
	Save(ctx context.Context, b Batch) error
	// FindEmployee returns ENotFound "employee.not_found" when the org
	// has no such person.
	FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error)
}

// Authorizer applies core's permission rules and audits refusals
// (*core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service is the staff desk for every org.
type Service struct {
	store   Store
	auth    Authorizer
	clock   core.Clock
	builtin core.Jobs
}

// NewService returns a Service.
func NewService(store Store, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, auth: auth, clock: clock}
}

// WithBuiltinJobs returns the service knowing hrbot's names for common
// jobs (the bot's catalogue has them), as chat knows them.
func (s *Service) WithBuiltinJobs(js core.Jobs) *Service {
	out := *s
	out.builtin = js
	return &out
}

// Audit actions the staff desk writes, besides the permission refusals
// Authorize audits under core.ActionPeopleManage.
const (
	AuditHire     = "employee.hire"
	AuditEdit     = "employee.update"
	AuditOffboard = "employee.offboard"
	AuditImport   = "employee.import"
	AuditTeam     = "team.create"
)
