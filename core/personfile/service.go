package personfile

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
)

// Audit actions of people's files, besides the refusals Authorize audits
// under core.ActionFile*. No audit row holds a value of the file: they
// name fields only.
const (
	AuditRead       = "personfile.read"        // HR saw someone's sensitive fields
	AuditUpdate     = "personfile.update"      // fields changed, with HR's reason
	AuditFixRequest = "personfile.fix_request" // a person asked HR to correct a field
	AuditFixDecide  = "personfile.fix_decide"  // HR approved or rejected it
	AuditExport     = "personfile.export"      // a person's data was handed out (my data)
	AuditErase      = "personfile.erase"       // the retention rule erased a file
)

// Record is a stored file with the corrections waiting on it.
type Record struct {
	File File
	// Exists is false for a person whose file was never written.
	Exists  bool
	Pending []Correction
}

// Store is what the service needs from storage. The store seals the
// sensitive fields (Field.Sensitive, and a correction's value for one) on
// write and opens them on read, bound to their row; without the key it
// refuses both with EInvalid personfile.no_key.
type Store interface {
	// Read returns a person's file (Exists false when there is none) and
	// their pending corrections, writing audit, when not nil, in the same
	// transaction.
	Read(ctx context.Context, orgID, employeeID int64, audit *core.AuditEntry) (Record, error)
	// Update locks the person's file (a zero File when there is none),
	// calls change with it, and writes what change returns with the
	// audit row it returns, in one transaction; a nil audit row means
	// nothing changed and nothing is written.
	Update(ctx context.Context, orgID, employeeID int64, change func(cur File) (File, *core.AuditEntry, error)) (File, error)
	// AddCorrection stores a pending correction and tells each of hr
	// (NotifyFileFixRequest) with its audit row, in one transaction.
	AddCorrection(ctx context.Context, c Correction, hr []int64, audit core.AuditEntry) (Correction, error)
	// FindCorrection returns a correction of the org; ENotFound otherwise.
	FindCorrection(ctx context.Context, orgID, id int64) (Correction, error)
	// DecideCorrection locks the correction and its person's file, calls
	// decide with them and writes its Decision, in one transaction.
	DecideCorrection(ctx context.Context, orgID, id int64, decide func(c Correction, cur File) (Decision, error)) (Correction, error)
	// HR returns the ids of the org's active HR people and admins.
	HR(ctx context.Context, orgID int64) ([]int64, error)
	// Export reads, one query per area, everything the org holds about a
	// person besides the file (MyData).
	Export(ctx context.Context, orgID, employeeID int64) ([]Section, error)
	RecordAudit(ctx context.Context, e core.AuditEntry) error
	// Retentions returns every org with its retention rule.
	Retentions(ctx context.Context) ([]OrgRetention, error)
	// Due returns the people of an org who left before leftBefore and
	// whose file has not been erased since.
	Due(ctx context.Context, orgID int64, leftBefore core.Date) ([]Leaver, error)
	// Erase empties a person's file, the values of their corrections
	// and their bank account, and marks the file erased, with the audit
	// row, in one transaction; false when it was erased already.
	Erase(ctx context.Context, orgID, employeeID int64, audit core.AuditEntry) (bool, error)
}

// Auth applies core's permission rules, auditing refusals, and finds the
// person a key or name stands for (*core.Directory).
type Auth interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
	FindEmployee(ctx context.Context, actor core.Member, key, channel string) (core.Employee, error)
}

// Document is one document kept for a person, as their file lists it.
type Document struct {
	ID         int64
	Kind, Name string
	Size       int64
	AddedAt    time.Time
}

// Documents is a person's documents (store.Documents, for the documents
// feature, core/documents; nil in tests that need none: the file lists none).
type Documents interface {
	// Of lists a person's documents.
	Of(ctx context.Context, orgID, employeeID int64) ([]Document, error)
	// Erase deletes every document of a person, for the retention rule,
	// and returns how many there were.
	Erase(ctx context.Context, orgID, employeeID int64, at time.Time) (int, error)
}

// Balances works out a person's leave balances (*leave.Service), for my data.
type Balances interface {
	Balances(ctx context.Context, m core.Member) ([]leave.Balance, error)
}

// Service keeps people's files for every org.
type Service struct {
	store    Store
	auth     Auth
	clock    core.Clock
	docs     Documents
	balances Balances
}

// NewService returns a Service.
func NewService(store Store, auth Auth, clock core.Clock) *Service {
	return &Service{store: store, auth: auth, clock: clock}
}

// WithDocuments returns the service listing and erasing people's
// documents through d.
func (s *Service) WithDocuments(d Documents) *Service {
	out := *s
	out.docs = d
	return &out
}

// WithBalances returns the service adding leave balances to my data.
func (s *Service) WithBalances(b Balances) *Service {
	out := *s
	out.balances = b
	return &out
}

