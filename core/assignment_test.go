package core_test

import (
	"testing"

	"github.com/hrbot/hrbot/core"
)

func TestHistoryOn(t *testing.T) {
	t.Parallel()
	d := func(day int) core.Date { return core.NewDate(2026, 11, day) }
	// Li moved from cs to ops on the 10th (in effect) and is to move to
	// finance on the 20th (approved, not yet in effect).
	li := core.Employee{ID: 7, Job: "ops", TeamKey: "ops", ScheduleKey: "late"}
	h := core.History{}
	h.Add(core.Assignment{EmployeeID: 7, From: d(20), Job: "finance", TeamKey: "fin", Scheduled: true})
	h.Add(core.Assignment{EmployeeID: 7, From: d(10), Job: "ops", TeamKey: "ops", ScheduleKey: "late", Current: true})
	h.Add(core.Assignment{EmployeeID: 7, Job: "cs", TeamKey: "cs", ScheduleKey: "early"})
	cases := []struct {
		day        int
		job, sched string
	}{
		{1, "cs", "early"}, {9, "cs", "early"}, {10, "ops", "late"}, {19, "ops", "late"}, {20, "finance", ""}, {30, "finance", ""},
	}
	for _, c := range cases {
		got := h.On(li, d(c.day))
		if got.Job != c.job || got.ScheduleKey != c.sched || got.ID != 7 {
			t.Errorf("day %d: job %q schedule %q, want %q %q", c.day, got.Job, got.ScheduleKey, c.job, c.sched)
		}
	}
	// The present row reads the record, edited since: not the row.
	li.TeamKey = "ops-2"
	if got := h.On(li, d(15)); got.TeamKey != "ops-2" {
		t.Errorf("present: team %q, want the record's ops-2", got.TeamKey)
	}
	// Someone never moved is themselves every day.
	bo := core.Employee{ID: 8, Job: "cs"}
	if got := h.On(bo, d(1)); got != bo {
		t.Errorf("unmoved person changed: %+v", got)
	}
	if got := h.Changes(d(1), d(30)); len(got) != 2 || got[0] != d(10) || got[1] != d(20) {
		t.Errorf("changes in November: %v", got)
	}
	if got := h.Changes(d(10), d(19)); len(got) != 0 {
		t.Errorf("changes after the 10th up to the 19th: %v, want none (the 10th starts the period)", got)
	}
}
