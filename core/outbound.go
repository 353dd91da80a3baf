package core

import "context"

// Outgoing is one message for several people, queued at once: what the
// cover pool, training and broadcasts send when a notifications row would
// not do (the message is edited later — an offer becomes "taken by Li" —,
// goes to thousands at once, or its sender must hear at once whom it did
// not reach). The feature decides who gets it; the Outbox only finds each
// person's account and queues.
type Outgoing struct {
	OrgID int64
	// Source and SourceID say what it belongs to (cover request 7,
	// broadcast 3): the delivery ledger counts progress and reports
	// failures by them.
	Source   string
	SourceID int64
	// SenderID is the person it is sent for, told if a delivery fails
	// later; 0 for nobody.
	SenderID int64
	To       []int64
	// Key names the delivery to one person; a key queued before is not
	// queued again, so the sender may retry after a crash.
	Key func(employeeID int64) string
	// EditOf, when set, names the earlier delivery to a person whose
	// message this one replaces where the platform can edit.
	EditOf func(employeeID int64) string
	Kind   string            // a Notify… kind
	Params map[string]string // the kind's parameters
	// ChatID, when set, sends the message once to that group or channel
	// on Platform instead of to people (To is ignored).
	Platform Platform
	ChatID   string
	// ChatOnly leaves out people no chat reaches, instead of keeping a
	// copy for the console and reporting them unreached (quiz notices:
	// /quiz lists the quizzes anyway).
	ChatOnly bool
}

// Sources of outgoing messages, as the delivery ledger records them.
const (
	SourceNotification = "notification"
	SourceCover        = "cover"
	SourceReminder     = "reminder"
	SourceBroadcast    = "broadcast"
	// SourceReply is the reply to a person's own message, queued by the
	// turn that answered it.
	SourceReply = "reply"
)

// Unreached is someone a message could not reach in chat, and why. They
// still find it in `hrbot chat`; the sender is told so they can act (an
// invite, a word in person).
type Unreached struct {
	EmployeeID int64  `json:"id"`
	OrgID      int64  `json:"org"`
	Key        string `json:"key"`
	Name       string `json:"name"`
	Reason     string `json:"reason"` // one of the Reach… codes
}

// Why a message did not reach someone.
const (
	ReachNoAccount = "no_account" // no chat account linked
	ReachBlocked   = "blocked"    // they blocked the bot (the platform refuses messages to them)
	ReachGaveUp    = "gave_up"    // the platform kept failing; given up after retries
)

// Reach is who a message was sent to: the names of those it was queued
// for in chat or on the console, and those of them no chat could reach.
type Reach struct {
	Sent      []string
	Unreached []Unreached
}

// Outbox queues outgoing messages, in the transaction of the turn ctx
// belongs to when there is one: nothing is sent for a change undone.
// The delivery queue implements it.
type Outbox interface {
	Send(ctx context.Context, m Outgoing) (Reach, error)
}

// Reacher tells whom a message would reach now, without sending it (a
// broadcast's preview). The delivery queue implements it.
type Reacher interface {
	Reach(ctx context.Context, people []int64) (Reach, error)
}
