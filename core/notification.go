package core

import (
	"time"
)

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

// Notification kinds: what a notification tells. Each is written by its
// feature's service (or store) and rendered by the same feature in the bot.
const (
	NotifyLeaveRequest   = "leave.request"     // Params: id (a leave request); reminder "1" when sent again
	NotifyLeaveDecided   = "leave.decided"     // Params: id
	NotifyLeaveCancelled = "leave.cancelled"   // Params: id
	NotifyLeaveAdjusted  = "leave.adjusted"    // Params: type, year, minutes (signed), reason, by
	NotifyLeaveDocument  = "leave.document"    // Params: id (a leave request); to its approver: a document came for it
	NotifyFixRequest     = "att.fix.request"   // Params: id (a punch correction)
	NotifyFixDecided     = "att.fix.decided"   // Params: id
	NotifyPunchDelayed   = "att.punch.delayed" // Params: name, key, kind (check_in, check_out), date, sent, received (RFC 3339), to the manager
	NotifyKBForwarded    = "kb.forwarded"      // Params: id (a question), to HR
	NotifyKBAnswered     = "kb.answered"       // Params: id, to the asker
	NotifyPayslip        = "payroll.payslip"   // Params: run, period
	NotifyPayslipAsked   = "payroll.question"  // Params: name, period, to HR
	// NotifyDirectorySynced is the daily WeCom sync's report to HR. Params: dirsync.Outcome's.
	NotifyDirectorySynced = "wecom.synced"
	// Onboarding: a task due, to its owner (each HR person for HR's); day
	// one's welcome, to the new person; and the note to their buddy.
	NotifyOnboardingTask    = "onboarding.task"    // Params: task (id)
	NotifyOnboardingWelcome = "onboarding.welcome" // Params: checklist (id)
	NotifyOnboardingBuddy   = "onboarding.buddy"   // Params: checklist (id)
)

// Notification kinds of people's files (core/personfile).
const (
	NotifyFileFixRequest = "personfile.fix.request" // Params: id (a file correction), to HR
	NotifyFileFixDecided = "personfile.fix.decided" // Params: id, to the person who asked
	// Contract reminders, to HR and the person's manager (core/contracts).
	NotifyContractUnsigned = "contract.unsigned"  // Params: employee (an id), about (the hire date)
	NotifyProbationEnding  = "contract.probation" // Params: id (a contract), about (the probation's last day)
	NotifyContractExpiring = "contract.expiring"  // Params: id (a contract), about (its last day)
	// Transfers (调岗): to the approver of a step (also to the person when
	// someone else asked, with about "1"), the decision to the person and
	// the one who asked, the day it takes effect to the person and their
	// old and new manager.
	NotifyTransferRequest   = "transfer.request"   // Params: id; about "1" to the person moved
	NotifyTransferDecided   = "transfer.decided"   // Params: id
	NotifyTransferEffective = "transfer.effective" // Params: id
	// Leaving (离职): to the approver of a step, the decision to the person
	// and their manager, after the last day to the manager and HR (done)
	// and to whoever waited on one of the person's requests it closed.
	NotifyLeavingRequest = "leaving.request" // Params: id
	NotifyLeavingDecided = "leaving.decided" // Params: id
	NotifyLeavingDone    = "leaving.done"    // Params: id
	NotifyLeavingClosed  = "leaving.closed"  // Params: id, what (leave|correction|transfer), request
)

// Kinds of what is sent through the Outbox (Outgoing.Kind) and by the
// delivery queue itself, rendered by the same features in the bot.
const (
	NotifyCoverOffer    = "cover.offer"        // Params: request. An offer, or what became of it.
	NotifyCoverAccepted = "cover.accepted"     // Params: assignment. To the requester.
	NotifyCoverEscalate = "cover.escalate"     // Params: request. To the requester: nobody took it yet.
	NotifyCoverRate     = "cover.rate"         // Params: assignment. To the requester, after the shift.
	NotifyQuizAssigned  = "quiz.assigned"      // Params: code, deadline (RFC 3339 or "")
	NotifyQuizReminder  = "quiz.reminder"      // Params: code, deadline
	NotifyReminder      = "reminder"           // Params: kind, text.en, text.zh-CN, clock, date
	NotifyBroadcast     = "broadcast"          // Params: text, from; chat, locale to a group
	NotifyRelayed       = "notification"       // Params: id (a notifications row), as the relay queues it
	NotifyUnreached     = "delivery.unreached" // Params: what, id, people (JSON list of Unreached)
	NotifyFailed        = "delivery.failed"    // Params: what, id, people (one Unreached)
)

// BroadcastStatus is one broadcast sent and how far its delivery got.
type BroadcastStatus struct {
	ID       int64
	Audience string
	SentAt   time.Time
	Total    int
	Sent     int // sent, or skipped as nothing to say
	Waiting  int
	Failed   int
}

// Performance reviews' notifications (core/perf). Params: id (a review)
// unless said otherwise.
const (
	NotifyPerfSelfOpen      = "perf.self_open"      // to the person: their self-review is open
	NotifyPerfSelfRemind    = "perf.self_remind"    // to the person: the window closes tomorrow
	NotifyPerfManagerOpen   = "perf.manager_open"   // to the reviewer: one person's review to do
	NotifyPerfManagerRemind = "perf.manager_remind" // to the reviewer: due tomorrow
	NotifyPerfManagerLate   = "perf.manager_late"   // to HR: a manager review past its day
	NotifyPerfResult        = "perf.result"         // to the person: their result is published
	NotifyPerfAppeal        = "perf.appeal"         // to HR: the person appealed
	NotifyPerfAppealAnswer  = "perf.appeal_answer"  // to the person: HR answered
	NotifyPerfNote          = "perf.note"           // to the person: a note shared with them; Params: note
)