// Access is how much of a file a reader sees.
type Access string

// Accesses.
const (
	// AccessFull is every field as it is: the person and HR.
	AccessFull Access = "full"
	// AccessMasked is the sensitive fields masked: a manager.
	AccessMasked Access = "masked"
)

// View is a person's file as one reader sees it.
type View struct {
	Person core.Employee
	File   File
	Exists bool
	Access Access
	// Self is set when the reader is the person.
	Self bool
	// CanEdit is set for those who edit files (HR, admins).
	CanEdit bool
	Pending []Correction
	// Documents lists the person's documents; DocumentsKnown is false
	// while no documents feature is wired.
	Documents      []Document
	DocumentsKnown bool
}

// Mine is the reader's own file.
func (s *Service) Mine(ctx context.Context, m core.Member, channel string) (View, error) {
	return s.view(ctx, m, m.Employee, channel)
}

// Find is someone's file, as the reader may see it: in full for HR (the
// read audited), masked for their manager. Errors: ENotFound, EForbidden
// (audited), EInvalid personfile.no_key.
func (s *Service) Find(ctx context.Context, m core.Member, key, channel string) (View, error) {
	e, err := s.auth.FindEmployee(ctx, m, key, channel)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, m, e, channel)
}

func (s *Service) view(ctx context.Context, m core.Member, e core.Employee, channel string) (View, error) {
	if err := s.auth.Authorize(ctx, m, core.ActionFileView, &e, channel); err != nil {
		return View{}, err
	}
	self := e.ID == m.Employee.ID
	hr := core.Authorize(m, core.ActionFileManage, &e) == nil
	var audit *core.AuditEntry
	if hr && !self {
		audit = &core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: AuditRead, EntityType: "employee",
			EntityID: e.Key, Channel: channel, Outcome: core.OutcomeOK, At: s.clock.Now()}
	}
	rec, err := s.store.Read(ctx, m.Org.ID, e.ID, audit)
	if err != nil {
		return View{}, fmt.Errorf("file of %s: %w", e.Key, err)
	}
	v := View{Person: e, File: rec.File, Exists: rec.Exists, Access: AccessFull, Self: self, CanEdit: hr, Pending: rec.Pending}
	if !self && !hr {
		v.Access = AccessMasked
		v.File = v.File.Masked()
		for i := range v.Pending {
			v.Pending[i] = v.Pending[i].masked()
		}
	}
	if s.docs != nil {
		if v.Documents, err = s.docs.Of(ctx, m.Org.ID, e.ID); err != nil {
			return View{}, fmt.Errorf("documents of %s: %w", e.Key, err)
		}
		v.DocumentsKnown = true
	}
	return v, nil
}

// Set changes fields of someone's file (values as Set reads them; "" clears
// a field), with HR's reason. It returns the fields that changed: none
// when the values are those stored, and then nothing is written. Errors:
// ENotFound, EForbidden (audited), EInvalid personfile.reason_required or
// a problem with a value (Args: field and the problem's own).
func (s *Service) Set(ctx context.Context, m core.Member, key string, values map[Field]string, reason, channel string) ([]Field, error) {
	e, err := s.auth.FindEmployee(ctx, m, key, channel)
	if err != nil {
		return nil, err
	}
	if err := s.auth.Authorize(ctx, m, core.ActionFileManage, &e, channel); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, core.Errorf(core.EInvalid, "personfile.reason_required", "say why the file changes")
	}
	now := s.clock.Now()
	today := core.DateOf(now.In(m.Org.Location()))
	var changed []Field
	_, err = s.store.Update(ctx, m.Org.ID, e.ID, func(cur File) (File, *core.AuditEntry, error) {
		next := cur
		for _, f := range Fields() {
			if v, ok := values[f]; ok {
				if err := next.Set(f, v); err != nil {
					return cur, nil, withField(err, f)
				}
			}
		}
		next, err := Check(next, hireDate(e), today)
		if err != nil {
			return cur, nil, err
		}
		if changed = cur.Changed(next); len(changed) == 0 {
			return cur, nil, nil
		}
		return next, &core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: AuditUpdate, EntityType: "employee",
			EntityID: e.Key, After: map[string]any{"fields": fieldNames(changed)}, Reason: reason, Channel: channel,
			Outcome: core.OutcomeOK, At: now}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("set file of %s: %w", e.Key, err)
	}
	return changed, nil
}

// withField names the field a problem is with (Args: field).
func withField(err error, f Field) error {
	if e, ok := core.AsError(err); ok {
		return e.With("field", string(f))
	}
	return err
}

func fieldNames(fs []Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

func hireDate(e core.Employee) core.Date {
	if e.HireDate.IsZero() {
		return core.Date{}
	}
	return core.DateOf(e.HireDate)
}
