package perf

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
)

// Facts are what hrbot's own records say about one person over a period,
// computed, never typed: the numbers every review shows beside its
// scores.
type Facts struct {
	// Attendance: days late, scheduled days absent (neither worked nor on
	// leave nor a holiday), overtime hours.
	Late          int             `json:"late"`
	AbsentDays    int             `json:"absent_days"`
	OvertimeHours decimal.Decimal `json:"overtime_hours"`
	// LeaveDays is approved leave taken in the period, in days.
	LeaveDays decimal.Decimal `json:"leave_days"`
	// Cover given (shifts taken for colleagues) and received.
	CoverGiven         int             `json:"cover_given"`
	CoverGivenHours    decimal.Decimal `json:"cover_given_hours"`
	CoverRating        decimal.Decimal `json:"cover_rating"` // average of the ratings received; zero when none
	CoverRated         int             `json:"cover_rated"`  // how many ratings the average is of
	CoverReceived      int             `json:"cover_received"`
	CoverReceivedHours decimal.Decimal `json:"cover_received_hours"`
	// Training: quizzes passed, skill levels certified and expired.
	QuizzesPassed int           `json:"quizzes_passed"`
	SkillsGained  []SkillChange `json:"skills_gained,omitempty"`
	SkillsExpired []SkillChange `json:"skills_expired,omitempty"`
	// OnboardingDone counts the person's onboarding tasks ticked.
	OnboardingDone int `json:"onboarding_done"`
	// Imported are the business numbers imported for the period, by
	// metric key.
	Imported map[string]decimal.Decimal `json:"imported,omitempty"`
}

// SkillChange is a skill level certified or expired in the period.
type SkillChange struct {
	Skill string `json:"skill"`
	Level int    `json:"level"`
}

// Value returns the fact a KPI measures, and false when the facts have no
// number for it (a judgement; an import not imported).
func (f Facts) Value(k jobs.KPI) (decimal.Decimal, bool) {
	switch k.Measure {
	case jobs.MeasureLate:
		return decimal.NewFromInt(int64(f.Late)), true
	case jobs.MeasureAbsentDays:
		return decimal.NewFromInt(int64(f.AbsentDays)), true
	case jobs.MeasureOvertimeHours:
		return f.OvertimeHours, true
	case jobs.MeasureCoverHours:
		return f.CoverGivenHours, true
	case jobs.MeasureCoverRating:
		return f.CoverRating, f.CoverRated > 0
	case jobs.MeasureTraining:
		return decimal.NewFromInt(int64(f.QuizzesPassed)), true
	case jobs.MeasureImport:
		v, ok := f.Imported[k.Key]
		return v, ok
	}
	return decimal.Decimal{}, false
}

// FactSource computes people's facts over a period. Imported numbers
// count when their period lies within p.
type FactSource interface {
	Facts(ctx context.Context, org core.Org, employeeIDs []int64, p Period) (map[int64]Facts, error)
}
