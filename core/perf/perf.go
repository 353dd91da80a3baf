// Package perf is performance management (绩效) for a small team: review
// cycles HR opens for the org, a team, a job or one person; each person's
// review on their job's KPIs and personal goals, with the facts hrbot
// computes for the period beside every score (attendance, leave, cover,
// training, onboarding, and business numbers imported per person); a
// self-review and a manager review in chat; calibration that keeps the
// original score and the reason it changed; published results, appeals,
// and the band coefficient payroll turns into a bonus line.
package perf

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
)

// Kind of a review cycle.
type Kind string

// Kinds: the regular ones, and a probation review of one person, which
// ends in an Outcome.
const (
	Monthly   Kind = "monthly"
	Quarterly Kind = "quarterly"
	Probation Kind = "probation"
	Annual    Kind = "annual"
)

// Scope says whom a cycle reviews.
type Scope string

// Scopes: everyone active in the org, a team (by key), a job (by key), or
// one person (by key).
const (
	ScopeOrg    Scope = "org"
	ScopeTeam   Scope = "team"
	ScopeJob    Scope = "job"
	ScopePerson Scope = "person"
)

// Status of a cycle. Its phase within open is read from its dates.
type Status string

// Statuses.
const (
	Open      Status = "open"
	Published Status = "published"
	Cancelled Status = "cancelled"
)

// Phase of an open cycle on a day.
type Phase string

// Phases, in order.
const (
	PhaseSelf        Phase = "self"
	PhaseManager     Phase = "manager"
	PhaseCalibration Phase = "calibration"
	PhaseResults     Phase = "results" // calibration is over; HR publishes
	PhaseDone        Phase = "done"    // published or cancelled
)

// Outcome of a probation review (转正): confirmed, probation extended
// (where the contract allows), or employment ended.
type Outcome string

// Outcomes.
const (
	OutcomeNone    Outcome = ""
	OutcomeConfirm Outcome = "confirm"
	OutcomeExtend  Outcome = "extend"
	OutcomeEnd     Outcome = "end"
)

// Period is the days a review covers, both ends included.
type Period struct {
	From core.Date
	To   core.Date
}

// Contains reports whether day is in p.
func (p Period) Contains(day core.Date) bool { return !day.Before(p.From) && !day.After(p.To) }

// Cycle is one review round.
type Cycle struct {
	ID       int64
	OrgID    int64
	Name     string
	Kind     Kind
	Scope    Scope
	ScopeKey string
	Period   Period
	// SelfDue, ManagerDue and CalibrationDue are the last days of each
	// window, in the org's time zone.
	SelfDue        core.Date
	ManagerDue     core.Date
	CalibrationDue core.Date
	// PayMonth is the first day of the payroll month the results' bonus
	// lines go to; zero for none.
	PayMonth    core.Date
	Status      Status
	CreatedByID int64
	CreatedAt   time.Time
	PublishedAt time.Time
}

// PhaseOn is the cycle's phase on day.
func (c Cycle) PhaseOn(day core.Date) Phase {
	switch {
	case c.Status != Open:
		return PhaseDone
	case !day.After(c.SelfDue):
		return PhaseSelf
	case !day.After(c.ManagerDue):
		return PhaseManager
	case !day.After(c.CalibrationDue):
		return PhaseCalibration
	}
	return PhaseResults
}

// Item is one thing a review scores: a KPI of the person's job or a
// personal goal, as copied when the cycle opened.
type Item struct {
	jobs.KPI
	// Goal marks a personal goal rather than a KPI of the job.
	Goal bool `json:"goal,omitempty"`
}

// Score is one reviewer's score of one item.
type Score struct {
	Score   int    `json:"score"` // 1–5
	Comment string `json:"comment,omitempty"`
}

// Scores are a reviewer's scores by item key.
type Scores map[string]Score

// Lowest and Highest are the score scale's ends.
const (
	Lowest  = 1
	Highest = 5
)

