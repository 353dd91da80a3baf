package core

import (
	"encoding/json"
	"time"
)

// IntakeItem is one message or button press a chat platform delivered,
// kept from before hrbot acknowledges it until it has been processed: the
// adapters' durable intake works it, store keeps it.
type IntakeItem struct {
	ID       int64
	Platform Platform
	// DeliveryID is the platform's id for the delivery: a second delivery
	// with the same id is not kept twice. "" when the platform gives none.
	DeliveryID string
	// Key says whose it is (the person): one key's items are processed one
	// at a time, in the order they came.
	Key string
	// Payload is what the adapter needs to process it, as JSON.
	Payload json.RawMessage
	// Attempts counts the times it was taken for processing, this one
	// included: more than one means an earlier attempt was cut off.
	Attempts   int
	ReceivedAt time.Time
}
