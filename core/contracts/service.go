package contracts

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Audit actions the contracts write, besides the permission refusals
// audited under core.ActionContractManage and core.ActionContractView.
const (
	AuditCreate           = "contract.create"
	AuditUpdate           = "contract.update"
	AuditProbationConfirm = "contract.probation_confirm"
	AuditProbationExtend  = "contract.probation_extend"
	AuditProbationEnd     = "contract.probation_end"
	AuditRenew            = "contract.renew"
	AuditNotRenew         = "contract.not_renew"
)

// Person is an active employee with their contracts, earliest first.
type Person struct {
	Employee  core.Employee
	Contracts []Contract
}

// Store is what contracts need from storage. Methods that change a
// contract write the audit entry in the same transaction.
type Store interface {
	// Contracts lists a person's contracts, earliest first.
	Contracts(ctx context.Context, orgID, employeeID int64) ([]Contract, error)
	// Contract returns one contract of the org. Errors: ENotFound
	// contract.not_found.
	Contract(ctx context.Context, orgID, id int64) (Contract, error)
	// Employee returns a person of the org by id, whatever their status.
	Employee(ctx context.Context, orgID, id int64) (core.Employee, error)
	// Create stores a new contract. Errors: EConflict contract.overlap
	// (another starts the same day), EInvalid contract.probation_twice
	// (another has a probation), when a concurrent change got there first.
	Create(ctx context.Context, c Contract, audit core.AuditEntry) (Contract, error)
	// Update replaces c's terms if they are still before. Errors:
	// EConflict contract.changed, and those of Create.
	Update(ctx context.Context, before Terms, c Contract, audit core.AuditEntry) (Contract, error)
	// Decide records an outcome of c's probation or renewal (and the
	// probation's new end, when extending) if that is still undecided and
	// the probation still ends on c.ProbationEnd; ok is false otherwise.
	Decide(ctx context.Context, d Decide, audit core.AuditEntry) (c Contract, ok bool, err error)
	// People lists the org's active people with their contracts: everyone
	// (managerID 0) or one manager's direct reports.
	People(ctx context.Context, orgID, managerID int64) ([]Person, error)
	// LinkScan links document documentID (a contract of the same person)
	// to contract id as its signed scan, if its scan is still before (0
	// for none), with the audit entry. Errors: EConflict contract.changed.
	LinkScan(ctx context.Context, orgID, id, before, documentID int64, audit core.AuditEntry) error
	Reminders
}

// Decide is one decision on a contract, as the store writes it.
type Decide struct {
	OrgID, ContractID int64
	// Renewal says the decision is about renewing, not the probation.
	Renewal bool
	Outcome Outcome // "" when extending the probation
	// ProbationEnd is the probation's end the decision was taken on;
	// Extend is its new end when extending.
	ProbationEnd core.Date
	Extend       core.Date
	ByID         int64
	At           time.Time
}

// Authorizer finds people and applies core's permission rules, auditing
// refusals (*core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
	// FindEmployee finds a person by key or name if actor may see them.
	FindEmployee(ctx context.Context, actor core.Member, key, channel string) (core.Employee, error)
}

// Service is contracts for every org.
type Service struct {
	store Store
	auth  Authorizer
	clock core.Clock
}

// NewService returns a Service.
func NewService(store Store, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, auth: auth, clock: clock}
}

// today is the day it is in actor's org.
func (s *Service) today(org core.Org) core.Date {
	return core.DateOf(s.clock.Now().In(org.Location()))
}

