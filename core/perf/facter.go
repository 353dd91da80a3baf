package perf

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
)

// FactAttendance summarises an org's attendance at once, by the rules of the
// month view and the attendance report (attendance.Service).
type FactAttendance interface {
	Months(ctx context.Context, org core.Org, from, to core.Date, also ...core.Employee) ([]core.Employee, map[int64]attendance.MonthSummary, error)
}

// FactLeave gives an org's leave setup, for the length of a leave day
// (leave.Service).
type FactLeave interface {
	Setup(ctx context.Context, org core.Org) (leave.Setup, error)
}

// FactStore counts the records facts are made of, for many people at
// once: a review cycle of a whole org asks for everyone together.
type FactStore interface {
	// Leavers returns those of ids who have left, with their last day:
	// attendance summarises only the active unless told, and only up to
	// the last day.
	Leavers(ctx context.Context, orgID int64, ids []int64) ([]FactLeaver, error)
	// CountFacts counts each of ids' records over p (days in the org's
	// time zone), what had happened by now: see FactCounts.
	CountFacts(ctx context.Context, orgID int64, ids []int64, p Period, now time.Time) (map[int64]FactCounts, error)
}

// FactLeaver is someone who has left, and their last day.
type FactLeaver struct {
	Employee core.Employee
	LastDay  core.Date
}

// FactCounts are one person's records over a period as the store counts
// them, before the rules make Facts of them.
type FactCounts struct {
	// LeaveMinutes is approved leave, a request across an edge of the
	// period counting for its share of calendar days inside.
	LeaveMinutes int
	// Cover given: assignments begun in the period by now, the minutes
	// checked in inside their windows (what cover is paid and reported
	// on), and the sum and number of their ratings.
	CoverGiven, CoverGivenMinutes int
	RatingSum, Rated              int
	// Cover received: others' assignments on the person's shifts (cover
	// requests for their absence), minutes as for cover given.
	CoverReceived, CoverReceivedMinutes int
	QuizzesPassed                       int
	SkillsGained, SkillsExpired         []SkillChange
	OnboardingDone                      int
	// Metrics are the imported numbers whose period lies within the
	// period, every row.
	Metrics []Metric
}

// Facter computes facts from hrbot's own records: it is the FactSource
// reviews use.
type Facter struct {
	store FactStore
	att   FactAttendance
	leave FactLeave
	clock core.Clock
}

var _ FactSource = (*Facter)(nil)

// NewFacter returns a Facter.
func NewFacter(store FactStore, att FactAttendance, lv FactLeave, clock core.Clock) *Facter {
	return &Facter{store: store, att: att, leave: lv, clock: clock}
}

// Facts computes the facts of each of employeeIDs over p, both ends
// included, days in org's time zone. Everyone asked for has an entry, if
// only zeros. Attendance follows the month view and the attendance
// report to the letter (late days, absent working days, overtime), up to
// today and, for someone who has left, their last day. Leave is in days
// of the org's leave-day length, to two decimals. Of several imports of
// one metric within p the one with the latest end (then the earliest
// start: the widest) counts — imports are not summed, because a metric
// may be an average (CSAT, response time) that a sum would falsify.
// Errors are internal: the stores', or a period that ends before it
// starts.
func (f *Facter) Facts(ctx context.Context, org core.Org, employeeIDs []int64, p Period) (map[int64]Facts, error) {
	out := make(map[int64]Facts, len(employeeIDs))
	if len(employeeIDs) == 0 {
		return out, nil
	}
	if p.To.Before(p.From) {
		// Cycles and goals are checked when made: this is a caller's bug.
		return nil, fmt.Errorf("facts of %s: period %s–%s ends before it starts", org.Key, p.From, p.To)
	}
	setup, err := f.leave.Setup(ctx, org)
	if err != nil {
		return nil, fmt.Errorf("facts of %s: %w", org.Key, err)
	}
	counts, err := f.store.CountFacts(ctx, org.ID, employeeIDs, p, f.clock.Now())
	if err != nil {
		return nil, fmt.Errorf("facts of %s: %w", org.Key, err)
	}
	months, err := f.attendance(ctx, org, employeeIDs, p)
	if err != nil {
		return nil, fmt.Errorf("facts of %s: %w", org.Key, err)
	}
	dayMinutes := setup.Policy.DayMinutes
	if dayMinutes <= 0 {
		dayMinutes = leave.DefaultPolicy().DayMinutes
	}
	for _, id := range employeeIDs {
		out[id] = makeFacts(months[id], counts[id], dayMinutes)
	}
	return out, nil
}

