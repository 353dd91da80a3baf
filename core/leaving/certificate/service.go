package certificate

import (
	"context"
	"fmt"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
	"github.com/hrbot/hrbot/core/leaving"
	"github.com/hrbot/hrbot/core/personfile"
)

// Store is what certificates need from storage.
type Store interface {
	// LeftOn is the day a person who left left; zero when not recorded.
	LeftOn(ctx context.Context, orgID, employeeID int64) (core.Date, error)
	// OfPerson returns a person's resignations, newest first.
	OfPerson(ctx context.Context, orgID, employeeID int64) ([]leaving.Resignation, error)
	// Contracts lists a person's contracts, earliest first.
	Contracts(ctx context.Context, orgID, employeeID int64) ([]contracts.Contract, error)
	// Assignments returns a person's job history, oldest first, with an
	// approved transfer still to take effect (core.Assignment.Scheduled).
	Assignments(ctx context.Context, orgID, employeeID int64) ([]core.Assignment, error)
	// Jobs lists the org's jobs with their names.
	Jobs(ctx context.Context, orgID int64) (core.Jobs, error)
	// Body is the org's own certificate text in loc; "" when it has none.
	Body(ctx context.Context, orgID int64, loc core.Locale) (string, error)
	// Read returns a person's file with its sealed fields opened (EInvalid
	// personfile.no_key without the key), writing audit in the same
	// transaction (personfile.Store).
	Read(ctx context.Context, orgID, employeeID int64, audit *core.AuditEntry) (personfile.Record, error)
}

// Auth applies core's permission rules, auditing refusals, and finds
// people by key or name (*core.Directory).
type Auth interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
	FindEmployee(ctx context.Context, actor core.Member, key, channel string) (core.Employee, error)
}

// Service issues termination certificates for every org.
type Service struct {
	store Store
	auth  Auth
	clock core.Clock
}

// NewService returns a Service.
func NewService(store Store, auth Auth, clock core.Clock) *Service {
	return &Service{store: store, auth: auth, clock: clock}
}

// Issue gathers the certificate of the person named key, for HR
// (people.manage): someone who left, or whose resignation is approved.
// The issuance is audited (AuditIssue) in the transaction that opens the
// person's file. Errors: EForbidden (audited) before anyone is looked up,
// ENotFound, EInvalid certificate.still_employed, certificate.no_contract,
// certificate.no_job, certificate.no_last_day, personfile.no_key.
func (s *Service) Issue(ctx context.Context, m core.Member, key, channel string) (Certificate, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionPeopleManage, nil, channel); err != nil {
		return Certificate{}, err
	}
	e, err := s.auth.FindEmployee(ctx, m, key, channel)
	if err != nil {
		return Certificate{}, err
	}
	if err := s.auth.Authorize(ctx, m, core.ActionPeopleManage, &e, channel); err != nil {
		return Certificate{}, err
	}
	c, err := s.facts(ctx, m.Org, e)
	if err != nil {
		return Certificate{}, err
	}
	audit := core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: AuditIssue, EntityType: "employee", EntityID: e.Key,
		After: map[string]any{"last_day": c.LastDay.String(), "locale": string(c.Locale)}, Channel: channel,
		Outcome: core.OutcomeOK, At: s.clock.Now()}
	rec, err := s.store.Read(ctx, m.Org.ID, e.ID, &audit)
	if err != nil {
		return Certificate{}, fmt.Errorf("certificate of %s: %w", e.Key, err)
	}
	if rec.File.LegalName != "" {
		c.LegalName = rec.File.LegalName
	}
	if rec.File.IDNumber != "" {
		c.IDType, c.IDNumber = rec.File.IDType, rec.File.IDNumber
		if c.IDType == "" {
			c.IDType = personfile.IDOther
		}
	}
	return c, nil
}

// Available reports, without auditing, whether m may issue e's
// certificate now: the console shows the link only then.
func (s *Service) Available(ctx context.Context, m core.Member, e core.Employee) (bool, error) {
	if core.Authorize(m, core.ActionPeopleManage, &e) != nil {
		return false, nil
	}
	_, err := s.lastDay(ctx, m.Org, e)
	switch core.ErrorCodeOf(err) {
	case "":
		return true, nil
	case core.EInvalid:
		return false, nil
	}
	return false, err
}