// Create records a new contract for the person named key. Errors:
// EForbidden (audited) for anyone but HR and admins, ENotFound, and those
// of Check.
func (s *Service) Create(ctx context.Context, actor core.Member, key string, t Terms, channel string) (Contract, error) {
	e, others, err := s.managed(ctx, actor, key, channel)
	if err != nil {
		return Contract{}, err
	}
	if err := Check(t, others, s.today(actor.Org)); err != nil {
		return Contract{}, err
	}
	now := s.clock.Now()
	c := Contract{Terms: t, OrgID: actor.Org.ID, EmployeeID: e.ID, EmployeeKey: e.Key, EmployeeName: e.Name, CreatedAt: now, UpdatedAt: now}
	c, err = s.store.Create(ctx, c, s.audit(actor, AuditCreate, e, 0, nil, t.Snapshot(), channel))
	if err != nil {
		return Contract{}, fmt.Errorf("create contract for %s: %w", e.Key, err)
	}
	return c, nil
}

// Validate checks terms t for the person named key as Create would,
// storing nothing: a dialog checks each answer as it comes. Errors: as
// Create.
func (s *Service) Validate(ctx context.Context, actor core.Member, key string, t Terms, channel string) error {
	_, others, err := s.managed(ctx, actor, key, channel)
	if err != nil {
		return err
	}
	return Check(t, others, s.today(actor.Org))
}

// Manageable finds the person named key for someone about to enter their
// contract. Errors: EForbidden (audited) for anyone but HR and admins,
// ENotFound.
func (s *Service) Manageable(ctx context.Context, actor core.Member, key, channel string) (core.Employee, error) {
	e, _, err := s.managed(ctx, actor, key, channel)
	return e, err
}

// Update replaces the terms of contract id; its decisions stay. Errors:
// as Create, ENotFound contract.not_found, EConflict contract.changed.
func (s *Service) Update(ctx context.Context, actor core.Member, id int64, t Terms, channel string) (Contract, error) {
	if err := s.auth.Authorize(ctx, actor, core.ActionContractManage, nil, channel); err != nil {
		return Contract{}, err
	}
	c, e, err := s.contract(ctx, actor, id, core.ActionContractManage, channel)
	if err != nil {
		return Contract{}, err
	}
	all, err := s.store.Contracts(ctx, actor.Org.ID, e.ID)
	if err != nil {
		return Contract{}, fmt.Errorf("update contract %d: %w", id, err)
	}
	if err := Check(t, without(all, id), s.today(actor.Org)); err != nil {
		return Contract{}, err
	}
	before := c.Terms
	c.Terms, c.UpdatedAt = t, s.clock.Now()
	c, err = s.store.Update(ctx, before, c, s.audit(actor, AuditUpdate, e, id, before.Snapshot(), t.Snapshot(), channel))
	if err != nil {
		return Contract{}, fmt.Errorf("update contract %d: %w", id, err)
	}
	return c, nil
}

// Of returns the person named key and their contracts, for those who may
// see them: the person, their manager, HR and admins. Errors: ENotFound,
// EForbidden (audited).
func (s *Service) Of(ctx context.Context, actor core.Member, key, channel string) (core.Employee, []Contract, error) {
	e, err := s.auth.FindEmployee(ctx, actor, key, channel)
	if err != nil {
		return core.Employee{}, nil, err
	}
	return s.of(ctx, actor, e, channel)
}

// OfID is Of for a person's id (a notification names people by id).
func (s *Service) OfID(ctx context.Context, actor core.Member, employeeID int64, channel string) (core.Employee, []Contract, error) {
	e, err := s.store.Employee(ctx, actor.Org.ID, employeeID)
	if err != nil {
		return core.Employee{}, nil, fmt.Errorf("contracts of %d: %w", employeeID, err)
	}
	return s.of(ctx, actor, e, channel)
}

func (s *Service) of(ctx context.Context, actor core.Member, e core.Employee, channel string) (core.Employee, []Contract, error) {
	if err := s.auth.Authorize(ctx, actor, core.ActionContractView, &e, channel); err != nil {
		return core.Employee{}, nil, err
	}
	cs, err := s.store.Contracts(ctx, actor.Org.ID, e.ID)
	if err != nil {
		return core.Employee{}, nil, fmt.Errorf("contracts of %s: %w", e.Key, err)
	}
	return e, cs, nil
}