// attendance summarises ids' attendance over p: the active in one pass
// over the org, people who have left in one more per last day, up to it.
func (f *Facter) attendance(ctx context.Context, org core.Org, ids []int64, p Period) (map[int64]attendance.MonthSummary, error) {
	_, months, err := f.att.Months(ctx, org, p.From, p.To)
	if err != nil {
		return nil, err
	}
	leavers, err := f.store.Leavers(ctx, org.ID, ids)
	if err != nil {
		return nil, err
	}
	byEnd := map[core.Date][]core.Employee{}
	for _, l := range leavers {
		delete(months, l.Employee.ID) // not active: not summarised, but be sure
		end := p.To
		if !l.LastDay.IsZero() && l.LastDay.Before(end) {
			end = l.LastDay
		}
		if end.Before(p.From) {
			continue // gone before the period: nothing to count
		}
		byEnd[end] = append(byEnd[end], l.Employee)
	}
	for end, people := range byEnd {
		_, more, err := f.att.Months(ctx, org, p.From, end, people...)
		if err != nil {
			return nil, err
		}
		for _, e := range people {
			months[e.ID] = more[e.ID]
		}
	}
	return months, nil
}

// makeFacts turns one person's attendance summary and counts into facts.
func makeFacts(m attendance.MonthSummary, c FactCounts, dayMinutes int) Facts {
	overtime := 0
	for _, v := range m.Overtime {
		overtime += v
	}
	f := Facts{
		Late:               m.LateCount,
		AbsentDays:         m.AbsentDays,
		OvertimeHours:      hours(overtime),
		LeaveDays:          ratio(c.LeaveMinutes, dayMinutes),
		CoverGiven:         c.CoverGiven,
		CoverGivenHours:    hours(c.CoverGivenMinutes),
		CoverRated:         c.Rated,
		CoverReceived:      c.CoverReceived,
		CoverReceivedHours: hours(c.CoverReceivedMinutes),
		QuizzesPassed:      c.QuizzesPassed,
		SkillsGained:       sortedSkills(c.SkillsGained),
		SkillsExpired:      sortedSkills(c.SkillsExpired),
		OnboardingDone:     c.OnboardingDone,
		Imported:           latestMetrics(c.Metrics),
	}
	if c.Rated > 0 {
		f.CoverRating = ratio(c.RatingSum, c.Rated)
	}
	return f
}

// hours is minutes in hours, to two decimals.
func hours(minutes int) decimal.Decimal { return ratio(minutes, 60) }

// ratio is a / b to two decimals (zero when b is).
func ratio(a, b int) decimal.Decimal {
	if b == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(int64(a)).DivRound(decimal.NewFromInt(int64(b)), 2)
}

// sortedSkills orders skill changes by skill then level, so stored facts
// compare equal whatever order the rows came in.
func sortedSkills(s []SkillChange) []SkillChange {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Skill != s[j].Skill {
			return s[i].Skill < s[j].Skill
		}
		return s[i].Level < s[j].Level
	})
	return s
}

// latestMetrics keeps, per metric, the value of the row with the latest
// end, then the earliest start; nil when there is none.
func latestMetrics(rows []Metric) map[string]decimal.Decimal {
	if len(rows) == 0 {
		return nil
	}
	best := map[string]Metric{}
	for _, r := range rows {
		b, ok := best[r.Metric]
		if !ok || r.Period.To.After(b.Period.To) || (r.Period.To == b.Period.To && r.Period.From.Before(b.Period.From)) {
			best[r.Metric] = r
		}
	}
	out := make(map[string]decimal.Decimal, len(best))
	for k, r := range best {
		out[k] = r.Value
	}
	return out
}
