package documents

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/leave"
)

// Store is what documents need from storage. The store seals a file's
// bytes, bound to its row, and writes audit rows and notifications in the
// change's transaction.
type Store interface {
	// InTurn runs fn in one transaction (joining the caller's, if any).
	InTurn(ctx context.Context, fn func(ctx context.Context) error) error
	// Sealing is nil when files can be sealed, else EInvalid
	// documents.no_key: there is no encryption key.
	Sealing() error
	// LockPerson holds off other additions to a person's file until the
	// transaction ends, so two at once cannot both pass the limit.
	LockPerson(ctx context.Context, employeeID int64) error
	// UsedBytes is the size of a person's documents together.
	UsedBytes(ctx context.Context, orgID, employeeID int64) (int64, error)
	// Create stores d with its bytes sealed, the audit row (its EntityID
	// filled in with the new id) and the notifications.
	Create(ctx context.Context, d Document, data []byte, audit core.AuditEntry, ns []core.Notification) (Document, error)
	// Attach attaches those of ids that are the person's and attached to
	// nothing yet to requestID, with the audit row; it returns how many.
	Attach(ctx context.Context, orgID, employeeID, requestID int64, ids []int64, audit core.AuditEntry) (int, error)
	// Find returns ENotFound when the org has no such document.
	Find(ctx context.Context, orgID, id int64) (Document, error)
	// Open returns d's bytes unsealed; an error when they do not open or
	// do not match d's checksum.
	Open(ctx context.Context, d Document) ([]byte, error)
	// ListForRequest returns the documents attached to a leave request, oldest first.
	ListForRequest(ctx context.Context, orgID, requestID int64) ([]Document, error)
	// ListForPerson returns a person's documents whose bytes are still
	// kept, newest first.
	ListForPerson(ctx context.Context, orgID, employeeID int64) ([]Document, error)
	FindEmployeeByID(ctx context.Context, orgID, id int64) (core.Employee, error)
	RecordAudit(ctx context.Context, e core.AuditEntry) error
}

// Leave is what documents need to know of leave requests (leave.Service).
type Leave interface {
	Find(ctx context.Context, m core.Member, id int64) (leave.Request, error)
	// Approves reports whether m approves (or approved) the request.
	Approves(ctx context.Context, m core.Member, r leave.Request) bool
}

// Authorizer applies core's permission rules and audits refusals.
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service keeps people's documents for every org.
type Service struct {
	store Store
	leave Leave
	auth  Authorizer
	clock core.Clock
}

// NewService returns a Service.
func NewService(store Store, leave Leave, auth Authorizer, clock core.Clock) *Service {
	return &Service{store: store, leave: leave, auth: auth, clock: clock}
}

// Ready is nil when documents can be kept: EInvalid documents.no_key
// when there is no key to seal them with. Callers ask before fetching a
// file they could not keep.
func (s *Service) Ready() error { return s.store.Sealing() }

// Addition is a file a person adds to their own file.
type Addition struct {
	Kind Kind
	Name string // as sent; cleaned before it is kept
	Data []byte
	// LeaveRequestID attaches it to this request of the person's; 0 for none.
	LeaveRequestID int64
}

// Add keeps a document of the member's own and, when asked, attaches it to
// one of their leave requests, telling its approver. Errors: EInvalid
// (documents.no_key, .empty, .too_big, .bad_type, .quota, .kind),
// EForbidden (audited), ENotFound (no such request), EConflict
// (documents.request_closed: the request is someone else's, or was
// decided or cancelled and takes no document).
func (s *Service) Add(ctx context.Context, m core.Member, a Addition, channel string) (Document, error) {
	if err := s.store.Sealing(); err != nil {
		return Document{}, err
	}
	if err := s.auth.Authorize(ctx, m, core.ActionDocumentAdd, &m.Employee, channel); err != nil {
		return Document{}, err
	}
	d, err := s.prepare(m, m.Employee, a, channel)
	if err != nil {
		return Document{}, err
	}
	now := d.CreatedAt
	var ns []core.Notification
	if a.LeaveRequestID != 0 {
		r, err := s.leave.Find(ctx, m, a.LeaveRequestID)
		if err != nil {
			return Document{}, fmt.Errorf("add document: %w", err)
		}
		if r.EmployeeID != m.Employee.ID || r.Status != leave.Pending && r.Status != leave.Approved {
			return Document{}, core.Errorf(core.EConflict, "documents.request_closed", "request %d takes no document", r.ID)
		}
		// The approver is told there is something new to look at.
		ns = append(ns, core.Notification{OrgID: m.Org.ID, RecipientID: r.ApproverID, Kind: core.NotifyLeaveDocument,
			Params: map[string]string{"id": strconv.FormatInt(r.ID, 10)}, CreatedAt: now})
	}
	return s.keep(ctx, m, d, a.Data, ns, channel, nil)
}

