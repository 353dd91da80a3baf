package perf

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/leave"
)

type fakeFactStore struct {
	leavers func(ids []int64) []FactLeaver
	counts  func(ids []int64, p Period) map[int64]FactCounts
}

var _ FactStore = fakeFactStore{}

func (f fakeFactStore) Leavers(_ context.Context, _ int64, ids []int64) ([]FactLeaver, error) {
	return f.leavers(ids), nil
}

func (f fakeFactStore) CountFacts(_ context.Context, _ int64, ids []int64, p Period, _ time.Time) (map[int64]FactCounts, error) {
	return f.counts(ids, p), nil
}

// fakeMonths answers a summary per person whose AbsentDays is the number
// of days summarised, and records the spans asked for.
type fakeMonths struct {
	active []int64
	asked  []Period
}

func (f *fakeMonths) Months(_ context.Context, _ core.Org, from, to core.Date, also ...core.Employee) ([]core.Employee, map[int64]attendance.MonthSummary, error) {
	f.asked = append(f.asked, Period{From: from, To: to})
	out := map[int64]attendance.MonthSummary{}
	var people []core.Employee
	for _, id := range f.active {
		people = append(people, core.Employee{ID: id})
	}
	for _, e := range append(people, also...) {
		out[e.ID] = attendance.MonthSummary{AbsentDays: from.DaysUntil(to) + 1, Overtime: map[attendance.OvertimeKind]int{attendance.OvertimeWorkday: 50}}
	}
	return append(people, also...), out, nil
}

type fakeLeaveSetups int

func (d fakeLeaveSetups) Setup(context.Context, core.Org) (leave.Setup, error) {
	return leave.Setup{Policy: leave.Policy{DayMinutes: int(d)}}, nil
}

// The rules on top of the counts: hours and days to two decimals, an
// average rating only of what was rated, of several imports of one metric
// the latest (then the widest), and a leaver's attendance only up to their
// last day; everyone asked for has facts.
func TestFacterRules(t *testing.T) {
	oct := Period{From: core.NewDate(2026, 10, 1), To: core.NewDate(2026, 10, 31)}
	metric := func(name string, from, to int, v string) Metric {
		return Metric{Metric: name, Period: Period{From: core.NewDate(2026, 10, from), To: core.NewDate(2026, 10, to)}, Value: decimal.RequireFromString(v)}
	}
	st := fakeFactStore{
		leavers: func([]int64) []FactLeaver {
			return []FactLeaver{{Employee: core.Employee{ID: 3}, LastDay: core.NewDate(2026, 10, 10)}, {Employee: core.Employee{ID: 4}, LastDay: core.NewDate(2026, 9, 30)}}
		},
		counts: func([]int64, Period) map[int64]FactCounts {
			return map[int64]FactCounts{
				1: {LeaveMinutes: 450, CoverGiven: 3, CoverGivenMinutes: 100, RatingSum: 9, Rated: 2, Metrics: []Metric{
					metric("orders", 1, 15, "100"), metric("orders", 16, 31, "120"), metric("csat", 1, 31, "4.1"), metric("csat", 10, 31, "3.9")}},
				2: {CoverGiven: 1, CoverGivenMinutes: 60},
			}
		},
	}
	att := &fakeMonths{active: []int64{1, 2}}
	f := NewFacter(st, att, fakeLeaveSetups(420), core.ClockFunc(time.Now))
	got, err := f.Facts(context.Background(), core.Org{ID: 1}, []int64{1, 2, 3, 4}, oct)
	if err != nil {
		t.Fatal(err)
	}
	one := got[1]
	for name, c := range map[string][2]string{
		"leave days": {one.LeaveDays.String(), "1.07"}, "cover hours": {one.CoverGivenHours.String(), "1.67"},
		"rating": {one.CoverRating.String(), "4.5"}, "overtime": {one.OvertimeHours.String(), "0.83"},
		"orders": {one.Imported["orders"].String(), "120"}, "csat": {one.Imported["csat"].String(), "4.1"},
		"unrated": {got[2].CoverRating.String(), "0"},
	} {
		if c[0] != c[1] {
			t.Errorf("%s: %s, want %s", name, c[0], c[1])
		}
	}
	if len(got) != 4 || got[2].Imported != nil {
		t.Errorf("facts of %d people, imports of 2: %v", len(got), got[2].Imported)
	}
	if got[3].AbsentDays != 10 || got[4].AbsentDays != 0 {
		t.Errorf("leavers summarised over %d and %d days, want 10 (to the last day) and 0 (gone before)", got[3].AbsentDays, got[4].AbsentDays)
	}
	if len(att.asked) != 2 || att.asked[0] != oct || att.asked[1].To != core.NewDate(2026, 10, 10) {
		t.Errorf("attendance asked for %v", att.asked)
	}
	if _, err := f.Facts(context.Background(), core.Org{ID: 1}, []int64{1}, Period{From: oct.To, To: oct.From}); err == nil {
		t.Errorf("a period ending before it starts: %v", err)
	}
}
