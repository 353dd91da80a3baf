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

// DeliveryClaim is what a worker learns when it claims a delivery: the
// state it was in, what it is (its Source) and, when an earlier attempt
// was interrupted while its request was on its way to the platform, since
// when (zero when no call was under way: nothing can have arrived).
type DeliveryClaim struct {
	Prev          string
	Source        string
	InFlightSince time.Time
}

// What was done about an in-doubt send: a call to the platform that was
// under way when its process died (or that timed out).
const (
	InDoubtFoundSent    = "found_sent"   // the platform said it had arrived (Slack): not sent again
	InDoubtNotFound     = "not_found"    // the platform said it had not arrived (Slack): sent, no repeat
	InDoubtDeduplicated = "deduplicated" // sent again within the platform's duplicate check (WeCom): one message
	InDoubtResent       = "resent"       // sent again: a repeat if the first had arrived
	InDoubtDropped      = "dropped"      // not sent again: missed if the first had not arrived
)

// DeliveryInDoubt is a delivery whose send was interrupted, for
// `hrbot deliveries --in-doubt`.
type DeliveryInDoubt struct {
	Key        string
	Org        string
	Employee   string
	Platform   Platform
	ExternalID string
	Source     string
	State      string
	Outcome    string // one of the InDoubt… outcomes; "" while undecided
	At         time.Time
}

// OrphanJob is a delivery job that a dead replica was running: its River
// arguments, to be queued again by a live one.
type OrphanJob struct {
	JobID       int64
	Args        json.RawMessage
	Queue       string
	MaxAttempts int
}
