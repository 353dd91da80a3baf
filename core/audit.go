package core

import "time"

// Audit outcomes.
const (
	OutcomeOK     = "ok"
	OutcomeDenied = "denied"
)

// AuditEntry records one state change, or one refused attempt at one. Store
// implementations write it in the same transaction as the change.
type AuditEntry struct {
	OrgID      int64
	ActorID    int64  // employee id; 0 for the system or an operator
	ActorLabel string // who, when there is no employee: "apply examples/org.yaml", "system"
	Action     string
	EntityType string
	EntityID   string
	Before     any    // JSON-encodable snapshot, nil when created
	After      any    // JSON-encodable snapshot, nil when deleted
	Channel    string // "telegram", "slack", "console", "cli"
	Outcome    string
	Reason     string
	At         time.Time
}

// Audit actions: what an audit row records. Permission checks audit under
// their Action (authz.go); apply's declarative changes under
// "ENTITY.create|update|delete".
const (
	AuditCheckIn           = "attendance.check_in"
	AuditCheckOut          = "attendance.check_out"
	AuditCorrectionRequest = "attendance.request_correction"
	AuditCorrectionReject  = "attendance.reject_correction"
	AuditCorrect           = "attendance.correct"
	AuditLeaveRequest      = "leave.request"
	AuditLeaveCancel       = "leave.cancel"
	AuditLeaveAdjust       = "leave.adjust"
	AuditIdentityLink      = "identity.link"
	// AuditInviteLocked: an invite code refused unread because its sender
	// got too many wrong ones lately (InviteMaxFailures).
	AuditInviteLocked    = "identity.invite_locked"
	AuditGroupCreate     = "group.create"
	AuditKBImport        = "kb.import"
	AuditKBForward       = "kb.forward"
	AuditKBAnswer        = "kb.answer"
	AuditPayrollDraft    = "payroll.draft"
	AuditPayrollApprove  = "payroll.approve"
	AuditPayrollQuestion = "payroll.question"
	AuditPayrollAdjust   = "payroll.adjust"
	AuditPayrollProfile  = "payroll.profile"
	AuditPayrollOpening  = "payroll.opening"
	AuditCoverOpen       = "cover.open"
	AuditCoverAccept     = "cover.accept"
	AuditCoverDecline    = "cover.decline"
	AuditCoverRate       = "cover.rate"
	AuditCoverCancel     = "cover.cancel"
	AuditQuizImport      = "quiz.import"
	AuditTrainingCertify = "training.certify"
	AuditBroadcastSend   = "broadcast.send"
	// Documents: one added to a person's file, documents attached to a
	// leave request after they were added, one opened (its bytes read).
	AuditDocumentAdd    = "document.add"
	AuditDocumentAttach = "document.attach"
	AuditDocumentRead   = "document.read"
)
