package core

import "time"

// Notification is a message for someone other than the person talking to
// the bot: a manager asked to approve, an employee told of a decision. It
// carries a kind and parameters, not text, so it is written in the
// recipient's language when it is delivered.
type Notification struct {
	ID          int64
	OrgID       int64
	RecipientID int64
	Kind        string
	Params      map[string]string
	CreatedAt   time.Time
}