// Attach attaches documents the member added while their request was
// still a preview to the request once it is sent. Documents that are not
// theirs, or are attached already, are left as they are; it returns how
// many were attached. Errors: ENotFound, EConflict as Add's.
func (s *Service) Attach(ctx context.Context, m core.Member, ids []int64, requestID int64, channel string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	r, err := s.leave.Find(ctx, m, requestID)
	if err != nil {
		return 0, fmt.Errorf("attach documents: %w", err)
	}
	if r.EmployeeID != m.Employee.ID || r.Status != leave.Pending && r.Status != leave.Approved {
		return 0, core.Errorf(core.EConflict, "documents.request_closed", "request %d takes no document", r.ID)
	}
	n, err := s.store.Attach(ctx, m.Org.ID, m.Employee.ID, requestID, ids, core.AuditEntry{
		OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditDocumentAttach, EntityType: "leave_request",
		EntityID: strconv.FormatInt(requestID, 10), After: map[string]any{"documents": ids}, Channel: channel,
		Outcome: core.OutcomeOK, At: s.clock.Now(),
	})
	if err != nil {
		return 0, fmt.Errorf("attach documents to request %d: %w", requestID, err)
	}
	return n, nil
}

// ForRequest lists the documents attached to r, without their bytes, for
// someone who may open them (the requester, HR, its approver); nil for
// anyone else.
func (s *Service) ForRequest(ctx context.Context, m core.Member, r leave.Request) ([]Document, error) {
	if r.OrgID != m.Org.ID {
		return nil, nil
	}
	if r.EmployeeID != m.Employee.ID && !staff(m) && !s.leave.Approves(ctx, m, r) {
		return nil, nil
	}
	ds, err := s.store.ListForRequest(ctx, m.Org.ID, r.ID)
	if err != nil {
		return nil, fmt.Errorf("documents of request %d: %w", r.ID, err)
	}
	return ds, nil
}

// Read returns a document with its bytes for m, and audits the reading
// before handing them over. The person, HR and admins may read it (the
// permission table), and so may whoever approves the leave request it is
// attached to. Errors: ENotFound, EForbidden (audited), EInvalid
// (documents.no_key), EInternal (bytes that do not open: another key,
// damage).
func (s *Service) Read(ctx context.Context, m core.Member, id int64, channel string) (Document, []byte, error) {
	d, err := s.store.Find(ctx, m.Org.ID, id)
	if err != nil {
		return Document{}, nil, fmt.Errorf("read document %d: %w", id, err)
	}
	owner, err := s.store.FindEmployeeByID(ctx, m.Org.ID, d.EmployeeID)
	if err != nil {
		return Document{}, nil, fmt.Errorf("read document %d: %w", id, err)
	}
	if core.Authorize(m, core.ActionDocumentRead, &owner) != nil && !s.approves(ctx, m, d) {
		// Refused by the table and not the approver: audited as refused.
		return Document{}, nil, s.auth.Authorize(ctx, m, core.ActionDocumentRead, &owner, channel)
	}
	if err := s.store.Sealing(); err != nil {
		return Document{}, nil, err
	}
	data, err := s.store.Open(ctx, d)
	if err != nil {
		return Document{}, nil, fmt.Errorf("read document %d: %w", id, err)
	}
	if err := s.store.RecordAudit(ctx, core.AuditEntry{OrgID: m.Org.ID, ActorID: m.Employee.ID, Action: core.AuditDocumentRead,
		EntityType: "document", EntityID: strconv.FormatInt(d.ID, 10), After: snapshot(d), Channel: channel,
		Outcome: core.OutcomeOK, At: s.clock.Now()}); err != nil {
		return Document{}, nil, fmt.Errorf("read document %d: %w", id, err)
	}
	return d, data, nil
}

// approves reports whether m approves the leave request d is attached to.
func (s *Service) approves(ctx context.Context, m core.Member, d Document) bool {
	if d.LeaveRequestID == 0 {
		return false
	}
	r, err := s.leave.Find(ctx, m, d.LeaveRequestID)
	return err == nil && s.leave.Approves(ctx, m, r)
}

func staff(m core.Member) bool {
	return m.Employee.Status == core.StatusActive && (m.Employee.Role == core.RoleHR || m.Employee.Role == core.RoleAdmin)
}

// snapshot is what the audit log keeps of a document: never its bytes.
func snapshot(d Document) map[string]any {
	out := map[string]any{"employee": d.EmployeeKey, "kind": d.Kind, "name": d.Name, "mime": d.MIME, "size": d.Size,
		"sha256": hex.EncodeToString(d.SHA256)}
	if d.LeaveRequestID != 0 {
		out["leave_request"] = d.LeaveRequestID
	}
	return out
}

// KindForLeave is the kind of document a leave type asks for: a doctor's
// note for sick leave (its key or a name saying so), a certificate (of
// marriage, of a birth) for any other.
func KindForLeave(t leave.Type) Kind {
	words := append([]string{t.Key, t.Name}, t.Aliases...)
	for _, w := range words {
		w = strings.ToLower(w)
		if strings.Contains(w, "sick") || strings.Contains(w, "病") || strings.Contains(w, "medical") {
			return KindDoctorNote
		}
	}
	return KindCertificate
}
