package recruiting

import (
	"testing"
	"time"
)

func TestKeyBase(t *testing.T) {
	for _, c := range []struct {
		name string
		want string
	}{
		{"Bo Chen", "bo-chen"},
		{"  Ann-Marie  O'Neil ", "ann-marie-oneil"},
		{"王芳", "cand7"},
		{"Li 李", "li"},
		{"李 Li", "li"},
		{"X", "cand7"},
		{"Wang Fang 2", "wang-fang-2"},
		{"a very long name that goes on and on and on beyond forty", "a-very-long-name-that-goes-on-and-on-and"},
	} {
		if got := keyBase(c.name, 7); got != c.want {
			t.Errorf("keyBase(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAverage(t *testing.T) {
	for _, c := range []struct {
		scores []int
		want   string
	}{
		{nil, "0"},
		{[]int{4}, "4"},
		{[]int{5, 2}, "3.5"},
		{[]int{5, 4, 4}, "4.3"},
	} {
		var cards []Scorecard
		for _, s := range c.scores {
			cards = append(cards, Scorecard{Score: s})
		}
		if got := Average(cards).String(); got != c.want {
			t.Errorf("Average(%v) = %s, want %s", c.scores, got, c.want)
		}
	}
}

// A reminder whose time has come when the interview is picked or moved
// is not owed: the candidate has just heard of it.
func TestArmReminders(t *testing.T) {
	start := time.Date(2026, 12, 5, 14, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		before    time.Duration
		day, hour bool // marked as not owed
	}{
		{48 * time.Hour, false, false},
		{24 * time.Hour, true, false},
		{3 * time.Hour, true, false},
		{time.Hour, true, true},
		{10 * time.Minute, true, true},
	} {
		sl := Slot{Start: start, RemindedDayAt: start, RemindedHourAt: start}
		armReminders(&sl, start.Add(-c.before))
		if !sl.RemindedDayAt.IsZero() != c.day || !sl.RemindedHourAt.IsZero() != c.hour {
			t.Errorf("picked %s before: day %v hour %v, want %v %v", c.before, sl.RemindedDayAt, sl.RemindedHourAt, c.day, c.hour)
		}
	}
}
