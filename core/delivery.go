package core

import (
	"encoding/json"
	"time"
)

// Delivery is one row of the delivery ledger: one message to one person
// (or group) on one platform, keyed so it is queued once. The delivery
// queue writes and works it; store keeps it.
type Delivery struct {
	Key        string
	OrgID      int64
	EmployeeID int64 // 0 for a group or channel
	Platform   Platform
	ExternalID string
	Source     string // one of the Source… names
	SourceID   int64
	Message    json.RawMessage // what to say, written when it is sent
	EditOf     string
	SenderID   int64
}

// Delivery states.
const (
	DeliveryQueued  = "queued"
	DeliverySending = "sending"
	DeliverySent    = "sent"
	DeliverySkipped = "skipped"
	DeliveryFailed  = "failed"
)

// ChatAccount is the account a person is reached on, or, with Platform
// empty, why not (Blocked: every account refuses messages).
type ChatAccount struct {
	EmployeeID int64
	OrgID      int64
	OrgKey     string
	Key        string // the person's key
	Name       string
	Platform   Platform
	ExternalID string
	Blocked    bool
}

// DeliveryFailure is a delivery that gave up.
type DeliveryFailure struct {
	Key        string
	Org        string
	Employee   string
	Platform   Platform
	ExternalID string
	Attempts   int
	Reason     string
	At         time.Time
}

// DeliveryCount is how many deliveries wait on a platform in a state.
type DeliveryCount struct {
	Platform Platform
	State    string
	N        int64
}
