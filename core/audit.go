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