// Mine lists actor's own contracts, earliest first.
func (s *Service) Mine(ctx context.Context, actor core.Member) ([]Contract, error) {
	_, cs, err := s.of(ctx, actor, actor.Employee, "")
	return cs, err
}

// View is one contract with what is needed to show it: its person, their
// other contracts, the probation the law allows it and what art. 14 says
// about renewing it.
type View struct {
	Contract  Contract
	Employee  core.Employee
	History   []Contract
	Probation Probation
	Renewals  Renewals
	Today     core.Date
	// Manage says the reader may change it and take its decisions.
	Manage bool
}

// Find returns contract id for those who may see it. Errors: ENotFound
// contract.not_found, EForbidden (audited).
func (s *Service) Find(ctx context.Context, actor core.Member, id int64, channel string) (View, error) {
	c, e, err := s.contract(ctx, actor, id, core.ActionContractView, channel)
	if err != nil {
		return View{}, err
	}
	all, err := s.store.Contracts(ctx, actor.Org.ID, e.ID)
	if err != nil {
		return View{}, fmt.Errorf("find contract %d: %w", id, err)
	}
	hire := core.Date{}
	if !e.HireDate.IsZero() {
		hire = core.DateOf(e.HireDate)
	}
	return View{Contract: c, Employee: e, History: all, Probation: MaxProbation(c.Terms), Renewals: RenewalsOf(all, c, hire),
		Today: s.today(actor.Org), Manage: core.Authorize(actor, core.ActionContractManage, &e) == nil}, nil
}

// managed authorizes actor to manage contracts, before anyone is looked
// up (a refusal reveals nobody), then finds the person named key and
// their contracts.
func (s *Service) managed(ctx context.Context, actor core.Member, key, channel string) (core.Employee, []Contract, error) {
	if err := s.auth.Authorize(ctx, actor, core.ActionContractManage, nil, channel); err != nil {
		return core.Employee{}, nil, err
	}
	e, err := s.auth.FindEmployee(ctx, actor, key, channel)
	if err != nil {
		return core.Employee{}, nil, err
	}
	if err := s.auth.Authorize(ctx, actor, core.ActionContractManage, &e, channel); err != nil {
		return core.Employee{}, nil, err
	}
	cs, err := s.store.Contracts(ctx, actor.Org.ID, e.ID)
	if err != nil {
		return core.Employee{}, nil, fmt.Errorf("contracts of %s: %w", e.Key, err)
	}
	return e, cs, nil
}

// contract reads contract id and its person and authorizes action on them.
func (s *Service) contract(ctx context.Context, actor core.Member, id int64, action core.Action, channel string) (Contract, core.Employee, error) {
	c, err := s.store.Contract(ctx, actor.Org.ID, id)
	if err != nil {
		return Contract{}, core.Employee{}, fmt.Errorf("contract %d: %w", id, err)
	}
	e, err := s.store.Employee(ctx, actor.Org.ID, c.EmployeeID)
	if err != nil {
		return Contract{}, core.Employee{}, fmt.Errorf("contract %d: %w", id, err)
	}
	if err := s.auth.Authorize(ctx, actor, action, &e, channel); err != nil {
		return Contract{}, core.Employee{}, err
	}
	return c, e, nil
}

func (s *Service) audit(actor core.Member, action string, e core.Employee, id int64, before, after map[string]any, channel string) core.AuditEntry {
	if after != nil {
		after["person"] = e.Key
	}
	entityID := ""
	if id != 0 {
		entityID = strconv.FormatInt(id, 10)
	}
	return core.AuditEntry{OrgID: actor.Org.ID, ActorID: actor.Employee.ID, Action: action, EntityType: "contract",
		EntityID: entityID, Before: before, After: after, Channel: channel, Outcome: core.OutcomeOK, At: s.clock.Now()}
}

func without(cs []Contract, id int64) []Contract {
	out := make([]Contract, 0, len(cs))
	for _, c := range cs {
		if c.ID != id {
			out = append(out, c)
		}
	}
	return out
}