// Review is one person's review in a cycle.
type Review struct {
	ID           int64
	OrgID        int64
	CycleID      int64
	EmployeeID   int64
	EmployeeKey  string
	EmployeeName string
	ManagerID    int64
	ManagerName  string
	Job          string
	TeamID       int64
	Items        []Item
	Facts        Facts
	FactsAt      time.Time

	Self          Scores
	SelfComment   string
	SelfDoneAt    time.Time
	Manager       Scores
	ManagerNote   string
	ManagerDoneAt time.Time

	// Score is the manager's weighted result (1–5, two decimals); zero
	// until the manager review is done.
	Score decimal.Decimal
	// Calibrated is the score calibration set, zero when unchanged;
	// Score keeps the original.
	Calibrated        decimal.Decimal
	CalibrationReason string
	CalibratedByID    int64
	CalibratedAt      time.Time

	Band        string
	Coefficient decimal.Decimal
	Outcome     Outcome
	PublishedAt time.Time

	Appeal         string
	AppealedAt     time.Time
	AppealAnswer   string
	AppealClosedAt time.Time

	SelfRemindedAt time.Time
	// ManagerAskedAt is when the manager was given the review to do: the
	// self-review done, or its window over.
	ManagerAskedAt    time.Time
	ManagerRemindedAt time.Time
	EscalatedAt       time.Time
}

// Final is the score the result stands on: the calibrated one when
// calibration changed it, else the manager's.
func (r Review) Final() decimal.Decimal {
	if !r.Calibrated.IsZero() {
		return r.Calibrated
	}
	return r.Score
}

// Goal is a personal goal for one person and period.
type Goal struct {
	ID         int64
	OrgID      int64
	EmployeeID int64
	Item       jobs.KPI
	Period     Period
}

// Metric is one imported business number.
type Metric struct {
	EmployeeID int64
	Metric     string
	Period     Period
	Value      decimal.Decimal
}

// Note is a manager's one-on-one note or feedback between cycles.
type Note struct {
	ID         int64
	OrgID      int64
	EmployeeID int64
	AuthorID   int64
	AuthorName string
	Body       string
	Shared     bool
	CreatedAt  time.Time
}

// Band is one result band: a score from Min up earns it, best band first.
type Band struct {
	Band        string                 `json:"band"`
	Min         decimal.Decimal        `json:"min"`
	Coefficient decimal.Decimal        `json:"coefficient"`
	Name        map[core.Locale]string `json:"name,omitempty"`
}

// Policy is an org's performance rules from its org file.
type Policy struct {
	// Bands, best first; empty when the org has none (results carry no
	// band or coefficient).
	Bands []Band
	// BonusBase is the performance pay a coefficient multiplies, a fixed
	// monthly amount; BonusPercent, when set instead, is that pay as a
	// percent of the person's monthly salary.
	BonusBase    decimal.Decimal
	BonusPercent decimal.Decimal
	// PayOffset is how many months after a cycle's period ends its bonus
	// is paid (0: the period's last month).
	PayOffset int
}

// BandOf returns the band score earns under bands (best first), and
// false when bands are empty or the score is below every band.
func BandOf(bands []Band, score decimal.Decimal) (Band, bool) {
	for _, b := range bands {
		if score.GreaterThanOrEqual(b.Min) {
			return b, true
		}
	}
	return Band{}, false
}

// Audit actions of performance.
const (
	AuditCycleOpen    = "perf.cycle_open"
	AuditCycleCancel  = "perf.cycle_cancel"
	AuditPublish      = "perf.publish"
	AuditSelfReview   = "perf.self_review"
	AuditManagerScore = "perf.manager_review"
	AuditCalibrate    = "perf.calibrate"
	AuditAppeal       = "perf.appeal"
	AuditAppealAnswer = "perf.appeal_answer"
	AuditGoal         = "perf.goal"
	AuditImport       = "perf.import"
	AuditNote         = "perf.note"
	AuditView         = "perf.view"
)