// facts is everything the certificate says but the person's file.
func (s *Service) facts(ctx context.Context, org core.Org, e core.Employee) (Certificate, error) {
	last, err := s.lastDay(ctx, org, e)
	if err != nil {
		return Certificate{}, err
	}
	loc := org.DefaultLocale
	if loc == "" {
		loc = core.LocaleZH
	}
	c := Certificate{Org: org, Locale: loc, Person: e, LegalName: core.NameIn(e.Name, loc), LastDay: last,
		Issued: core.DateOf(s.clock.Now().In(org.Location()))}
	cs, err := s.store.Contracts(ctx, org.ID, e.ID)
	if err != nil {
		return Certificate{}, fmt.Errorf("contracts of %s: %w", e.Key, err)
	}
	contract, ok := lastContract(cs, last)
	if !ok {
		return Certificate{}, core.Errorf(core.EInvalid, "certificate.no_contract", "%s has no contract on record", e.Key).
			With("name", e.Name).With("key", e.Key)
	}
	c.Contract, c.Expired = contract.Terms, contract.End == last
	if !e.HireDate.IsZero() {
		c.Hired = core.DateOf(e.HireDate)
	} else {
		c.Hired = cs[0].Start // the earliest: contracts come earliest first
	}
	c.Service = Served(c.Hired, last)
	rows, err := s.store.Assignments(ctx, org.ID, e.ID)
	if err != nil {
		return Certificate{}, fmt.Errorf("job history of %s: %w", e.Key, err)
	}
	h := core.History{}
	for _, a := range rows {
		h.Add(a)
	}
	job := h.On(e, last).Job
	if job == "" {
		return Certificate{}, core.Errorf(core.EInvalid, "certificate.no_job", "%s has no job on record", e.Key).
			With("name", e.Name).With("key", e.Key)
	}
	jobs, err := s.store.Jobs(ctx, org.ID)
	if err != nil {
		return Certificate{}, fmt.Errorf("jobs of %s: %w", org.Key, err)
	}
	if c.Job, ok = jobs.Find(job); !ok {
		c.Job = core.Job{Key: job}
	}
	if c.Body, err = s.store.Body(ctx, org.ID, loc); err != nil {
		return Certificate{}, fmt.Errorf("certificate text of %s: %w", org.Key, err)
	}
	return c, nil
}

// lastDay is the day e's employment ended or ends: the day they left,
// else the last day of their approved resignation. Errors: EInvalid
// certificate.still_employed when there is neither,
// certificate.no_last_day for someone left on no recorded day.
func (s *Service) lastDay(ctx context.Context, org core.Org, e core.Employee) (core.Date, error) {
	if e.Status == core.StatusLeft {
		d, err := s.store.LeftOn(ctx, org.ID, e.ID)
		if err != nil {
			return core.Date{}, fmt.Errorf("last day of %s: %w", e.Key, err)
		}
		if d.IsZero() {
			return core.Date{}, core.Errorf(core.EInvalid, "certificate.no_last_day", "%s left on no recorded day", e.Key).
				With("name", e.Name)
		}
		return d, nil
	}
	rs, err := s.store.OfPerson(ctx, org.ID, e.ID)
	if err != nil {
		return core.Date{}, fmt.Errorf("resignations of %s: %w", e.Key, err)
	}
	for _, r := range rs { // newest first
		if r.Status == leaving.Approved || r.Status == leaving.Done {
			return r.LastDay, nil
		}
	}
	return core.Date{}, core.Errorf(core.EInvalid, "certificate.still_employed", "%s is still employed", e.Key).With("name", e.Name)
}

// lastContract is the contract of cs covering day, else the last one to
// start before it.
func lastContract(cs []contracts.Contract, day core.Date) (contracts.Contract, bool) {
	if c, ok := contracts.Current(cs, day); ok {
		return c, true
	}
	var out contracts.Contract
	found := false
	for _, c := range cs {
		if !c.Start.After(day) && (!found || c.Start.After(out.Start)) {
			out, found = c, true
		}
	}
	return out, found
}
