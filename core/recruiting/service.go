package recruiting

import (
	"context"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Account is the chat account a candidate talks from.
type Account struct {
	Platform core.Platform
	UserID   string
	ChatID   string
}

// File is a CV or other file a candidate sent, already checked for type
// and size by the caller's reader (documents' rules).
type File struct {
	Name string
	MIME string
	Data []byte
}

// Store keeps openings, candidates and applications. Changes write their
// audit row and notifications in the same transaction.
type Store interface {
	FunnelStore
	// InTurn runs fn in one transaction (joining the caller's, if any):
	// a move and its message to the candidate go together.
	InTurn(ctx context.Context, fn func(ctx context.Context) error) error
	// Sealing is nil when candidates' contacts and CVs can be kept
	// sealed; EInvalid "recruiting.no_key" without a key.
	Sealing() error
	// Policy returns the org's recruiting rules (defaults when the org
	// file has none).
	Policy(ctx context.Context, orgID int64) (Policy, error)
	FindEmployee(ctx context.Context, orgID int64, key string) (core.Employee, error)
	FindEmployeeByID(ctx context.Context, orgID, id int64) (core.Employee, error)
	OrgByID(ctx context.Context, id int64) (core.Org, error)

	// CreateOpening stores o with a fresh code; the code is o.Code.
	CreateOpening(ctx context.Context, o Opening, audit core.AuditEntry) (Opening, error)
	// Opening returns ENotFound when the org has none with id.
	Opening(ctx context.Context, orgID, id int64) (Opening, error)
	// OpeningByCode finds an opening of any org by its link's code;
	// ENotFound.
	OpeningByCode(ctx context.Context, code string) (Opening, error)
	// Openings lists the org's openings (only open ones when open), with
	// their counts per stage, newest first.
	Openings(ctx context.Context, orgID int64, open bool) ([]Opening, error)
	// SetOpeningStatus closes or fills an opening, with audit.
	SetOpeningStatus(ctx context.Context, orgID, id int64, status string, audit core.AuditEntry) error

	// Applying returns the application still being answered from an
	// account, of any org; ENotFound.
	Applying(ctx context.Context, a Account) (Application, error)
	// StartApplication stores the candidate (the one already known on
	// the account, or a new one) and their application to an opening;
	// EConflict "recruiting.applied_before" when they applied to it
	// before (the existing application is returned with it).
	StartApplication(ctx context.Context, c Candidate, a Application, audit core.AuditEntry) (Application, error)
	// Latest returns the newest application of the candidate on acc;
	// ENotFound.
	Latest(ctx context.Context, acc Account) (Application, error)
	// ApplicationOf returns the application id of the candidate on an
	// account; ENotFound when it is not theirs.
	ApplicationOf(ctx context.Context, acc Account, id int64) (Application, error)
	// Application returns ENotFound when the org has none with id.
	Application(ctx context.Context, orgID, id int64) (Application, error)
	// Applications lists an opening's applications, best score first
	// within each stage.
	Applications(ctx context.Context, orgID, openingID int64) ([]Application, error)
	// SaveAnswers saves a candidate's progress (consent, step, answers,
	// score) while they apply, only while the application is still
	// applying (EConflict otherwise).
	SaveAnswers(ctx context.Context, a Application) error
	// AddFile keeps a file sealed for the application.
	AddFile(ctx context.Context, a Application, f File, at time.Time) error
	// CV opens the newest file of an application; ENotFound
	// "recruiting.no_cv".
	CV(ctx context.Context, orgID, applicationID int64) (File, error)
	RecordAudit(ctx context.Context, e core.AuditEntry) error
	// SetTalentPool records a candidate's consent to be kept for future
	// openings (or its withdrawal), with its audit row.
	SetTalentPool(ctx context.Context, orgID, candidateID int64, join bool, audit core.AuditEntry) error
	// SetContact keeps the candidate's name and contact details (sealed).
	SetContact(ctx context.Context, orgID, candidateID int64, name, contact string) error
	// Move records a's move from `from` to a.Stage, only if it is still
	// at `from` (EConflict "recruiting.moved_meanwhile" otherwise), with
	// the move, its audit row, notifications and messages to the
	// candidate.
	Move(ctx context.Context, a Application, from Stage, mv Move, audit core.AuditEntry, ns []core.Notification) error
}

// Authorizer applies the permission rules and audits refusals
// (core.Directory).
type Authorizer interface {
	Authorize(ctx context.Context, actor core.Member, action core.Action, target *core.Employee, channel string) error
}

// Service runs openings and applications for every org.
type Service struct {
	store  Store
	auth   Authorizer
	outbox core.Outbox
	clock  core.Clock
	hiring HiringStore // interviews, scorecards, offers: WithHiring
}

// NewService returns a Service; outbox sends candidates their messages
// (a rejection, a move on), nil to send none.
func NewService(store Store, auth Authorizer, outbox core.Outbox, clock core.Clock) *Service {
	return &Service{store: store, auth: auth, outbox: outbox, clock: clock}
}
