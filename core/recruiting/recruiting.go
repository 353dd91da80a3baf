// Package recruiting is hiring in chat (招聘): an opening made from a job,
// candidates who apply by talking to the bot — consent first (PIPL), then
// the opening's screening questions one at a time, a CV, their contact —
// and the pipeline their applications move through, each move with who
// and why: applied → screened → interview → offer → hired, or rejected,
// withdrawn or knocked out on an answer.
package recruiting

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
)

// Stage is where an application stands.
type Stage string

// Stages, in pipeline order; the last three end an application.
const (
	Applying   Stage = "applying" // answering the questions
	Applied    Stage = "applied"  // answered everything: waits for the hiring manager
	Screened   Stage = "screened"
	Interview  Stage = "interview"
	Offer      Stage = "offer"
	Hired      Stage = "hired"
	Rejected   Stage = "rejected"
	Withdrawn  Stage = "withdrawn"
	KnockedOut Stage = "knocked_out"
)

// Pipeline lists the stages an application advances through.
func Pipeline() []Stage { return []Stage{Applied, Screened, Interview, Offer, Hired} }

// Closed reports whether s ends an application.
func (s Stage) Closed() bool { return s == Hired || s == Rejected || s == Withdrawn || s == KnockedOut }

// Next is the stage after s in the pipeline; ok is false at its end or
// for a closed stage.
func (s Stage) Next() (Stage, bool) {
	p := Pipeline()
	for i, x := range p[:len(p)-1] {
		if x == s {
			return p[i+1], true
		}
	}
	return "", false
}

// Source says how a candidate came.
type Source string

// Sources of applications.
const (
	FromLink     Source = "link"     // the opening's shared link
	FromReferral Source = "referral" // an employee's referral link
	FromInternal Source = "internal" // an employee applying from their own chat
	FromWeb      Source = "web"      // the public web page
)

// Opening status.
const (
	OpeningOpen   = "open"
	OpeningClosed = "closed"
	OpeningFilled = "filled"
)

// Opening is a job to fill Headcount times.
type Opening struct {
	ID                int64
	OrgID             int64
	Job               string
	Headcount         int
	HiringManagerID   int64
	HiringManagerName string
	Questions         []Question
	// Code is the public code of its apply link.
	Code      string
	Status    string
	CreatedBy int64
	CreatedAt time.Time
	// Counts per stage, filled where openings are listed.
	Counts map[Stage]int
}

// Candidate is someone applying: reached on a chat account, or an
// employee applying internally.
type Candidate struct {
	ID         int64
	OrgID      int64
	Platform   core.Platform
	UserID     string
	ChatID     string
	Name       string
	Locale     core.Locale
	EmployeeID int64 // an internal candidate; 0 otherwise
	ConsentAt  time.Time
	TalentPool bool
	CreatedAt  time.Time
}

// Application is a candidate's application to an opening.
type Application struct {
	ID          int64
	OrgID       int64
	OpeningID   int64
	Job         string // the opening's
	Candidate   Candidate
	Source      Source
	ReferrerID  int64
	Referrer    string
	Stage       Stage
	Step        int // the next question's index while Applying
	Answers     map[string]string
	Score       decimal.Decimal
	Reason      string // why rejected; when KnockedOut, the key of the question that did it
	CreatedAt   time.Time
	SubmittedAt time.Time
	StageSince  time.Time
	HasCV       bool
	// HiringManagerID is the opening's, who decides it.
	HiringManagerID int64
}

// Move is an application's move between stages.
type Move struct {
	ApplicationID int64
	From, To      Stage
	ByID          int64 // 0: the candidate
	By            string
	Reason        string
	At            time.Time
}

// Audit actions recruiting writes.
const (
	AuditOpen     = "recruiting.open"
	AuditClose    = "recruiting.close"
	AuditApply    = "recruiting.apply"
	AuditMove     = "recruiting.move"
	AuditWithdraw = "recruiting.withdraw"
	AuditErase    = "recruiting.erase"
	AuditCVRead   = "recruiting.cv_read"
)

// Notification kinds to employees (core.Notification), with Params
// application (and opening).
const (
	NotifyApplied = "recruiting.applied" // to the hiring manager: a new candidate, as a card
	NotifyStale   = "recruiting.stale"   // to the hiring manager: a candidate waits in a stage too long
	NotifyMoved   = "recruiting.moved"   // to an internal candidate's manager, once they reach interview
)

// Message kinds to candidates (core.Outgoing to their chat), with Params
// application and the words they need.
const (
	TellRejected = "recruiting.rejected" // a kind message in their language
	TellAdvanced = "recruiting.advanced" // they moved on: to screened or interview
)

// Policy is an org's recruiting rules from its org file.
type Policy struct {
	// RetentionDays is how long candidates' personal data is kept after
	// their application closed, unless they joined the talent pool.
	RetentionDays int
	// StaleDays is how long an application may wait in one stage before
	// its owner is reminded.
	StaleDays int
	// Questions are the screening questions per job key.
	Questions map[string][]Question
}

// Defaults of a Policy the org file leaves out.
const (
	DefaultRetentionDays = 180
	DefaultStaleDays     = 3
)
